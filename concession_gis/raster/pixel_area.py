"""True area of raster pixels on the WGS84 ellipsoid, in square metres, computed window by window.

A pixel of a degree raster covers a band of longitude between two parallels; its area on the
ellipsoid is closed form (the zone area of an ellipsoid of revolution, the same quantity the
authalic latitude is built from), so each row of a WGS84 lon/lat raster gets its exact area.
Any other raster (UTM, PSAD56, another datum) gets the area of coarse blocks of pixels: the
block corners are taken to WGS84 lon/lat and then to the ellipsoid's cylindrical equal-area plane
(longitude, zone area), where a polygon's planar area is its ellipsoidal area. The area per pixel
of each block is interpolated to pixel centres; it varies by far less than 1e-6 across a block.
"""

from __future__ import annotations

import math

import numpy as np
from affine import Affine
from pyproj import CRS, Transformer

WGS84_A = 6_378_137.0
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)
WGS84_B = WGS84_A * (1 - WGS84_F)
_E = math.sqrt(WGS84_E2)
# Pixels per side of the blocks whose area is computed exactly in a projected raster.
BLOCK_PIXELS = 64
# Most block corners kept for one raster (about 30 MB of float64), whatever its size.
MAX_BLOCK_NODES = 2_000_000


def zone_area(lat_deg) -> np.ndarray:
    """Area in m² between the equator and latitude ``lat_deg``, per radian of longitude (WGS84)."""
    sin_lat = np.sin(np.radians(lat_deg))
    return (WGS84_B**2 / 2) * (
        sin_lat / (1 - WGS84_E2 * sin_lat**2) + np.arctanh(_E * sin_lat) / _E
    )


def lonlat_cell_area(lat_top, lat_bottom, width_deg) -> np.ndarray:
    """Area in m² of lon/lat cells between two parallels, ``width_deg`` degrees wide."""
    return np.abs(zone_area(lat_top) - zone_area(lat_bottom)) * math.radians(abs(width_deg))


def is_wgs84_lonlat(crs: CRS) -> bool:
    """Whether ``crs`` is geographic, in degrees, on the WGS84 ellipsoid (or GRS80, 1e-9 apart)."""
    if not crs.is_geographic:
        return False
    ellipsoid = crs.ellipsoid
    if ellipsoid is None or not math.isclose(ellipsoid.semi_major_metre, WGS84_A, rel_tol=1e-9):
        return False
    if not math.isclose(ellipsoid.inverse_flattening, 1 / WGS84_F, rel_tol=1e-8):
        return False
    unit = crs.axis_info[0].unit_name if crs.axis_info else "degree"
    return unit.startswith("degree")


class PixelAreas:
    """Ellipsoidal pixel areas (m²) of one raster grid, for any window of it."""

    def __init__(self, crs: CRS, transform: Affine, width: int, height: int):
        if transform.b != 0 or transform.d != 0:
            raise ValueError("rotated rasters have no per-row pixel area")
        self.width, self.height = width, height
        self._row_areas: np.ndarray | None = None
        self._block_areas: np.ndarray | None = None
        if is_wgs84_lonlat(crs):
            edges = transform.f + transform.e * np.arange(height + 1)
            self._row_areas = lonlat_cell_area(edges[:-1], edges[1:], transform.a)
        else:
            row_edges, col_edges = _block_edges(width, height)
            self._block_areas = _block_pixel_areas(crs, transform, row_edges, col_edges)
            self._row_centres = (row_edges[:-1] + row_edges[1:]) / 2
            self._col_centres = (col_edges[:-1] + col_edges[1:]) / 2

    @property
    def by_row(self) -> np.ndarray | None:
        """Area in m² of a pixel of each row, where it depends on the row only (lon/lat rasters)."""
        return self._row_areas

    def at(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Areas in m² of the pixels at (``rows``, ``cols``), arrays of pixel indices."""
        if self._row_areas is not None:
            return self._row_areas[rows]
        # Bilinear between block centres, extended linearly past the outer centres.
        r0, wr = _bracket(np.asarray(rows) + 0.5, self._row_centres)
        c0, wc = _bracket(np.asarray(cols) + 0.5, self._col_centres)
        grid = self._block_areas
        assert grid is not None  # set whenever the areas vary along a row
        r1 = np.minimum(r0 + 1, grid.shape[0] - 1)
        c1 = np.minimum(c0 + 1, grid.shape[1] - 1)
        top = grid[r0, c0] * (1 - wc) + grid[r0, c1] * wc
        bottom = grid[r1, c0] * (1 - wc) + grid[r1, c1] * wc
        return top * (1 - wr) + bottom * wr

    def window(self, col_off: int, row_off: int, n_cols: int, n_rows: int) -> np.ndarray:
        """Areas in m² of the pixels of a window, shape (n_rows, n_cols)."""
        rows, cols = np.mgrid[row_off : row_off + n_rows, col_off : col_off + n_cols]
        return self.at(rows.ravel(), cols.ravel()).reshape(n_rows, n_cols)


def _bracket(positions: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the centre at or before each position and the weight of the next centre."""
    if len(centres) == 1:
        return np.zeros(len(positions), dtype=np.intp), np.zeros(len(positions))
    index = np.clip(np.searchsorted(centres, positions) - 1, 0, len(centres) - 2)
    weight = (positions - centres[index]) / (centres[index + 1] - centres[index])
    return index, weight

def _block_edges(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel offsets of the block edges along rows and columns."""
    step = BLOCK_PIXELS
    while (width / step + 2) * (height / step + 2) > MAX_BLOCK_NODES:
        step *= 2
    row_edges = np.append(np.arange(0, height, step), height).astype(float)
    col_edges = np.append(np.arange(0, width, step), width).astype(float)
    return row_edges, col_edges


def _block_pixel_areas(
    crs: CRS, transform: Affine, row_edges: np.ndarray, col_edges: np.ndarray
) -> np.ndarray:
    """Mean ellipsoidal area (m²) of a pixel in each block between the given pixel edges."""
    cols, rows = np.meshgrid(col_edges, row_edges)
    xs = transform.c + cols * transform.a + rows * transform.b
    ys = transform.f + cols * transform.d + rows * transform.e
    to_lonlat = Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True)
    lon, lat = to_lonlat.transform(xs, ys)
    # The cylindrical equal-area plane of the ellipsoid: x = longitude (rad), y = zone area.
    px, py = np.radians(lon), zone_area(lat)
    # A quadrilateral's area is half the cross product of its diagonals (differences only, so
    # no precision is lost to the size of the coordinates).
    area = 0.5 * np.abs(
        (px[1:, 1:] - px[:-1, :-1]) * (py[1:, :-1] - py[:-1, 1:])
        - (py[1:, 1:] - py[:-1, :-1]) * (px[1:, :-1] - px[:-1, 1:])
    )
    pixels = np.outer(np.diff(row_edges), np.diff(col_edges))
    return area / pixels

