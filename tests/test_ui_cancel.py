"""Cancelling a long analysis stops it within a second, and the next analysis still runs."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import Qt  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


def test_cancel_stops_a_long_analysis_within_a_second(make_window, gui, qtbot, monkeypatch):
    from concession_gis_ui import jobs

    from tests.gui_helpers import slow_analysis_job

    window = make_window("en")
    gui.open_bundled(window)
    controller = window.controller
    with monkeypatch.context() as patched:
        patched.setattr(jobs, "analysis_job", slow_analysis_job)  # what the window submits for this run
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

    # A fresh worker takes the next run (the window's own analysis again).
    gui.run_and_wait(window)
    assert window.session.results is not None
