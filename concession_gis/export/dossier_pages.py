"""The pages of a case dossier: the map page, then sections that flow over as many pages as
they need (every registration, the holder's portfolio, overlaps, contracts, plants, the
timeline, raster coverage).

:class:`Flow` lays blocks top-down on A4 pages and starts a new page where one does not fit;
tables carry on with their heading repeated (:mod:`concession_gis.export.table_flow`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from concession_gis.columns import LocatedBy, Relation
from concession_gis.export.bolivia_facts import area_fact_lines, reversion_statement
from concession_gis.export.case_page import case_notes, case_subtitle, idle_word, loss_by_year_of
from concession_gis.export.case_scale import claim_extent
from concession_gis.export.case_table import conflict_marker
from concession_gis.export.layout import Box, Page, add_axes_mm
from concession_gis.export.legend import draw_legend
from concession_gis.export.locator import draw_locator
from concession_gis.export.loss_coverage import (
    UNCOVERED_TOLERANCE,
    coverage_note,
    loss_statement,
    uncovered_share,
)
from concession_gis.export.loss_layer import loss_sources
from concession_gis.export.map_theme import MapTheme, theme_of
from concession_gis.export.mapframe import map_crs, projected_bounds, to_lonlat
from concession_gis.export.sheet import FrameReport, case_registrations, draw_map_frame
from concession_gis.export.sheet_text import (
    draw_paragraphs,
    draw_title,
    paragraphs_height,
)
from concession_gis.export.table_flow import (
    Column,
    Marker,
    column_edges,
    draw_rows,
    full_row_height,
    header_height,
)
from concession_gis.export.table_words import sheet_words
from concession_gis.export.timeline import draw_timeline, production_rows, production_text
from concession_gis.export.typography import (
    format_number,
    line_height_mm,
    text_width_mm,
    title_case,
    wrap,
)
from concession_gis.i18n import format_date, tr
from concession_gis.io.values import is_missing
from concession_gis.model import Results
from concession_gis.reasons import render

BODY_PT = 7.0  # no dossier text is smaller than 6.5 pt
MARGIN_MM = 12.0  # page numbers and text stay well inside a printer's unprintable edge
# Room around the claim on the dossier map (a fraction of its size on each side).
DOSSIER_PAD = 0.25


def _yes_no(value, lang: str) -> str:
    return "–" if is_missing(value) else tr("case.yes" if bool(value) else "case.no", lang)


def _date(value, lang: str) -> str:
    stamp = pd.to_datetime(pd.Series([value], dtype=object), errors="coerce").iloc[0]
    return "–" if pd.isna(stamp) else format_date(stamp.to_pydatetime(), lang)


# --- page 1 -------------------------------------------------------------------------------------

def map_page(results: Results, claim: pd.Series, lang: str, page: Page, dpi: float) -> tuple[Figure, FrameReport]:
    """Title, the map at a scale chosen from the claim's size with every registration on it
    numbered, a locator, the claim's facts, the legend, raster coverage, sources."""
    k, W, H = page.k, page.width_mm, page.height_mm
    margin = MARGIN_MM * k
    fig = page.figure()
    title = Box(margin, H - margin - 17 * k, W - 2 * margin, 17 * k)
    draw_title(fig, page, title, tr("dossier.title", lang, code=claim["code"], name=claim.get("name") or ""),
               case_subtitle(claim, lang, theme_of(results)))
    map_box = Box(margin + 9 * k, title.y - 4 * k - 128 * k, W - 2 * margin - 9 * k, 128 * k)
    lon0, lat0, lon1, lat1 = claim.geometry.bounds
    crs = map_crs(lon0, lat0, lon1, lat1)
    extent = claim_extent(projected_bounds((lon0, lat0, lon1, lat1), crs), (map_box.w, map_box.h), pad=DOSSIER_PAD)
    frame = draw_map_frame(fig, page, map_box, results, crs, extent, lang, dpi, focus_code=claim["code"],
                           number_hosted_by=claim["code"])
    row_top = map_box.y - 10 * k
    blocks = [(tr("dossier.coverage", lang), [coverage_statement(results, claim, lang)]),
              *case_notes(results, lang, page, frame.crs, frame.scale, frame.basemap, frame.context)]
    # A run of many files has more sources than 30 mm hold at the smallest type: the notes then
    # take what they need, from the facts above them, rather than run over the page number.
    notes_h = max(30 * k, paragraphs_height(blocks, W - 2 * margin, page.pt(6.5)))
    notes = Box(margin, margin + 6 * k, W - 2 * margin, notes_h)
    side_w = 64 * k
    facts = Box(margin, notes.top + 4 * k, W - 2 * margin - side_w - 5 * k, row_top - notes.top - 4 * k)
    locator = Box(W - margin - side_w, row_top - 30 * k, side_w, 30 * k)
    legend = Box(locator.x, notes.top + 4 * k, side_w, locator.y - 4 * k - notes.top - 4 * k)
    draw_facts(fig, page, facts, results, claim, lang)
    draw_locator(fig.add_axes(page.rect(locator)), _lonlat_of(frame), page.pt(BODY_PT - 0.5))
    draw_legend(add_axes_mm(fig, page, legend), legend, frame.legend, lang, page.pt(BODY_PT), page.k)
    draw_paragraphs(fig, page, notes, blocks, page.pt(BODY_PT), min_fontsize=page.pt(6.5))
    return fig, frame


