"""Paint layers into a QImage: runs on the render thread, never on the GUI thread.

Everything a frame needs is gathered with numpy from :class:`PreparedVector` arrays; Qt gets
few, large calls: one QPainterPath per class and chunk (built from a numpy buffer through
QDataStream, no Python loop per polygon) and one drawPoints per class and chunk. Each call is
kept under ~15 ms because PyQt holds the GIL inside it and the GUI thread must not wait longer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from concession_gis_ui.canvas.symbols import (
    HEXAGON_ALPHA,
    SHAPES,
    Hexagons,
    hexagon_width_px,
    hexagons,
    screen_cm2,
    symbols_for,
)
from concession_gis_ui.canvas.viewport import Viewport
from concession_gis_ui.prepared import PreparedVector
from concession_gis_ui.styles import Classes
from PyQt5.QtCore import QByteArray, QDataStream, QRectF, Qt
from PyQt5.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from concession_gis.density import hexagon_corners, is_dense

MAX_VERTICES = 10_000  # per QPainterPath: a few ms of filling (PyQt holds the GIL during the call)
MAX_POINTS = 5_000  # per drawPoints call: ~3 ms with a 7-pixel pen
SYMBOLS_PER_CHECK = 500  # symbol copies between two checks (~2 ms)
TINY_PX = 1.5  # polygons smaller than this (both sides) are drawn as one dot
CLIP_PX = 50_000  # polygons larger than this are clipped to the view first (Qt's fixed point range)
FILL_ALPHA = 150
HIGHLIGHT = QColor(255, 230, 0)


class Superseded(Exception):
    """A newer request replaced the one being drawn."""


@dataclass(frozen=True)
class VectorSnapshot:
    """What the render thread needs of a vector layer, taken on the GUI thread."""

    prepared: PreparedVector
    classes: Classes
    opacity: float
    selected: np.ndarray
    # Points only: each class's symbol (symbols.symbols_for), the rows never counted in hexagons,
    # and the density rule (aggregate above per cm2, hexagon mm) or None to draw every point.
    symbols: tuple | None = None
    single: np.ndarray | None = None
    density: tuple[float, float] | None = None


@dataclass(frozen=True)
class RasterSnapshot:
    source: Any  # canvas.raster.RasterSource
    opacity: float


@dataclass(frozen=True)
class ContextSnapshot:
    """A context layer (canvas.context): its drawing paints itself."""

    drawing: Any
    opacity: float


def new_image(view: Viewport) -> QImage:
    image = QImage(view.width, view.height, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    return image


def render_map(view: Viewport, layers: list, check: Callable[[], None]) -> QImage:
    """Every layer of ``layers`` (bottom first) drawn for ``view``."""
    image = new_image(view)
    painter = QPainter(image)
    try:
        for layer in layers:
            check()
            painter.setOpacity(layer.opacity)
            if isinstance(layer, RasterSnapshot):
                draw_raster(painter, layer.source, view, check)
            elif isinstance(layer, ContextSnapshot):
                layer.drawing.paint(painter, view, check)
            elif layer.prepared.kind == "polygon":
                draw_polygons(painter, layer.prepared, layer.classes, view, check)
            else:
                draw_points(painter, layer, view, check)
    finally:
        painter.end()
    return image


def render_selection(view: Viewport, layers: list[VectorSnapshot], check: Callable[[], None]) -> QImage:
    """The selected features of ``layers``, outlined in yellow."""
    image = new_image(view)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    try:
        for layer in layers:
            prep, rows = layer.prepared, layer.selected
            if not len(rows):
                continue
            check()
            shown = np.zeros(len(prep), dtype=bool)
            shown[rows] = True
            shown &= prep.in_box(view.extent())
            if prep.kind == "polygon":
                for width, color in ((5, QColor(0, 0, 0, 160)), (3, HIGHLIGHT)):
                    painter.setPen(QPen(color, width))
                    painter.setBrush(QBrush(QColor(255, 230, 0, 60)))
                    for path in _paths(prep, shown, view, check):
                        painter.drawPath(path)
                    px, py = view.to_pixels(*prep.points[shown & _tiny(prep, view)].T)
                    _draw_dots(painter, px, py, 9, color, check)
            else:
                px, py = view.to_pixels(*prep.points[shown].T)
                _draw_dots(painter, px, py, 14, QColor(0, 0, 0, 160), check)
                _draw_dots(painter, px, py, 11, HIGHLIGHT, check)
    finally:
        painter.end()
    return image


# --- polygons ----------------------------------------------------------------------------------


def draw_polygons(painter: QPainter, prep: PreparedVector, classes: Classes, view: Viewport, check) -> None:
    visible = prep.in_box(view.extent())
    tiny = visible & _tiny(prep, view)
    large = visible & ~tiny
    codes = classes.codes
    for code in np.unique(codes[visible]):
        color = QColor(*classes.colors[code])
        fill = QColor(color)
        fill.setAlpha(min(color.alpha(), FILL_ALPHA))
        painter.setPen(QPen(color.darker(150), 0))
        painter.setBrush(QBrush(fill))
        for path in _paths(prep, large & (codes == code), view, check):
            painter.drawPath(path)
        px, py = view.to_pixels(*prep.points[tiny & (codes == code)].T)
        _draw_dots(painter, px, py, 2, color, check, round_cap=False)


def _tiny(prep: PreparedVector, view: Viewport) -> np.ndarray:
    b = prep.bounds
    with np.errstate(invalid="ignore"):
        return ((b[:, 2] - b[:, 0]) < TINY_PX * view.sx) & ((b[:, 3] - b[:, 1]) < TINY_PX * view.sy)


def _paths(prep: PreparedVector, features: np.ndarray, view: Viewport, check):
    """QPainterPaths (one per ~MAX_VERTICES) of the rings of ``features``, in pixels."""
    b = prep.bounds
    huge = features & (((b[:, 2] - b[:, 0]) / view.sx > CLIP_PX) | ((b[:, 3] - b[:, 1]) / view.sy > CLIP_PX))
    if huge.any():
        features = features & ~huge
        yield from _clipped_paths(prep, huge, view)
    keep = features[prep.vertex_feature]
    if not keep.any():
        return
    xy = prep.xy[keep]
    starts = prep.ring_start[keep]
    px, py = view.to_pixels(xy[:, 0], xy[:, 1])
    px, py, starts = _thin(px, py, starts)
    check()
    ring_first = np.flatnonzero(starts)
    # Cut at ring starts so no ring is split between two paths.
    cuts = ring_first[np.searchsorted(ring_first, np.arange(MAX_VERTICES, len(px), MAX_VERTICES))]
    bounds = np.unique(np.concatenate([[0], cuts, [len(px)]]))
    for a, z in zip(bounds[:-1], bounds[1:], strict=False):
        yield path_from_arrays(px[a:z], py[a:z], starts[a:z])
        check()


def _clipped_paths(prep: PreparedVector, features: np.ndarray, view: Viewport):
    minx, miny, maxx, maxy = view.extent()
    margin = (maxx - minx) * 0.1
    clipped = shapely.clip_by_rect(prep.geometries[features], minx - margin, miny - margin, maxx + margin, maxy + margin)
    for geom in clipped:
        if geom is None or geom.is_empty:
            continue
        parts = shapely.get_parts(geom)
        rings = shapely.get_rings(parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON])
        xy, ring = shapely.get_coordinates(rings, return_index=True)
        if not len(xy):
            continue
        starts = np.ones(len(xy), dtype=bool)
        starts[1:] = ring[1:] != ring[:-1]
        px, py = view.to_pixels(xy[:, 0], xy[:, 1])
        yield path_from_arrays(px, py, starts)


def _thin(px: np.ndarray, py: np.ndarray, starts: np.ndarray):
    """Drop vertices in the same pixel as the one before (simplification to the pixel size).

    The first and last vertex of every ring stay, so rings stay closed.
    """
    if len(px) < 3:
        return px, py, starts
    ix, iy = np.floor(px), np.floor(py)
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:]
    ends[-1] = True
    moved = np.ones(len(px), dtype=bool)
    moved[1:] = (ix[1:] != ix[:-1]) | (iy[1:] != iy[:-1])
    keep = starts | ends | moved
    return px[keep], py[keep], starts[keep]


_PATH_DTYPE = np.dtype([("kind", ">i4"), ("x", ">f8"), ("y", ">f8")])


def path_from_arrays(px: np.ndarray, py: np.ndarray, starts: np.ndarray) -> QPainterPath:
    """A QPainterPath with a sub-path per ring, built by QDataStream from one numpy buffer.

    The layout is Qt 5's serialisation of QPainterPath: element count, then (type, x, y) per
    element (0 move-to, 1 line-to), then the start of the current sub-path and the fill rule
    (1 = winding, so overlapping claims stay filled and holes, wound the other way, stay empty).
    """
    n = len(px)
    elements = np.empty(n, dtype=_PATH_DTYPE)
    elements["kind"] = np.where(starts, 0, 1)
    elements["x"] = px
    elements["y"] = py
    last_start = int(np.flatnonzero(starts)[-1]) if n else 0
    data = np.array([n], ">i4").tobytes() + elements.tobytes() + np.array([last_start, 1], ">i4").tobytes()
    path = QPainterPath()
    stream = QDataStream(QByteArray(data))
    stream >> path
    return path


# --- points ------------------------------------------------------------------------------------


def draw_points(painter: QPainter, layer: VectorSnapshot, view: Viewport, check) -> None:
    """Every point as its class's symbol; above the density rule, hexagons counting them under
    the candidates and prohibited-area miners, which stay symbols (with a white halo) on top."""
    prep, classes = layer.prepared, layer.classes
    visible = points_in_view(prep, view)
    symbols = layer.symbols or symbols_for(None, classes.values)
    if aggregates(visible, view, layer.density):
        single = visible & layer.single if layer.single is not None else np.zeros_like(visible)
        pooled = visible & ~single
        cells = hexagons(prep.points[pooled], classes.codes[pooled], view.sx, view.sy, hexagon_width_px(layer.density[1]))
        check()
        draw_hexagons(painter, cells, classes, view, check)
        draw_symbols(painter, prep.points[single], classes.codes[single], classes, symbols, view, check, halo=True)
    else:
        draw_symbols(painter, prep.points[visible], classes.codes[visible], classes, symbols, view, check)


def points_in_view(prep: PreparedVector, view: Viewport) -> np.ndarray:
    """The points in ``view``, with a margin of a symbol's size."""
    minx, miny, maxx, maxy = view.extent()
    pad = 8 * view.sx
    return prep.in_box((minx - pad, miny - pad, maxx + pad, maxy + pad))


