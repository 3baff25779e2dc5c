"""One case on one sheet: a claim, its neighbours, the miners on it, its forest loss by year, and
the table of its registrations, numbered as on the map.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis import palette
from concession_gis.columns import ConflictType, LocatedBy
from concession_gis.errors import InputError
from concession_gis.export import cartography as carto
from concession_gis.export.case_scale import claim_extent
from concession_gis.export.layout import DEFAULT_DPI, Box, Page, add_axes_mm, case_layout, make_page
from concession_gis.export.legend import draw_legend
from concession_gis.export.mapframe import map_crs, projected_bounds
from concession_gis.export.sheet import MapSheet, case_registrations, draw_map_frame
from concession_gis.export.sheet_text import (
    draw_paragraphs,
    draw_title,
    provenance_lines,
    rule_lines,
    sheet_language,
    source_lines,
)
from concession_gis.export.table_flow import Column, Marker, column_edges, draw_rows, row_height
from concession_gis.export.typography import (
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

# How much room around the claim the case map shows, as a fraction of the claim's size, and the
# least ground it shows; the scale is then the nearest common one (export/case_scale.py).
CASE_PAD = 0.35
CASE_MIN_SPAN_M = 1_500.0


def render_case(results: Results, code: str, lang: str | None = None, page: str = "A4",
                orientation: str = "portrait", dpi: float = DEFAULT_DPI,
                page_label: str | None = None, label_of: Callable[[int], str] | None = None) -> MapSheet:
    """The case page of the claim ``code``, and in ``more`` the pages its registrations table
    runs on to; ``label_of(i)`` labels the case's i-th page (0: the case page), else
    ``page_label`` labels the case page."""
    lang = sheet_language(lang, results)
    claim = find_claim(results, code)
    sheet_page = make_page(page, orientation)
    boxes = case_layout(sheet_page)
    lon0, lat0, lon1, lat1 = claim.geometry.bounds
    crs = map_crs(lon0, lat0, lon1, lat1)
    extent = claim_extent(projected_bounds((lon0, lat0, lon1, lat1), crs), (boxes["map"].w, boxes["map"].h),
                          pad=CASE_PAD, min_span_m=CASE_MIN_SPAN_M)
    fig = sheet_page.figure()
    frame = draw_map_frame(fig, sheet_page, boxes["map"], results, crs, extent, lang, dpi,
                           focus_code=claim["code"], number_hosted_by=claim["code"])
    draw_title(fig, sheet_page, boxes["title"], tr("map.title.case", lang, code=claim["code"], name=claim.get("name") or ""),
               case_subtitle(claim, lang))
    draw_facts(fig, sheet_page, boxes["facts"], claim, lang)
    draw_loss_chart(fig, sheet_page, boxes["chart"], results, claim, lang)
    draw_legend(add_axes_mm(fig, sheet_page, boxes["legend"]), boxes["legend"], frame.legend, lang,
                sheet_page.pt(6.2), sheet_page.k)
    hosted = case_registrations(results.registrations, claim["code"])
    chunks = table_chunks(len(hosted), sheet_page)
    draw_registration_table(fig, sheet_page, boxes["table"], hosted, lang, chunks[0], (1, len(chunks)))
    if label_of is not None:
        page_label = label_of(0)
    blocks: list[tuple[str | None, list[str]]] = [(None, [" · ".join(source_lines(results.summary, lang))]),
              (None, rule_lines(results, lang)[:1] + [" ".join(provenance_lines(results, lang, frame, sheet_page))])]
    notes = boxes["notes"]
    if page_label:
        footer = add_axes_mm(fig, sheet_page, Box(notes.x, notes.y - 6 * sheet_page.k, notes.w, 4 * sheet_page.k))
        footer.text(notes.w, 2 * sheet_page.k, page_label, ha="right", va="center", fontsize=sheet_page.pt(6.5))
    draw_paragraphs(fig, sheet_page, notes, blocks, sheet_page.pt(5.0))
    more = [render_continuation(results, claim, hosted, rows, (i, len(chunks)), lang, sheet_page,
                                label_of(i - 1) if label_of else None)
            for i, rows in enumerate(chunks[1:], start=2)]
    return MapSheet(fig, sheet_page, frame, "case", more)


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
    size = page.pt(6.4)
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
    size = page.pt(6.0)
    ax.set_title(tr("case.loss_chart", lang), fontsize=size * 1.1, fontweight="bold", loc="left")
    by_year = loss_by_year_of(results, claim["code"])
    partial = coverage_note(claim, lang)
    if by_year.empty or not (by_year > 0).any():
        text = loss_statement(claim, lang)
        ax.set_axis_off()
        ax.text(0, 0.75, "\n".join(wrap(text, box.w, size)), transform=ax.transAxes, fontsize=size,
                va="top", color="#444444")
        return
    if partial:
        ax.text(0, -0.28, "\n".join(wrap(partial, box.w, size * 0.95)), transform=ax.transAxes, fontsize=size * 0.95,
                va="top", color="#444444")
    years = by_year.index.to_numpy(dtype=int)
    ax.bar(years, by_year.to_numpy(), width=0.8, color=[palette.loss_year_colour(y) for y in years],
           edgecolor="#333333", linewidth=0.3)
    filed = claim.get("filed_on")
    if filed is not None and pd.notna(filed) and years.min() <= pd.Timestamp(filed).year <= years.max():
        ax.axvline(pd.Timestamp(filed).year - 0.5, color="#333333", linewidth=0.6, linestyle="--")
    ax.tick_params(labelsize=size * 0.9, length=2, width=0.4)
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


# Below this share of a claim off the rasters (round-off at its edge), a claim counts as covered.
UNCOVERED_TOLERANCE = 0.005


def uncovered_share(claim: pd.Series) -> float | None:
    """The share of the claim on no valid pixel of the loss rasters; None when it was not measured
    (no raster given, or a results file from before coverage was recorded)."""
    value = pd.to_numeric(pd.Series([claim.get("raster_coverage")]), errors="coerce").iloc[0]
    if pd.isna(value):
        return None
    return float(min(1.0, max(0.0, 1.0 - value)))


def coverage_note(claim: pd.Series, lang: str) -> str | None:
    """"No data for X % of the claim" when the loss rasters cover only part of it, else None."""
    share = uncovered_share(claim)
    if share is None or share <= UNCOVERED_TOLERANCE or share >= 1 - UNCOVERED_TOLERANCE:
        return None
    return tr("case.loss_partial", lang, pct=format_number(100 * share, lang, 0))


def loss_statement(claim: pd.Series, lang: str) -> str:
    """What the rasters say of a claim with no loss on it: no data (for all or part of it), or
    none found on a claim they wholly cover. Never "no loss" for ground they do not cover."""
    partial = coverage_note(claim, lang)
    if partial:
        return f"{partial} {tr('case.no_loss_found_covered', lang)}"
    share = uncovered_share(claim)
    value = claim.get("loss_ha")
    measured = value is not None and not pd.isna(value) and (share is None or share < 1 - UNCOVERED_TOLERANCE)
    return tr("case.no_loss_found" if measured else "case.no_loss", lang)


CASE_TABLE_PT = 6.5


def registration_columns(lang: str, with_score: bool) -> list[Column]:
    """The case table's columns: number, miner, status, relation, conflict type (its symbol
    first, as on the map), and the score where any registration is a candidate."""
    columns = [Column(tr("case.col.number", lang), 0.05, wrap=False, bold=True),
               Column(tr("case.col.miner", lang), 0.31, wrap=False), Column(tr("case.col.status", lang), 0.10, wrap=False),
               Column(tr("case.col.relation", lang), 0.26, wrap=False),
               Column(tr("case.col.conflict", lang), 0.205 if with_score else 0.28, wrap=False, indent=4.0)]
    if with_score:
        columns.append(Column(tr("case.col.score", lang), 0.075, wrap=False))
    return columns


def registration_rows(hosted: gpd.GeoDataFrame, lang: str, with_score: bool) -> list[list[str]]:
    rows = []
    for number, row in enumerate(hosted.itertuples(index=False), start=1):
        cells = [str(number), str(row.miner or ""), tr(f"reg_status.{row.reg_status}", lang),
                 tr(f"relation.{row.relation}", lang), tr(f"conflict_type.{row.conflict_type}", lang)]
        if with_score:
            cells.append(str(int(row.coexistence_score)) if row.coexistence else "–")
        rows.append(cells)
    return rows


def conflict_marker(hosted: gpd.GeoDataFrame, x_of_symbol: float, scale: float = 0.75) -> Marker:
    """Draws each row's map symbol (its conflict type; hollow when placed by declared code)."""
    types = hosted["conflict_type"].tolist()
    declared = (hosted["located_by"] == LocatedBy.DECLARED_CODE).tolist() if "located_by" in hosted else [False] * len(hosted)

    def draw(ax, index: int, _x: float, y: float) -> None:
        style = carto.CONFLICT_TYPE.get(types[index], carto.CONFLICT_TYPE[ConflictType.NO_CONCESSION])
        hollow = bool(declared[index])  # hollow, as on the map: a point on the claim it declares
        ax.scatter([x_of_symbol], [y], s=(style.size * scale) ** 2, c="none" if hollow else style.colour,
                   marker=carto.MATPLOTLIB_MARKER[style.shape], edgecolors=style.colour if hollow else style.edge,
                   linewidths=carto.HOLLOW_EDGE_PT * scale if hollow else 0.4)
    return draw


