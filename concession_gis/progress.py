"""Progress and cancellation: one small object shared by the CLI bar, the GUI and tests.

The analysis announces each stage with :meth:`Feedback.stage`, reports work done with
:meth:`Feedback.advance` and calls :meth:`Feedback.check` between units of work, which raises
:class:`~concession_gis.errors.Cancelled` once :meth:`Feedback.cancel` was called from any thread.
Listeners receive :class:`Step` values; they must be quick (a GUI listener only emits a signal).
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Generic, TypeVar

from concession_gis.errors import Cancelled

T = TypeVar("T")
# Seconds between two looks at the cancel button while waiting for work done beside the stages.
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Step:
    """Where a run is: stage key (see messages.toml), units done and units in the stage."""

    stage: str
    done: int
    total: int | None


Listener = Callable[[Step], None]


class Feedback:
    """Progress reporting and cooperative cancellation for one run."""

    def __init__(self, listener: Listener | None = None, parent: Feedback | None = None):
        self._listener = listener
        self._parent = parent
        self._cancelled = threading.Event()
        self._stage = ""
        self._done = 0
        self._total: int | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set() or (self._parent is not None and self._parent.cancelled)

    def cancel(self) -> None:
        """Ask the run to stop at its next check; safe from any thread."""
        self._cancelled.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was asked for."""
        if self.cancelled:
            raise Cancelled(key="error.cancelled")

    def stage(self, key: str, total: int | None = None) -> None:
        """Start a new stage of ``total`` units (None when the amount is unknown)."""
        self.check()
        self._stage, self._done, self._total = key, 0, total
        self._notify()

    def advance(self, units: int = 1) -> None:
        """Record ``units`` more done in the current stage, then check for cancellation."""
        self._done += units
        self._notify()
        self.check()

    def _notify(self) -> None:
        if self._listener is not None:
            self._listener(Step(self._stage, self._done, self._total))


class Beside(Generic[T]):
    """``work(feedback)`` done on a thread of its own while the run goes on with other stages; its
    :meth:`result` is taken where the run needs it (``concurrent=False``: done then, in turn).
    Used as a context: leaving it stops the work if its result was not taken.

    The work gets a feedback of its own: it stops when the run is cancelled or when :meth:`stop`
    is called (the run failed before it needed the result), and its stages and progress reach the
    run's listener only while the run waits for it. The work sees the run's context (an engine
    put in place with :func:`.raster.parallel.using_engine` is its engine too).
    """

    def __init__(self, work: Callable[[Feedback], T], feedback: Feedback, name: str, concurrent: bool = True):
        self._work, self._feedback = work, feedback
        self._latest: Step | None = None
        self._own = Feedback(self._keep, parent=feedback)
        self._pool: ThreadPoolExecutor | None = None
        if concurrent:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix=name)
            self._future: Future[T] = self._pool.submit(contextvars.copy_context().run, work, self._own)

    @property
    def concurrent(self) -> bool:
        return self._pool is not None

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _keep(self, step: Step) -> None:
        self._latest = step  # one assignment: the waiting thread reads whole steps

    def result(self) -> T:
        """The work's result (its error raised here), waiting for it as a stage of the run: its
        own stages and progress shown, the cancel button looked at. Not concurrent: the work
        done now, as any stage."""
        if self._pool is None:
            return self._work(self._feedback)
        shown: Step | None = None
        try:
            while True:
                step = self._latest
                if step is not None and step != shown:
                    if shown is None or step.stage != shown.stage:
                        self._feedback.stage(step.stage, step.total)
                        shown = Step(step.stage, 0, step.total)
                    if step.done > shown.done:
                        self._feedback.advance(step.done - shown.done)
                    shown = step
                try:
                    return self._future.result(timeout=POLL_SECONDS)
                except FutureTimeout:
                    self._feedback.check()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the work at its next check, and wait until its thread has ended."""
        if self._pool is not None:
            self._own.cancel()
            self._pool.shutdown(wait=True)


def chunks(n_items: int, chunk_size: int) -> list[slice]:
    """Slices that cut ``n_items`` into pieces small enough to check for cancellation between."""
    return [slice(start, min(start + chunk_size, n_items)) for start in range(0, n_items, chunk_size)]
