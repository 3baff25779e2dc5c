"""Cancelling a long analysis stops it within a second, and the next analysis still runs."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import Qt  # noqa: E402

pytest_plugins = ["concession_gis_ui.testing"]
pytestmark = pytest.mark.timeout(120)

# Each progress report of the analysis sleeps this long in the worker: about 15 reports make
# the demo analysis last over a minute, deterministically, without a big input.
SLOW_STEP_S = 5.0


def test_cancel_stops_a_long_analysis_within_a_second(make_window, gui, qtbot):
    window = make_window("en")
    gui.open_bundled(window)
    controller = window.controller
    controller.step_delay = SLOW_STEP_S
    assert controller.run_analysis()
    job = controller.analysis
    # Wait until the worker is really inside the analysis (a stage was reported).
    qtbot.waitUntil(lambda: window.stage_label.text() not in ("", "Starting the analysis…"), timeout=30_000)
    assert controller.running and window.cancel_button.isEnabled()
    worker = controller.runner._process
    with qtbot.waitSignal(controller.analysis_ended, timeout=2_000) as ended:
        started = time.perf_counter()
        qtbot.mouseClick(window.cancel_button, Qt.LeftButton)
    stopped_after = time.perf_counter() - started
    assert ended.args == ["cancelled"]
    print(f"cancel: analysis_ended after {stopped_after * 1000:.1f} ms")
    assert stopped_after < 1.0, stopped_after
    assert job.ended_at - job.cancel_requested_at < 1.0
    # The worker process itself is gone within the second too, not left running in the background.
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=1_000)
    assert "Analysis cancelled." in window.stage_label.text()
    assert window.actions["run"].isEnabled() and not window.cancel_button.isEnabled()
    assert window.session.results is None

    # A fresh worker takes the next run.
    controller.step_delay = 0.0
    gui.run_and_wait(window)
    assert window.session.results is not None
