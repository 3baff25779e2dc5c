"""A whole loss raster read tile by tile, each pixel once, with its decoded year and true area.

What looks at every loss pixel of a raster (fronts, loss by zone) reads it here, in square tiles
of bounded size, so memory stays flat whatever the raster's size (a Hansen tile is 40,000 pixels
a side). Only the loss pixels' positions, years and areas leave a tile.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import rasterio
from rasterio.errors import RasterioError
from rasterio.windows import Window

from concession_gis.errors import InputError
from concession_gis.progress import POLL_SECONDS, Feedback
from concession_gis.raster.loss_years import alert_dates
from concession_gis.raster.parallel import (
    PARALLEL_MIN_FEATURES,
    current_engine,
    worker_count,
)
from concession_gis.raster.pixel_area import PixelAreas
from concession_gis.raster.sources import GDAL_CACHE_BYTES, LossSource, open_pixels, unreadable_tile

# Side of a tile in pixels: 4096² one-byte pixels is 16 MB, and the arrays built on a tile (mask,
# labels) stay under a few hundred MB.
TILE_PIXELS = 4096

T = TypeVar("T")


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


def tile_windows(source: LossSource, side: int | None = None) -> list[Window]:
    """The tiles of ``source``, west to east and north to south, ``side`` pixels a side at most
    (:data:`TILE_PIXELS` when not given, read at each call)."""
    side = side or TILE_PIXELS
    return [Window(col_off, row_off, min(side, source.width - col_off), min(side, source.height - row_off))
            for row_off in range(0, source.height, side) for col_off in range(0, source.width, side)]


class TileReader:
    """Reads tiles of ``source`` with their loss pixels; one per thread (each its own handle)."""

    def __init__(self, source: LossSource):
        self.source = source
        self.areas = PixelAreas(source.crs, source.transform, source.width, source.height)
        self.table = _year_table(source)
        # Which values are loss, looked up as one byte a pixel: the years themselves (eight
        # bytes) are only looked up for the loss pixels, 2% of a tile at most.
        self.is_loss = None if self.table is None else self.table != 0
        self.dataset = open_pixels(source.dataset)

    def read(self, window: Window) -> LossTile:
        source = self.source
        col_off, row_off = int(window.col_off), int(window.row_off)
        try:
            values = self.dataset.read(1, window=window)
        except RasterioError:
            values = None
        if values is None:
            # A damaged tile, named as the extraction names it (and raised outside the handler,
            # so that no GDAL error rides along: a cluster's worker sends this error back pickled).
            path, detail = unreadable_tile(source, (col_off, row_off, int(window.width), int(window.height)))
            raise InputError(key="error.raster_block_unreadable", path=str(path), detail=detail)
        if self.table is None or self.is_loss is None:
            decoded = _decode(source, values)
            mask = decoded != 0
            rr, cc = np.nonzero(mask)
            picked = values[rr, cc]
            years = decoded[rr, cc]
        else:
            mask = self.is_loss[values]
            rr, cc = np.nonzero(mask)
            picked = values[rr, cc]
            years = self.table[picked]
        days = (alert_dates(picked, source.min_confidence) if source.encoding == "alerts"
                else np.full(len(rr), np.datetime64("NaT"), dtype="datetime64[D]"))
        rows, cols = rr + row_off, cc + col_off
        return LossTile(col_off, row_off, mask, rows, cols, years, days, self.areas.at(rows, cols))

    def close(self) -> None:
        self.dataset.close()


def loss_tiles(source: LossSource, side: int | None = None) -> Iterator[LossTile]:
    """Every tile of ``source``, west to east and north to south, with its loss pixels."""
    reader = TileReader(source)
    try:
        for window in tile_windows(source, side):
            yield reader.read(window)
    finally:
        reader.close()


def each_tile(source: LossSource, work: Callable[[LossTile], T], feedback: Feedback,
              side: int | None = None) -> Iterator[T]:
    """``work`` done on every tile of ``source``, the results in tile order, on as many threads
    as there are cores (numpy, GDAL and GEOS let go of the interpreter lock for the bulk of a
    tile's work). At most two tiles per thread are in hand at a time, so memory stays bounded.
    With a cluster in use (:func:`.parallel.using_engine`), the tiles are its tasks instead:
    ``work`` travels to the workers (pickled: an object of a module's class, such as
    :class:`.patches.TilePatcher`, not a closure), which read their own tiles."""
    windows = tile_windows(source, side)
    engine = current_engine()
    if engine is not None:
        yield from engine.tiles(source, work, windows, feedback)
        return
    workers = min(worker_count(PARALLEL_MIN_FEATURES), len(windows))
    local = threading.local()
    readers: list[TileReader] = []
    lock = threading.Lock()

    def run(window: Window) -> T:
        feedback.check()
        reader = getattr(local, "reader", None)
        if reader is None:
            reader = local.reader = TileReader(source)
            with lock:
                readers.append(reader)
        return work(reader.read(window))

    try:
        with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES):
            if workers <= 1:
                for window in windows:
                    feedback.check()
                    yield run(window)
                    feedback.advance()
                return
            with ThreadPoolExecutor(workers, thread_name_prefix="tiles") as pool:
                pending: deque[Future[T]] = deque()
                try:
                    for window in windows:
                        pending.append(pool.submit(run, window))
                        if len(pending) >= 2 * workers:
                            yield _next(pending, feedback)
                    while pending:
                        yield _next(pending, feedback)
                finally:
                    for future in pending:
                        future.cancel()
    finally:
        for reader in readers:
            reader.close()
        release_freed_memory()


def work_on_tiles(source: LossSource, work: Callable[[LossTile], T], windows: list[Window]) -> list[T]:
    """``work`` done on the tiles ``windows`` of ``source`` in turn, with one reader: a
    cluster's task."""
    reader = TileReader(source)
    try:
        with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES):
            return [work(reader.read(window)) for window in windows]
    finally:
        reader.close()
        release_freed_memory()


def release_freed_memory() -> None:
    """Hand the memory freed by a whole raster's tiles back to the system (glibc's malloc_trim):
    the threads' many small allocations otherwise stay held, fragmented, for the rest of the run."""
    # Not glibc (macOS, Windows, musl): nothing to do.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _next(pending: deque[Future[T]], feedback: Feedback) -> T:
    """The oldest pending result, looking at the cancel button while it is worked on."""
    future = pending.popleft()
    while True:
        try:
            result = future.result(timeout=POLL_SECONDS)
            break
        except FutureTimeout:
            feedback.check()
    feedback.check()
    feedback.advance()
    return result


def _decode(source: LossSource, values: np.ndarray) -> np.ndarray:
    """Pixel values to years as ``source`` is read, nodata as no loss."""
    years = source.years(values)
    if source.nodata is not None:
        years[values == source.nodata] = 0
    return years


def _year_table(source: LossSource) -> np.ndarray | None:
    """The year of every value of a one- or two-byte unsigned raster (Hansen's, the alerts'),
    looked up ten times faster than decoded; None for other rasters."""
    dtype = np.dtype(source.dtype)
    if dtype.kind != "u" or dtype.itemsize > 2:
        return None
    return _decode(source, np.arange(2 ** (8 * dtype.itemsize), dtype=dtype))
