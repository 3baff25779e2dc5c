"""The words every sheet carries: title and subtitle, sources with dates and sha256, the rules
that matter, projection, scale, and when and with what the sheet was made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from pyproj import CRS

from concession_gis import __version__
from concession_gis.basemap import INEI_DEPARTMENT_BORDERS, INEI_LAYERS
from concession_gis.export.furniture import degree_text
from concession_gis.export.layout import Box, Page, add_axes_mm
from concession_gis.export.map_theme import theme_of
from concession_gis.export.typography import (
    MIN_TEXT_PT,
    ellipsize,
    format_number,
    join_words,
    line_height_mm,
    text_width_mm,
    wrap,
)
from concession_gis.i18n import format_date, resolve_language, tr
from concession_gis.model import Results
from concession_gis.profile import DEFAULT_COUNTRY, load_profile
from concession_gis.user_crs import crs_name


def sheet_language(lang: str | None, results: Results) -> str:
    """The language asked for; else the language the results were made in; else the locale's."""
    return resolve_language(lang) if lang else results.lang or resolve_language(None)


def source_lines(summary: Mapping[str, Any], lang: str, basemap: Mapping[str, int] | bool = False,
                 context: Mapping[str, int] | None = None) -> list[str]:
    """One line per input file: kind, who publishes it (rules ``[sources]``; a Bolivian run's,
    its profile's: AJAM, SERNAP), name, date, first 8 characters of its sha256; with ``basemap``
    (what the map drew of the bundled base map, by layer) a line naming its publisher
    (``[sources] basemap``, Natural Earth) when it drew a layer of theirs and, when it drew
    Peru's province or district borders, one crediting INEI (``[sources] basemap_admin``); with
    ``context`` (the user's layers drawn, by file name) one naming those files as the user's."""
    publishers = publishers_of(summary)
    lines, seen = [], set()
    for entry in summary.get("inputs", []):
        path = Path(entry.get("path", ""))
        key = (entry.get("kind"), path.parent, path.stem)
        if key in seen:  # the .shx/.dbf/.prj of a shapefile already listed
            continue
        seen.add(key)
        kind = tr(f"map.source_kind.{entry.get('kind')}", lang)
        publisher = str(publishers.get(entry.get("kind"), "") or "").strip()
        if publisher:
            kind = tr("map.source_by", lang, kind=kind, publisher=publisher)
        lines.append(tr("map.source_line", lang, kind=kind, file=path.name, date=_file_date(entry, lang),
                        sha=str(entry.get("sha256", ""))[:8]))
    drawn = {name for name, count in basemap.items() if count} if isinstance(basemap, Mapping) else set()
    inei = {*INEI_LAYERS, INEI_DEPARTMENT_BORDERS}
    if (basemap and not isinstance(basemap, Mapping)) or drawn - inei:
        lines.append(tr("map.source_basemap", lang,
                        publisher=str(publishers.get("basemap", "") or "").strip() or "Natural Earth"))
    if drawn & inei:
        lines.append(tr("map.source_basemap_admin", lang,
                        publisher=str(publishers.get("basemap_admin", "") or "").strip() or "INEI"))
    files = [name for name, count in (context or {}).items() if count]
    if files:
        lines.append(tr("map.source_context", lang, files=join_words(files, lang)))
    return lines


def publishers_of(summary: Mapping[str, Any]) -> Mapping[str, Any]:
    """Who publishes each kind of input: the rules' ``[sources]`` (Peru's INGEMMET, MINEM,
    SERNANP), or for another country the ``[sources]`` of its profile (profiles/bo.toml)."""
    country = summary.get("country") or DEFAULT_COUNTRY
    if country != DEFAULT_COUNTRY:
        return load_profile(country).data.get("sources", {})
    return (summary.get("rules") or {}).get("sources", {})


def _file_date(entry: dict, lang: str) -> str:
    """The file's date in the reader's date style (15/03/2026 in Spanish, as the command line and
    the tables write it; the sheets wrote ISO days inside Spanish sentences)."""
    if entry.get("modified"):
        return format_date(str(entry["modified"])[:10], lang)
    path = Path(entry.get("path", ""))
    if path.is_file():
        return format_date(dt.date.fromtimestamp(path.stat().st_mtime), lang)
    return tr("map.source_date_unknown", lang)


