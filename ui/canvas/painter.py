"""Paint layers into a QImage: runs on the render thread, never on the GUI thread.

Everything a frame needs is gathered with numpy from :class:`PreparedVector` arrays; Qt gets
few, large calls: one QPainterPath per class and chunk (built from a numpy buffer through
QDataStream, no Python loop per polygon) and one drawPoints per class and chunk. Each call is
kept under ~15 ms because PyQt holds the GIL inside it and the GUI thread must not wait longer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from concession_gis_ui.canvas.viewport import Viewport
from concession_gis_ui.prepared import PreparedVector
from concession_gis_ui.styles import Classes
from PyQt5.QtCore import QByteArray, QDataStream, QRectF, Qt
from PyQt5.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

MAX_VERTICES = 10_000  # per QPainterPath: a few ms of filling (PyQt holds the GIL during the call)
MAX_POINTS = 5_000  # per drawPoints call: ~3 ms with a 7-pixel pen
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
                draw_points(painter, layer.prepared, layer.classes, view, check)
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


def draw_points(painter: QPainter, prep: PreparedVector, classes: Classes, view: Viewport, check) -> None:
    minx, miny, maxx, maxy = view.extent()
    pad = 8 * view.sx
    visible = prep.in_box((minx - pad, miny - pad, maxx + pad, maxy + pad))
    codes = classes.codes
    present = np.unique(codes[visible])
    count = int(visible.sum())
    # Many points far out: small dots without rims, or they bury the map (and cost twice).
    size = 7 if count < 5_000 else 5 if count < 20_000 else 3
    if size > 3:
        # Dark rims first, then the colours, so no point hides another's outline.
        px, py = view.to_pixels(*prep.points[visible].T)
        _draw_dots(painter, px, py, size + 2, QColor(30, 30, 30, 200), check, round_cap=size > 5)
    for code in present:
        chosen = visible & (codes == code)
        px, py = view.to_pixels(*prep.points[chosen].T)
        _draw_dots(painter, px, py, size, QColor(*classes.colors[code]), check, round_cap=size > 5)


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
