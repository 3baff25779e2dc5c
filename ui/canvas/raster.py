"""Forest-loss rasters drawn at the resolution of the screen, never read whole.

Close up, the visible window is read from the file with ``out_shape`` (GDAL reads only the
blocks in view and releases the GIL). Far out, a window of 100 million pixels would mean
decompressing all of them, so a pyramid of reduced copies is built once in the background and
cached in the user's cache folder; the input file is never touched. The reduction keeps the
*maximum* code of each block (the latest loss year, or "disturbed" for a mask): with GDAL's
nearest-neighbour overviews a block with a little loss would often show none.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import rasterio
from concession_gis_ui.canvas.viewport import Viewport
from concession_gis_ui.styles import loss_codes, loss_lut
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from concession_gis.raster.loss_years import decode_years

PYRAMID_MAX_PIXELS = 32_000_000  # the largest level kept in memory (32 MB of uint8)
PYRAMID_MIN_SIDE = 256
DIRECT_READ_PIXELS = 4_000_000  # rasters this small are read directly at every zoom
STRIPE_ROWS = 512


class RasterSource:
    """One loss raster: its footprint, colours and pyramid; safe to read from any thread."""

    def __init__(self, path: str | os.PathLike, encoding: str = "lossyear"):
        self.path = str(path)
        self.encoding = encoding
        self.lut = loss_lut()
        self._local = threading.local()
        ds = self._dataset()
        self.width, self.height = ds.width, ds.height
        self.transform = ds.transform
        self.bounds = tuple(ds.bounds)
        self.nodata = ds.nodata
        self.pyramid: list[tuple[int, np.ndarray]] = []

    # -- files ------------------------------------------------------------------------------

    def _dataset(self):
        """This thread's own handle (GDAL datasets must not be shared between threads)."""
        ds = getattr(self._local, "ds", None)
        if ds is None:
            ds = rasterio.open(self.path)
            if ds.crs is not None and ds.crs.to_epsg() != 4326:
                ds = WarpedVRT(ds, crs="EPSG:4326", resampling=Resampling.nearest)
            self._local.ds = ds
        return ds

    def close(self) -> None:
        ds = getattr(self._local, "ds", None)
        if ds is not None:
            ds.close()
            self._local.ds = None

    def codes(self, values: np.ndarray) -> np.ndarray:
        """Pixel values as colour codes 0-255 (0 = no loss), decoded as every reader decodes them."""
        if self.nodata is not None and not (isinstance(self.nodata, float) and math.isnan(self.nodata)):
            values = np.where(values == self.nodata, 0, values)
        return loss_codes(decode_years(values, self.encoding))

    # -- pyramid ----------------------------------------------------------------------------

    def first_factor(self) -> int:
        factor = 2
        while (self.width / factor) * (self.height / factor) > PYRAMID_MAX_PIXELS:
            factor *= 2
        return factor

    def build_pyramid(self, cache_dir: Path | None = None, check: Callable[[], None] | None = None) -> None:
        """Build (or load from ``cache_dir``) the reduced copies; ``check`` runs between stripes."""
        if self.width * self.height <= DIRECT_READ_PIXELS:
            return  # small enough to read directly at any zoom
        cached = self._cache_file(cache_dir) if cache_dir else None
        if cached is not None and cached.exists():
            with np.load(cached) as stored:
                self.pyramid = [(int(k.split("_")[1]), stored[k]) for k in sorted(stored.files, key=lambda k: int(k.split("_")[1]))]
            return
        factor = self.first_factor()
        ds = self._dataset()
        rows = []
        stripe = STRIPE_ROWS * factor // math.gcd(STRIPE_ROWS, factor)
        for top in range(0, self.height, stripe):
            height = min(stripe, self.height - top)
            block = self.codes(ds.read(1, window=Window(0, top, self.width, height)))
            rows.append(reduce_max(block, factor))
            if check is not None:
                check()
        levels = [(factor, np.concatenate(rows))]
        while min(levels[-1][1].shape) > PYRAMID_MIN_SIDE:
            levels.append((levels[-1][0] * 2, reduce_max(levels[-1][1], 2)))
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".tmp.npz")
            np.savez(temporary, **{f"level_{f}": a for f, a in levels})
            os.replace(temporary, cached)
        self.pyramid = levels

    def _cache_file(self, cache_dir: Path) -> Path:
        stat = Path(self.path).stat()
        # "codes2": pyramids cached before the codes were years since 1900 must not be read as such.
        key = f"{Path(self.path).resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{self.encoding}|codes2"
        return Path(cache_dir) / f"{hashlib.sha1(key.encode()).hexdigest()[:16]}.npz"

    # -- drawing ----------------------------------------------------------------------------

    def read(self, view: Viewport, check: Callable[[], None] | None = None):
        """(RGBA array, (left, top, width, height) in view pixels) of the raster in view, or None."""
        minx, miny, maxx, maxy = view.extent()
        rx, ry = self.transform.a, -self.transform.e
        left, top = self.transform.c, self.transform.f
        # The visible part, in full-resolution pixel columns and rows.
        c0 = max(0, math.floor((minx - left) / rx))
        c1 = min(self.width, math.ceil((maxx - left) / rx))
        r0 = max(0, math.floor((top - maxy) / ry))
        r1 = min(self.height, math.ceil((top - miny) / ry))
        if c1 <= c0 or r1 <= r0:
            return None
        x0, y0 = left + c0 * rx, top - r0 * ry
        px0, py0 = view.to_pixels(x0, y0)
        width_px = (c1 - c0) * rx / view.sx
        height_px = (r1 - r0) * ry / view.sy
        out_w = max(1, min(c1 - c0, math.ceil(width_px)))
        out_h = max(1, min(r1 - r0, math.ceil(height_px)))
        step = min((c1 - c0) / out_w, (r1 - r0) / out_h)  # raster pixels per output pixel
        level = next(((f, a) for f, a in reversed(self.pyramid) if f <= step), None)
        if level is not None:
            factor, array = level
            cols = np.minimum(((c0 + (np.arange(out_w) + 0.5) * (c1 - c0) / out_w) // factor).astype(np.int64), array.shape[1] - 1)
            rows = np.minimum(((r0 + (np.arange(out_h) + 0.5) * (r1 - r0) / out_h) // factor).astype(np.int64), array.shape[0] - 1)
            codes = array[rows[:, None], cols[None, :]]
        else:
            values = self._dataset().read(1, window=Window(c0, r0, c1 - c0, r1 - r0), out_shape=(out_h, out_w),
                                          resampling=Resampling.nearest)
            codes = self.codes(values)
        if check is not None:
            check()
        rgba = np.ascontiguousarray(self.lut[codes])
        return rgba, (float(px0), float(py0), float(width_px), float(height_px))


def reduce_max(array: np.ndarray, factor: int) -> np.ndarray:
    """``array`` reduced ``factor`` times on each side, keeping the largest value of each block."""
    h, w = array.shape
    ph, pw = -h % factor, -w % factor
    if ph or pw:
        array = np.pad(array, ((0, ph), (0, pw)))
    h, w = array.shape
    return array.reshape(h // factor, factor, w // factor, factor).max(axis=(1, 3))
