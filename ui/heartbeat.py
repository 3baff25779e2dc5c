"""Making way for the GUI thread.

The window's own threads (the map's renderer, the results' reader) share the interpreter lock
with the GUI thread, and PyQt5 keeps the lock through every Qt call: while one of them draws or
converts, an event the GUI thread handles meanwhile runs in turns with it, twice as long (a
56 ms gap measured where a 25 ms event met a national frame being drawn). So the GUI thread
beats every ``BEAT_MS`` (:func:`start`), and those threads, between their pieces of work, call
:func:`make_way`: while the last beat is more than ``LATE_S`` old (the GUI thread is busy, or
waiting for the lock) they sleep with the lock released until it beats again, at most
``MAX_WAIT_S``. Without a heartbeat (no window: tests, the worker process) it only yields.

The GUI thread's own work in pieces (the results' layers installed one per turn, the dashboard's
columns fitted a few at a time) waits for the beat too (:func:`on_beat`): Qt delivers whatever is
due in one turn of its loop, so a 15 ms piece, the 25 ms repaint it causes and another 12 ms
piece held the loop 50-60 ms together (measured while a national run's results loaded).
"""

from __future__ import annotations

import time

BEAT_MS = 10
LATE_S = 0.02
MAX_WAIT_S = 0.05
PAUSE_S = 0.002
# Turns a piece of GUI work waits for the beat at most (each ``PAUSE_S`` or more), then runs late
# rather than never.
PATIENCE = 8

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


def late() -> bool:
    """Whether the GUI thread is behind its beat: busy for more than ``LATE_S`` since it last beat."""
    return _last is not None and time.perf_counter() - _last > LATE_S


def on_beat(owner, call) -> None:
    """Call ``call`` on the GUI thread in a coming turn of its event loop, once it is on its beat
    (as :func:`beat_timer`): a piece of work that can wait never piles onto a turn that is
    already long. Without a heartbeat, in the next turn. ``owner`` (a QObject) bounds the wait:
    gone before then (a window closed), nothing is called."""
    timer = beat_timer(owner, lambda: (timer.deleteLater(), call()))
    timer.start()


def run_steps(owner, steps: list, on_error=None) -> None:
    """Call ``steps`` one per turn of the event loop, each once the GUI thread is on its beat
    (:func:`on_beat`), while ``owner`` (a QObject) lives; a step that raises ends the chain and
    goes to ``on_error`` with its exception (the last step, the one that says the work ended,
    still runs)."""
    if not steps:
        return

    def step() -> None:
        try:
            steps[0]()
        except Exception as exc:  # noqa: BLE001 - relayed to on_error
            if on_error is not None:
                on_error(exc)
            if len(steps) > 1:
                steps[-1]()
            return
        run_steps(owner, steps[1:], on_error)

    on_beat(owner, step)


def beat_timer(parent, slot, interval_ms: int = 0):
    """A single-shot timer (a QTimer owned by ``parent``) whose ``start()`` calls ``slot`` after
    ``interval_ms``, in a turn of the event loop where the GUI thread is on its beat, as
    :func:`on_beat`; started again before then, it still calls ``slot`` once."""
    from PyQt5.QtCore import QTimer

    timer = QTimer(parent, singleShot=True, interval=interval_ms)
    waits = [0]

    def fire() -> None:
        if late() and waits[0] < PATIENCE:
            waits[0] += 1
            timer.start(int(PAUSE_S * 1000))
            return
        waits[0] = 0
        timer.setInterval(interval_ms)
        slot()

    timer.timeout.connect(fire)
    return timer


def make_way() -> None:
    """Let the GUI thread have the interpreter lock if it is late for its beat (see the module)."""
    if _last is not None:
        deadline = time.perf_counter() + MAX_WAIT_S
        while _last is not None and time.perf_counter() - _last > LATE_S and time.perf_counter() < deadline:
            time.sleep(PAUSE_S)
    time.sleep(0)