def _lonlat_of(frame: FrameReport) -> tuple[float, float, float, float]:
    e = frame.extent
    lon, lat = to_lonlat(frame.crs).transform([e.xmin, e.xmax, e.xmin, e.xmax], [e.ymin, e.ymin, e.ymax, e.ymax])
    return min(lon), min(lat), max(lon), max(lat)


def fact_lines(results: Results, claim: pd.Series, lang: str) -> list[tuple[str, str]]:
    """The claim's legal facts as (label, value): state, areas located and declared, filing,
    holder, stratum, idle and why, overlaps, place, production, plants; a Bolivian area's in
    Bolivian terms (:func:`~concession_gis.export.bolivia_facts.area_fact_lines`)."""
    if theme_of(results).country == "bo":
        return area_fact_lines(claim, lang)
    state = sheet_words("legal_state", claim.get("legal_state") or "other", lang)
    filed = _date(claim.get("filed_on"), lang)
    if filed != "–" and not is_missing(claim.get("years_since_filed")):
        filed += f" ({tr('dossier.years_since', lang, n=format_number(claim['years_since_filed'], lang, 0))})"
    idle = idle_word(claim.get("idle"), claim.get("idle_reason_codes"), lang)
    why = render(claim.get("idle_reason_codes"), lang)
    declared = claim.get("declared_ha")
    lines = [
        (tr("dossier.fact.code", lang), str(claim["code"])),
        (tr("case.holder", lang), str(claim.get("holder") or "–")),
        (tr("dossier.fact.holder_type", lang), sheet_words("holder_type", claim.get("holder_type"), lang)),
        (tr("case.stratum", lang), sheet_words("stratum", claim.get("stratum"), lang)),
        (tr("case.legal_state", lang), f"{state} ({claim.get('status_code') or '–'})"),
        (tr("dossier.fact.area", lang), f"{format_number(claim.get('area_ha'), lang, 2)} ha"),
        (tr("dossier.fact.declared", lang), "–" if is_missing(declared) else f"{format_number(declared, lang, 2)} ha"),
        (tr("case.filed", lang), filed),
        (tr("case.idle", lang), f"{idle}: {why}" if why else idle),
        (tr("dossier.fact.overlap", lang), f"{format_number(claim.get('overlap_ha') or 0, lang, 2)} ha"),
        (tr("dossier.fact.registrations", lang), tr("dossier.fact.registrations_value", lang,
                                                    n=format_number(claim.get("n_registrations") or 0, lang, 0),
                                                    active=format_number(claim.get("n_active_registrations") or 0, lang, 0))),
        (tr("dossier.fact.production", lang), "–" if is_missing(claim.get("last_production_year"))
         else str(int(claim["last_production_year"]))),
        (tr("case.place", lang), ", ".join(title_case(claim.get(c)) for c in ("department", "province", "district")
                                           if isinstance(claim.get(c), str) and claim.get(c).strip()) or "–"),
    ]
    return lines