def rule_lines(results: Results, lang: str) -> list[str]:
    """The criteria behind the map's classes, in the country's terms: idleness and coexistence
    for Peru, idleness and reversion for Bolivia (:attr:`~.MapTheme.rules`)."""
    idle_key, *others = theme_of(results).rules
    idle = results.rules.get("idle", {})
    lines = []
    if idle:
        lines.append(tr(idle_key, lang, years=idle.get("min_years"), lookback=idle.get("activity_lookback_years"),
                        pct=format_number(100 * float(idle.get("max_loss_fraction", 0)), lang, None)))
    lines += [tr(key, lang) for key in others]
    return lines


def provenance_lines(results: Results, lang: str, crs: CRS | None = None, scale: float | None = None,
                     page: Page | None = None) -> list[str]:
    """The map's projection and its scale on ``page``, analysis and production dates, version."""
    summary = results.summary
    lines = []
    if crs is not None:
        lines.append(tr("map.projection", lang, crs=projection_name(crs, lang)))
    if scale is not None and page is not None:
        lines.append(tr("map.scale", lang, scale=format_number(round(scale, -2), lang), page=page.label))
    started = str(summary.get("started", ""))[:10]
    if started:
        reference = results.rules.get("reference_date", started) or started
        lines.append(tr("map.analysed", lang, date=format_date(started, lang), reference=format_date(reference, lang)))
    lines.append(tr("map.produced", lang, date=format_date(dt.date.today(), lang), version=__version__))
    return lines


def projection_name(crs: CRS, lang: str) -> str:
    """A name people recognise: 'WGS 84 / UTM 19S' (as the error messages and the window write
    it), a transverse Mercator of the map's own by its central meridian in the reader's words,
    else the CRS's own name. (Not by EPSG code: a map's own transverse Mercator on 75°W matches
    EPSG:32718 yet is named "unknown".)"""
    operation = crs.coordinate_operation
    if not crs.utm_zone and operation is not None and operation.method_name == "Transverse Mercator":
        meridian = next((p.value for p in operation.params if p.name == "Longitude of natural origin"), 0.0)
        return tr("map.crs_tmerc", lang, meridian=degree_text(float(meridian), "lon", lang))
    return crs_name(crs)


def draw_paragraphs(fig: Figure, page: Page, box: Box, blocks: list[tuple[str | None, list[str]]],
                    fontsize: float, min_fontsize: float = MIN_TEXT_PT) -> None:
    """Headed blocks of wrapped text, top-down, shrunk as needed to fit ``box``."""
    ax = add_axes_mm(fig, page, box)
    size = fontsize
    while True:
        laid = _lay_out(blocks, box.w, size)
        height = sum(h for _, _, h, _ in laid)
        if height <= box.h or size <= min_fontsize:
            break
        size = max(min_fontsize, size * 0.92)
    y = box.h
    for text, weight, h, s in laid:
        if text:
            ax.text(0, y, text, fontsize=s, fontweight=weight, va="top", linespacing=1.0)
        y -= h


def paragraphs_height(blocks: list[tuple[str | None, list[str]]], width: float, fontsize: float) -> float:
    """The height in millimetres :func:`draw_paragraphs` takes for ``blocks`` at ``fontsize``."""
    return sum(h for _, _, h, _ in _lay_out(blocks, width, fontsize))


def _lay_out(blocks, width, size):
    laid = []
    for heading, lines in blocks:
        if heading:
            laid.append((heading, "bold", line_height_mm(size * 1.05, 1.3), size * 1.05))
        for line in lines:
            for piece in wrap(line, width, size):
                laid.append((piece, "normal", line_height_mm(size, 1.22), size))
        laid.append(("", "normal", line_height_mm(size, 0.6), size))
    return laid


def draw_title(fig: Figure, page: Page, box: Box, title: str, subtitle: str) -> None:
    ax = add_axes_mm(fig, page, box)
    size = page.pt(15)
    while text_width_mm(title, size, "bold") > box.w and size > page.pt(9):
        size *= 0.93
    ax.text(0, box.h - 1, title, fontsize=size, fontweight="bold", va="top")
    sub_size = page.pt(9.5)
    ax.text(0, box.h - 1 - line_height_mm(size, 1.45), ellipsize(subtitle, box.w, sub_size), fontsize=sub_size,
            va="top", color="#333333")
    ax.plot([0, box.w], [0.6, 0.6], color="#333333", linewidth=0.6)
