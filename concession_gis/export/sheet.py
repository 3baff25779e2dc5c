"""One map frame on a sheet, with everything that belongs to it.

:func:`draw_map_frame` is shared by the regional map, each case page and the atlas cover: it
projects the layers, draws them in a fixed order, labels what fits, adds the grid, scale bar
and north arrow, and reports what it drew (:class:`FrameReport`) so the legend and the tests
work from the same facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import Affine2D
from pyproj import CRS

from concession_gis import density
from concession_gis.export import cartography as carto
from concession_gis.export import map_layers
from concession_gis.export.basemap_layer import draw_basemap, label_towns
from concession_gis.export.context_layers import draw_context
from concession_gis.export.furniture import (
    ScaleBar,
    draw_graticule,
    draw_north_arrow,
    draw_scale_bar,
    draw_synthetic_mark,
    neat_frame,
)
from concession_gis.export.geopdf import register_frame
from concession_gis.export.labels import LabelBoard, PlacedLabel, inside_frame, label_features
from concession_gis.export.layout import Box, Page
from concession_gis.export.legend import LegendEntry, legend_entries
from concession_gis.export.loss_layer import LossImage, grid_shape, loss_rgba, read_loss_image
from concession_gis.export.map_theme import PERU, MapTheme, theme_of
from concession_gis.export.mapframe import Extent, scale_denominator, to_lonlat
from concession_gis.export.near_features import in_extent, printed_fronts
from concession_gis.export.raster_edge import draw_raster_edge
from concession_gis.export.typography import (
    MIN_TEXT_PT,
    MM_PER_PT,
    halo,
    line_height_mm,
    text_width_mm,
)
from concession_gis.model import Results
from concession_gis.rules import MapRules, default_rules


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
    # The base map's layers drawn (rivers, lakes, borders, towns), for the legend and sources.
    basemap: dict[str, int] = field(default_factory=dict)
    # The user's context layers drawn (features by file name), for the sources line.
    context: dict[str, int] = field(default_factory=dict)


@dataclass
class MapSheet:
    """A finished sheet: the figure to save and what its map frame shows."""

    figure: Figure
    page: Page
    frame: FrameReport
    kind: str
    # Pages that follow the sheet in a PDF: a case table's continuation (empty for a map).
    more: list[Figure] = field(default_factory=list)


def draw_map_frame(fig: Figure, page: Page, box: Box, results: Results, crs: CRS, extent: Extent,
                   lang: str, dpi: float, focus_code: str | None = None, number_hosted_by: str | None = None,
                   highlight_codes: set[str] | None = None, keep_clear: Sequence[tuple[float, float, float, float]] = ()
                   ) -> FrameReport:
    """Draw the map of ``results`` over ``extent`` into ``box``, in its country's terms
    (:func:`~concession_gis.export.map_theme.theme_of`); no label goes in ``keep_clear`` (frame
    millimetres, from the lower left), where the caller draws an inset."""
    theme = theme_of(results)
    ax = fig.add_axes(page.rect(box))
    ax.set_facecolor("white")
    neat_frame(ax)
    register_frame(ax, crs)  # a PDF of the sheet places the frame on the ground
    lonlat = lonlat_box(crs, extent)
    layers = _visible_layers(results, crs, extent, lonlat)
    conc, reg = layers["concessions"], layers["registrations"]
    fontsize = page.pt(MIN_TEXT_PT)

    mm = box.w / extent.width
    base, towns = draw_basemap(ax, crs, extent, lonlat)
    user = draw_context(ax, results.context, crs, extent, lonlat, mm)
    legal = map_layers.draw_concessions(ax, conc, mm, lighter=focus_code is not None, theme=theme)
    loss = read_loss_image(results.summary, crs, extent, grid_shape(box.w, box.h, dpi))
    if loss is not None:
        _draw_loss(ax, loss)
    raster_edge = draw_raster_edge(ax, results.summary, crs, extent)
    restricted = map_layers.draw_restricted(ax, layers["restricted_areas"])
    allowed = map_layers.draw_allowed_zones(ax, layers["allowed_zones"])
    overlaps = map_layers.draw_overlaps(ax, layers["concession_overlaps"])
    fronts = map_layers.draw_fronts(ax, layers["loss_fronts"])
    reversion = map_layers.draw_reversion(ax, conc) if theme.reversion else 0
    if focus_code is not None:
        map_layers.draw_focus(ax, conc.loc[conc["code"] == focus_code].geometry.values)
    if highlight_codes:
        map_layers.draw_focus(ax, conc.loc[conc["code"].isin(highlight_codes)].geometry.values,
                              colour=carto.SELECTED_EDGE)
    maps = map_rules(results)
    frame_cm2 = box.w * box.h / 100
    symbol_scale = page.pt(1.0) * map_layers.crowding(len(reg), frame_cm2)
    dense = density.is_dense(len(reg), frame_cm2, maps["aggregate_above_per_cm2"])
    if dense:  # candidates and prohibited-area miners one by one, full size, over hexagons
        symbol_scale = page.pt(1.0)
        conflicts = map_layers.draw_registration_hexagons(ax, reg, maps["hexagon_mm"] / mm,
                                                          scale=symbol_scale, theme=theme)
        reg = reg.loc[reg["conflict_type"].isin(theme.always_single)]
    else:
        conflicts = map_layers.draw_registrations(ax, reg, scale=symbol_scale, theme=theme)
    draw_graticule(ax, crs, extent, box.w, lang, page.pt(MIN_TEXT_PT))

    scale_bar = draw_scale_bar(ax, crs, extent, box.w, lang, page.pt(MIN_TEXT_PT))
    north = draw_north_arrow(ax, crs, extent, box.w, lang, page.pt(7.0))
    board = LabelBoard(_furniture_boxes(scale_bar, extent, box, mm, page))
    if keep_clear:
        board.reserve(list(keep_clear))
    if results.summary.get("synthetic"):
        board.reserve([draw_synthetic_mark(ax, extent, box.w, box.h, lang, page.pt(8.0))])
    board.reserve(_symbol_boxes(reg, extent, mm, symbol_scale, theme))
    if number_hosted_by is not None:
        _number_registrations(ax, board, reg, number_hosted_by, extent, mm, box, page.pt(6.5), theme)
    if reversion:
        _rank_candidates(ax, board, conc, extent, mm, box, page.pt(8.0))
    origin = (extent.xmin, extent.ymin)
    areas = layers["restricted_areas"]
    label_features(ax, board, areas.geometry.values, areas["restricted_name"].fillna("").astype(str).to_numpy(),
                   areas.geometry.area.to_numpy(), mm, origin, (box.w, box.h), page.pt(6.5),
                   colour="#1b5e20", style="italic")
    # Larger claims first; a case's own claim before all of them.
    priority = conc.geometry.area.to_numpy() + np.where(conc["code"].to_numpy() == focus_code, 1e15, 0)
    label_features(ax, board, conc.geometry.values, _claim_label_texts(conc), priority, mm, origin,
                   (box.w, box.h), fontsize)
    # Town names last: only where no finding, claim name or symbol is.
    label_towns(ax, board, towns, extent, mm, (box.w, box.h), fontsize)
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    entries = legend_entries(lang, legal, conflicts, restricted, overlaps, loss, allowed=allowed, raster_edge=raster_edge,
                             focus="focus" if focus_code is not None else "selected" if highlight_codes else None,
                             fronts=fronts, hexagon_mm=maps["hexagon_mm"] if dense else None, basemap=base,
                             theme=theme, reversion=reversion,
                             context=[layer for layer in results.context if user.get(layer.source)])
    return FrameReport(crs, extent, (box.w, box.h), scale_denominator(extent, box.w), scale_bar, north, entries,
                       board.placed, loss, dict(base), user)


def map_rules(results: Results) -> MapRules:
    """The run's ``[maps]`` rules; the defaults for results written before the table existed."""
    return results.rules.get("maps") or default_rules()["maps"]


