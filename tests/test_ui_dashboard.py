"""The dashboard of a run whose rasters cover no claim, and the run's warnings, in the window."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from concession_gis.sample.demo import FILES  # noqa: E402
from tests.conftest import demo_inputs  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def uncovered(demo_dir, tmp_path):
    """The demo analysed with its loss raster moved 5 degrees east: no claim on any pixel."""
    import rasterio

    from concession_gis.pipeline import analyze

    source = demo_dir / FILES["loss_raster"]
    with rasterio.open(source) as dataset:
        t = dataset.transform
        profile = dataset.profile | {"transform": rasterio.Affine(t.a, 0, t.c + 5.0, 0, t.e, t.f)}
        with rasterio.open(tmp_path / "elsewhere.tif", "w", **profile) as out:
            out.write(dataset.read(1), 1)
    results = analyze(demo_inputs(demo_dir, loss_rasters=[str(tmp_path / "elsewhere.tif")]), lang="en")
    assert results.summary["forest_loss"]["status"] == "not_covered"
    return results


def _loss_rows(dashboard) -> dict[str, str]:
    """Text shown in the value column of each forest-loss row, by key."""
    rows = {}
    for i in range(dashboard.counts.rowCount()):
        key = dashboard.counts.item(i, 0).data(dashboard_key_role())
        if key and key.startswith("hectares.forest_loss"):
            rows[key.split(".", 1)[1]] = dashboard.counts.item(i, 1).text()
    return rows


def dashboard_key_role():
    from concession_gis_ui.panels.dashboard import KEY_ROLE

    return KEY_ROLE


def test_the_dashboard_says_not_covered_never_0_ha(make_window, uncovered):
    from concession_gis_ui.i18n import LANGUAGE

    window = make_window("en")
    window.session.set_results(uncovered, None)
    dashboard = window.dashboard
    assert dashboard.value("hectares", "forest_loss") == "not_covered"
    assert _loss_rows(dashboard) == {"forest_loss": "not covered", "forest_loss_claimed_ground": "not covered"}
    LANGUAGE.set("es")
    try:
        assert _loss_rows(dashboard) == {"forest_loss": "no cubierto", "forest_loss_claimed_ground": "no cubierto"}
    finally:
        LANGUAGE.set("en")


def test_the_runs_warnings_are_listed_in_the_dashboard(make_window, uncovered):
    window = make_window("en")
    window.session.set_results(uncovered, None)
    dashboard = window.dashboard
    shown = dashboard.warning_texts()
    assert shown == list(dict.fromkeys(uncovered.summary["warning_messages"]))
    assert any("does not cover any concession" in text for text in shown)
    assert not dashboard.warnings_box.isHidden()
    # Two: the raster covers no claim, and the demo's one expired contract (contratos_mineros.csv).
    assert any("expired" in text for text in shown)
    assert f"({len(shown)})" in dashboard.warnings_label.text()
    window.session.set_results(None, None)  # no run: no warnings box
    assert dashboard.warnings_box.isHidden()


def test_a_covered_run_shows_its_loss_hectares(make_window, demo_dir):
    from concession_gis.pipeline import analyze

    results = analyze(demo_inputs(demo_dir, loss_rasters=[str(demo_dir / FILES["loss_raster"])]), lang="en")
    window = make_window("en")
    window.session.set_results(results, None)
    rows = _loss_rows(window.dashboard)
    assert rows["forest_loss"] == f"{results.summary['hectares']['forest_loss']:,.2f}"
    assert "not covered" not in rows.values()


def test_every_figure_is_named_in_the_windows_words_under_its_group(make_window, demo_dir):
    """The hectares read "Extinct free" in the Spanish window, and at 280 px a group column
    beside each item cut "Registros…" three times over; each group is now a row of its own."""
    from concession_gis.pipeline import analyze

    results = analyze(demo_inputs(demo_dir), lang="es")
    window = make_window("es")
    window.session.set_results(results, None)
    counts = window.dashboard.counts
    assert counts.columnCount() == 2
    titles = {counts.item(i, 0).data(dashboard_key_role()): counts.item(i, 0).text()
              for i in range(counts.rowCount()) if counts.item(i, 0).data(dashboard_key_role())}
    assert titles["hectares.extinct_free"] == "Suelo extinguido libre"
    assert not [t for t in titles.values() if "_" in t or t.lower().startswith(("extinct", "titled"))]
    groups = [counts.item(i, 0).text() for i in range(counts.rowCount()) if counts.columnSpan(i, 0) == 2]
    assert groups[0] == "Totales" and "Hectáreas" in groups


def test_district_columns_fit_as_qt_fits_them_with_one_call_a_cell(qtbot):
    """Qt's resizeColumnsToContents asked for each cell a dozen times (50-60 ms of the GUI
    thread for the region's districts, after the analysis and at each change of language);
    fit_columns asks once for each cell's text and the delegate for the widest only, and gives
    the widths Qt's own fitting gives."""
    import pandas as pd
    from concession_gis_ui.panels.dashboard import fit_columns
    from concession_gis_ui.table_model import FrameTableModel
    from PyQt5.QtWidgets import QTableView

    frame = pd.DataFrame({"department": ["MADRE DE DIOS", "PUNO", "CUSCO"], "n_concessions": [1200, 7, 31],
                          "titled_ha": [12345.678, 0.5, 80.25], "district": ["INAMBARI", "ANANEA", "CAMANTI"]})
    model = FrameTableModel(canonical_first=False)
    model.set_frame(frame)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resizeColumnsToContents()
    by_qt = [min(view.columnWidth(j), 150) for j in range(model.columnCount())]
    for j in range(model.columnCount()):
        view.setColumnWidth(j, 10)
    calls = []
    data = model.data
    model.data = lambda index, role=0: calls.append(role) or data(index, role)
    fit_columns(view, rows=40, max_width=150)
    assert [view.columnWidth(j) for j in range(model.columnCount())] == by_qt
    assert calls.count(0) <= 3 * 4 + 4 and len(calls) < 3 * 4 + 4 * 12
    # With a budget, at least one column an event, and the one to go on from.
    assert fit_columns(view, 40, 150, start=1, budget_s=0.0) == 2
    assert fit_columns(view, 40, 150, start=2) == 4
