"""The case table: the registrations hosted by a claim, numbered as on the map, one line each,
with the map's symbol; cut into the rows the case page holds and those of the pages after it.
"""

from __future__ import annotations

import geopandas as gpd

from concession_gis.columns import LocatedBy
from concession_gis.export import cartography as carto
from concession_gis.export.layout import Box, Page, add_axes_mm, case_layout
from concession_gis.export.map_theme import PERU, MapTheme
from concession_gis.export.table_flow import Column, Marker, column_edges, draw_rows, row_height
from concession_gis.export.typography import line_height_mm
from concession_gis.i18n import tr

CASE_TABLE_PT = 6.5


def registration_columns(lang: str, with_score: bool, theme: MapTheme = PERU) -> list[Column]:
    """The case table's columns: number, miner, status, relation, conflict type (its symbol
    first, as on the map), and the score where any registration is a candidate; for Bolivia's
    work sites: number, operator, operator's actor type, relation to the area, conflict type."""
    peru = theme.country == "pe"
    columns = [Column(tr("case.col.number", lang), 0.05, wrap=False, bold=True),
               Column(tr("case.col.miner" if peru else "case.col.operator", lang), 0.31, wrap=False),
               Column(tr("case.col.status" if peru else "case.col.operator_type", lang), 0.10, wrap=False),
               Column(tr("case.col.relation" if peru else "case.col.site_relation", lang), 0.26, wrap=False),
               Column(tr("case.col.conflict", lang), 0.205 if with_score else 0.28, wrap=False, indent=4.0)]
    if with_score:
        columns.append(Column(tr("case.col.score", lang), 0.075, wrap=False))
    return columns


def registration_rows(hosted: gpd.GeoDataFrame, lang: str, with_score: bool, theme: MapTheme = PERU) -> list[list[str]]:
    rows = []
    for number, row in enumerate(hosted.itertuples(index=False), start=1):
        status = getattr(row, theme.status_column, None)
        cells = [str(number), str(row.miner or ""), tr(f"{theme.status_words}.{status}", lang) if status else "–",
                 tr(f"{theme.relation_words}.{row.relation}", lang), tr(f"{theme.point_words}.{row.conflict_type}", lang)]
        if with_score:
            cells.append(str(int(row.coexistence_score)) if row.coexistence else "–")
        rows.append(cells)
    return rows


def conflict_marker(hosted: gpd.GeoDataFrame, x_of_symbol: float, scale: float = 0.75, theme: MapTheme = PERU) -> Marker:
    """Draws each row's map symbol (its conflict type; hollow when placed by declared code)."""
    types = hosted["conflict_type"].tolist()
    declared = (hosted["located_by"] == LocatedBy.DECLARED_CODE).tolist() if "located_by" in hosted else [False] * len(hosted)

    def draw(ax, index: int, _x: float, y: float) -> None:
        style = theme.point_styles.get(types[index], theme.point_styles[theme.no_point_class])
        hollow = bool(declared[index])  # hollow, as on the map: a point on the claim it declares
        ax.scatter([x_of_symbol], [y], s=(style.size * scale) ** 2, c="none" if hollow else style.colour,
                   marker=carto.MATPLOTLIB_MARKER[style.shape], edgecolors=style.colour if hollow else style.edge,
                   linewidths=carto.HOLLOW_EDGE_PT * scale if hollow else 0.4)
    return draw


def _with_score(hosted: gpd.GeoDataFrame) -> bool:
    return bool(hosted["coexistence"].fillna(False).astype(bool).any()) if "coexistence" in hosted else False


def table_chunks(n_rows: int, page: Page, notes_mm: float | None = None) -> list[range]:
    """The rows of each page of a case table: as many as the case page's table holds (under
    notes ``notes_mm`` high, :func:`~.case_page.notes_height`), then as many as a continuation
    page holds, until every row has its page."""
    first_h, more_h = case_layout(page, notes_mm)["table"].h, continuation_box(page).h
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
                            rows: range | None = None, of_pages: tuple[int, int] | None = None,
                            theme: MapTheme = PERU) -> None:
    """The registrations on the claim, numbered as on the map, with relation and conflict type:
    the ``rows`` given (all by default), and under them where the table goes on."""
    ax = add_axes_mm(fig, page, box)
    size = page.pt(CASE_TABLE_PT)
    title_size = size * 1.1
    title = f"{tr('case.registrations' if theme.country == 'pe' else 'case.work_sites', lang)} ({len(hosted)})"
    if of_pages and of_pages[1] > 1:
        title += " · " + tr("case.table_part", lang, part=of_pages[0], parts=of_pages[1])
    ax.text(0, box.h, title, fontsize=title_size, fontweight="bold", va="top")
    if hosted.empty:
        ax.text(0, box.h - line_height_mm(title_size, 1.8),
                tr("case.no_registrations" if theme.country == "pe" else "case.no_work_sites", lang), fontsize=size, va="top")
        return
    rows = rows if rows is not None else range(len(hosted))
    with_score = _with_score(hosted)
    columns = registration_columns(lang, with_score, theme)
    edges = column_edges(columns, box.w)
    _, y = draw_rows(ax, box.h - line_height_mm(title_size, 1.7), -1e9, box.w,
                     columns, registration_rows(hosted, lang, with_score, theme)[: rows.stop], size, first=rows.start,
                     marker=conflict_marker(hosted, edges[4] + 2.0 * page.k, theme=theme))
    if rows.stop < len(hosted):
        ax.text(0, y - line_height_mm(size, 1.2), tr("case.table_continues", lang, first=rows.stop + 1, last=len(hosted)),
                fontsize=size, va="top", fontstyle="italic")
