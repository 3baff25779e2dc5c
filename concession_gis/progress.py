"""Progress and cancellation: one small object shared by the CLI bar, the GUI and tests.

The analysis announces each stage with :meth:`Feedback.stage`, reports work done with
:meth:`Feedback.advance` and calls :meth:`Feedback.check` between units of work, which raises
:class:`~concession_gis.errors.Cancelled` once :meth:`Feedback.cancel` was called from any thread.
Listeners receive :class:`Step` values; they must be quick (a GUI listener only emits a signal).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from concession_gis.errors import Cancelled


@dataclass(frozen=True)
class Step:
    """Where a run is: stage key (see messages.toml), units done and units in the stage."""

    stage: str
    done: int
    total: int | None


Listener = Callable[[Step], None]


class Feedback:
    """Progress reporting and cooperative cancellation for one run."""

    def __init__(self, listener: Listener | None = None):
        self._listener = listener
        self._cancelled = threading.Event()
        self._stage = ""
        self._done = 0
        self._total: int | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Ask the run to stop at its next check; safe from any thread."""
        self._cancelled.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was asked for."""
        if self._cancelled.is_set():
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


def chunks(n_items: int, chunk_size: int) -> list[slice]:
    """Slices that cut ``n_items`` into pieces small enough to check for cancellation between."""
    return [slice(start, min(start + chunk_size, n_items)) for start in range(0, n_items, chunk_size)]