def aggregates(visible: np.ndarray, view: Viewport, density: tuple[float, float] | None) -> bool:
    """Whether the points ``visible`` in ``view`` are counted in hexagons under ``density``."""
    return density is not None and is_dense(int(visible.sum()), screen_cm2(view.width, view.height), density[0])


def draw_hexagons(painter: QPainter, cells: Hexagons, classes: Classes, view: Viewport, check) -> None:
    corners = hexagon_corners(cells.width_px)
    cx, cy = view.to_pixels(cells.centres[:, 0], cells.centres[:, 1])
    painter.setPen(Qt.NoPen)
    for code in np.unique(cells.codes):
        chosen = cells.codes == code
        color = QColor(*classes.colors[code])
        color.setAlpha(HEXAGON_ALPHA)
        painter.setBrush(QBrush(color))
        for path in _outlines(cx[chosen], cy[chosen], corners, cells.grow[chosen], check):
            painter.drawPath(path)


def draw_symbols(painter, points, codes, classes: Classes, symbols, view: Viewport, check, halo: bool = False) -> None:
    """Each point as its class's shape, filled with the class colour, rimmed as the print rims it;
    the more actionable classes (listed first) drawn last, on top.

    Each class's symbol is drawn once into a small image and then copied to every point: one
    path of thousands of antialiased outlines (a wide halo above all) held the GIL for 0.2-0.7 s
    in a single call; a copy is a few microseconds, with the GUI thread free between them.
    """
    if not len(points):
        return
    px, py = view.to_pixels(points[:, 0], points[:, 1])
    for code in np.unique(codes)[::-1]:
        chosen = codes == code
        symbol = symbols[code] if code < len(symbols) else symbols[-1]
        image, half = symbol_image(symbol, classes.colors[code], halo)
        xs = np.round(px[chosen] - half).astype(np.int64).tolist()
        ys = np.round(py[chosen] - half).astype(np.int64).tolist()
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            painter.drawImage(x, y, image)
            if i % SYMBOLS_PER_CHECK == SYMBOLS_PER_CHECK - 1:
                check()
        check()


