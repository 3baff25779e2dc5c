"""The one worker wrapper: runs jobs off the GUI thread and relays progress, results and errors.

* :class:`ProcessRunner` runs core jobs (analysis, loading, exports) in a child process started
  with 'spawn'. Cancelling ends that process: measured, this stops within a few milliseconds
  even in the middle of a file read, where the core's cooperative check may be seconds away,
  and the child's work never competes with the GUI thread for the GIL.
* :func:`run_in_thread` runs short GUI-side work (reading results back in chunks, building the
  canvas arrays) in a Python thread.

Either way a job ends with exactly one of ``finished``, ``failed`` or ``cancelled``, emitted on
the GUI thread; ``failed`` carries a :class:`~concession_gis_ui.failure.Failure` (values, no text
to parse).
"""

from __future__ import annotations

import _thread
import atexit
import contextlib
import itertools
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable

from concession_gis_ui.failure import Failure
from PyQt5.QtCore import QObject, QTimer, pyqtSignal

from concession_gis.progress import Step

POLL_MS = 20
KILL_AFTER_S = 0.5


class Job(QObject):
    """A handle on one submitted job."""

    progress = pyqtSignal(object)  # Step
    finished = pyqtSignal(object)
    failed = pyqtSignal(object)  # Failure
    cancelled = pyqtSignal()

    def __init__(self, job_id: int, function: Callable, kwargs: dict, runner=None):
        super().__init__()
        self.id, self.function, self.kwargs = job_id, function, kwargs
        self.state = "queued"  # queued, running, done, failed, cancelled
        self.cancel_requested_at: float | None = None
        self.ended_at: float | None = None
        self._runner = runner

    def cancel(self) -> None:
        if self._runner is not None and self.state in ("queued", "running"):
            self.cancel_requested_at = time.perf_counter()
            self._runner.cancel(self)

    def _end(self, state: str, value=None) -> None:
        if self.state in ("done", "failed", "cancelled"):
            return
        self.state = state
        self.ended_at = time.perf_counter()
        if state == "done":
            self.finished.emit(value)
        elif state == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()


class ProcessRunner(QObject):
    """One child process serving jobs one at a time; cancelling a running job ends the process."""

    busy_changed = pyqtSignal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._context = multiprocessing.get_context("spawn")
        self._ids = itertools.count(1)
        self._queue: deque[Job] = deque()
        self._running: Job | None = None
        self._process = None
        self._dying: list = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._start_process()

    # -- public -----------------------------------------------------------------------------

    def submit(self, function: Callable, **kwargs) -> Job:
        """Queue ``function(progress=..., **kwargs)``: a top-level function (it is pickled by its
        name into the child process; see :mod:`concession_gis_ui.jobs`) with picklable values."""
        job = Job(next(self._ids), function, kwargs, self)
        self._queue.append(job)
        self._next()
        return job

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    def cancel(self, job: Job) -> None:
        if job in self._queue:
            self._queue.remove(job)
            job._end("cancelled")
            return
        if job is self._running:
            self._running = None
            self._stop_process()
            job._end("cancelled")
            self._start_process()
            self._next()
            self.busy_changed.emit(self.busy)

    def shutdown(self) -> None:
        """End the child process (on closing the window)."""
        self._timer.stop()
        for job in list(self._queue):
            job._end("cancelled")
        self._queue.clear()
        if self._running is not None:
            self._running._end("cancelled")
            self._running = None
        if self._process is not None:
            with contextlib.suppress(Exception):  # the process is ended below anyway
                self._inbox.put_nowait(None)
            self._process.join(timeout=0.5)
            self._stop_process()
        for process, _since in self._dying:
            process.join(timeout=KILL_AFTER_S)
            if process.is_alive():
                end_tree(process, kill=True)
            _LIVE.discard(process)

    # -- process ----------------------------------------------------------------------------

    def _start_process(self) -> None:
        from concession_gis_ui.jobserver import serve

        self._inbox = self._context.Queue()
        self._outbox = self._context.Queue()
        # Not a daemon: the core's raster extraction starts processes of its own.
        self._process = self._context.Process(target=serve, args=(self._inbox, self._outbox),
                                              name="concession-gis-worker", daemon=False)
        self._process.start()
        _LIVE.add(self._process)
        self._timer.start()

    def _stop_process(self) -> None:
        """Terminate the child at once; it is reaped later so the GUI thread never waits for it."""
        process, self._process = self._process, None
        if process is None:
            return
        end_tree(process)
        self._dying.append((process, time.monotonic()))
        for q in (self._inbox, self._outbox):
            q.cancel_join_thread()
            q.close()

    def _next(self) -> None:
        if self._running is not None or not self._queue or self._process is None:
            return
        job = self._queue.popleft()
        job.state = "running"
        self._running = job
        self._inbox.put((job.id, job.function, job.kwargs))
        self.busy_changed.emit(True)

    def _poll(self) -> None:
        self._reap()
        if self._process is None:
            return
        while True:
            try:
                kind, job_id, value = self._outbox.get_nowait()
            except queue.Empty:
                break
            except (EOFError, OSError, ValueError):
                break
            self._dispatch(kind, job_id, value)
        if self._running is not None and not self._process.is_alive():
            job, self._running = self._running, None
            code = self._process.exitcode
            self._stop_process()
            job._end("failed", Failure.worker_died(code))
            self._start_process()
            self._next()

    def _dispatch(self, kind: str, job_id: int, value) -> None:
        job = self._running
        if kind == "ready" or job is None or job.id != job_id:
            return
        if kind == "progress":
            job.progress.emit(Step(*value))
            return
        self._running = None
        if kind == "done":
            job._end("done", value)
        elif kind == "cancelled":
            job._end("cancelled")
        else:
            job._end("failed", value)
        self._next()
        self.busy_changed.emit(self.busy)

    def _reap(self) -> None:
        still = []
        for process, since in self._dying:
            if process.is_alive():
                if time.monotonic() - since > KILL_AFTER_S:
                    end_tree(process, kill=True)
                still.append((process, since))
            else:
                process.join(timeout=0)
                _LIVE.discard(process)
        self._dying = still


