"""The layer panel follows the map's layers once per burst of changes (the results' layers come
one per turn of the event loop; a rebuild after each took 8-15 ms of every turn), and a layer
just added can be made current at once."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

pytest_plugins = ["tests.gui_helpers"]


def test_a_burst_of_changes_rebuilds_the_panel_once(make_window, qtbot):
    from PyQt5.QtWidgets import QApplication

    window = make_window("en")
    panel = window.layer_panel
    qtbot.waitUntil(lambda: not panel._rebuild_timer.isActive(), timeout=5000)
    rebuilt = []
    clear = panel.tree.clear
    panel.tree.clear = lambda: (rebuilt.append(1), clear())  # every rebuild starts by clearing the tree
    layer = next(iter(window.session.layers))
    for opacity in (0.9, 0.8, 0.7, 0.6):  # each in its own turn of the event loop, as results come
        layer.set_opacity(opacity)
        QApplication.processEvents()
    qtbot.waitUntil(lambda: bool(rebuilt), timeout=5000)
    qtbot.wait(100)
    assert rebuilt == [1]


def test_a_layer_just_changed_is_made_current_at_once(make_window, qtbot):
    window = make_window("en")
    panel = window.layer_panel
    layers = list(window.session.layers)
    last = layers[-1]
    last.set_opacity(0.5)  # a rebuild is due
    assert panel._rebuild_timer.isActive()
    panel.set_current(last)
    assert panel.current_layer() is last and not panel._rebuild_timer.isActive()
