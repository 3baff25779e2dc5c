"""Bolivia in the window (issue 20): the Bolivian demo from the start page, analysed and shown
in Bolivian terms; the project's country saved and reopened; the inputs panel offering the
kinds of the project's country."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import Qt  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(240)

BOLIVIAN_KINDS = ("ajam", "work_sites", "cooperatives", "area_contracts")
PERUVIAN_ONLY = ("concessions", "registrations", "holders", "contracts", "districts", "allowed_zones")


def panel_kinds(window) -> list[str]:
    """The kinds the inputs panel lists, read from its rows' labels (as a user sees them)."""
    from concession_gis_ui.i18n import words

    from concession_gis.inputs import KIND

    labels = {words(KIND[kind].label).casefold(): kind for kind in KIND}
    tree = window.inputs_panel.tree
    return [labels[tree.topLevelItem(i).text(0).rsplit(" (", 1)[0].casefold()] for i in range(tree.topLevelItemCount())]


@pytest.fixture
def bolivian(make_window, gui, qtbot):
    """The Spanish window after the Bolivian demo, opened from its button on the start page and
    analysed."""
    window = make_window("es")
    page = window.start_page
    assert page.buttons["demo_bo"].text() == "Abrir la demostración (Bolivia)"
    qtbot.mouseClick(page.buttons["demo_bo"], Qt.LeftButton)
    # Its ten files, each as its kind, and the areas' preview on the map.
    qtbot.waitUntil(lambda: len(window.session.all_inputs()) == 10 and any(
        layer.name.startswith("input:ajam:") for layer in window.session.layers), timeout=60_000)
    qtbot.waitUntil(lambda: not window.controller.loading, timeout=60_000)
    assert window.central.currentWidget() is window.canvas
    # Years are counted to the reference date, the run's day unless the rules say: in 2027 an area
    # whose last declared production was in 2021 falls out of the five years looked back and turns
    # idle. The figures below are docs/bolivia.md's, measured on this date.
    window.session.set_rules(None, {"reference_date": "2026-12-05"})
    gui.run_and_wait(window, timeout=120_000)
    return window


def test_the_bolivian_demo_runs_and_shows_its_layers_in_bolivian_terms(bolivian, qtbot):
    window = bolivian
    session = window.session
    assert session.country == "bo" and session.country_setting == "bo"
    assert len(session.input_specs("ajam")) == 2 and len(session.input_specs("work_sites")) == 2
    # The sample's figures (docs/bolivia.md): 60 areas, 40 work sites, 9 reversion candidates
    # with the production table alone; the demo also gives the La Paz loss rasters, whose
    # holders' loss shows two of them worked (docs/bolivia.md, section 3).
    areas, sites = session.layers.get("areas"), session.layers.get("work_sites")
    candidates = session.layers.get("reversion_candidates")
    assert len(areas.frame) == 60 and len(sites.frame) == 40 and len(candidates.frame) == 7
    assert session.layers.get("restricted_areas") is not None
    assert areas.style_column == "actor_type" and sites.style_column == "conflict_type"
    # Styles and legends in Bolivian words, never Peru's codes nor "no value" for every site.
    assert areas.classes.labels == ("Cooperativa", "Estatal (COMIBOL)", "Privado")
    counts = dict(zip(areas.classes.values, [int((areas.classes.codes == i).sum()) for i in range(3)], strict=True))
    assert counts == {"cooperative": 51, "state": 6, "private": 3}
    site_labels = dict(zip(sites.classes.values, sites.classes.labels, strict=True))
    assert site_labels["own_area"] == "Área propia" and site_labels["state_area"] == "Cooperativa en área estatal"
    assert (sites.classes.codes < len(sites.classes.values)).all()  # every site in a class
    assert "area_state" in areas.style_columns and "legal_state" not in areas.style_columns
    # The table: the areas, headed and worded in Bolivian terms, in Spanish.
    qtbot.waitUntil(lambda: window.table.layer is areas, timeout=10_000)
    model = window.table.model
    headings = [model.headerData(j, Qt.Horizontal) for j in range(model.columnCount())]
    assert headings[:3] == ["Código único", "Nombre del área", "Titular"]
    assert "Cuadrículas declaradas" in headings and "Municipio" in headings
    actor = model.column_names.index("actor_type")
    assert {model.data(model.index(i, actor)) for i in range(model.rowCount())} == {
        "Cooperativa", "Estatal (COMIBOL)", "Privado"}
    # The candidates' table leads with their rank; their reasons in words.
    window.table.show_layer(candidates)
    assert window.table.model.headerData(0, Qt.Horizontal) == "Orden de reversión"
    reason = window.table.model.column_names.index("reversion_reason")
    assert all(window.table.model.data(window.table.model.index(i, reason)) for i in range(7))
    # The dashboard: the summary's counts and the municipalities with m.
    dashboard = window.dashboard
    assert dashboard.value("figures", "areas") == 60 and dashboard.value("figures", "reversion_candidates") == 7
    assert dashboard.value("bo_actor_type", "cooperative") == 51
    assert dashboard.value("bo_relation", "cooperative_on_state_area") == 5
    qtbot.waitUntil(lambda: "m_cooperative_share" in dashboard.district_model.column_names, timeout=10_000)
    assert "Municipio" in [dashboard.district_model.headerData(j, Qt.Horizontal)
                           for j in range(dashboard.district_model.columnCount())]


