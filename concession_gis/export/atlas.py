"""The atlas: a cover, an index, and one case page per selected claim, in one PDF.

Claims are selected with ``--where`` conditions. A condition on a registration column selects
the claims hosting the matching registrations (``conflict_type=coexistence_candidate``: the
claims with a coexistence candidate); a condition on a concession column selects claims
directly (``idle=true``). Several conditions must all hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from concession_gis.columns import CODES
from concession_gis.errors import InputError
from concession_gis.export.atlas_pages import (
    Sheets,
    draw_cases,
    draw_in_workers,
    part_files,
    runs,
    worker_count,
)
from concession_gis.export.atomic import atomic_path
from concession_gis.export.case_page import notes_height
from concession_gis.export.case_table import table_chunks
from concession_gis.export.geopdf import GeoPdfPages
from concession_gis.export.layout import Box, Page, add_axes_mm, cover_layout, make_page
from concession_gis.export.legend import draw_legend
from concession_gis.export.mapframe import fit_extent, map_crs, projected_bounds
from concession_gis.export.outputs import refuse_inputs, run_inputs
from concession_gis.export.pdf_merge import merge_pdfs
from concession_gis.export.sheet import draw_map_frame
from concession_gis.export.sheet_text import (
    draw_paragraphs,
    provenance_lines,
    rule_lines,
    sheet_language,
    source_lines,
)
from concession_gis.export.table_words import VALUE_WORDS, code_of, heading, value_words
from concession_gis.export.typography import (
    MIN_TEXT_PT,
    ellipsize,
    line_height_mm,
    print_fonts,
    text_width_mm,
    title_case,
    wrap,
)
from concession_gis.i18n import LANGUAGES, tr
from concession_gis.io.values import fold
from concession_gis.model import Results
from concession_gis.progress import Feedback

ATLAS_DPI = 200
# A column's name, or its heading in words ("Estado de la concesión", with spaces and accents).
_CONDITION = re.compile(r"^\s*([^\W\d][\w ()]*?)\s*(!=|>=|<=|=|>|<)\s*(.*?)\s*$")
TRUE_WORDS, FALSE_WORDS = {"true", "1", "yes", "si", "sí", "t"}, {"false", "0", "no", "f"}


@dataclass(frozen=True)
class Condition:
    column: str
    operator: str
    values: tuple[str, ...]

    def text(self) -> str:
        return f"{self.column} {self.operator} {', '.join(self.values)}"

    def words(self, lang: str) -> str:
        """The condition as a reader of the cover reads it: 'Tipo de conflicto = Candidato a
        convivencia', not 'conflict_type = coexistence_candidate'."""
        values = ", ".join(value_words(self.column, v, lang) for v in self.values)
        return f"{heading(self.column, lang)} {OPERATOR_SIGNS.get(self.operator, self.operator)} {values}"


OPERATOR_SIGNS = {"!=": "≠", ">=": "≥", "<=": "≤"}


@dataclass(frozen=True)
class AtlasReport:
    """What the atlas holds: its file, its page count and the claims in page order."""

    path: Path
    pages: int
    index_pages: int
    codes: list[str]


def parse_where(conditions: list[str] | None) -> list[Condition]:
    """``COLUMN=VALUE[,VALUE...]`` (any of the values), ``!=``, or ``>``, ``>=``, ``<``, ``<=`` numbers."""
    parsed = []
    for text in conditions or []:
        match = _CONDITION.match(text)
        if not match or not match.group(3):
            raise InputError(key="error.where_syntax", condition=text)
        column, operator, values = match.groups()
        parsed.append(Condition(column, operator, tuple(v.strip() for v in values.split(",") if v.strip())))
    return parsed


def select_claims(results: Results, conditions: list[Condition]) -> pd.DataFrame:
    """The claims the conditions select, ordered by department, province, district and code;
    the conditions on columns and codes as the results hold them (:func:`in_codes`)."""
    conc, reg = results.concessions, results.registrations
    keep = pd.Series(True, index=conc.index)
    host_codes: set[str] | None = None
    for condition in conditions:
        if condition.column in conc.columns:
            keep &= _matches(conc[condition.column], condition)
        elif condition.column in reg.columns:
            hits = reg.loc[_matches(reg[condition.column], condition), "host_code"].dropna().astype(str)
            host_codes = set(hits) if host_codes is None else host_codes & set(hits)
        else:
            known = ", ".join(sorted({"legal_state", "idle", "stratum", "district", "conflict_type", "relation",
                                      "reg_status", "coexistence", "mineral"}))
            raise InputError(key="error.where_unknown_column", condition=condition.text(), column=condition.column,
                             known=known)
    if host_codes is not None:
        keep &= conc["code"].astype(str).isin(host_codes)
    chosen = conc.loc[keep]
    order = [c for c in ("department", "province", "district", "code") if c in chosen]
    return chosen.sort_values(order, kind="stable") if order else chosen


