"""Pictures of the context layers: the bundled base map, a user's vector file, a user's raster.

Each drawing is made once off the GUI thread (files read, reprojected to EPSG:4326, lines
flattened into numpy arrays) and then painted by the render thread like the analysis layers:
vertices to pixels with numpy, one QPainterPath per few thousand vertices. The base map uses the
print's colours (``concession_gis.export.basemap_layer``) so the window and the paper agree.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
import shapely
from concession_gis_ui.canvas.painter import (
    MAX_POINTS,
    _thin,
    path_from_arrays,
    polygon_from_arrays,
)
from concession_gis_ui.canvas.viewport import Viewport
from concession_gis_ui.context_layers import BASEMAP, file_kind
from PyQt5.QtCore import QRectF, Qt
from PyQt5.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPen
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import from_bounds

from concession_gis import basemap
from concession_gis.errors import InputError
from concession_gis.export import basemap_layer as style
from concession_gis.export.context_layers import COLOUR, read_context

USER_COLOUR = QColor(COLOUR)  # the prints' colour of the user's layers
MAJOR_RIVER = "#6f97b3"  # the print's river blue, darker
MAX_VERTICES = 10_000
# Which towns show at which scale (degrees of latitude per pixel): Natural Earth's scale rank.
TOWN_RANKS = ((0.02, 4), (0.006, 7), (0.0, 10))
# Department names and Natural Earth's department borders only when zoomed out (a region or
# more): its 1:10 million lines are a few kilometres off at the scale of a claim. Zoomed in,
# Peru's department borders are INEI's, drawn with its province borders.
DEPARTMENT_NAMES_ABOVE = 0.004
# Peru's province and district borders (INEI's) when zoomed in, at the print's widths: a view of
# about 1,000 pixels is narrower than 400 km below 0.004 degree per pixel, narrower than 80 km
# below 0.0008 (see concession_gis.export.basemap_layer).
PROVINCE_BORDERS_BELOW = 0.004
DISTRICT_BORDERS_BELOW = 0.0008


@dataclass(frozen=True)
class Lines:
    """Line parts (or polygon rings) as flat vertices: where each part starts, each part's box."""

    xy: np.ndarray
    starts: np.ndarray
    part_of: np.ndarray
    bounds: np.ndarray
    rank: np.ndarray  # per part, from its feature (0 when the layer has none)

    @classmethod
    def of(cls, geometries, rank=None) -> Lines:
        geoms = np.asarray(geometries, dtype=object)
        parts, feature = shapely.get_parts(geoms, return_index=True)
        polygon = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
        rings, ring_part = shapely.get_rings(parts[polygon], return_index=True)
        pieces = np.concatenate([parts[~polygon], rings]) if len(rings) else parts[~polygon]
        piece_feature = np.concatenate([feature[~polygon], feature[polygon][ring_part]]) if len(rings) \
            else feature[~polygon]
        xy, part_of = shapely.get_coordinates(pieces, return_index=True)
        starts = np.ones(len(xy), dtype=bool)
        starts[1:] = part_of[1:] != part_of[:-1]
        ranks = np.zeros(len(pieces)) if rank is None else np.asarray(rank, dtype=float)[piece_feature]
        return cls(xy, starts, part_of, shapely.bounds(pieces).reshape(-1, 4), ranks)

    def paths(self, view: Viewport, max_rank: float = math.inf):
        """QPainterPaths of the parts in view (of rank up to ``max_rank``), in pixels."""
        minx, miny, maxx, maxy = view.extent()
        b = self.bounds
        shown = (b[:, 0] <= maxx) & (b[:, 2] >= minx) & (b[:, 1] <= maxy) & (b[:, 3] >= miny) & (self.rank <= max_rank)
        if not len(self.xy) or not shown.any():
            return
        keep = shown[self.part_of]
        px, py = view.to_pixels(self.xy[keep, 0], self.xy[keep, 1])
        # One vertex per pixel: zoomed out, a river's thousands of vertices would cost the pen
        # (dashes above all) far more than they show.
        px, py, starts = _thin(px, py, self.starts[keep])
        first = np.flatnonzero(starts)
        cuts = first[np.searchsorted(first, np.arange(MAX_VERTICES, len(px), MAX_VERTICES))]
        edges = np.unique(np.concatenate([[0], cuts, [len(px)]]))
        for a, z in zip(edges[:-1], edges[1:], strict=False):
            yield path_from_arrays(px[a:z], py[a:z], starts[a:z])


