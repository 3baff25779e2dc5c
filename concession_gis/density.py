"""Registrations counted by hexagon where single symbols no longer read: one rule, one binning,
shared by the printed maps (:mod:`concession_gis.export.map_layers`) and the window's canvas.

The rule is ``[maps] aggregate_above_per_cm2`` of ``rules.toml``: more registrations per square
centimetre of map than that (of paper on a print, of screen at 96 dpi in the window) and they are
counted in hexagons ``hexagon_mm`` wide; each hexagon takes the colour of its most frequent class
and grows with how many it holds. Candidates and miners in prohibited areas are never counted
away: they stay single symbols on top. Pure numpy, no drawing library.
"""

from __future__ import annotations

import numpy as np

from concession_gis.columns import ConflictType

# Conflict types never aggregated: the findings a reader looks for, drawn one by one on top.
ALWAYS_SINGLE = (ConflictType.COEXISTENCE_CANDIDATE.value, ConflictType.RESTRICTED_AREA.value)
SCREEN_DPI = 96.0  # the window's nominal screen, as its scale 1:N is worked out
PX_PER_CM = SCREEN_DPI / 2.54


def is_dense(n_points: int, frame_area_cm2: float, aggregate_above_per_cm2: float) -> bool:
    """Whether the frame holds more registrations per square centimetre than single symbols read."""
    return n_points / max(frame_area_cm2, 1e-9) > aggregate_above_per_cm2


def hexagon_bins(x: np.ndarray, y: np.ndarray, width: float) -> tuple[np.ndarray, np.ndarray]:
    """Centres (n, 2) of the pointy-top hexagons ``width`` across the flats holding each point, and
    each point's index into them (axial coordinates, rounded in cube coordinates)."""
    size = width / np.sqrt(3)  # circumradius
    q = (np.sqrt(3) / 3 * x - y / 3) / size
    r = (2 / 3 * y) / size
    cx, cz = q, r
    cy = -cx - cz
    rx, ry, rz = np.round(cx), np.round(cy), np.round(cz)
    dx, dy, dz = np.abs(rx - cx), np.abs(ry - cy), np.abs(rz - cz)
    fix_x = (dx > dy) & (dx > dz)
    fix_z = ~fix_x & (dz >= dy)
    rx = np.where(fix_x, -ry - rz, rx)
    rz = np.where(fix_z, -rx - ry, rz)
    # One integer key per cell (a 1-D unique: several times faster than unique rows, and it
    # keeps the canvas's render thread short); ordered as the (rx, rz) rows would be.
    ix, iz = rx.astype(np.int64), rz.astype(np.int64)
    if not len(ix):
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    z0 = iz.min()
    span = int(iz.max() - z0) + 1
    keys, index = np.unique(ix * span + (iz - z0), return_inverse=True)
    cells_x, cells_z = np.divmod(keys, span)
    cells_z = cells_z + z0
    centres = np.column_stack([size * np.sqrt(3) * (cells_x + cells_z / 2), size * 1.5 * cells_z])
    return centres, index.ravel()


def dominant_class(index: np.ndarray, rank: np.ndarray, n_cells: int) -> np.ndarray:
    """Per cell, the most frequent ``rank`` among its points; a tie goes to the lower rank (the
    more actionable conflict type, as classes are listed)."""
    if not len(index):
        return np.zeros(0, dtype=np.int64)
    span = int(rank.max()) + 1
    keys, pair_n = np.unique(index.astype(np.int64) * span + rank, return_counts=True)
    cell, klass = np.divmod(keys, span)
    # Within each cell, the largest count first, then the lower rank.
    best = np.lexsort((klass, -pair_n, cell))
    first = np.r_[True, np.diff(cell[best]) != 0]
    dominant = np.zeros(n_cells, dtype=np.int64)
    dominant[cell[best][first]] = klass[best][first]
    return dominant


def growth(counts: np.ndarray) -> np.ndarray:
    """Each hexagon's size as a fraction of its cell: area rising with the count, from a third of
    the cell to nearly all of it, so the busiest places stand out and the ground shows between
    sparse cells."""
    if not len(counts):
        return np.zeros(0)
    return 0.35 + 0.6 * np.sqrt(counts / counts.max())


def hexagon_corners(width: float) -> np.ndarray:
    """The six corners (6, 2) of a pointy-top hexagon ``width`` across the flats, round its centre
    (the cells of :func:`hexagon_bins`)."""
    angles = np.deg2rad(30 + 60 * np.arange(6))
    return np.column_stack([np.cos(angles), np.sin(angles)]) * width / np.sqrt(3)
