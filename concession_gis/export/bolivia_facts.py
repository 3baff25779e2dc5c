"""What a case page and a dossier say of one Bolivian mining area (issue 20): its facts in
Bolivian terms (actor, right, state, cuadrículas, grant, idleness, lease to a private firm,
reversion and its rank) and the dossier's Bolivian sections (the work sites on it, its
reversion, the holder's other areas). Peru's equivalents are in case_page and dossier_pages.
"""

from __future__ import annotations

import pandas as pd

from concession_gis.export.table_words import sheet_words
from concession_gis.export.typography import format_number, title_case
from concession_gis.i18n import tr
from concession_gis.io.values import is_missing
from concession_gis.model import Results
from concession_gis.reasons import render


def area_subtitle(area: pd.Series, lang: str) -> str:
    """Holder · actor type · state · hectares · municipality, province, department."""
    parts = [str(area.get("holder") or ""), sheet_words("actor_type", area.get("actor_type"), lang),
             sheet_words("area_state", area.get("area_state"), lang), f"{format_number(area.get('area_ha'), lang, 0)} ha",
             area_place(area)]
    return " · ".join(p for p in parts if p and p != "–")


def area_place(area: pd.Series) -> str:
    parts = [area.get(c) for c in ("municipality", "province", "department")]
    return ", ".join(title_case(p) for p in parts if isinstance(p, str) and p.strip())


def area_fact_lines(area: pd.Series, lang: str, brief: bool = False) -> list[tuple[str, str]]:
    """The area's facts as (label, value), in Bolivian terms. ``brief`` (a case page): without
    the reasons of idleness and reversion (the page's notes state the criteria, the dossier the
    reasons), the work-site count (the page's table lists them) and the place (its subtitle)."""
    granted = "–" if is_missing(area.get("grant_year")) else str(int(area["grant_year"]))
    if granted != "–" and not is_missing(area.get("years_since_granted")):
        granted += f" ({tr('case.years', lang, n=int(area['years_since_granted']))})"
    idle = area.get("idle")
    idle_text = tr("case.idle_unknown", lang) if is_missing(idle) else tr("case.yes" if bool(idle) else "case.no", lang)
    why = render(area.get("idle_reason_codes"), lang)
    grids = area.get("grids")
    grid_text = "–" if is_missing(grids) else tr("case.grids_value", lang, n=format_number(grids, lang, 0),
                                               declared=format_number(area.get("grid_ha"), lang, 1),
                                               measured=format_number(area.get("area_ha"), lang, 1))
    leased = area.get("leased_to_private")
    leased_text = (tr("case.leased_value", lang, type=sheet_words("contract_type", area.get("contract_type"), lang).lower(),
                      partner=str(area.get("partner") or "–"))
                   if not is_missing(leased) and bool(leased) else tr("case.no", lang))
    if brief:
        why = ""
    lines = [
        (tr("case.holder", lang), str(area.get("holder") or "–")),
        (tr("case.actor_type", lang), sheet_words("actor_type", area.get("actor_type"), lang)),
        (tr("case.right_type", lang), sheet_words("right_type", area.get("right_type"), lang)),
        (tr("case.area_state", lang), sheet_words("area_state", area.get("area_state"), lang)),
        (tr("case.measured", lang), f"{format_number(area.get('area_ha'), lang, 1)} ha"),
        (tr("case.grids", lang), grid_text),
        (tr("case.granted", lang), granted),
        (tr("case.idle", lang), f"{idle_text}: {why}" if why else idle_text),
        (tr("case.leased", lang), leased_text),
        (tr("case.reversion", lang), reversion_text(area, lang, brief)),
    ]
    if brief:
        return lines
    return [*lines,
        (tr("case.work_sites_count", lang), tr("case.sites_value", lang, n=format_number(area.get("n_work_sites") or 0, lang, 0),
                                               private=format_number(area.get("n_private_sites") or 0, lang, 0),
                                               cooperative=format_number(area.get("n_cooperative_sites") or 0, lang, 0))),
        (tr("case.place", lang), area_place(area) or "–"),
    ]


def reversion_text(area: pd.Series, lang: str, brief: bool = False) -> str:
    """'sí, n.º 2: <why>' for a candidate ('sí, n.º 2' when ``brief``), else 'no'."""
    candidate = area.get("reversion_candidate")
    if is_missing(candidate) or not bool(candidate):
        return tr("case.no", lang)
    rank = "–" if is_missing(area.get("reversion_rank")) else str(int(area["reversion_rank"]))
    if brief:
        return tr("case.reversion_rank", lang, rank=rank)
    return tr("case.reversion_value", lang, rank=rank, why=render(area.get("reversion_reason_codes"), lang) or "–")


def reversion_statement(results: Results, area: pd.Series, lang: str) -> str:
    """Whether the area is a reversion candidate, its rank among all and why; or why not."""
    candidate = area.get("reversion_candidate")
    if not is_missing(candidate) and bool(candidate):
        areas = results.concessions
        n = int(areas["reversion_candidate"].fillna(False).astype(bool).sum())
        rank = area.get("reversion_rank")
        return tr("dossier.reversion_yes", lang, rank="–" if is_missing(rank) else str(int(rank)), n=n,
                  why=render(area.get("reversion_reason_codes"), lang) or "–")
    if area.get("actor_type") != "cooperative":
        why = tr("dossier.reversion_not_cooperative", lang,
                 actor=sheet_words("actor_type", area.get("actor_type"), lang).lower())
    else:
        why = tr("dossier.reversion_not_idle", lang)
    return tr("dossier.reversion_no", lang, why=why)