def draw_facts(fig: Figure, page: Page, box: Box, results: Results, claim: pd.Series, lang: str) -> None:
    ax = add_axes_mm(fig, page, box)
    lines = fact_lines(results, claim, lang)
    size = page.pt(BODY_PT)
    while True:  # the facts are all shown: long reasons shrink the type, never below 6.5 pt
        key_w = max(text_width_mm(k, size, "bold") for k, _ in lines) + 2 * page.k
        laid = [(key, wrap(value, box.w - key_w, size)) for key, value in lines]
        needed = sum(line_height_mm(size, 1.22) * (len(p) + 0.2) for _, p in laid)
        if needed <= box.h or size <= page.pt(6.5):
            break
        size = max(page.pt(6.5), size * 0.95)
    y = box.h
    line_h = line_height_mm(size, 1.22)
    for key, pieces in laid:
        ax.text(0, y, key, fontsize=size, fontweight="bold", va="top")
        for piece in pieces:
            ax.text(key_w, y, piece, fontsize=size, va="top")
            y -= line_h
        y -= line_h * 0.2


def coverage_statement(results: Results, claim: pd.Series, lang: str) -> str:
    """How much of the claim the loss rasters cover, in words; and, without loss, what that means."""
    share = uncovered_share(claim)
    given = bool(loss_sources(results.summary)) or share is not None
    if not given:
        return tr("dossier.coverage_none_given", lang)
    if share is None or share >= 1 - UNCOVERED_TOLERANCE:
        return tr("dossier.coverage_zero", lang)
    by_year = loss_by_year_of(results, claim["code"])
    has_loss = bool(len(by_year)) and bool((by_year > 0).any())
    if share > UNCOVERED_TOLERANCE:
        partial = coverage_note(claim, lang) or ""
        return partial if has_loss else loss_statement(claim, lang)
    covered = tr("dossier.coverage_full", lang)
    return covered if has_loss else f"{covered} {loss_statement(claim, lang)}"


# --- the flowing sections -----------------------------------------------------------------------

class Flow:
    """Blocks laid top-down on pages of ``page``'s size; a block that does not fit starts a page."""

    def __init__(self, page: Page, running_head: str):
        self.page, self.running_head = page, running_head
        k = page.k
        margin = MARGIN_MM * k
        self.box = Box(margin, margin + 8 * k, page.width_mm - 2 * margin, page.height_mm - 2 * margin - 16 * k)
        self.figures: list[Figure] = []
        self.ax: Any = None
        self.y = 0.0
        self.size = page.pt(BODY_PT)

    def new_page(self) -> None:
        fig = self.page.figure()
        head = add_axes_mm(fig, self.page, Box(self.box.x, self.box.top + 3 * self.page.k, self.box.w, 6 * self.page.k))
        head.text(0, 0.5 * self.page.k, self.running_head, fontsize=self.size, color="#444444", va="bottom")
        head.plot([0, self.box.w], [0, 0], color="#999999", linewidth=0.4)
        self.figures.append(fig)
        self.ax = add_axes_mm(fig, self.page, self.box)
        self.y = self.box.h

    def need(self, height: float) -> None:
        if self.ax is None or self.y - height < 0:
            self.new_page()

    def heading(self, text: str, after: float = 12.0) -> None:
        """A section heading, kept with ``after`` millimetres of what follows it."""
        size = self.page.pt(10.0)
        h = line_height_mm(size, 1.6)
        self.need(h + after * self.page.k)
        if self.y < self.box.h:
            self.y -= 3 * self.page.k
        self.ax.text(0, self.y, text, fontsize=size, fontweight="bold", va="top")
        self.y -= h

    def paragraph(self, text: str) -> None:
        line_h = line_height_mm(self.size, 1.3)
        for line in wrap(text, self.box.w, self.size):
            self.need(line_h)
            self.ax.text(0, self.y, line, fontsize=self.size, va="top")
            self.y -= line_h
        self.y -= line_h * 0.4

    def table(self, columns: list[Column], rows: list[list[str]], marker: Marker | None = None,
              details: list[str] | None = None) -> None:
        """Every row, over as many pages as it takes, the heading row repeated on each."""
        first = 0
        edges = column_edges(columns, self.box.w)
        while first < len(rows):
            first_h = full_row_height(rows[first], details[first] if details else "", columns, edges, self.size)
            self.need(header_height(columns, self.box.w, self.size) + first_h)
            first, self.y = draw_rows(self.ax, self.y, 0.0, self.box.w, columns, rows, self.size, first, marker, details)
            if first < len(rows):
                self.new_page()
        self.y -= line_height_mm(self.size, 0.8)

    def block(self, height: float, draw: Callable[[Figure, Box], None]) -> None:
        """A drawing (a chart) of ``height`` millimetres, the page's width."""
        self.need(height)
        fig = self.figures[-1]
        draw(fig, Box(self.box.x, self.box.y + self.y - height, self.box.w, height))
        self.y -= height


