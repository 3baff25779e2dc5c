"""The change map: new and extinct claims, new and excluded registrations, over the claims in
force at both moments, on the regional map's sheet (title, frame, grid, scale bar, north arrow,
locator, legend, sources).

Its symbols read apart in grey-scale print too: new claims a solid green, extinct ones a red
cross-hatch; new registrations filled triangles, excluded ones crosses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from pyproj import CRS

from concession_gis.export.change_text import results_name, rules_text
from concession_gis.export.furniture import (
    draw_graticule,
    draw_north_arrow,
    draw_scale_bar,
    draw_synthetic_mark,
    neat_frame,
)
from concession_gis.export.geopdf import register_frame
from concession_gis.export.layout import (
    DEFAULT_DPI,
    Box,
    Page,
    add_axes_mm,
    make_page,
    regional_layout,
)
from concession_gis.export.locator import draw_locator
from concession_gis.export.map_layers import crowding, polygon_paths
from concession_gis.export.mapframe import Extent, fit_extent, map_crs, projected_bounds, to_lonlat
from concession_gis.export.maps import save_figure
from concession_gis.export.sheet_text import draw_paragraphs, draw_title
from concession_gis.export.typography import MIN_TEXT_PT
from concession_gis.i18n import format_date, tr

if TYPE_CHECKING:
    from concession_gis.analysis.changes import Changes
    from concession_gis.export.snapshots import Snapshot

# Layer, its face, edge, alpha and hatch (polygons) or marker, colour and size (points).
CLAIM_SYMBOLS = {
    "claims_unchanged": ("#d9d9d9", "#8c8c8c", 0.5, ""),
    "claims_extinct": ("#d7191c", "#8b0000", 0.25, "xxxx"),
    "claims_new": ("#1a9641", "#0b5d24", 0.75, ""),  # above the extinct: new claims are filed on freed ground
}
POINT_SYMBOLS = {
    "registrations_new": ("^", "#2b83ba", 7.0),
    "registrations_excluded": ("X", "#1a1a1a", 7.0),
}


def render_change_map(changes: Changes, old: Snapshot, new: Snapshot, lang: str, rules: dict,
                      page_size: str = "A4") -> Figure:
    """The change map of ``changes`` on one landscape sheet."""
    page = make_page(page_size, "landscape")
    layers = _layers(changes, new)
    lonlat = _bounds([old.claims, new.claims, old.registrations, new.registrations])
    crs = map_crs(*lonlat)
    boxes = regional_layout(page, legend_mm=48 * page.k)
    extent = fit_extent(projected_bounds(lonlat, crs), boxes["map"].w / boxes["map"].h, pad=0.04)
    fig = page.figure()
    counts = _draw_frame(fig, page, boxes["map"], layers, crs, extent, lang,
                         synthetic=bool(old.summary.get("synthetic") or new.summary.get("synthetic")))
    draw_title(fig, page, boxes["title"], tr("map.change.title", lang), change_subtitle(old, new, lang))
    lon, lat = to_lonlat(crs).transform([extent.xmin, extent.xmax], [extent.ymin, extent.ymax])
    draw_locator(fig.add_axes(page.rect(boxes["inset"])), (min(lon), min(lat), max(lon), max(lat)), page.pt(MIN_TEXT_PT))
    _draw_legend(add_axes_mm(fig, page, boxes["legend"]), boxes["legend"], counts, lang, page)
    sources = [f"{tr('compare.text.from', lang)}: {tr('compare.text.analysed', lang, name=results_name(old.path), date=format_date(old.moment(), lang))}",
               f"{tr('compare.text.to', lang)}: {tr('compare.text.analysed', lang, name=results_name(new.path), date=format_date(new.moment(), lang))}"]
    draw_paragraphs(fig, page, boxes["notes"], [(tr("map.sources", lang), sources),
                                                (tr("map.rules", lang), [rules_text(rules, lang)])],
                    page.pt(MIN_TEXT_PT))
    return fig


def change_subtitle(old: Snapshot, new: Snapshot, lang: str) -> str:
    """The dates of the two moments' data (else of their analyses) where they differ; else the
    two results by name: two snapshots analysed on one day read "de 07/12/2026 a 07/12/2026"."""
    before, after = old.data_date() or old.moment(), new.data_date() or new.moment()
    if before and after and before != after:
        return tr("map.change.subtitle", lang, old_date=format_date(before, lang), new_date=format_date(after, lang))
    return tr("map.change.subtitle_names", lang, old=results_name(old.path), new=results_name(new.path))


def write_change_maps(changes: Changes, old: Snapshot, new: Snapshot, out_dir: Path, lang: str, rules: dict,
                      names: Sequence[str] = ("change_map.pdf", "change_map.png")) -> dict[str, Path]:
    """change_map.pdf and change_map.png (300 dpi) in ``out_dir``."""
    fig = render_change_map(changes, old, new, lang, rules)
    written = {}
    for name in names:
        save_figure(fig, Path(out_dir) / name, DEFAULT_DPI)
        written[name] = Path(out_dir) / name
    return written


def _layers(changes: Changes, new: Snapshot) -> dict[str, gpd.GeoDataFrame]:
    """The change layers drawn, and the new snapshot's other claims as the background."""
    layers = {name: changes.layers[name] for name in (*CLAIM_SYMBOLS, *POINT_SYMBOLS) if name in changes.layers}
    changed = set(changes.layers["claims_new"]["code"].astype(str)) | set(changes.layers["claims_extinct"]["code"].astype(str))
    layers["claims_unchanged"] = new.claims.loc[~new.claims["code"].astype(str).isin(changed)]
    return layers