def in_codes(results: Results, conditions: list[Condition]) -> list[Condition]:
    """``conditions`` as the results hold them: each on the column it names by its name or by
    its heading in the tables, in either language ("Estado de la concesión", "Legal state"), and
    with the codes its values name in words ("titulada" is ``titled``); case and accents ignored."""
    columns = [*results.concessions.columns, *results.registrations.columns]
    resolved = []
    for condition in conditions:
        if condition.column not in columns:
            wanted = fold(condition.column).strip().lower()
            named = next((str(c) for c in columns
                          if any(fold(heading(str(c), lang)).lower() == wanted for lang in LANGUAGES)), None)
            condition = replace(condition, column=named or condition.column)
        if condition.operator in ("=", "!="):
            condition = replace(condition, values=tuple(_as_code(condition, v) for v in condition.values))
        resolved.append(condition)
    return resolved


def _matches(values: pd.Series, condition: Condition) -> pd.Series:
    if condition.operator in (">", ">=", "<", "<="):
        try:
            limit = float(condition.values[0].replace(",", "."))
        except ValueError:
            raise InputError(key="error.where_needs_number", condition=condition.text(),
                             operator=condition.operator) from None
        numbers = pd.to_numeric(values, errors="coerce")
        result = {">": numbers > limit, ">=": numbers >= limit, "<": numbers < limit, "<=": numbers <= limit}[condition.operator]
        return result.fillna(False).astype(bool)
    wanted = {_normal(v) for v in condition.values}
    found = values.map(_normal).isin(wanted)
    return ~found if condition.operator == "!=" else found


def _as_code(condition: Condition, value: str) -> str:
    """``value`` as the code it names in either language ("titulada" is ``titled``), as it is in
    a column without codes; a word no code of the column has is refused, with the column's codes
    (it matched nothing, and the atlas said no claim met the condition)."""
    if condition.column not in VALUE_WORDS or condition.column == "district":
        return value
    code = code_of(condition.column, value)
    if code is None:
        known = ", ".join(str(c) for c in CODES.get(VALUE_WORDS[condition.column], ()))
        raise InputError(key="error.where_unknown_value", condition=condition.text(), value=value,
                         column=condition.column, known=known)
    return code


