"""Each analysis step alone, on small tables whose expected values are written by hand.

In the manner of QGIS's algorithm tests, a case is data: the step, its inputs and the expected
outputs. Every step also gets an empty input, where it must return empty columns, not fail.
Geometries are in metres (the steps run in the equal-area working CRS, where 1 ha = 10,000 m²).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import shapely

from concession_gis.analysis.coexistence import coexistence
from concession_gis.analysis.districts import (
    claimed_ground,
    district_summary,
    n_districts,
    per_district,
)
from concession_gis.analysis.holders import holder_keys, holder_rucs, holder_strata
from concession_gis.analysis.hosts import Hosts, candidate_pairs, pick_hosts
from concession_gis.analysis.idle import idle_claims, penalty_evidence, production_evidence
from concession_gis.analysis.legal_state import legal_states, reg_statuses, seniority
from concession_gis.analysis.overlaps import overlap_pairs
from concession_gis.analysis.relations import conflict_types, declared_code_match, relations
from concession_gis.analysis.restricted import in_restricted
from concession_gis.errors import NoOverlapWarning
from concession_gis.reasons import decode
from concession_gis.rules import load_rules

RULES = load_rules()
NA = pd.NA


def box(x0, y0, x1, y1):
    """A rectangle in metres."""
    return shapely.box(x0, y0, x1, y1)


def text(values):
    return pd.Series(values, dtype=object)


# --- legal state ---------------------------------------------------------------------------

LEGAL_STATE_CASES = [
    # (ESTADO, LEYENDA/D_ESTADO, expected)
    ("T", "", "titled"), ("Q", "", "titled"), ("P", "", "pending"), ("D", "", "pending"),
    ("F", "", "extinct"), ("Y", "", "extinct"), ("A", "", "other"), ("B", "", "other"),
    ("", "TITULADO", "titled"), ("", "EN TRÁMITE", "pending"), ("", "Extinguida", "extinct"),
    ("TITULADO", "", "titled"),  # a code column holding words is read as text
    ("t", "", "titled"),  # case does not matter
    ("", "", "other"),
]


@pytest.mark.parametrize(("code", "words", "expected"), LEGAL_STATE_CASES)
def test_legal_state(code, words, expected):
    assert legal_states(text([code]), text([words]), known([True]), RULES).tolist() == [expected]


def known(values):
    return pd.Series(values, dtype=bool)


def test_legal_state_unknown_without_a_state_column():
    # Two files: the first has ESTADO, the second no state column at all (its cells read as "").
    got = legal_states(text(["T", "", ""]), text(["", "", ""]), known([True, False, False]), RULES)
    assert got.tolist() == ["titled", "unknown", "unknown"]


def test_legal_state_empty():
    assert legal_states(text([]), text([]), known([]), RULES).empty


# --- registration status ---------------------------------------------------------------------

REG_STATUS_CASES = [
    # (status words as loaded: folded to upper case, without accents) -> reg_status
    ("VIGENTE", "active"), ("SUSPENDIDO", "suspended"), ("EXCLUIDO", "excluded"),
    ("EN EVALUACION", "unknown"), ("", "unknown"),
]


@pytest.mark.parametrize(("words", "expected"), REG_STATUS_CASES)
def test_reg_status(words, expected):
    assert reg_statuses(text([words]), RULES).tolist() == [expected]


def test_reg_status_empty():
    assert reg_statuses(text([]), RULES).empty


# --- seniority -------------------------------------------------------------------------------

def test_seniority_by_date_then_hour_then_code_undated_last():
    filed_on = pd.to_datetime(pd.Series(["2001-01-01", "2001-01-01", "2001-01-01", None, "1999-06-30", "2001-01-01"]))
    filed_time = pd.Series([9.5, 8.0, 9.5, 0.0, 23.0, 8.0])
    code = text(["B", "Z", "A", "0", "Y", "Z"])
    # 1999 first; on 2001-01-01 the 08:00 filings (Z twice: equal, one rank) before 09:30 (A, B).
    assert seniority(filed_on, filed_time, code).tolist() == [3, 1, 2, 4, 0, 1]


def test_seniority_empty():
    assert len(seniority(pd.Series([], dtype="datetime64[ns]"), pd.Series([], dtype=float), text([]))) == 0


# --- holders ---------------------------------------------------------------------------------

def test_holder_keys_ignore_case_accents_punctuation_and_legal_form():
    keys = holder_keys(text(["Minera Andina S.A.C.", "MINERA ANDINA SAC", "Compañía Minera Ñuñoa E.I.R.L.", ""]), RULES)
    assert keys[0] == keys[1] != ""
    assert keys[2] == holder_keys(text(["COMPANIA MINERA NUNOA"]), RULES)[0]
    assert keys[3] == ""
    assert holder_keys(text([]), RULES).empty


def _claims_for_strata():
    # Holder A: 1,500 ha titled + 600 ha pending = 2,100 ha (large or medium); its extinct claim
    # does not count. B: 1,200 ha (small). C: 500 ha (artisanal). A claim without holder: alone.
    return pd.DataFrame({
        "holder_key": ["A", "A", "A", "B", "C", ""],
        "holder_ruc": ["", "", "", "20123456789", "", ""],
        "legal_state": ["titled", "pending", "extinct", "titled", "titled", "titled"],
        "area_ha": [1500.0, 600.0, 5000.0, 1200.0, 500.0, 2500.0],
    })


def _strata(claims, holders=None):
    return holder_strata(claims["holder_key"], claims["holder_ruc"], claims["legal_state"], claims["area_ha"],
                         RULES, holders)


def test_holder_strata_from_area():
    strata = _strata(_claims_for_strata())
    assert strata["holder_total_ha"].tolist() == [2100.0, 2100.0, 2100.0, 1200.0, 500.0, 2500.0]
    assert strata["stratum"].tolist() == ["large_medium"] * 3 + ["small", "artisanal", "large_medium"]


def test_holder_strata_from_holders_table_by_ruc_then_name():
    holders = pd.DataFrame({"holder": ["C", "somebody else"], "stratum": ["large_medium", "artisanal"],
                            "ruc": ["", "20123456789"]})
    strata = _strata(_claims_for_strata(), holders)
    assert strata["stratum"].tolist() == ["large_medium"] * 3 + ["artisanal", "large_medium", "large_medium"]


def test_holder_strata_unknown_when_a_claim_of_the_holder_has_no_state():
    # A: titled 1,500 ha and a claim from a file without state column: its total cannot be told.
    # B: only known claims (titled 1,200 ha): small. D: a lone unknown claim; a claim without
    # holder of unknown state: unknown on its own. E: unknown, but a --holders table names it.
    claims = pd.DataFrame({
        "holder_key": ["A", "A", "B", "D", "", "E"],
        "holder_ruc": [""] * 6,
        "legal_state": ["titled", "unknown", "titled", "unknown", "unknown", "unknown"],
        "area_ha": [1500.0, 300.0, 1200.0, 50.0, 10.0, 20.0],
    })
    strata = _strata(claims, pd.DataFrame({"holder": ["E"], "stratum": ["large_medium"], "ruc": [""]}))
    assert strata["stratum"].tolist() == ["unknown", "unknown", "small", "unknown", "unknown", "large_medium"]
    totals = strata["holder_total_ha"].tolist()
    assert np.isnan(totals[0]) and np.isnan(totals[1]) and totals[2] == 1200.0 and np.isnan(totals[3])


def test_holder_strata_empty():
    strata = _strata(_claims_for_strata().iloc[:0])
    assert strata.empty and list(strata.columns) == ["holder_total_ha", "stratum", "stratum_source"]


def test_holder_rucs_come_from_the_holders_table_where_the_claim_has_none():
    claims = _claims_for_strata()
    holders = pd.DataFrame({"holder": ["a", "B", "C"], "stratum": ["small"] * 3, "ruc": ["20999", "20777", ""]})
    keys = holder_keys(holders["holder"], RULES)
    claims["holder_key"] = [keys[0]] * 3 + [keys[1], keys[2], ""]
    rucs = holder_rucs(claims["holder_key"], claims["holder_ruc"], holders, RULES)
    # A's claims take its RUC; B keeps its own; C's row names no RUC; the claim without holder none.
    assert rucs.tolist() == ["20999"] * 3 + ["20123456789", "", ""]
    assert holder_rucs(claims["holder_key"], claims["holder_ruc"], None, RULES).tolist() == claims["holder_ruc"].tolist()


def test_holder_rucs_empty():
    empty = _claims_for_strata().iloc[:0]
    holders = pd.DataFrame({"holder": ["A"], "stratum": ["small"], "ruc": ["20999"]})
    assert holder_rucs(empty["holder_key"], empty["holder_ruc"], holders, RULES).empty


# --- hosts -----------------------------------------------------------------------------------

def _host_claims():
    # 0 and 1 overlap on x 500-1000; 2 is pending and covers the same ground as 0; 3 is extinct
    # elsewhere; 4 is a quarry (state other).
    return pd.DataFrame({
        "code": ["C0", "C1", "C2", "C3", "C4"],
        "legal_state": ["titled", "titled", "pending", "extinct", "other"],
        "filed_on": pd.to_datetime(["2001-05-01", "1999-01-01", "1990-01-01", "2000-01-01", "1980-01-01"]),
        "filed_time": [0.0] * 5,
    }), np.array([box(0, 0, 1000, 1000), box(500, 0, 1500, 1000), box(0, 0, 1000, 1000),
                  box(5000, 0, 6000, 1000), box(8000, 0, 9000, 1000)], dtype=object)


def test_a_claim_of_unknown_state_hosts_after_every_known_state():
    # C5 (unknown state) covers C0/C2's ground and the empty ground to their right: where a
    # known claim lies it wins; alone, the unknown claim hosts.
    claims, geoms = _host_claims()
    claims = pd.concat([claims, pd.DataFrame({"code": ["C5"], "legal_state": ["unknown"],
                                              "filed_on": pd.to_datetime(["1970-01-01"]), "filed_time": [0.0]})],
                       ignore_index=True)
    geoms = np.append(geoms, box(0, 2000, 3000, 3000).union(box(0, 0, 400, 1000)))
    points = np.array([shapely.Point(200, 500), shapely.Point(2500, 2500)], dtype=object)
    picked = _pick(points, claims, geoms)
    assert picked.position.tolist() == [0, 5]
    assert picked.n_hosts.tolist() == [3, 1]
    assert RULES["hosts"]["rank"] == ["titled", "pending", "extinct", "unknown"]


HOST_CASES = [
    # (point x, y, expected host position, n_hosts)
    (250, 500, 0, 2),  # titled C0 beats the pending C2, though C2 was filed earlier
    (750, 500, 1, 3),  # two titled: the senior (C1, 1999) wins
    (1250, 500, 1, 1),
    (5500, 500, 3, 1),  # only an extinct claim: it hosts
    (8500, 500, -1, 1),  # a quarry hosts nobody but counts in n_hosts
    (20000, 500, -1, 0),
]


def _pick(regs, claims, geoms) -> Hosts:
    senior = seniority(claims["filed_on"], claims["filed_time"], claims["code"])
    return pick_hosts(len(regs), *candidate_pairs(regs, geoms), claims["legal_state"], senior, RULES["hosts"]["rank"])


@pytest.mark.parametrize(("x", "y", "host", "n_hosts"), HOST_CASES)
def test_hosts_of_a_point(x, y, host, n_hosts):
    claims, geoms = _host_claims()
    picked = _pick(np.array([shapely.Point(x, y)], dtype=object), claims, geoms)
    assert picked.position.tolist() == [host]
    assert picked.n_hosts.tolist() == [n_hosts]


def test_registration_area_takes_the_claim_it_overlaps_most():
    claims, geoms = _host_claims()
    area = np.array([box(1100, 100, 1400, 900)], dtype=object)  # only on C1 ... and
    wide = np.array([box(100, 100, 700, 900)], dtype=object)  # 400 m on C0/C2, 200 m on C1
    assert _pick(area, claims, geoms).position.tolist() == [1]
    assert _pick(wide, claims, geoms).position.tolist() == [0]


def test_hosts_empty():
    claims, geoms = _host_claims()
    none = np.array([], dtype=object)
    picked = _pick(none, claims, geoms)
    assert len(picked.position) == 0 and len(picked.n_hosts) == 0
    picked = _pick(np.array([shapely.Point(0, 0)], dtype=object), claims.iloc[:0], none)
    assert picked.position.tolist() == [-1] and picked.n_hosts.tolist() == [0]


def test_host_values_and_counts_per_claim():
    hosts = Hosts(position=np.array([2, -1, 0, 2]), n_hosts=np.array([1, 0, 2, 1]))
    claims = pd.DataFrame({"code": text(["C0", "C1", "C2"]), "idle": pd.array([True, NA, False], dtype="boolean"),
                           "n": [5, 6, 7]})
    taken = hosts.take(claims)
    # No host: <NA> for true/false, None for anything else.
    assert taken["code"].tolist() == ["C2", None, "C0", "C2"]
    assert taken["idle"].dtype == "boolean" and taken["idle"].tolist() == [False, NA, True, False]
    assert taken["n"].tolist() == [7, None, 5, 7]
    assert hosts.per_claim(3).tolist() == [1, 0, 2]
    assert hosts.per_claim(3, np.array([True, True, False, True])).tolist() == [0, 0, 2]


def test_host_values_empty():
    hosts = Hosts(position=np.array([], dtype=np.int64), n_hosts=np.array([], dtype=np.int64))
    assert hosts.take(pd.DataFrame({"code": text(["C0"])})).empty
    assert hosts.per_claim(2).tolist() == [0, 0]


# --- relations and conflict types ------------------------------------------------------------

RELATION_CASES = [
    # host_code, host state, host stratum, miner key, holder key, ruc, holder ruc -> relation
    (None, None, None, "X", "", "", "", "no_concession"),
    ("C", "extinct", "large_medium", "X", "Y", "", "", "extinct_claim"),
    ("C", "pending", "large_medium", "X", "X", "", "", "pending_claim"),
    ("C", "titled", "large_medium", "X", "X", "", "", "own_title"),  # same name
    ("C", "titled", "artisanal", "X", "Y", "10456", "10456", "own_title"),  # same RUC
    ("C", "titled", "large_medium", "X", "Y", "", "", "third_party_large"),
    ("C", "titled", "small", "X", "Y", "", "", "third_party_small"),
    ("C", "titled", "artisanal", "", "", "", "", "third_party_small"),  # two empty names are not one
    ("C", "unknown", "unknown", "X", "Y", "", "", "unknown_state"),  # no state column: not guessed
    ("C", "unknown", "unknown", "X", "X", "", "", "unknown_state"),  # even the holder's own
]


@pytest.mark.parametrize("case", RELATION_CASES)
def test_relation(case):
    code, state, stratum, miner_key, holder_key, ruc, holder_ruc, expected = case
    host = pd.DataFrame({"code": [code], "legal_state": [state], "stratum": [stratum], "holder_key": [holder_key],
                         "holder_ruc": [holder_ruc]}, dtype=object)
    assert relations(text([miner_key]), text([ruc]), host).tolist() == [expected]


def test_declared_code_match():
    declared = text(["010370610", "10370611", "", "X1"])
    assert declared_code_match(declared, text(["10370610", "10370610", "10370610", None])).tolist() == [True, False, NA, False]


CONFLICT_CASES = [
    # in_restricted, relation, coexistence, host_idle -> conflict type (first that applies)
    (True, "own_title", False, False, "restricted_area"),
    (False, "own_title", False, True, "own_title"),
    (False, "third_party_large", True, False, "coexistence_candidate"),
    (False, "third_party_large", False, True, "speculation"),
    (False, "extinct_claim", False, NA, "blocked"),
    (False, "pending_claim", False, NA, "pending_claim"),
    (False, "third_party_small", False, False, "third_party"),
    (False, "third_party_large", False, NA, "third_party"),
    (False, "no_concession", False, NA, "no_concession"),
    (False, "unknown_state", False, NA, "unknown_state"),
    (True, "unknown_state", False, NA, "restricted_area"),  # the area is known whatever the state
]


@pytest.mark.parametrize("case", CONFLICT_CASES)
def test_conflict_type(case):
    restricted, relation, coexistence, idle, expected = case
    found = conflict_types(pd.Series([restricted]), text([relation]), pd.Series([coexistence]),
                           pd.Series([idle], dtype="boolean"))
    assert found.tolist() == [expected]


def test_relations_and_conflict_types_empty():
    host = pd.DataFrame({n: text([]) for n in ["code", "legal_state", "stratum", "holder_key", "holder_ruc"]})
    assert relations(text([]), text([]), host).empty
    assert declared_code_match(text([]), text([])).empty
    assert conflict_types(pd.Series([], dtype=bool), text([]), pd.Series([], dtype=bool),
                          pd.Series([], dtype="boolean")).empty


# --- restricted areas ------------------------------------------------------------------------

def test_in_restricted_names_every_area_once():
    areas = np.array([box(0, 0, 1000, 1000), box(500, 0, 2000, 1000), box(0, 0, 1000, 1000)], dtype=object)
    names = text(["Reserva A", "Zona B", "Reserva A"])
    regs = np.array([shapely.Point(700, 500), shapely.Point(1500, 500), shapely.Point(5000, 500),
                     box(2000, 0, 2500, 500),  # an area that only touches Zona B's edge: outside
                     box(1900, 0, 2500, 500)], dtype=object)  # overlaps it: inside
    inside, labels = in_restricted(regs, areas, names)
    assert inside.tolist() == [True, True, False, False, True]
    assert labels == ["Reserva A; Zona B", "Zona B", "", "", "Zona B"]


def test_in_restricted_empty():
    none = np.array([], dtype=object)
    inside, labels = in_restricted(none, np.array([box(0, 0, 1, 1)], dtype=object), text(["A"]))
    assert len(inside) == 0 and labels == []
    inside, labels = in_restricted(np.array([shapely.Point(0, 0)], dtype=object), none, text([]))
    assert inside.tolist() == [False] and labels == [""]


# --- overlaps --------------------------------------------------------------------------------

def _overlap_claims():
    claims = pd.DataFrame({
        "code": ["A", "B", "C", "D"],
        "filed_on": pd.to_datetime(["2005-01-01", "2001-01-01", "2001-01-01", "2010-01-01"]),
        "filed_time": [0.0] * 4,
        "legal_state": ["titled", "pending", "titled", "extinct"],
    })
    geoms = np.array([
        box(0, 0, 1000, 1000),  # A
        box(500, 0, 1500, 1000),  # B: 50 ha over A
        box(500, 500, 1000, 1000),  # C: inside A and B, 25 ha with each
        box(1500, 0, 2500, 1000),  # D: touches B along an edge only
    ], dtype=object)
    return claims, geoms


def _overlaps(geoms, claims):
    senior = seniority(claims["filed_on"], claims["filed_time"], claims["code"])
    return overlap_pairs(geoms, claims["code"], claims["legal_state"], senior, **RULES["overlap"])


def test_overlap_pairs_by_hand():
    claims, geoms = _overlap_claims()
    pairs, per_claim = _overlaps(geoms, claims)
    found = {(r.code_a, r.code_b): (round(r.overlap_ha, 6), r.senior_code) for r in pairs.itertuples()}
    # B and C were filed the same day: the code decides seniority.
    assert found == {("A", "B"): (50.0, "B"), ("A", "C"): (25.0, "C"), ("B", "C"): (25.0, "B")}
    # A is covered by B over 50 ha (C's 25 ha lie inside that): each square metre once.
    assert np.round(per_claim, 6).tolist() == [50.0, 50.0, 25.0, 0.0]


def test_overlap_below_the_minimum_is_not_an_overlap():
    claims, geoms = _overlap_claims()
    geoms = np.array([box(0, 0, 1000, 1000), box(999.95, 0, 2000, 1000)], dtype=object)  # 0.005 ha
    pairs, per_claim = _overlaps(geoms, claims.iloc[:2])
    assert pairs.empty and per_claim.tolist() == [0.0, 0.0]


def test_a_sliver_along_a_shared_edge_is_no_overlap_however_long():
    claims, _ = _overlap_claims()
    # A 10 km claim and its neighbour overlapping by 0.4 m all along the edge (0.4 ha), as
    # claims stored in degrees do; and a claim 20 m over its neighbour along 1 km (2 ha):
    # narrow, but a real overlap.
    geoms = np.array([box(0, 0, 10_000, 1000), box(0, 999.6, 10_000, 2000),
                      box(20_000, 0, 21_000, 1000), box(20_000, 980, 21_000, 1980)], dtype=object)
    pairs, per_claim = _overlaps(geoms, claims)
    assert [(r.code_a, r.code_b, round(r.overlap_ha, 6)) for r in pairs.itertuples()] == [("C", "D", 2.0)]
    assert np.round(per_claim, 6).tolist() == [0.0, 0.0, 2.0, 2.0]
    senior = seniority(claims["filed_on"], claims["filed_time"], claims["code"])
    every, _ = overlap_pairs(geoms, claims["code"], claims["legal_state"], senior, min_ha=0.01, min_width_m=0.0)
    assert sorted(zip(every["code_a"], every["code_b"], every["overlap_ha"].round(6), strict=True)) == [("A", "B", 0.4), ("C", "D", 2.0)]


def test_overlaps_just_wider_and_narrower_than_the_minimum_width_and_an_invalid_claim():
    """Only pairs whose claims, shrunk, still meet are cut (overlaps._may_overlap): an overlap
    2.02 m wide all along a 1 km edge is one, 1.98 m is not; a tilted strip 2.02 m wide is one;
    a pinched claim (invalid: its shrinking is not to be trusted) keeps its overlap."""
    claims, _ = _overlap_claims()
    tilted = shapely.affinity.rotate(box(0, 0, 1000, 1000), 37, origin=(0, 0))
    neighbour = shapely.affinity.rotate(box(0, 997.98, 1000, 2000), 37, origin=(0, 0))
    geoms = np.array([box(0, 0, 1000, 1000), box(0, 997.98, 1000, 2000),  # 2.02 m: an overlap
                      box(5000, 0, 6000, 1000), box(5000, 998.02, 6000, 2000),  # 1.98 m: none
                      ], dtype=object)
    pairs, _ = _overlaps(geoms, claims)
    assert [(r.code_a, r.code_b, round(r.overlap_ha, 3)) for r in pairs.itertuples()] == [("A", "B", 0.202)]
    pairs, _ = _overlaps(np.array([tilted, neighbour], dtype=object), claims.iloc[:2])
    assert [(r.code_a, r.code_b, round(r.overlap_ha, 3)) for r in pairs.itertuples()] == [("A", "B", 0.202)]
    # Two triangles meeting at one vertex drawn as one ring: invalid (self-intersection at 500, 500).
    pinched = shapely.Polygon([(0, 0), (1000, 0), (500, 500), (1000, 1000), (0, 1000), (500, 500), (0, 0)])
    assert not shapely.is_valid(pinched)
    pairs, _ = _overlaps(np.array([pinched, box(900, 0, 1900, 1000)], dtype=object), claims.iloc[:2])
    assert [(r.code_a, r.code_b, round(r.overlap_ha, 6)) for r in pairs.itertuples()] == [("A", "B", 1.0)]


def test_overlaps_empty():
    claims, _ = _overlap_claims()
    pairs, per_claim = _overlaps(np.array([], dtype=object), claims.iloc[:0])
    assert pairs.empty and len(per_claim) == 0


# --- districts -------------------------------------------------------------------------------

def _district_layers():
    place = {"department": "PUNO", "province": "SANDIA"}
    conc = pd.DataFrame({
        **{k: [v] * 4 for k, v in place.items()},
        "district": ["LIMBANI", "LIMBANI", "LIMBANI", "PATAMBUCO"],
        "code": ["A", "B", "C", "D"],
        "legal_state": ["titled", "titled", "extinct", "pending"],
        "area_ha": [100.0, 300.0, 50.0, 200.0],
        "idle": pd.array([True, False, NA, NA], dtype="boolean"),
        "n_active_registrations": [0, 2, 0, 0],
    })
    reg = pd.DataFrame({
        **{k: [v] * 3 for k, v in place.items()},
        "district": ["LIMBANI", "LIMBANI", "CUYOCUYO"],
        "reg_status": ["active", "active", "suspended"],
        "relation": ["third_party_large", "third_party_large", "no_concession"],
        "conflict_type": ["coexistence_candidate", "third_party", "no_concession"],
        "mineral": ["gold", "copper", "unknown"],
    })
    return conc, reg


def test_district_summary_by_hand():
    table = district_summary(*_district_layers()).set_index("district")
    assert table.index.tolist() == ["CUYOCUYO", "LIMBANI", "PATAMBUCO"]
    limbani = table.loc["LIMBANI"]
    assert (limbani["n_concessions"], limbani["n_idle"]) == (3, 1)
    assert (limbani["titled_ha"], limbani["extinct_ha"], limbani["idle_ha"]) == (400.0, 50.0, 100.0)
    assert (limbani["n_registrations"], limbani["n_active_registrations"]) == (2, 2)
    assert limbani["relation_third_party_large"] == 2 and limbani["conflict_coexistence_candidate"] == 1
    assert limbani["m_informal_share"] == 0.75  # 300 of 400 titled ha host an active registration
    assert table.loc["PATAMBUCO", "pending_ha"] == 200.0
    assert pd.isna(table.loc["PATAMBUCO", "m_informal_share"])  # no titled ground: m is undefined
    assert table.loc["CUYOCUYO", "n_concessions"] == 0 and table.loc["CUYOCUYO", "n_registrations"] == 1


def test_district_summary_counts_claims_of_unknown_state_apart():
    conc, reg = _district_layers()
    conc.loc[3, "legal_state"] = "unknown"  # PATAMBUCO's claim came from an extract without state
    reg.loc[2, ["relation", "conflict_type"]] = "unknown_state"
    table = district_summary(conc, reg).set_index("district")
    assert (table.loc["PATAMBUCO", "unknown_state_ha"], table.loc["PATAMBUCO", "pending_ha"]) == (200.0, 0.0)
    assert table.loc["LIMBANI", "unknown_state_ha"] == 0.0
    assert table.loc["CUYOCUYO", "relation_unknown_state"] == 1 and table.loc["CUYOCUYO", "conflict_unknown_state"] == 1


def test_district_summary_of_claims_and_registrations_under_several_districts():
    conc, reg = _district_layers()
    # B lies on the Limbani-Patambuco boundary; its registrations took its districts as theirs.
    conc.loc[1, "district"] = "LIMBANI / PATAMBUCO"
    reg.loc[1, "district"] = "LIMBANI / PATAMBUCO"
    loss = pd.DataFrame({"department": "PUNO", "province": "SANDIA",
                         "district": ["LIMBANI", "LIMBANI / PATAMBUCO", "PATAMBUCO"], "loss_ha": [4.0, 10.0, 1.0]})
    table = district_summary(conc, reg, loss).set_index("district")
    assert table.index.tolist() == ["CUYOCUYO", "LIMBANI", "PATAMBUCO"]
    assert table["n_concessions"].tolist() == [0, 3, 2]
    assert table["titled_ha"].tolist() == [0.0, 250.0, 150.0]  # A's 100 and half of B's 300; half of B's
    assert table["titled_ha"].sum() == 400.0
    assert table["loss_ha"].tolist()[1:] == [9.0, 6.0]
    assert table["n_registrations"].tolist() == [1, 2, 1]
    assert table.loc["LIMBANI", "m_informal_share"] == 0.6  # 150 of 250 titled ha host an active registration
    assert table.loc["PATAMBUCO", "m_informal_share"] == 1.0


def test_per_district_pairs_provinces_named_as_many_times():
    frame = pd.DataFrame({"department": ["PUNO", "MOQUEGUA"], "province": ["SANDIA", "MARISCAL NIETO / SANCHEZ CERRO"],
                          "district": ["LIMBANI", "CARUMAS / ICHUNA"], "area_ha": [100.0, 80.0]})
    out = per_district(frame, split=["area_ha"])
    assert out.values.tolist() == [["PUNO", "SANDIA", "LIMBANI", 100.0],
                                   ["MOQUEGUA", "MARISCAL NIETO", "CARUMAS", 40.0],
                                   ["MOQUEGUA", "SANCHEZ CERRO", "ICHUNA", 40.0]]
    assert n_districts(pd.Series(["LIMBANI", "A / B", "A - B, C", "", None, "HUAC-HUAS"])).tolist() == [1, 2, 3, 0, 0, 1]


def test_per_district_rows_in_order_places_split_once_and_no_rows():
    """Rows sharing a place, a place naming three districts in one province (kept whole for
    each), an empty place and a missing one: each row repeated once per district it names, in
    the rows' order, its hectares divided among them; no rows give no rows."""
    frame = pd.DataFrame({"department": ["PUNO", "PUNO", None, "PUNO", ""],
                          "province": ["SANDIA", "SANDIA", None, "SANDIA", ""],
                          "district": ["A / B, C", "LIMBANI", None, "A / B, C", ""],
                          "code": ["1", "2", "3", "4", "5"], "area_ha": [90.0, 10.0, 5.0, 30.0, 7.0]})
    out = per_district(frame, split=["area_ha"])
    assert out.values.tolist() == [
        ["PUNO", "SANDIA", "A", "1", 30.0], ["PUNO", "SANDIA", "B", "1", 30.0], ["PUNO", "SANDIA", "C", "1", 30.0],
        ["PUNO", "SANDIA", "LIMBANI", "2", 10.0],
        ["", "", "", "3", 5.0],
        ["PUNO", "SANDIA", "A", "4", 10.0], ["PUNO", "SANDIA", "B", "4", 10.0], ["PUNO", "SANDIA", "C", "4", 10.0],
        ["", "", "", "5", 7.0]]
    assert out.index.tolist() == list(range(9))
    empty = per_district(frame.iloc[:0], split=["area_ha"])
    assert empty.empty and list(empty.columns) == list(frame.columns)


