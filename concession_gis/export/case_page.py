"""One case on one sheet: a claim, its neighbours, the miners on it, its forest loss by year, and
the table of its registrations, numbered as on the map.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis import palette
from concession_gis.columns import ConflictType, LocatedBy
from concession_gis.errors import InputError
from concession_gis.export import cartography as carto
from concession_gis.export.layout import DEFAULT_DPI, Box, Page, add_axes_mm, case_layout, make_page
from concession_gis.export.legend import draw_legend
from concession_gis.export.mapframe import fit_extent, map_crs, projected_bounds
from concession_gis.export.sheet import MapSheet, case_registrations, draw_map_frame
from concession_gis.export.sheet_text import (
    draw_paragraphs,
    draw_title,
    provenance_lines,
    rule_lines,
    sheet_language,
    source_lines,
)
from concession_gis.export.typography import (
    MIN_TEXT_PT,
    MM_PER_PT,
    ellipsize,
    format_number,
    line_height_mm,
    text_width_mm,
    title_case,
    wrap,
)
from concession_gis.i18n import tr
from concession_gis.io.values import code_key
from concession_gis.model import Results
from concession_gis.reasons import render

# How much room around the claim the case map shows, as a fraction of the claim's size.
CASE_PAD = 0.35
CASE_MIN_SPAN_M = 3_000.0


def render_case(results: Results, code: str, lang: str | None = None, page: str = "A4",
                orientation: str = "portrait", dpi: float = DEFAULT_DPI,
                page_label: str | None = None) -> MapSheet:
    """The case page of the claim ``code``."""
    lang = sheet_language(lang, results)
    claim = find_claim(results, code)
    sheet_page = make_page(page, orientation)
    boxes = case_layout(sheet_page)
    lon0, lat0, lon1, lat1 = claim.geometry.bounds
    crs = map_crs(lon0, lat0, lon1, lat1)
    extent = fit_extent(projected_bounds((lon0, lat0, lon1, lat1), crs), boxes["map"].w / boxes["map"].h,
                        pad=CASE_PAD, min_span_m=CASE_MIN_SPAN_M)
    fig = sheet_page.figure()
    frame = draw_map_frame(fig, sheet_page, boxes["map"], results, crs, extent, lang, dpi,
                           focus_code=claim["code"], number_hosted_by=claim["code"])
    draw_title(fig, sheet_page, boxes["title"], tr("map.title.case", lang, code=claim["code"], name=claim.get("name") or ""),
               case_subtitle(claim, lang))
    draw_facts(fig, sheet_page, boxes["facts"], claim, lang)
    draw_loss_chart(fig, sheet_page, boxes["chart"], results, claim, lang)
    draw_legend(add_axes_mm(fig, sheet_page, boxes["legend"]), boxes["legend"], frame.legend, lang,
                sheet_page.pt(MIN_TEXT_PT), sheet_page.k)
    draw_registration_table(fig, sheet_page, boxes["table"], case_registrations(results.registrations, claim["code"]), lang)
    blocks: list[tuple[str | None, list[str]]] = [(None, [" · ".join(source_lines(results.summary, lang))]),
              (None, rule_lines(results, lang)[:1] + [" ".join(provenance_lines(results, lang, frame, sheet_page))])]
    notes = boxes["notes"]
    if page_label:
        footer = boxes["footer"]
        add_axes_mm(fig, sheet_page, footer).text(footer.w, 0, page_label, ha="right", va="bottom",
                                                  fontsize=sheet_page.pt(MIN_TEXT_PT))
    draw_paragraphs(fig, sheet_page, notes, blocks, sheet_page.pt(MIN_TEXT_PT))
    return MapSheet(fig, sheet_page, frame, "case")


def find_claim(results: Results, code: str) -> pd.Series:
    """The claim with ``code``; else the one whose code differs only by leading zeros or
    punctuation (``10370610`` for ``010370610``: spreadsheets drop the zero)."""
    conc = results.concessions
    codes = conc["code"].astype(str)
    matches = conc.loc[codes == str(code).strip()]
    if matches.empty:
        wanted = code_key(pd.Series([str(code)])).iloc[0]
        matches = conc.loc[(code_key(codes) == wanted).to_numpy() & (wanted != "")]
        found = sorted(set(matches["code"].astype(str)))
        if len(found) > 1:
            raise InputError(key="error.ambiguous_case", code=str(code), codes=", ".join(found))
    if matches.empty:
        examples = ", ".join(codes.head(3))
        raise InputError(key="error.unknown_case", code=str(code), examples=examples)
    return matches.iloc[0]


def case_subtitle(claim: pd.Series, lang: str) -> str:
    parts = [str(claim.get("holder") or ""), tr(f"legal_state.{claim.get('legal_state', 'other')}", lang),
             f"{format_number(claim.get('area_ha'), lang, 0)} ha", _place(claim)]
    return " · ".join(p for p in parts if p)


def draw_facts(fig, page: Page, box: Box, claim: pd.Series, lang: str) -> None:
    """The claim's key facts as label: value lines."""
    idle = claim.get("idle")
    if idle is None or idle is pd.NA or (isinstance(idle, float) and np.isnan(idle)):
        idle_text = tr("case.idle_unknown", lang)
    else:
        idle_text = tr("case.yes" if bool(idle) else "case.no", lang)
    why = render(claim.get("idle_reason_codes"), lang)
    if why:
        idle_text += f": {why}"
    filed = claim.get("filed_on")
    filed_text = "" if filed is None or pd.isna(filed) else str(pd.Timestamp(filed).date())
    if filed_text and pd.notna(claim.get("years_since_filed")):
        filed_text += f" ({tr('case.years', lang, n=int(claim['years_since_filed']))})"
    stratum = claim.get("stratum")
    state = tr(f"legal_state.{claim.get('legal_state', 'other')}", lang)
    lines = [
        (tr("case.holder", lang), str(claim.get("holder") or "")),
        (tr("case.legal_state", lang), f"{state} ({claim.get('status_code') or '–'})"),
        (tr("case.area", lang), f"{format_number(claim.get('area_ha'), lang, 1)} ha"),
        (tr("case.filed", lang), filed_text or "–"),
        (tr("case.stratum", lang), tr(f"stratum.{stratum}", lang) if isinstance(stratum, str) and stratum else "–"),
        (tr("case.idle", lang), idle_text),
        (tr("case.overlaps", lang), f"{format_number(claim.get('overlap_ha'), lang, 1)} ha"),
        (tr("case.place", lang), _place(claim) or "–"),
    ]
    ax = add_axes_mm(fig, page, box)
    size = page.pt(MIN_TEXT_PT)
    key_w = max(text_width_mm(k, size, "bold") for k, _ in lines) + 2 * page.k
    y = box.h
    line_h = line_height_mm(size, 1.22)
    for key, value in lines:
        pieces = wrap(value, box.w - key_w, size)
        if y - line_h * len(pieces) < 0:
            pieces = [ellipsize(" ".join(pieces), box.w - key_w, size)]
        ax.text(0, y, key, fontsize=size, fontweight="bold", va="top")
        for piece in pieces:
            ax.text(key_w, y, piece, fontsize=size, va="top")
            y -= line_h
        y -= line_h * 0.2