def _normal(value) -> str:
    """Values compared as text, case-insensitive; booleans and 1/0 as true/false."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip().lower()
    if isinstance(value, bool | np.bool_) or text in TRUE_WORDS | FALSE_WORDS:
        return "true" if text in TRUE_WORDS else "false"
    return text


def write_atlas(results: Results, out: str | Path, where: list[str] | None = None, lang: str | None = None,
                page: str = "A4", orientation: str = "portrait", dpi: float = ATLAS_DPI,
                feedback: Feedback | None = None, inputs: Sequence[str] = (),
                workers: int | None = None) -> AtlasReport:
    """Cover, index and a case page per selected claim, written as one PDF, which may be none of
    the run's inputs nor ``inputs`` (the results.gpkg read). The case pages are drawn by
    ``workers`` processes (default: one per core for a long atlas; :mod:`atlas_pages`)."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise InputError(key="error.atlas_not_pdf", path=str(out))
    refuse_inputs(out.parent, [out.name], [*run_inputs(results), *inputs])
    lang = sheet_language(lang, results)
    conditions = in_codes(results, parse_where(where))
    claims = select_claims(results, conditions)
    if claims.empty:
        raise InputError(key="error.where_matches_nothing", condition=" ".join(where or []))
    sheet_page = make_page(page, orientation)
    codes = claims["code"].astype(str).tolist()
    # A case whose registrations table runs over takes more than one page.
    hosted = results.registrations["host_code"].astype(str).value_counts() if len(results.registrations) else pd.Series(dtype=int)
    notes_mm = notes_height(results, lang, sheet_page)
    sizes = [len(table_chunks(int(hosted.get(code, 0)), sheet_page, notes_mm)) for code in codes]
    index = paginate_index(claims, sheet_page, sizes)
    index_pages = len(index)
    first_case = 2 + index_pages
    total = 1 + index_pages + sum(sizes)
    if feedback:
        feedback.stage("atlas", total=total)
    cases, number = [], first_case
    for code, size in zip(codes, sizes, strict=True):
        cases.append((code, number))
        number += size
    sheets = Sheets(lang, page, orientation, dpi, total)
    metadata = {"Creator": "concession-gis", "Title": tr("atlas.title", lang)}

    def front(pdf: GeoPdfPages) -> None:
        pdf.savefig(render_cover(results, claims, conditions, lang, sheet_page, dpi, total))
        _advance(feedback)
        for i, lines in enumerate(index):
            pdf.savefig(render_index(lines, lang, sheet_page, 2 + i, total))
            _advance(feedback)

    count = worker_count(len(cases), workers)
    with atomic_path(out) as temporary, print_fonts():
        if count == 1:
            with GeoPdfPages(temporary, metadata) as pdf:
                front(pdf)
                for case in cases:
                    _advance(feedback, draw_cases(pdf, results, [case], sheets))
        else:
            # The parts are named as temporaries of ``out``: those of a killed atlas are stale for
            # the next one, which removes them (export/atomic.py).
            with part_files(out, 1 + len(runs(cases, count))) as (first, *parts):

                def draw_front() -> None:
                    with GeoPdfPages(first, metadata) as pdf:
                        front(pdf)

                draw_in_workers(results, cases, sheets, parts, count, metadata,
                                lambda pages: _advance(feedback, pages), draw_front)
                merge_pdfs([first, *parts], temporary)
    return AtlasReport(out, total, index_pages, codes)


def _advance(feedback: Feedback | None, pages: int = 1) -> None:
    if feedback:
        feedback.advance(pages)


def render_cover(results: Results, claims: pd.DataFrame, conditions: list[Condition], lang: str, page: Page,
                 dpi: float, total_pages: int):
    """Title, the selection, an overview map with the selected claims outlined, and the notes."""
    boxes = cover_layout(page)
    fig = page.figure()
    title = add_axes_mm(fig, page, boxes["title"])
    selection = "; ".join(c.words(lang) for c in conditions) if conditions else ""
    title.text(0, boxes["title"].h - 2, tr("atlas.title", lang), fontsize=page.pt(26), fontweight="bold", va="top")
    subtitle = tr("atlas.selection", lang, where=selection) if selection else tr("atlas.all", lang)
    size = page.pt(11)
    y = boxes["title"].h - 2 - line_height_mm(page.pt(26), 1.5)
    for line in [*wrap(subtitle, boxes["title"].w, size), tr("atlas.n_cases", lang, n=len(claims))]:
        title.text(0, y, line, fontsize=size, va="top", color="#333333")
        y -= line_height_mm(size, 1.35)
    lon0, lat0, lon1, lat1 = claims.total_bounds
    crs = map_crs(lon0, lat0, lon1, lat1)
    map_box = boxes["map"]
    extent = fit_extent(projected_bounds((lon0, lat0, lon1, lat1), crs), map_box.w / map_box.h, pad=0.08)
    frame = draw_map_frame(fig, page, map_box, results, crs, extent, lang, dpi,
                           highlight_codes=set(claims["code"].astype(str)))
    legend_box, notes_box = _split(boxes["notes"], 0.45, page)
    draw_legend(add_axes_mm(fig, page, legend_box), legend_box, frame.legend, lang, page.pt(MIN_TEXT_PT), page.k * 0.9)
    blocks = [(tr("map.sources", lang), [" · ".join(source_lines(results.summary, lang, frame.basemap, frame.context))]),
              (tr("map.rules", lang), rule_lines(results, lang)),
              (None, [" ".join(provenance_lines(results, lang, frame.crs, frame.scale, page))])]
    draw_paragraphs(fig, page, notes_box, blocks, page.pt(MIN_TEXT_PT))
    footer = boxes["footer"]
    add_axes_mm(fig, page, footer).text(footer.w, 0, tr("atlas.page", lang, page=1, pages=total_pages), ha="right",
                                        va="bottom", fontsize=page.pt(MIN_TEXT_PT))
    return fig


