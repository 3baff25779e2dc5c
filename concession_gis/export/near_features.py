"""The features of a layer near a map, found without copying the whole layer each time.

An atlas draws hundreds of maps from the same layers. Cleaning a layer (no empty geometries,
in degrees) and cutting it to a map's box by ``.cx`` copied every column of every feature for
each map; here the cleaned layer and its features' boxes are kept while the layer lives, and a
map's box picks its features from the boxes (numpy) before anything is copied.
"""

from __future__ import annotations

import weakref

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

_WGS84 = CRS.from_epsg(4326)
# id(layer) -> (the layer, weakly; the cleaned layer in degrees; its features' boxes)
_PREPARED: dict[int, tuple[weakref.ref, gpd.GeoDataFrame, np.ndarray]] = {}


def prepared(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """``frame`` without empty geometries, in WGS 84 degrees, and the boxes of its features
    (minx, miny, maxx, maxy), made once while ``frame`` lives."""
    key = id(frame)
    held = _PREPARED.get(key)
    if held is not None and held[0]() is frame:
        return held[1], held[2]
    clean = frame.loc[~frame.geometry.is_empty & frame.geometry.notna()]
    if clean.crs is not None and not clean.crs.equals(_WGS84):
        clean = clean.to_crs(4326)
    boxes = shapely.bounds(clean.geometry.values)
    _PREPARED[key] = (weakref.ref(frame, lambda _: _PREPARED.pop(key, None)), clean, boxes)
    return clean, boxes


def near(frame: gpd.GeoDataFrame, west: float, south: float, east: float, north: float) -> gpd.GeoDataFrame:
    """The features of ``frame`` (in degrees, cleaned) that touch the box, as ``.cx`` finds them."""
    clean, boxes = prepared(frame)
    touching = (boxes[:, 0] <= east) & (boxes[:, 2] >= west) & (boxes[:, 1] <= north) & (boxes[:, 3] >= south)
    return clean.iloc[np.flatnonzero(touching)].cx[west:east, south:north]
