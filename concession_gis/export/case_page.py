"""One case on one sheet: a claim, its neighbours, the miners on it, its forest loss by year, and
the table of its registrations, numbered as on the map.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from concession_gis import palette
from concession_gis.basemap import INEI_DEPARTMENT_BORDERS, LAYERS
from concession_gis.errors import InputError
from concession_gis.export.bolivia_facts import area_fact_lines, area_subtitle
from concession_gis.export.case_scale import NICE_SCALES, claim_extent
from concession_gis.export.case_table import continuation_box, draw_registration_table, table_chunks
from concession_gis.export.layout import DEFAULT_DPI, Box, Page, add_axes_mm, case_layout, make_page
from concession_gis.export.legend import draw_legend
from concession_gis.export.locator import draw_locator
from concession_gis.export.loss_coverage import coverage_note, loss_statement
from concession_gis.export.map_theme import PERU, MapTheme, theme_of
from concession_gis.export.mapframe import map_crs, projected_bounds, to_lonlat
from concession_gis.export.sheet import MapSheet, case_registrations, draw_map_frame
from concession_gis.export.sheet_text import (
    draw_paragraphs,
    draw_title,
    paragraphs_height,
    provenance_lines,
    rule_lines,
    sheet_language,
    source_lines,
)
from concession_gis.export.typography import (
    MIN_TEXT_PT,
    AxisNumbers,
    ellipsize,
    format_number,
    line_height_mm,
    text_width_mm,
    title_case,
    wrap,
)
from concession_gis.i18n import format_date, tr
from concession_gis.io.values import code_key, is_missing
from concession_gis.model import Results
from concession_gis.reasons import decode, render

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
    theme = theme_of(results)
    claim = find_claim(results, code)
    sheet_page = make_page(page, orientation)
    boxes = case_layout(sheet_page, notes_height(results, lang, sheet_page))
    lon0, lat0, lon1, lat1 = claim.geometry.bounds
    crs = map_crs(lon0, lat0, lon1, lat1)
    extent = claim_extent(projected_bounds((lon0, lat0, lon1, lat1), crs), (boxes["map"].w, boxes["map"].h),
                          pad=CASE_PAD, min_span_m=CASE_MIN_SPAN_M)
    fig = sheet_page.figure()
    inset = locator_box(boxes["map"], sheet_page)
    frame = draw_map_frame(fig, sheet_page, boxes["map"], results, crs, extent, lang, dpi,
                           focus_code=claim["code"], number_hosted_by=claim["code"],
                           keep_clear=[(inset.x - boxes["map"].x, inset.y - boxes["map"].y,
                                        inset.right - boxes["map"].x, inset.top - boxes["map"].y)])
    lon, lat = to_lonlat(crs).transform([extent.xmin, extent.xmax, extent.xmin, extent.xmax],
                                        [extent.ymin, extent.ymin, extent.ymax, extent.ymax])
    draw_locator(fig.add_axes(sheet_page.rect(inset)), (min(lon), min(lat), max(lon), max(lat)),
                 sheet_page.pt(MIN_TEXT_PT))
    draw_title(fig, sheet_page, boxes["title"], tr("map.title.case", lang, code=claim["code"], name=claim.get("name") or ""),
               case_subtitle(claim, lang, theme))
    draw_facts(fig, sheet_page, boxes["facts"], claim, lang, theme)
    draw_loss_chart(fig, sheet_page, boxes["chart"], results, claim, lang)
    draw_legend(add_axes_mm(fig, sheet_page, boxes["legend"]), boxes["legend"], frame.legend, lang,
                sheet_page.pt(MIN_TEXT_PT), sheet_page.k)
    hosted = case_registrations(results.registrations, claim["code"], theme)
    chunks = table_chunks(len(hosted), sheet_page, boxes["notes"].h)
    draw_registration_table(fig, sheet_page, boxes["table"], hosted, lang, chunks[0], (1, len(chunks)), theme)
    if label_of is not None:
        page_label = label_of(0)
    if page_label:
        footer = boxes["footer"]
        add_axes_mm(fig, sheet_page, footer).text(footer.w, 0, page_label, ha="right", va="bottom",
                                                  fontsize=sheet_page.pt(MIN_TEXT_PT))
    draw_paragraphs(fig, sheet_page, boxes["notes"], case_notes(results, lang, sheet_page, frame.crs, frame.scale,
                                                               frame.basemap, frame.context),
                    sheet_page.pt(MIN_TEXT_PT))
    more = [render_continuation(results, claim, hosted, rows, (i, len(chunks)), lang, sheet_page,
                                label_of(i - 1) if label_of else None)
            for i, rows in enumerate(chunks[1:], start=2)]
    return MapSheet(fig, sheet_page, frame, "case", more)


def case_notes(results: Results, lang: str, page: Page, crs: CRS, scale: float, basemap: Mapping[str, int],
               context: Mapping[str, int]) -> list[tuple[str | None, list[str]]]:
    """The notes under a case page: the sources (with the base-map ``basemap`` and the user's
    ``context`` layers drawn), the idle criteria, the map's projection and scale, and the dates."""
    return [(None, [" · ".join(source_lines(results.summary, lang, basemap, context))]),
            (None, rule_lines(results, lang)[:1] + [" ".join(provenance_lines(results, lang, crs, scale, page))])]