def _split(box: Box, fraction: float, page: Page) -> tuple[Box, Box]:
    gap = 5 * page.k
    left_w = box.w * fraction
    return Box(box.x, box.y, left_w, box.h), Box(box.x + left_w + gap, box.y, box.w - left_w - gap, box.h)


def index_rows_per_page(page: Page) -> int:
    usable = page.height_mm - 2 * 12 * page.k - 30 * page.k
    return max(5, int(usable // line_height_mm(page.pt(7.0), 1.6)))


def index_lines(claims: pd.DataFrame, first_case: int, sizes: Sequence[int] | None = None) -> list[tuple]:
    """Index rows in atlas order: a ('place', text) heading whenever the district changes, then
    ('claim', code, name, holder, page) rows; ``sizes`` the pages each case takes (1 each by default)."""
    lines: list[tuple[str, str] | tuple[str, str, str, str, int]] = []
    place = None
    sizes = list(sizes) if sizes is not None else [1] * len(claims)
    starts = [first_case + sum(sizes[:i]) for i in range(len(claims))]
    for number, row in zip(starts, claims.itertuples(index=False), strict=True):
        here = " · ".join(title_case(getattr(row, c, "") or "") for c in ("department", "province", "district")
                          if str(getattr(row, c, "") or "").strip())
        if here and here != place:
            lines.append(("place", here))
            place = here
        lines.append(("claim", str(row.code), str(getattr(row, "name", "") or ""), str(getattr(row, "holder", "") or ""),
                      number))
    return lines


def paginate_index(claims: pd.DataFrame, page: Page, sizes: Sequence[int] | None = None) -> list[list[tuple]]:
    """Index lines cut into pages; case pages follow the index, so numbering depends on its length."""
    per_page = index_rows_per_page(page)
    n_pages = 1
    while True:
        lines = index_lines(claims, 2 + n_pages, sizes)
        needed = math.ceil(len(lines) / per_page)
        if needed <= n_pages:
            return [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
        n_pages = needed


def render_index(lines: list[tuple], lang: str, page: Page, page_number: int, total_pages: int):
    """Code, name, holder and page number of each case, grouped by place, in atlas order."""
    fig = page.figure()
    margin = 12 * page.k
    box = Box(margin, margin, page.width_mm - 2 * margin, page.height_mm - 2 * margin)
    ax = add_axes_mm(fig, page, box)
    ax.text(0, box.h, tr("atlas.index", lang), fontsize=page.pt(16), fontweight="bold", va="top")
    size = page.pt(7.0)
    row_h = line_height_mm(size, 1.6)
    xs = [0.0, 0.15 * box.w, 0.50 * box.w, box.w]
    top = box.h - 18 * page.k
    for key, x in zip(("atlas.col.code", "atlas.col.name", "atlas.col.holder"), xs, strict=False):
        ax.text(x, top, tr(key, lang), fontsize=size, fontweight="bold", va="bottom")
    ax.text(box.w, top, tr("atlas.col.page", lang), fontsize=size, fontweight="bold", va="bottom", ha="right")
    ax.plot([0, box.w], [top - 0.8, top - 0.8], color="#333333", linewidth=0.6)
    for i, line in enumerate(lines):
        y = top - (i + 1) * row_h  # baselines, so accented capitals do not lift a cell
        if line[0] == "place":
            ax.text(0, y, line[1], fontsize=size, fontweight="bold", fontstyle="italic", va="baseline",
                    color="#333333")
            continue
        _, code, name, holder, number = line
        number_w = text_width_mm(str(number), size) + 1.5
        holder_text = ellipsize(holder, box.w - xs[2] - number_w - 4, size)
        for text, x, right in ((code, xs[0], xs[1]), (name, xs[1], xs[2]), (holder_text, xs[2], box.w)):
            ax.text(x, y, ellipsize(text, right - x - 2, size), fontsize=size, va="baseline")
        dots_from = xs[2] + text_width_mm(holder_text, size) + 1.5
        if box.w - number_w > dots_from:
            ax.plot([dots_from, box.w - number_w], [y, y], color="#999999", linewidth=0.5,
                    linestyle=(0, (0.5, 2.5)))
        ax.text(box.w, y, str(number), fontsize=size, va="baseline", ha="right")
    ax.text(box.w, 0, tr("atlas.page", lang, page=page_number, pages=total_pages), fontsize=page.pt(6.5),
            ha="right", va="bottom")
    return fig
