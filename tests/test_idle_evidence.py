"""Idle evidence that separates the holder from the miners, and forest that could show loss.

Every expected verdict and figure is written by hand: the evidence cases from hectares chosen
here, the rasters' from pixel sets whose true (geodesic) areas come from tests.raster_fixtures,
never from the code under test.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from concession_gis.analysis.idle import (
    idle_claims,
    loss_evidence,
    penalty_evidence,
    production_evidence,
    spoken,
)
from concession_gis.reasons import decode
from concession_gis.rules import load_rules
from tests.raster_fixtures import corner, hansen_transform, lonlat_pixel_m2, write_raster

RULES = load_rules()
NA = pd.NA
REFERENCE = dt.date(2025, 6, 30)


def codes(cell):
    return [(r.code, dict(r.values)) for r in decode(cell)]


def _loss(holder, miners, forest_share=None, rules=RULES, area=100.0):
    """The loss source for claims of ``area`` ha, on the raster whole, with the given hectares."""
    n = len(holder)
    share = None if forest_share is None else pd.Series(forest_share, dtype=float)
    return loss_evidence(pd.Series([area] * n), pd.Series(holder, dtype=float), pd.Series(miners, dtype=float),
                         pd.Series([1.0] * n), share, rules)


def _no_production(n):
    return production_evidence(pd.Series([f"C{i}" for i in range(n)], dtype=object),
                               pd.DataFrame({"code": ["OTHER"], "year": [2024]}), REFERENCE, RULES)[0]


def _idle(evidence, n, rules=RULES):
    idle, cells = idle_claims(pd.Series(["titled"] * n, dtype=object), pd.Series([30] * n, dtype="Int64"),
                              evidence, rules)
    return idle.tolist(), [codes(c) for c in cells]


def test_loss_only_around_the_miners_with_no_production_is_idle():
    # 100 ha of forest claim, 6 ha lost, all of it within the miners' radius; no production.
    idle, why = _idle([_no_production(1), _loss([0.0], [6.0], [0.9])], 1)
    assert idle == [True]
    assert why[0] == [("idle.idle", {"years": 30}), ("idle.no_production", {}),
                      ("idle.loss", {"ha": 0.0, "pct": 0.0}),
                      ("idle.loss_miners", {"miners": 6.0, "total": 6.0})]


def test_the_same_loss_far_from_the_miners_is_the_holders_work():
    # 6 ha lost away from every miner: 6 % of the claim, above the 1 % threshold.
    idle, why = _idle([_no_production(1), _loss([6.0], [0.0], [0.9])], 1)
    assert idle == [False]
    assert why[0] == [("idle.loss", {"ha": 6.0, "pct": 6.0})]


def test_a_puna_claim_without_forest_or_other_evidence_is_unknown():
    # 2 % forest, below the 50 % the rule asks: no loss, but there was nothing to lose.
    evidence = _loss([0.0], [0.0], [0.02])
    assert evidence.active.tolist() == [NA]
    idle, why = _idle([evidence], 1)
    assert idle == [NA]
    assert why[0] == [("idle.no_evidence", {}), ("idle.loss_no_forest", {"pct": 2.0, "min": 50.0})]


def test_a_puna_claim_is_idle_when_absence_of_loss_is_allowed_to_speak():
    rules = load_rules(overrides={"idle": {"loss_absence_needs_forest": False}})
    idle, why = _idle([_loss([0.0], [0.0], [0.02], rules)], 1, rules)
    assert idle == [True]
    assert why[0] == [("idle.idle", {"years": 30}), ("idle.loss", {"ha": 0.0, "pct": 0.0})]
    # No forest map at all reads the same: today's behaviour.
    idle, _ = _idle([_loss([0.0], [0.0], None, rules)], 1, rules)
    assert idle == [True]


def test_without_a_forest_map_loss_shows_activity_but_its_absence_shows_nothing():
    evidence = _loss([6.0, 0.0], [0.0, 0.0], None)
    assert evidence.active.tolist() == [True, NA]
    idle, why = _idle([evidence], 2)
    assert idle == [False, NA]
    assert why[1] == [("idle.no_evidence", {}), ("idle.loss_no_forest_map", {})]
    # A claim the forest map does not cover is silent too, and says so.
    evidence = _loss([0.0], [0.0], [np.nan])
    assert _idle([evidence], 1)[1][0] == [("idle.no_evidence", {}), ("idle.loss_forest_unknown", {})]


def test_a_penalty_paying_puna_claim_is_idle():
    roll = penalty_evidence(pd.Series(["C0"], dtype=object), pd.DataFrame({"code": ["C0"], "year": [2023]}),
                            REFERENCE, RULES)
    idle, why = _idle([roll, _loss([0.0], [0.0], [0.02])], 1)
    assert idle == [True]
    assert why[0] == [("idle.idle", {"years": 30}), ("idle.penalty", {"year": 2023}),
                      ("idle.loss_no_forest", {"pct": 2.0, "min": 50.0})]


def test_idle_evidence_names_the_sources_that_spoke_in_a_stable_order():
    production = _no_production(3)
    roll = penalty_evidence(pd.Series(["C0", "C1", "C2"], dtype=object),
                            pd.DataFrame({"code": ["C1"], "year": [2023]}), REFERENCE, RULES)
    loss = _loss([6.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.9, 0.9, 0.0])
    assert spoken([production, roll, loss], pd.RangeIndex(3)).tolist() == [
        "activity,forest_loss", "activity,penalties,forest_loss", "activity"]
    assert spoken([], pd.RangeIndex(2)).tolist() == [None, None]


def test_the_miners_radius_defaults_to_the_registrations_loss_buffer():
    assert RULES["idle"]["miner_radius_m"] == RULES["registrations"]["loss_buffer_m"]


# --- the miners' loss, measured on a raster -----------------------------------------------

T = hansen_transform()
SIDE = 80
FILED = "2010-01-01"


def _blocks(array, blocks):
    for (c0, r0, c1, r1), value in blocks:
        array[r0:r1, c0:c1] = value
    return array


def _true_ha(c0, r0, c1, r1):
    """Geodesic area of a block of whole pixels (each pixel's corners on the ellipsoid)."""
    return (c1 - c0) * sum(lonlat_pixel_m2(T, r) for r in range(r0, r1)) / 1e4


def _box(c0, r0, c1, r1):
    (west, north), (east, south) = corner(T, c0, r0), corner(T, c1, r1)
    return shapely.box(west, south, east, north)


def test_loss_by_miners_is_the_exact_set_of_loss_pixels_within_the_radius(tmp_path):
    from concession_gis.analysis.forest_loss import forest_loss
    from concession_gis.geodesy import lonlat_bounds, working_crs
    from concession_gis.progress import Feedback
    from concession_gis.raster.sources import open_loss_sources

    # Claim: pixels 10..70 (about 1.65 km a side). Loss blocks (Hansen codes):
    near = (36, 36, 44, 44)        # 2021, around the miner at the claim's centre (< 160 m away)
    before = (46, 36, 48, 40)      # 2005, before filing, also near the miner: not since filing
    far = (12, 12, 20, 20)         # 2021, about 800 m from the miner: the holder's
    by_outsider = (62, 38, 68, 42)  # 2021, 190-360 m from a miner just off the claim, 600 m from the other
    raster = _blocks(np.zeros((SIDE, SIDE), np.uint8), [(near, 21), (before, 5), (far, 21), (by_outsider, 21)])
    sources = open_loss_sources([str(write_raster(tmp_path / "loss.tif", raster, T))])
    claims = gpd.GeoDataFrame({"code": ["A"], "filed_on": pd.to_datetime([FILED]), "department": "X",
                               "province": "Y", "district": "Z"}, geometry=[_box(10, 10, 70, 70)], crs="EPSG:4326")
    on_claim = shapely.Point(*corner(T, 40, 40))   # suspended or not: a miner on the claim
    off_claim = shapely.Point(*corner(T, 75, 40))  # 5 px east of the claim's edge
    registrations = gpd.GeoSeries([on_claim, off_claim], crs="EPSG:4326")
    rules = load_rules(overrides={"idle": {"miner_radius_m": 400.0}})
    crs = working_crs(lonlat_bounds(claims))
    nothing = gpd.GeoSeries([], crs="EPSG:4326")
    none = np.zeros(0, np.int64)
    loss = forest_loss(sources, claims, (none, none), registrations, nothing, crs, rules, Feedback())
    row = loss.per_claim.iloc[0]
    since = _true_ha(*near) + _true_ha(*far) + _true_ha(*by_outsider)
    assert row["loss_since_filed_ha"] == pytest.approx(since, rel=1e-6)
    # Only the miner lying on the claim counts; its 400 m holds the whole near block and nothing
    # else lost since filing (the far block's nearest corner is 20 px, about 770 m, away).
    assert row["loss_by_miners_ha"] == pytest.approx(_true_ha(*near), rel=1e-6)
    assert row["loss_by_holder_ha"] == pytest.approx(_true_ha(*far) + _true_ha(*by_outsider), rel=1e-6)


def test_forest_ha_is_the_exact_set_of_forest_pixels(tmp_path):
    from concession_gis.analysis.forest import forest_cover
    from concession_gis.progress import Feedback
    from concession_gis.raster.forest import open_forest_sources

    cover = np.zeros((SIDE, SIDE), np.uint8)
    # Canopy 30 % and 80 % are forest at the default 30 %; 29 % and 255 (no percentage) are not.
    cover = _blocks(cover, [((10, 10, 30, 30), 80), ((30, 10, 40, 30), 30), ((40, 10, 50, 30), 29),
                            ((10, 30, 20, 40), 255)])
    path = write_raster(tmp_path / "treecover.tif", cover, T)
    claims = gpd.GeoSeries([_box(10, 10, 50, 40), _box(200, 200, 210, 210)], crs="EPSG:4326")
    found = forest_cover(open_forest_sources([f"{path}:treecover"]), claims, RULES, Feedback())
    assert found["forest_ha"].iloc[0] == pytest.approx(_true_ha(10, 10, 40, 30), rel=1e-6)
    assert np.isnan(found["forest_ha"].iloc[1])  # off the map: no figure, not 0 ha
    assert found["forest_coverage"].tolist() == pytest.approx([1.0, 0.0])
    # As a forest / non-forest mask every non-zero pixel is forest.
    found = forest_cover(open_forest_sources([f"{path}:mask"]), claims, RULES, Feedback())
    assert found["forest_ha"].iloc[0] == pytest.approx(_true_ha(10, 10, 50, 30) + _true_ha(10, 30, 20, 40), rel=1e-6)


def test_an_unknown_forest_encoding_is_refused(tmp_path):
    from concession_gis.errors import InputError
    from concession_gis.raster.forest import parse_forest_spec

    with pytest.raises(InputError) as raised:
        parse_forest_spec(f"{tmp_path / 'f.tif'}:lossyear")
    assert raised.value.key == "error.unknown_forest_encoding"


# --- through the whole analysis: coexistence needs the holder's own work -------------------


def _case(tmp_path, loss_block):
    """One large company's titled claim, one active hard-rock miner at its centre, a production
    table that does not name the claim, and forest loss in ``loss_block`` only."""
    from concession_gis.model import Inputs

    claim = gpd.GeoDataFrame({"CODIGOU": ["010000500"], "TIT_CONCES": ["MINERA GRANDE DEL SUR S.A.C."],
                              "FEC_DENU": ["1995-03-01"], "ESTADO": ["T"], "SUSTANCIA": ["M"],
                              "DEPA": ["PUNO"], "PROVI": ["CARABAYA"], "DISTRI": ["AYAPATA"]},
                             geometry=[_box(10, 10, 70, 70)], crs="EPSG:4326")
    claim.to_file(tmp_path / "claims.geojson", driver="GeoJSON")
    lon, lat = corner(T, 40, 40)
    pd.DataFrame({"COD_REINFO": ["R1"], "NOMBRE_MINERO": ["JUAN QUISPE MAMANI"], "RUC": ["10402233441"],
                  "ESTADO": ["VIGENTE"], "TIPO_YAC": ["FILONIANO"], "A_INSCRIPCION": ["15/03/2015"],
                  "LATITUD": [lat], "LONGITUD": [lon]}).to_csv(tmp_path / "reinfo.csv", index=False)
    pd.DataFrame({"code": ["010009999"], "year": [2024]}).to_csv(tmp_path / "production.csv", index=False)
    pd.DataFrame({"holder": ["MINERA GRANDE DEL SUR S.A.C."], "stratum": ["large_medium"],
                  "ruc": ["20100200300"]}).to_csv(tmp_path / "holders.csv", index=False)
    raster = _blocks(np.zeros((SIDE, SIDE), np.uint8), [(loss_block, 21)])
    write_raster(tmp_path / "loss.tif", raster, T)
    return Inputs(concessions=[str(tmp_path / "claims.geojson")], registrations=[str(tmp_path / "reinfo.csv")],
                  activity=str(tmp_path / "production.csv"), holders=str(tmp_path / "holders.csv"),
                  loss_rasters=[str(tmp_path / "loss.tif")], rule_overrides={"reference_date": "2025-06-30"})


def test_a_host_whose_only_loss_is_its_miners_is_idle_and_hosts_no_candidate(tmp_path):
    from concession_gis.pipeline import analyze

    # 16 x 16 pixels (about 19 ha, 7 % of the claim) within 320 m of the miner.
    results = analyze(_case(tmp_path, (32, 32, 48, 48)), lang="en")
    conc, reg = results.concessions.iloc[0], results.registrations.iloc[0]
    assert conc["loss_by_holder_ha"] == pytest.approx(0.0, abs=1e-9)
    assert conc["loss_by_miners_ha"] == pytest.approx(_true_ha(32, 32, 48, 48), rel=1e-6)
    assert bool(conc["idle"]) is True
    # No forest map: the holder's want of loss is no evidence; the production table spoke.
    assert conc["idle_evidence"] == "activity"
    assert bool(reg["coexistence"]) is False and reg["conflict_type"] == "speculation"


def test_the_same_loss_away_from_the_miner_keeps_the_candidate(tmp_path):
    from concession_gis.pipeline import analyze

    # The same 16 x 16 pixels in the claim's corner, 540 m and more from the miner.
    results = analyze(_case(tmp_path, (10, 10, 26, 26)), lang="en")
    conc, reg = results.concessions.iloc[0], results.registrations.iloc[0]
    assert conc["loss_by_miners_ha"] == pytest.approx(0.0, abs=1e-9)
    assert bool(conc["idle"]) is False
    assert bool(reg["coexistence"]) is True
    assert "coexistence.host_loss_since_filed" in reg["coexistence_reason_codes"]
