"""The window's threads make way for the GUI thread (ui/heartbeat.py): they wait, the lock
released, while the GUI thread is late for its beat, never longer than MAX_WAIT_S, and not at
all without a window."""

from __future__ import annotations

import threading
import time

import pytest
from concession_gis_ui import heartbeat


@pytest.fixture(autouse=True)
def no_heartbeat():
    yield
    heartbeat._stop()


def waited(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def test_without_a_window_it_only_yields():
    heartbeat._stop()
    assert waited(heartbeat.make_way) < 0.05


def test_a_fresh_beat_lets_the_thread_go_on():
    heartbeat._beat()
    assert waited(heartbeat.make_way) < 0.015


def test_a_late_gui_thread_is_waited_for_until_it_beats_again(monkeypatch):
    # The longest wait made far longer than the beat's delay: on a loaded machine the timer's
    # thread may start late, and the test is whether the wait ends with the beat, not by then.
    monkeypatch.setattr(heartbeat, "MAX_WAIT_S", 2.0)
    heartbeat._beat()
    time.sleep(heartbeat.LATE_S * 1.5)  # the GUI thread busy: no beat for 30 ms
    threading.Timer(0.02, heartbeat._beat).start()  # it beats again 20 ms later
    took = waited(heartbeat.make_way)
    assert 0.015 < took < 1.0


def test_a_gui_thread_that_never_beats_again_costs_at_most_max_wait():
    heartbeat._beat()
    time.sleep(heartbeat.LATE_S * 1.5)
    took = waited(heartbeat.make_way)
    assert heartbeat.MAX_WAIT_S * 0.9 < took < heartbeat.MAX_WAIT_S + 0.3  # the margin for a loaded machine


def test_the_window_beats_on_its_gui_thread(qapp):
    from PyQt5.QtCore import QObject

    owner = QObject()
    heartbeat.start(owner)
    first = heartbeat._last
    deadline = time.perf_counter() + 1
    while heartbeat._last == first and time.perf_counter() < deadline:
        qapp.processEvents()
        time.sleep(0.002)
    assert heartbeat._last > first
    owner.deleteLater()


def test_a_thread_job_starts_without_the_gui_thread_waiting_for_it(qtbot):
    """threading.Thread.start() hands the lock over until the new thread has run: with the
    render thread in a Qt call that froze the window (73 ms). A job's start returns at once."""
    import sys

    from concession_gis_ui.worker import run_in_thread

    ran, results = [], []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1.0)  # the new thread cannot take the lock before this thread lets it
    try:
        # on_done is connected before the thread starts: a waitSignal entered afterwards could
        # miss a job that already ended (it did once in CI, on a loaded machine).
        job = run_in_thread(lambda: ran.append(threading.current_thread().name) or 42,
                            on_done=results.append)
        started_first = not ran
    finally:
        sys.setswitchinterval(interval)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert started_first
    assert results == [42]
    assert job.wait(1)
    assert ran == ["job-<lambda>"]


def run_loop(qapp, until, seconds: float = 2.0) -> None:
    deadline = time.perf_counter() + seconds
    while not until() and time.perf_counter() < deadline:
        qapp.processEvents()
        time.sleep(0.001)


def test_late_means_no_beat_for_longer_than_late_s():
    heartbeat._stop()
    assert not heartbeat.late()  # no window: never late
    heartbeat._beat()
    assert not heartbeat.late()
    time.sleep(heartbeat.LATE_S * 1.5)
    assert heartbeat.late()


def test_work_on_beat_waits_while_the_gui_thread_is_late(qapp):
    """A piece of GUI work (a results step, a panel rebuild) never piles onto a long turn of the
    event loop: it runs once the GUI thread has beaten again."""
    from PyQt5.QtCore import QObject

    owner = QObject()
    heartbeat._beat()
    time.sleep(heartbeat.LATE_S * 1.5)  # the GUI thread was busy: late
    beat_again = time.perf_counter() + 0.008  # within PATIENCE waits of PAUSE_S
    ran = []
    heartbeat.on_beat(owner, lambda: ran.append(time.perf_counter()))

    def loop_turn():
        if time.perf_counter() >= beat_again and heartbeat.late():
            heartbeat._beat()
        return bool(ran)

    run_loop(qapp, loop_turn)
    assert ran and ran[0] >= beat_again


def test_work_on_beat_runs_late_rather_than_never(qapp):
    from PyQt5.QtCore import QObject

    owner = QObject()
    heartbeat._beat()
    time.sleep(heartbeat.LATE_S * 1.5)  # and no beat ever again
    ran = []
    heartbeat.on_beat(owner, lambda: ran.append(True))
    run_loop(qapp, lambda: bool(ran))
    assert ran == [True]


def test_work_on_beat_is_dropped_with_its_owner(qapp):
    """A window closed before its pending pieces run: they must not touch what is gone (a step
    of a closed window's results crashed the next test's event loop)."""
    from PyQt5 import sip
    from PyQt5.QtCore import QObject

    owner, ran = QObject(), []
    heartbeat._beat()
    time.sleep(heartbeat.LATE_S * 1.5)  # late: the piece waits
    heartbeat.on_beat(owner, lambda: ran.append(True))
    sip.delete(owner)
    run_loop(qapp, lambda: False, 0.1)
    assert ran == []


def test_a_beat_timer_started_twice_calls_once(qapp):
    from PyQt5.QtCore import QObject

    owner, calls = QObject(), []
    heartbeat._stop()  # no window: the next turn
    timer = heartbeat.beat_timer(owner, lambda: calls.append(1))
    timer.start()
    timer.start()
    run_loop(qapp, lambda: False, 0.05)
    assert calls == [1]
    heartbeat._beat()
    time.sleep(heartbeat.LATE_S * 1.5)
    timer.start()
    run_loop(qapp, lambda: len(calls) == 2)  # late: it waits PATIENCE turns, then runs anyway
    assert calls == [1, 1] and timer.interval() == 0
    owner.deleteLater()


def test_steps_run_in_order_and_a_failing_one_ends_them_but_the_last(qapp):
    """A results step that raises: the steps after it are not run, its exception goes to
    ``on_error``, and the last step (the one that says the work ended) still runs."""
    from PyQt5.QtCore import QObject

    heartbeat._stop()  # no window: one step per turn
    owner, ran, errors = QObject(), [], []

    def fails():
        ran.append("fails")
        raise ValueError("broken layer")

    steps = [lambda: ran.append(1), fails, lambda: ran.append(3), lambda: ran.append("end")]
    heartbeat.run_steps(owner, steps, errors.append)
    run_loop(qapp, lambda: "end" in ran)
    assert ran == [1, "fails", "end"]
    assert [str(e) for e in errors] == ["broken layer"]
    ran.clear()
    heartbeat.run_steps(owner, [lambda: ran.append(1), lambda: ran.append(2)])
    run_loop(qapp, lambda: len(ran) == 2)
    assert ran == [1, 2]
