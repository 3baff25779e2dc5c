"""The window fits the screen: sized from the free screen area, usable on a 1366×768 laptop,
the map given the most room, and the last size restored."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import QRect  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


def area(rect: QRect) -> int:
    return rect.width() * rect.height()


def inside(window, widget) -> bool:
    """``widget`` is shown and wholly within the window's client area."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


def test_a_1366x768_laptop_shows_the_status_bar_the_cancel_button_and_the_map_largest(make_window, monkeypatch, qtbot):
    import concession_gis_ui.main_window as main_window

    monkeypatch.setattr(main_window, "available_screen", lambda: QRect(0, 0, 1366, 768))
    window = make_window("es", size=None)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.docks["layers"].width() < 300)  # the docks are sized after the first show
    frame = main_window.FRAME
    assert window.width() + frame[0] <= 1366 and window.height() + frame[1] <= 768
    assert window.width() >= 1300 and window.height() >= 700  # the whole screen, not a fixed size
    assert inside(window, window.statusBar())
    assert inside(window, window.cancel_button) and window.cancel_button.text() == "Cancelar"
    assert inside(window, window.progress)
    # The map gets more room than any panel, and over 30 % of the window (it had a quarter).
    canvas = area(window.canvas.geometry())
    for name, dock in window.docks.items():
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            assert canvas > area(dock.geometry()), name
    assert canvas > 0.3 * area(window.rect())
    # The attribute table keeps room for rows.
    assert window.table.view.height() >= 4 * window.table.view.verticalHeader().defaultSectionSize()


def test_the_saved_size_and_place_are_restored(make_window, qtbot):
    first = make_window("es", size=(900, 580))
    qtbot.waitExposed(first)
    first.move(30, 20)
    first.close()
    second = make_window("es", size=None)
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (900, 580)
