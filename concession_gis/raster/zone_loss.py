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
from concession_gis.raster.tiles import TILE_PIXELS, loss_tiles


def classed_loss(source: LossSource, layers: Sequence[tuple[np.ndarray, np.ndarray]],
                 feedback: Feedback | None = None, side: int = TILE_PIXELS) -> pd.DataFrame:
    """Square metres of loss per (class of each layer..., year): columns ``zone0``, ``zone1``...
    (the class each layer burnt there, 0 for none), ``year`` (-1 undated) and ``m2``.

    Each layer is (polygons in the raster's CRS, their positive integer classes), burnt in order.
    """
    feedback = feedback or Feedback()
    feedback.stage("loss_by_zone", -(-source.width // side) * -(-source.height // side))
    trees = [shapely.STRtree(geoms) for geoms, _ in layers]
    parts = []
    for tile in loss_tiles(source, side):
        feedback.check()
        feedback.advance()
        if not len(tile.rows):
            continue
        h, w = tile.mask.shape
        transform = source.transform @ Affine.translation(tile.col_off, tile.row_off)
        (x0, y0), (x1, y1) = transform @ (0, 0), transform @ (w, h)
        box = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        frame = {}
        for k, ((geoms, classes), tree) in enumerate(zip(layers, trees, strict=True)):
            hit = np.sort(tree.query(box, predicate="intersects"))
            burnt = np.zeros((h, w), dtype=np.int32)
            if len(hit):
                burnt = features.rasterize(zip(geoms[hit], classes[hit].tolist(), strict=True), out_shape=(h, w),
                                           transform=transform, dtype="int32")
            frame[f"zone{k}"] = burnt[tile.rows - tile.row_off, tile.cols - tile.col_off]
        parts.append(pd.DataFrame({**frame, "year": tile.years, "m2": tile.m2}))
    if not parts:
        return pd.DataFrame({**{f"zone{k}": [] for k in range(len(layers))}, "year": [], "m2": []})
    keys = [*(f"zone{k}" for k in range(len(layers))), "year"]
    return pd.concat(parts, ignore_index=True).groupby(keys, as_index=False)["m2"].sum()
