"""Making input geometries usable: 2D, of the expected kind, valid, and in WGS84 lon/lat."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from concession_gis.geodesy import (
    PERU_PSAD56_NAME,
    WGS84,
    peru_psad56_transformer,
    to_working,
)
from concession_gis.reasons import cell

POLYGONAL = {"Polygon", "MultiPolygon"}
PUNCTUAL = {"Point", "MultiPoint"}


def to_lonlat(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326, edges cut first in the source CRS, where they are straight, so
    that they keep their path (:func:`~concession_gis.geodesy.densified`).

    A PSAD56 layer in Peru is moved with Peru's transformation at every vertex (see
    :func:`~concession_gis.geodesy.peru_psad56_transformer`), named in ``attrs["datum_transformation"]``.
    """
    if frame.crs is not None and frame.crs.equals(WGS84):
        return frame
    peru = peru_psad56_transformer(frame.crs, np.asarray(frame.total_bounds, dtype=float))
    frame = to_working(frame, WGS84, peru)
    if peru is not None:
        frame.attrs["datum_transformation"] = PERU_PSAD56_NAME
    return frame


def clean_geometries(geoms: np.ndarray, kinds: set[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(geometries, problem key per row or '', whether each row was repaired) keeping only
    ``kinds`` of geometry.

    Z and M are dropped; GeometryCollections keep their parts of the wanted kind; invalid
    polygons are repaired with ``make_valid``'s "structure" method: the parts' union less the
    holes, as the drawing meant (a bow-tie becomes two triangles; two overlapping parts their
    union, not the "linework" method's exclusive-or that made their common ground a hole; a hole
    touching the shell along a side stays a hole, where "linework" dropped it). A row whose
    geometry is missing, empty, of another kind or beyond repair gets a problem text instead.
    """
    geoms = shapely.force_2d(np.asarray(geoms, dtype=object))
    problems = np.full(len(geoms), "", dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    problems[missing] = "geometry.missing"
    repaired = np.zeros(len(geoms), dtype=bool)
    for i in np.flatnonzero(shapely.get_type_id(geoms) == shapely.GeometryType.GEOMETRYCOLLECTION):
        geoms[i] = _collect(shapely.get_parts(geoms[i]), kinds)
        if geoms[i] is None:
            problems[i] = "geometry.empty_collection"
    present = problems == ""
    wrong = present & ~np.isin(shapely.get_type_id(geoms), _type_ids(kinds))
    for i in np.flatnonzero(wrong):
        problems[i] = f"geometry.wrong_type:{geoms[i].geom_type}"
    if kinds & POLYGONAL:
        candidates = present & ~wrong
        invalid = candidates & ~shapely.is_valid(geoms)
        for i in np.flatnonzero(invalid):
            fixed = _collect(shapely.get_parts(shapely.make_valid(geoms[i], method="structure")), kinds)
            if fixed is None or fixed.is_empty or fixed.area == 0:
                problems[i] = "geometry.unrepairable"
            else:
                geoms[i] = fixed
                repaired[i] = True
    geoms[problems != ""] = None
    return geoms, problems, repaired


def geometry_reasons(problems: np.ndarray) -> list[str]:
    """Problem keys from :func:`clean_geometries` as reason cells ('' where there is none)."""
    reasons = []
    for problem in problems:
        key, _, found = str(problem).partition(":")
        reasons.append((cell(key, found=found) if found else cell(key)) if problem else "")
    return reasons


def _type_ids(kinds: set[str]) -> list[int]:
    return [getattr(shapely.GeometryType, _TYPE_NAMES[k]) for k in kinds]


_TYPE_NAMES = {
    "Point": "POINT", "MultiPoint": "MULTIPOINT", "Polygon": "POLYGON", "MultiPolygon": "MULTIPOLYGON",
}


def _collect(parts: np.ndarray, kinds: set[str]) -> BaseGeometry | None:
    """One geometry of ``kinds`` from loose parts (polygons merged into a MultiPolygon)."""
    kept = [p for p in parts if p.geom_type in kinds or (p.geom_type == "MultiPolygon" and kinds & POLYGONAL)]
    polygons = [q for p in kept for q in shapely.get_parts(p) if q.geom_type == "Polygon" and q.area > 0]
    if kinds & POLYGONAL and polygons:
        return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
    points = [q for p in kept for q in shapely.get_parts(p) if q.geom_type == "Point"]
    if kinds & PUNCTUAL and points:
        return points[0] if len(points) == 1 else shapely.MultiPoint(points)
    return None
