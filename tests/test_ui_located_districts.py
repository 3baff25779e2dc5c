"""The window shows ``located_by`` and the ``outside_districts`` district in words, in both
languages: in the attribute table (cells, tooltips, the filter's values) and the district summary."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from tests.test_district_boundaries import _boundaries, _claims  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def placed(tmp_path):
    """Two claims' worth of registrations, one with coordinates and one only by declared code,
    with district limits that leave part of claim O outside every polygon."""
    from concession_gis.model import Inputs
    from concession_gis.pipeline import analyze
    from tests.raster_fixtures import hansen_transform

    t = hansen_transform()
    table = pd.DataFrame({"COD_REINFO": ["P1", "P2"], "NOMBRE_MIN": ["ANA", "BETO"], "ESTADO": ["VIGENTE"] * 2,
                          "CODIGOU": ["S", "O"], "LONGITUD_G84": [t.c + 60.5 * t.a, None],
                          "LATITUD_G84": [t.f + 15.5 * t.e, None]})
    regs = tmp_path / "reinfo.csv"
    table.to_csv(regs, index=False)
    results = analyze(Inputs(concessions=[str(_claims(tmp_path))], registrations=[str(regs)],
                             districts=str(_boundaries(tmp_path))), lang="en")
    assert list(results.registrations["located_by"]) == ["coordinates", "declared_code"]
    return results


def _column(model, name: str, role=None) -> list:
    from PyQt5.QtCore import Qt

    j = model.column_names.index(name)
    return [model.index(r, j).data(role if role is not None else Qt.DisplayRole) for r in range(model.rowCount())]


@pytest.mark.parametrize(("lang", "outside", "words"), [
    ("en", "Outside the districts given", ["Coordinates", "Declared claim code"]),
    ("es", "Fuera de los distritos dados", ["Coordenadas", "Código de concesión declarado"]),
])
def test_codes_show_in_words_in_the_tables(make_window, qtbot, placed, lang, outside, words):
    from concession_gis_ui.table_model import FrameTableModel, filter_label
    from PyQt5.QtCore import Qt

    window = make_window(lang)
    window.session.set_results(placed, None)
    districts = window.dashboard.district_model
    qtbot.waitUntil(lambda: "district" in districts.column_names)  # filled once the window is idle
    shown = _column(districts, "district")
    assert outside in shown and "outside_districts" not in shown
    assert {"INAMBARI", "LABERINTO"} <= set(shown)  # real districts' names as the layer writes them
    tips = _column(districts, "district", Qt.ToolTipRole)
    assert f"{outside} (outside_districts)" in tips and "INAMBARI" in tips

    # The attribute table's model, on the registrations layer's rows (loaded from results.gpkg
    # in the window: the same frame).
    model = FrameTableModel()
    model.set_frame(placed.registrations.drop(columns="geometry"))
    by_id = dict(zip(_column(model, "reg_id"), _column(model, "located_by"), strict=True))
    assert [by_id["P1"], by_id["P2"]] == words
    assert filter_label("located_by", "declared_code", lang) == words[1]
    assert filter_label("district", "outside_districts", lang) == outside
    assert filter_label("district", "INAMBARI", lang) == "INAMBARI"
    # Sorting and filtering keep the codes.
    model.set_filter("", "located_by", "declared_code")
    assert _column(model, "reg_id") == ["P2"]
