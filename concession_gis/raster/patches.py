"""Loss pixels grouped into patches: connected pixels, and pixels less than a gap apart.

Labelling is done tile by tile (:mod:`tiles`), in the raster's pixel coordinates, so that the
shapes of neighbouring tiles share their edges exactly, and on as many threads as there are
cores. Within a tile the loss mask is dilated towards the east and the south by the gap in
pixels (one-sided, so two pixels are joined when at most ``n`` pixels lie between them along
rows and columns, the gap in pixels rounded down), and the dilated mask's 8-connected
components are found by runs (:mod:`labels`): each loss pixel takes the component of its run.
A tile keeps only its patches' loss summed by year, the outlines of its loss pixels by patch
(GDAL's polygonize through rasterio; not drawn for a patch wholly inside the tile and under the
size asked for), and the dilated pixels of its rim: components of two tiles whose dilated pixels
meet or touch at a corner there are joined (union-find), which is the relation the dilation
gives inside a tile. So the patches and their figures are those of one whole-raster labelling,
and memory holds a tile's arrays per thread, not the raster's loss pixels.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
import shapely
from affine import Affine
from pyproj import Geod, Transformer
from rasterio import features
from rasterio.windows import Window

from concession_gis.geodesy import M2_PER_HA
from concession_gis.progress import Feedback
from concession_gis.raster.labels import components, label_runs
from concession_gis.raster.sources import LossSource
from concession_gis.raster.tiles import LossTile, each_tile, tile_windows

GEOD = Geod(ellps="WGS84")
# Patches joined and moved to the raster's CRS at a time (bounds the copies held on the way).
JOIN_CHUNK = 8192


@dataclass(frozen=True)
class Patches:
    """The patches of one source, row for row: ``shapes`` (in the raster's CRS; None for a patch
    under the ``min_ha`` asked for), and ``loss``, their loss pixels summed by (``patch``,
    ``year``): ``m2``, and the ``first`` and ``last`` day (NaT where the raster has no days),
    from which every figure of a patch is derived."""

    shapes: np.ndarray
    loss: pd.DataFrame


def gap_pixels(source: LossSource, window: Window, gap_m: float) -> tuple[int, int]:
    """The gap in whole pixels along columns and rows at the window's centre (geodesic sizes)."""
    if gap_m <= 0:
        return 0, 0
    t = source.transform
    col, row = window.col_off + window.width / 2, window.row_off + window.height / 2
    xs = [t.c + col * t.a, t.c + (col + 1) * t.a, t.c + col * t.a]
    ys = [t.f + row * t.e, t.f + row * t.e, t.f + (row + 1) * t.e]
    lon, lat = Transformer.from_crs(source.crs, 4326, always_xy=True).transform(xs, ys)
    _, _, width = GEOD.inv(lon[0], lat[0], lon[1], lat[1])
    _, _, height = GEOD.inv(lon[0], lat[0], lon[2], lat[2])
    return int(gap_m // width), int(gap_m // height)


def dilate(mask: np.ndarray, n_cols: int, n_rows: int) -> np.ndarray:
    """``mask`` padded by (``n_rows``, ``n_cols``) and dilated one-sidedly to the south-east."""
    out = np.zeros((mask.shape[0] + n_rows, mask.shape[1] + n_cols), dtype=bool)
    out[: mask.shape[0], : mask.shape[1]] = mask
    base = out.copy()
    for k in range(1, n_cols + 1):
        out[:, k:] |= base[:, :-k]
    base = out.copy()
    for k in range(1, n_rows + 1):
        out[k:, :] |= base[:-k, :]
    return out


@dataclass(frozen=True)
class _TilePatches:
    """What one tile leaves: its ``n`` components' loss by year, their outlines' pieces (pixel
    coordinates) and owners, and its rim's dilated pixels (global rows, cols) and components."""

    n: int
    loss: pd.DataFrame
    pieces: np.ndarray
    owners: np.ndarray
    rim: tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True, eq=False)