def test_district_summary_empty():
    conc, reg = _district_layers()
    assert district_summary(conc.iloc[:0], reg.iloc[:0]).empty


def test_claimed_ground_unites_only_overlapping_claims_of_one_place():
    import geopandas as gpd

    claims, geoms = _overlap_claims()
    frame = gpd.GeoDataFrame({"department": "X", "province": "Y", "district": ["a", "a", "b", "a"]},
                             geometry=list(geoms), crs="EPSG:32718")
    # A and B overlap in district a; C lies in district b, so it is not united with them.
    pieces, unions = claimed_ground(frame, (np.array([0, 0, 1]), np.array([1, 2, 2])))
    assert sorted(pieces.loc[pieces["claim"] >= 0, "claim"].tolist()) == [2, 3]
    assert len(unions) == 1 and unions.iloc[0].area == pytest.approx(1500 * 1000)
    pieces, unions = claimed_ground(frame.iloc[:0], (np.array([], int), np.array([], int)))
    assert pieces.empty and unions.empty


# --- idle: evidence sources ----------------------------------------------------------------

REFERENCE = dt.date(2025, 6, 30)  # lookback 5 years: records from 2020 on count


def _idle(legal_state, years, evidence):
    idle, cells = idle_claims(pd.Series(legal_state, dtype=object), pd.Series(years, dtype="Int64"), evidence, RULES)
    return idle.tolist(), [[(r.code, dict(r.values)) for r in decode(c)] for c in cells]


