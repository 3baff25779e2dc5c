"""pytest fixtures and helpers for the GUI tests (``pytest_plugins = ["tests.gui_helpers"]``).

Every test gets its own data folder, log folder and QSettings file, so nothing leaks into the
user's real settings, and waits with ``qtbot.waitUntil`` (never sleep-and-hope).
"""

from __future__ import annotations

import time

import pytest

ANALYSIS_TIMEOUT_MS = 60_000


@pytest.fixture
def gui_env(tmp_path, monkeypatch):
    """Private data, log and settings folders for one test."""
    from PyQt5.QtCore import QSettings

    monkeypatch.setenv("CONCESSION_GIS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CONCESSION_GIS_LOG_DIR", str(tmp_path / "logs"))
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    return tmp_path


@pytest.fixture
def make_window(qtbot, gui_env):
    """A factory of shown main windows, closed (worker process ended) after the test."""
    from concession_gis_ui.app import create_app
    from concession_gis_ui.app import make_window as build

    create_app()
    windows = []

    def factory(lang: str = "en", paths=None, offer_recovery: bool = False, size=(1400, 900), ask_to_save=False):
        from PyQt5.QtWidgets import QMessageBox

        window = build(lang, paths, offer_recovery=offer_recovery)
        if not ask_to_save:  # a modal question would wait forever offscreen, whoever closes the window
            window.unsaved.ask = lambda: QMessageBox.Discard
        if size is not None:  # the offscreen screen is 800×600: tests see a desktop-sized window unless told
            window.resize(*size)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()


class Helpers:
    """What GUI tests do again and again, waiting with ``qtbot``."""

    def __init__(self, qtbot):
        self.qtbot = qtbot

    def open_bundled(self, window, timeout: int = 30_000):
        return open_bundled(window, self.qtbot, timeout)

    def run_and_wait(self, window, timeout: int = ANALYSIS_TIMEOUT_MS) -> None:
        run_and_wait(window, self.qtbot, timeout)

    def wait_idle(self, window, timeout: int = 10_000) -> None:
        wait_idle(window, self.qtbot, timeout)

    dead_pid = staticmethod(lambda: dead_pid())


@pytest.fixture
def gui(qtbot) -> Helpers:
    return Helpers(qtbot)


def open_bundled(window, qtbot, timeout: int = 30_000):
    """Open the bundled demo inputs and wait until their previews are on the map."""
    from concession_gis.sample.bundled import bundled_inputs

    inputs = bundled_inputs()
    qtbot.waitUntil(window.open_inputs(inputs), timeout=timeout)
    return inputs


def run_and_wait(window, qtbot, timeout: int = ANALYSIS_TIMEOUT_MS) -> None:
    """Run the analysis and wait until its results are on the map and in the dashboard."""
    with qtbot.waitSignal(window.controller.analysis_ended, timeout=timeout) as blocker:
        assert window.controller.run_analysis()
    assert blocker.args == ["done"], window.messages.texts()
    wait_idle(window, qtbot)


def wait_idle(window, qtbot, timeout: int = 10_000) -> None:
    """Wait until the canvas shows the newest frame asked for."""
    qtbot.waitUntil(window.canvas.is_idle, timeout=timeout)


def slow_analysis_job(progress, step_seconds: float = 5.0, **kwargs) -> dict:
    """The window's analysis job, sleeping ``step_seconds`` at each progress report: about 15
    reports make the demo analysis last over a minute, deterministically, without a big input.
    Top-level, so the worker process can unpickle it by name."""
    from concession_gis_ui.jobs import analysis_job

    def slow(step) -> None:
        progress(step)
        time.sleep(step_seconds)

    return analysis_job(progress=slow, **kwargs)


def slow_compare_job(progress, step_seconds: float = 5.0, **kwargs) -> dict:
    """The window's comparison job, sleeping at each progress report (as :func:`slow_analysis_job`)."""
    from concession_gis_ui.jobs import compare_job

    def slow(step) -> None:
        progress(step)
        time.sleep(step_seconds)

    return compare_job(progress=slow, **kwargs)


def dead_pid() -> int:
    """The id of a process that has just ended (for fake crashed sessions)."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid
