"""Invariants that must hold for any input (hypothesis generates the inputs)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concession_gis.analysis.hosts import candidate_pairs, pick_hosts
from concession_gis.analysis.legal_state import seniority
from concession_gis.analysis.overlaps import overlap_pairs
from concession_gis.geodesy import area_ha, to_working, working_crs
from concession_gis.io.layers import load_registrations
from concession_gis.reasons import decode
from concession_gis.rules import load_rules

RULES = load_rules()
RANK = RULES["hosts"]["rank"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

claim = st.tuples(
    st.integers(0, 8), st.integers(0, 8), st.integers(1, 4), st.integers(1, 4),
    st.sampled_from(["titled", "pending", "extinct", "other"]), st.integers(0, 20_000),
)


def claims_frame(specs) -> tuple[np.ndarray, pd.DataFrame]:
    geoms = np.array([shapely.box(c * 1000, r * 1000, (c + w) * 1000, (r + h) * 1000) for c, r, w, h, _, _ in specs])
    frame = pd.DataFrame({
        "code": [f"{i:04d}" for i in range(len(specs))],
        "legal_state": [s[4] for s in specs],
        "filed_on": pd.to_datetime("1970-01-01") + pd.to_timedelta([s[5] for s in specs], unit="D"),
        "filed_time": 0.0,
    })
    return geoms, frame


@SETTINGS
@given(st.lists(claim, min_size=1, max_size=12), st.lists(st.tuples(st.floats(0, 12_000), st.floats(0, 12_000)), max_size=30))
def test_hosts_contain_their_registrations_and_are_the_best_ranked(specs, xy):
    geoms, frame = claims_frame(specs)
    points = np.array([shapely.Point(x, y) for x, y in xy], dtype=object)
    senior = seniority(frame["filed_on"], frame["filed_time"], frame["code"])
    hosts = pick_hosts(len(points), *candidate_pairs(points, geoms), frame["legal_state"], senior, RANK)
    for i, point in enumerate(points):
        covering = [j for j, g in enumerate(geoms) if g.covers(point)]
        assert hosts.n_hosts[i] == len(covering)
        eligible = [j for j in covering if frame["legal_state"][j] in RANK]
        host = hosts.position[i]
        if not eligible:
            assert host == -1
            continue
        assert geoms[host].covers(point)
        best_state = min(RANK.index(frame["legal_state"][j]) for j in eligible)
        assert RANK.index(frame["legal_state"][host]) == best_state
        same_state = [j for j in eligible if RANK.index(frame["legal_state"][j]) == best_state]
        assert frame["filed_on"][host] == min(frame["filed_on"][j] for j in same_state)


def _overlaps(geoms, frame):
    senior = seniority(frame["filed_on"], frame["filed_time"], frame["code"])
    return overlap_pairs(geoms, frame["code"], frame["legal_state"], senior, 0.01, 2.0)


@SETTINGS
@given(st.lists(claim, min_size=2, max_size=10))
def test_overlap_of_a_with_b_equals_b_with_a_and_is_bounded(specs):
    geoms, frame = claims_frame(specs)
    pairs, per_claim = _overlaps(geoms, frame)
    reversed_pairs, reversed_per_claim = _overlaps(geoms[::-1], frame.iloc[::-1].reset_index(drop=True))
    forward = {frozenset((a, b)): ha for a, b, ha in pairs[["code_a", "code_b", "overlap_ha"]].itertuples(index=False)}
    backward = {frozenset((a, b)): ha for a, b, ha in reversed_pairs[["code_a", "code_b", "overlap_ha"]].itertuples(index=False)}
    assert forward.keys() == backward.keys()
    for key, ha in forward.items():
        assert ha == np.float64(backward[key]) or abs(ha - backward[key]) < 1e-9
    np.testing.assert_allclose(per_claim, reversed_per_claim[::-1], atol=1e-9)
    assert (per_claim >= 0).all() and (per_claim <= shapely.area(geoms) / 1e4 + 1e-9).all()


@SETTINGS
@given(st.floats(-80, -66), st.floats(-18, -1), st.floats(0.001, 0.3), st.floats(0.001, 0.3), st.floats(0.05, 0.95))
def test_areas_are_positive_and_additive(lon, lat, width, height, cut):
    import geopandas as gpd

    whole = shapely.box(lon, lat, lon + width, lat + height)
    left = shapely.box(lon, lat, lon + width * cut, lat + height)
    right = shapely.box(lon + width * cut, lat, lon + width, lat + height)
    series = gpd.GeoSeries([whole, left, right], crs=4326)
    areas = area_ha(to_working(series, working_crs(tuple(series.total_bounds))))
    assert (areas > 0).all()
    # The cut adds a vertex on the top and bottom edges: in the working CRS the whole box follows
    # one chord there, the halves two, so the sum may differ by a few 1e-9 (seen: 1.2e-9).
    assert areas[0] == np.float64(areas[1] + areas[2]) or abs(areas[0] - areas[1] - areas[2]) <= 1e-8 * areas[0]


cell = st.one_of(st.just(""), st.just("abc"), st.just("0"), st.floats(-200, 200).map(lambda v: f"{v:.5f}".replace(".", ",")))


@SETTINGS
@given(st.lists(st.tuples(cell, cell), max_size=25))
def test_rows_in_equal_rows_out_plus_rejected(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("csv") / "r.csv"
    pd.DataFrame({"COD_REINFO": [str(i) for i in range(len(rows))],
                  "LATITUD_G84": [r[0] for r in rows], "LONGITUD_G84": [r[1] for r in rows]}).to_csv(path, sep=";", index=False)
    loaded = load_registrations([str(path)], {}, RULES)
    assert len(loaded.frame) + len(loaded.rejected) == len(rows)
    assert set(loaded.frame["reg_id"]).isdisjoint(set(loaded.rejected["COD_REINFO"].astype(str)) if len(loaded.rejected) else set())
    assert all(decode(cell) for cell in loaded.rejected["reason_codes"])
