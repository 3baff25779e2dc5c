"""The child process's main loop: run one job at a time and report through a queue. No Qt.

It starts with the spawn method (a fresh interpreter: no Qt state copied from the GUI), imports
the core once, then waits for jobs. The GUI cancels a job by ending this process and the core's
own worker processes (they share a process group), which stops even a single long file read at
once; a new process is started for the next job. If the GUI dies, the process ends by itself.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import sys
import time

PROGRESS_INTERVAL = 0.05  # seconds between progress messages within one stage
# How far below the window this process runs (POSIX nice; Windows: "below normal").
NICENESS = 5


def serve(inbox, outbox) -> None:
    if hasattr(os, "setpgrp"):
        # Our own process group: the GUI ends this process and anything it started at once.
        os.setpgrp()
    # Leave a core to the GUI: the core's raster extraction otherwise runs a thread per core.
    from concession_gis.cores import usable_cores

    os.environ.setdefault("CONCESSION_GIS_WORKERS", str(max(1, usable_cores() - 1)))
    below_the_window()
    import concession_gis.export.results  # noqa: F401 - warm up: the first job starts at once
    import concession_gis.pipeline  # noqa: F401

    outbox.put(("ready", None, os.getpid()))
    parent = multiprocessing.parent_process()
    while True:
        try:
            message = inbox.get(timeout=1.0)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return  # the GUI is gone: do not linger
            continue
        if message is None:
            return
        job_id, function, kwargs = message
        outbox.put(run_job(job_id, function, kwargs, outbox))


def below_the_window() -> None:
    """This process, and the processes it starts, at a lower priority than the window: when
    another program keeps the cores busy, the GUI thread is given one first and the analysis
    waits, not the user's clicks."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    elif sys.platform == "win32":
        import ctypes

        below_normal = 0x4000  # BELOW_NORMAL_PRIORITY_CLASS
        kernel = ctypes.WinDLL("kernel32")  # its own handle: the types set here stay here
        # A process handle is pointer-sized: left as ctypes' default int it would be cut to 32 bits.
        kernel.GetCurrentProcess.restype = ctypes.c_void_p
        kernel.SetPriorityClass.argtypes = (ctypes.c_void_p, ctypes.c_uint32)
        kernel.SetPriorityClass(kernel.GetCurrentProcess(), below_normal)


def run_job(job_id: int, function, kwargs: dict, outbox) -> tuple:
    """Run ``function(progress=..., **kwargs)``; the message that reports how it ended, a
    failure as a :class:`~concession_gis_ui.failure.Failure` (values, not text)."""
    from concession_gis_ui.failure import Failure, FailureKind

    last = {"stage": None, "time": 0.0}

    def progress(step) -> None:
        now = time.monotonic()
        if step.stage != last["stage"] or now - last["time"] >= PROGRESS_INTERVAL:
            last.update(stage=step.stage, time=now)
            outbox.put(("progress", job_id, (step.stage, step.done, step.total)))

    try:
        result = function(progress=progress, **kwargs)
    except Exception as exc:  # noqa: BLE001 - reported to the GUI, a bug with its traceback, never lost
        failure = Failure.from_exception(exc)
        if failure.kind is FailureKind.CANCELLED:
            return ("cancelled", job_id, None)
        return ("failed", job_id, failure)
    return ("done", job_id, result)
