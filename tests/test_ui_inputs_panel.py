"""The GUI's inputs panel is generated from the registry of input kinds: one row per kind of the
project's country (Peru unless chosen or told by a Bolivian input)."""

from __future__ import annotations

import pytest

from concession_gis.inputs import KINDS, kinds_of

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")


def test_the_inputs_panel_has_one_row_per_kind(qtbot):
    from concession_gis_ui.panels.inputs_panel import InputsPanel
    from concession_gis_ui.session import Session

    session = Session()
    session.set_language("en")  # the one owner of the window's language
    panel = InputsPanel(session)
    qtbot.addWidget(panel)
    session.add_input("activity", "produccion.csv")
    rows = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert len(rows) == len(kinds_of("pe")) < len(KINDS)
    assert "Declared production (1)" in rows and "Forest-loss raster (0)" in rows
    session.set_language("es")
    assert panel.tree.topLevelItem(0).text(0) == "Concesiones (0)"
    session.set_country("bo")
    assert panel.tree.topLevelItemCount() == len(kinds_of("bo"))
