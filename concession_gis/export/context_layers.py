"""The user's own layers on printed maps: roads, rivers, towns, anything to find one's way by.

The bundled base map has no roads: no openly licensed copy could be shipped (docs/maps.md). An
official who has the road network (the MTC's Red Vial Nacional, Departamental and Vecinal, as
PROVÍAS publishes them) or any other layer of reference gives it to ``map``, ``atlas`` and
``dossier`` with ``--context FILE`` (every layer of a file that holds several, such as a Google
Earth KML's folders, unless ``FILE:LAYER`` names one); the window prints the context layers it shows. Each file is
drawn solid and near-black, as the window draws it (the base map's lines are grey and dashed),
above the base map and under every finding: lines as lines, polygons as their outlines, points
as small squares (the base map's towns are round). The legend names it by its file and the sources line says it is the user's, not who
published it (the tool cannot know).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from matplotlib.collections import PathCollection
from matplotlib.path import Path as MplPath
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS

from concession_gis.errors import ContextOutsideWarning, InputError, warn
from concession_gis.export.mapframe import Extent
from concession_gis.export.near_features import in_extent
from concession_gis.io.sources import read_vector, split_layer
from concession_gis.model import Results

COLOUR = "#333333"
LINE_PT = 0.55
DOT_PT = 2.8
DOT_MARKER = "s"  # squares: the base map's towns are round
# Above the base map (1.2-1.6), under the claims' fill (map_layers.Z_CLAIM_FILL = 2).
Z_CONTEXT = 1.8
# Lines simplified to this much of paper: under a 300-dpi pixel (0.085 mm), so nothing shows.
SIMPLIFY_MM = 0.08
LINES, POINTS = "lines", "points"


@dataclass(frozen=True, eq=False)
class ContextLayer:
    """One file of the user's: its name for the legend, its file's name for the sources line,
    and its features in WGS 84 (polygons as their outlines)."""

    name: str
    source: str
    frame: gpd.GeoDataFrame

    @property
    def kinds(self) -> str:
        """'lines', 'points' or 'lines+points': what its legend swatch shows."""
        points = _is_point(self.frame.geometry.values)
        return "+".join(kind for kind, present in ((LINES, not points.all()), (POINTS, points.any())) if present)


def read_context(specs: Sequence[str]) -> tuple[ContextLayer, ...]:
    """Each ``PATH`` (or ``PATH:LAYER``) as a :class:`ContextLayer`; an unreadable file, or one
    whose coordinate system is unknown and whose numbers are not degrees, stops with its name."""
    return tuple(_read(str(spec)) for spec in specs)


def _read(spec: str) -> ContextLayer:
    path, layer = split_layer(spec)
    parts = [spec] if layer is not None else [f"{path}:{name}" for name in _drawn_layers(path)] or [spec]
    frames = [to_lonlat(read_vector(part, "context", place=False, columns=[]), str(path)) for part in parts]
    geometry = np.concatenate([frame.geometry.values for frame in frames])
    geometry = geometry[~(shapely.is_empty(geometry) | shapely.is_missing(geometry))]
    polygons = np.isin(shapely.get_type_id(geometry), (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON))
    geometry[polygons] = shapely.boundary(geometry[polygons])
    return ContextLayer(Path(path).stem, Path(path).name, gpd.GeoDataFrame(geometry=gpd.GeoSeries(geometry, crs=4326)))


def with_context(results: Results, specs: Sequence[str]) -> Results:
    """``results`` with the layers of ``specs`` to draw (``results`` itself without any); a layer
    that lies wholly away from the results' claims and registrations (another region's roads, or
    the wrong file) is warned of."""
    if not specs:
        return results
    layers = read_context(specs)
    frames = [frame for frame in (results.concessions, results.registrations) if len(frame)]
    if frames:  # results' layers are in degrees already
        west, south, east, north = np.array([frame.total_bounds for frame in frames]).T
        area = shapely.box(np.nanmin(west), np.nanmin(south), np.nanmax(east), np.nanmax(north))
        for layer in layers:
            if not layer.frame.empty and not shapely.intersects(area, shapely.box(*layer.frame.total_bounds)):
                warn(ContextOutsideWarning(key="warning.context_outside", file=layer.source))
    return dataclasses.replace(results, context=layers)


def _drawn_layers(path: Path) -> list[str]:
    """Every layer with geometries of a file that holds several (a Google Earth KML's folders, a
    GeoPackage's layers): context is all of it, where an analysis input must name its layer.
    Empty for a file of one layer, or one GDAL cannot list (the reader then says why)."""
    if path.suffix.lower() in (".shp", ".zip") or not path.is_file():
        return []
    try:
        listed = pyogrio.list_layers(path)
    except (DataSourceError, DataLayerError):
        return []
    names = [str(name) for name, kind in listed if kind and name != "layer_styles"]
    return names if len(names) > 1 else []


def to_lonlat(frame: gpd.GeoDataFrame, path: str) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326. A file without a CRS is taken as degrees when its numbers are; one
    said to be in degrees whose numbers cannot be (GeoJSON is degrees by definition, so GDAL
    calls EPSG:4326 a GeoJSON another program wrote in UTM) is refused, not drawn nowhere."""
    west, south, east, north = frame.total_bounds if len(frame) else (0, 0, 0, 0)
    degrees = -180 <= west <= east <= 180 and -90 <= south <= north <= 90
    if (frame.crs is None or frame.crs.is_geographic) and not degrees:
        raise InputError(key="error.context_no_crs", path=path)
    if frame.crs is None:
        return frame.set_crs(4326)
    return frame if frame.crs.to_epsg() == 4326 else frame.to_crs(4326)


def draw_context(ax, layers: Sequence[ContextLayer], crs: CRS, extent: Extent,
                 lonlat: tuple[float, float, float, float], mm: float) -> dict[str, int]:
    """Every layer's features on the map (each projected once per map CRS, as the findings are),
    lines simplified to ``SIMPLIFY_MM`` of paper (``mm``: millimetres per map unit) and drawn as
    one path per layer; how many of each layer's features were drawn, by its file's name, for the
    legend and the sources."""
    box = (extent.xmin, extent.ymin, extent.xmax, extent.ymax)
    drawn: dict[str, int] = {}
    for layer in layers:
        if layer.frame.empty:
            continue
        near = in_extent(layer.frame, crs, lonlat, box).geometry.values
        if not len(near):
            continue
        points = _is_point(near)
        lines = shapely.simplify(shapely.clip_by_rect(near[~points], *box), SIMPLIFY_MM / mm,
                                 preserve_topology=False)  # lines only: Douglas-Peucker
        path = _one_path(shapely.get_parts(lines[~shapely.is_empty(lines)]))
        if path is not None:
            # A collection, not a patch: adding a patch walks its every segment for the data limits.
            ax.add_collection(PathCollection([path], facecolors="none", edgecolors=COLOUR, linewidths=LINE_PT,
                                             capstyle="round", joinstyle="round", zorder=Z_CONTEXT), autolim=False)
        xy = shapely.get_coordinates(near[points])
        if len(xy):
            ax.scatter(xy[:, 0], xy[:, 1], s=DOT_PT ** 2, c=COLOUR, marker=DOT_MARKER, edgecolors="white",
                       linewidths=0.3, zorder=Z_CONTEXT + 0.01)
        drawn[layer.source] = drawn.get(layer.source, 0) + len(near)  # two files may share a name
    return drawn


def _one_path(parts: np.ndarray) -> MplPath | None:
    """Every line part in one compound path: a PDF draws 100,000 roads as one object in a second,
    where a collection of as many paths took ten."""
    xy, part = shapely.get_coordinates(parts, return_index=True)
    if not len(xy):
        return None
    starts = np.r_[True, part[1:] != part[:-1]]
    codes = np.where(starts, MplPath.MOVETO, MplPath.LINETO).astype(MplPath.code_type)
    return MplPath(xy, codes)


def _is_point(geometry: np.ndarray) -> np.ndarray:
    return np.isin(shapely.get_type_id(geometry), (shapely.GeometryType.POINT, shapely.GeometryType.MULTIPOINT))
