"""What a worker does with batches of polygons, wherever it runs: on a Dask cluster's worker
(:mod:`.cluster`, which also sends it tiles) or in a worker process of this machine
(:mod:`.processes`).

A task gets the loss source as :class:`Shipped` (a mosaic VRT written on the client travels as
its text), opens the raster itself and reads its own windows; its sums come back to be put in
batch order, so the figures are added up as on one thread.
"""

from __future__ import annotations

import functools
import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path

import rasterio
from affine import Affine
from pyproj import CRS

from concession_gis.raster.extract import Batch, BlockSums, FeatureExtractor
from concession_gis.raster.pixel_area import PixelAreas
from concession_gis.raster.sources import GDAL_CACHE_BYTES, LossSource, name_is_virtual

# Most batches in one task: a batch is tens of milliseconds, a task costs the scheduler about one,
# and one task's sums are handed back at once (progress and cancel go task by task).
TASK_BATCHES = 16
# Tasks per worker thread at least, while batches allow: a slow task then holds up little.
TASKS_PER_THREAD = 4


def task_groups(n_batches: int, threads: int) -> list[range]:
    """Consecutive batches (neighbours on the raster) grouped into tasks: at most
    :data:`TASK_BATCHES` each, and at least :data:`TASKS_PER_THREAD` tasks per thread while
    there are batches enough."""
    size = max(1, min(TASK_BATCHES, n_batches // (TASKS_PER_THREAD * max(threads, 1))))
    return [range(start, min(start + size, n_batches)) for start in range(0, n_batches, size)]


class Shipped:
    """A loss source as a task receives it: its dataset by name, and, for a mosaic VRT on the
    client's disk, the VRT's text too, for a worker on another machine (its tiles named by
    absolute path, which the worker must see: a shared disk or an object store)."""

    def __init__(self, source: LossSource, vrt_text: str | None):
        self.source, self.vrt_text = source, vrt_text

    @classmethod
    def of(cls, source: LossSource) -> Shipped:
        dataset = source.dataset
        local_vrt = dataset.suffix.lower() == ".vrt" and not name_is_virtual(dataset) and dataset.is_file()
        return cls(source, dataset.read_text(encoding="utf-8") if local_vrt else None)

    def here(self) -> LossSource:
        """The source with a dataset this worker can open."""
        dataset = self.source.dataset
        if self.vrt_text is None or dataset.is_file():
            return self.source
        return replace(self.source, dataset=_written_vrt(self.vrt_text))


def run_task(shipped: Shipped, batches: list[Batch]) -> list[BlockSums]:
    """On a worker: the sums of ``batches``, read from the source's own windows."""
    source = shipped.here()
    areas = _pixel_areas(source.crs, source.transform, source.width, source.height)
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES), FeatureExtractor(source, areas) as extractor:
        return [extractor.run(*batch) for batch in batches]


@functools.lru_cache(maxsize=8)
def _pixel_areas(crs: CRS, transform: Affine, width: int, height: int) -> PixelAreas:
    """One worker's pixel areas of a grid, kept for its next tasks (a projected grid's take a while)."""
    return PixelAreas(crs, transform, width, height)


def _written_vrt(text: str) -> Path:
    """The VRT ``text`` in a file of this worker's, one per text."""
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / "concession-gis-cluster" / f"{name}.vrt"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{id(text)}.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path
