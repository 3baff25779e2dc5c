"""Progress while loading (issue 19): opening files shows which file and how many of how many in
the status bar, with the progress bar moving and Cancel enabled, as during the analysis; Cancel
stops the loads and takes the unfinished files out of the inputs; the title shows the project's
name once a project is opened.

Loading is made slow here by a check job that sleeps before doing the window's real check, so
the test sees the load in progress without a big input file.
"""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import Qt  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(180)

SLOW_S = 2.0


def slow_check_input_job(progress, **kwargs) -> dict:
    """The window's input check, after ``SLOW_S`` seconds (top-level: the worker unpickles it by name)."""
    from concession_gis_ui.jobs import check_input_job

    time.sleep(SLOW_S)
    return check_input_job(progress=progress, **kwargs)


def test_loading_shows_progress_and_cancel_takes_the_file_out(make_window, qtbot, monkeypatch):
    from concession_gis_ui import jobs

    from concession_gis.sample.bundled import bundled_inputs

    window = make_window("es")
    controller = window.controller
    inputs = bundled_inputs()
    claims = inputs.concessions[0]
    monkeypatch.setattr(jobs, "check_input_job", slow_check_input_job)
    with qtbot.waitSignal(controller.loading_changed, timeout=5_000) as started:
        window.open_paths([claims])
    assert started.args == [True]
    # One file: a busy bar (Qt's 0..0 range), its name in the status bar, Cancel enabled.
    assert window.progress.maximum() == 0
    assert window.stage_label.text().startswith("Cargando ")
    assert "(1 de 1)" in window.stage_label.text()
    assert window.cancel_button.isEnabled() and window.actions["cancel"].isEnabled()
    qtbot.waitUntil(lambda: ("concessions", claims) in window.session.all_inputs(), timeout=10_000)
    with qtbot.waitSignal(controller.loading_changed, timeout=2_000) as ended:
        qtbot.mouseClick(window.cancel_button, Qt.LeftButton)
    assert ended.args == [False]
    assert window.session.all_inputs() == []  # a cancelled file is not left half in the inputs
    assert not window.cancel_button.isEnabled()
    assert window.stage_label.text().startswith("Carga cancelada")
    qtbot.wait(int(SLOW_S * 1000) + 500)  # past when the cancelled check would have finished
    assert window.session.layers.get(f"input:concessions:{claims}") is None
    assert window.progress.maximum() == 1 and window.progress.value() == 0

    # Several files: the bar counts them, and every one arrives.
    paths = inputs.files()
    seen: list[tuple[int, int]] = []
    controller.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(controller.loading_changed, timeout=5_000):
        window.open_paths(paths)
    qtbot.waitUntil(lambda: not controller.loading, timeout=60_000)
    assert (0, len(paths)) in seen and any(0 < done < len(paths) for done, total in seen if total == len(paths))
    assert len(window.session.all_inputs()) == len(paths)
    assert window.session.layers.get(f"input:concessions:{claims}") is not None
    assert not window.cancel_button.isEnabled()


def test_the_title_shows_the_opened_projects_name(make_window, gui, qtbot, tmp_path):
    window = make_window("es")
    gui.open_bundled(window)
    path = str(tmp_path / "madre de dios.cgis.json")
    window.save_project(path)
    other = make_window("es")
    assert other.windowTitle().startswith("sin título")
    other.open_paths([path])
    assert other.windowTitle().startswith("madre de dios")
    qtbot.waitUntil(lambda: not other.controller.loading, timeout=60_000)
    assert len(other.session.all_inputs()) == len(window.session.all_inputs())


def test_closing_the_window_while_files_load_drops_what_they_would_install(gui_env, qtbot):
    """The files' threads go on reading after the window is closed and deleted; what they hand
    back must not reach its widgets, already gone (pytest-qt fails the test on any exception in
    the event loop)."""
    from concession_gis_ui.app import create_app, make_window
    from PyQt5.QtWidgets import QMessageBox

    from concession_gis.sample.bundled import bundled_inputs

    create_app()
    window = make_window("es", None, offer_recovery=False)
    window.unsaved.ask = lambda: QMessageBox.Discard
    window.show()
    with qtbot.waitSignal(window.controller.loading_changed, timeout=5_000):
        window.open_inputs(bundled_inputs())
    window.close()
    window.deleteLater()
    qtbot.wait(3_000)  # longer than the demo's files take to load
