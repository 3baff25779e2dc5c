"""The real main window, offscreen: open the demo, analyse it, and check what it shows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import QItemSelectionModel, QPoint, Qt  # noqa: E402

from concession_gis import columns  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def analysed(make_window, gui):
    window = make_window("en")
    gui.open_bundled(window)
    gui.run_and_wait(window)
    return window


def summary_json(window) -> dict:
    return json.loads((Path(window.session.results_path).parent / "summary.json").read_text(encoding="utf-8"))


def test_analysis_fills_tables_and_dashboard_with_the_summary(analysed):
    window = analysed
    summary = summary_json(window)
    counts = summary["counts"]
    dashboard = window.dashboard
    for section, keys in (("relation", columns.RELATIONS), ("conflict_type", columns.CONFLICT_TYPES),
                          ("legal_state", columns.LEGAL_STATES), ("reg_status", columns.REG_STATUSES)):
        for key in keys:
            assert dashboard.value(section, key) == counts[section][key], (section, key)
    for key in ("concessions", "registrations_out", "registrations_rejected", "idle_concessions",
                "coexistence_candidates", "overlapping_pairs"):
        assert dashboard.value("figures", key) == counts[key]
    for key, hectares in summary["hectares"].items():
        assert dashboard.value("hectares", key) == pytest.approx(hectares)
    assert sum(counts["relation"].values()) == counts["registrations_out"] > 0
    # The attribute table shows every concession; the district table every district with m.
    assert window.table.layer.name == "concessions"
    assert window.table.model.rowCount() == counts["concessions"]
    districts = window.session.results.district_summary
    assert dashboard.district_model.rowCount() == len(districts) > 0
    m_column = dashboard.district_model.column_names.index("m_informal_share")
    shown = {dashboard.district_model.index(r, m_column).data() for r in range(len(districts))}
    # A share reads as a percentage, as in the workbook (a bare "1" read as a count).
    assert shown == {f"{100 * v:.1f}\u00a0%" for v in districts["m_informal_share"]}
    # Every result layer is on the map, drawn.
    names = [layer.name for layer in window.session.layers]
    assert {"concessions", "registrations", "restricted_areas", "concession_overlaps"} <= set(names)
    assert not window.messages.texts("error")


def test_table_selection_shows_on_the_canvas(analysed, gui, qtbot):
    window = analysed
    layer = window.session.layers.get("concessions")
    window.table.show_layer(layer)
    model, view = window.table.model, window.table.view
    row = 3
    feature = model.feature(row)
    view.selectionModel().select(model.index(row, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    assert list(layer.selected) == [feature]
    canvas = window.canvas
    canvas.zoom_to_selection()
    gui.wait_idle(window)
    qtbot.waitUntil(lambda: canvas._images.get("selection", (None, None, -1))[2] == canvas.renderer.latest("selection"))
    image, view_of_image, _ = canvas._images["selection"]
    minx, miny, maxx, maxy = layer.prepared.bounds[feature]
    # The outline of the selected claim is highlighted: its left edge, half way up, is painted.
    px, py = view_of_image.to_pixels(minx, (miny + maxy) / 2)
    painted = [image.pixelColor(int(px) + dx, int(py)).alpha() for dx in (-1, 0, 1)]
    assert max(painted) > 0
    # ... and the details panel shows that claim.
    assert window.details.layer is layer and window.details.row == feature


def test_canvas_click_selects_the_row_in_the_table(analysed, gui, qtbot):
    window = analysed
    # Only the claims under the click: a loss front on the claim would be the top-most feature.
    for name in ("registrations", "coexistence_candidates", "concession_overlaps", "restricted_areas", "loss_fronts"):
        window.session.layers.get(name).set_visible(False)
    layer = window.session.layers.get("concessions")
    canvas = window.canvas
    canvas.zoom_to_layer(layer)
    gui.wait_idle(window)
    target = int(np.argmax(layer.frame["area_ha"].to_numpy()))
    point = layer.frame.geometry.iloc[target].representative_point()
    px, py = canvas.view.to_pixels(point.x, point.y)
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=QPoint(int(round(float(px))), int(round(float(py)))))
    assert list(layer.selected) == [target]
    table = window.table
    assert table.layer is layer
    selected_rows = [index.row() for index in table.view.selectionModel().selectedRows()]
    assert [table.model.feature(r) for r in selected_rows] == [target]
    assert window.details.row == target
    assert window.details.title.text().find(str(layer.frame["code"].iloc[target])) >= 0


def test_the_details_title_names_a_feature_of_every_result_layer(analysed):
    """A claim by its code and name, an overlap by its two claims, a forest-loss front by its rank
    (its title ended on a dangling "·")."""
    details, layers = analysed.details, analysed.session.layers
    expected = {
        "concessions": lambda r: f"{r['code']} {r['name']}",
        "concession_overlaps": lambda r: f"{r['code_a']} / {r['code_b']}",
        "loss_fronts": lambda r: f"front no. {int(r['rank'])}",
        "restricted_areas": lambda r: str(r["restricted_name"]),
    }
    for name, words in expected.items():
        layer = layers.get(name)
        details.show_feature(layer, 0)
        record = layer.frame.iloc[0]
        assert details.title.text().endswith(f"</b> · {words(record)}"), (name, details.title.text())


def test_search_and_sort_in_the_table(analysed, qtbot):
    table = analysed.table
    model = table.model
    code = str(model.frame["code"].iloc[5])
    table.search.setText(code)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.feature(0) == 5
    table.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == len(model.frame))
    area = model.column_names.index("area_ha")
    model.sort(area, Qt.DescendingOrder)
    shown = [model.frame["area_ha"].iloc[model.feature(r)] for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=True)


def test_language_switch_retranslates_live(analysed, qtbot):
    window = analysed
    dock = window.docks["layers"]
    assert dock.windowTitle() == "Layers"
    window.set_language("es")
    qtbot.waitUntil(lambda: dock.windowTitle() == "Capas")
    assert window.actions["run"].text() == "&Ejecutar el análisis"
    assert window.dashboard.counts.horizontalHeaderItem(0).text() == "Elemento"
    # Everything that shows words follows the one owner of the language, with no copy of its own.
    concessions = window.session.layers.get("concessions")
    assert "Titulada" in concessions.classes.labels
    assert window.inputs_panel.run_button.text() == "Ejecutar el análisis"
    if window.table.model.columnCount():
        headings = [window.table.model.headerData(j, Qt.Horizontal) for j in range(window.table.model.columnCount())]
        assert "Estado de la concesión" in headings or "Código" in headings
    window.set_language("en")
    qtbot.waitUntil(lambda: dock.windowTitle() == "Layers")
    assert "Titled" in concessions.classes.labels and window.session.language == "en"


def test_project_saves_and_reopens_the_session(analysed, make_window, gui, qtbot, tmp_path):
    window = analysed
    concessions = window.session.layers.get("concessions")
    concessions.set_style("stratum")
    concessions.set_opacity(0.5)
    window.session.layers.get("registrations").set_visible(False)
    window.canvas.zoom(2.0)
    gui.wait_idle(window)
    extent = window.canvas.view.extent()
    project = tmp_path / "work" / "caso.cgis.json"
    project.parent.mkdir()
    window.save_project(str(project))
    stored = json.loads(project.read_text(encoding="utf-8"))
    assert not Path(stored["inputs"]["concessions"][0]).is_absolute()
    assert (project.parent / "caso.results.gpkg").exists()

    reopened = make_window("es", paths=[str(project)])
    qtbot.waitUntil(lambda: reopened.session.results is not None, timeout=30_000)
    gui.wait_idle(reopened)
    assert reopened.session.language == "en"
    assert reopened.session.inputs.concessions == window.session.inputs.concessions
    again = reopened.session.layers.get("concessions")
    assert again.style_column == "stratum" and again.opacity == 0.5
    assert not reopened.session.layers.get("registrations").visible
    assert reopened.dashboard.value("figures", "concessions") == window.dashboard.value("figures", "concessions")
    # The saved extent is shown whole and fills the canvas in one direction (its shape may differ).
    shown = reopened.canvas.view.extent()
    slack = (extent[2] - extent[0]) * 1e-6
    assert shown[0] <= extent[0] + slack and shown[1] <= extent[1] + slack
    assert shown[2] >= extent[2] - slack and shown[3] >= extent[3] - slack
    assert np.isclose(shown[2] - shown[0], extent[2] - extent[0], rtol=0.01) or np.isclose(
        shown[3] - shown[1], extent[3] - extent[1], rtol=0.01)


def test_autosave_is_written_off_the_gui_thread(analysed, qtbot, monkeypatch):
    import threading

    window = analysed
    writers = []
    real = window.autosave.save

    def save(*args, **kwargs):
        writers.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(window.autosave, "save", save)
    window.controller.save_autosave()  # what the autosave timer calls
    qtbot.waitUntil(lambda: bool(writers), timeout=10_000)
    assert writers[0] is not threading.main_thread()


def test_crashed_session_is_offered_for_recovery(analysed, make_window, gui, qtbot):
    from concession_gis_ui.recovery import offer_recovery

    window = analysed
    autosave = window.autosave.file
    qtbot.waitUntil(autosave.exists, timeout=10_000)  # written, on a thread, when the results arrived
    crashed = json.loads(autosave.read_text(encoding="utf-8"))
    crashed["pid"] = gui.dead_pid()
    orphan = autosave.with_name("20000101-000000-1.cgis.json")
    orphan.write_text(json.dumps(crashed), encoding="utf-8")

    fresh = make_window("en")
    assert offer_recovery(fresh, answer=True)
    qtbot.waitUntil(lambda: fresh.session.results is not None, timeout=30_000)
    assert fresh.dashboard.value("figures", "concessions") == window.dashboard.value("figures", "concessions")
    assert not orphan.exists()


def test_exports_write_results_and_the_shown_table(analysed, qtbot, tmp_path):
    import openpyxl

    window = analysed
    controller = window.controller
    with qtbot.waitSignal(controller.export_done, timeout=30_000) as done:
        controller.export_results(str(tmp_path / "salida"), ["csv"], False)
    assert done.args[0] == "results"
    for name in ("results.gpkg", "summary.json", "concessions.csv", "district_summary.csv"):
        assert (tmp_path / "salida" / name).exists(), name
    table = window.table
    table.show_layer(window.session.layers.get("concessions"))
    table.filter_column.setCurrentIndex(table.filter_column.findData("legal_state"))
    table._on_filter_column()
    table.filter_value.setCurrentIndex(table.filter_value.findData("titled"))
    assert table.filter_value.currentText() == "Titled"  # the code in words; the filter keeps the code
    table.apply_filter()
    shown = table.model.rowCount()
    assert 0 < shown < len(table.model.frame)
    with qtbot.waitSignal(controller.export_done, timeout=30_000):
        window.controller.export_table(table.layer, table.model.rows, str(tmp_path / "tituladas.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "tituladas.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == shown + 1  # header + the rows the table showed
    legal = rows[0].index("legal_state")
    assert {row[legal] for row in rows[1:]} == {"titled"}


def test_print_map_preview_and_export_from_the_dialog(analysed, qtbot, tmp_path):
    from concession_gis_ui.dialogs.export_dialog import ExportDialog, maps_available

    if not maps_available():
        pytest.skip("the core's maps module is not installed")
    window = analysed
    layer = window.session.layers.get("concessions")
    window.canvas.select_only(layer, [0])
    window.export_dialog()
    dialog = window.active_dialog
    assert isinstance(dialog, ExportDialog) and dialog.tabs.isTabEnabled(1)
    assert dialog.case.isChecked() and dialog.case_code.currentText() == str(layer.frame["code"].iloc[0])
    with qtbot.waitSignal(window.controller.export_done, timeout=60_000):
        dialog._request_map(preview=True)
    qtbot.waitUntil(lambda: dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull(), timeout=5_000)
    dialog.regional.setChecked(True)
    dialog.map_file.setText(str(tmp_path / "mapa_regional.pdf"))
    with qtbot.waitSignal(window.controller.export_done, timeout=60_000):
        dialog._request_map(preview=False)
    assert (tmp_path / "mapa_regional.pdf").stat().st_size > 10_000
    dialog.reject()


def test_a_preview_says_nothing_was_exported_and_leaves_the_bar_idle(analysed, qtbot):
    """A preview set the status to "Exported.", listed "Written: …map-preview.png", and left the
    bar moving as if busy; an export button with no file chosen did nothing and said nothing."""
    from concession_gis_ui.dialogs.export_dialog import ExportDialog

    window = analysed
    window.export_dialog()
    dialog = window.active_dialog
    assert isinstance(dialog, ExportDialog)
    dialog._request_map(preview=False)
    assert dialog.status.text() == "First choose the file to save it in."
    dialog._request_results()
    assert dialog.status.text() == "First choose the folder to save the results in."
    infos = len(window.messages.texts("info"))
    with qtbot.waitSignal(window.controller.export_done, timeout=60_000) as done:
        dialog._request_map(preview=True)
    assert done.args[0] == "preview"
    assert window.stage_label.text() == "Preview ready (nothing was exported)."
    assert len(window.messages.texts("info")) == infos
    assert window.progress.maximum() == 1 and window.progress.value() == 0
    dialog.reject()


def test_the_layer_legend_lists_what_occurs_and_says_of_what_a_count_is(analysed):
    from concession_gis_ui.panels.layer_panel import legend_entries

    window = analysed
    concessions = [text for _, text in legend_entries(window.session.layers.get("concessions"))]
    assert "Titled  (13)" in concessions and not [t for t in concessions if t.endswith("(0)")]
    overlaps = window.session.layers.get("concession_overlaps")
    assert [text for _, text in legend_entries(overlaps)] == [f"All  ({len(overlaps.frame)})"]


def test_a_raster_input_is_counted_in_pixels_not_rows(analysed):
    """The tree-cover raster was "2 351 646 filas utilizables, 0 apartadas"."""
    said = [t for t in analysed.messages.texts("info") if "hansen_lossyear_demo.tif" in t or "treecover" in t]
    assert said and all(t.endswith(" pixels") for t in said), said
