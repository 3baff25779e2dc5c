"""Forest loss as a map layer: the loss rasters of a run, read at the map's own resolution.

A regional raster holds about 100 million pixels; a printed map shows a few million. Each
raster is read through a window covering the map, decimated by GDAL to at most the map's pixel
count (rasterio's ``out_shape``), and only that small array is reprojected onto the map grid.
Nearest-neighbour sampling keeps the share of loss pixels unbiased, so the picture does not
exaggerate loss the way a maximum filter would.

Zoomed in further than the raster (a case map: a 30 m Hansen pixel over a dozen 2.5 m pixels of
the frame), one raster's own pixels are drawn instead, with the affine matrix that places them in
the map's projection: the PDF gets about 200 × 150 pixels instead of a million and a half, and
each pixel's true footprint instead of a staircase of it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.warp import reproject, transform_bounds
from rasterio.windows import from_bounds

from concession_gis import palette
from concession_gis.export.mapframe import Extent
from concession_gis.raster.loss_years import UNDATED, decode_years, guess_encoding


@dataclass(frozen=True)
class LossImage:
    """Loss years on the map grid (NaN where no loss; 0 where loss has no date)."""

    years: np.ndarray
    extent: Extent
    first_year: int | None
    last_year: int | None
    # Where ``years`` holds a raster's own pixels: the affine from (column, row) to the map's
    # coordinates; None where it is a grid over ``extent``.
    placement: Affine | None = None

    @property
    def dated(self) -> bool:
        return self.first_year is not None


@dataclass(frozen=True)
class LossSource:
    """A loss raster named in a run's summary, and whether it could be read for the map."""

    path: Path
    encoding: str | None
    readable: bool


def loss_sources(summary: Mapping[str, Any]) -> list[LossSource]:
    """The loss rasters a run used, from ``summary['inputs']``; missing files marked unreadable."""
    sources = []
    for entry in summary.get("inputs", []):
        if entry.get("kind") != "loss_raster":
            continue
        path = Path(entry["path"])
        sources.append(LossSource(path, entry.get("encoding"), path.is_file()))
    return sources


def read_loss_image(summary: Mapping[str, Any], crs: CRS, extent: Extent, shape: tuple[int, int]) -> LossImage | None:
    """Loss from every readable raster of the run, on a ``shape`` grid over ``extent``; None if none."""
    rows, cols = shape
    readable = [source for source in loss_sources(summary) if source.readable]
    if len(readable) == 1:  # several rasters are merged on the frame's grid, later loss first
        try:
            native = _read_native(readable[0], crs, extent, max(extent.width / cols, extent.height / rows))
        except (RasterioError, ValueError):
            native = None
        if native is not None:
            return native
    grid = np.full((rows, cols), np.nan, dtype=np.float32)
    transform = Affine(extent.width / cols, 0, extent.xmin, 0, -extent.height / rows, extent.ymax)
    drew = False
    for source in readable:
        try:
            years = _read_one(source, crs, extent, transform, shape)
        except (RasterioError, ValueError):
            continue  # an unreadable raster is left off the map; the sources list still names it
        if years is not None:
            grid = np.where(np.isnan(grid), years, np.fmax(grid, years))
            drew = True
    return _loss_image(grid, extent, grid) if drew else None


def _loss_image(years: np.ndarray, extent: Extent, shown: np.ndarray, placement: Affine | None = None
                ) -> LossImage | None:
    """``years`` as an image whose first and last years are those of ``shown`` (its pixels on the
    frame); None where those show no loss."""
    if not np.isfinite(shown).any():
        return None
    dated = shown[np.isfinite(shown) & (shown > 0)]
    first, last = (int(dated.min()), int(dated.max())) if dated.size else (None, None)
    return LossImage(years, extent, first, last, placement)


# A raster's own pixels are drawn where each is at least this many of the frame's pixels across,
# and the affine placing them is true to within this fraction of a frame pixel over the window.
NATIVE_ABOVE_PIXELS = 2.0
NATIVE_FIT_PIXELS = 0.25