def work_site_section(flow: Flow, hosted: gpd.GeoDataFrame, lang: str, theme: MapTheme) -> None:
    """Bolivia's work sites on the area, numbered as on the map: operator and its actor type,
    relation to the area, conflict type, contract, protected area."""
    flow.heading(f"{tr('case.work_sites', lang)} ({len(hosted)})")
    if hosted.empty:
        flow.paragraph(tr("case.no_work_sites", lang))
        return
    columns = [Column(tr("case.col.number", lang), 0.05, bold=True), Column(tr("dossier.col.site", lang), 0.11),
               Column(tr("case.col.operator", lang), 0.24), Column(tr("case.actor_type", lang), 0.11),
               Column(tr("case.col.site_relation", lang), 0.18), Column(tr("case.col.conflict", lang), 0.19, indent=3.5),
               Column(tr("dossier.col.restricted", lang), 0.12)]
    rows = []
    for number, row in enumerate(hosted.itertuples(index=False), start=1):
        rows.append([str(number), str(row.reg_id), str(getattr(row, "operator", "") or ""),
                     sheet_words("actor_type", getattr(row, "operator_type", None), lang),
                     sheet_words("site_relation", row.relation, lang), sheet_words("site_conflict", row.conflict_type, lang),
                     str(getattr(row, "restricted_name", "") or "–")])
    edges = column_edges(columns, flow.box.w)
    flow.paragraph(tr("dossier.work_sites_note", lang))
    flow.table(columns, rows, conflict_marker(hosted, edges[5] + 1.8 * flow.page.k, scale=0.7, theme=theme))


@dataclass(frozen=True)
class Portfolio:
    """What a country's dossier says of the holder's other claims: its message keys and its
    table's columns, each a heading key, a share of the width and the cell it writes."""

    heading: str
    summary: str
    none: str
    columns: tuple[tuple[str, float, Callable[[pd.Series, str], str]], ...]
    # The summary's stratum (Peru's holders have one) and total from the claim's own columns.
    stratum: bool = False
    total_column: str | None = None


def _idle_cell(row: pd.Series, lang: str) -> str:
    return idle_word(row.get("idle"), row.get("idle_reason_codes"), lang)


_CODE_NAME = (("dossier.col.code", 0.13, lambda r, lang: str(r["code"])),
              ("dossier.col.name", 0.27, lambda r, lang: str(r.get("name") or "")))
_AREA = ("dossier.col.area", 0.13, lambda r, lang: format_number(r.get("area_ha"), lang, 2))