def notes_height(results: Results, lang: str, page: Page) -> float:
    """The height a case page's notes are given: enough for the run's notes on any of its cases
    at the smallest type, and never less than the layout's own. Known before any case is drawn,
    so the atlas numbers its pages by the table rows each case page holds (``table_chunks``).
    What differs from case to case is bounded: every base-map source and every context layer
    credited, the longest projection name and the smallest scale."""
    notes = case_layout(page)["notes"]
    blocks = case_notes(results, lang, page, CRS.from_proj4(LONGEST_CRS), float(NICE_SCALES[-1]),
                        dict.fromkeys([*LAYERS, INEI_DEPARTMENT_BORDERS], 1),
                        {layer.source: 1 for layer in results.context})
    return max(notes.h, paragraphs_height(blocks, notes.w, page.pt(MIN_TEXT_PT)))


# The longest projection name a case map can have (mapframe.map_crs): a transverse Mercator
# whose central meridian has minutes.
LONGEST_CRS = "+proj=tmerc +lat_0=0 +lon_0=-178.5 +k=0.9996 +x_0=500000 +y_0=10000000 +datum=WGS84 +units=m +no_defs"


# The locator inset in the case map's lower-right corner. The claim fills at most 1 / (1 + 2 *
# CASE_PAD) of the frame, centred, so a corner this size (with its 2 mm gap) stays off the claim
# on an A4 or A3 case page; no label is placed under it.
LOCATOR_MM = (34.0, 24.0)


def locator_box(map_box: Box, page: Page) -> Box:
    """Where the locator inset goes on a case page: the map frame's lower-right corner."""
    w, h = LOCATOR_MM[0] * page.k, LOCATOR_MM[1] * page.k
    return Box(map_box.right - 2.0 - w, map_box.y + 2.0, w, h)


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


def case_subtitle(claim: pd.Series, lang: str, theme: MapTheme = PERU) -> str:
    if theme.country == "bo":
        return area_subtitle(claim, lang)
    parts = [str(claim.get("holder") or ""), tr(f"legal_state.{claim.get('legal_state', 'other')}", lang),
             f"{format_number(claim.get('area_ha'), lang, 0)} ha", _place(claim)]
    return " · ".join(p for p in parts if p)


def draw_facts(fig, page: Page, box: Box, claim: pd.Series, lang: str, theme: MapTheme = PERU) -> None:
    """The claim's key facts as label: value lines (a Bolivian area's in Bolivian terms)."""
    lines = area_fact_lines(claim, lang, brief=True) if theme.country == "bo" else claim_fact_lines(claim, lang)
    ax = add_axes_mm(fig, page, box)
    size = page.pt(MIN_TEXT_PT)
    # Labels get at most 40 % of the width (a long one wraps), so values never shrink to a word.
    key_w = min(max(text_width_mm(k, size, "bold") for k, _ in lines), 0.4 * box.w) + 2 * page.k
    y = box.h
    line_h = line_height_mm(size, 1.22)
    for key, value in lines:
        keys = wrap(key, key_w - 2 * page.k, size, "bold")
        pieces = wrap(value, box.w - key_w, size)
        if y - line_h * max(len(keys), len(pieces)) < 0:  # the last lines left: one each
            keys, pieces = [ellipsize(key, key_w - 2 * page.k, size, "bold")], [ellipsize(" ".join(pieces), box.w - key_w, size)]
        if y - line_h < 0:
            break  # never under the box, over the table below; the dossier has every fact
        for i, piece in enumerate(keys):
            ax.text(0, y - i * line_h, piece, fontsize=size, fontweight="bold", va="top")
        for i, piece in enumerate(pieces):
            ax.text(key_w, y - i * line_h, piece, fontsize=size, va="top")
        y -= line_h * (max(len(keys), len(pieces)) + 0.2)


