"""Making way for the GUI thread.

The window's own threads (the map's renderer, the results' reader) share the interpreter lock
with the GUI thread, and PyQt5 keeps the lock through every Qt call: while one of them draws or
converts, an event the GUI thread handles meanwhile runs in turns with it, twice as long (a
56 ms gap measured where a 25 ms event met a national frame being drawn). So the GUI thread
beats every ``BEAT_MS`` (:func:`start`), and those threads, between their pieces of work, call
:func:`make_way`: while the last beat is more than ``LATE_S`` old (the GUI thread is busy, or
waiting for the lock) they sleep with the lock released until it beats again, at most
``MAX_WAIT_S``. Without a heartbeat (no window: tests, the worker process) it only yields.
"""

from __future__ import annotations

import time

BEAT_MS = 10
LATE_S = 0.02
MAX_WAIT_S = 0.05
PAUSE_S = 0.002

_last: float | None = None


def start(parent):
    """Beat on the GUI thread, every ``BEAT_MS``, for as long as ``parent`` (a QObject) lives."""
    from PyQt5.QtCore import QTimer

    timer = QTimer(parent)
    timer.setInterval(BEAT_MS)
    timer.timeout.connect(_beat)
    timer.destroyed.connect(_stop)
    timer.start()
    _beat()
    return timer


def _beat() -> None:
    global _last
    _last = time.perf_counter()


def _stop() -> None:
    global _last
    _last = None


def make_way() -> None:
    """Let the GUI thread have the interpreter lock if it is late for its beat (see the module)."""
    if _last is not None:
        deadline = time.perf_counter() + MAX_WAIT_S
        while _last is not None and time.perf_counter() - _last > LATE_S and time.perf_counter() < deadline:
            time.sleep(PAUSE_S)
    time.sleep(0)
