"""Loss pixels of a whole raster classed by zone layers, each pixel whole in one class per layer.

Each zone layer is burnt onto every tile (:mod:`tiles`) by pixel centre, in order, so that where
its polygons overlap the last one burnt wins: a pixel falls in exactly one class of each layer
(0: in none), and the classed hectares add up to the raster's loss, each hectare once. That is
the point of this table; the per-claim figures instead count each pixel by the share of its area
inside the claim (:mod:`zonal`), so a claim's edge pixels are split there and whole here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from affine import Affine
from rasterio import features

from concession_gis.progress import Feedback
from concession_gis.raster.sources import LossSource
from concession_gis.raster.tiles import LossTile, each_tile, tile_windows


class TileClasses:
    """One tile's loss pixels summed by (class of each layer..., year) (None without loss): the
    function of each tile that :func:`.tiles.each_tile` runs, on the client's threads or in a
    cluster's tasks. It travels to the workers as the raster's transform and the layers (pickled
    by name, not by value as a closure would be); each process that receives it builds the
    layers' trees once, for all its tiles."""

    def __init__(self, transform: Affine, layers: Sequence[tuple[np.ndarray, np.ndarray]]):
        self.transform, self.layers = transform, list(layers)
        self.trees = [shapely.STRtree(geoms) for geoms, _ in self.layers]
        self.keys = [*(f"zone{k}" for k in range(len(self.layers))), "year"]

    def __reduce__(self) -> tuple[type[TileClasses], tuple[Affine, list[tuple[np.ndarray, np.ndarray]]]]:
        return TileClasses, (self.transform, self.layers)

    def __call__(self, tile: LossTile) -> pd.DataFrame | None:
        if not len(tile.rows):
            return None
        h, w = tile.mask.shape
        transform = self.transform @ Affine.translation(tile.col_off, tile.row_off)
        (x0, y0), (x1, y1) = transform @ (0, 0), transform @ (w, h)
        box = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        frame = {}
        for k, ((geoms, classes), tree) in enumerate(zip(self.layers, self.trees, strict=True)):
            hit = np.sort(tree.query(box, predicate="intersects"))
            if not len(hit):
                frame[f"zone{k}"] = np.zeros(len(tile.rows), dtype=np.int32)
                continue
            burnt = features.rasterize(zip(geoms[hit], classes[hit].tolist(), strict=True), out_shape=(h, w),
                                       transform=transform, dtype="int32")
            frame[f"zone{k}"] = burnt[tile.rows - tile.row_off, tile.cols - tile.col_off]
        return (pd.DataFrame({**frame, "year": tile.years, "m2": tile.m2})
                .groupby(self.keys, as_index=False)["m2"].sum())


def classed_loss(source: LossSource, layers: Sequence[tuple[np.ndarray, np.ndarray]],
                 feedback: Feedback | None = None, side: int | None = None) -> pd.DataFrame:
    """Square metres of loss per (class of each layer..., year): columns ``zone0``, ``zone1``...
    (the class each layer burnt there, 0 for none), ``year`` (-1 undated) and ``m2``.

    Each layer is (polygons in the raster's CRS, their positive integer classes), burnt in order.
    Each tile's pixels are summed by class where the tile is read, so only those sums are kept.
    """
    feedback = feedback or Feedback()
    feedback.stage("loss_by_zone", len(tile_windows(source, side)))
    classed = TileClasses(source.transform, layers)
    parts = [part for part in each_tile(source, classed, feedback, side) if part is not None]
    if not parts:
        return pd.DataFrame({**{f"zone{k}": [] for k in range(len(layers))}, "year": [], "m2": []})
    return pd.concat(parts, ignore_index=True).groupby(classed.keys, as_index=False)["m2"].sum()
