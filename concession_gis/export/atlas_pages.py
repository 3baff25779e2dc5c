"""The atlas's case pages drawn in several processes at once.

Drawing a case page is matplotlib work in one thread: an atlas of hundreds of claims used one
core. Here the cases are cut into runs of consecutive pages; each run is drawn by a worker
process into its own PDF (georeferenced, TrueType fonts), and the runs are joined in order
(:mod:`~concession_gis.export.pdf_merge`). Workers are forked on Linux, so they share the
results already in memory; elsewhere they are spawned and receive them once each.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from concession_gis.cores import cores_here
from concession_gis.export.case_page import render_case
from concession_gis.export.geopdf import GeoPdfPages
from concession_gis.export.typography import print_fonts
from concession_gis.i18n import tr
from concession_gis.model import Results

# Fewer cases than this are drawn in the calling process: starting workers costs more.
MIN_PARALLEL_CASES = 6
# Cases per run, at most: each run embeds its fonts once when its file closes (half a second of
# font subsetting), so runs are as long as this allows, one per worker for a short atlas;
# progress moves run by run.
CASES_PER_RUN = 25
# A worker is worth starting for this many cases.
CASES_PER_WORKER = 3
MAX_WORKERS = 8


@dataclass(frozen=True)
class Sheets:
    """How every case page is drawn: the page, the language, the loss layer's resolution."""

    lang: str
    page: str
    orientation: str
    dpi: float
    total_pages: int


def page_labels(lang: str, first: int, total: int) -> Callable[[int], str]:
    """'Page n of N' for the pages of one case, the first of which is page ``first``."""
    return lambda i: tr("atlas.page", lang, page=first + i, pages=total)


def draw_cases(pdf: GeoPdfPages, results: Results, cases: Sequence[tuple[str, int]], sheets: Sheets) -> int:
    """The pages of ``cases`` (code, number of its first page) saved to ``pdf``; pages saved."""
    saved = 0
    for code, first in cases:
        sheet = render_case(results, code, lang=sheets.lang, page=sheets.page, orientation=sheets.orientation,
                            dpi=sheets.dpi, label_of=page_labels(sheets.lang, first, sheets.total_pages))
        for figure in [sheet.figure, *sheet.more]:
            pdf.savefig(figure)
            saved += 1
    return saved


def worker_count(cases: int, asked: int | None = None) -> int:
    """Processes to draw ``cases`` with: ``asked``, else one per core (at most
    :data:`MAX_WORKERS`, each with :data:`CASES_PER_WORKER` cases or more); 1 for a short atlas."""
    if asked is not None:
        return max(1, min(asked, cases))
    if cases < MIN_PARALLEL_CASES:
        return 1
    # The cores as for the raster work (CONCESSION_GIS_WORKERS: the window's worker process
    # leaves a core to the GUI).
    return max(1, min(cores_here(), MAX_WORKERS, cases // CASES_PER_WORKER))


def runs(cases: Sequence[tuple[str, int]], workers: int) -> list[list[tuple[str, int]]]:
    """``cases`` cut into consecutive runs of at most :data:`CASES_PER_RUN`, as even as the
    workers allow."""
    size = max(1, min(CASES_PER_RUN, math.ceil(len(cases) / workers)))
    return [list(cases[i:i + size]) for i in range(0, len(cases), size)]


_RESULTS: Results | None = None  # the worker's copy, set before (fork) or as (spawn) it starts
_PARENT: int | None = None  # the atlas's process, which made the part files


def _set_results(results: Results | None) -> None:
    global _RESULTS, _PARENT
    if results is not None:
        _RESULTS = results
    _PARENT = os.getppid()
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux the kernel kills this worker when the atlas's process dies (killed by hand, out of
    memory): left alone, it would draw the runs still queued into part files the next atlas has
    already cleared as stale, and leave them behind."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _draw_run(path: str, cases: list[tuple[str, int]], sheets: Sheets, metadata: dict[str, str]) -> int:
    assert _RESULTS is not None, "the worker started without results"
    if os.getppid() != _PARENT:  # the atlas's process is gone (elsewhere than Linux): nothing to draw for
        return 0
    with print_fonts(), GeoPdfPages(path, metadata) as pdf:
        return draw_cases(pdf, _RESULTS, cases, sheets)


@contextlib.contextmanager
def part_files(out: Path, n: int) -> Iterator[list[Path]]:
    """``n`` empty files beside ``out``, named as its temporaries (``.atlas-PID-xxxxxxxx.tmp.pdf``),
    removed when the block ends; a killed atlas's are removed by the next as stale."""
    paths = []
    try:
        for _ in range(n):
            handle, name = tempfile.mkstemp(prefix=f".{out.stem}-{os.getpid()}-", suffix=f".tmp{out.suffix}",
                                            dir=out.parent)
            os.close(handle)
            paths.append(Path(name))
        yield paths
    finally:
        for path in paths:
            path.unlink(missing_ok=True)


def draw_in_workers(results: Results, cases: Sequence[tuple[str, int]], sheets: Sheets, paths: Sequence[Path],
                    workers: int, metadata: dict[str, str], on_pages: Callable[[int], None],
                    meanwhile: Callable[[], None]) -> None:
    """The case pages drawn by ``workers`` processes, run ``i`` (:func:`runs`) into ``paths[i]``;
    ``meanwhile`` runs here while they draw, ``on_pages(n)`` as each run ends."""
    forked = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if forked else "spawn")
    if forked:
        _set_results(results)
    parts = runs(cases, workers)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_set_results,
                               initargs=(None if forked else results,))
    try:
        pending: set[Future] = {pool.submit(_draw_run, str(path), part, sheets, metadata)
                                for path, part in zip(paths, parts, strict=True)}
        meanwhile()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                on_pages(future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
