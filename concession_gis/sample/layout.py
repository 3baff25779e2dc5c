"""Lay claims out on the 1-km UTM grid of one zone, the way the Peruvian cadastre is drawn.

Since 1992 a claim is a set of whole 100-ha grid cells. Claims of one holder are placed as a
block: each new claim touches one already placed, so neighbours share edges. A cell is taken
by one claim only; the few overlaps of the real cadastre come from older claims that are not
on the grid, which :func:`place_off_grid` lays over existing ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

CELL_M = 1000.0
# Cells closer than this to the zone's edge (degrees of longitude) are not used, so that every
# claim lies inside its zone.
ZONE_EDGE_MARGIN_DEG = 0.03


@dataclass
class ZoneGrid:
    """The cell grid of one zone in its own CRS, with the cells that are taken or not allowed."""

    epsg: int
    x0: float
    y0: float
    blocked: np.ndarray  # (rows, cols) uint8; row 0 is the southern edge
    to_lonlat: Transformer
    from_lonlat: Transformer

    @classmethod
    def build(cls, epsg: int, lon_band: tuple[float, float], allowed: BaseGeometry) -> ZoneGrid:
        """A grid over ``allowed`` (a lon/lat polygon) within ``lon_band``."""
        to_lonlat = Transformer.from_crs(epsg, 4326, always_xy=True)
        from_lonlat = Transformer.from_crs(4326, epsg, always_xy=True)
        west, east = lon_band[0] + ZONE_EDGE_MARGIN_DEG, lon_band[1] - ZONE_EDGE_MARGIN_DEG
        allowed = shapely.intersection(allowed, shapely.box(west, -90, east, 90))
        ring = shapely.get_coordinates(shapely.boundary(shapely.segmentize(allowed, 0.05)))
        xs, ys = from_lonlat.transform(ring[:, 0], ring[:, 1])
        x0 = np.floor(np.min(xs) / CELL_M) * CELL_M
        y0 = np.floor(np.min(ys) / CELL_M) * CELL_M
        cols = int(np.ceil((np.max(xs) - x0) / CELL_M))
        rows = int(np.ceil((np.max(ys) - y0) / CELL_M))
        cx = x0 + (np.arange(cols) + 0.5) * CELL_M
        cy = y0 + (np.arange(rows) + 0.5) * CELL_M
        gx, gy = np.meshgrid(cx, cy)
        lon, lat = to_lonlat.transform(gx.ravel(), gy.ravel())
        inside = shapely.contains_xy(allowed, lon, lat).reshape(rows, cols)
        return cls(epsg, x0, y0, (~inside).astype(np.uint8), to_lonlat, from_lonlat)

    @property
    def shape(self) -> tuple[int, int]:
        return self.blocked.shape

    def cells(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Column, row and whether that cell is free, for lon/lat points."""
        x, y = self.from_lonlat.transform(np.asarray(lon), np.asarray(lat))
        col = np.floor((np.asarray(x) - self.x0) / CELL_M).astype(int)
        row = np.floor((np.asarray(y) - self.y0) / CELL_M).astype(int)
        rows, cols = self.shape
        ok = (col >= 0) & (row >= 0) & (col < cols) & (row < rows)
        free = np.zeros(len(col), dtype=bool)
        free[ok] = self.blocked[row[ok], col[ok]] == 0
        return col, row, free

    def try_take(self, col: int, row: int, width: int, height: int, notch: int) -> bool:
        """Take the cells of a claim if all are free; ``notch`` >= 0 leaves out one corner cell."""
        rows, cols = self.shape
        if col < 0 or row < 0 or col + width > cols or row + height > rows:
            return False
        window = self.blocked[row: row + height, col: col + width]
        if notch < 0:
            if window.any():
                return False
            window[:] = 1
            return True
        nr, nc = notch_cell(notch, width, height)
        corner = window[nr, nc]
        if int(window.sum()) - int(corner) > 0:
            return False
        window[:] = 1
        window[nr, nc] = corner
        return True


def notch_cell(notch: int, width: int, height: int) -> tuple[int, int]:
    """Row and column (inside the claim's rectangle) of the corner cell left out."""
    return (0 if notch in (0, 1) else height - 1, 0 if notch in (0, 3) else width - 1)


@dataclass
class Placed:
    """Where a grid claim went: lower-left cell, size in cells, left-out corner (-1 for none)."""

    col: int
    row: int
    width: int
    height: int
    notch: int


def place_block(grid: ZoneGrid, sizes: list[tuple[int, int, int]], anchors, rng: np.random.Generator) -> list[Placed | None]:
    """Place one holder's claims next to each other near an anchor cell from ``anchors()``.

    ``sizes`` holds (width, height, notch) per claim; a claim that finds no room near five
    anchors takes the nearest free spot, or is returned as None when there is none.
    """
    placed: list[Placed | None] = []
    anchor = anchors()
    done: list[Placed] = []
    for width, height, notch in sizes:
        spot = None
        for _attempt in range(5):
            spot = _find_spot(grid, anchor, done, width, height, notch, rng)
            if spot is not None:
                break
            anchor = anchors()
            done = []
        if spot is None:
            spot = place_near(grid, anchor, width, height, notch)
        placed.append(spot)
        if spot is not None:
            done.append(spot)
    return placed