class TilePatcher:
    """What one tile of a raster ``width`` pixels wide leaves (:class:`_TilePatches`; None
    without loss): the function of each tile that :func:`.tiles.each_tile` runs, on the client's
    threads or in a cluster's tasks. A plain object of a few fields, so that it travels to the
    workers as they are (pickled by name, not by value as a closure would be)."""

    width: int
    # Each tile's gap in pixels (columns, rows), by its (col_off, row_off).
    gaps: dict[tuple[int, int], tuple[int, int]]
    # How far into a tile the dilation of a western or northern neighbour can reach.
    reach_cols: int
    reach_rows: int
    # Below this a patch wholly inside a tile gets no shape.
    drawn_ha: float

    def __call__(self, tile: LossTile) -> _TilePatches | None:
        if not len(tile.rows):
            return None
        n_cols, n_rows = self.gaps[(tile.col_off, tile.row_off)]
        h, w = tile.mask.shape
        grown = dilate(tile.mask, n_cols, n_rows)
        runs = label_runs(grown)
        rr, cc = tile.rows - tile.row_off, tile.cols - tile.col_off
        ids = runs.labels_at(rr, cc)
        at = tile.rows.astype(np.int64) * self.width + tile.cols
        loss = (pd.DataFrame({"patch": ids, "year": tile.years, "m2": tile.m2, "first": tile.days, "last": tile.days,
                              "at": at})
                .groupby(["patch", "year"], as_index=False, sort=True)
                .agg({"m2": "sum", "first": "min", "last": "max", "at": "min"}))
        bands = [runs.pixels(0, self.reach_cols + 1), runs.pixels(w - 1, None),
                 runs.in_rows(0, self.reach_rows + 1).pixels(), runs.in_rows(h - 1, h + n_rows).pixels()]
        rim_rows, rim_cols, rim_ids = (np.concatenate(parts) for parts in zip(*bands, strict=True))
        drawn = np.bincount(ids, tile.m2, minlength=runs.n + 1) / M2_PER_HA >= self.drawn_ha
        drawn[rim_ids] = True
        local = np.zeros((h, w), dtype=np.int32)
        local[rr, cc] = ids
        outlines = features.shapes(local, mask=tile.mask & drawn[local], connectivity=8,
                                   transform=Affine.translation(tile.col_off, tile.row_off))
        pieces, owners = _polygons(outlines)
        return _TilePatches(runs.n, loss, pieces, owners,
                            (rim_rows + tile.row_off, rim_cols + tile.col_off, rim_ids))


def loss_patches(source: LossSource, gap_m: float, feedback: Feedback | None = None,
                 side: int | None = None, min_ha: float = 0.0) -> Patches:
    """The patches of ``source``; those under ``min_ha`` may come without a shape (the caller
    drops them)."""
    feedback = feedback or Feedback()
    windows = tile_windows(source, side)
    feedback.stage("loss_fronts", len(windows))
    gaps = {(int(w.col_off), int(w.row_off)): gap_pixels(source, w, gap_m) for w in windows}
    reach_cols = max(g[0] for g in gaps.values())
    reach_rows = max(g[1] for g in gaps.values())
    # A hair lower than min_ha, as the caller sums the same areas in another order.
    work = TilePatcher(source.width, gaps, reach_cols, reach_rows, drawn_ha=min_ha * (1 - 1e-9))
    parts = [p for p in each_tile(source, work, feedback, side) if p is not None]
    if not parts:
        empty = pd.DataFrame({"patch": [], "year": [], "m2": [], "first": [], "last": []})
        return Patches(np.empty(0, dtype=object), empty)
    # Global component ids: each tile's 1..n after those of the tiles before it.
    offset = np.cumsum([0, *(p.n for p in parts[:-1])])
    root = _joined(parts, offset, source.width + reach_cols + 3)
    loss = pd.concat([p.loss.assign(patch=p.loss["patch"] + o) for p, o in zip(parts, offset, strict=True)],
                     ignore_index=True)
    found, number = np.unique(root[loss["patch"].to_numpy()], return_inverse=True)
    # Patches numbered by their first loss pixel, north to south and west to east, whatever the
    # tiling: the order in which fronts tied in hectares are ranked.
    first_at = np.full(len(found), np.iinfo(np.int64).max)
    np.minimum.at(first_at, number, loss["at"].to_numpy())
    renumber = np.empty(len(found), dtype=np.int64)
    renumber[np.argsort(first_at, kind="stable")] = np.arange(len(found))
    loss["patch"] = renumber[number]
    loss = loss.groupby(["patch", "year"], as_index=False, sort=True).agg({"m2": "sum", "first": "min",
                                                                           "last": "max"})
    # Each patch's pieces (from one tile or several) joined into one shape in the raster's CRS.
    owner_root = np.concatenate([root[p.owners + o] for p, o in zip(parts, offset, strict=True)])
    owner = renumber[np.searchsorted(found, owner_root)]
    pieces = np.concatenate([p.pieces for p in parts])
    parts.clear()  # the pieces are held once, and let go of as they are joined
    return Patches(_joined_shapes(pieces, owner, len(found), source.transform), loss)