def _with_score(hosted: gpd.GeoDataFrame) -> bool:
    return bool(hosted["coexistence"].fillna(False).astype(bool).any()) if "coexistence" in hosted else False


def table_chunks(n_rows: int, page: Page) -> list[range]:
    """The rows of each page of a case table: as many as the case page's table holds, then as
    many as a continuation page holds, until every row has its page."""
    first_h, more_h = case_layout(page)["table"].h, continuation_box(page).h
    chunks: list[range] = []
    start = 0
    for height in [first_h] + [more_h] * n_rows:
        if start >= n_rows and chunks:
            break
        fit = _rows_fitting(height - line_height_mm(CASE_TABLE_PT * 1.1, 1.7), page.pt(CASE_TABLE_PT))
        chunks.append(range(start, min(n_rows, start + fit)))
        start += fit
    return chunks


def _rows_fitting(height: float, size: float) -> int:
    return max(1, int((height - row_height(1, size)) // row_height(1, size)) - 1)


def continuation_box(page: Page) -> Box:
    """Where a continuation page's table goes: under its title band, above the page label."""
    k = page.k
    margin, title_h = 10 * k, 19 * k
    return Box(margin, margin + 8 * k, page.width_mm - 2 * margin, page.height_mm - 2 * margin - title_h - 10 * k)


def draw_registration_table(fig, page: Page, box: Box, hosted: gpd.GeoDataFrame, lang: str,
                            rows: range | None = None, of_pages: tuple[int, int] | None = None) -> None:
    """The registrations on the claim, numbered as on the map, with relation and conflict type:
    the ``rows`` given (all by default), and under them where the table goes on."""
    ax = add_axes_mm(fig, page, box)
    size = page.pt(CASE_TABLE_PT)
    title_size = size * 1.1
    title = f"{tr('case.registrations', lang)} ({len(hosted)})"
    if of_pages and of_pages[1] > 1:
        title += " · " + tr("case.table_part", lang, part=of_pages[0], parts=of_pages[1])
    ax.text(0, box.h, title, fontsize=title_size, fontweight="bold", va="top")
    if hosted.empty:
        ax.text(0, box.h - line_height_mm(title_size, 1.8), tr("case.no_registrations", lang), fontsize=size, va="top")
        return
    rows = rows if rows is not None else range(len(hosted))
    with_score = _with_score(hosted)
    columns = registration_columns(lang, with_score)
    edges = column_edges(columns, box.w)
    _, y = draw_rows(ax, box.h - line_height_mm(title_size, 1.7), -1e9, box.w,
                     columns, registration_rows(hosted, lang, with_score)[: rows.stop], size, first=rows.start,
                     marker=conflict_marker(hosted, edges[4] + 2.0 * page.k))
    if rows.stop < len(hosted):
        ax.text(0, y - line_height_mm(size, 1.2), tr("case.table_continues", lang, first=rows.stop + 1, last=len(hosted)),
                fontsize=size, va="top", fontstyle="italic")


def render_continuation(results: Results, claim: pd.Series, hosted: gpd.GeoDataFrame, rows: range,
                        part: tuple[int, int], lang: str, page: Page, page_label: str | None = None):
    """A page that carries the case table on: the case's title, then the rows ``rows``."""
    fig = page.figure()
    k = page.k
    margin = 10 * k
    draw_title(fig, page, Box(margin, page.height_mm - margin - 19 * k, page.width_mm - 2 * margin, 19 * k),
               tr("map.title.case", lang, code=claim["code"], name=claim.get("name") or ""), case_subtitle(claim, lang))
    draw_registration_table(fig, page, continuation_box(page), hosted, lang, rows, part)
    if page_label:
        footer = add_axes_mm(fig, page, Box(margin, margin, page.width_mm - 2 * margin, 5 * k))
        footer.text(page.width_mm - 2 * margin, 2.5 * k, page_label, ha="right", va="center", fontsize=page.pt(6.5))
    return fig


def _band(x, y, w, h, colour):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=colour, edgecolor="none")


def _place(claim: pd.Series) -> str:
    parts = [claim.get(c) for c in ("department", "province", "district")]
    return ", ".join(title_case(p) for p in parts if isinstance(p, str) and p.strip())
