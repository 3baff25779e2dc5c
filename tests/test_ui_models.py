"""The GUI's models without a window: viewport arithmetic, prepared vectors, styles, rules
explanations, project files and autosave, and the boundary between the core and Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from concession_gis_ui.canvas.viewport import Viewport
from concession_gis_ui.prepared import prepare
from concession_gis_ui.project import Autosave, Project, load_project, save_project
from concession_gis_ui.rules_doc import explanations, flatten, nest, overrides
from concession_gis_ui.styles import classify, loss_codes, loss_lut, loss_year_color

from concession_gis.rules import default_rules

ROOT = Path(__file__).resolve().parents[1]


# --- boundary (the core side is tests/test_architecture.py) ---------------------------------------------------------------------------------


def test_the_gui_models_work_without_qt():
    modules = ["concession_gis_ui.events", "concession_gis_ui.i18n", "concession_gis_ui.styles", "concession_gis_ui.layers",
               "concession_gis_ui.session", "concession_gis_ui.project", "concession_gis_ui.rules_doc",
               "concession_gis_ui.jobs", "concession_gis_ui.jobserver", "concession_gis_ui.loading",
               "concession_gis_ui.canvas.viewport", "concession_gis_ui.prepared", "concession_gis_ui.table_data",
               "concession_gis_ui.frames", "concession_gis_ui.graveyard",
               "concession_gis_ui.canvas.raster"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print(sorted(m for m in sys.modules if 'Qt' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- viewport ---------------------------------------------------------------------------------


def test_zoom_keeps_the_point_under_the_cursor():
    view = Viewport(cx=-70.0, cy=-13.0, scale=0.01, width=800, height=600, aspect=0.97)
    before = view.to_world(200, 150)
    after = view.zoomed(2.0, (200, 150)).to_world(200, 150)
    assert after == pytest.approx(before)
    assert view.zoomed(2.0).scale == pytest.approx(0.005)


def test_fitted_view_contains_the_bounds_and_pixels_round_trip():
    view = Viewport(width=400, height=300, aspect=0.97).fitted((-71.0, -14.0, -69.0, -12.5))
    minx, miny, maxx, maxy = view.extent()
    assert minx <= -71.0 and maxx >= -69.0 and miny <= -14.0 and maxy >= -12.5
    px, py = view.to_pixels(-70.2, -13.1)
    assert view.to_world(float(px), float(py)) == pytest.approx((-70.2, -13.1))
    kx, ky, ox, oy = view.mapping_from(view)
    assert (kx, ky, ox, oy) == pytest.approx((1, 1, 0, 0))


# --- prepared vectors -------------------------------------------------------------------------


def test_prepared_polygons_identify_holes_and_multipolygons():
    ring = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 3), (3, 3), (3, 1)]])
    multi = shapely.MultiPolygon([shapely.box(10, 0, 11, 1), shapely.box(12, 0, 13, 1)])
    prepared = prepare(np.array([ring, multi, None], dtype=object), "polygon")
    assert prepared.features_at(0.5, 0.5, 0.0).tolist() == [0]
    assert prepared.features_at(2.0, 2.0, 0.0).tolist() == []  # in the hole
    assert prepared.features_at(12.5, 0.5, 0.0).tolist() == [1]
    assert prepared.in_box((9, -1, 14, 2)).tolist() == [False, True, False]
    assert set(prepared.vertex_feature.tolist()) == {0, 1}
    assert prepared.ring_start.sum() == 4  # exterior, hole, two parts
    # Exteriors counter-clockwise, holes clockwise: the winding fill leaves holes empty.
    first_ring = prepared.xy[: np.flatnonzero(prepared.ring_start)[1]]
    assert shapely.LinearRing(first_ring).is_ccw


def test_prepared_points_pick_the_nearest_within_tolerance():
    prepared = prepare(shapely.points([(0, 0), (0.001, 0), (1, 1)]), "point")
    assert prepared.features_at(0.0009, 0, 0.01).tolist() == [1, 0]
    assert prepared.features_at(0.5, 0.5, 0.01).tolist() == []


# --- styles -----------------------------------------------------------------------------------


def test_classes_by_legal_state_put_unknown_values_last():
    frame = pd.DataFrame({"legal_state": ["titled", "extinct", None, "nonsense"]})
    classes = classify(frame, "legal_state", "polygon", "concessions", "en")
    assert classes.codes.tolist() == [0, 2, 5, 5]
    assert classes.values == ("titled", "pending", "extinct", "other", "unknown")
    assert len(classes.colors) == 6


def test_loss_year_ramp_and_lut():
    assert loss_year_color(2001) == (0xfc, 0xc5, 0xd9, 255)
    assert loss_year_color(2025) == (0x54, 0x08, 0x6b, 255)
    lut = loss_lut()
    codes = loss_codes(np.array([0, -1, 2001, 2025]))
    assert lut[codes][:, 3].tolist() == [0, 255, 255, 255]
    assert tuple(lut[codes[1]]) == (0xc5, 0x1b, 0x7d, 255)  # undated loss
    assert tuple(lut[codes[3]]) == loss_year_color(2025)


# --- rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_rule_is_explained_in_both_languages(lang):
    notes = explanations(lang)
    assert sorted(set(flatten(default_rules())) - set(notes)) == []
    assert notes["legal_state.titled"] == notes["legal_state"]  # a key without its own note takes its table's
    english = explanations("en")
    assert english["idle.min_years"].startswith("A titled claim is idle")
    assert english["coexistence.score.host_recent_production"] == "the holder declared production in the lookback window"
    assert "radius" in english["registrations.loss_buffer_m"]
    assert explanations("es")["registrations.loss_buffer_m"].startswith("La pérdida de bosque")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_rule_and_table_is_named_in_both_languages(lang):
    """The rules dialog named each rule by its TOML key ("min_years", "titled")."""
    from concession_gis_ui.rules_doc import labels, rule_names

    names = rule_names()
    assert "coexistence.score" in names and names.index("coexistence") < names.index("coexistence.score.base")
    named = labels(names, lang)
    assert [name for name in names if named[name] == name.rpartition(".")[2]] == []
    assert labels(["idle.min_years", "strata"], "es") == {"idle.min_years": "Años desde el título, como mínimo",
                                                          "strata": "Estrato del titular"}
    own = explanations(lang, inherit=False)
    assert "legal_state.titled" not in own and "legal_state" in own


def test_overrides_are_only_the_changed_keys():
    defaults = {"a": 1, "t": {"b": [1], "c": "x"}}
    edited = {"a": 1, "t": {"b": [1, 2], "c": "x"}}
    assert overrides(defaults, edited) == {"t": {"b": [1, 2]}}
    assert nest(flatten(edited)) == edited


# --- projects and autosave --------------------------------------------------------------------


def test_project_paths_are_relative_to_the_project_file(tmp_path):
    from concession_gis.model import Inputs

    data = tmp_path / "datos"
    data.mkdir()
    for name in ("cat.shp", "reinfo.xlsx", "loss.tif", "anp.gpkg"):
        (data / name).write_bytes(b"x")
    inputs = Inputs(concessions=[str(data / "cat.shp")], registrations=[str(data / "reinfo.xlsx") + ":Hoja1"],
                    loss_rasters=[str(data / "loss.tif") + ":year"], restricted=[str(data / "anp.gpkg")],
                    column_map=["concessions.code=IDENT"], crs="32719", rule_overrides={"idle": {"min_years": 8}})
    project = Project(inputs=inputs, language="es", layers={"concessions": {"visible": True, "opacity": 0.5,
                      "style": "stratum", "order": 1}}, view=[-71, -14, -69, -12], view_aspect=0.97)
    path = tmp_path / "proyectos" / "caso.cgis.json"
    path.parent.mkdir()
    save_project(project, path)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["inputs"]["concessions"] == ["../datos/cat.shp"]
    assert stored["inputs"]["registrations"] == ["../datos/reinfo.xlsx:Hoja1"]
    assert stored["inputs"]["loss_rasters"] == ["../datos/loss.tif:year"]
    # Moved together to another place, it still finds its data.
    moved = tmp_path / "otra_pc"
    (tmp_path / "datos").rename(tmp_path / "tmp_datos")
    moved.mkdir()
    (tmp_path / "tmp_datos").rename(moved / "datos")
    (moved / "proyectos").mkdir()
    path.rename(moved / "proyectos" / "caso.cgis.json")
    loaded = load_project(moved / "proyectos" / "caso.cgis.json")
    assert loaded.inputs.concessions == [str(moved / "datos" / "cat.shp")]
    assert loaded.inputs.registrations == [str(moved / "datos" / "reinfo.xlsx") + ":Hoja1"]
    assert loaded.inputs.loss_rasters == [str(moved / "datos" / "loss.tif") + ":year"]
    assert loaded.inputs.rule_overrides == {"idle": {"min_years": 8}}
    assert (loaded.language, loaded.view, loaded.view_aspect, loaded.layers) == ("es", [-71, -14, -69, -12], 0.97, project.layers)


def test_a_file_that_is_not_a_project_is_refused(tmp_path):
    from concession_gis.errors import InputError

    path = tmp_path / "x.cgis.json"
    path.write_text('{"something": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="not a concession-gis project"):
        load_project(path)


def test_autosave_writes_the_newest_project_and_nothing_after_a_clean_exit(tmp_path):
    # The window writes on a thread: a project taken earlier never overwrites a later one, and a
    # write that arrives after the clean exit's discard leaves no file to be offered as a crash.
    autosave = Autosave(tmp_path)
    assert autosave.save(Project(language="en"), taken=2.0) == autosave.file
    assert autosave.save(Project(language="es"), taken=1.0) is None
    assert json.loads(autosave.file.read_text(encoding="utf-8"))["language"] == "en"
    autosave.discard()
    assert autosave.save(Project(language="es"), taken=3.0) is None
    assert not autosave.file.exists() and not autosave.work_dir.exists()


def test_autosaves_of_dead_sessions_are_orphans(tmp_path):
    from tests.gui_helpers import dead_pid

    crashed = Autosave(tmp_path)
    crashed.save(Project(language="en"))
    document = json.loads(crashed.file.read_text(encoding="utf-8"))
    document["pid"] = dead_pid()
    crashed.file.write_text(json.dumps(document), encoding="utf-8")
    alive = Autosave(tmp_path)
    alive.save(Project())
    current = Autosave(tmp_path)
    assert current.orphans() == [crashed.file]  # the live session's file is not offered
    current.forget(crashed.file)
    assert not crashed.file.exists() and not crashed.work_dir.exists()
    ended = tmp_path / "sessions" / f"20000101-000000-{dead_pid()}-abcdef"
    ended.mkdir()
    assert current.sweep() == 1 and not ended.exists()  # no autosave, process gone: swept
    assert alive.work_dir.exists() and current.work_dir.exists()
    current.discard()
    assert not current.work_dir.exists()


# --- frame folders (worker → GUI) -------------------------------------------------------------


def test_frames_round_trip_with_missing_values_of_every_kind(tmp_path):
    import geopandas as gpd
    from concession_gis_ui.frames import read_frame, write_frame

    frame = gpd.GeoDataFrame({
        "code": pd.Series(["010000198", None, "Ñaupa"], dtype="str"),
        "mixed": pd.Series(["a", 1, None], dtype=object),
        "n": pd.array([1, None, 3], dtype="Int64"),
        "idle": pd.array([True, None, False], dtype="boolean"),
        "area_ha": [1.5, np.nan, 3.0],
        "count": np.array([1, 2, 3], dtype=np.int64),
        "filed_on": pd.to_datetime(["2001-02-03", None, "1999-12-31"]),
    }, geometry=[shapely.box(0, 0, 1, 1), None, shapely.Point(1, 2)], crs=4326)
    back = read_frame(write_frame(frame, tmp_path / "f"))
    assert isinstance(back, gpd.GeoDataFrame) and back.crs == frame.crs
    assert list(back.columns) == list(frame.columns)
    expected = pd.DataFrame(frame.drop(columns="geometry"))
    expected["mixed"] = pd.Series(["a", "1", None], dtype=object)  # text columns come back as text
    pd.testing.assert_frame_equal(pd.DataFrame(back.drop(columns="geometry")), expected)
    assert back.geometry.iloc[1] is None
    assert back.geometry.iloc[[0, 2]].geom_equals_exact(frame.geometry.iloc[[0, 2]], 0).all()


def test_frames_keep_plain_tables(tmp_path):
    from concession_gis_ui.frames import read_frame, write_frame

    table = pd.DataFrame({"district": ["INAMBARI", "AYAPATA"], "m_informal_share": [0.77, np.nan]})
    back = read_frame(write_frame(table, tmp_path / "t"))
    assert type(back) is pd.DataFrame
    pd.testing.assert_frame_equal(back, table)


def test_frame_texts_take_the_room_of_their_characters_not_of_the_longest(tmp_path):
    """One front listing 3,498 characters of holders beside 1,999 short ones: a fixed width would
    pad every value to the longest (2,000 × 3,498 × 4 bytes = 28 MB); UTF-8 stores what is there."""
    from concession_gis_ui.frames import read_frame, write_frame

    holders = ["MINERA ÑAUPA S.A.C."] * 1999 + ["; ".join(f"TITULAR {i:04d}" for i in range(250))]
    table = pd.DataFrame({"claim_holders": pd.Series(holders, dtype=object)})
    folder = write_frame(table, tmp_path / "fronts")
    assert sum(path.stat().st_size for path in folder.iterdir()) < 100_000
    assert len(holders[-1]) == 3_498
    pd.testing.assert_frame_equal(read_frame(folder), table)


def test_geometries_are_read_in_chunks_of_about_a_megabyte_as_well_as_a_thousand(tmp_path, monkeypatch):
    """A chunk is converted in one call that holds the GIL: a thousand fronts' outlines of a
    Hansen tile are megabytes, so a chunk also ends after CHUNK_BYTES of WKB."""
    import geopandas as gpd
    from concession_gis_ui import frames

    big = shapely.Point(0, 0).buffer(1, quad_segs=5_000)  # 20,001 vertices: 320 kB of WKB
    shapes = [big] * 8 + [shapely.Point(i, i) for i in range(2_500)]
    frame = gpd.GeoDataFrame({"n": np.arange(len(shapes))}, geometry=shapes, crs=4326)
    folder = frames.write_frame(frame, tmp_path / "f")
    chunks: list[int] = []
    plain = frames._from_wkb
    monkeypatch.setattr(frames, "_from_wkb", lambda chunk: chunks.append(len(chunk)) or plain(chunk))
    back = frames.read_frame(folder)
    # 8 outlines of 320 kB: a chunk after each ~1 MB (3 or 4 outlines), then the points by 1,000.
    assert sum(chunks) == len(shapes) and max(chunks) <= 1_000 and chunks[0] <= 4
    assert len(chunks) >= 5
    assert back.geometry.geom_equals_exact(frame.geometry, 0).all()


def test_frames_of_the_first_format_are_still_read(tmp_path):
    """A recovered session may hold display folders written with fixed-width texts and masks."""
    from concession_gis_ui.frames import read_frame

    folder = tmp_path / "old"
    folder.mkdir()
    np.save(folder / "c0.npy", np.array(["Ñaupa", "", "Ccama"]))
    np.save(folder / "c0.mask.npy", np.array([False, True, False]))
    columns = [{"name": "miner", "file": "c0", "dtype": "object", "kind": "text"}]
    (folder / "frame.json").write_text(json.dumps({"format": "concession-gis-frame", "rows": 3, "columns": columns,
                                                   "geometry": None, "crs": None}), encoding="utf-8")
    assert read_frame(folder)["miner"].tolist() == ["Ñaupa", None, "Ccama"]