PERU_PORTFOLIO = Portfolio(
    "dossier.portfolio", "dossier.portfolio_summary", "dossier.portfolio_none",
    (*_CODE_NAME, ("case.legal_state", 0.14, lambda r, lang: sheet_words("legal_state", r.get("legal_state"), lang)), _AREA,
     ("case.idle", 0.17, _idle_cell),
     ("dossier.col.registrations", 0.16, lambda r, lang: format_number(r.get("n_registrations") or 0, lang, 0))),
    stratum=True, total_column="holder_total_ha")

BOLIVIA_PORTFOLIO = Portfolio(
    "dossier.area_portfolio", "dossier.area_portfolio_summary", "dossier.area_portfolio_none",
    (*_CODE_NAME, ("case.area_state", 0.14, lambda r, lang: sheet_words("area_state", r.get("area_state"), lang)), _AREA,
     ("case.idle", 0.13, _idle_cell),
     ("case.reversion", 0.20, lambda r, lang: _yes_no(r.get("reversion_candidate"), lang))))


def portfolio_section(flow: Flow, results: Results, claim: pd.Series, lang: str,
                      country: Portfolio = PERU_PORTFOLIO) -> None:
    """The holder's other claims (Bolivia's areas), in ``country``'s columns: how many and how
    many hectares the holder has, then a row for each other one, by code."""
    holder = str(claim.get("holder") or "")
    conc = results.concessions
    own = conc.loc[conc["holder"].fillna("").astype(str).str.strip().str.upper() == holder.strip().upper()] if holder else conc.iloc[:0]
    others = own.loc[own["code"].astype(str) != str(claim["code"])].sort_values("code", kind="stable")
    flow.heading(tr(country.heading, lang, holder=holder or "–"))
    total = claim.get(country.total_column) if country.total_column else None
    stratum = {"stratum": sheet_words("stratum", claim.get("stratum"), lang)} if country.stratum else {}
    flow.paragraph(tr(country.summary, lang, n=format_number(len(own), lang, 0),
                      ha=format_number(total if not is_missing(total) else own["area_ha"].sum(), lang, 2), **stratum))
    if others.empty:
        flow.paragraph(tr(country.none, lang))
        return
    columns = [Column(tr(key, lang), share) for key, share, _ in country.columns]
    flow.table(columns, [[cell(r, lang) for _, _, cell in country.columns] for _, r in others.iterrows()])


def bolivian_pages(results: Results, area: pd.Series, lang: str, page: Page) -> list[Figure]:
    """A Bolivian area's sections after the map page: its work sites, its reversion, the
    holder's other areas, the forest loss's coverage."""
    theme = theme_of(results)
    hosted = case_registrations(results.registrations, area["code"], theme)
    flow = Flow(page, tr("dossier.running_head", lang, code=area["code"], name=area.get("name") or ""))
    work_site_section(flow, hosted, lang, theme)
    flow.heading(tr("dossier.reversion", lang), after=6.0)
    flow.paragraph(reversion_statement(results, area, lang))
    portfolio_section(flow, results, area, lang, BOLIVIA_PORTFOLIO)
    flow.heading(tr("dossier.coverage", lang), after=6.0)
    flow.paragraph(coverage_statement(results, area, lang))
    return flow.figures


def registration_section(flow: Flow, hosted: gpd.GeoDataFrame, lang: str) -> None:
    flow.heading(f"{tr('case.registrations', lang)} ({len(hosted)})")
    if hosted.empty:
        flow.paragraph(tr("case.no_registrations", lang))
        return
    columns = [Column(tr("case.col.number", lang), 0.05, bold=True), Column(tr("dossier.col.id", lang), 0.11),
               Column(tr("case.col.miner", lang), 0.25), Column(tr("case.col.status", lang), 0.10),
               Column(tr("dossier.col.relation", lang), 0.18), Column(tr("case.col.conflict", lang), 0.18, indent=3.5),
               Column(tr("dossier.col.legal_status", lang), 0.13)]
    rows, details = [], []
    for number, row in enumerate(hosted.itertuples(index=False), start=1):
        rows.append([str(number), str(row.reg_id), str(row.miner or ""), sheet_words("reg_status", row.reg_status, lang),
                     sheet_words("relation", row.relation, lang), sheet_words("conflict_type", row.conflict_type, lang),
                     sheet_words("legal_status", getattr(row, "legal_status", None), lang)])
        details.append(" ".join(t if t.endswith(".") else f"{t}."
                                for t in (candidate_text(row, lang), declared_text(row, lang)) if t))
    edges = column_edges(columns, flow.box.w)
    flow.paragraph(tr("dossier.registrations_note", lang))
    flow.table(columns, rows, conflict_marker(hosted, edges[5] + 1.8 * flow.page.k, scale=0.7), details)


