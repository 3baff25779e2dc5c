"""Reasons in the window: the table and the details panel put the reason codes in words in the
window's language, and put them in words again when the language switches."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import Qt  # noqa: E402

from concession_gis.reasons import render  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


def table_reason(window, layer_name: str, words: str, codes: str) -> tuple[str, str]:
    """(the text the attribute table shows in column ``words``, the codes it comes from) for the
    first row of ``layer_name`` that has a reason."""
    layer = window.session.layers.get(layer_name)
    window.table.show_layer(layer)
    model = window.table.model
    assert codes not in model.column_names  # the codes are shown as words, not as JSON
    column = model.column_names.index(words)
    row = next(r for r in range(model.rowCount()) if layer.frame[codes].iloc[model.feature(r)])
    return model.index(row, column).data(Qt.DisplayRole), layer.frame[codes].iloc[model.feature(row)]


def details_field(window, words: str) -> str:
    """The text the details panel shows for field ``words``."""
    fields = window.details.fields
    return next(fields.item(i, 1).text() for i in range(fields.rowCount()) if fields.item(i, 0).toolTip() == words)


def test_reasons_are_shown_in_the_windows_language_and_follow_a_switch(make_window, gui, qtbot):
    window = make_window("es")
    gui.open_bundled(window)
    gui.run_and_wait(window)
    idle_es, idle_cell = table_reason(window, "concessions", "idle_reason", "idle_reason_codes")
    claims = window.session.layers.get("concessions")
    claim = next(i for i, cell in enumerate(claims.frame["idle_reason_codes"]) if cell)
    window.details.show_feature(claims, claim)
    details_cell = claims.frame["idle_reason_codes"].iloc[claim]
    details_es = details_field(window, "idle_reason")
    # The registrations stay in the table through the switch: the same cell, painted again.
    coexistence_es, coexistence_cell = table_reason(
        window, "registrations", "coexistence_reasons", "coexistence_reason_codes")
    column = window.table.model.column_names.index("coexistence_reasons")
    row = next(r for r in range(window.table.model.rowCount())
               if window.table.model.index(r, column).data() == coexistence_es)
    for text, cell in ((idle_es, idle_cell), (details_es, details_cell), (coexistence_es, coexistence_cell)):
        assert text == render(cell, "es") != ""

    window.set_language("en")
    qtbot.waitUntil(lambda: window.table.model.lang == "en")
    qtbot.waitUntil(lambda: details_field(window, "idle_reason") == render(details_cell, "en"))
    coexistence_en = window.table.model.index(row, column).data()
    idle_en, _ = table_reason(window, "concessions", "idle_reason", "idle_reason_codes")
    for spanish, english, cell in ((idle_es, idle_en, idle_cell), (coexistence_es, coexistence_en, coexistence_cell)):
        assert english == render(cell, "en") != spanish
    assert details_field(window, "idle_reason") != details_es


def test_an_exported_table_speaks_the_windows_language_not_the_runs(make_window, gui, qtbot, tmp_path):
    import openpyxl

    window = make_window("es")
    gui.open_bundled(window)
    gui.run_and_wait(window)  # results.gpkg holds the reasons in Spanish
    window.set_language("en")
    table = window.table
    table.show_layer(window.session.layers.get("concessions"))
    with qtbot.waitSignal(window.controller.export_done, timeout=30_000):
        window.controller.export_table(table.layer, table.model.rows, str(tmp_path / "claims.xlsx"))
    rows = list(openpyxl.load_workbook(tmp_path / "claims.xlsx", read_only=True).active.iter_rows(values_only=True))
    words, codes = rows[0].index("idle_reason"), rows[0].index("idle_reason_codes")
    written = [(row[words], row[codes]) for row in rows[1:] if row[codes]]
    assert written and all(text == render(cell, "en") != render(cell, "es") for text, cell in written)
