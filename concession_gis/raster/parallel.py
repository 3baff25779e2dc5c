"""Running the extraction on the cores a run has: the batches of neighbouring features on the
calling thread, or, with two cores or more, in worker processes (:mod:`.processes`): threads of
one process took Python's interpreter lock from one another between a batch's array calls and
gained 1.05× on two cores. For the same reason a run's single core goes to a worker process too
while other work runs beside it in this process (the pixel passes,
:func:`~concession_gis.cores.leaving_cores`). A task is a few batches of a few tens of
milliseconds each, so a cancelled run stops within one task.

Beyond one machine the same batches go to a Dask cluster instead (:mod:`.cluster`): whoever
starts one puts its :class:`Engine` in place with :func:`using_engine`, and every extraction
of the run, in whatever step, goes to it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

import rasterio
from rasterio.windows import Window

from concession_gis.cores import cores_here, sharing_process
from concession_gis.progress import Feedback
from concession_gis.raster.extract import Batch, BlockSums, FeatureExtractor
from concession_gis.raster.pixel_area import PixelAreas
from concession_gis.raster.sources import GDAL_CACHE_BYTES, LossSource

T = TypeVar("T")

# Fewer features than this are extracted on the calling thread alone
# (CONCESSION_GIS_PARALLEL_MIN_FEATURES overrides it).
PARALLEL_MIN_FEATURES = 2_000


class Engine(Protocol):
    """Somewhere else to do the raster work: every batch's sums, in batch order, progress counting
    features; a function of each tile of a raster, in tile order, progress counting tiles."""

    def extract(self, source: LossSource, batches: list[Batch], n_features: int,
                feedback: Feedback) -> list[BlockSums]: ...

    def tiles(self, source: LossSource, work: Callable[[Any], T], windows: list[Window],
              feedback: Feedback) -> Iterator[T]: ...


_ENGINE: ContextVar[Engine | None] = ContextVar("concession_gis_zonal_engine", default=None)


@contextlib.contextmanager
def using_engine(engine: Engine) -> Iterator[Engine]:
    """Every extraction in this context (this thread's) runs on ``engine``."""
    token = _ENGINE.set(engine)
    try:
        yield engine
    finally:
        _ENGINE.reset(token)


def current_engine() -> Engine | None:
    """The engine put in place by :func:`using_engine` in this context, if any."""
    return _ENGINE.get()


def worker_count(n_features: int) -> int:
    """How many threads to extract ``n_features`` with: the cores this work has
    (:func:`~concession_gis.cores.cores_here`)."""
    return max(1, cores_here()) if _worth_sharing(n_features) else 1


def _worth_sharing(n_features: int) -> bool:
    threshold = os.environ.get("CONCESSION_GIS_PARALLEL_MIN_FEATURES", "")
    return n_features >= (int(threshold) if threshold.isdigit() else PARALLEL_MIN_FEATURES)


def _process_count(n_batches: int, n_features: int) -> int:
    """Worker processes to extract the batches with, 0 for the calling thread: one per core of
    this work, and one for a single core whose process runs other work beside it (the region's
    forest cover took 1.6 cores beside the loss fronts on one thread, 1.8 in a worker process)."""
    workers = min(worker_count(n_features), n_batches)
    if workers > 1:
        return workers
    return 1 if n_batches > 1 and _worth_sharing(n_features) and sharing_process() else 0


def extracts_elsewhere(n_batches: int, n_features: int) -> bool:
    """Whether :func:`extract_batches` will hand these batches to other processes (worker
    processes, a cluster), leaving the calling thread to wait, free for other work."""
    return _ENGINE.get() is not None or _process_count(n_batches, n_features) > 0


def extract_batches(source: LossSource, batches: list[Batch], n_features: int, feedback: Feedback) -> list[BlockSums]:
    """Every batch's sums, in batch order; progress counts features."""
    engine = _ENGINE.get()
    if engine is not None:
        return engine.extract(source, batches, n_features, feedback)
    areas = PixelAreas(source.crs, source.transform, source.width, source.height)
    workers = _process_count(len(batches), n_features)
    if not workers:
        results = []
        with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES), FeatureExtractor(source, areas) as extractor:
            for batch in batches:
                results.append(extractor.run(*batch))
                feedback.advance(len(batch[0]))
        return results
    from concession_gis.raster.processes import extract_in_processes

    return extract_in_processes(source, batches, n_features, feedback, workers)
