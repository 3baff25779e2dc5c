"""Forest-loss fronts, loss by zone and year, alerts and --since, on hand-built rasters.

The raster is in lon/lat (pixels of 0.001°, about 108 x 110 m at 13°S), so every row's pixels
have their own area; expected hectares are each pixel's geodesic area from pyproj.Geod
(tests/raster_fixtures.py), never the code's own. Where each patch lies, which years it holds and
which type it must get is written by hand below.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from affine import Affine

from concession_gis.analysis import fronts as fronts_module
from concession_gis.analysis.fronts import front_types, loss_fronts
from concession_gis.analysis.loss_by_zone import loss_by_zone
from concession_gis.geodesy import WGS84, lonlat_bounds, to_working, working_crs
from concession_gis.raster.loss_years import alert_confidence, alert_dates, decode_years
from concession_gis.raster.patches import hectares, loss_patches
from concession_gis.raster.sources import open_loss_sources, read_as
from concession_gis.raster.zonal import zonal_loss
from concession_gis.rules import default_rules
from tests.raster_fixtures import lonlat_pixel_m2, pixel_box, write_raster

RES = 0.001
T = Affine(RES, 0.0, -70.0, 0.0, -RES, -13.0)
ROWS, COLS = 40, 60

# Patches by hand: name -> (row0, row1, col0, col1) inclusive-exclusive, and the year code.
A_OLD = (2, 4, 2, 8)  # 2020, on claims C1 (cols 2-3) and C2 (cols 4-7)
A_NEW = (4, 6, 2, 8)  # 2022, the same patch
B = (20, 23, 40, 43)  # 2023, in a buffer zone inside an indigenous reserve
D1 = (30, 32, 2, 4)  # 2019, off claims; D2 two pixels to its east
D2 = (30, 32, 6, 8)
E = (10, 13, 50, 53)  # 2021, off claims, a registration 300 m away
G = (10, 13, 20, 23)  # 2018, on claim C3, nobody near
SPECK = (38, 39, 58, 59)  # 2023, one pixel: under fronts.min_ha
BLOCKS = {A_OLD: 20, A_NEW: 22, B: 23, D1: 19, D2: 19, E: 21, G: 18, SPECK: 23}


def box(block) -> shapely.Polygon:
    r0, r1, c0, c1 = block
    return pixel_box(T, c0, r0, c1, r1)


def truth_ha(*blocks, year: int | None = None) -> float:
    """Geodesic hectares of the pixels of ``blocks`` (of one loss year when given)."""
    total = 0.0
    for block in blocks:
        r0, r1, c0, c1 = block
        if year is not None and BLOCKS[block] + 2000 != year:
            continue
        total += sum(lonlat_pixel_m2(T, r, c) for r in range(r0, r1) for c in range(c0, c1))
    return total / 10_000


@pytest.fixture(scope="module")
def raster(tmp_path_factory):
    values = np.zeros((ROWS, COLS), dtype=np.uint8)
    for (r0, r1, c0, c1), code in BLOCKS.items():
        values[r0:r1, c0:c1] = code
    return write_raster(tmp_path_factory.mktemp("fronts") / "lossyear.tif", values, T)


def claims() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "code": ["C1", "C2", "C3"], "legal_state": ["titled", "pending", "titled"],
        "holder": ["H1", "H2", "H3"],
    }, geometry=[pixel_box(T, 0, 0, 4, 10), pixel_box(T, 4, 0, 12, 10), pixel_box(T, 18, 8, 25, 15)], crs=WGS84)


def areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "restricted_name": ["Reserva", "Zona de amortiguamiento"],
        "restricted_category": ["prohibited", "conditional"],
    }, geometry=[pixel_box(T, 35, 15, 56, 35), pixel_box(T, 38, 18, 46, 26)], crs=WGS84)


def registrations() -> gpd.GeoDataFrame:
    east_of_e = shapely.Point(-70.0 + 53 * RES + 0.0027, -13.0 - 11.5 * RES)  # about 300 m east of E
    return gpd.GeoDataFrame({"reg_id": ["R1"]}, geometry=[east_of_e], crs=WGS84)


def rules(**fronts):
    out = copy.deepcopy(default_rules())
    out["fronts"].update({"gap_m": 0.0, "min_ha": 2.0, "registration_km": 1.0, "min_share": 0.1, **fronts})
    return out


def run(raster, producing=(False, True, False), since=None, zones=None, **fronts):
    sources = read_as(open_loss_sources([f"{raster}:lossyear"]), since, 2)
    conc, reg = claims(), registrations()
    crs = working_crs(lonlat_bounds(conc, reg))
    reg_w = to_working(reg.geometry, crs).to_numpy()
    return loss_fronts(sources, conc, pd.Series(producing), reg, reg_w, areas(), zones, crs, rules(**fronts))


def front_at(fronts, block):
    """The front whose shape holds the centre of ``block``."""
    inside = fronts.geometry.contains(box(block).centroid)
    assert inside.sum() == 1
    return fronts.loc[inside].iloc[0]


def test_fronts_hectares_years_and_types(raster):
    fronts = run(raster)
    assert len(fronts) == 6  # A, B, D1, D2, E and G; the speck is too small
    expected = {
        (A_OLD, "holder_activity"): truth_ha(A_OLD, A_NEW),
        (B, "in_prohibited_area"): truth_ha(B),
        (E, "near_registered_miners"): truth_ha(E),
        (G, "unregistered_on_claim"): truth_ha(G),
    }
    for (block, kind), ha in expected.items():
        front = front_at(fronts, block)
        assert front["front_type"] == kind
        assert front["area_ha"] == pytest.approx(ha, rel=1e-3)
    a = front_at(fronts, A_OLD)
    assert (a["first_year"], a["last_year"]) == (2020, 2022)
    by_year = json.loads(a["ha_by_year"])
    assert by_year["2020"] == pytest.approx(truth_ha(A_OLD), rel=1e-3)
    assert by_year["2022"] == pytest.approx(truth_ha(A_NEW), rel=1e-3)
    # Each pixel row has its own area: the two halves differ, as they must in lon/lat.
    assert truth_ha(A_OLD) != pytest.approx(truth_ha(A_NEW), rel=1e-6)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_fronts_measured_a_few_at_a_time_are_those_measured_at_once(raster, monkeypatch, workers):
    at_once = run(raster, zones=gpd.GeoSeries([box(A_OLD)], crs=WGS84))
    monkeypatch.setattr(fronts_module, "CHUNK", 1)
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", workers)
    monkeypatch.setenv("CONCESSION_GIS_PARALLEL_MIN_FEATURES", "1")
    one_by_one = run(raster, zones=gpd.GeoSeries([box(A_OLD)], crs=WGS84))
    pd.testing.assert_frame_equal(one_by_one, at_once)


def test_a_front_straddling_a_claim_edge_is_split_by_share(raster):
    a = front_at(run(raster), A_OLD)
    # Claim C1 ends at column 4: two of the patch's six columns are on it, four on C2.
    assert a["claim_codes"] == "C2; C1"
    assert a["claim_states"] == "pending; titled"
    shares = [float(s) for s in a["claim_shares"].split("; ")]
    assert shares == pytest.approx([4 / 6, 2 / 6], abs=2e-3)
    assert a["on_claims_share"] == pytest.approx(1.0, abs=1e-3)
    # Without the producing holder, the same front is on claims with nobody near.
    assert front_at(run(raster, producing=(False, False, False)), A_OLD)["front_type"] == "unregistered_on_claim"


def test_a_fronts_share_on_overlapping_targets_counts_their_overlap_once():
    # Shapes in metres. Front 0 (10 x 10) lies on A (its left 6 m) and B (its right 6 m), which
    # overlap by 2 m: 60% each, 100% on both together. Front 1 lies half on D alone, front 2 on
    # nothing; E and F overlap each other as A and B do and front 3 lies on both, like front 0.
    box = shapely.box
    fronts = np.array([box(0, 0, 10, 10), box(100, 0, 110, 10), box(200, 0, 210, 10), box(300, 0, 310, 10)])
    targets = np.array([box(0, 0, 6, 10), box(4, 0, 10, 10), box(20, 20, 30, 30), box(105, 0, 120, 10),
                        box(300, 0, 306, 10), box(304, 0, 310, 10)])
    pairs = fronts_module._shares(fronts, targets)
    by_pair = dict(zip(zip(pairs[0].tolist(), pairs[1].tolist(), strict=True), pairs[2].tolist(), strict=True))
    assert by_pair == pytest.approx({(0, 0): 0.6, (0, 1): 0.6, (1, 3): 0.5, (3, 4): 0.6, (3, 5): 0.6})
    assert fronts_module._union_share(fronts, targets, pairs).tolist() == [1.0, 0.5, 0.0, 1.0]


def test_a_front_in_a_buffer_zone_inside_a_reserve_is_in_a_prohibited_area(raster):
    b = front_at(run(raster), B)
    assert b["front_type"] == "in_prohibited_area"
    assert b["restricted_category"] == "prohibited"
    assert b["restricted_name"] == "Reserva"
    assert b["prohibited_share"] == pytest.approx(1.0, abs=1e-3)
    assert b["conditional_share"] == pytest.approx(1.0, abs=1e-3)


def test_two_patches_are_joined_by_the_gap_and_not_without_it(raster):
    apart = run(raster, gap_m=0.0)
    assert front_at(apart, D1).geometry != front_at(apart, D2).geometry
    assert front_at(apart, D1)["front_type"] == "outside_claims"
    assert front_at(apart, D1)["area_ha"] == pytest.approx(truth_ha(D1), rel=1e-3)
    # Two pixels (about 217 m at 13°S) lie between them: a 200 m gap is one pixel, 250 m two.
    assert front_at(run(raster, gap_m=200.0), D1).geometry != front_at(run(raster, gap_m=200.0), D2).geometry
    joined = run(raster, gap_m=250.0)
    d = front_at(joined, D1)
    assert d.geometry == front_at(joined, D2).geometry
    assert d["area_ha"] == pytest.approx(truth_ha(D1, D2), rel=1e-3)  # only loss pixels count


def test_small_patches_are_dropped_and_the_rank_follows_recent_hectares(raster):
    fronts = run(raster)
    assert not fronts.geometry.contains(box(SPECK).centroid).any()  # 1.2 ha < fronts.min_ha
    # Recent: the last 3 years of the raster (2021-2023).
    assert front_at(fronts, B)["recent_ha"] == pytest.approx(truth_ha(B), rel=1e-3)
    assert front_at(fronts, A_OLD)["recent_ha"] == pytest.approx(truth_ha(A_NEW), rel=1e-3)
    assert front_at(fronts, G)["recent_ha"] == 0
    assert fronts["recent_ha"].is_monotonic_decreasing
    assert fronts["rank"].tolist() == list(range(1, len(fronts) + 1))


@pytest.mark.parametrize("side", [5, 6, 7])
def test_labels_join_across_tile_edges(raster, side):
    source = open_loss_sources([f"{raster}:lossyear"])[0]
    whole = loss_patches(source, 250.0)
    # Patches cut by tile edges; with 5, the edge between D1 and D2 falls in the gap between them.
    tiled = loss_patches(source, 250.0, side=side)
    assert len(tiled.shapes) == len(whole.shapes) == 6  # D1 and D2 joined, the speck kept
    assert sorted(hectares(tiled.loss, 6)) == pytest.approx(sorted(hectares(whole.loss, 6)), rel=1e-12)
    assert sorted(s.area for s in tiled.shapes) == pytest.approx(sorted(s.area for s in whole.shapes))


def test_since_restricts_fronts_and_claim_figures(raster):
    fronts = run(raster, since="2022-01-01")
    a = front_at(fronts, A_NEW)
    assert a["area_ha"] == pytest.approx(truth_ha(A_NEW), rel=1e-3)
    assert a["first_year"] == 2022
    assert not fronts.geometry.contains(box(E).centroid).any()  # 2021
    source = read_as(open_loss_sources([f"{raster}:lossyear"]), "2022-01-01", 2)[0]
    by_year = zonal_loss(source, claims().geometry).by_year
    assert set(by_year["year"]) == {2022}
    assert by_year["loss_ha"].sum() == pytest.approx(truth_ha(A_NEW), rel=1e-3)


def test_since_must_be_a_date(raster):
    from concession_gis.errors import InputError

    with pytest.raises(InputError, match="not a date"):
        read_as(open_loss_sources([f"{raster}:lossyear"]), "last year", 2)


def test_loss_by_zone_adds_up_to_the_raster_each_hectare_once(raster):
    sources = open_loss_sources([f"{raster}:lossyear"])
    zones = gpd.GeoSeries([pixel_box(T, 0, 0, 30, 40)], crs=WGS84)
    table = loss_by_zone(sources, claims(), areas(), zones, None, ["titled", "pending", "extinct", "unknown"])
    assert table["loss_ha"].sum() == pytest.approx(truth_ha(*BLOCKS), rel=1e-6)
    by_claim = table.groupby("claim_zone")["loss_ha"].sum()
    assert by_claim["titled"] == pytest.approx(truth_ha(G) + 2 / 6 * truth_ha(A_OLD, A_NEW), rel=1e-3)
    assert by_claim["pending"] == pytest.approx(4 / 6 * truth_ha(A_OLD, A_NEW), rel=1e-3)
    assert by_claim["outside_claims"] == pytest.approx(truth_ha(B, D1, D2, E, SPECK), rel=1e-3)
    by_area = table.groupby("restricted_category")["loss_ha"].sum()
    assert by_area["prohibited"] == pytest.approx(truth_ha(B), rel=1e-6)  # the prohibited reserve wins
    assert "conditional" not in by_area
    inside = table.groupby("in_allowed_zone")["loss_ha"].sum()
    assert inside[True] == pytest.approx(truth_ha(A_OLD, A_NEW, D1, D2, G), rel=1e-6)
    per_year = table.groupby("year")["loss_ha"].sum()
    assert per_year[2023] == pytest.approx(truth_ha(B, SPECK), rel=1e-6)


@pytest.mark.parametrize(("value", "confidence", "day"), [
    (20001, 2, "2015-01-01"), (30055, 3, "2015-02-24"), (21847, 2, "2020-01-21"), (41847, 4, "2020-01-21"),
])
def test_alerts_decode_the_published_examples(value, confidence, day):
    assert alert_confidence(np.array([value])).tolist() == [confidence]
    assert alert_dates(np.array([value])).astype(str).tolist() == [day]
    assert decode_years(np.array([value]), "alerts").tolist() == [int(day[:4])]


def test_alerts_below_the_minimum_confidence_and_nonsense_are_no_loss():
    values = np.array([0, 20001, 30055, 41847, 51847, 29999999, 10001])
    assert decode_years(values, "alerts", min_confidence=3).tolist() == [0, 0, 2015, 2020, 0, 0, 0]


def test_fronts_from_an_alert_raster_have_days(tmp_path):
    values = np.zeros((10, 10), dtype=np.uint16)
    values[2:5, 2:5] = 30055  # high, 2015-02-24
    values[5, 2:5] = 21847  # low, 2020-01-21
    path = write_raster(tmp_path / "alerts.tif", values, T)
    source = open_loss_sources([f"{path}:alerts"])[0]
    conc, reg = claims(), registrations()
    crs = working_crs(lonlat_bounds(conc, reg))
    reg_w = to_working(reg.geometry, crs).to_numpy()
    args = (conc, pd.Series([False] * 3), reg, reg_w, areas(), None, crs, rules(min_ha=0.0))
    front = loss_fronts([source], *args).iloc[0]
    assert (str(front["first_date"]), str(front["last_date"])) == ("2015-02-24", "2020-01-21")
    high = loss_fronts([dataclasses.replace(source, min_confidence=3)], *args).iloc[0]
    assert str(high["last_date"]) == "2015-02-24"
    later = loss_fronts([dataclasses.replace(source, since=dt.date(2015, 2, 25))], *args).iloc[0]
    assert str(later["first_date"]) == "2020-01-21"


def test_front_types_follow_the_order_of_the_rules():
    frame = pd.DataFrame({
        "prohibited_share": [0.5, 0.0, 0.0, 0.0, 0.0],
        "on_claims_share": [1.0, 0.0, 0.0, 1.0, 1.0],
        "nearest_reg_km": [0.1, 5.0, 0.5, 0.5, np.nan],
        "_producing": [True, False, False, True, False],
    })
    kinds = front_types(frame, rules()["fronts"]).tolist()
    assert kinds == ["in_prohibited_area", "outside_claims", "near_registered_miners", "near_registered_miners",
                     "unregistered_on_claim"]


def test_a_raster_without_loss_gives_no_front_and_an_empty_table(tmp_path):
    path = write_raster(tmp_path / "none.tif", np.zeros((10, 10), dtype=np.uint8), T)
    sources = open_loss_sources([f"{path}:lossyear"])
    conc, reg = claims(), registrations()
    crs = working_crs(lonlat_bounds(conc, reg))
    reg_w = to_working(reg.geometry, crs).to_numpy()
    fronts = loss_fronts(sources, conc, pd.Series([False] * 3), reg, reg_w, areas(), None, crs, rules())
    assert len(fronts) == 0 and "front_type" in fronts
    table = loss_by_zone(sources, conc, areas(), None, None, ["titled"])
    assert len(table) == 0 and "loss_ha" in table


def test_alert_rasters_are_recognised():
    from concession_gis.raster.loss_years import guess_encoding

    assert guess_encoding(np.array([0, 20001, 30055, 41847])) == "alerts"
    assert guess_encoding(np.array([0, 1, 24])) == "lossyear"


def test_since_on_the_command_line(demo_dir, tmp_path):
    from concession_gis.cli import main
    from concession_gis.sample.demo import FILES

    out = tmp_path / "out"
    argv = ["analyze", "--concessions", str(demo_dir / FILES["concessions"]), "--loss-raster",
            str(demo_dir / FILES["loss_raster"]), "--out", str(out), "--no-map", "--quiet", "--since", "2023-01-01"]
    assert main(argv) == 0
    fronts = gpd.read_file(out / "results.gpkg", layer="loss_fronts")
    assert len(fronts) and (fronts["first_year"] >= 2023).all()
    by_year = gpd.read_file(out / "results.gpkg", layer="loss_by_year")
    assert len(by_year) and (by_year["year"] >= 2023).all()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["loss_fronts"]["loss_ha"] == pytest.approx(
        gpd.read_file(out / "results.gpkg", layer="loss_by_zone")["loss_ha"].sum(), abs=0.01)
    assert main([*argv[:-1], "yesterday"]) == 2


def test_a_gap_across_a_tile_edge_still_joins(tmp_path):
    # Six pixels (about 650 m) between two patches, the tile edge (column 20) among them, the
    # eastern patch away from its own tile's edges: a 700 m gap joins them, tiled or not.
    values = np.zeros((40, 40), dtype=np.uint8)
    values[3:5, 14:16] = 20
    values[3:5, 22:24] = 21
    source = open_loss_sources([f"{write_raster(tmp_path / 'gap.tif', values, T)}:lossyear"])[0]
    for side in (4096, 20):
        assert len(loss_patches(source, 700.0, side=side).shapes) == 1
        assert len(loss_patches(source, 500.0, side=side).shapes) == 2


def test_the_window_shows_the_fronts_styled_by_type_and_only_with_a_raster(tmp_path):
    from concession_gis_ui.layers import RESULT_LAYERS
    from concession_gis_ui.loading import load_results_for_display, write_display
    from concession_gis_ui.styles import classify

    from concession_gis.model import Inputs
    from concession_gis.pipeline import analyze
    from concession_gis.sample.bundled import bundled_inputs

    assert ("loss_fronts", "polygon", "front_type") in RESULT_LAYERS
    inputs = bundled_inputs()
    results = analyze(inputs, lang="es")
    frame = load_results_for_display(write_display(results, tmp_path / "with")).frames["loss_fronts"]
    assert len(frame) == len(results.loss_fronts) > 0
    classes = classify(frame, "front_type", "polygon", "loss_fronts", "es")
    assert "Cerca de mineros registrados" in classes.labels  # the codes in words
    without = analyze(Inputs(**{**inputs.__dict__, "loss_rasters": [], "forest": []}), lang="es")
    assert "loss_fronts" not in load_results_for_display(write_display(without, tmp_path / "without")).frames
