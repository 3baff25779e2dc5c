"""The loader's problems become dialogs that fix them: a file with no CRS, unknown columns;
and the rules dialog shows the defaults with their explanations and saves TOML."""

from __future__ import annotations

import shutil
import tomllib

import pyogrio
import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def cadastre():
    from concession_gis.sample.bundled import bundled_inputs

    return bundled_inputs().concessions[0]


def test_a_file_without_crs_asks_for_one_and_loads(make_window, qtbot, tmp_path, cadastre):
    from concession_gis_ui.dialogs.crs_dialog import CrsDialog

    source = tmp_path / "sin_prj"
    source.mkdir()
    stem = "CatastroMinero_WGS84_19S"
    for suffix in (".shp", ".shx", ".dbf"):  # no .prj: the CRS is missing
        shutil.copy(cadastre.replace(".shp", suffix), source / f"{stem}{suffix}")
    path = str(source / f"{stem}.shp")
    window = make_window("en")
    window.open_paths([path])
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CrsDialog), timeout=30_000)
    dialog = window.active_dialog
    assert "coordinate reference system" in dialog.problem.text()
    # The zone in the file name and the UTM-sized coordinates suggest WGS 84 / UTM 19S.
    assert dialog.chosen() == "32719"
    dialog.other.setText("not a code")
    assert not dialog.buttons.button(dialog.buttons.Ok).isEnabled()
    dialog.other.clear()
    dialog.choose("32719")
    dialog.accept()
    qtbot.waitUntil(lambda: window.session.layers.get(f"input:concessions:{path}") is not None, timeout=30_000)
    assert window.session.inputs.crs == "32719"
    layer = window.session.layers.get(f"input:concessions:{path}")
    minx, miny, maxx, maxy = layer.prepared.total_bounds()
    assert -71 < minx < maxx < -69 and -14 < miny < maxy < -12  # now in degrees, in Madre de Dios
    assert not window.messages.texts("error")


def test_the_problem_is_told_in_the_window_language(make_window, qtbot, tmp_path, cadastre):
    """A Spanish window shows the core's message in Spanish; a file that is not there too."""
    from concession_gis_ui.dialogs.crs_dialog import CrsDialog

    stem = "CatastroMinero_WGS84_19S"
    for suffix in (".shp", ".shx", ".dbf"):
        shutil.copy(cadastre.replace(".shp", suffix), tmp_path / f"{stem}{suffix}")
    window = make_window("es")
    window.open_paths([str(tmp_path / f"{stem}.shp")])
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CrsDialog), timeout=30_000)
    assert "no tiene sistema de coordenadas" in window.active_dialog.problem.text()
    window.active_dialog.reject()
    window.controller.add_input("concessions", str(tmp_path / "no_existe.shp"))
    qtbot.waitUntil(lambda: bool(window.messages.texts("error")), timeout=30_000)
    assert "no se encontró el archivo de concesiones" in window.messages.texts("error")[-1]


def test_unknown_columns_are_mapped_in_a_dialog(make_window, qtbot, tmp_path, cadastre):
    from concession_gis_ui.dialogs.columns_dialog import ColumnMapDialog

    frame = pyogrio.read_dataframe(cadastre)
    frame = frame.rename(columns={"CODIGOU": "IDENT_DM", "TIT_CONCES": "PROPIETARIO"})
    path = str(tmp_path / "catastro_renombrado.gpkg")
    pyogrio.write_dataframe(frame, path, driver="GPKG")
    window = make_window("en")
    window.controller.add_input("concessions", path)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, ColumnMapDialog), timeout=30_000)
    dialog = window.active_dialog
    assert "code" in dialog.boxes and dialog.boxes["code"].currentData() is None
    assert not dialog.buttons.button(dialog.buttons.Ok).isEnabled()  # code is required
    assert dialog.boxes["name"].currentData() == "CONCESION"  # found by itself
    dialog.set_column("code", "IDENT_DM")
    dialog.set_column("holder", "PROPIETARIO")
    assert dialog.items() == ["concessions.code=IDENT_DM", "concessions.holder=PROPIETARIO"]
    dialog.accept()
    qtbot.waitUntil(lambda: window.session.layers.get(f"input:concessions:{path}") is not None, timeout=30_000)
    assert window.session.inputs.column_map == ["concessions.code=IDENT_DM", "concessions.holder=PROPIETARIO"]
    layer = window.session.layers.get(f"input:concessions:{path}")
    assert list(layer.frame["code"]) == list(frame["IDENT_DM"])
    assert list(layer.frame["holder"]) == list(frame["PROPIETARIO"])