def test_penalty_roll_speaks_for_payers_only():
    codes = text(["010000001", "10000002", "010000003"])
    roll = pd.DataFrame({"code": ["10000001", "010000002", "010000002"], "year": [2023, 2012, 2015]})
    evidence = penalty_evidence(codes, roll, REFERENCE, RULES)
    # 0 paid in 2023 (a code written without its leading zero); 2 paid before the window; 3 never.
    assert evidence.active.tolist() == [False, NA, NA]
    idle, why = _idle(["titled"] * 3, [25, 25, 25], [evidence])
    assert idle == [True, NA, NA]
    assert why == [[("idle.idle", {"years": 25}), ("idle.penalty", {"year": 2023})],
                   [("idle.no_evidence", {})], [("idle.no_evidence", {})]]


def test_production_outweighs_a_penalty_and_no_source_is_no_answer():
    codes = text(["A", "B", "C", "D"])
    roll = pd.DataFrame({"code": ["A", "B"], "year": [2022, 2022]})
    production = pd.DataFrame({"code": ["A", "C"], "year": [2024, 2010]})
    sources = [production_evidence(codes, production, REFERENCE, RULES)[0], penalty_evidence(codes, roll, REFERENCE, RULES)]
    idle, why = _idle(["titled", "titled", "titled", "pending"], [25, 25, 25, 25], sources)
    # A produced in 2024: worked, whatever the roll says. B: no production and a penalty: idle.
    # C: last production 2010, before the window. D is not titled.
    assert idle == [False, True, True, False]
    assert why[0] == [("idle.production", {"year": 2024})]
    assert why[1] == [("idle.idle", {"years": 25}), ("idle.no_production", {}), ("idle.penalty", {"year": 2022})]
    assert why[2] == [("idle.idle", {"years": 25}), ("idle.no_production_since", {"year": 2020, "last": 2010})]
    assert why[3] == [("idle.not_titled", {})]