def _bounds(frames: list[gpd.GeoDataFrame]) -> tuple[float, float, float, float]:
    boxes = np.array([f.total_bounds for f in frames if len(f)])
    boxes = boxes[np.all(np.isfinite(boxes), axis=1)] if len(boxes) else boxes
    if not len(boxes):
        return (-75.0, -10.0, -74.9, -9.9)
    return (float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()), float(boxes[:, 3].max()))


def _draw_frame(fig: Figure, page: Page, box: Box, layers: dict[str, gpd.GeoDataFrame], crs: CRS,
                extent: Extent, lang: str, synthetic: bool = False) -> dict[str, int]:
    ax = fig.add_axes(page.rect(box))
    ax.set_facecolor("white")
    neat_frame(ax)
    register_frame(ax, crs)  # a PDF of the sheet places the frame on the ground
    counts = {}
    for z, (name, (face, edge, alpha, hatch)) in enumerate(CLAIM_SYMBOLS.items()):
        frame = layers.get(name)
        if frame is None or frame.empty:
            continue
        # One compound path per layer: a national map's 67,000 claims drawn path by path took
        # most of the command's time (the PDF backend writes each path of a collection apart).
        paths = polygon_paths(frame.geometry.to_crs(crs).values)
        ax.add_collection(PathCollection([MplPath.make_compound_path(*paths)], facecolors=[_rgba(face, alpha)],
                                         edgecolors=[edge], linewidths=0.5 if len(frame) < 5_000 else 0.2,
                                         hatch=hatch or None, zorder=2 + z))
        counts[name] = len(frame)
    # Symbols shrink where points crowd, as on the conflict map, so a national purge reads as a texture.
    crowded = crowding(sum(len(layers[n]) for n in POINT_SYMBOLS if n in layers), box.w * box.h / 100)
    for name, (marker, colour, size) in POINT_SYMBOLS.items():
        frame = layers.get(name)
        if frame is None or frame.empty:
            continue
        points = frame.geometry.to_crs(crs)
        points = points[points.notna() & ~points.is_empty]
        ax.scatter(points.x, points.y, s=(page.pt(size) * crowded) ** 2, marker=marker, c=colour, edgecolors="white",
                   linewidths=0.4, zorder=8)
        counts[name] = len(frame)
    draw_graticule(ax, crs, extent, box.w, lang, page.pt(MIN_TEXT_PT))
    draw_scale_bar(ax, crs, extent, box.w, lang, page.pt(MIN_TEXT_PT))
    draw_north_arrow(ax, crs, extent, box.w, lang, page.pt(7.0))
    if synthetic:  # either moment from the sample: the change map is no finding either
        draw_synthetic_mark(ax, extent, box.w, box.h, lang, page.pt(8.0))
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    return counts


def _draw_legend(ax, box: Box, counts: dict[str, int], lang: str, page: Page) -> None:
    size = page.pt(6.6)
    y = box.h
    shown = [n for n in counts if n != "claims_unchanged"]
    if not shown:
        ax.text(0, y, tr("map.change.none", lang), fontsize=size, va="top", wrap=True)
    for section, names in (("claims", CLAIM_SYMBOLS), ("registrations", POINT_SYMBOLS)):
        present = [n for n in names if n in counts]
        if not present:
            continue
        y -= 5.0 * page.k
        ax.text(0, y + 2.5 * page.k, tr(f"map.change.legend.{section}", lang), fontsize=size * 1.05,
                fontweight="bold", va="center")
        for name in present:
            y -= 3.8 * page.k
            mid, w, h = y + 1.9 * page.k, 7.0 * page.k, 2.4 * page.k
            if name in CLAIM_SYMBOLS:
                face, edge, alpha, hatch = CLAIM_SYMBOLS[name]
                ax.add_patch(Rectangle((0.5, mid - h / 2), w, h, facecolor=_rgba(face, alpha), edgecolor=edge,
                                       linewidth=0.5, hatch=hatch or None))
            else:
                marker, colour, msize = POINT_SYMBOLS[name]
                ax.scatter([0.5 + w / 2], [mid], s=page.pt(msize) ** 2, marker=marker, c=colour,
                           edgecolors="white", linewidths=0.4)
            label = tr(f"map.change.legend.{name}", lang)
            ax.text(9.5 * page.k, mid, tr("map.count", lang, label=label, n=counts[name]), fontsize=size, va="center")


def _rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(colour, alpha)
