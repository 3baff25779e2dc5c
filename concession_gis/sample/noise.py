"""Deterministic smooth noise addressed by pixel position, and a cheap Gaussian-like blur.

The noise at a pixel depends only on the pixel's global row and column and a salt, never on
the window being computed, so a raster written window by window has no seams and the same
seed gives the same bytes.
"""

from __future__ import annotations

import numpy as np

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_M3 = np.uint64(0xBF58476D1CE4E5B9)
_M4 = np.uint64(0x94D049BB133111EB)


def hashed_uniform(rows: np.ndarray, cols: np.ndarray, salt: int) -> np.ndarray:
    """Uniform values in [0, 1) for integer grid points (broadcast), via a splitmix64 finaliser."""
    h = (np.asarray(rows, dtype=np.uint64) * _M1) ^ (np.asarray(cols, dtype=np.uint64) * _M2)
    h = h ^ np.uint64(salt & 0xFFFFFFFFFFFFFFFF)
    h ^= h >> np.uint64(30)
    h *= _M3
    h ^= h >> np.uint64(27)
    h *= _M4
    h ^= h >> np.uint64(31)
    return ((h >> np.uint64(40)).astype(np.float32)) * np.float32(2.0**-24)


def value_noise(row0: int, col0: int, height: int, width: int, spacing: float, salt: int) -> np.ndarray:
    """Smooth noise in [0, 1] over a window: lattice values every ``spacing`` pixels, eased bilinearly."""
    fy, iy = _lattice(row0, height, spacing)
    fx, ix = _lattice(col0, width, spacing)
    lattice_rows = np.arange(iy[0], iy[-1] + 2)
    lattice_cols = np.arange(ix[0], ix[-1] + 2)
    values = hashed_uniform(lattice_rows[:, None], lattice_cols[None, :], salt)
    r = iy - iy[0]
    c = ix - ix[0]
    top = values[r][:, c] * (1 - fx) + values[r][:, c + 1] * fx
    bottom = values[r + 1][:, c] * (1 - fx) + values[r + 1][:, c + 1] * fx
    return top * (1 - fy)[:, None] + bottom * fy[:, None]


def _lattice(start: int, length: int, spacing: float):
    position = (np.arange(start, start + length) + 0.5) / spacing
    index = np.floor(position).astype(np.int64)
    frac = (position - index).astype(np.float32)
    return frac * frac * (3 - 2 * frac), index


def box_blur(values: np.ndarray, radius: int, passes: int = 3) -> np.ndarray:
    """Repeated box means of width 2*radius+1 (zero outside), close to a Gaussian blur."""
    out = values.astype(np.float64)
    for _ in range(passes):
        for axis in (0, 1):
            out = _box_1d(out, radius, axis)
    return out


def _box_1d(values: np.ndarray, radius: int, axis: int) -> np.ndarray:
    pad = [(0, 0), (0, 0)]
    pad[axis] = (radius + 1, radius)
    total = np.cumsum(np.pad(values, pad), axis=axis)
    width = 2 * radius + 1
    upper = np.take(total, np.arange(width, total.shape[axis]), axis=axis)
    lower = np.take(total, np.arange(0, total.shape[axis] - width), axis=axis)
    return (upper - lower) / width