def test_idle_young_undated_and_without_evidence():
    idle, why = _idle(["titled", "titled", "titled"], [4, None, 30], [])
    assert idle == [False, NA, NA]
    assert why == [[("idle.young", {"years": 4, "min": 10})], [("idle.no_date", {})], [("idle.no_evidence", {})]]


def test_idle_unknown_state_is_neither_idle_nor_not():
    codes = text(["A", "B"])
    production = pd.DataFrame({"code": ["A"], "year": [2010]})
    idle, why = _idle(["unknown", "titled"], [25, 25], [production_evidence(codes, production, REFERENCE, RULES)[0]])
    assert idle == [NA, True]
    assert why[0] == [("idle.unknown_state", {})]


def test_idle_empty():
    idle, why = _idle([], [], [penalty_evidence(text([]), pd.DataFrame({"code": [], "year": []}), REFERENCE, RULES)])
    assert idle == [] and why == []


# --- coexistence ---------------------------------------------------------------------------

def _registration(**changes):
    """A registration and what is known of its host (the ``host_`` keys), as two frames."""
    row = {"reg_status": "active", "relation": "third_party_large", "host_idle": False, "host_substance": "M",
           "activity": "EXPLOTACION", "deposit_type": "hard_rock", "_in_prohibited": False,
           "restricted_category": "", "in_allowed_zone": NA,
           "declared_code_match": True, "n_hosts": 1, "registered_on": pd.Timestamp("2015-01-01"),
           "host_recent_production": True, "host_loss_active": False, "host_active_registrations": 2,
           "located_by": "coordinates", "host_holder_type": "company", "host_stratum": "large", "host_plant_km": np.nan}
    row.update(changes)
    reg = pd.DataFrame([{k: v for k, v in row.items() if not k.startswith("host_")}])
    host = pd.DataFrame([{k.removeprefix("host_"): v for k, v in row.items() if k.startswith("host_")}])
    for name in ("idle", "recent_production", "loss_active"):
        host[name] = host[name].astype("boolean")
    return reg, host


