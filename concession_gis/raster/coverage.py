"""Exact coverage fractions of chosen raster cells by polygons, from the polygons' edges alone.

By Green's theorem the area of a polygon inside pixel (r, c) is a sum over its edges: cut every
edge where it crosses a row or column line; a piece that lies in cell (r, c) and runs ``dv`` rows
contributes ``dv x (its mean column - c)`` to that cell and ``dv`` to every cell left of it in the
same row. So a cell's coverage is its own pieces' sum plus the ``dv`` of the pieces to its right,
and it can be read for any one cell without touching the others. That is what this module is
for: forest loss needs the coverage of the few pixels that lost forest (or are nodata), never of
the millions inside a claim that did not, so the work grows with the claims' perimeter and the
lost pixels instead of with their area. exactextract computes the same fractions (the tests
compare the two cell by cell) but for every cell of every polygon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from affine import Affine


@dataclass(frozen=True)
class Coverage:
    """Where a set of polygons covers a raster: boundary cells, and runs of cells covered alike.

    Boundary cells are the cells that sloped edges pass through, each with its exact fraction.
    The cells between two boundary cells of a row are all covered alike (wholly inside, or
    partly where an edge runs along the row); those covered at all make the runs: row
    ``run_row``, columns ``run_start`` up to ``run_stop`` (excluded), each cell ``run_fraction``.
    ``*_owner`` is the polygon's index in the input.
    """

    cell_owner: np.ndarray
    cell_row: np.ndarray
    cell_col: np.ndarray
    cell_fraction: np.ndarray
    run_owner: np.ndarray
    run_row: np.ndarray
    run_start: np.ndarray
    run_stop: np.ndarray
    run_fraction: np.ndarray


def coverage(geometries: np.ndarray, transform: Affine) -> Coverage:
    """The cells of a raster grid that ``geometries`` (polygons in its CRS) cover, and how much."""
    u0, v0, u1, v1, owner = _edges(geometries, transform)
    sloped = v0 != v1  # edges along a row line add nothing
    u0, v0, u1, v1, owner = u0[sloped], v0[sloped], u1[sloped], v1[sloped], owner[sloped]
    # Cut at row lines, then each row's piece at column lines: every piece then lies in one cell.
    v0, u0, v1, u1, owner = _cut(v0, u0, v1, u1, owner)
    u0, v0, u1, v1, owner = _cut(u0, v0, u1, v1, owner)
    u_mid = (u0 + u1) / 2
    rows = np.floor((v0 + v1) / 2).astype(np.int64)
    cols = np.floor(u_mid).astype(np.int64)
    dv = v1 - v0

    # One key per (polygon, row, column), increasing along a row: sorting groups each cell's
    # pieces and puts a row's cells in column order.
    n = len(geometries)
    row_low, col_low = np.full(n, np.iinfo(np.int64).max), np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(row_low, owner, rows)
    np.minimum.at(col_low, owner, cols)
    n_rows, n_cols = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    np.maximum.at(n_rows, owner, rows - row_low[owner] + 1)
    np.maximum.at(n_cols, owner, cols - col_low[owner] + 1)
    offset = np.concatenate([[0], np.cumsum(n_rows * n_cols)[:-1]]).astype(np.int64)
    row_keys = offset[owner] + (rows - row_low[owner]) * n_cols[owner]
    cell_keys = row_keys + (cols - col_low[owner])
    order = np.argsort(cell_keys, kind="stable")  # pieces come in runs along edges: timsort's case
    keys = cell_keys[order]
    first = np.flatnonzero(np.diff(keys, prepend=-1))
    own = np.add.reduceat(dv[order] * (u_mid[order] - cols[order]), first) if len(first) else np.zeros(0)
    cell_dv = np.add.reduceat(dv[order], first) if len(first) else np.zeros(0)
    cell_owner, cell_row, cell_col = owner[order][first], rows[order][first], cols[order][first]

    # Green's theorem wants the boundary counter-clockwise in (column, row) axes; rings come
    # counter-clockwise in (x, y), and a north-up raster's rows run against y.
    sign = 1.0 if transform.a * transform.e > 0 else -1.0
    # dv of the cells right of each cell in its row: what the row's total still holds after it.
    row_start = np.flatnonzero(np.diff(row_keys[order][first], prepend=-1))
    running = np.cumsum(cell_dv)
    row_total = np.add.reduceat(cell_dv, row_start) if len(row_start) else np.zeros(0)
    row_of_cell = np.repeat(np.arange(len(row_start)), np.diff(np.append(row_start, len(first))))
    before_row = (np.cumsum(row_total) - row_total)[row_of_cell]
    right = sign * (row_total[row_of_cell] - (running - before_row))
    fraction = np.clip(sign * own + right, 0.0, 1.0)  # sums leave rounding of order 1e-15

    # Runs: the gaps between consecutive boundary cells of a row that the polygon covers. No
    # sloped edge crosses them, so all their cells are covered alike: by the dv right of the
    # gap (1 inside, less where an edge runs along the row within those cells).
    same_row = row_of_cell[1:] == row_of_cell[:-1]
    gap = same_row & (cell_col[1:] > cell_col[:-1] + 1) & (right[:-1] > 1e-12)
    run = np.flatnonzero(gap)
    return Coverage(
        cell_owner, cell_row, cell_col, fraction,
        cell_owner[run], cell_row[run], cell_col[run] + 1, cell_col[run + 1], np.clip(right[run], 0.0, 1.0),
    )


Segments = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _edges(geometries: np.ndarray, transform: Affine) -> Segments:
    """Edges (u0, v0, u1, v1, owner) in pixel coordinates: u columns, v rows, owner the polygon."""
    parts, part_owner = shapely.get_parts(geometries, return_index=True)
    parts = shapely.orient_polygons(parts)  # exteriors counter-clockwise, holes clockwise
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    u = (coords[:, 0] - transform.c) / transform.a
    v = (coords[:, 1] - transform.f) / transform.e
    start = np.flatnonzero(coord_ring[1:] == coord_ring[:-1])
    owner = part_owner[ring_part[coord_ring[start]]]
    return u[start], v[start], u[start + 1], v[start + 1], owner


def _cut(a0: np.ndarray, b0: np.ndarray, a1: np.ndarray, b1: np.ndarray, owner: np.ndarray) -> Segments:
    """Segments (a0, b0)-(a1, b1) cut where b crosses a whole number, in order along each one."""
    low, high = np.minimum(b0, b1), np.maximum(b0, b1)
    first = np.floor(low) + 1  # the whole numbers strictly between the ends
    n = np.maximum(np.ceil(high) - first, 0).astype(np.int64)
    rising = b1 >= b0
    step = np.where(rising, 1.0, -1.0)
    start = np.where(rising, first, first + n - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = (a1 - a0) / (b1 - b0)  # used only where there are crossings, so b1 != b0

    # Each segment's points in order: its start, its n crossings, its end.
    n_points = n + 2
    at = np.cumsum(n_points) - n_points
    a, b = np.empty(n_points.sum()), np.empty(n_points.sum())
    a[at], b[at] = a0, b0
    a[at + n + 1], b[at + n + 1] = a1, b1
    segment = np.repeat(np.arange(len(n)), n)
    j = np.arange(len(segment))
    k = j - np.repeat(np.cumsum(n) - n, n)  # which crossing of its segment
    b_cross = start[segment] + step[segment] * k
    into = at[segment] + 1 + k
    b[into] = b_cross
    a[into] = a0[segment] + (b_cross - b0[segment]) * slope[segment]

    # A piece joins each point to the next, but for the last point of a segment.
    is_last = np.zeros(len(a), dtype=bool)
    is_last[at + n + 1] = True
    piece = np.flatnonzero(~is_last)
    return a[piece], b[piece], a[piece + 1], b[piece + 1], np.repeat(owner, n + 1)
