"""The start page: what to do first while nothing is loaded; the hint of ▶ pressed too early,
shown where the user looks; the keyboard shortcuts in Help."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import Qt  # noqa: E402
from PyQt5.QtWidgets import QMessageBox  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


def test_the_start_page_shows_until_something_is_loaded_and_opens_the_demo(make_window, qtbot):
    window = make_window("es")
    page = window.start_page
    assert window.central.currentWidget() is window.start_area and page.isVisible()
    assert page.buttons["demo"].text() == "Abrir la demostración (Perú)"
    assert "Guía de dos minutos" in page.guide.text()
    # ▶ with nothing loaded: the hint on the page and in the status line, not only in a hidden tab.
    window.actions["run"].trigger()
    assert page.hint.isVisible() and "concesiones" in page.hint.text()
    assert window.statusBar().currentMessage() == page.hint.text()
    # The demo, from its button: its layers replace the page with the map.
    qtbot.mouseClick(page.buttons["demo"], Qt.LeftButton)
    qtbot.waitUntil(lambda: len(window.session.all_inputs()) >= 3, timeout=30_000)
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.canvas, timeout=30_000)
    assert window.canvas.isVisible() and not page.isVisible()


def test_recent_files_are_offered_on_the_start_page(make_window, gui_env):
    window = make_window("es")
    window._remember("/datos/Madre de Dios.cgis.json")
    assert window.start_page.recent.count() == 1
    assert window.start_page.recent.item(0).text() == "Madre de Dios.cgis.json"


def test_help_lists_the_keyboard_shortcuts(make_window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    window = make_window("es")
    help_menu = [a.text() for a in window.actions.menus["help"].actions()]
    assert "Atajos de &teclado" in help_menu
    window.actions["shortcuts"].trigger()
    title, text = shown[0]
    assert title == "Atajos de teclado"
    assert "F5" in text and "Ejecutar el análisis" in text and ("Ctrl+S" in text or "Control+S" in text)