def _dots(painter, view: Viewport, xy: np.ndarray, size: float, colour: QColor) -> None:
    if not len(xy):
        return
    pen = QPen(colour, size)
    pen.setCapStyle(Qt.RoundCap)
    painter.setPen(pen)
    px, py = view.to_pixels(xy[:, 0], xy[:, 1])
    for start in range(0, len(px), MAX_POINTS):
        painter.drawPoints(polygon_from_arrays(px[start:start + MAX_POINTS], py[start:start + MAX_POINTS]))


def _in_view(xy: np.ndarray, view: Viewport) -> np.ndarray:
    minx, miny, maxx, maxy = view.extent()
    return (xy[:, 0] >= minx) & (xy[:, 0] <= maxx) & (xy[:, 1] >= miny) & (xy[:, 1] <= maxy)


class BasemapDrawing:
    """Lakes, rivers, the country, department, province and district borders, department names and
    towns of the bundled base map."""

    def __init__(self) -> None:
        self.lakes = Lines.of(basemap.layer("lakes").geometry.values)
        rivers = basemap.layer("rivers")
        self.rivers = Lines.of(rivers.geometry.values, rivers["rank"].to_numpy())
        self.borders = Lines.of(basemap.layer("country_borders").geometry.values)
        self.department_borders = Lines.of(basemap.layer("department_borders").geometry.values)
        provinces = basemap.layer("province_borders")
        is_department = (provinces["level"] == "department").to_numpy()
        self.province_borders = Lines.of(provinces.geometry.values[~is_department])
        self.inei_department_borders = Lines.of(provinces.geometry.values[is_department])
        self.district_borders = Lines.of(basemap.layer("district_borders").geometry.values)
        towns = basemap.layer("towns")
        self.towns_xy = shapely.get_coordinates(towns.geometry.values)
        self.towns_rank = towns["rank"].to_numpy()
        self.towns_name = towns["name"].astype(str).to_numpy()
        departments = basemap.layer("departments")
        self.departments_xy = shapely.get_coordinates(departments.geometry.values)
        self.departments_name = departments["name"].astype(str).to_numpy()
        self.bounds = basemap.COVERAGE
        self.drawn: dict[str, int] = {}  # what the last frame showed (tests read it)

    def paint(self, painter, view: Viewport, check) -> None:
        drawn = {}
        painter.setRenderHint(painter.Antialiasing)
        painter.setPen(QPen(QColor(style.RIVER), 1.0))
        painter.setBrush(QBrush(QColor(style.LAKE_FACE)))
        drawn["lakes"] = self._draw(painter, check, self.lakes.paths(view))
        painter.setBrush(Qt.NoBrush)
        # One-pixel pens only: Qt strokes them on a fast path, a wider antialiased pen costs ~60
        # times more (67 ms instead of 1 ms for the rivers at national scale). The main rivers
        # (Natural Earth rank 0-5) stand out by a darker blue instead of a wider line.
        drawn["rivers"] = self._draw(painter, check, self.rivers.paths(view), QPen(QColor(style.RIVER), 1.0))
        self._draw(painter, check, self.rivers.paths(view, max_rank=5), QPen(QColor(MAJOR_RIVER), 1.0))
        if view.scale < DISTRICT_BORDERS_BELOW:
            district = QPen(QColor(style.DISTRICT_BORDER), 1.0)
            district.setDashPattern([1, 3])
            drawn["district_borders"] = self._draw(painter, check, self.district_borders.paths(view), district)
        department = QPen(QColor(style.BORDER), 1.0)
        department.setDashPattern([4, 3])
        if view.scale < PROVINCE_BORDERS_BELOW:
            province = QPen(QColor(style.PROVINCE_BORDER), 1.0)
            province.setDashPattern([3, 2])
            drawn["province_borders"] = self._draw(painter, check, self.province_borders.paths(view), province)
            # INEI's lines between provinces of two departments: Peru's department borders here.
            drawn[basemap.INEI_DEPARTMENT_BORDERS] = self._draw(painter, check, self.inei_department_borders.paths(view),
                                                                department)
        if view.scale >= DEPARTMENT_NAMES_ABOVE:
            drawn["department_borders"] = self._draw(painter, check, self.department_borders.paths(view), department)
        border = QPen(QColor(style.BORDER), 1.0)
        border.setDashPattern([6, 2, 1, 2])
        drawn["borders"] = self._draw(painter, check, self.borders.paths(view), border)
        check()
        taken: list[QRectF] = []
        if view.scale >= DEPARTMENT_NAMES_ABOVE:
            font = QFont()
            font.setPointSizeF(9)
            font.setItalic(True)
            font.setLetterSpacing(QFont.PercentageSpacing, 110)
            shown = _in_view(self.departments_xy, view)
            drawn["departments"] = self._labels(painter, check, view, self.departments_xy[shown],
                                                [n.upper() for n in self.departments_name[shown]], font,
                                                QColor(120, 120, 120), taken, centred=True)
        max_rank = next(rank for above, rank in TOWN_RANKS if view.scale >= above)
        shown = _in_view(self.towns_xy, view) & (self.towns_rank <= max_rank)
        _dots(painter, view, self.towns_xy[shown], 6, QColor("white"))
        _dots(painter, view, self.towns_xy[shown], 4, QColor(style.TOWN))
        font = QFont()
        font.setPointSizeF(8)
        drawn["towns"] = self._labels(painter, check, view, self.towns_xy[shown], list(self.towns_name[shown]), font,
                                      QColor(style.TOWN_LABEL), taken)
        self.drawn = drawn

    @staticmethod
    def _draw(painter, check, paths, pen: QPen | None = None) -> int:
        # ``check`` after each path, as after each label below: Qt keeps the interpreter's lock
        # through every call, and a district's dashed border is one long call.
        if pen is not None:
            painter.setPen(pen)
        count = 0
        for path in paths:
            painter.drawPath(path)
            check()
            count += 1
        return count

    @staticmethod
    def _labels(painter, check, view: Viewport, xy: np.ndarray, names: list[str], font: QFont, colour: QColor,
                taken: list[QRectF], centred: bool = False) -> int:
        """Names beside (or centred on) their points, in order, skipping any that would overlap."""
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        halo = QPen(QColor(255, 255, 255, 220), 3)
        written = 0
        px, py = view.to_pixels(xy[:, 0], xy[:, 1]) if len(xy) else (np.zeros(0), np.zeros(0))
        for x, y, name in zip(px, py, names, strict=True):
            w, h = metrics.horizontalAdvance(name), metrics.height()
            rect = QRectF(x - w / 2, y - h / 2, w, h) if centred else QRectF(x + 5, y - h / 2, w, h)
            if any(rect.intersects(other) for other in taken):
                continue
            taken.append(rect)
            baseline = rect.bottom() - metrics.descent()
            from PyQt5.QtGui import QPainterPath

            path = QPainterPath()
            path.addText(rect.left(), baseline, font, name)
            painter.strokePath(path, halo)
            painter.fillPath(path, QBrush(colour))
            check()
            written += 1
        return written