COEXISTENCE_CASES = [
    # (changes, candidate, score, reason codes) -- the score adds up by hand from rules.toml:
    # base 30 + production 25 + declared 15 + single host 10 + established 10 + group 10.
    ({}, True, 100, ["coexistence.base", "coexistence.hard_rock", "coexistence.host_recent_production",
                     "coexistence.declared_code_match", "coexistence.single_host", "coexistence.established",
                     "coexistence.group"]),
    ({"host_recent_production": False, "host_loss_active": True, "declared_code_match": NA, "n_hosts": 2,
      "registered_on": pd.Timestamp("2024-01-01"), "host_active_registrations": 1},
     True, 45, ["coexistence.base", "coexistence.hard_rock", "coexistence.host_loss_since_filed"]),
    ({"host_idle": NA, "host_recent_production": False, "declared_code_match": False, "n_hosts": 2,
      "registered_on": pd.NaT, "host_active_registrations": 1},
     True, 30, ["coexistence.base", "coexistence.hard_rock", "coexistence.activity_unknown"]),
    ({"reg_status": "suspended"}, False, 0, ["coexistence.fails.not_active"]),
    ({"host_idle": True}, False, 0, ["coexistence.fails.host_idle"]),
    ({"host_substance": "N"}, False, 0, ["coexistence.fails.not_metallic"]),
    ({"deposit_type": "alluvial"}, False, 0, ["coexistence.fails.alluvial"]),
    ({"_in_prohibited": True, "restricted_category": "prohibited"}, False, 0, ["coexistence.fails.restricted"]),
    # A conditional area (buffer zone, national reserve) leaves it a candidate: 100 - 15.
    ({"restricted_category": "conditional"}, True, 85,
     ["coexistence.base", "coexistence.hard_rock", "coexistence.host_recent_production",
      "coexistence.declared_code_match", "coexistence.single_host", "coexistence.established",
      "coexistence.group", "coexistence.conditional_area"]),
    # Outside Madre de Dios' corridor (an allowed zone where they are the line): never formalizable.
    ({"in_allowed_zone": False}, False, 0, ["coexistence.fails.outside_allowed_zone"]),
    ({"in_allowed_zone": True}, True, 100, ["coexistence.base", "coexistence.hard_rock",
                                            "coexistence.host_recent_production", "coexistence.declared_code_match",
                                            "coexistence.single_host", "coexistence.established", "coexistence.group"]),
    ({"relation": "third_party_small"}, False, 0, []),  # not on a large company's claim: nothing to say
    # Placed on its declared claim (no coordinates): a candidate when all else holds, said so;
    # its declared-code match is no evidence (<NA>): 30 + 25 + 10 + 10 + 10.
    ({"located_by": "declared_code", "declared_code_match": NA}, True, 85,
     ["coexistence.base", "coexistence.hard_rock", "coexistence.host_recent_production", "coexistence.single_host",
      "coexistence.established", "coexistence.group", "coexistence.declared_location"]),
    # Its claim lies partly in a prohibited area: not known to be outside, not said to be inside.
    ({"located_by": "declared_code", "declared_code_match": NA, "_in_prohibited": NA}, False, 0,
     ["coexistence.fails.restricted_unknown"]),
]


