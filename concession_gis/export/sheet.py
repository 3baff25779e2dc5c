"""One map frame on a sheet, with everything that belongs to it, and the notes every sheet carries.

:func:`draw_map_frame` is shared by the regional map, each case page and the atlas cover: it
projects the layers, draws them in a fixed order, labels what fits, adds the grid, scale bar
and north arrow, and reports what it drew (:class:`FrameReport`) so the legend and the tests
work from the same facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from pyproj import CRS

from concession_gis import __version__
from concession_gis.export import cartography as carto
from concession_gis.export import map_layers
from concession_gis.export.furniture import (
    ScaleBar,
    draw_graticule,
    draw_north_arrow,
    draw_scale_bar,
    neat_frame,
)
from concession_gis.export.labels import LabelBoard, PlacedLabel, label_features
from concession_gis.export.layout import Box, Page, add_axes_mm
from concession_gis.export.legend import LegendEntry, legend_entries, loss_colormap
from concession_gis.export.loss_layer import LossImage, grid_shape, read_loss_image
from concession_gis.export.mapframe import Extent, crs_label, scale_denominator, to_lonlat
from concession_gis.export.typography import (
    MM_PER_PT,
    ellipsize,
    format_number,
    halo,
    line_height_mm,
    text_width_mm,
    wrap,
)
from concession_gis.i18n import tr
from concession_gis.pipeline import Results


@dataclass
class FrameReport:
    """What one map frame shows: its CRS and extent, the scale bar, the classes drawn, the labels."""

    crs: CRS
    extent: Extent
    frame_mm: tuple[float, float]
    scale: float
    scale_bar: ScaleBar
    north_angle: float
    legend: list[LegendEntry]
    labels: list[PlacedLabel]
    loss: LossImage | None
    registrations: gpd.GeoDataFrame = field(repr=False)

    @property
    def mm_per_unit(self) -> float:
        return self.frame_mm[0] / self.extent.width


@dataclass
class MapSheet:
    """A finished sheet: the figure to save and what its map frame shows."""

    figure: Figure
    page: Page
    frame: FrameReport
    kind: str


def draw_map_frame(fig: Figure, page: Page, box: Box, results: Results, crs: CRS, extent: Extent,
                   lang: str, dpi: float, focus_code: str | None = None, number_hosted_by: str | None = None,
                   highlight_codes: set[str] | None = None) -> FrameReport:
    """Draw the map of ``results`` over ``extent`` into ``box``."""
    ax = fig.add_axes(page.rect(box))
    ax.set_facecolor("white")
    neat_frame(ax)
    layers = _visible_layers(results, crs, extent)
    conc, reg = layers["concessions"], layers["registrations"]
    fontsize = page.pt(6.0)

    mm = box.w / extent.width
    legal = map_layers.draw_concessions(ax, conc, mm, lighter=focus_code is not None)
    loss = read_loss_image(results.summary, crs, extent, grid_shape(box.w, box.h, dpi))
    if loss is not None:
        _draw_loss(ax, loss)
    restricted = map_layers.draw_restricted(ax, layers["restricted_areas"])
    overlaps = map_layers.draw_overlaps(ax, layers["concession_overlaps"])
    if focus_code is not None:
        map_layers.draw_focus(ax, conc.loc[conc["code"] == focus_code].geometry.values)
    if highlight_codes:
        map_layers.draw_focus(ax, conc.loc[conc["code"].isin(highlight_codes)].geometry.values)
    symbol_scale = page.pt(1.0) * map_layers.crowding(len(reg), box.w * box.h / 100)
    conflicts = map_layers.draw_registrations(ax, reg, scale=symbol_scale)
    draw_graticule(ax, crs, extent, box.w, lang, page.pt(5.5))

    scale_bar = draw_scale_bar(ax, crs, extent, box.w, lang, page.pt(6.0))
    north = draw_north_arrow(ax, crs, extent, box.w, lang, page.pt(7.0))
    board = LabelBoard(_furniture_boxes(scale_bar, extent, box, mm, page))
    board.reserve(_symbol_boxes(reg, extent, mm, symbol_scale))
    if number_hosted_by is not None:
        _number_registrations(ax, board, reg, number_hosted_by, extent, mm, box, page.pt(6.5))
    origin = (extent.xmin, extent.ymin)
    label_features(ax, board, layers["restricted_areas"].geometry.values,
                   layers["restricted_areas"].get("restricted_name", pd.Series([""] * len(layers["restricted_areas"]))).fillna("").to_numpy(),
                   layers["restricted_areas"].geometry.area.to_numpy(), mm, origin, (box.w, box.h),
                   page.pt(6.5), colour="#1b5e20", style="italic", slack=1.0)
    priority = conc.geometry.area.to_numpy() + np.where(conc["code"].to_numpy() == focus_code, 1e15, 0)
    label_features(ax, board, conc.geometry.values, _claim_label_texts(conc), priority, mm, origin,
                   (box.w, box.h), fontsize, slack=1.0)
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    entries = legend_entries(lang, legal, conflicts, restricted, overlaps, loss,
                             focus="focus" if focus_code is not None else "selected" if highlight_codes else None)
    return FrameReport(crs, extent, (box.w, box.h), scale_denominator(extent, box.w), scale_bar, north, entries,
                       board.placed, loss, reg)


def _visible_layers(results: Results, crs: CRS, extent: Extent) -> dict[str, gpd.GeoDataFrame]:
    """Each spatial layer cut to the features whose boxes touch the extent, in the map CRS."""
    to_ll = to_lonlat(crs)
    xs = np.linspace(extent.xmin, extent.xmax, 21)
    ys = np.linspace(extent.ymin, extent.ymax, 21)
    gx, gy = np.meshgrid(xs, ys)
    edge = (gx == xs[0]) | (gx == xs[-1]) | (gy == ys[0]) | (gy == ys[-1])
    lon, lat = to_ll.transform(gx[edge], gy[edge])
    west, south, east, north = min(lon), min(lat), max(lon), max(lat)
    out = {}
    for name in ("concessions", "registrations", "restricted_areas", "concession_overlaps"):
        frame = getattr(results, name)
        if frame is None or not isinstance(frame, gpd.GeoDataFrame) or frame.empty:
            out[name] = _empty_like(frame, crs)
            continue
        frame = frame.loc[~frame.geometry.is_empty & frame.geometry.notna()]
        if frame.crs is not None and not frame.crs.equals(CRS.from_epsg(4326)):
            frame = frame.to_crs(4326)
        out[name] = frame.cx[west:east, south:north].to_crs(crs)
    return out


def _empty_like(frame, crs) -> gpd.GeoDataFrame:
    columns = [c for c in getattr(frame, "columns", []) if c != "geometry"]
    empty = gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns},
                             geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    for column in ("code", "legal_state", "conflict_type", "restricted_name", "host_code"):
        if column not in empty:
            empty[column] = pd.Series(dtype=object)
    return empty


def _draw_loss(ax, loss: LossImage) -> None:
    """Loss pixels coloured by year (undated loss in its own colour), as a ready RGBA image.

    The image already has the frame's pixel size, so it is drawn without resampling
    (interpolation 'none'), and PDF/SVG embed it as it is.
    """
    e = loss.extent
    colours = [carto.LOSS_UNDATED]
    index = np.where(np.isfinite(loss.years), 0, -1)
    if loss.dated:
        colours += loss_colormap(loss.first_year, loss.last_year)[1]
        index = np.where(loss.years > 0, loss.years - loss.first_year + 1, index).astype(int)
    palette = np.array([to_rgba(c) for c in colours] + [(0, 0, 0, 0)], dtype=float)
    image = (palette[index] * 255).astype(np.uint8)  # index -1 picks the transparent last entry
    ax.imshow(image, extent=(e.xmin, e.xmax, e.ymin, e.ymax), origin="upper", interpolation="none",
              zorder=map_layers.Z_LOSS)


def _claim_label_texts(conc: gpd.GeoDataFrame) -> np.ndarray:
    names = conc["name"].fillna("").astype(str) if "name" in conc else pd.Series([""] * len(conc), index=conc.index)
    codes = conc["code"].fillna("").astype(str) if "code" in conc else names
    return np.where(names.str.strip() != "", names, codes)


def _furniture_boxes(scale_bar: ScaleBar, extent: Extent, box: Box, mm: float, page: Page) -> list:
    """Boxes (frame millimetres) of the scale bar and north arrow, where no label may go."""
    x0 = (scale_bar.start[0] - extent.xmin) * mm
    y0 = (scale_bar.start[1] - extent.ymin) * mm
    bar_w = (scale_bar.end[0] - scale_bar.start[0]) * mm
    return [(x0 - 3, y0 - 3, x0 + bar_w + 7, y0 + 10 * page.k), (box.w - 15, box.h - 19, box.w, box.h)]


def _symbol_boxes(reg: gpd.GeoDataFrame, extent: Extent, mm: float, symbol_scale: float) -> np.ndarray:
    """Boxes of the registration symbols, so labels go beside points rather than over them."""
    if reg.empty:
        return np.empty((0, 4))
    sizes = np.array([carto.CONFLICT_TYPE[c].size for c in reg["conflict_type"].fillna("no_concession")])
    half = sizes * symbol_scale * MM_PER_PT / 2
    x = (reg.geometry.x.to_numpy() - extent.xmin) * mm
    y = (reg.geometry.y.to_numpy() - extent.ymin) * mm
    return np.column_stack([x - half, y - half, x + half, y + half])


def _number_registrations(ax, board: LabelBoard, reg: gpd.GeoDataFrame, host_code: str, extent: Extent,
                          mm: float, box: Box, fontsize: float) -> None:
    """Number the registrations on the case's claim (1, 2, ...) as in the case table."""
    hosted = case_registrations(reg, host_code)
    offsets = [(1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1.4), (0, -1.4), (1.4, 0), (-1.4, 0)]
    height = line_height_mm(fontsize, 1.0)
    for number, point in enumerate(hosted.geometry, start=1):
        text = str(number)
        width = text_width_mm(text, fontsize, "bold")
        px, py = (point.x - extent.xmin) * mm, (point.y - extent.ymin) * mm
        for ox, oy in offsets:
            cx, cy = px + ox * (width / 2 + 1.6), py + oy * (height / 2 + 1.2)
            label_box = (cx - width / 2 - 0.3, cy - height / 2, cx + width / 2 + 0.3, cy + height / 2)
            if label_box[0] >= 0 and label_box[2] <= box.w and label_box[1] >= 0 and label_box[3] <= box.h and board.free(label_box):
                ax.text(extent.xmin + cx / mm, extent.ymin + cy / mm, text, ha="center", va="center",
                        fontsize=fontsize, fontweight="bold", path_effects=halo(1.6), zorder=map_layers.Z_LABELS + 0.5)
                board.take(text, label_box)
                break