class VectorDrawing:
    """A user's vector file: polygons outlined, lines and points, in one colour."""

    def __init__(self, path: str) -> None:
        try:  # as the prints read it: every layer of a KML's folders, polygons as their outlines
            (layer,) = read_context([path])
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - GDAL's many errors: said in words by the caller
            raise InputError(key="error.context_unreadable", path=path, detail=str(exc)) from None
        geometries = layer.frame.geometry.values
        kind = shapely.get_type_id(geometries)
        points = np.isin(kind, (shapely.GeometryType.POINT, shapely.GeometryType.MULTIPOINT))
        self.points_xy = shapely.get_coordinates(geometries[points])
        self.lines = Lines.of(geometries[~points])
        self.count = len(geometries)
        self.bounds = tuple(float(v) for v in shapely.total_bounds(geometries)) if len(geometries) else (math.nan,) * 4

    def paint(self, painter, view: Viewport, check) -> None:
        painter.setRenderHint(painter.Antialiasing)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(USER_COLOUR, 1.0))  # one pixel: Qt's fast path (see BasemapDrawing)
        for path in self.lines.paths(view):
            painter.drawPath(path)
            check()
        shown = self.points_xy[_in_view(self.points_xy, view)] if len(self.points_xy) else self.points_xy
        _dots(painter, view, shown, 5, USER_COLOUR)


