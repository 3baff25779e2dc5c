"""Loss pixels grouped into patches: connected pixels, and pixels less than a gap apart.

Labelling is done tile by tile (:mod:`tiles`), in the raster's pixel coordinates, so that the
shapes of neighbouring tiles share their edges exactly. Within a tile the loss mask is dilated
towards the east and the south by the gap in pixels (one-sided, so two pixels are joined when
at most ``n`` pixels lie between them along rows and columns, the gap in pixels rounded down),
the dilated mask is polygonised 8-connected (GDAL's polygonize through rasterio) and burnt back
as labels: each loss pixel takes the label of its dilated component; only loss pixels are then
counted and drawn. Components that reach a tile's edge are joined to those of the next tile
whose dilated shapes they meet (union-find), which is the same relation the dilation gives
inside a tile.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
import shapely.affinity
import shapely.geometry
from affine import Affine
from pyproj import Geod, Transformer
from rasterio import features

from concession_gis.geodesy import M2_PER_HA
from concession_gis.progress import Feedback
from concession_gis.raster.sources import LossSource
from concession_gis.raster.tiles import TILE_PIXELS, LossTile, loss_tiles

GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Patches:
    """The patches of one source, row for row: ``shapes`` (in the raster's CRS), and ``pixels``,
    the loss pixels' (patch, year, day, m2) rows, from which every figure of a patch is summed."""

    shapes: np.ndarray
    pixels: pd.DataFrame


def gap_pixels(source: LossSource, tile: LossTile, gap_m: float) -> tuple[int, int]:
    """The gap in whole pixels along columns and rows at the tile's centre (geodesic sizes)."""
    if gap_m <= 0:
        return 0, 0
    h, w = tile.mask.shape
    t = source.transform
    col, row = tile.col_off + w / 2, tile.row_off + h / 2
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


class _Joins:
    """Union-find over global component ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def root(self, a: int) -> int:
        while self.parent.get(a, a) != a:
            self.parent[a] = self.parent.get(self.parent[a], self.parent[a])
            a = self.parent[a]
        return a

    def join(self, a: int, b: int) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def loss_patches(source: LossSource, gap_m: float, feedback: Feedback | None = None,
                 side: int = TILE_PIXELS) -> Patches:
    """The patches of ``source`` whatever their size (the caller drops the small ones)."""
    feedback = feedback or Feedback()
    feedback.stage("loss_fronts", -(-source.width // side) * -(-source.height // side))
    pieces, owners, pixels = [], [], []
    edge_shapes, edge_ids, edge_tiles = [], [], []
    next_id = 1
    for k, tile in enumerate(loss_tiles(source, side)):
        feedback.check()
        feedback.advance()
        if not len(tile.rows):
            continue
        n_cols, n_rows = gap_pixels(source, tile, gap_m)
        grown = dilate(tile.mask, n_cols, n_rows)
        to_global = Affine.translation(tile.col_off, tile.row_off)
        # As shapely shapes: rasterize reads GeoJSON mappings a hundred times slower.
        components = [shapely.geometry.shape(g) for g, _ in
                      features.shapes(grown.view(np.uint8), mask=grown, connectivity=8, transform=to_global)]
        labels = features.rasterize(((c, i + 1) for i, c in enumerate(components)), out_shape=grown.shape,
                                    transform=to_global, dtype="int32")
        h, w = tile.mask.shape
        local = labels[:h, :w] * tile.mask
        ids = local[tile.rows - tile.row_off, tile.cols - tile.col_off].astype(np.int64) + next_id - 1
        pixels.append(pd.DataFrame({"patch": ids, "year": tile.years, "day": tile.days, "m2": tile.m2}))
        for shape, value in features.shapes(local, mask=tile.mask, connectivity=8, transform=to_global):
            pieces.append(shapely.geometry.shape(shape))
            owners.append(int(value) + next_id - 1)
        # Components that may continue in the neighbouring tiles: those grown to or past the east
        # and south edges, and those within the gap of the west and north edges (the growth of a
        # tile there, to the south-east, can reach them; one pixel more, as the gap in pixels of
        # tiles at other latitudes may be one more).
        edge = np.unique(np.concatenate([labels[: n_rows + 2].ravel(), labels[:, : n_cols + 2].ravel(),
                                         labels[h - 1:].ravel(), labels[:, w - 1:].ravel()]))
        for label in edge[edge > 0].tolist():
            edge_shapes.append(components[label - 1])
            edge_ids.append(label + next_id - 1)
            edge_tiles.append(k)
        next_id += len(components)
    joins = _Joins()
    if edge_shapes:
        shapes = np.asarray(edge_shapes, dtype=object)
        a, b = shapely.STRtree(shapes).query(shapes, predicate="intersects")
        tiles = np.asarray(edge_tiles)
        for i, j in zip(a, b, strict=True):
            if tiles[i] != tiles[j]:
                joins.join(edge_ids[i], edge_ids[j])
    if not pixels:
        return Patches(np.empty(0, dtype=object), pd.DataFrame({"patch": [], "year": [], "day": [], "m2": []}))
    table = pd.concat(pixels, ignore_index=True)
    roots = {i: joins.root(i) for i in np.unique(table["patch"]).tolist()}
    table["patch"] = table["patch"].map(roots)
    found = np.unique(table["patch"].to_numpy())
    number = pd.Series(np.arange(len(found)), index=found)
    table["patch"] = number[table["patch"].to_numpy()].to_numpy()
    piece_owner = number[[roots[o] for o in owners]].to_numpy()
    t = source.transform
    to_crs = [t.a, t.b, t.d, t.e, t.c, t.f]
    shapes = np.empty(len(found), dtype=object)
    order = np.argsort(piece_owner, kind="stable")
    starts = np.flatnonzero(np.r_[True, piece_owner[order][1:] != piece_owner[order][:-1]])
    pieces_arr = np.asarray(pieces, dtype=object)[order]
    for owner, part in zip(piece_owner[order][starts], np.split(pieces_arr, starts[1:]), strict=True):
        shapes[owner] = shapely.affinity.affine_transform(shapely.union_all(part), to_crs)
    return Patches(shapes, table)


def hectares(pixels: pd.DataFrame, n: int) -> np.ndarray:
    """Hectares of each of ``n`` patches from its pixels' true areas."""
    return np.bincount(pixels["patch"].to_numpy(dtype=np.int64), pixels["m2"].to_numpy(), minlength=n) / M2_PER_HA
