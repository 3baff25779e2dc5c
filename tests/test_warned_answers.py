"""Inputs that used to give a wrong answer without a word: each now gives the honest answer
and says why, loudly (issue 14, "wrong answers without a warning")."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest

from concession_gis.cli import main
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from tests.builders import bare_extract, claims, registrations_csv

# Three claims of two holders in a row of 1-km cells; the extract has no state column.
ROWS = [
    {"code": "010000001", "holder": "MINERA GRANDE SAC", "cells": (0, 0, 2, 2)},
    {"code": "010000002", "holder": "MINERA GRANDE SAC", "cells": (1, 0, 3, 2)},  # overlaps the first
    {"code": "010000003", "holder": "JUAN QUISPE", "cells": (4, 0, 5, 1)},
]
# One miner on the overlap of two claims, one on the third (its holder), one outside every claim.
REGS = [
    {"id": "R1", "x": 1.5, "y": 1.0},
    {"id": "R2", "x": 4.5, "y": 0.5, "miner": "JUAN QUISPE"},
    {"id": "R3", "x": 8.0, "y": 8.0},
]


@pytest.fixture
def bare_inputs(tmp_path):
    bare_extract(ROWS).to_file(tmp_path / "catastro.shp", engine="pyogrio")
    registrations_csv(tmp_path / "reinfo.csv", REGS)
    return Inputs(concessions=[str(tmp_path / "catastro.shp")], registrations=[str(tmp_path / "reinfo.csv")])


def test_cadastre_without_state_column_keeps_hosts_and_says_unknown(bare_inputs):
    results = analyze(bare_inputs, lang="en")  # nothing guessed, and said (in the summary)
    conc, reg = results.concessions, results.registrations
    assert conc["legal_state"].tolist() == ["unknown"] * 3
    assert conc["stratum"].tolist() == ["unknown"] * 3
    assert conc["holder_total_ha"].isna().all()
    assert conc["idle"].isna().all()
    # The hosts are kept: the senior of the two claims (same date, then code) hosts R1.
    assert reg["host_code"].tolist()[:2] == ["010000001", "010000003"] and reg["host_code"].isna().tolist()[2]
    assert reg["n_hosts"].tolist() == [2, 1, 0]
    assert reg["relation"].tolist() == ["unknown_state", "unknown_state", "no_concession"]
    assert reg["conflict_type"].tolist() == ["unknown_state", "unknown_state", "no_concession"]
    # 4 + 4 + 1 km² of claims (UTM cells; the ellipsoidal area is within 0.2% of the grid's).
    assert results.district_summary["unknown_state_ha"].sum() == pytest.approx(900.0, rel=2e-3)
    assert results.district_summary["titled_ha"].sum() == 0.0
    summary = results.summary
    assert summary["counts"]["legal_state"]["unknown"] == 3
    assert summary["counts"]["relation"]["unknown_state"] == 2
    # Such extracts carry no filing date either: that is warned on its own.
    assert summary["warnings"] == {"NoStateColumnWarning": 1, "FilingDateWarning": 1}
    (message,) = [m for m in summary["warning_messages"] if "legal-state" in m]
    assert "catastro.shp has no legal-state column (ESTADO" in message
    assert "--map status_code=COLUMN" in message


def test_cli_warns_naming_the_missing_column_and_the_map_that_fixes_it(bare_inputs, tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["analyze", "--concessions", *bare_inputs.concessions, "--registrations", *bare_inputs.registrations,
                   "--out", str(out), "--no-map", "--quiet", "--lang", "en"])
    assert status == 0
    err = capsys.readouterr().err
    assert "concession-gis: warning: " in err and "has no legal-state column (ESTADO" in err
    assert "--map status_code=COLUMN" in err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["warnings"]["NoStateColumnWarning"] == 1


def test_mapping_the_state_column_gives_known_states(tmp_path):
    frame = bare_extract(ROWS)
    frame["SITUAC"] = ["T", "P", "T"]
    frame.to_file(tmp_path / "catastro.shp", engine="pyogrio")
    results = analyze(Inputs(concessions=[str(tmp_path / "catastro.shp")], column_map=["status_code=SITUAC"]), lang="en")
    assert results.concessions["legal_state"].tolist() == ["titled", "pending", "titled"]
    assert "NoStateColumnWarning" not in results.summary["warnings"]


# --- empty layers ------------------------------------------------------------------------------

STATED = [{**row, "estado": "T"} for row in ROWS]


def _empty_restricted(path):
    """A SERNANP-shaped layer (ANP_NOMB, ANP_CATE) with its columns and no feature."""
    gpd.GeoDataFrame({"ANP_NOMB": pd.Series(dtype=object), "ANP_CATE": pd.Series(dtype=object)},
                     geometry=gpd.GeoSeries([], crs="EPSG:4326")).to_file(path, engine="pyogrio")
    return path


def _empty_reinfo(path):
    """A REINFO export cut to its header row."""
    registrations_csv(path, REGS).write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return path


def test_empty_registrations_and_restricted_areas_warn_and_the_run_goes_on(tmp_path, capsys):
    claims(STATED).to_file(tmp_path / "catastro.shp", engine="pyogrio")
    reinfo, areas = _empty_reinfo(tmp_path / "reinfo.csv"), _empty_restricted(tmp_path / "anp.gpkg")
    out = tmp_path / "out"
    status = main(["analyze", "--concessions", str(tmp_path / "catastro.shp"), "--registrations", str(reinfo),
                   "--restricted", str(areas), "--out", str(out), "--no-map", "--quiet", "--lang", "en"])
    assert status == 0
    err = capsys.readouterr().err
    assert f"warning: {reinfo}: no usable registration (0 row(s) read)" in err
    assert f"warning: {areas}: the layer has no usable restricted area (0 feature(s) read)" in err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["warnings"]["EmptyLayerWarning"] == 2
    assert summary["counts"]["concessions"] == 3 and summary["counts"]["registrations_out"] == 0


def test_registrations_whose_every_row_is_set_aside_warn_too(tmp_path):
    claims(STATED).to_file(tmp_path / "catastro.shp", engine="pyogrio")
    path = registrations_csv(tmp_path / "reinfo.csv", REGS)
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(";")
    lat, lon = header.index("LATITUD_G84"), header.index("LONGITUD_G84")
    rows = [line.split(";") for line in text[1:]]
    for row in rows:  # coordinates lost on the way (an export that kept only the names)
        row[lat] = row[lon] = ""
    path.write_text("\n".join([text[0], *(";".join(r) for r in rows)]) + "\n", encoding="utf-8")
    results = analyze(Inputs(concessions=[str(tmp_path / "catastro.shp")], registrations=[str(path)]), lang="en")
    assert results.summary["warnings"]["EmptyLayerWarning"] == 1
    assert any("no usable registration (3 row(s) read)" in m for m in results.summary["warning_messages"])


def test_empty_cadastre_exits_2_and_validate_never_calls_an_empty_layer_usable(tmp_path, capsys):
    claims(STATED).iloc[:0].to_file(tmp_path / "vacio.shp", engine="pyogrio")
    reinfo, areas = _empty_reinfo(tmp_path / "reinfo.csv"), _empty_restricted(tmp_path / "anp.gpkg")
    assert main(["analyze", "--concessions", str(tmp_path / "vacio.shp"), "--out", str(tmp_path / "o"),
                 "--no-map", "--lang", "en"]) == 2
    assert "no usable concession polygons" in capsys.readouterr().err
    for path, kind, said in [(tmp_path / "vacio.shp", "concessions", "no usable concession polygons"),
                             (reinfo, "registrations", "no usable registration"),
                             (areas, "restricted", "no usable restricted area")]:
        main(["validate", str(path), "--kind", kind, "--lang", "en"])
        out = capsys.readouterr().out
        assert said in out and out.endswith("usable: NO\n"), out


# --- --map naming a missing column -----------------------------------------------------------


def test_map_field_naming_a_missing_column_exits_2_naming_column_file_and_columns(tmp_path, capsys):
    # The user read "ESTADO" as "SITUACION" somewhere: the extract has no such column, and the
    # state column must not silently fall back to nothing (every claim 'unknown').
    bare_extract(ROWS).to_file(tmp_path / "catastro.shp", engine="pyogrio")
    status = main(["analyze", "--concessions", str(tmp_path / "catastro.shp"), "--map", "status_code=SITUACION",
                   "--out", str(tmp_path / "out"), "--no-map", "--lang", "en"])
    assert status == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'catastro.shp'}: --map status_code=SITUACION names no column of this file." in err
    assert "Its columns are: CODIGOU, CONCESION, TIT_CONCES, HECTAGIS." in err
    assert "--map concessions.status_code=COLUMN" in err
    assert "Traceback" not in err and not (tmp_path / "out" / "summary.json").exists()
    main(["validate", str(tmp_path / "catastro.shp"), "--map", "status_code=SITUACION", "--lang", "en"])
    out = capsys.readouterr().out
    assert "--map status_code=SITUACION names no column of this file" in out and out.endswith("usable: NO\n")


def test_map_field_applies_to_every_input_with_that_field(tmp_path, capsys):
    # code=ID_DERECHO is the cadastre's; a production table has its own CODIGOU: the unqualified
    # form names the table too, so it is refused there, and KIND.FIELD aims at the cadastre alone.
    claims(STATED).rename(columns={"CODIGOU": "ID_DERECHO"}).to_file(tmp_path / "catastro.shp", engine="pyogrio")
    pd.DataFrame({"CODIGOU": ["010000001"], "ANIO": [2024]}).to_csv(tmp_path / "produccion.csv", index=False)
    base = ["analyze", "--concessions", str(tmp_path / "catastro.shp"), "--activity", str(tmp_path / "produccion.csv"),
            "--out", str(tmp_path / "out"), "--no-map", "--quiet", "--lang", "en"]
    assert main([*base, "--map", "code=ID_DERECHO"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'produccion.csv'}: --map code=ID_DERECHO names no column of this file" in err
    assert "Its columns are: CODIGOU, ANIO." in err
    assert main([*base, "--map", "concessions.code=ID_DERECHO"]) == 0
