"""The bundled demo is a hand-built case: every expected outcome below was decided when the demo
was designed (see concession_gis/sample/demo.py), not read from the code's output."""

from __future__ import annotations

import pandas as pd
import pytest

from concession_gis.columns import CONFLICT_TYPES, RELATIONS, STRATA
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.reasons import decode, render
from tests.conftest import demo_inputs

# reg_id: (host_code or None, relation, conflict_type, n_hosts)
EXPECTED_REGISTRATIONS = {
    "0010231": ("010000198", "third_party_large", "coexistence_candidate", 2),
    "0010232": ("010000198", "third_party_large", "coexistence_candidate", 1),
    "0010233": ("010000245", "third_party_large", "coexistence_candidate", 1),
    "0010234": ("010003112", "third_party_large", "coexistence_candidate", 1),
    "0010235": ("010000198", "third_party_large", "third_party", 1),  # suspended
    "0010236": ("010000245", "third_party_large", "third_party", 1),  # alluvial
    "0010237": ("010011397", "third_party_large", "speculation", 1),
    "0010238": ("010011397", "third_party_large", "speculation", 1),
    "0010239": ("010011398", "third_party_large", "speculation", 1),
    "0010240": ("010011398", "third_party_large", "speculation", 2),  # titled beats pending
    "0010241": ("070004518", "third_party_large", "third_party", 1),  # medium by --holders
    "0010242": ("070004518", "third_party_large", "third_party", 1),
    "0010243": ("070004518", "third_party_large", "third_party", 1),
    "0010244": ("010020011", "third_party_small", "speculation", 1),  # its contract expired in 2019
    "0010245": ("010020012", "contract", "contract", 1),  # exploitation contract with the holder, by RUC
    "0010246": ("010020012", "contract", "contract", 1),  # assignment, matched by name (no RUC)
    "0010247": ("010030555", "own_title", "own_title", 1),
    "0010248": ("010045678", "pending_claim", "pending_claim", 1),
    "0010249": ("010045678", "pending_claim", "pending_claim", 1),
    "0010250": ("010045990", "pending_claim", "pending_claim", 1),
    "0010251": ("010000001", "extinct_claim", "blocked", 1),
    "0010252": ("010000001", "extinct_claim", "blocked", 1),
    "0010253": ("010009999", "extinct_claim", "blocked", 1),  # extinct by LEYENDA text only
    "0010254": ("010060100", "third_party_small", "speculation", 1),  # titled by LEYENDA text only
    "0010255": ("010070707", "third_party_small", "third_party", 1),  # young claim, not idle
    "0010256": (None, "no_concession", "no_concession", 0),
    "0010257": (None, "no_concession", "no_concession", 0),
    "0010258": (None, "no_concession", "no_concession", 0),
    "0010259": (None, "no_concession", "restricted_area", 0),
    "0010260": (None, "no_concession", "restricted_area", 0),
    "0010261": (None, "no_concession", "no_concession", 1),  # only a quarry ('other') there
}

# code: (legal_state, stratum, idle)
EXPECTED_CONCESSIONS = {
    "010000198": ("titled", "large", False),  # large by --holders
    "010004410": ("titled", "large", False),
    "010000245": ("titled", "large", False),
    "010003112": ("titled", "large", False),
    "010011397": ("titled", "large_medium", True),
    "010011398": ("titled", "large_medium", True),
    "070004518": ("titled", "medium", False),  # medium by --holders, 800 ha
    "010088123": ("titled", "small", False),  # filed 2016: 8 years at the reference date
    "010020011": ("titled", "small", True),
    "010020012": ("titled", "small", False),
    "010030555": ("titled", "artisanal", True),
    "010045678": ("pending", "large", False),  # 1,800 ha of Andina's group
    "010045990": ("pending", "large", False),
    # La Fortuna holds extinct claims only: no hectares in force to size it by (it read artisanal)
    "010000001": ("extinct", "unknown", False),
    "010000077": ("extinct", "unknown", False),
    "010009999": ("extinct", "unknown", False),
    "010050001": ("other", "artisanal", False),
    "010060100": ("titled", "artisanal", True),
    "010070707": ("titled", "small", False),
    "010080808": ("other", "large", False),  # Andina's processing plant
}