def test_a_bolivian_project_saves_its_country_and_reopens(bolivian, make_window, gui, qtbot, tmp_path):
    window = bolivian
    window.session.layers.get("areas").set_style("area_state")
    project = tmp_path / "work" / "tipuani.cgis.json"
    project.parent.mkdir()
    window.save_project(str(project))
    stored = json.loads(project.read_text(encoding="utf-8"))
    assert stored["country"] == "bo"
    assert not Path(stored["inputs"]["ajam"][0]).is_absolute()

    reopened = make_window("es", paths=[str(project)])
    qtbot.waitUntil(lambda: reopened.session.results is not None, timeout=60_000)
    gui.wait_idle(reopened)
    assert reopened.session.country_setting == "bo"
    assert reopened.session.layers.get("areas").style_column == "area_state"
    assert len(reopened.session.layers.get("reversion_candidates").frame) == 7
    assert reopened.dashboard.value("figures", "areas") == 60  # the summary travels in the GeoPackage
    assert reopened.inputs_panel.country.currentData() == "bo"


def test_the_inputs_panel_offers_the_kinds_of_the_country(make_window, qtbot):
    window = make_window("es")
    panel = window.inputs_panel
    # Peru, as before: no Bolivian kind.
    assert window.session.country == "pe"
    assert not set(panel_kinds(window)) & set(BOLIVIAN_KINDS)
    assert panel.country.currentData() is None and panel.country.currentText() == "Según los archivos (Perú)"
    # Bolivia chosen: AJAM's cadastre, work sites, cooperatives, contracts; none of Peru's own.
    panel.country.setCurrentIndex(panel.country.findData("bo"))
    assert window.session.country_setting == "bo"
    kinds = panel_kinds(window)
    assert set(BOLIVIAN_KINDS) <= set(kinds) and not set(kinds) & set(PERUVIAN_ONLY)
    assert {"restricted", "activity", "raster", "forest"} <= set(kinds)
    assert window.unsaved.modified
    # Back to the guess: a Bolivian file given makes it Bolivia, and the panel says so.
    panel.country.setCurrentIndex(0)
    window.session.add_input("cooperatives", "/datos/cooperativas.csv")
    assert window.session.country == "bo" and panel.country.currentText() == "Según los archivos (Bolivia)"
    assert "cooperatives" in panel_kinds(window)
    # ▶ without AJAM's areas says what is missing in Bolivian terms.
    window.actions["run"].trigger()
    assert "AJAM" in window.start_page.hint.text()


def test_the_windows_print_jobs_draw_a_bolivian_run(bolivian, tmp_path):
    """What the window's print map, dossier and export run (its jobs, in the worker) on the
    Bolivian demo's results: the map, the first candidate's dossier and the exported map, in
    Bolivian terms."""
    from concession_gis_ui import jobs

    from tests.test_bolivia_maps import text_of

    session = bolivian.session
    first = session.layers.get("reversion_candidates").frame.sort_values("reversion_rank").iloc[0]["code"]
    results, ignore = session.results_path, (lambda *args, **kwargs: None)
    jobs.map_job(results, str(tmp_path / "mapa.pdf"), ignore)
    jobs.dossier_job(results, str(tmp_path / "expediente.pdf"), first, "es", ignore)
    written = jobs.export_job(results, str(tmp_path / "export"), [], True, ignore)
    assert {"conflict_map.pdf", "conflict_map.png"} <= {Path(path).name for path in written}
    for pdf in (tmp_path / "mapa.pdf", tmp_path / "export" / "conflict_map.pdf"):
        text = text_of(pdf)
        assert "Cooperativa" in text and "AJAM" in text and "REINFO" not in text
    assert f"Expediente del caso {first}" in text_of(tmp_path / "expediente.pdf")


def test_the_export_dialog_prints_a_bolivian_area(bolivian, qtbot, tmp_path):
    """The window's export dialog on a Bolivian run: the selected area is the case, the atlas
    chooses among AJAM's columns in Bolivian words, and the case page is drawn."""
    from concession_gis_ui.dialogs.export_dialog import ExportDialog

    from tests.test_bolivia_maps import text_of

    window = bolivian
    areas = window.session.layers.get("areas")
    window.canvas.select_only(areas, [0])
    window.export_dialog()
    dialog = window.active_dialog
    assert isinstance(dialog, ExportDialog) and dialog.tabs.isTabEnabled(1)
    code = str(areas.frame["code"].iloc[0])
    assert dialog.case.isChecked() and dialog.case_code.currentText() == code
    assert dialog.case_code.count() == 60
    columns = [dialog.where_column.itemText(i) for i in range(dialog.where_column.count())]
    assert "Tipo de actor" in columns and "Municipio" in columns
    dialog.map_file.setText(str(tmp_path / "caso.pdf"))
    with qtbot.waitSignal(window.controller.export_done, timeout=60_000):
        dialog._request_map(preview=False)
    assert code in text_of(tmp_path / "caso.pdf")
    dialog.reject()