def idle_word(idle, reasons, lang: str) -> str:
    """Whether a claim is idle in a word: yes, no, unknown, or "does not apply" for a claim not
    titled, which the rule never judges ("no: no está titulada" read as a verdict)."""
    if is_missing(idle):
        return tr("case.idle_unknown", lang)
    if not bool(idle) and any(r.code == "idle.not_titled" for r in decode(reasons)):
        return tr("case.idle_not_applicable", lang)
    return tr("case.yes" if bool(idle) else "case.no", lang)


def claim_fact_lines(claim: pd.Series, lang: str) -> list[tuple[str, str]]:
    """A Peruvian claim's key facts as (label, value)."""
    idle = claim.get("idle")
    idle_text = idle_word(idle, claim.get("idle_reason_codes"), lang)
    why = render(claim.get("idle_reason_codes"), lang)
    if why:
        idle_text += f": {why}"
    filed = claim.get("filed_on")
    filed_text = "" if filed is None or pd.isna(filed) else format_date(pd.Timestamp(filed).to_pydatetime(), lang)
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
    return lines


def draw_loss_chart(fig, page: Page, box: Box, results: Results, claim: pd.Series, lang: str) -> None:
    """Forest loss on the claim per year, bars coloured as on the map; says so when there is none."""
    ax = fig.add_axes(page.rect(box))
    size = page.pt(MIN_TEXT_PT)
    ax.set_title(tr("case.loss_chart", lang), fontsize=size * 1.1, fontweight="bold", loc="left")
    by_year = loss_by_year_of(results, claim["code"])
    partial = coverage_note(claim, lang)
    if by_year.empty or not (by_year > 0).any():
        text = loss_statement(claim, lang)
        ax.set_axis_off()
        ax.text(0, 0.75, "\n".join(wrap(text, box.w, size)), transform=ax.transAxes, fontsize=size,
                va="top", color="#444444")
        return
    years = by_year.index.to_numpy(dtype=int)
    ax.bar(years, by_year.to_numpy(), width=0.8, color=[palette.loss_year_colour(y) for y in years],
           edgecolor="#333333", linewidth=0.3)
    if partial:  # inside the chart, over room made above the bars: the box below is the table's
        lines = wrap(partial, box.w - 2, size * 0.95)
        ax.set_ylim(0, float(by_year.max()) * (1.15 + 0.22 * len(lines)))
        ax.text(0.01, 0.98, "\n".join(lines), transform=ax.transAxes, fontsize=size * 0.95, va="top",
                color="#444444", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 0.5})
    filed = claim.get("filed_on")
    if filed is not None and pd.notna(filed) and years.min() <= pd.Timestamp(filed).year <= years.max():
        ax.axvline(pd.Timestamp(filed).year - 0.5, color="#333333", linewidth=0.6, linestyle="--")
    ax.tick_params(labelsize=size, length=2, width=0.4)
    ax.yaxis.set_major_formatter(AxisNumbers(lang))
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


def render_continuation(results: Results, claim: pd.Series, hosted: gpd.GeoDataFrame, rows: range,
                        part: tuple[int, int], lang: str, page: Page, page_label: str | None = None):
    """A page that carries the case table on: the case's title, then the rows ``rows``."""
    fig = page.figure()
    k = page.k
    margin = 10 * k
    draw_title(fig, page, Box(margin, page.height_mm - margin - 19 * k, page.width_mm - 2 * margin, 19 * k),
               tr("map.title.case", lang, code=claim["code"], name=claim.get("name") or ""),
               case_subtitle(claim, lang, theme_of(results)))
    draw_registration_table(fig, page, continuation_box(page), hosted, lang, rows, part, theme_of(results))
    if page_label:
        footer = add_axes_mm(fig, page, Box(margin, margin, page.width_mm - 2 * margin, 5 * k))
        footer.text(page.width_mm - 2 * margin, 2.5 * k, page_label, ha="right", va="center", fontsize=page.pt(6.5))
    return fig


def _place(claim: pd.Series) -> str:
    parts = [claim.get(c) for c in ("department", "province", "district")]
    return ", ".join(title_case(p) for p in parts if isinstance(p, str) and p.strip())