def _read_native(source: LossSource, crs: CRS, extent: Extent, cell: float) -> LossImage | None:
    """The raster's own pixels over ``extent`` and the affine placing them in ``crs``, where its
    pixels are coarser than the frame's (``cell`` map units) and the placement is affine enough;
    else None. Its years run over the pixels whose centre is on the frame."""
    with rasterio.open(source.path) as raster:
        window = _frame_window(raster, crs, extent)
        if window is None:
            return None
        placement, misfit = _placement(raster.window_transform(window), raster.crs, crs, window.width, window.height)
        pixel = min(math.hypot(placement.a, placement.d), math.hypot(placement.b, placement.e))
        if pixel < NATIVE_ABOVE_PIXELS * cell or misfit > NATIVE_FIT_PIXELS * cell:
            return None
        years = _as_years(raster.read(1, window=window, masked=True), source.encoding)
    if years is None:
        return None
    rows, cols = np.indices(years.shape) + 0.5
    x, y = placement @ (cols, rows)
    on_frame = years[(x >= extent.xmin) & (x <= extent.xmax) & (y >= extent.ymin) & (y <= extent.ymax)]
    return _loss_image(years, extent, on_frame, placement)


def _placement(window_transform: Affine, src: CRS, dst: CRS, width: int, height: int) -> tuple[Affine, float]:
    """The affine from a window's (column, row) to ``dst``, fitted by least squares on a 5 × 5
    lattice of the window, and its largest miss there in ``dst`` units."""
    cols, rows = (a.ravel() for a in np.meshgrid(np.linspace(0, width, 5), np.linspace(0, height, 5)))
    t = window_transform
    x, y = Transformer.from_crs(src, dst, always_xy=True).transform(t.a * cols + t.b * rows + t.c,
                                                                    t.d * cols + t.e * rows + t.f)
    design = np.column_stack([cols, rows, np.ones_like(cols)])
    (a, b, c), *_ = np.linalg.lstsq(design, x, rcond=None)
    (d, e, f), *_ = np.linalg.lstsq(design, y, rcond=None)
    misfit = float(np.hypot(design @ (a, b, c) - x, design @ (d, e, f) - y).max())
    return Affine(a, b, c, d, e, f), misfit


def loss_rgba(loss: LossImage) -> np.ndarray:
    """The picture of ``loss``: RGBA bytes, each year in its palette colour, no loss transparent."""
    colours = [palette.LOSS_UNDATED]
    if loss.first_year is not None and loss.last_year is not None:  # dated loss
        colours += palette.loss_year_colours(loss.first_year, loss.last_year)
    table = np.array([(*palette.rgb(c), 255) for c in colours] + [(0, 0, 0, 0)], dtype=np.uint8)
    # One small-integer index a pixel (a frame has a million or more; an atlas draws hundreds):
    # the transparent last entry where no loss, 0 undated, 1... the years from the first.
    index = np.full(loss.years.shape, len(colours), dtype=np.int16)
    index[np.isfinite(loss.years)] = 0
    if loss.first_year is not None:
        dated = loss.years > 0  # NaN compares False
        index[dated] = (loss.years[dated] - (loss.first_year - 1)).astype(np.int16)
    return table[index]


def _frame_window(raster, crs: CRS, extent: Extent) -> rasterio.windows.Window | None:
    """The whole pixels of ``raster`` under ``extent`` (of ``crs``); None if it misses them."""
    left, bottom, right, top = transform_bounds(crs, raster.crs, extent.xmin, extent.ymin,
                                               extent.xmax, extent.ymax, densify_pts=21)
    window = from_bounds(left, bottom, right, top, raster.transform)
    window = window.intersection(rasterio.windows.Window(0, 0, raster.width, raster.height))
    window = window.round_offsets().round_lengths()
    return None if window.width < 1 or window.height < 1 else window


def _read_one(source: LossSource, crs: CRS, extent: Extent, transform: Affine, shape) -> np.ndarray | None:
    with rasterio.open(source.path) as raster:
        window = _frame_window(raster, crs, extent)
        if window is None:
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
    """Calendar year of loss per pixel, 0 for undated loss, NaN for no loss.

    The summary does not always say how a raster encodes loss; its values usually do, and a
    raster they do not explain is drawn as undated loss.
    """
    data = np.ma.filled(values, 0)
    encoding = encoding or guess_encoding(np.unique(data)) or "mask"
    years = decode_years(data, encoding)
    if not years.any():
        return None
    return np.where(years == 0, np.nan, np.where(years == UNDATED, 0, years)).astype(np.float32)


def grid_shape(frame_w_mm: float, frame_h_mm: float, dpi: float, max_pixels: int = 12_000_000) -> tuple[int, int]:
    """Rows and columns of the map frame at ``dpi``, capped so a poster stays in memory."""
    cols = max(1, round(frame_w_mm / 25.4 * dpi))
    rows = max(1, round(frame_h_mm / 25.4 * dpi))
    shrink = math.sqrt(max_pixels / (rows * cols)) if rows * cols > max_pixels else 1.0
    return max(1, int(rows * shrink)), max(1, int(cols * shrink))