def draw_loss_chart(fig, page: Page, box: Box, results: Results, claim: pd.Series, lang: str) -> None:
    """Forest loss on the claim per year, bars coloured as on the map; says so when there is none."""
    ax = fig.add_axes(page.rect(box))
    size = page.pt(MIN_TEXT_PT)
    ax.set_title(tr("case.loss_chart", lang), fontsize=size * 1.1, fontweight="bold", loc="left")
    by_year = loss_by_year_of(results, claim["code"])
    if by_year.empty or not (by_year > 0).any():
        key = "case.no_loss_found" if _has_loss_data(results, claim) else "case.no_loss"
        ax.set_axis_off()
        ax.text(0, 0.75, "\n".join(wrap(tr(key, lang), box.w, size)), transform=ax.transAxes, fontsize=size,
                va="top", color="#444444")
        return
    years = by_year.index.to_numpy(dtype=int)
    ax.bar(years, by_year.to_numpy(), width=0.8, color=[palette.loss_year_colour(y) for y in years],
           edgecolor="#333333", linewidth=0.3)
    filed = claim.get("filed_on")
    if filed is not None and pd.notna(filed) and years.min() <= pd.Timestamp(filed).year <= years.max():
        ax.axvline(pd.Timestamp(filed).year - 0.5, color="#333333", linewidth=0.6, linestyle="--")
    ax.tick_params(labelsize=size, length=2, width=0.4)
    ax.set_xlim(years.min() - 0.8, years.max() + 0.8)
    step = max(1, int(np.ceil(len(range(years.min(), years.max() + 1)) / 8)))
    ax.set_xticks(range(int(years.min()), int(years.max()) + 1, step))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.4)
    ax.grid(axis="y", linewidth=0.3, color="#cccccc")
    ax.set_axisbelow(True)


