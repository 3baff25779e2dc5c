"""Hand-built cases for issue 15's coexistence rules; expected values written by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod, Transformer

from concession_gis.analysis.deposits import deposit_types
from concession_gis.analysis.holders import holder_keys, holder_strata, holder_types
from concession_gis.analysis.nearest import nearest_km, nearest_of_same_key
from concession_gis.geodesy import WGS84, working_crs
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.reasons import decode, render
from concession_gis.rules import load_rules
from tests.builders import claims, registrations_csv

RULES = load_rules(overrides={"reference_date": "2025-01-01"})


def test_no_deposit_column_and_silent_activity_is_unknown():
    activity = pd.Series(["EXPLOTACION", "EXPLOTACION", "EXPLOTACION ALUVIAL"])
    assert deposit_types(activity, pd.Series(["FILONIANO", "", ""]), RULES).tolist() == [
        "hard_rock", "unknown", "alluvial"]
    assert deposit_types(pd.Series(["VETA"]), pd.Series(["AURÍFERO ALUVIAL"]), RULES).tolist() == ["alluvial"]


def test_holder_types_from_ruc_form_and_state_names():
    holder = pd.Series(["JUAN PEREZ", "MINERA X S.A.C.", "ACTIVOS MINEROS S.A.C.", "PEDRO", "ALGO"])
    ruc = pd.Series(["10123456789", "", "20100000001", "", "20555"])
    kinds = holder_types(holder, holder_keys(holder, RULES), ruc, RULES)
    assert kinds.tolist() == ["person", "company", "state", "unknown", "company"]


def test_group_subsidiary_of_900_ha_counts_as_large():
    key = pd.Series(["SUB", "SOLO"])
    strata = holder_strata(key, pd.Series(["", ""]), pd.Series(["titled", "titled"]), pd.Series([900.0, 900.0]),
                           RULES, pd.DataFrame({"holder": ["BIG SA", "SUB"], "stratum": ["large", "artisanal"],
                                                "ruc": ["", ""], "group": ["G", "G"]}))
    assert strata["stratum"].tolist() == ["large", "artisanal"]
    assert strata["stratum_source"].tolist() == ["group", "area"]


def test_nearest_km_against_geod():
    crs = working_crs((-70.1, -13.1, -69.9, -12.9))
    points = shapely.points([-70.0], [-13.0])
    target = shapely.points([-69.98], [-13.01])
    move = Transformer.from_crs(WGS84, crs, always_xy=True)
    src = shapely.transform(points, lambda xy: np.column_stack(move.transform(xy[:, 0], xy[:, 1])))
    tgt = shapely.transform(target, lambda xy: np.column_stack(move.transform(xy[:, 0], xy[:, 1])))
    found, km = nearest_km(src, tgt, crs, 5.0)
    expected = Geod(ellps="WGS84").inv(-70.0, -13.0, -69.98, -13.01)[2] / 1000
    assert found.tolist() == [0] and km[0] == pytest.approx(expected, rel=1e-6)
    assert nearest_km(src, tgt, crs, 1.0)[0].tolist() == [-1]



def test_nearest_of_same_key_only_among_its_own_targets():
    # Five points on the parallel 13°S; A has plants at -70.00 and -69.90, B one at -69.95, C none,
    # '' and a missing key are no holder. Each distance is the geodesic one to the nearest plant
    # of the same key, on the ellipsoid (pyproj.Geod), and 0 on a plant itself.
    crs = working_crs((-70.1, -13.1, -69.8, -12.9))
    lons = [-70.00, -69.97, -69.90, -69.95, -69.99, -69.96, -69.94, -69.93]
    keys = pd.Series(["A", "A", "A", "B", "B", "C", "", None], dtype=object)
    plant = np.array([True, False, True, True, False, False, True, True])
    move = Transformer.from_crs(WGS84, crs, always_xy=True)
    x, y = move.transform(lons, [-13.0] * len(lons))
    km = nearest_of_same_key(shapely.points(x, y), keys, plant, crs)
    geod = Geod(ellps="WGS84")

    def to(a, b):
        return geod.inv(a, -13.0, b, -13.0)[2] / 1000

    expected = [0.0, to(-69.97, -70.00), 0.0, 0.0, to(-69.99, -69.95)]
    assert km[:5] == pytest.approx(expected, abs=1e-6)
    assert np.isnan(km[5:]).all()

# End to end through the pipeline, on files built here. Reference date 2025-06-30. Claims are
# 1-km UTM cells (tests.builders), filed 2000, titled unless said, each with a 2024 production
# record so that its holder works it. A claim of 2 x 11 cells is 2,200 ha (on the ellipsoid a
# little more: the UTM scale is below 1 there), above the 2,000 ha that make a holder
# `large_medium` from area alone, so a miner on it is `third_party_large`.
# Score of a candidate, by hand from rules.toml [coexistence.score]: base 30 + host_recent_production
# 25 + single_host 10 = 65 (no declared code, one registration per claim, no registration date).
E2E_REFERENCE = "2025-06-30"
E2E_SCORE = 30 + 25 + 10


def _e2e(folder, hosts, miners, drop_deposit=False):
    """``hosts``: (code, holder, RUC, cells, ESTADO); ``miners``: (id, x km, y km). Analyzed in English."""
    layer = claims([{"code": c, "holder": h, "cells": cells, "estado": e} for c, h, _, cells, e in hosts])
    layer["RUC_TITULAR"] = [r for _, _, r, _, _ in hosts]
    layer.to_file(folder / "catastro.gpkg")
    path = registrations_csv(folder / "reinfo.csv", [{"id": i, "miner": f"MINERO {i}", "ruc": f"1040000{n:04d}",
                                                      "x": x, "y": y} for n, (i, x, y) in enumerate(miners)])
    if drop_deposit:  # a registry export without its TIPO_YAC column
        pd.read_csv(path, sep=";", dtype=str).drop(columns="TIPO_YAC").to_csv(path, sep=";", index=False)
    (folder / "produccion.csv").write_text(
        "CODIGOU;ANIO\n" + "".join(f"{c};2024\n" for c, *_ , e in hosts if e == "T"), encoding="utf-8")
    results = analyze(Inputs(concessions=[str(folder / "catastro.gpkg")], registrations=[str(path)],
                             activity=str(folder / "produccion.csv"),
                             rule_overrides={"reference_date": E2E_REFERENCE}), lang="en")
    reg = results.registrations.set_index("reg_id")
    return results, reg


def _codes(cell):
    return [r.code for r in decode(cell)]


@pytest.mark.parametrize("drop_deposit", [False, True])
def test_a_candidate_disappears_when_the_deposit_column_is_removed(tmp_path, drop_deposit):
    results, reg = _e2e(tmp_path, [("010000001", "MINERA CONDOR", "20100000001", (0, 0, 2, 11), "T")],
                        [("R1", 1.0, 5.0)], drop_deposit)
    if not drop_deposit:  # TIPO_YAC = FILONIANO: hard rock, a candidate
        assert (reg.loc["R1", "deposit_type"], bool(reg.loc["R1", "coexistence"])) == ("hard_rock", True)
        assert reg.loc["R1", "coexistence_score"] == E2E_SCORE
        assert "coexistence.hard_rock" in _codes(reg.loc["R1", "coexistence_reason_codes"])
        assert "NoDepositColumnWarning" not in results.summary["warnings"]
        return
    # The activity text (EXPLOTACION) names no deposit: unknown, excluded, and the reason says to verify it.
    assert (reg.loc["R1", "deposit_type"], bool(reg.loc["R1", "coexistence"])) == ("unknown", False)
    assert reg.loc["R1", "coexistence_score"] == 0
    assert reg.loc["R1", "relation"] == "third_party_large"
    assert _codes(reg.loc["R1", "coexistence_reason_codes"]) == ["coexistence.fails.deposit_unknown"]
    assert "verify the deposit" in render(reg.loc["R1", "coexistence_reason_codes"], "en")
    assert "verificar el yacimiento" in render(reg.loc["R1", "coexistence_reason_codes"], "es")
    assert results.summary["warnings"]["NoDepositColumnWarning"] == 1  # one file without the column
    assert results.summary["counts"]["deposit_type"]["unknown"] == 1


@pytest.mark.parametrize(("ruc", "holder_type", "candidate"), [("10400009999", "person", False),
                                                                ("20100009999", "company", True)])
def test_a_person_holding_2200_ha_hosts_no_candidate_and_a_company_does(tmp_path, ruc, holder_type, candidate):
    # The same 2,200 ha claim and the same miner; only the holder's RUC changes (10: a natural
    # person, 20: a legal entity). The name carries no legal form, so the RUC alone decides.
    results, reg = _e2e(tmp_path, [("010000001", "JUAN PEREZ QUISPE", ruc, (0, 0, 2, 11), "T")],
                        [("R1", 1.0, 5.0)])
    conc = results.concessions.set_index("code")
    assert conc.loc["010000001", "holder_type"] == holder_type
    assert conc.loc["010000001", "stratum"] == "large_medium"
    assert conc.loc["010000001", "stratum_source"] == "area"
    assert reg.loc["R1", "relation"] == "third_party_large"
    assert bool(reg.loc["R1", "coexistence"]) is candidate
    if candidate:
        assert reg.loc["R1", "coexistence_score"] == E2E_SCORE
    else:
        assert _codes(reg.loc["R1", "coexistence_reason_codes"]) == ["coexistence.fails.holder_person"]
        assert "natural person" in render(reg.loc["R1", "coexistence_reason_codes"], "en")


def test_a_plant_of_the_same_holder_within_plant_km_adds_its_points(tmp_path):
    # Two companies, each a 2,200 ha claim with one miner and a processing plant (ESTADO B) of
    # its own: Condor's 2 km east of its claim (edge to edge, along a row of cells), Dorada's
    # 12 km east, beyond coexistence.plant_km = 10. A third plant, of another holder, lies
    # 1 km from Dorada's claim and must not count for it.
    rules = load_rules()
    assert rules["coexistence"]["plant_km"] == 10.0
    results, reg = _e2e(tmp_path, [
        ("010000001", "MINERA CONDOR", "20100000001", (0, 0, 2, 11), "T"),
        ("010000002", "MINERA CONDOR", "20100000001", (4, 0, 5, 1), "B"),
        ("010000003", "MINERA DORADA", "20100000002", (20, 0, 22, 11), "T"),
        ("010000004", "MINERA DORADA", "20100000002", (34, 0, 35, 1), "B"),
        ("010000005", "MINERA OTRA", "20100000003", (23, 0, 24, 1), "B"),
    ], [("RC", 1.0, 5.0), ("RD", 21.0, 5.0)])
    conc = results.concessions.set_index("code")
    assert conc.loc["010000001", "plant_km"] == pytest.approx(2.0, abs=0.01)
    assert conc.loc["010000003", "plant_km"] == pytest.approx(12.0, abs=0.02)
    assert (bool(reg.loc["RC", "coexistence"]), bool(reg.loc["RD", "coexistence"])) == (True, True)
    assert reg.loc["RC", "coexistence_score"] == E2E_SCORE + rules["coexistence"]["score"]["plant_near"] == 75
    assert reg.loc["RD", "coexistence_score"] == E2E_SCORE
    assert "coexistence.plant_near" in _codes(reg.loc["RC", "coexistence_reason_codes"])
    assert "coexistence.plant_near" not in _codes(reg.loc["RD", "coexistence_reason_codes"])
