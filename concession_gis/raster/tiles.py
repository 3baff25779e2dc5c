"""A whole loss raster read tile by tile, each pixel once, with its decoded year and true area.

What looks at every loss pixel of a raster (fronts, loss by zone) reads it here, in square tiles
of bounded size, so memory stays flat whatever the raster's size (a Hansen tile is 40,000 pixels
a side). Only the loss pixels' positions, years and areas leave a tile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.windows import Window

from concession_gis.raster.loss_years import alert_dates
from concession_gis.raster.pixel_area import PixelAreas
from concession_gis.raster.sources import LossSource

# Side of a tile in pixels: 4096² one-byte pixels is 16 MB, and the arrays built on a tile (mask,
# labels) stay under a few hundred MB.
TILE_PIXELS = 4096


@dataclass(frozen=True)
class LossTile:
    """The loss pixels of one tile: ``mask`` (tile-sized), and for each loss pixel in row-major
    order its global ``rows``/``cols``, ``years`` (-1 undated), ``days`` (datetime64[D], NaT
    when the raster gives only the year) and true area ``m2``."""

    col_off: int
    row_off: int
    mask: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    years: np.ndarray
    days: np.ndarray
    m2: np.ndarray


def loss_tiles(source: LossSource, side: int = TILE_PIXELS) -> Iterator[LossTile]:
    """Every tile of ``source``, west to east and north to south, with its loss pixels."""
    areas = PixelAreas(source.crs, source.transform, source.width, source.height)
    decode = _decoder(source)
    with rasterio.open(source.dataset) as ds:
        for row_off in range(0, source.height, side):
            for col_off in range(0, source.width, side):
                window = Window(col_off, row_off, min(side, source.width - col_off),
                                min(side, source.height - row_off))
                values = ds.read(1, window=window)
                years = decode(values)
                mask = years != 0
                rr, cc = np.nonzero(mask)
                picked = values[rr, cc]
                days = (alert_dates(picked, source.min_confidence) if source.encoding == "alerts"
                        else np.full(len(rr), np.datetime64("NaT"), dtype="datetime64[D]"))
                rows, cols = rr + row_off, cc + col_off
                yield LossTile(col_off, row_off, mask, rows, cols, years[rr, cc], days, areas.at(rows, cols))


def _decoder(source: LossSource) -> Callable[[np.ndarray], np.ndarray]:
    """Pixel values to years as ``source`` is read, nodata as no loss: through a table of every
    value for one- and two-byte unsigned rasters (Hansen's, the alerts'), ten times faster."""
    dtype = np.dtype(source.dtype)

    def decode(values: np.ndarray) -> np.ndarray:
        years = source.years(values)
        if source.nodata is not None:
            years[values == source.nodata] = 0
        return years

    if dtype.kind != "u" or dtype.itemsize > 2:
        return decode
    table = decode(np.arange(2 ** (8 * dtype.itemsize), dtype=dtype))
    return lambda values: table[values]