def _joined_shapes(pieces: np.ndarray, owner: np.ndarray, n: int, t: Affine) -> np.ndarray:
    """The union of each of ``n`` patches' ``pieces`` (pixel coordinates; ``owner``: the patch
    of each), moved by ``t``; None for a patch without pieces. Patches with as many pieces are
    joined in one call, a chunk at a time, each piece let go of once joined."""
    shapes = np.full(n, None, dtype=object)
    if not len(pieces):
        return shapes
    order = np.argsort(owner, kind="stable")
    pieces, owner = pieces[order], owner[order]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    counts = np.diff(np.r_[starts, len(owner)])
    to_crs = np.array([[t.a, t.d], [t.b, t.e]])
    for k in np.unique(counts):
        first = starts[counts == k]
        for chunk in range(0, len(first), JOIN_CHUNK):
            taken = first[chunk:chunk + JOIN_CHUNK, None] + np.arange(k)
            # Row by row, the same union as of each patch's pieces alone (shapely.union_all).
            joined = shapely.union_all(pieces[taken], axis=1)
            pieces[taken] = None
            shapes[owner[taken[:, 0]]] = shapely.transform(joined, lambda xy: xy @ to_crs + np.array([t.c, t.f]))
    return shapes


def _polygons(outlines) -> tuple[np.ndarray, np.ndarray]:
    """Polygonize's (GeoJSON polygon, value) pairs as shapely polygons and their values, built
    from all rings at once (a quarter of the time of building them one by one)."""
    rings, ring_polygon, owners = [], [], []
    for k, (shape, value) in enumerate(outlines):
        for ring in shape["coordinates"]:
            rings.append(ring)
            ring_polygon.append(k)
        owners.append(int(value))
    if not owners:
        return np.empty(0, dtype=object), np.zeros(0, dtype=np.int64)
    lengths = [len(ring) for ring in rings]
    coords = np.fromiter(chain.from_iterable(chain.from_iterable(rings)), dtype=float).reshape(-1, 2)
    linear = np.asarray(shapely.linearrings(coords, indices=np.repeat(np.arange(len(rings)), lengths)))
    # With indices, the first ring of each polygon is its shell and the others its holes.
    polygons = np.asarray(shapely.polygons(linear, indices=np.asarray(ring_polygon)))
    return polygons, np.asarray(owners, dtype=np.int64)


def _joined(parts: list[_TilePatches], offset: np.ndarray, stride: int) -> np.ndarray:
    """Each global component's root: components of two tiles are one where their dilated rim
    pixels are the same pixel or 8-neighbours."""
    rows = np.concatenate([p.rim[0] for p in parts])
    cols = np.concatenate([p.rim[1] for p in parts])
    ids = np.concatenate([p.rim[2] + o for p, o in zip(parts, offset, strict=True)])
    tile = np.repeat(np.arange(len(parts)), [len(p.rim[0]) for p in parts])
    rim = pd.DataFrame({"key": (rows + 1) * stride + cols + 1, "id": ids, "tile": tile}).drop_duplicates()
    a, b = [], []
    for d_row, d_col in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):
        met = rim.assign(key=rim["key"] + d_row * stride + d_col).merge(rim, on="key")
        met = met[met["tile_x"] != met["tile_y"]]
        a.append(met["id_x"].to_numpy())
        b.append(met["id_y"].to_numpy())
    return components(int(offset[-1] + parts[-1].n + 1), np.concatenate(a), np.concatenate(b))


def hectares(loss: pd.DataFrame, n: int) -> np.ndarray:
    """Hectares of each of ``n`` patches from their loss sums (:attr:`Patches.loss`)."""
    return np.bincount(loss["patch"].to_numpy(dtype=np.int64), loss["m2"].to_numpy(), minlength=n) / M2_PER_HA
