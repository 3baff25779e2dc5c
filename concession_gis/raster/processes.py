"""The extraction's batches in worker processes of this machine, when a run has cores to spare.

Threads of one process take Python's lock from one another between the array calls of a batch:
two of them ran the region's zonal loss 1.05× faster than one (CPU time up by a quarter), while
two processes, each with its own lock, ran two extractions in the time of one. So the batches go
to worker processes: the same tasks as a Dask cluster's (:func:`.tasks.run_task`: a few
consecutive batches, each worker reading its own windows), the sums back in batch order, so every
figure is added up as on one thread, to the last bit.

The pool is started once and kept for the life of the process (a worker costs its imports, about
half a second; the window's worker process keeps it from job to job). On Linux the workers fork
from a server process started clean (``forkserver``), never from this process, whose other
threads (the passes over every pixel, GDAL's) may hold locks; elsewhere they are spawned. A
cancel cancels the tasks not yet started; a task's own error (a damaged tile) is raised here.
Workers import the main module again: a script that calls the analysis on a machine with cores
to spare must guard its entry (``if __name__ == "__main__":``), as any program whose work runs in
spawned processes; the command line and the window do.
"""

from __future__ import annotations

import atexit
import multiprocessing
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from concession_gis.progress import POLL_SECONDS, Feedback
from concession_gis.raster.extract import Batch, BlockSums
from concession_gis.raster.sources import LossSource
from concession_gis.raster.tasks import Shipped, run_task, task_groups

_LOCK = threading.Lock()
_POOL: ProcessPoolExecutor | None = None
_SIZE = 0


def extract_in_processes(source: LossSource, batches: list[Batch], n_features: int, feedback: Feedback,
                         workers: int) -> list[BlockSums]:
    """Every batch's sums, in batch order, from ``workers`` worker processes; progress counts
    features as tasks finish."""
    pool = _pool(workers)
    groups = task_groups(len(batches), workers)
    shipped = Shipped.of(source)
    futures = [pool.submit(run_task, shipped, [batches[i] for i in group]) for group in groups]
    results: list[list[BlockSums]] = [[] for _ in groups]
    place: dict[Future, int] = {future: k for k, future in enumerate(futures)}
    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                k = place[future]
                results[k] = future.result()  # the task's own error, raised here
                feedback.advance(sum(len(batches[i][0]) for i in groups[k]))
            feedback.check()
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return [sums for group in results for sums in group]


def _pool(workers: int) -> ProcessPoolExecutor:
    """The process's pool of ``workers`` worker processes (started again if its size changes)."""
    global _POOL, _SIZE
    with _LOCK:
        # A pool whose worker died since (killed, out of memory) takes no more tasks: a new one.
        if _POOL is None or workers != _SIZE or getattr(_POOL, "_broken", False):
            if _POOL is not None:
                _POOL.shutdown(wait=False, cancel_futures=True)
            method = "forkserver" if sys.platform.startswith("linux") else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(["concession_gis.raster.tasks"])
            _POOL, _SIZE = ProcessPoolExecutor(workers, mp_context=context), workers
        return _POOL


@atexit.register
def _close() -> None:
    if _POOL is not None:
        _POOL.shutdown(wait=False, cancel_futures=True)
