"""Running the extraction on every core: batches of neighbouring features go to worker processes.

exactextract holds Python's interpreter lock while it computes coverage, so threads do not help;
processes do. Workers start with the 'spawn' method, which behaves the same on Windows, Linux and
inside a frozen application (whose entry point calls ``multiprocessing.freeze_support``). Small
jobs stay in this process: starting a worker costs more than they take.
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context

import numpy as np
import rasterio

from concession_gis.progress import Feedback
from concession_gis.raster.extract import FeatureExtractor
from concession_gis.raster.sources import LossSource

# GDAL's block cache while extracting (MB): each block is read about once, so a small cache
# loses nothing and keeps memory flat on rasters of billions of pixels.
GDAL_CACHE_MB = 64
# Fewer features than this are extracted in this process (CONCESSION_GIS_PARALLEL_MIN_FEATURES
# overrides it, so that tests of a frozen build can run workers on the small bundled sample).
PARALLEL_MIN_FEATURES = 2_000
# Jobs per worker: enough for steady progress reports and prompt cancellation.
JOBS_PER_WORKER = 12

Batch = tuple[np.ndarray, list[bytes], tuple[int, int, int, int]]


def worker_count(n_features: int) -> int:
    """How many processes to extract ``n_features`` with (CONCESSION_GIS_WORKERS overrides)."""
    wanted = os.environ.get("CONCESSION_GIS_WORKERS")
    cores = int(wanted) if wanted and wanted.isdigit() else (os.cpu_count() or 1)
    threshold = os.environ.get("CONCESSION_GIS_PARALLEL_MIN_FEATURES", "")
    minimum = int(threshold) if threshold.isdigit() else PARALLEL_MIN_FEATURES
    return max(1, cores) if n_features >= minimum else 1


def extract_batches(source: LossSource, batches: list[Batch], n_features: int, feedback: Feedback) -> list:
    """Every batch's (position, values, m²) tables, in batch order; progress counts features."""
    workers = worker_count(n_features)
    if workers == 1:
        return _run(source, batches, feedback)
    jobs = _split(batches, workers * JOBS_PER_WORKER)
    results: dict[int, list] = {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    try:
        pending: dict[Future, int] = {pool.submit(_run, source, job): i for i, job in enumerate(jobs)}
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                i = pending.pop(future)
                results[i] = future.result()
                feedback.advance(sum(len(positions) for positions, _, _ in jobs[i]))
            feedback.check()
    except BaseException:
        # Cancelled or failed: stop the workers now rather than after their current job.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [table for i in range(len(jobs)) for table in results[i]]


def _run(source: LossSource, batches: list[Batch], feedback: Feedback | None = None) -> list:
    tables = []
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB), FeatureExtractor(source) as extractor:
        for positions, wkbs, window in batches:
            tables.extend(extractor.run(positions, wkbs, window))
            if feedback is not None:
                feedback.advance(len(positions))
    return tables


def _split(batches: list[Batch], n_jobs: int) -> list[list[Batch]]:
    """Contiguous runs of batches of about equal pixel work, so neighbours share a worker."""
    work = np.array([max(1, w[2] * w[3]) for _, _, w in batches], dtype=float)
    bounds = np.searchsorted(np.cumsum(work), np.linspace(0, work.sum(), n_jobs + 1)[1:-1])
    edges = [0, *sorted(set(int(b) + 1 for b in bounds)), len(batches)]
    return [batches[a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]
