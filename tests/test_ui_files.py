"""Opening files by drag and drop and from the recent-files menu."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import QMimeData, QPoint, Qt, QUrl  # noqa: E402
from PyQt5.QtGui import QDropEvent  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(90)


def test_dropped_files_are_opened_and_remembered(make_window, qtbot):
    from concession_gis.sample.bundled import bundled_inputs

    inputs = bundled_inputs()
    window = make_window("en")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(inputs.concessions[0]), QUrl.fromLocalFile(inputs.registrations[0])])
    event = QDropEvent(QPoint(10, 10), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.session.layers.get(f"input:concessions:{inputs.concessions[0]}") is not None
                    and window.session.layers.get(f"input:registrations:{inputs.registrations[0]}") is not None,
                    timeout=30_000)
    assert window.session.input_specs("concessions") == inputs.concessions
    assert window.session.input_specs("registrations") == inputs.registrations
    recent = [action.toolTip() for action in window.actions.recent.actions()]
    assert recent[:2] == [inputs.registrations[0], inputs.concessions[0]]

    # A new window (the settings persist) offers them again.
    again = make_window("en")
    entry = next(a for a in again.actions.recent.actions() if a.toolTip() == inputs.concessions[0])
    entry.trigger()
    qtbot.waitUntil(lambda: again.session.input_specs("concessions") == inputs.concessions, timeout=30_000)