def loss_by_year_of(results: Results, code: str) -> pd.Series:
    """Hectares lost per year on the claim, summed over the loss sources; empty when none."""
    table = results.loss_by_year
    if table is None or table.empty or "code" not in table:
        return pd.Series(dtype=float)
    rows = table.loc[(table["code"].astype(str) == str(code)) & table["year"].notna()]
    return rows.groupby(rows["year"].astype(int))["loss_ha"].sum().sort_index()


def _has_loss_data(results: Results, claim: pd.Series) -> bool:
    value = claim.get("loss_ha")
    return value is not None and not pd.isna(value)


def draw_registration_table(fig, page: Page, box: Box, hosted: gpd.GeoDataFrame, lang: str) -> None:
    """The registrations on the claim, numbered as on the map, with relation and conflict type."""
    ax = add_axes_mm(fig, page, box)
    size = page.pt(MIN_TEXT_PT)
    title_size = size * 1.1
    ax.text(0, box.h, f"{tr('case.registrations', lang)} ({len(hosted)})", fontsize=title_size,
            fontweight="bold", va="top")
    if hosted.empty:
        ax.text(0, box.h - line_height_mm(title_size, 1.8), tr("case.no_registrations", lang), fontsize=size, va="top")
        return
    with_score = bool(hosted["coexistence"].fillna(False).astype(bool).any()) if "coexistence" in hosted else False
    columns = [("case.col.number", 0.05), ("case.col.miner", 0.31), ("case.col.status", 0.10),
               ("case.col.relation", 0.26), ("case.col.conflict", 0.22 if with_score else 0.28)]
    if with_score:
        columns.append(("case.col.score", 0.06))
    xs = np.cumsum([0] + [w * box.w for _, w in columns])
    row_h = line_height_mm(size, 1.55)
    top = box.h - line_height_mm(title_size, 1.7)
    ax.add_patch(_band(0, top - row_h, box.w, row_h, "#e6e6e6"))
    for (key, _), x, right in zip(columns, xs[:-1], xs[1:], strict=True):
        ax.text(x + 1, top - row_h / 2, ellipsize(tr(key, lang), right - x - 2, size, "bold"), fontsize=size,
                fontweight="bold", va="center")
    room = int((top - row_h) // row_h)
    baseline_drop = size * MM_PER_PT * 0.36  # cells share a baseline, so accented capitals do not lift one
    shown = hosted if len(hosted) <= room else hosted.iloc[: max(0, room - 1)]
    for i, (number, row) in enumerate(zip(range(1, len(shown) + 1), shown.itertuples(index=False), strict=True)):
        y = top - row_h * (i + 1.5)
        if i % 2:
            ax.add_patch(_band(0, y - row_h / 2, box.w, row_h, "#f5f5f5"))
        style = carto.CONFLICT_TYPE.get(row.conflict_type, carto.CONFLICT_TYPE[ConflictType.NO_CONCESSION])
        cells = [str(number), str(row.miner or ""), tr(f"reg_status.{row.reg_status}", lang),
                 tr(f"relation.{row.relation}", lang), tr(f"conflict_type.{row.conflict_type}", lang)]
        if with_score:
            cells.append(str(int(row.coexistence_score)) if row.coexistence else "–")
        for c, (text, x, right) in enumerate(zip(cells, xs[:-1], xs[1:], strict=True)):
            indent = 4.0 * page.k if c == 4 else 1.0
            ax.text(x + indent, y - baseline_drop, ellipsize(text, right - x - indent - 1, size), fontsize=size,
                    va="baseline", fontweight="bold" if c == 0 else "normal")
        # Hollow, as on the map, for a registration placed on the claim whose code it declares.
        hollow = getattr(row, "located_by", "") == LocatedBy.DECLARED_CODE
        ax.scatter([xs[4] + 2.0 * page.k], [y], s=(style.size * 0.75) ** 2, c="none" if hollow else style.colour,
                   marker=carto.MATPLOTLIB_MARKER[style.shape], edgecolors=style.colour if hollow else style.edge,
                   linewidths=carto.HOLLOW_EDGE_PT * 0.75 if hollow else 0.4)
    if len(shown) < len(hosted):
        ax.text(1, top - row_h * (len(shown) + 1.5), tr("case.more_rows", lang, n=len(hosted) - len(shown)),
                fontsize=size, va="center", fontstyle="italic")


def _band(x, y, w, h, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="none")


def _place(claim: pd.Series) -> str:
    parts = [claim.get(c) for c in ("department", "province", "district")]
    return ", ".join(title_case(p) for p in parts if isinstance(p, str) and p.strip())