def case_registrations(reg: gpd.GeoDataFrame, host_code: str) -> gpd.GeoDataFrame:
    """The registrations hosted by ``host_code``, in the order the case table numbers them."""
    hosted = reg.loc[reg["host_code"] == host_code]
    order = hosted["conflict_type"].map({c: i for i, c in enumerate(carto.CONFLICT_ORDER)})
    return hosted.assign(_order=order).sort_values(["_order", "reg_id"], kind="stable").drop(columns="_order")


# --- notes: sources, criteria, provenance -----------------------------------------------------------


def source_lines(summary: dict, lang: str) -> list[str]:
    """One line per input file: kind, name, date, first 8 characters of its sha256."""
    lines, seen = [], set()
    for entry in summary.get("inputs", []):
        path = Path(entry.get("path", ""))
        key = (entry.get("kind"), path.parent, path.stem)
        if key in seen:  # the .shx/.dbf/.prj of a shapefile already listed
            continue
        seen.add(key)
        lines.append(tr("map.source_line", lang, kind=tr(f"map.source_kind.{entry.get('kind')}", lang),
                        file=path.name, date=_file_date(entry, lang), sha=str(entry.get("sha256", ""))[:8]))
    return lines


def _file_date(entry: dict, lang: str) -> str:
    if entry.get("modified"):
        return str(entry["modified"])[:10]
    path = Path(entry.get("path", ""))
    if path.is_file():
        return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return tr("map.source_date_unknown", lang)