def place_near(grid: ZoneGrid, anchor: tuple[int, int], width: int, height: int, notch: int,
               reach: int = 60) -> Placed | None:
    """The free spot nearest ``anchor`` within ``reach`` cells, for a district already full."""
    col0, row0 = anchor
    rows, cols = grid.shape
    r0, c0 = max(0, row0 - reach), max(0, col0 - reach)
    free_r, free_c = np.nonzero(grid.blocked[r0: min(rows, row0 + reach + 1), c0: min(cols, col0 + reach + 1)] == 0)
    order = np.argsort((free_r + r0 - row0) ** 2 + (free_c + c0 - col0) ** 2, kind="stable")
    for k in order[:3000]:
        col, row = int(c0 + free_c[k] - width // 2), int(r0 + free_r[k] - height // 2)
        if grid.try_take(col, row, width, height, notch):
            return Placed(col, row, width, height, notch)
    return None


def _find_spot(grid, anchor, done, width, height, notch, rng) -> Placed | None:
    for _ in range(10 if done else 0):
        q = done[rng.integers(len(done))]
        side = rng.integers(4)
        if side == 0:
            col, row = q.col + q.width, q.row + rng.integers(-height + 1, q.height)
        elif side == 1:
            col, row = q.col - width, q.row + rng.integers(-height + 1, q.height)
        elif side == 2:
            col, row = q.col + rng.integers(-width + 1, q.width), q.row + q.height
        else:
            col, row = q.col + rng.integers(-width + 1, q.width), q.row - height
        if grid.try_take(col, row, width, height, notch):
            return Placed(int(col), int(row), width, height, notch)
    spread = 1.0 + 0.7 * np.sqrt(sum(p.width * p.height for p in done))
    for k in range(8):
        radius = spread * (1 + k) * np.sqrt(rng.random())
        angle = rng.uniform(0, 2 * np.pi)
        col = int(round(anchor[0] + radius * np.cos(angle) - width / 2))
        row = int(round(anchor[1] + radius * np.sin(angle) - height / 2))
        if grid.try_take(col, row, width, height, notch):
            return Placed(col, row, width, height, notch)
    return None


def place_anywhere(grid: ZoneGrid, claims: list[tuple[int, int, int]], rng: np.random.Generator) -> list[Placed | None]:
    """Place claims (width, height, notch) on any free cells, for claims whose block found no room."""
    free_rows, free_cols = np.nonzero(grid.blocked == 0)
    order = rng.permutation(len(free_rows))
    placed: list[Placed | None] = []
    start = 0
    for width, height, notch in claims:
        spot = None
        for k in range(start, len(order)):
            col, row = int(free_cols[order[k]]), int(free_rows[order[k]])
            if grid.try_take(col, row, width, height, notch):
                spot = Placed(col, row, width, height, notch)
                start = k + 1
                break
        placed.append(spot)
    return placed


def grid_polygons(grid: ZoneGrid, spots: list[Placed]) -> np.ndarray:
    """Polygons (in the zone's CRS) of claims placed on the grid."""
    out = np.empty(len(spots), dtype=object)
    for i, s in enumerate(spots):
        x0 = grid.x0 + s.col * CELL_M
        y0 = grid.y0 + s.row * CELL_M
        x1 = x0 + s.width * CELL_M
        y1 = y0 + s.height * CELL_M
        if s.notch < 0:
            out[i] = shapely.box(x0, y0, x1, y1)
            continue
        cut_r, cut_c = notch_cell(s.notch, s.width, s.height)
        cx0 = x0 + cut_c * CELL_M
        cy0 = y0 + cut_r * CELL_M
        out[i] = shapely.difference(shapely.box(x0, y0, x1, y1), shapely.box(cx0, cy0, cx0 + CELL_M, cy0 + CELL_M))
    return out


def place_off_grid(target: shapely.Polygon, area_ha: float, rng: np.random.Generator) -> shapely.Polygon:
    """An old (pre-1992) claim off the grid: a rectangle of ``area_ha`` overlapping ``target``."""
    minx, miny, maxx, maxy = target.bounds
    aspect = rng.uniform(0.5, 2.0)
    width = round(np.sqrt(area_ha * 10_000 * aspect), 1)
    height = round(area_ha * 10_000 / width, 1)
    # Centre somewhere over the target but not on a grid line: overlaps its neighbours too.
    cx = round(rng.uniform(minx, maxx) + rng.uniform(-300, 300), 1)
    cy = round(rng.uniform(miny, maxy) + rng.uniform(-300, 300), 1)
    return shapely.box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
