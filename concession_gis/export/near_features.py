"""The features of a layer on a map, found without copying or projecting the whole layer each time.

An atlas draws hundreds of maps from the same layers, in the same projection (the region's UTM
zone). Cleaning a layer (no empty geometries), projecting it and cutting it to each map by
``.cx`` copied every column of every feature for each map; here the cleaned layer and its
features' boxes in degrees are kept while the layer lives, a map picks its features from the
boxes (numpy) before anything is copied, and each feature is projected once per map CRS (the
last CRS only is kept).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from concession_gis.analysis.intersecting import in_box
from concession_gis.export import cartography as carto
from concession_gis.export.on_disk import ON_DISK

_WGS84 = CRS.from_epsg(4326)
# id(layer) -> (the layer, weakly; the cleaned layer in degrees; its features' boxes)
_PREPARED: dict[int, tuple[weakref.ref, gpd.GeoDataFrame, np.ndarray]] = {}
# id(layer) -> (the layer, weakly; the map CRS as WKT; the features projected so far; which)
_PROJECTED: dict[int, tuple[weakref.ref, str, np.ndarray, np.ndarray]] = {}
# id(fronts layer) -> (the layer, weakly; the fronts a print draws)
_PRINTED: dict[int, tuple[weakref.ref, gpd.GeoDataFrame]] = {}


def prepared(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """``frame`` without empty geometries, in WGS 84 degrees, and the boxes of its features
    (minx, miny, maxx, maxy), made once while ``frame`` lives (each CRS is projected from it)."""
    key = id(frame)
    held = _PREPARED.get(key)
    if held is not None and held[0]() is frame:
        return held[1], held[2]
    if ON_DISK in frame.attrs:  # its rows are those with a geometry, its boxes the R-tree's
        _PREPARED[key] = (weakref.ref(frame, _forget(_PREPARED, key)), frame, frame.attrs[ON_DISK].boxes)
        return frame, frame.attrs[ON_DISK].boxes
    clean = frame.loc[~frame.geometry.is_empty & frame.geometry.notna()]
    if clean.crs is not None and not clean.crs.equals(_WGS84):
        clean = clean.to_crs(4326)
    boxes = shapely.bounds(clean.geometry.values)
    _PREPARED[key] = (weakref.ref(frame, _forget(_PREPARED, key)), clean, boxes)
    return clean, boxes


def in_extent(frame: gpd.GeoDataFrame, crs: CRS, lonlat: tuple[float, float, float, float],
              extent: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The features of ``frame`` (cleaned) that touch ``extent`` (map coordinates in ``crs``), in
    ``crs``, as ``.cx`` finds them; ``lonlat``: a box in degrees that holds the extent.

    Only the features near the map are projected, each once per CRS: a layer of large polygons
    (loss fronts traced from the raster) would take longer to project whole than an atlas to draw.
    """
    clean, boxes = prepared(frame)
    west, south, east, north = lonlat
    near = np.flatnonzero((boxes[:, 0] <= east) & (boxes[:, 2] >= west) & (boxes[:, 1] <= north)
                          & (boxes[:, 3] >= south))
    key, wkt = id(frame), crs.to_wkt()
    held = _PROJECTED.get(key)
    if held is None or held[0]() is not frame or held[1] != wkt:
        held = (weakref.ref(frame, _forget(_PROJECTED, key)), wkt,
                np.empty(len(clean), dtype=object), np.zeros(len(clean), dtype=bool))
        _PROJECTED[key] = held
    geometries, done = held[2], held[3]
    todo = near[~done[near]]
    if len(todo):
        projected = gpd.GeoSeries(_geometries(clean, todo), crs=clean.crs).to_crs(crs)
        geometries[todo] = np.asarray(projected.values, dtype=object)
        done[todo] = True
    near = near[in_box(geometries[near], extent)]
    chosen = clean.iloc[near]
    column = chosen.geometry.name
    return chosen.set_geometry(gpd.GeoSeries(geometries[near], index=chosen.index, crs=crs).rename(column))


def printed_fronts(fronts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The loss fronts a print draws (no register explains them), the same frame for as long as
    the layer lives: a map projects only these (the region's others held 8 of its 21 million
    vertices), and an atlas's pages find them projected already (:func:`in_extent`)."""
    if "front_type" not in fronts:
        return fronts
    key = id(fronts)
    held = _PRINTED.get(key)
    if held is not None and held[0]() is fronts:
        return held[1]
    picked = fronts.loc[fronts["front_type"].isin(carto.UNEXPLAINED_FRONTS)]
    if len(picked) == len(fronts):
        return fronts
    _PRINTED[key] = (weakref.ref(fronts, _forget(_PRINTED, key)), picked)
    return picked


def _geometries(clean: gpd.GeoDataFrame, rows: np.ndarray) -> np.ndarray:
    """The geometries of ``rows`` of ``clean``; read from its file for a layer kept on disk
    (:mod:`~concession_gis.export.on_disk`), where only the projected ones are then kept."""
    on_disk = clean.attrs.get(ON_DISK)
    if on_disk is None:
        return clean.geometry.values[rows]
    return on_disk.geometries(clean.index.to_numpy()[rows])


def _forget(table: dict, key: int) -> Callable[[object], None]:
    """A weakref callback that drops ``key`` from ``table``, the table bound now: at interpreter
    exit the module's own names may already be gone when the callback runs."""

    def forget(_: object) -> None:
        table.pop(key, None)

    return forget
