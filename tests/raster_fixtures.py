"""Helpers for the raster tests: tiny rasters written to disk, and truth from pyproj.Geod.

Expected areas never come from the code under test: every pixel area here is the geodesic area
of the pixel's corners on the WGS84 ellipsoid (pyproj.Geod), after a pyproj transformation to
WGS84 lon/lat when the raster is projected or in another datum.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from pyproj import Geod, Transformer

GEOD = Geod(ellps="WGS84")
HANSEN_RES = 0.00025
# A Hansen-style grid near Puerto Maldonado, 13°S.
WEST, NORTH = -69.5, -12.9


def write_raster(
    path: Path,
    array: np.ndarray,
    transform: Affine,
    crs: str | None = "EPSG:4326",
    nodata: float | None = None,
) -> Path:
    """Write ``array`` as a single-band GeoTIFF and return its path."""
    profile = dict(
        driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
        dtype=array.dtype.name, transform=transform, nodata=nodata,
    )
    if crs is not None:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(array, 1)
    return path


def hansen_transform(west: float = WEST, north: float = NORTH) -> Affine:
    return Affine(HANSEN_RES, 0.0, west, 0.0, -HANSEN_RES, north)


def geod_area(lons, lats) -> float:
    """Geodesic area in m² of a ring of lon/lat corners on WGS84."""
    area, _ = GEOD.polygon_area_perimeter(list(lons), list(lats))
    return abs(area)


def corner(transform: Affine, col: float, row: float) -> tuple[float, float]:
    """CRS coordinates of the pixel corner at (fractional) offsets ``col``, ``row``."""
    return transform.c + col * transform.a, transform.f + row * transform.e


def lonlat_pixel_m2(transform: Affine, row: int, col: int = 0) -> float:
    """Geodesic WGS84 area of one pixel of a lon/lat raster."""
    left, top = corner(transform, col, row)
    right, bottom = corner(transform, col + 1, row + 1)
    return geod_area([left, right, right, left], [top, top, bottom, bottom])


def projected_pixel_m2(transform: Affine, crs: str, row: int, col: int) -> float:
    """Geodesic WGS84 area of one pixel of a projected raster, its corners moved to WGS84."""
    to_lonlat = _to_lonlat(crs)
    cols = np.array([col, col + 1, col + 1, col])
    rows = np.array([row, row, row + 1, row + 1])
    xs = transform.c + cols * transform.a
    ys = transform.f + rows * transform.e
    lon, lat = to_lonlat.transform(xs, ys)
    return geod_area(lon, lat)


@cache
def _to_lonlat(crs: str) -> Transformer:
    return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)


def pixel_box(transform: Affine, col0: float, row0: float, col1: float, row1: float):
    """A shapely box whose corners are at (fractional) pixel offsets of ``transform``."""
    import shapely

    x0, y0 = corner(transform, col0, row0)
    x1, y1 = corner(transform, col1, row1)
    return shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