def candidate_text(row, lang: str) -> str:
    """Whether the registration is a coexistence candidate, and why (its reason codes in words)."""
    why = render(getattr(row, "coexistence_reason_codes", None), lang)
    if not is_missing(getattr(row, "coexistence", None)) and bool(row.coexistence):
        return tr("dossier.candidate_yes", lang, why=why or "–")
    if why:  # the reasons say "not a candidate: ..." themselves
        return why[:1].upper() + why[1:]
    return tr("dossier.candidate_no", lang,
              why=tr("dossier.not_candidate_relation", lang, relation=sheet_words("relation", row.relation, lang).lower()))


def declared_text(row, lang: str) -> str:
    """The claim the miner declared in REINFO beside the one the point lies on: another claim, or
    this one where the point was placed by that code (no coordinates)."""
    declared = getattr(row, "declared_code", None)
    if getattr(row, "located_by", None) == LocatedBy.DECLARED_CODE:
        return tr("dossier.placed_by_code", lang, code=str(declared or "–"))
    match = getattr(row, "declared_code_match", None)
    if not is_missing(declared) and str(declared).strip() and not is_missing(match) and not bool(match):
        return tr("dossier.declared_other", lang, code=str(declared))
    return ""


def overlap_section(flow: Flow, results: Results, claim: pd.Series, lang: str) -> None:
    flow.heading(tr("dossier.overlaps", lang))
    code = str(claim["code"])
    table = results.concession_overlaps
    if table is None or table.empty or "code_a" not in table:
        flow.paragraph(tr("dossier.overlaps_none", lang))
        return
    mine = table.loc[(table["code_a"].astype(str) == code) | (table["code_b"].astype(str) == code)]
    if mine.empty:
        flow.paragraph(tr("dossier.overlaps_none", lang))
        return
    conc = results.concessions.set_index(results.concessions["code"].astype(str))
    columns = [Column(tr("dossier.col.other", lang), 0.30), Column(tr("case.holder", lang), 0.24),
               Column(tr("case.legal_state", lang), 0.12), Column(tr("dossier.col.overlap_ha", lang), 0.12),
               Column(tr("dossier.col.senior", lang), 0.22)]
    rows = []
    for _, r in mine.iterrows():
        other = str(r["code_b"] if str(r["code_a"]) == code else r["code_a"])
        facts = conc.loc[other] if other in conc.index else pd.Series(dtype=object)
        if isinstance(facts, pd.DataFrame):
            facts = facts.iloc[0]
        senior = str(r.get("senior_code") or "")
        # Filed first is a fact; an extinct claim's filing gives it no title now, which the
        # reader must see beside it (it read as "senior title" for an extinct claim).
        which = "this" if senior == code else "other"
        extinct = senior in conc.index and "extinct" in set(conc.loc[[senior], "legal_state"].astype(str))
        senior_text = "–" if not senior else tr(f"dossier.senior_{which}{'_extinct' if extinct else ''}", lang, code=senior)
        rows.append([f"{other} {facts.get('name') or ''}".strip(), str(facts.get("holder") or "–"),
                     sheet_words("legal_state", facts.get("legal_state"), lang), format_number(r.get("overlap_ha"), lang, 2),
                     senior_text])
    flow.table(columns, rows)


