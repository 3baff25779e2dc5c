"""Allowed mining zones (--allowed-zones) and each miner's legal status, on hand-built cases:
every expected value below was decided by hand from the shapes and rows written here
(docs/domain.md, "Allowed zones and legal status").

The end-to-end case: claims (1-km cells, titled, filed 2000) 010000001 of MINERA ALFA SAC on
cells x 0-2, y 0-2 and 010000002 of JUAN PEREZ on x 3-5, y 0-2; the corridor a zone over
x 0-4, y 0-3 km with no department column (so rules.toml's MADRE DE DIOS); a national park over
x 6-8, y 6-8 km.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from concession_gis.analysis.legal_status import in_allowed_zone, legal_statuses
from concession_gis.analysis.relations import conflict_types
from concession_gis.cli import main
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from tests.builders import cell_box, claims, registrations_csv

MDD = ("MADRE DE DIOS", "TAMBOPATA", "INAMBARI")
PUNO = ("PUNO", "SAN ANTONIO DE PUTINA", "ANANEA")

# id: (miner, ESTADO, x km, y km, place)
REGISTRATIONS = {
    "R1": ("ROSA QUISPE", "VIGENTE", 4.5, 0.5, MDD),  # on JUAN PEREZ's claim, east of the corridor
    "R2": ("LUIS MAMANI", "VIGENTE", 0.5, 0.5, MDD),  # on MINERA ALFA's claim, in the corridor
    "R3": ("JUAN PEREZ", "VIGENTE", 3.5, 0.5, MDD),  # on his own claim, in the corridor
    "R4": ("ANA CHOQUE", "EXCLUIDO", 1.5, 1.5, MDD),  # excluded from REINFO, in the corridor
    "R5": ("PEDRO HUANCA", "SUSPENDIDO", 1.5, 0.5, MDD),  # suspended, in the corridor
    "R6": ("CARLOS TTITO", "VIGENTE", 10.5, 10.5, PUNO),  # Puno has no corridor
    "R7": ("MARIO APAZA", "EN EVALUACION", 0.5, 1.5, MDD),  # a status the rules do not know
    "R8": ("JUAN PEREZ", "VIGENTE", 4.5, 1.5, MDD),  # on his own claim, east of the corridor
    "R9": ("SARA COILA", "VIGENTE", 7.0, 7.0, MDD),  # in the national park, outside the corridor
}


def _write_case(folder) -> Inputs:
    claims([
        {"code": "010000001", "holder": "MINERA ALFA SAC", "cells": (0, 0, 2, 2)},
        {"code": "010000002", "holder": "JUAN PEREZ", "cells": (3, 0, 5, 2)},
    ]).to_file(folder / "catastro.gpkg")
    path = registrations_csv(folder / "reinfo.csv", [
        {"id": i, "miner": m, "estado": e, "x": x, "y": y} for i, (m, e, x, y, _) in REGISTRATIONS.items()])
    table = pd.read_csv(path, sep=";", dtype=str)
    places = [place for *_, place in REGISTRATIONS.values()]
    table["DEPARTAMENTO"], table["PROVINCIA"], table["DISTRITO"] = zip(*places, strict=True)
    table.to_csv(path, sep=";", index=False)
    gpd.GeoDataFrame({"ZONA_MINERA": ["Corredor minero"]}, geometry=[cell_box(0, 0, 4, 3)],
                     crs="EPSG:32718").to_file(folder / "corredor.gpkg")
    gpd.GeoDataFrame({"ANP_NOMB": ["Parque X"], "ANP_CATE": ["Parque Nacional"]}, geometry=[cell_box(6, 6, 8, 8)],
                     crs="EPSG:32718").to_file(folder / "anp.gpkg")
    return Inputs(concessions=[str(folder / "catastro.gpkg")], registrations=[str(path)],
                  restricted=[str(folder / "anp.gpkg")], allowed_zones=[str(folder / "corredor.gpkg")],
                  rule_overrides={"reference_date": "2025-06-30"})


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zones")
    return analyze(_write_case(folder), lang="en"), folder


def test_outside_the_corridor_in_madre_de_dios_is_outside_allowed_zone_and_illegal(case):
    reg = case[0].registrations.set_index("reg_id")
    expected = {  # (in_allowed_zone, conflict_type, legal_status)
        "R1": (False, "outside_allowed_zone", "illegal"),
        "R2": (True, "third_party", "informal"),
        "R3": (True, "own_title", "formalizable"),
        "R4": (True, "third_party", "illegal"),  # excluded: illegal wherever it is
        "R5": (True, "third_party", "suspended"),
        "R6": (None, "no_concession", "informal"),  # no zone is the line in Puno: empty
        "R7": (True, "third_party", "unknown"),
        "R8": (False, "outside_allowed_zone", "illegal"),  # outside comes before own title
        "R9": (False, "restricted_area", "illegal"),  # the prohibited area comes first
    }
    found = {i: (None if pd.isna(reg.loc[i, "in_allowed_zone"]) else bool(reg.loc[i, "in_allowed_zone"]),
                 reg.loc[i, "conflict_type"], reg.loc[i, "legal_status"]) for i in expected}
    assert found == expected


def test_legal_status_is_counted_in_the_summary_and_by_district(case):
    results = case[0]
    counts = results.summary["counts"]
    assert counts["legal_status"] == {"illegal": 4, "suspended": 1, "formalizable": 1, "informal": 2, "unknown": 1}
    assert counts["in_allowed_zone"] == {"inside": 5, "outside": 3}
    assert counts["conflict_type"]["outside_allowed_zone"] == 2
    districts = results.district_summary.set_index("district")
    inambari = districts.loc["INAMBARI"]
    assert [int(inambari[f"n_legal_status_{s}"]) for s in ("illegal", "suspended", "formalizable", "informal", "unknown")] \
        == [4, 1, 1, 1, 1]
    assert int(inambari["conflict_outside_allowed_zone"]) == 2
    assert int(districts.loc["ANANEA", "n_legal_status_informal"]) == 1


def test_without_allowed_zones_no_registration_is_outside_one(case, tmp_path):
    inputs = _write_case(tmp_path)
    reg = analyze(Inputs(**{**inputs.__dict__, "allowed_zones": []}), lang="en").registrations.set_index("reg_id")
    assert reg["in_allowed_zone"].isna().all()
    assert reg.loc["R1", "conflict_type"] == "third_party" and reg.loc["R1", "legal_status"] == "informal"
    assert reg.loc["R8", "legal_status"] == "formalizable"


def test_the_command_line_takes_allowed_zones_and_validate_reads_them(case, tmp_path, capsys):
    folder = case[1]
    out = tmp_path / "out"
    assert main(["analyze", "--concessions", str(folder / "catastro.gpkg"), "--registrations", str(folder / "reinfo.csv"),
                 "--allowed-zones", str(folder / "corredor.gpkg"), "--out", str(out), "--no-map", "--quiet",
                 "--lang", "en"]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # Without the park R9 is outside the corridor only; the others as in the case above.
    assert summary["counts"]["legal_status"] == {"illegal": 4, "suspended": 1, "formalizable": 1, "informal": 2,
                                                 "unknown": 1}
    assert "allowed_zones" in {item["kind"] for item in summary["inputs"]}
    assert len(gpd.read_file(out / "results.gpkg", layer="allowed_zones")) == 1
    styled = gpd.read_file(out / "results.gpkg", layer="layer_styles")["f_table_name"].tolist()
    assert "allowed_zones" in styled
    written = gpd.read_file(out / "results.gpkg", layer="registrations").set_index("reg_id")
    assert written.loc["R9", "conflict_type"] == "outside_allowed_zone" and written.loc["R9", "legal_status"] == "illegal"
    capsys.readouterr()
    assert main(["validate", str(folder / "corredor.gpkg"), "--lang", "en"]) == 0
    assert "Corredor minero" in capsys.readouterr().out


# --- the steps, on shapes in metres ------------------------------------------------------------

ZONE = np.array([shapely.box(0, 0, 10, 10)])


def test_in_allowed_zone_inside_outside_and_elsewhere_empty():
    points = np.array([shapely.Point(5, 5), shapely.Point(15, 5), shapely.Point(15, 5), shapely.Point(15, 5),
                       shapely.Point(5, 5)])
    department = pd.Series(["MADRE DE DIOS", "MADRE DE DIOS", "PUNO", "", "PUNO"])
    flags = in_allowed_zone(points, np.zeros(5, bool), np.empty(0, object), ZONE, pd.Series(["Corredor"]), department,
                            ["MADRE DE DIOS"])
    assert flags.tolist() == [True, False, pd.NA, pd.NA, True]


def test_in_allowed_zone_of_a_registration_placed_on_its_declared_claim():
    # Whole claim inside: inside; partly inside: not known; none of it: outside (in Madre de Dios only).
    claims_w = np.array([shapely.box(1, 1, 2, 2), shapely.box(8, 8, 12, 12), shapely.box(20, 20, 21, 21),
                         shapely.box(20, 20, 21, 21)])
    points = shapely.point_on_surface(claims_w)
    department = pd.Series(["MADRE DE DIOS", "MADRE DE DIOS", "MADRE DE DIOS", "PUNO"])
    flags = in_allowed_zone(points, np.ones(4, bool), claims_w, ZONE, pd.Series(["Corredor"]), department,
                            ["MADRE DE DIOS"])
    assert flags.tolist() == [True, pd.NA, False, pd.NA]


def test_outside_allowed_zone_comes_right_after_restricted_area():
    in_restricted = pd.Series([True, False, False, False], dtype="boolean")
    relation = pd.Series(["third_party_small", "own_title", "contract", "own_title"])
    zone = pd.Series([False, False, False, pd.NA], dtype="boolean")
    found = conflict_types(in_restricted, relation, pd.Series([False] * 4), pd.Series([pd.NA] * 4, dtype="boolean"),
                           zone)
    assert found.tolist() == ["restricted_area", "outside_allowed_zone", "outside_allowed_zone", "own_title"]


@pytest.mark.parametrize(("status", "conflict", "expected"), [
    ("excluded", "own_title", "illegal"),  # excluded since the registry purge: illegal anywhere
    ("excluded", "no_concession", "illegal"),
    ("active", "restricted_area", "illegal"),  # all mining in prohibited zones is illegal
    ("suspended", "restricted_area", "illegal"),
    ("active", "outside_allowed_zone", "illegal"),
    ("suspended", "third_party", "suspended"),
    ("suspended", "own_title", "suspended"),
    ("active", "own_title", "formalizable"),
    ("active", "contract", "formalizable"),
    ("active", "third_party", "informal"),
    ("active", "coexistence_candidate", "informal"),
    ("active", "no_concession", "informal"),
    ("active", "blocked", "informal"),
    ("unknown", "third_party", "unknown"),
    ("unknown", "outside_allowed_zone", "illegal"),
])
def test_legal_status_of_each_status_and_conflict(status, conflict, expected):
    assert legal_statuses(pd.Series([status]), pd.Series([conflict])).tolist() == [expected]


# --- the zones as a results layer, on the map, in QGIS and in the window ------------------------


def test_the_zones_are_a_results_layer_with_their_ellipsoidal_hectares(case):
    from pyproj import Geod

    zones = case[0].allowed_zones
    assert zones["allowed_zone_name"].tolist() == ["Corredor minero"]
    # No department column: the zone is the line of rules.toml's departments.
    assert zones["department"].tolist() == ["MADRE DE DIOS"]
    ring = gpd.GeoSeries([cell_box(0, 0, 4, 3)], crs="EPSG:32718").segmentize(10).to_crs(4326).iloc[0]
    expected = abs(Geod(ellps="WGS84").geometry_area_perimeter(ring)[0]) / 10_000
    assert abs(zones["area_ha"].iloc[0] - expected) / expected < 1e-4
    assert abs(expected - 1200) < 3  # 4 km by 3 km, near the UTM grid's own scale


def test_no_zones_no_layer(case):
    inputs = _write_case(case[1])
    assert analyze(Inputs(**{**inputs.__dict__, "allowed_zones": []}), lang="en").allowed_zones is None


def test_the_map_legend_and_the_qgis_style_show_the_zones(case):
    import matplotlib

    matplotlib.use("Agg")
    from collections import Counter

    import matplotlib.pyplot as plt

    from concession_gis.export.legend import legend_entries
    from concession_gis.export.map_layers import draw_allowed_zones
    from concession_gis.export.styles import symbology

    fig, ax = plt.subplots()
    drawn = draw_allowed_zones(ax, case[0].allowed_zones)
    plt.close(fig)
    assert drawn == 1
    entries = [e for e in legend_entries("es", Counter(), Counter(), 0, 0, None, allowed=drawn) if e.layer == "allowed"]
    assert [(e.label, e.count) for e in entries] == [("Zona minera permitida (corredor minero)", 1)]
    style = symbology("allowed_zones", "es")
    assert style is not None and style.label_field == "allowed_zone_name"


def test_the_window_draws_the_zones_as_a_layer(case, tmp_path):
    from concession_gis_ui.layers import RESULT_LAYERS
    from concession_gis_ui.loading import load_results_for_display, write_display

    assert [name for name, *_ in RESULT_LAYERS].index("allowed_zones") == 1  # over the protected areas
    loaded = load_results_for_display(write_display(case[0], tmp_path / "with"))
    assert len(loaded.frames["allowed_zones"]) == 1
    inputs = _write_case(case[1])
    without = analyze(Inputs(**{**inputs.__dict__, "allowed_zones": []}), lang="en")
    assert "allowed_zones" not in load_results_for_display(write_display(without, tmp_path / "without")).frames
