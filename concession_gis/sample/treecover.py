"""Hansen-style ``treecover2000`` rasters: canopy cover in 2000, percent, on the loss raster's grid.

Real treecover2000 is uint8 percent (0..100, no nodata) on the same 0.00025-degree grid as the
lossyear layer. The lowland Amazon is closed forest (70-100 %); above the tree line (puna, high
Andes) there is next to no canopy. Loss can only happen where there were trees, so every pixel of
loss gets at least the canopy that Hansen's forest threshold (30 %) calls forest.
"""

from __future__ import annotations

import numpy as np

from concession_gis.sample.lossyear import PIXEL_DEG, LossFields, loss_window
from concession_gis.sample.noise import value_noise

# The eastern tree line of the Andes across the region: south-west of this line (Corani,
# Macusani, the puna of Carabaya and Quispicanchi) is high ground without forest; north-east of
# it, the cloud forest and the Amazon lowlands (Quincemil, San Gabán, Madre de Dios).
TREE_LINE = ((-71.4, -13.25), (-69.9, -14.1))
# Width of the cloud-forest mosaic across the tree line, in degrees (about 5 km).
TREE_LINE_WIDTH_DEG = 0.05
FOREST_PERCENT = (70.0, 100.0)   # closed lowland forest
PUNA_PERCENT = (0.0, 8.0)        # grass and shrubs, a few Polylepis
LOST_MIN_PERCENT = 30.0          # Hansen's forest threshold: loss happened on forest


def canopy(highland: np.ndarray, lost: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Treecover percent (uint8) from ``highland`` (0 lowland .. 1 above the tree line), where
    loss happened (``lost``) and a uniform ``noise`` in [0, 1)."""
    forest = FOREST_PERCENT[0] + (FOREST_PERCENT[1] - FOREST_PERCENT[0]) * noise
    puna = PUNA_PERCENT[0] + (PUNA_PERCENT[1] - PUNA_PERCENT[0]) * noise
    percent = forest * (1 - highland) + puna * highland
    percent = np.where(lost & (percent < LOST_MIN_PERCENT), LOST_MIN_PERCENT + 40 * noise, percent)
    return np.clip(np.rint(percent), 0, 100).astype(np.uint8)


def highland_share(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """0 north-east of the region's tree line, 1 south-west of it, a ramp across it."""
    (x0, y0), (x1, y1) = TREE_LINE
    dx, dy = x1 - x0, y1 - y0
    length = np.hypot(dx, dy)
    # The normal pointing south-west, to the high ground.
    nx, ny = dy / length, -dx / length
    if nx > 0:
        nx, ny = -nx, -ny
    distance = (lon - x0) * nx + (lat - y0) * ny
    return np.clip(distance / TREE_LINE_WIDTH_DEG + 0.5, 0.0, 1.0)


def treecover_window(fields: LossFields, west: float, north: float, row0: int, col0: int, height: int,
                     width: int) -> np.ndarray:
    """Treecover percent of one window at global pixel offset (row0, col0) of the grid whose
    north-west corner is (west, north), on the same grid as :func:`~.lossyear.loss_window`."""
    lon = west + (np.arange(col0, col0 + width) + 0.5) * PIXEL_DEG
    lat = north - (np.arange(row0, row0 + height) + 0.5) * PIXEL_DEG
    highland = highland_share(lon[None, :], lat[:, None])
    noise = value_noise(row0, col0, height, width, 9.0, fields.salt + 23)
    return canopy(highland, loss_window(fields, row0, col0, height, width) > 0, noise)