def lonlat_box(crs: CRS, extent: Extent) -> tuple[float, float, float, float]:
    """The lon/lat box (west, south, east, north) that holds the extent, its edges sampled."""
    xs = np.linspace(extent.xmin, extent.xmax, 21)
    ys = np.linspace(extent.ymin, extent.ymax, 21)
    gx, gy = np.meshgrid(xs, ys)
    edge = (gx == xs[0]) | (gx == xs[-1]) | (gy == ys[0]) | (gy == ys[-1])
    lon, lat = to_lonlat(crs).transform(gx[edge], gy[edge])
    return float(min(lon)), float(min(lat)), float(max(lon)), float(max(lat))


def _visible_layers(results: Results, crs: CRS, extent: Extent, lonlat: tuple[float, float, float, float]
                    ) -> dict[str, gpd.GeoDataFrame]:
    """Each spatial layer cut to the features that touch the extent, in the map CRS (exact for
    points, so the legend counts what the frame shows). A first cut in degrees (``lonlat``) keeps
    the projection to the features near the map, each projected once per map CRS
    (:mod:`~concession_gis.export.near_features`): an atlas's pages share them."""
    box = (extent.xmin, extent.ymin, extent.xmax, extent.ymax)
    out = {}
    for name in ("concessions", "registrations", "restricted_areas", "allowed_zones", "concession_overlaps",
                 "loss_fronts"):
        frame = getattr(results, name, None)
        if frame is None or not isinstance(frame, gpd.GeoDataFrame) or frame.empty:
            out[name] = _empty_like(frame, crs)
            continue
        out[name] = in_extent(printed_fronts(frame) if name == "loss_fronts" else frame, crs, lonlat, box)
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

    The image already has the frame's pixel size, or is the raster's own pixels placed by their
    affine; either way it is drawn without resampling (interpolation 'none'), and PDF/SVG embed it
    as it is.
    """
    if loss.placement is not None:
        rows, cols = loss.years.shape
        p = loss.placement
        ax.imshow(loss_rgba(loss), extent=(0, cols, rows, 0), origin="upper", interpolation="none",
                  transform=Affine2D.from_values(p.a, p.d, p.b, p.e, p.c, p.f) + ax.transData,
                  zorder=map_layers.Z_LOSS)
        return
    e = loss.extent
    ax.imshow(loss_rgba(loss), extent=(e.xmin, e.xmax, e.ymin, e.ymax), origin="upper", interpolation="none",
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


def _symbol_boxes(reg: gpd.GeoDataFrame, extent: Extent, mm: float, symbol_scale: float,
                  theme: MapTheme = PERU) -> np.ndarray:
    """Boxes of the registration symbols, so labels go beside points rather than over them."""
    if reg.empty:
        return np.empty((0, 4))
    styles = theme.point_styles
    sizes = np.array([styles.get(c, styles[theme.no_point_class]).size
                      for c in reg["conflict_type"].fillna(theme.no_point_class)])
    half = sizes * symbol_scale * MM_PER_PT / 2
    x = (reg.geometry.x.to_numpy() - extent.xmin) * mm
    y = (reg.geometry.y.to_numpy() - extent.ymin) * mm
    return np.column_stack([x - half, y - half, x + half, y + half])


def _rank_candidates(ax, board: LabelBoard, areas: gpd.GeoDataFrame, extent: Extent, mm: float, box: Box,
                     fontsize: float) -> None:
    """Each reversion candidate's rank (1 first), in bold in the candidates' colour inside its
    area: where a free spot is found, else at its centre all the same (a rank is a finding, it
    is never left off for want of room)."""
    if "reversion_rank" not in areas:
        return
    ranked = areas.loc[areas["reversion_candidate"].fillna(False).astype(bool).to_numpy()
                       & areas["reversion_rank"].notna().to_numpy()]
    height = line_height_mm(fontsize, 1.0)
    for rank, geometry in zip(ranked["reversion_rank"], ranked.geometry.values, strict=True):
        text = str(int(rank))
        width = text_width_mm(text, fontsize, "bold")
        point = geometry.representative_point()
        px, py = (point.x - extent.xmin) * mm, (point.y - extent.ymin) * mm
        spot = _label_spot(board, box, (px, py), (width, height), ((0, 0), (0, 1.2), (0, -1.2), (1.2, 0), (-1.2, 0)),
                           (1.0, 0.8), 0.4)
        if spot is None:
            continue
        cx, cy, label_box = spot
        ax.text(extent.xmin + cx / mm, extent.ymin + cy / mm, text, ha="center", va="center", fontsize=fontsize,
                fontweight="bold", color=carto.REVERSION_EDGE, path_effects=halo(2.0), zorder=map_layers.Z_LABELS + 0.6)
        board.take(text, label_box)


def _number_registrations(ax, board: LabelBoard, reg: gpd.GeoDataFrame, host_code: str, extent: Extent,
                          mm: float, box: Box, fontsize: float, theme: MapTheme = PERU) -> None:
    """Number the registrations on the case's claim (1, 2, ...) as in the case table: every one,
    beside its point where a free spot is found, else on the first spot inside the frame (a
    crowded claim shows numbers over each other rather than rows with no number on the map)."""
    hosted = case_registrations(reg, host_code, theme)
    offsets = [(1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1.4), (0, -1.4), (1.4, 0), (-1.4, 0)]
    height = line_height_mm(fontsize, 1.0)
    for number, point in enumerate(hosted.geometry, start=1):
        text = str(number)
        width = text_width_mm(text, fontsize, "bold")
        px, py = (point.x - extent.xmin) * mm, (point.y - extent.ymin) * mm
        spot = _label_spot(board, box, (px, py), (width, height), offsets, (1.6, 1.2), 0.3)
        if spot is None:
            continue
        cx, cy, label_box = spot
        ax.text(extent.xmin + cx / mm, extent.ymin + cy / mm, text, ha="center", va="center",
                fontsize=fontsize, fontweight="bold", path_effects=halo(1.6), zorder=map_layers.Z_LABELS + 0.5)
        board.take(text, label_box)


def case_registrations(reg: gpd.GeoDataFrame, host_code: str, theme: MapTheme = PERU) -> gpd.GeoDataFrame:
    """The registrations (Bolivia's work sites) hosted by ``host_code``, in the order the case
    table numbers them."""
    hosted = reg.loc[reg["host_code"] == host_code]
    # The order from a frame of the two keys, then one take of the wide layer (sorting it with a
    # column added copied all its 50 columns three times, twice for each page of an atlas).
    keys = pd.DataFrame({"order": hosted["conflict_type"].map({c: i for i, c in enumerate(theme.point_order)}).to_numpy(),
                         "reg_id": hosted["reg_id"].to_numpy()})
    return hosted.take(keys.sort_values(["order", "reg_id"], kind="stable").index.to_numpy())


def _label_spot(board: LabelBoard, box: Box, point: tuple[float, float], size: tuple[float, float],
                offsets, gap: tuple[float, float], pad: float):
    """Where a label of ``size`` (mm) goes beside ``point``: the first of the ``offsets`` (in
    label halves plus ``gap``) inside the frame and free on the board, else the first inside the
    frame; (x, y, box) or None when none is inside."""
    (px, py), (width, height) = point, size
    spots = []
    for ox, oy in offsets:
        cx, cy = px + ox * (width / 2 + gap[0]), py + oy * (height / 2 + gap[1])
        label_box = (cx - width / 2 - pad, cy - height / 2, cx + width / 2 + pad, cy + height / 2)
        if inside_frame(label_box, (box.w, box.h)):
            spots.append((board.free(label_box), cx, cy, label_box))
    if not spots:
        return None
    _, cx, cy, label_box = next((s for s in spots if s[0]), spots[0])
    return cx, cy, label_box