_LIVE: set = set()


def end_tree(process, kill: bool = False) -> None:
    """End ``process`` and the processes it started (the core's zonal workers)."""
    if process.pid is None:
        return
    if sys.platform == "win32":
        # taskkill /T ends the children too; in a thread, so the GUI thread does not wait for it.
        threading.Thread(target=subprocess.run, args=(["taskkill", "/F", "/T", "/PID", str(process.pid)],),
                         kwargs={"capture_output": True}, daemon=True).start()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    with contextlib.suppress(Exception):
        (process.kill if kill else process.terminate)()


@atexit.register
def _end_all() -> None:
    """A GUI that exits without closing its window still leaves no worker behind."""
    for process in list(_LIVE):
        if process.is_alive():
            end_tree(process, kill=True)


class ThreadJob(QObject):
    """A function run in a Python thread; ``finished``/``failed`` arrive on the GUI thread."""

    finished = pyqtSignal(object)
    failed = pyqtSignal(object)  # Failure

    def __init__(self, function, *args, **kwargs):
        super().__init__()
        self._call = (function, args, kwargs)
        self.cancelled = threading.Event()
        self._done = threading.Event()
        self._name = f"job-{function.__name__}"
        # Kept alive until it reports; released on the GUI thread when it does.
        self.finished.connect(lambda _: _THREAD_JOBS.discard(self))
        self.failed.connect(lambda _: _THREAD_JOBS.discard(self))

    def start(self) -> ThreadJob:
        _THREAD_JOBS.add(self)
        start_thread(self._run, self._name)
        return self

    def cancel(self) -> None:
        self.cancelled.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def _run(self) -> None:
        function, args, kwargs = self._call
        try:
            result = function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - relayed to the GUI, never lost
            self.failed.emit(Failure.from_exception(exc))
        else:
            self.finished.emit(result)
        finally:
            self._done.set()


def start_thread(target: Callable[[], None], name: str) -> None:
    """``target()`` on a new daemon thread named ``name``, without waiting for it to start.

    ``threading.Thread.start()`` waits until the new thread has held the interpreter lock once:
    on the GUI thread, while the render thread held the lock in a Qt call and a neighbour
    process had the other core, that wait froze the window 73 ms (``bench_canvas --burn 1``,
    opening the inputs).
    """
    def run() -> None:
        threading.current_thread().name = name
        target()

    _thread.start_new_thread(run, ())


_THREAD_JOBS: set[ThreadJob] = set()


def run_in_thread(function, *args, on_done=None, on_error=None, **kwargs) -> ThreadJob:
    """Start ``function(*args, **kwargs)`` in a thread, its signals connected first."""
    job = ThreadJob(function, *args, **kwargs)
    if on_done is not None:
        job.finished.connect(on_done)
    if on_error is not None:
        job.failed.connect(on_error)
    return job.start()