@lru_cache(maxsize=256)
def symbol_image(symbol, color: tuple, halo: bool) -> tuple[QImage, float]:
    """``symbol`` in ``color`` (with a white halo when ``halo``) drawn antialiased into a small
    image, and the distance from its corner to the symbol's centre (pixels)."""
    margin = 3 if halo else 1
    side = int(np.ceil(symbol.size * 1.25)) + 2 * margin
    image = QImage(side, side, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    outline = SHAPES.get(symbol.shape, SHAPES["circle"]) * symbol.size + side / 2
    polygon = polygon_from_arrays(outline[:, 0], outline[:, 1])
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    if halo:
        painter.setPen(QPen(QColor(255, 255, 255, 230), 4))
        painter.drawPolygon(polygon)
    painter.setPen(QPen(QColor(*symbol.edge), 1))
    painter.setBrush(QBrush(QColor(*color)))
    painter.drawPolygon(polygon)
    painter.end()
    return image, side / 2


def _outlines(px: np.ndarray, py: np.ndarray, outline: np.ndarray, scale: np.ndarray, check):
    """QPainterPaths of ``outline`` (k, 2 pixel offsets) scaled by ``scale`` at every (px, py),
    each closed, a path per ~MAX_VERTICES vertices."""
    ring = np.vstack([outline, outline[:1]])
    k = len(ring)
    per_path = max(1, MAX_VERTICES // k)
    starts = np.zeros(k, dtype=bool)
    starts[0] = True
    for a in range(0, len(px), per_path):
        z = min(a + per_path, len(px))
        xs = (px[a:z, None] + ring[None, :, 0] * scale[a:z, None]).ravel()
        ys = (py[a:z, None] + ring[None, :, 1] * scale[a:z, None]).ravel()
        yield path_from_arrays(xs, ys, np.tile(starts, z - a))
        check()


def _draw_dots(painter, px, py, size, color, check, round_cap=True) -> None:
    if not len(px):
        return
    pen = QPen(color, size)
    pen.setCapStyle(Qt.RoundCap if round_cap else Qt.SquareCap)
    painter.setPen(pen)
    for start in range(0, len(px), MAX_POINTS):
        painter.drawPoints(polygon_from_arrays(px[start:start + MAX_POINTS], py[start:start + MAX_POINTS]))
        check()


def polygon_from_arrays(px: np.ndarray, py: np.ndarray) -> QPolygonF:
    """A QPolygonF filled from numpy through its buffer (no QPointF per point)."""
    polygon = QPolygonF(len(px))
    buffer = polygon.data()
    buffer.setsize(16 * len(px))
    view = np.frombuffer(buffer, dtype=np.float64).reshape(-1, 2)
    view[:, 0] = px
    view[:, 1] = py
    return polygon


# --- rasters -----------------------------------------------------------------------------------


def draw_raster(painter: QPainter, source, view: Viewport, check) -> None:
    picture = source.read(view, check)
    if picture is None:
        return
    rgba, (left, top, width, height) = picture
    image = QImage(rgba.data, rgba.shape[1], rgba.shape[0], rgba.shape[1] * 4, QImage.Format_RGBA8888)
    painter.drawImage(QRectF(left, top, width, height), image)