@pytest.mark.parametrize(("changes", "candidate", "score", "codes"), COEXISTENCE_CASES)
def test_coexistence(changes, candidate, score, codes):
    reg, host = _registration(**changes)
    found, points, cells = coexistence(reg, host, REFERENCE, RULES)
    assert found.tolist() == [candidate] and points.tolist() == [score]
    assert [r.code for r in decode(cells.iloc[0])] == codes


def test_coexistence_empty():
    reg, host = _registration()
    found, points, cells = coexistence(reg.iloc[:0], host.iloc[:0], REFERENCE, RULES)
    assert found.empty and points.empty and cells.empty


# --- forest loss ---------------------------------------------------------------------------

def _loss_case(tmp_path):
    """A 40 x 40 Hansen-style raster lost everywhere in 2021, and three claims on its pixel edges:
    A (columns 0-20) and B (10-30) overlap in district d1, on rows 0-20; C lies alone in d2."""
    import geopandas as gpd

    from concession_gis.raster.sources import open_loss_sources
    from tests.raster_fixtures import corner, hansen_transform, lonlat_pixel_m2, write_raster

    transform = hansen_transform()
    path = write_raster(tmp_path / "loss.tif", np.full((40, 40), 21, dtype=np.uint8), transform)

    def pixels(c0, r0, c1, r1):
        (west, north), (east, south) = corner(transform, c0, r0), corner(transform, c1, r1)
        truth = (c1 - c0) * sum(lonlat_pixel_m2(transform, r) for r in range(r0, r1)) / 1e4
        return shapely.box(west, south, east, north), truth

    shapes, truths = zip(*[pixels(0, 0, 20, 20), pixels(10, 0, 30, 20), pixels(0, 25, 10, 35)], strict=True)
    claims = gpd.GeoDataFrame({"code": ["A", "B", "C"], "filed_on": pd.to_datetime(["2010-01-01"] * 3),
                               "department": "X", "province": "Y", "district": ["d1", "d1", "d2"]},
                              geometry=list(shapes), crs="EPSG:4326")
    union_d1 = pixels(0, 0, 30, 20)[1]
    return open_loss_sources([str(path)]), claims, truths, union_d1


