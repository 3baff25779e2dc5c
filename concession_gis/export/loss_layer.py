"""Forest loss as a map layer: the loss rasters of a run, read at the map's own resolution.

A regional raster holds about 100 million pixels; a printed map shows a few million. Each
raster is read through a window covering the map, decimated by GDAL to at most the map's pixel
count (rasterio's ``out_shape``), and only that small array is reprojected onto the map grid.
Nearest-neighbour sampling keeps the share of loss pixels unbiased, so the picture does not
exaggerate loss the way a maximum filter would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.warp import reproject, transform_bounds
from rasterio.windows import from_bounds

from concession_gis.export.mapframe import Extent

HANSEN_BASE_YEAR = 2000
FIRST_PLAUSIBLE_YEAR = 1980


@dataclass(frozen=True)
class LossImage:
    """Loss years on the map grid (NaN where no loss; 0 where loss has no date)."""

    years: np.ndarray
    extent: Extent
    first_year: int | None
    last_year: int | None

    @property
    def dated(self) -> bool:
        return self.first_year is not None


@dataclass(frozen=True)
class LossSource:
    """A loss raster named in a run's summary, and whether it could be read for the map."""

    path: Path
    encoding: str | None
    readable: bool


def loss_sources(summary: dict) -> list[LossSource]:
    """The loss rasters a run used, from ``summary['inputs']``; missing files marked unreadable."""
    sources = []
    for entry in summary.get("inputs", []):
        if entry.get("kind") != "loss_raster":
            continue
        path = Path(entry["path"])
        sources.append(LossSource(path, entry.get("encoding"), path.is_file()))
    return sources


def read_loss_image(summary: dict, crs: CRS, extent: Extent, shape: tuple[int, int]) -> LossImage | None:
    """Loss from every readable raster of the run, on a ``shape`` grid over ``extent``; None if none."""
    rows, cols = shape
    grid = np.full((rows, cols), np.nan, dtype=np.float32)
    transform = Affine(extent.width / cols, 0, extent.xmin, 0, -extent.height / rows, extent.ymax)
    drew = False
    for source in loss_sources(summary):
        if not source.readable:
            continue
        try:
            years = _read_one(source, crs, extent, transform, shape)
        except (RasterioError, ValueError):
            continue  # an unreadable raster is left off the map; the sources list still names it
        if years is not None:
            grid = np.where(np.isnan(grid), years, np.fmax(grid, years))
            drew = True
    if not drew or not np.isfinite(grid).any():
        return None
    dated = grid[np.isfinite(grid) & (grid > 0)]
    first, last = (int(dated.min()), int(dated.max())) if dated.size else (None, None)
    return LossImage(grid, extent, first, last)


def _read_one(source: LossSource, crs: CRS, extent: Extent, transform: Affine, shape) -> np.ndarray | None:
    with rasterio.open(source.path) as raster:
        left, bottom, right, top = transform_bounds(crs, raster.crs, extent.xmin, extent.ymin,
                                                   extent.xmax, extent.ymax, densify_pts=21)
        window = from_bounds(left, bottom, right, top, raster.transform)
        window = window.intersection(rasterio.windows.Window(0, 0, raster.width, raster.height))
        window = window.round_offsets().round_lengths()
        if window.width < 1 or window.height < 1:
            return None
        out_h = max(1, min(int(window.height), shape[0]))
        out_w = max(1, min(int(window.width), shape[1]))
        values = raster.read(1, window=window, out_shape=(out_h, out_w), masked=True,
                             resampling=Resampling.nearest)
        read_transform = raster.window_transform(window) @ Affine.scale(window.width / out_w, window.height / out_h)
        years = _as_years(values, source.encoding)
        if years is None:
            return None
        out = np.full(shape, np.nan, dtype=np.float32)
        reproject(years, out, src_transform=read_transform, src_crs=raster.crs, src_nodata=np.nan,
                  dst_transform=transform, dst_crs=crs, dst_nodata=np.nan, resampling=Resampling.nearest)
        return out


def _as_years(values: np.ma.MaskedArray, encoding: str | None) -> np.ndarray | None:
    """Calendar year of loss per pixel, 0 for undated loss, NaN for no loss."""
    data = np.ma.filled(values.astype(np.float64), 0.0)
    loss = data > 0
    if not loss.any():
        return None
    encoding = encoding or _guess_encoding(data[loss])
    if encoding == "lossyear":
        years = data + HANSEN_BASE_YEAR
    elif encoding == "year":
        years = np.where(data >= FIRST_PLAUSIBLE_YEAR, data, 0.0)
    else:
        years = np.zeros_like(data)
    return np.where(loss, years, np.nan).astype(np.float32)


def _guess_encoding(values: np.ndarray) -> str:
    """The summary does not always say how a raster encodes loss; its values usually do.

    Calendar years are four-digit numbers; Hansen ``lossyear`` counts years since 2000 (1 to about
    25); a mask holds one value (1 or 255) with no date.
    """
    if values.min() >= FIRST_PLAUSIBLE_YEAR:
        return "year"
    if values.max() > 100 or np.unique(values).size == 1:
        return "mask"
    return "lossyear"


def grid_shape(frame_w_mm: float, frame_h_mm: float, dpi: float, max_pixels: int = 12_000_000) -> tuple[int, int]:
    """Rows and columns of the map frame at ``dpi``, capped so a poster stays in memory."""
    cols = max(1, round(frame_w_mm / 25.4 * dpi))
    rows = max(1, round(frame_h_mm / 25.4 * dpi))
    shrink = math.sqrt(max_pixels / (rows * cols)) if rows * cols > max_pixels else 1.0
    return max(1, int(rows * shrink)), max(1, int(cols * shrink))
