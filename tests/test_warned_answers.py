"""Inputs that used to give a wrong answer without a word: each now gives the honest answer
and says why, loudly (issue 14, "wrong answers without a warning")."""

from __future__ import annotations

import json

import pytest

from concession_gis.cli import main
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from tests.builders import bare_extract, registrations_csv

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
    summary = results.summary
    assert summary["counts"]["legal_state"]["unknown"] == 3
    assert summary["counts"]["relation"]["unknown_state"] == 2
    assert summary["warnings"] == {"NoStateColumnWarning": 1}
    (message,) = summary["warning_messages"]
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