def contract_section(flow: Flow, hosted: gpd.GeoDataFrame, lang: str) -> None:
    flow.heading(tr("dossier.contracts", lang))
    numbered = hosted.assign(_number=np.arange(1, len(hosted) + 1))
    under = numbered.loc[numbered["relation"] == Relation.CONTRACT]
    if under.empty:
        flow.paragraph(tr("dossier.contracts_none", lang))
        return
    columns = [Column(tr("case.col.number", lang), 0.07, bold=True), Column(tr("dossier.col.id", lang), 0.16),
               Column(tr("case.col.miner", lang), 0.37), Column(tr("dossier.col.ruc", lang), 0.18),
               Column(tr("case.col.status", lang), 0.22)]
    rows = [[str(r["_number"]), str(r["reg_id"]), str(r.get("miner") or ""), str(r.get("ruc") or "–"),
             sheet_words("reg_status", r.get("reg_status"), lang)] for _, r in under.iterrows()]
    flow.table(columns, rows)


def plant_section(flow: Flow, claim: pd.Series, lang: str) -> None:
    flow.heading(tr("dossier.plants", lang), after=6.0)
    km = claim.get("plant_km")
    flow.paragraph(tr("dossier.plants_none", lang) if is_missing(km)
                   else tr("dossier.plant_km", lang, km=format_number(km, lang, 1)))


def timeline_section(flow: Flow, results: Results, claim: pd.Series, hosted: gpd.GeoDataFrame, lang: str) -> None:
    flow.heading(tr("dossier.timeline", lang), after=70.0)
    by_year = loss_by_year_of(results, claim["code"])
    declared = production_rows(results.production_by_year, claim["code"])

    def draw(fig: Figure, box: Box) -> None:
        if not draw_timeline(fig, flow.page, box, claim, hosted, by_year, lang, flow.size, declared):
            add_axes_mm(fig, flow.page, box).text(0, box.h, tr("dossier.timeline.none", lang), fontsize=flow.size, va="top")

    flow.block(68 * flow.page.k, draw)
    titled = pd.to_datetime(pd.Series([claim.get("titled_on")], dtype=object), errors="coerce").iloc[0]
    if pd.notna(titled):
        flow.paragraph(tr("dossier.timeline.titled_on", lang, date=format_date(titled.to_pydatetime(), lang)))
    if len(declared):
        flow.paragraph(tr("dossier.timeline.production_years", lang, years=production_text(declared, lang)))
    note = coverage_note(claim, lang)
    if note:
        flow.paragraph(note)


def flowing_pages(results: Results, claim: pd.Series, lang: str, page: Page) -> list[Figure]:
    """The sections after the map page, in order, on as many pages as they take (a Bolivian
    area's: :func:`bolivian_pages`)."""
    if theme_of(results).country == "bo":
        return bolivian_pages(results, claim, lang, page)
    hosted = case_registrations(results.registrations, claim["code"])
    flow = Flow(page, tr("dossier.running_head", lang, code=claim["code"], name=claim.get("name") or ""))
    registration_section(flow, hosted, lang)
    portfolio_section(flow, results, claim, lang)
    overlap_section(flow, results, claim, lang)
    contract_section(flow, hosted, lang)
    plant_section(flow, claim, lang)
    timeline_section(flow, results, claim, hosted, lang)
    return flow.figures


def number_pages(figures: list[Figure], page: Page, lang: str) -> None:
    """'Page i of n' in the lower right corner of every page, inside the margin."""
    k = page.k
    for i, fig in enumerate(figures, start=1):
        ax = add_axes_mm(fig, page, Box(MARGIN_MM * k, MARGIN_MM * k - 2 * k, page.width_mm - 2 * MARGIN_MM * k, 5 * k))
        ax.text(page.width_mm - 2 * MARGIN_MM * k, 0, tr("atlas.page", lang, page=i, pages=len(figures)),
                fontsize=page.pt(BODY_PT), ha="right", va="bottom")
