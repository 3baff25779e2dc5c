"""How many cores the work of this thread has: those this process may run on
(CONCESSION_GIS_WORKERS overrides), less those a run leaves to work done beside it on another
thread."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
P = TypeVar("P")

# Cores the work of this context leaves to work beside it (see :func:`leaving_cores`).
_LEFT: ContextVar[int] = ContextVar("concession_gis_cores_left", default=0)


def usable_cores() -> int:
    """The CPUs this process may run on: its affinity where the system keeps one (a container's
    share, ``taskset``), else the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def cores_here() -> int:
    """The cores for the work of this context: CONCESSION_GIS_WORKERS when set (the window's
    worker leaves one to the window), else :func:`usable_cores`, less :func:`leaving_cores`';
    at least 1."""
    wanted = os.environ.get("CONCESSION_GIS_WORKERS")
    cores = int(wanted) if wanted and wanted.isdigit() else usable_cores()
    return max(1, cores - _LEFT.get())


def sharing_process() -> bool:
    """Whether the work of this context left cores to work beside it in this process
    (:func:`leaving_cores`): a thread of its own would take the interpreter lock in turns with it."""
    return _LEFT.get() > 0


@contextlib.contextmanager
def leaving_cores(n: int) -> Iterator[None]:
    """Work in this context (this thread's, and threads started with a copy of it) uses ``n``
    cores fewer, left to work beside it (:class:`~concession_gis.progress.Beside`): threads
    beyond the cores only take the interpreter lock from one another."""
    token = _LEFT.set(_LEFT.get() + n)
    try:
        yield
    finally:
        _LEFT.reset(token)


def on_cores(work: Callable[[P], T], parts: Sequence[P], name: str) -> list[T]:
    """``work`` of each of ``parts``, in order, on threads named ``name`` up to the cores of this
    context (one part, or one core: here, in turn). For work that leaves the interpreter's lock
    (GEOS, PROJ, numpy) on parts that depend on themselves alone."""
    threads = min(cores_here(), len(parts))
    if threads <= 1:
        return [work(part) for part in parts]
    with ThreadPoolExecutor(threads, thread_name_prefix=name) as pool:
        return list(pool.map(work, parts))