def _forest_loss(sources, claims, overlapping, registrations, restricted):
    from concession_gis.analysis.forest_loss import forest_loss
    from concession_gis.geodesy import lonlat_bounds, to_working, working_crs
    from concession_gis.progress import Feedback

    crs = working_crs(lonlat_bounds(claims))
    # As the pipeline passes them: the registrations already in the working CRS.
    return forest_loss(sources, claims, overlapping, to_working(registrations, crs), restricted, crs, RULES, Feedback())


def test_forest_loss_per_claim_per_layer_and_each_hectare_once(tmp_path):
    import geopandas as gpd

    sources, claims, (a, b, c), union_d1 = _loss_case(tmp_path)
    restricted = gpd.GeoSeries([claims.geometry.iloc[2]], crs="EPSG:4326")  # C's ground, protected
    from tests.raster_fixtures import corner, hansen_transform

    centre = shapely.Point(*corner(hansen_transform(), 20, 20))  # 540 m from every edge
    registrations = gpd.GeoSeries([centre], crs="EPSG:4326")
    loss = _forest_loss(sources, claims, (np.array([0]), np.array([1])), registrations, restricted)
    assert loss.per_claim["loss_ha"].to_numpy() == pytest.approx([a, b, c], rel=1e-6)
    assert loss.per_claim["loss_since_filed_ha"].to_numpy() == pytest.approx([a, b, c], rel=1e-6)
    assert loss.per_claim["raster_coverage"].tolist() == pytest.approx([1.0] * 3)
    assert loss.by_year.groupby("code")["loss_ha"].sum().to_numpy() == pytest.approx([a, b, c], rel=1e-6)
    assert set(loss.by_year["year"]) == {2021}
    assert loss.in_restricted == pytest.approx([c], rel=1e-6)
    # Its 500 m buffer lies inside the raster's 1.1 km square, lost all over: about pi * 25 ha.
    assert loss.around_registrations == pytest.approx([np.pi * 25], rel=0.01)
    # A and B overlap: on the ground their shared hectares count once, in d1 and overall.
    by_district = loss.by_district.set_index("district")["loss_ha"]
    assert by_district["d1"] == pytest.approx(union_d1, rel=1e-6) and union_d1 < a + b
    assert by_district["d2"] == pytest.approx(c, rel=1e-6)
    assert loss.claimed_ground_ha == pytest.approx(union_d1 + c, rel=1e-6)


def test_forest_loss_empty(tmp_path):
    import geopandas as gpd

    sources, claims, _, _ = _loss_case(tmp_path)
    nothing = gpd.GeoSeries([], crs="EPSG:4326")
    none = np.array([], dtype=np.int64)
    loss = _forest_loss(sources, claims.iloc[:1], (none, none), nothing, nothing)
    assert len(loss.around_registrations) == 0 and len(loss.in_restricted) == 0
    with pytest.warns(NoOverlapWarning, match="loss.tif"):  # no claim for the raster to cover
        loss = _forest_loss(sources, claims.iloc[:0], (none, none), nothing, nothing)
    assert loss.per_claim.empty and loss.by_year.empty and loss.by_district.empty
    assert loss.claimed_ground_ha == 0.0
