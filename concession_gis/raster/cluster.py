"""The raster work on a Dask cluster: ``analyze --workers N`` (a local one) or ``--scheduler ADDRESS``.

The same batches a run takes on this machine (:mod:`.windows`: a pixel-aligned window of the raster and the
polygons, or pieces of polygons cut on pixel edges, that lie in it) become tasks; each task opens
its own window of the raster by path, a local file or a GDAL virtual path (``/vsis3/...``), and
returns the batch's sums. The client puts them back in batch order, so each polygon's figures are
added up in the same order as on one machine: the results are the same to the last bit. The
passes over every pixel of a raster (fronts, loss by zone: :func:`.tiles.each_tile`) go the same
way, a task per tile: the tile's function travels to the workers once, each task reads its own
tile and returns what the tile leaves (its patches' sums, outlines and rim; its classed sums),
and the client joins the tiles in tile order as on one machine. Vector work (joins, buffers,
reprojection, joining fronts across tile edges) stays on the client.

Dask is an optional extra (``pip install concession-gis[cluster]``), imported only here and only
when a cluster is asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from rasterio.windows import Window

from concession_gis.errors import InputError
from concession_gis.progress import POLL_SECONDS, Feedback
from concession_gis.raster.extract import Batch, BlockSums
from concession_gis.raster.parallel import using_engine
from concession_gis.raster.sources import LossSource
from concession_gis.raster.tasks import Shipped, run_task, task_groups
from concession_gis.raster.tiles import work_on_tiles

# Seconds to reach a scheduler given with --scheduler before saying it cannot be reached.
CONNECT_SECONDS = 20
INSTALL_HINT = "pip install concession-gis[cluster]"

T = TypeVar("T")


@contextlib.contextmanager
def cluster_engine(workers: int | None = None, scheduler: str | None = None) -> Iterator[ClusterEngine]:
    """Every extraction in this context runs on a Dask cluster: a local one of ``workers``
    processes (one thread each), or the running one at ``scheduler`` (``tcp://HOST:PORT``)."""
    distributed = _distributed()
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = distributed.Client(scheduler, timeout=CONNECT_SECONDS)
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(key="error.cluster_unreachable", address=scheduler, detail=str(exc)) from None
        else:
            if workers is None or workers < 1:
                raise InputError(key="error.cluster_workers", workers=workers)
            import dask

            # Dask's nanny sets MALLOC_TRIM_THRESHOLD_ for the workers it starts, which turns off
            # glibc's adaptive mmap threshold: every large numpy temporary is then fresh memory
            # from the system, and the extraction took twice as long in a worker as here.
            with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                cluster = stack.enter_context(distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None))
            client = distributed.Client(cluster)
        stack.enter_context(client)
        engine = ClusterEngine(client)
        with using_engine(engine):
            yield engine


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(key="error.cluster_needs_dask", hint=INSTALL_HINT) from None
    return distributed


class ClusterEngine:
    """Extracts batches on the workers of a Dask ``client`` (:class:`.parallel.Engine`)."""

    def __init__(self, client: Any):
        self.client = client

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def extract(self, source: LossSource, batches: list[Batch], n_features: int,
                feedback: Feedback) -> list[BlockSums]:
        """Every batch's sums, in batch order; progress counts features as tasks finish, and a
        cancelled run cancels the tasks not yet done."""
        from distributed import wait

        groups = task_groups(len(batches), self.threads())
        shipped = Shipped.of(source)
        futures = [self.client.submit(run_task, shipped, [batches[i] for i in group], pure=False)
                   for group in groups]
        place = {future.key: k for k, future in enumerate(futures)}
        results: list[list[BlockSums]] = [[] for _ in groups]
        pending: Any = set(futures)
        done: Any = set()
        future: Any = None
        try:
            while pending:
                try:
                    done, pending = wait(pending, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    done = set()
                for future in done:
                    k = place[future.key]
                    results[k] = future.result()  # the task's own error, raised here
                    feedback.advance(sum(len(batches[i][0]) for i in groups[k]))
                feedback.check()
        except BaseException:
            self.client.cancel(futures)
            # The traceback keeps this frame alive: let go of the futures now, so that the
            # client forgets them (finished ones included) however long the error is kept.
            futures.clear()
            pending = done = future = None
            raise
        return [sums for group in results for sums in group]


    def tiles(self, source: LossSource, work: Callable[[Any], T], windows: list[Window],
              feedback: Feedback) -> Iterator[T]:
        """``work`` of every tile, in tile order, a task per tile; progress counts tiles as they
        come back, and a cancelled or failed run cancels the tasks not yet done."""
        from distributed import wait

        [work_there] = self.client.scatter([work], broadcast=True, hash=False)
        shipped = Shipped.of(source)
        futures = [self.client.submit(run_tiles, shipped, work_there, [window], pure=False) for window in windows]
        try:
            for future in futures:
                while True:
                    try:
                        wait(future, timeout=POLL_SECONDS)
                        break
                    except TimeoutError:
                        feedback.check()
                results = future.result()  # the task's own error, raised here
                future.release()
                for result in results:
                    feedback.check()
                    feedback.advance()
                    yield result
        except BaseException:  # cancelled, failed, or the caller stopped early
            self.client.cancel(futures)
            futures.clear()  # as in extract: the traceback keeps this frame
            future = None  # noqa: F841
            raise
        finally:
            self.client.cancel([work_there])


def run_tiles(shipped: Shipped, work: Callable[[Any], T], windows: list[Window]) -> list[T]:
    """On a worker: ``work`` of each tile of ``windows``, read from the source's own windows."""
    return work_on_tiles(shipped.here(), work, windows)
