"""Running the extraction on the cores a run has: the batches of neighbouring features on the
calling thread, or, with two cores or more, in worker processes (:mod:`.processes`): threads of
one process took Python's interpreter lock from one another between a batch's array calls and
gained 1.05× on two cores. A task is a few batches of a few tens of milliseconds each, so a
cancelled run stops within one task.

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

from concession_gis.cores import cores_here
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
    cores = cores_here()
    threshold = os.environ.get("CONCESSION_GIS_PARALLEL_MIN_FEATURES", "")
    minimum = int(threshold) if threshold.isdigit() else PARALLEL_MIN_FEATURES
    return max(1, cores) if n_features >= minimum else 1


def extracts_elsewhere(n_batches: int, n_features: int) -> bool:
    """Whether :func:`extract_batches` will hand these batches to other processes (worker
    processes, a cluster), leaving the calling thread to wait, free for other work."""
    return _ENGINE.get() is not None or min(worker_count(n_features), n_batches) > 1


def extract_batches(source: LossSource, batches: list[Batch], n_features: int, feedback: Feedback) -> list[BlockSums]:
    """Every batch's sums, in batch order; progress counts features."""
    engine = _ENGINE.get()
    if engine is not None:
        return engine.extract(source, batches, n_features, feedback)
    areas = PixelAreas(source.crs, source.transform, source.width, source.height)
    workers = min(worker_count(n_features), len(batches))
    if workers <= 1:
        results = []
        with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_BYTES), FeatureExtractor(source, areas) as extractor:
            for batch in batches:
                results.append(extractor.run(*batch))
                feedback.advance(len(batch[0]))
        return results
    from concession_gis.raster.processes import extract_in_processes

    return extract_in_processes(source, batches, n_features, feedback, workers)
