"""The legend: one entry per class actually drawn, with its count, grouped by layer.

Entries are plain values (:class:`LegendEntry`) built from what the layer functions report, so
a test can check that the legend names every conflict type on the map and nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Rectangle, RegularPolygon

from concession_gis import palette
from concession_gis.basemap import INEI_DEPARTMENT_BORDERS
from concession_gis.columns import ConflictType, LocatedBy
from concession_gis.export import basemap_layer, context_layers
from concession_gis.export import cartography as carto
from concession_gis.export.context_layers import ContextLayer
from concession_gis.export.layout import Box
from concession_gis.export.loss_layer import LossImage
from concession_gis.export.map_layers import AGGREGATED, HEXAGON_ALPHA
from concession_gis.export.map_theme import PERU, MapTheme, theme_of_country
from concession_gis.export.raster_edge import EDGE_COLOUR, NO_DATA_FACE
from concession_gis.export.typography import ellipsize, join_words, text_pt
from concession_gis.i18n import tr


@dataclass(frozen=True)
class LegendEntry:
    """``layer`` (concessions, registrations, restricted, overlaps, loss, focus; Bolivia's areas,
    work_sites and reversion), class key, text."""

    layer: str
    key: str
    label: str
    count: int | None = None


def legend_entries(lang: str, legal: Counter, conflicts: Counter, restricted: Counter | int, overlaps: int,
                   loss: LossImage | None, focus: str | None = None, allowed: int = 0,
                   raster_edge: bool = False, fronts: int = 0, hexagon_mm: float | None = None,
                   basemap: Counter | None = None, theme: MapTheme = PERU, reversion: int = 0,
                   context: Sequence[ContextLayer] = ()) -> list[LegendEntry]:
    """Entries for the classes drawn; ``focus`` is 'focus' (a case's claim) or 'selected' (atlas
    claims); ``allowed`` how many allowed mining zones were drawn; ``raster_edge`` whether the
    loss rasters' edge crosses the map; ``fronts`` how many unexplained loss fronts were drawn;
    ``hexagon_mm`` the hexagons' width when the registrations were aggregated (``conflicts``
    then counts them under ``aggregated``); ``basemap`` the base map's layers drawn (one row
    each, without a count: they are context, not findings); ``theme`` the country's classes and
    words (``legal`` and ``conflicts`` count its classes); ``reversion`` how many reversion
    candidates were outlined; ``context`` the user's layers the map drew (one row naming their
    files, without a count)."""
    entries = []
    if focus:
        entries.append(LegendEntry("focus", focus, tr(f"map.legend.{focus}{_suffix(theme)}", lang)))
    entries += [LegendEntry(theme.claims_layer, s, tr(f"{theme.claim_words}.{s}", lang), legal[s])
                for s in theme.claim_order if legal[s]]
    if reversion:
        entries.append(LegendEntry("reversion", "candidate", tr("map.legend.reversion", lang), reversion))
    if overlaps:
        entries.append(LegendEntry("overlaps", "overlap", tr("map.legend.overlaps", lang), overlaps))
    # Restricted areas by category, prohibited first; a bare count is of prohibited areas.
    by_category = Counter(prohibited=restricted) if isinstance(restricted, int) else restricted
    entries += [LegendEntry("restricted", c, tr(f"map.legend.restricted_{c}", lang), by_category[c])
                for c in carto.RESTRICTED_ORDER if by_category[c]]
    if allowed:
        entries.append(LegendEntry("allowed", "allowed_zone", tr("map.legend.allowed_zones", lang), allowed))
    entries += [LegendEntry(theme.points_layer, c, tr(f"{theme.point_words}.{c}", lang), conflicts[c])
                for c in theme.point_order if conflicts[c]]
    if hexagon_mm is not None and conflicts[AGGREGATED]:
        entries.append(LegendEntry(theme.points_layer, AGGREGATED,
                                   tr("map.legend.aggregated", lang, mm=f"{hexagon_mm:g}"), conflicts[AGGREGATED]))
    if conflicts[LocatedBy.DECLARED_CODE]:  # hollow: no coordinates, a point on the declared claim
        entries.append(LegendEntry(theme.points_layer, LocatedBy.DECLARED_CODE.value,
                                   tr(f"map.legend.declared_code{_suffix(theme)}", lang),
                                   conflicts[LocatedBy.DECLARED_CODE]))
    if fronts:
        entries.append(LegendEntry("fronts", "unexplained", tr("map.legend.loss_fronts", lang), fronts))
    if loss is not None:
        if loss.dated:
            entries.append(LegendEntry("loss", f"{loss.first_year}-{loss.last_year}", tr("map.legend.loss", lang)))
        else:
            entries.append(LegendEntry("loss", "undated", tr("map.legend.loss_undated", lang)))
    if raster_edge:
        entries.append(LegendEntry("raster_edge", "edge", tr("map.legend.raster_edge", lang)))
    drawn = [key for key in BASEMAP_ORDER if basemap and (basemap[key] or (
        key == "department_borders" and basemap[INEI_DEPARTMENT_BORDERS]))]  # Peru's, INEI's zoomed in
    if drawn:  # one row for all of it: context, not findings, and the legend's room is short
        entries.append(LegendEntry("basemap", "+".join(drawn), tr("map.legend.basemap", lang,
                                                                   parts=_basemap_parts(drawn, lang))))
    if context:  # one row, as the base map's: context, and the legend's room is short
        kinds = "+".join(k for k in (context_layers.LINES, context_layers.POINTS) if any(k in c.kinds for c in context))
        entries.append(LegendEntry("context", kinds, tr("map.legend.context", lang,
                                                        names=join_words([c.name for c in context], lang))))
    return entries


# The base map's parts, in the order the legend row names them; lakes go with the rivers.
BASEMAP_ORDER = ("rivers", "towns", "borders", "department_borders", "province_borders", "district_borders")
ADMIN_LEVELS = ("department", "province", "district")


def _basemap_parts(drawn: Sequence[str], lang: str) -> str:
    """'ríos, poblados, frontera; límites de departamento, provincia y distrito': the
    administrative borders in one phrase ('límites de departamento, límites de provincia y
    límites de distrito' ran past the legend's width and was cut)."""
    levels = [tr(f"map.legend.basemap_level.{level}", lang) for level in ADMIN_LEVELS if f"{level}_borders" in drawn]
    parts = [tr(f"map.legend.basemap_{key}", lang) for key in drawn if key in ("rivers", "towns", "borders")]
    admin = tr("map.legend.basemap_admin_borders", lang, levels=join_words(levels, lang)) if levels else ""
    return "; ".join(part for part in (join_words(parts, lang), admin) if part)


def _suffix(theme: MapTheme) -> str:
    """The messages' suffix of a country's own wording of a shared legend row (``_bo``)."""
    return "" if theme.country == "pe" else f"_{theme.country}"


SECTION_TITLES = {"concessions": "map.legend.concessions", "registrations": "map.legend.registrations",
                  "areas": "map.legend.areas", "work_sites": "map.legend.work_sites"}
# Rows that belong with the claims' section, whichever country's it is.
WITH_CLAIMS = ("focus", "overlaps", "reversion")
POINT_LAYERS = ("registrations", "work_sites")


def draw_legend(ax, box: Box, entries: list[LegendEntry], lang: str, fontsize: float, k: float = 1.0) -> None:
    """Draw ``entries`` top-down in an axes whose units are millimetres of ``box``."""
    if not entries:
        ax.text(0, box.h, tr("map.legend.none", lang), fontsize=fontsize, va="top")
        return
    rows = _rows(entries, lang)
    needed = legend_height(entries, lang, k)
    shrink = min(1.0, box.h / needed) if needed else 1.0
    size = text_pt(fontsize * max(shrink, 0.72))
    y = box.h
    swatch_w, text_x = 7.0 * k, 9.5 * k
    for kind, entry in rows:
        row_h = _row_height(kind, shrink, k)
        mid = y - row_h / 2
        if isinstance(entry, str):  # a section header
            ax.text(0, mid, ellipsize(entry, box.w, size * 1.05, "bold"), fontsize=size * 1.05,
                    fontweight="bold", va="center")
        elif isinstance(entry, LegendEntry):
            _swatch(ax, entry, 0.5 * k, mid, swatch_w, row_h * 0.62, size)
            text = entry.label if entry.count is None else tr("map.count", lang, label=entry.label, n=entry.count)
            if entry.layer == "loss" and "-" in entry.key:
                text = f"{entry.label}: {entry.key.replace('-', '–')}"
            ax.text(text_x, mid, ellipsize(text, box.w - text_x, size), fontsize=size, va="center")
        y -= row_h


def legend_height(entries: list[LegendEntry], lang: str, k: float = 1.0) -> float:
    """Millimetres the legend takes at full size."""
    return sum(_row_height(kind, 1.0, k) for kind, _ in _rows(entries, lang))


def _rows(entries: list[LegendEntry], lang: str) -> list[tuple[str, str | LegendEntry | None]]:
    """(kind, what) per row: a header's title, an entry, or a gap's None."""
    rows: list[tuple[str, str | LegendEntry | None]] = []
    section = None
    claims = "areas" if any(e.layer == "areas" for e in entries) else "concessions"
    for entry in entries:
        layer = claims if entry.layer in WITH_CLAIMS else entry.layer
        if layer in SECTION_TITLES and layer != section:
            rows.append(("header", tr(SECTION_TITLES[layer], lang)))
        elif layer not in SECTION_TITLES and section in SECTION_TITLES:
            rows.append(("gap", None))
        section = layer
        rows.append(("entry", entry))
    return rows


def _row_height(kind: str, shrink: float, k: float) -> float:
    base = {"header": 5.0, "entry": 3.8, "gap": 1.6}[kind]
    return base * k * max(shrink, 0.72)


def _swatch(ax, entry: LegendEntry, x: float, mid: float, w: float, h: float, size: float) -> None:
    y = mid - h / 2
    if entry.layer in ("concessions", "areas"):
        style = (carto.LEGAL_STATE if entry.layer == "concessions" else carto.AREA_CLASS)[entry.key]
        ax.add_patch(Rectangle((x, y), w, h, facecolor=style.face, alpha=style.face_alpha + 0.15))
        ax.add_patch(Rectangle((x, y), w, h, facecolor="none", edgecolor=style.edge, linewidth=style.edge_width))
    elif entry.layer == "focus" and entry.key == "selected":
        ax.add_patch(Rectangle((x, y), w, h, facecolor="none", edgecolor="#1a1a1a", linewidth=2.4))
        ax.add_patch(Rectangle((x, y), w, h, facecolor="none", edgecolor=carto.SELECTED_EDGE, linewidth=1.6))
    elif entry.layer == "reversion":
        ax.add_patch(Rectangle((x, y), w, h, facecolor="none", edgecolor=carto.REVERSION_EDGE, linewidth=1.6))
        ax.text(x + w / 2, mid, "1", fontsize=size, fontweight="bold", color=carto.REVERSION_EDGE,
                ha="center", va="center")
    elif entry.layer == "focus":
        ax.add_patch(Rectangle((x, y), w, h, facecolor="none", edgecolor=carto.FOCUS_EDGE, linewidth=1.6))
    elif entry.layer in POINT_LAYERS and entry.key == AGGREGATED:
        _hexagon_swatch(ax, x + w / 2, mid, h / 2)
    elif entry.layer in ("overlaps", "restricted", "allowed", "fronts"):
        style = ({"overlaps": carto.OVERLAP, "allowed": carto.ALLOWED_ZONE}.get(entry.layer)
                 or (carto.FRONT_UNEXPLAINED if entry.layer == "fronts" else carto.RESTRICTED_CATEGORY[entry.key]))
        ax.add_patch(Rectangle((x, y), w, h, facecolor=carto.rgba(style.face, style.face_alpha),
                               edgecolor=style.edge, linewidth=style.edge_width, hatch=style.hatch or None))
    elif entry.layer in POINT_LAYERS and entry.key == LocatedBy.DECLARED_CODE:
        marker = carto.CONFLICT_TYPE[ConflictType.NO_CONCESSION]  # a neutral hollow circle
        ax.scatter([x + w / 2], [mid], s=(marker.size * min(1.0, size / 7)) ** 2, c="none", marker="o",
                   edgecolors="#333333", linewidths=1.0)
    elif entry.layer in POINT_LAYERS:
        marker = theme_of_country("pe" if entry.layer == "registrations" else "bo").point_styles[entry.key]
        ax.scatter([x + w / 2], [mid], s=(marker.size * min(1.0, size / 7)) ** 2, c=marker.colour,
                   marker=carto.MATPLOTLIB_MARKER[marker.shape], edgecolors=marker.edge, linewidths=0.5)
    elif entry.layer == "basemap":
        _basemap_swatch(ax, entry.key, x, mid, w, h)
    elif entry.layer == "context":
        _context_swatch(ax, entry.key, x, mid, w)
    elif entry.layer == "raster_edge":
        ax.add_patch(Rectangle((x + w / 2, y), w / 2, h, facecolor=NO_DATA_FACE, linewidth=0))
        ax.plot([x + w / 2, x + w / 2], [y, y + h], color=EDGE_COLOUR, linewidth=1.1, linestyle=(0, (2, 1)))
    elif entry.layer == "loss":
        if "-" in entry.key:
            first, last = (int(v) for v in entry.key.split("-"))
            colours = palette.loss_year_colours(first, last)
            n = len(colours)
            for i, colour in enumerate(colours):
                ax.add_patch(Rectangle((x + i * w / n, y), w / n, h, facecolor=colour, linewidth=0))
        else:
            ax.add_patch(Rectangle((x, y), w, h, facecolor=palette.LOSS_UNDATED, linewidth=0))


def _basemap_swatch(ax, key: str, x: float, mid: float, w: float, h: float) -> None:
    """The base map's symbols as drawn on the map, side by side: a wavy river, a town dot, a
    dashed border, the administrative borders' dashes and dots (those of ``key``,
    'rivers+towns+borders'); unclipped, as the row's text is,
    since the last row may run past a crowded legend's box."""
    parts = key.split("+")
    step = w / len(parts)
    for i, part in enumerate(parts):
        x0 = x + i * step
        if part == "rivers":
            t = np.linspace(0, 1, 20)
            ax.plot(x0 + t * step * 0.9, mid + np.sin(t * 2 * np.pi) * h * 0.25, color=basemap_layer.RIVER,
                    linewidth=basemap_layer.MAJOR_RIVER_PT, clip_on=False)
        elif part == "towns":
            ax.scatter([x0 + step / 2], [mid], s=basemap_layer.TOWN_DOT_PT ** 2, c=basemap_layer.TOWN,
                       edgecolors="white", linewidths=0.4, clip_on=False)
        elif part == "borders":
            ax.plot([x0, x0 + step * 0.9], [mid, mid], color=basemap_layer.BORDER,
                    linewidth=basemap_layer.BORDER_PT, linestyle=(0, (3, 1, 1, 1)), clip_on=False)
        elif part in ADMIN_SWATCH:
            colour, width, dashes = ADMIN_SWATCH[part]
            ax.plot([x0, x0 + step * 0.9], [mid, mid], color=colour, linewidth=width, linestyle=dashes,
                    clip_on=False)