def test_rules_dialog_edits_explains_and_saves_toml(qtbot, tmp_path, gui_env, monkeypatch):
    from concession_gis_ui.dialogs.rules_dialog import RulesDialog
    from concession_gis_ui.i18n import LANGUAGE

    monkeypatch.setattr(LANGUAGE, "code", "en")  # whatever language the tests before it left

    from concession_gis.rules import load_rules

    dialog = RulesDialog({"idle": {"min_years": 8}})
    qtbot.addWidget(dialog)
    item = dialog._items["idle.min_years"]
    assert item.text(1) == "8" and item.text(2) == "10" and item.font(0).bold()
    assert "idle (speculative)" in item.toolTip(1)
    # Named in words, the key a rules file writes beside it; a table's note once, on the table.
    assert (item.text(0), item.text(4)) == ("Years since title, at least", "idle.min_years")
    titled, table = dialog._items["legal_state.titled"], dialog._items["legal_state.titled"].parent()
    assert (table.text(0), table.text(4)) == ("Claim's legal state", "legal_state")
    assert table.text(3).startswith("INGEMMET ESTADO codes") and titled.text(3) == ""
    assert titled.toolTip(3).startswith("INGEMMET ESTADO codes")  # the note it falls under, on hover
    dialog._show_note(item)
    assert "<b>Years since title, at least</b> (key idle.min_years in a rules file)" in dialog.note.text()
    dialog._items["strata.large_medium_above_ha"].setText(1, "2500")
    dialog._items["legal_state.extinct"].setText(1, "F, L, X, Y, Z")
    expected = {"idle": {"min_years": 8}, "strata": {"large_medium_above_ha": 2500.0},
                "legal_state": {"extinct": ["F", "L", "X", "Y", "Z"]}}
    assert dialog.overrides() == expected
    target = tmp_path / "reglas.toml"
    assert dialog.save_toml(str(target))
    assert tomllib.loads(target.read_text(encoding="utf-8")) == expected
    assert load_rules(target)["strata"]["large_medium_above_ha"] == 2500.0  # the core accepts it
    dialog.set_values(dialog.defaults)
    assert dialog.overrides() == {}
    assert dialog.load_toml(str(target))
    assert dialog.overrides() == expected


def test_a_file_that_is_no_raster_is_the_users_to_fix_not_an_internal_error(make_window, qtbot, tmp_path):
    """500 random bytes named .tif were reported "Error interno: '…falso.tif' not recognized as
    being in a supported file format.." with a log to send in."""
    window = make_window("es")
    path = tmp_path / "falso.tif"
    path.write_bytes(bytes(range(250)) * 2)
    window.open_paths([str(path)])
    qtbot.waitUntil(lambda: bool(window.messages.texts("error")), timeout=30_000)
    said = window.messages.texts("error")[-1]
    assert "falso.tif: no es un ráster que se pueda leer (formato no reconocido)" in said, said
    assert "interno" not in said and "not recognized" not in said


def test_the_crs_dialog_offers_the_zone_the_zona_column_says(make_window, qtbot, tmp_path, cadastre):
    from concession_gis_ui.dialogs.crs_dialog import CrsDialog

    for suffix in (".shp", ".shx", ".dbf"):  # renamed, without its .prj: only ZONA says 19
        shutil.copy(cadastre.replace(".shp", suffix), tmp_path / f"catastro_sin_prj{suffix}")
    window = make_window("es")
    window.open_paths([str(tmp_path / "catastro_sin_prj.shp")])
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CrsDialog), timeout=30_000)
    assert window.active_dialog.chosen() == "32719"
    window.active_dialog.reject()


def test_the_atlas_conditions_are_written_in_words_the_atlas_reads_back(make_window):
    """"Añadir condición" wrote `legal_state=extinct; idle=False` into the field."""
    from concession_gis_ui.dialogs.export_dialog import ExportDialog

    from concession_gis.export.atlas import in_codes, parse_where
    from concession_gis.pipeline import analyze
    from concession_gis.sample.bundled import bundled_inputs

    results = analyze(bundled_inputs(), lang="es")
    window = make_window("es")
    dialog = ExportDialog(["010000198"], None, (0, 0, 1, 1), window, claims=results.concessions)
    for column, value in (("legal_state", "extinct"), ("idle", "False")):
        dialog.where_column.setCurrentIndex(dialog.where_column.findData(column))
        dialog.where_value.setCurrentIndex(dialog.where_value.findData(value))
        dialog._add_condition()
    assert dialog.where.text() == "Estado de la concesión=Extinguida; Ociosa=no"
    where = [part.strip() for part in dialog.where.text().split(";")]
    resolved = in_codes(results, parse_where(where))
    assert [(c.column, c.values) for c in resolved] == [("legal_state", ("extinct",)), ("idle", ("no",))]
    dialog.reject()


def test_a_registrations_file_needs_one_way_to_place_its_rows_before_accept(qtbot, gui_env):
    """The dialog said fields marked * were required and marked none; Accept with nothing
    chosen brought the same dialog back without a word."""
    from concession_gis_ui.app import create_app
    from concession_gis_ui.dialogs.columns_dialog import ColumnMapDialog
    from PyQt5.QtWidgets import QLabel

    create_app()
    dialog = ColumnMapDialog("padron.csv", "registrations", ["COD", "Y_LAT", "X_LON", "DERECHO"], [])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.Ok)
    assert not ok.isEnabled()
    starred = [label.text() for label in dialog.findChildren(QLabel) if label.text().endswith(" *")]
    assert len(starred) == 5  # latitude, longitude, easting, northing, the declared claim
    dialog.set_column("latitude", "Y_LAT")
    assert not ok.isEnabled()
    dialog.set_column("longitude", "X_LON")
    assert ok.isEnabled()
    dialog.set_column("longitude", None)
    dialog.set_column("declared_code", "DERECHO")
    assert ok.isEnabled()