def rule_lines(results: Results, lang: str) -> list[str]:
    idle = results.rules.get("idle", {})
    lines = []
    if idle:
        lines.append(tr("map.rule.idle", lang, years=idle.get("min_years"), lookback=idle.get("activity_lookback_years"),
                        pct=format_number(100 * float(idle.get("max_loss_fraction", 0)), lang, None)))
    lines.append(tr("map.rule.coexistence", lang))
    return lines


def provenance_lines(results: Results, lang: str, frame: FrameReport | None, page: Page | None) -> list[str]:
    summary = results.summary
    lines = []
    if frame is not None:
        lines.append(tr("map.projection", lang, crs=crs_label(frame.crs)))
        if page is not None:
            lines.append(tr("map.scale", lang, scale=format_number(round(frame.scale, -2), lang), page=page.label))
    started = str(summary.get("started", ""))[:10]
    if started:
        lines.append(tr("map.analysed", lang, date=started,
                        reference=results.rules.get("reference_date", started) or started))
    lines.append(tr("map.produced", lang, date=dt.date.today().isoformat(), version=__version__))
    return lines


def draw_paragraphs(fig: Figure, page: Page, box: Box, blocks: list[tuple[str | None, list[str]]],
                    fontsize: float, min_fontsize: float = 4.2) -> None:
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