def _context_swatch(ax, key: str, x: float, mid: float, w: float) -> None:
    """A user's layer as drawn on the map: a line, a dot, or both ('lines+points')."""
    parts = key.split("+")
    step = w / len(parts)
    for i, part in enumerate(parts):
        x0 = x + i * step
        if part == context_layers.LINES:
            ax.plot([x0, x0 + step * 0.9], [mid, mid], color=context_layers.COLOUR,
                    linewidth=context_layers.LINE_PT * 1.5, clip_on=False)
        else:
            ax.scatter([x0 + step / 2], [mid], s=context_layers.DOT_PT ** 2, c=context_layers.COLOUR,
                       marker=context_layers.DOT_MARKER, edgecolors="white", linewidths=0.3, clip_on=False)


# The administrative borders' swatches: colour, width (pt) and dashes as on the map.
ADMIN_SWATCH = {
    "department_borders": (basemap_layer.BORDER, basemap_layer.DEPARTMENT_BORDER_PT, basemap_layer.DEPARTMENT_DASHES),
    "province_borders": (basemap_layer.PROVINCE_BORDER, basemap_layer.PROVINCE_BORDER_PT,
                         basemap_layer.PROVINCE_DASHES),
    "district_borders": (basemap_layer.DISTRICT_BORDER, basemap_layer.DISTRICT_BORDER_PT,
                         basemap_layer.DISTRICT_DOTS),
}


def _hexagon_swatch(ax, cx: float, cy: float, radius: float) -> None:
    """Three grey hexagons, smaller to larger, as on the map (fewer to more registrations)."""
    for i, grow in enumerate((0.45, 0.7, 1.0)):
        ax.add_patch(RegularPolygon((cx + (i - 1) * radius * 1.9, cy), 6, radius=radius * grow,
                                    facecolor=carto.rgba("#666666", HEXAGON_ALPHA), linewidth=0))
