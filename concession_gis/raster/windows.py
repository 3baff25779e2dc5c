"""Which pixels each polygon needs, and in what order and batches they are read.

Polygons are visited strip by strip of raster rows so that consecutive ones share raster blocks;
a batch of neighbouring polygons is read as one block. A polygon whose window would be too big
for memory is cut along pixel edges into pieces: coverage fractions of the pieces add up to the
polygon's exactly, because no pixel is split between two pieces' windows.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import shapely

from concession_gis.raster.sources import LossSource

# Most features in one batch: one block read, one progress report and cancellation check.
CHUNK_FEATURES = 256
# Most pixels of the block read for one batch of features (4 MB for a byte raster): bigger
# blocks save little and, where a batch spans two strips, read much that no feature needs.
BATCH_PIXELS = 4 * 2**20
# Largest window (pixels) read for one polygon; bigger polygons are cut into pieces this size.
MAX_PIECE_PIXELS = 2048 * 2048
# Side, in pixels, of the strips features are ordered by, so consecutive ones share blocks.
ORDER_STRIP_PIXELS = 512


def polygonal(geoms: np.ndarray) -> np.ndarray:
    """Valid polygonal geometries: repaired where invalid; lines and points dropped."""
    geoms = geoms.copy()
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    if invalid.any():
        geoms[invalid] = shapely.make_valid(geoms[invalid])
    kinds = shapely.get_type_id(geoms)
    for i in np.flatnonzero((kinds != 3) & (kinds != 6)):  # not Polygon, not MultiPolygon
        parts = shapely.get_parts(geoms[i])
        polygons = [p for p in parts if shapely.get_type_id(p) in (3, 6)]
        geoms[i] = shapely.union_all(polygons) if polygons else shapely.Polygon()
    return geoms


def touching_raster(geoms: np.ndarray, source: LossSource) -> np.ndarray:
    """Whether each geometry's bounding box (in the raster's CRS) meets the raster's extent."""
    left, bottom, right, top = source.bounds
    bounds = shapely.bounds(geoms)
    return (
        np.isfinite(bounds).all(axis=1)
        & (bounds[:, 0] < right) & (bounds[:, 2] > left)
        & (bounds[:, 1] < top) & (bounds[:, 3] > bottom)
        & ~shapely.is_empty(geoms)
    )


def pieces_on_raster(
    positions: np.ndarray, geoms: np.ndarray, source: LossSource
) -> tuple[np.ndarray, np.ndarray]:
    """The geometries that touch the raster, big ones cut along pixel edges into pieces."""
    touches = touching_raster(geoms, source)
    positions, geoms = positions[touches], geoms[touches]
    bounds = shapely.bounds(geoms)
    res_x, res_y = source.res
    pixels = (bounds[:, 2] - bounds[:, 0]) / res_x * (bounds[:, 3] - bounds[:, 1]) / res_y
    big = pixels > MAX_PIECE_PIXELS
    if not big.any():
        return positions, geoms
    out_positions, out_geoms = [positions[~big]], [geoms[~big]]
    for position, geom in zip(positions[big], geoms[big], strict=True):
        cut = _cut_on_pixel_grid(geom, source)
        out_positions.append(np.full(len(cut), position))
        out_geoms.append(cut)
    return np.concatenate(out_positions), np.concatenate(out_geoms)


def _cut_on_pixel_grid(geom, source: LossSource) -> np.ndarray:
    """``geom`` cut by square windows of pixels; coverage fractions add up exactly over pieces."""
    side = int(np.sqrt(MAX_PIECE_PIXELS))
    t = source.transform
    minx, miny, maxx, maxy = geom.bounds
    col0 = int(np.floor((max(minx, source.bounds[0]) - t.c) / t.a))
    col1 = int(np.ceil((min(maxx, source.bounds[2]) - t.c) / t.a))
    row0 = int(np.floor((min(maxy, source.bounds[3]) - t.f) / t.e))
    row1 = int(np.ceil((max(miny, source.bounds[1]) - t.f) / t.e))
    boxes = [
        shapely.box(t.c + c * t.a, t.f + min(r + side, row1) * t.e,
                    t.c + min(c + side, col1) * t.a, t.f + r * t.e)
        for r in range(row0, row1, side)
        for c in range(col0, col1, side)
    ]
    pieces = shapely.intersection(geom, np.array(boxes, dtype=object))
    return polygonal(pieces[~shapely.is_empty(pieces)])


def spatial_order(geoms: np.ndarray, source: LossSource) -> np.ndarray:
    """Order that visits features strip by strip of rows, west to east within a strip."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=np.intp)
    bounds = shapely.bounds(geoms)
    t = source.transform
    row = ((bounds[:, 1] + bounds[:, 3]) / 2 - t.f) / t.e
    col = ((bounds[:, 0] + bounds[:, 2]) / 2 - t.c) / t.a
    return np.lexsort((col, np.floor(row / ORDER_STRIP_PIXELS)))


def pixel_windows(geoms: np.ndarray, source: LossSource) -> np.ndarray:
    """Rows of (col0, row0, col1, row1): each geometry's pixel window, clipped to the raster."""
    if len(geoms) == 0:
        return np.zeros((0, 4), dtype=np.int64)
    t = source.transform
    minx, miny, maxx, maxy = shapely.bounds(geoms).T
    # One pixel of margin, so that no cell of a feature falls outside its batch's block
    # whatever the rounding (cells outside the block are skipped).
    col0 = np.floor((minx - t.c) / t.a) - 1
    col1 = np.ceil((maxx - t.c) / t.a) + 1
    row0 = np.floor((maxy - t.f) / t.e) - 1
    row1 = np.ceil((miny - t.f) / t.e) + 1
    windows = np.column_stack([col0, row0, col1, row1])
    upper = np.array([source.width, source.height, source.width, source.height])
    return np.clip(windows, 0, upper).astype(np.int64)


def batches(windows: np.ndarray) -> Iterator[tuple[slice, tuple[int, int, int, int]]]:
    """Consecutive runs of features whose joint window stays small, with that window."""
    start, n = 0, len(windows)
    while start < n:
        box = windows[start].copy()
        stop = start + 1
        while stop < n and stop - start < CHUNK_FEATURES:
            grown = np.concatenate([np.minimum(box[:2], windows[stop, :2]),
                                    np.maximum(box[2:], windows[stop, 2:])])
            if (grown[2] - grown[0]) * (grown[3] - grown[1]) > BATCH_PIXELS:
                break
            box, stop = grown, stop + 1
        col0, row0, col1, row1 = (int(v) for v in box)
        yield slice(start, stop), (col0, row0, col1 - col0, row1 - row0)
        start = stop