def by_id(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.set_index(column)


def test_every_hand_built_registration_outcome(demo_results):
    reg = by_id(demo_results.registrations, "reg_id")
    for reg_id, (host, relation, conflict, n_hosts) in EXPECTED_REGISTRATIONS.items():
        row = reg.loc[reg_id]
        assert (row["host_code"] if pd.notna(row["host_code"]) else None) == host, reg_id
        assert row["relation"] == relation, reg_id
        assert row["conflict_type"] == conflict, reg_id
        assert row["n_hosts"] == n_hosts, reg_id


def test_every_relation_conflict_type_and_stratum_occurs(demo_results):
    # The demo cadastre has a state column: the codes of unknown states are tested in
    # tests/test_warned_answers.py, on an extract without one.
    reg, conc = demo_results.registrations, demo_results.concessions
    assert set(reg["relation"]) == set(RELATIONS) - {"unknown_state"}
    # The demo has no allowed zones (--allowed-zones): tests/test_allowed_zones.py builds that case.
    assert set(reg["conflict_type"]) == set(CONFLICT_TYPES) - {"unknown_state", "outside_allowed_zone"}
    assert set(conc["stratum"]) == set(STRATA)  # unknown: La Fortuna, with nothing in force


def test_concession_states_strata_and_idle(demo_results):
    conc = by_id(demo_results.concessions, "code")
    for code, (state, stratum, idle) in EXPECTED_CONCESSIONS.items():
        assert conc.loc[code, "legal_state"] == state, code
        assert conc.loc[code, "stratum"] == stratum, code
        assert bool(conc.loc[code, "idle"]) is idle, code


def test_holder_totals_are_sums_of_titled_and_pending_areas(demo_results):
    conc = by_id(demo_results.concessions, "code")
    andina = ["010000198", "010004410", "010000245", "010003112"]
    assert conc.loc["010000198", "holder_total_ha"] == pytest.approx(conc.loc[andina, "area_ha"].sum())
    # The quarry ('other') of the same holder does not count towards San Pedro's total.
    assert conc.loc["010060100", "holder_total_ha"] == pytest.approx(conc.loc["010060100", "area_ha"])


def test_declared_code_match_ignores_lost_leading_zeros(demo_results):
    reg = by_id(demo_results.registrations, "reg_id")
    assert reg.loc["0010232", "declared_code_match"] is True or reg.loc["0010232", "declared_code_match"] == True  # noqa: E712
    assert reg.loc["0010240", "declared_code_match"] == False  # noqa: E712  declared the pending claim
    assert pd.isna(reg.loc["0010233", "declared_code_match"])  # declared nothing


def test_overlaps_name_the_senior_claim(demo_results):
    pairs = demo_results.concession_overlaps
    found = {frozenset((a, b)): senior for a, b, senior in pairs[["code_a", "code_b", "senior_code"]].itertuples(index=False)}
    assert found == {
        frozenset(("010000198", "010000077")): "010000077",  # the extinct 1981 claim is older
        frozenset(("010011398", "010045990")): "010011398",
    }
    assert pairs["overlap_ha"].between(99.9, 100.1).all()  # one 1-km cell each


def test_coexistence_scores_rank_and_explain(demo_results):
    candidates = demo_results.coexistence_candidates
    assert list(candidates["reg_id"]) == ["0010231", "0010232", "0010234", "0010233"]  # ties keep file order
    scores = dict(zip(candidates["reg_id"], candidates["coexistence_score"], strict=True))
    # base 30 + production 25 + declared 15 + single host 10 + established 10 + group 10
    # + Andina's plant 2 to 5 km away 10 (0010232: 110, shown as 100)
    assert scores == {"0010232": 100, "0010231": 100, "0010234": 100, "0010233": 85}
    reasons = dict(zip(candidates["reg_id"], map(codes_of, candidates["coexistence_reason_codes"]), strict=True))
    assert reasons["0010232"] == ["coexistence.base", "coexistence.hard_rock", "coexistence.host_recent_production",
                                  "coexistence.declared_code_match", "coexistence.single_host",
                                  "coexistence.established", "coexistence.group", "coexistence.plant_near"]
    assert "coexistence.declared_code_match" not in reasons["0010233"]


def test_non_candidates_on_company_claims_say_why(demo_results):
    reg = by_id(demo_results.registrations, "reg_id")
    assert "coexistence.fails.alluvial" in codes_of(reg.loc["0010236", "coexistence_reason_codes"])
    assert "coexistence.fails.host_idle" in codes_of(reg.loc["0010237", "coexistence_reason_codes"])
    assert "coexistence.fails.not_active" in codes_of(reg.loc["0010235", "coexistence_reason_codes"])


def test_registrations_in_equal_out_plus_rejected(demo_results):
    counts = demo_results.summary["counts"]
    assert counts["registrations_in"] == 57  # rows in REINFO_registros.csv
    assert counts["registrations_out"] + counts["registrations_rejected"] == counts["registrations_in"]
    rejected = demo_results.rejected_rows
    assert set(rejected["COD_REINFO"]) == {"0010290", "0010291"}
    reasons = dict(zip(rejected["COD_REINFO"], map(codes_of, rejected["reason_codes"]), strict=True))
    assert reasons == {"0010290": ["reject.no_coordinates"], "0010291": ["reject.swapped"]}


def test_without_evidence_idle_is_unknown(demo_dir):
    results = analyze(demo_inputs(demo_dir, activity=None))
    conc = by_id(results.concessions, "code")
    assert pd.isna(conc.loc["010011397", "idle"])  # titled and old: cannot tell
    assert codes_of(conc.loc["010011397", "idle_reason_codes"]) == ["idle.no_evidence"]
    assert conc.loc["010070707", "idle"] == False  # noqa: E712 young: known not idle
    assert conc.loc["010045678", "idle"] == False  # noqa: E712 pending: not idle


def test_district_m_is_share_of_titled_area_with_active_miners(demo_results):
    conc = demo_results.concessions
    table = demo_results.district_summary.set_index("district")
    ayapata = conc[(conc["district"] == "AYAPATA") & (conc["legal_state"] == "titled")]
    hosting = ayapata.loc[ayapata["n_active_registrations"] > 0, "area_ha"].sum()
    assert table.loc["AYAPATA", "m_informal_share"] == pytest.approx(hosting / ayapata["area_ha"].sum(), abs=1e-4)
    assert table.loc["AYAPATA", "m_informal_share"] < 1  # ANDINA IV hosts nobody


def test_reasons_are_put_in_words_in_each_language(demo_results):
    reg = by_id(demo_results.registrations, "reg_id")
    cell = reg.loc["0010232", "coexistence_reason_codes"]
    assert "declaró esta misma concesión" in render(cell, "es")
    assert "declared this very concession" in render(cell, "en")
    rejected = by_id(demo_results.rejected_rows, "COD_REINFO").loc["0010290", "reason_codes"]
    assert (render(rejected, "es"), render(rejected, "en")) == ("sin coordenadas", "no coordinates")
    conc = by_id(demo_results.concessions, "code")
    idle = conc.loc[conc["idle"].fillna(False).astype(bool), "idle_reason_codes"].iloc[0]
    assert render(idle, "es").startswith("titulada hace") and render(idle, "en").startswith("titled")


def codes_of(cell) -> list[str]:
    return [reason.code for reason in decode(cell)]


def test_inputs_list_their_files_concessions_first_without_missing_tables():
    inputs = Inputs(concessions=["a.shp", "b.shp"], registrations=["r.csv"], loss_rasters=["l.tif:lossyear"],
                    restricted=["anp.shp"], holders="h.csv")
    assert inputs.files() == ["a.shp", "b.shp", "r.csv", "l.tif:lossyear", "anp.shp", "h.csv"]