class RasterDrawing:
    """A user's raster (a GeoTIFF): read at the screen's resolution, grey or colour, reprojected."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        try:
            ds = self._dataset()
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise InputError(key="error.context_unreadable", path=path, detail=str(exc)) from None
        self.bounds = tuple(ds.bounds)
        self.bands = [1, 2, 3] if ds.count >= 3 else [1]
        sample = ds.read(self.bands, out_shape=(len(self.bands), min(ds.height, 512), min(ds.width, 512)),
                         masked=True)
        values = sample.compressed() if np.ma.isMaskedArray(sample) else sample.ravel()
        values = values[np.isfinite(values)] if values.dtype.kind == "f" else values
        low, high = (np.percentile(values, [2, 98]) if len(values) else (0.0, 1.0))
        self.stretch = (float(low), float(max(high, low + 1e-9)))

    def _dataset(self):
        """This thread's own handle (GDAL datasets must not be shared between threads)."""
        ds = getattr(self._local, "ds", None)
        if ds is None:
            ds = rasterio.open(self.path)
            if ds.crs is None:
                raise InputError(key="error.context_no_crs", path=self.path)
            if ds.crs.to_epsg() != 4326:
                ds = WarpedVRT(ds, crs="EPSG:4326", resampling=Resampling.bilinear)
            self._local.ds = ds
        return ds

    def paint(self, painter, view: Viewport, check) -> None:
        minx, miny, maxx, maxy = view.extent()
        west, south, east, north = max(minx, self.bounds[0]), max(miny, self.bounds[1]), \
            min(maxx, self.bounds[2]), min(maxy, self.bounds[3])
        if west >= east or south >= north:
            return
        (left, right), (top, bottom) = view.to_pixels([west, east], [north, south])
        width, height = max(1, int(math.ceil(right - left))), max(1, int(math.ceil(bottom - top)))
        ds = self._dataset()
        window = from_bounds(west, south, east, north, ds.transform)
        data = ds.read(self.bands, window=window, out_shape=(len(self.bands), height, width),
                       resampling=Resampling.bilinear, masked=True, boundless=False)
        check()
        low, high = self.stretch
        scaled = np.clip((np.ma.filled(data.astype("float64"), low) - low) / (high - low) * 255, 0, 255).astype(np.uint8)
        rgba = np.empty((height, width, 4), dtype=np.uint8)
        rgba[..., :3] = np.moveaxis(scaled, 0, -1) if len(self.bands) == 3 else scaled[0][..., None]
        mask = np.ma.getmaskarray(data).any(axis=0)
        rgba[..., 3] = np.where(mask, 0, 255)
        image = QImage(rgba.data, width, height, width * 4, QImage.Format_RGBA8888)
        painter.drawImage(QRectF(left, top, right - left, bottom - top), image)


def load_drawing(source: str):
    """The drawing of a context layer: the base map, or a user's vector or raster file."""
    if source == BASEMAP:
        return BasemapDrawing()
    if not Path(source).exists():
        raise InputError(key="error.context_unreadable", path=source, detail="")
    kind = file_kind(source)
    if kind == "vector":
        return VectorDrawing(source)
    if kind == "raster":
        return RasterDrawing(source)
    raise InputError(key="error.context_unreadable", path=source, detail=Path(source).suffix)
