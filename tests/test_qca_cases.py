"""The QCA-ready cases table (issue 18): hand-made claims whose crisp and fuzzy memberships were
worked out by hand from the documented calibration (rules.toml [qca], docs/domain.md "QCA cases"):
the direct method, logistic with log-odds ln(0.95/0.05) = 2.944 at the anchors.
"""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from concession_gis.analysis.cases import CASES, calibrate, qca_cases
from concession_gis.errors import RulesError
from concession_gis.rules import load_rules

RULES = load_rules(overrides={"reference_date": "2025-06-30"})
REFERENCE = dt.date(2025, 6, 30)

CLAIMS = pd.DataFrame({
    "code": ["A", "B", "C", "D", "E"],
    "name": ["ALFA", "BETA", "GAMA", "DELTA", "EPSILON"],
    "holder": ["MINERA GRANDE SAA", "MEDIANA SAC", "JUAN PEREZ", "MINERA GRANDE SAA", "GRUPO SAC"],
    "stratum": ["large", "medium", "small", "large", "large_medium"],
    "department": "PUNO", "province": "CARABAYA", "district": "AYAPATA",
    "area_ha": [100.0, 200.0, 50.0, 80.0, 50.0],
    "overlap_ha": [10.0, 0.0, 0.0, 0.0, 25.0],
    "n_active_registrations": [3, 1, 5, 0, 10],
    "idle": pd.array([False, True, False, False, pd.NA], dtype="boolean"),
    "last_production_year": pd.array([2024, pd.NA, pd.NA, pd.NA, pd.NA], dtype="Int64"),
    "loss_by_holder_ha": [0.0, 0.0, 0.0, 0.0, np.nan],
    "loss_ha": [12.0, 5.0, 0.0, 0.0, np.nan],  # E lies off the raster
})
# (host, status, deposit, category, relation, candidate)
REGISTRATIONS = [
    (0, "active", "hard_rock", "", "third_party_large", True),
    (0, "active", "hard_rock", "conditional", "third_party_large", False),
    (0, "active", "alluvial", "", "third_party_large", False),
    (0, "suspended", "hard_rock", "prohibited", "third_party_large", False),  # not active: not counted
    (1, "active", "unknown", "", "contract", False),
    *[(2, "active", "alluvial", "", "third_party_small", False)] * 5,
    *[(4, "active", "hard_rock", "prohibited", "third_party_large", False)] * 10,
]
LOSS_BY_YEAR = pd.DataFrame({
    "code": ["A"] * 5 + ["B"],
    "year": [2019, 2020, 2022, 2023, 2024, 2020],
    "loss_ha": [2.0, 2.0, 1.0, 3.0, 4.0, 5.0],
    "source": "lossyear.tif",
})


@pytest.fixture(scope="module")
def cases():
    reg = pd.DataFrame(REGISTRATIONS, columns=["host", "reg_status", "deposit_type", "restricted_category",
                                               "relation", "coexistence"])
    return qca_cases(CLAIMS, reg, reg["host"].to_numpy(), LOSS_BY_YEAR, REFERENCE, RULES).set_index("case")


def test_one_row_per_large_or_medium_claim_with_active_miners(cases):
    # C is a small holder's, D has no active miner.
    assert cases.index.tolist() == ["A", "B", "E"]


def test_crisp_and_fuzzy_memberships_by_hand(cases):
    a, b, e = cases.loc["A"], cases.loc["B"], cases.loc["E"]
    # Overlap share 0.1 (10 of 100 ha): 2.944 * (0.1 - 0.05) / (0.25 - 0.05) = 0.736 -> 0.676.
    assert (a["overlap"], a["overlap_fz"]) == (1, 0.676)
    # B: 0 -> at the exclusion anchor, 0.05. E: 0.5 -> 2.944 * 0.45 / 0.2 = 6.62 -> 0.999.
    assert (b["overlap"], b["overlap_fz"]) == (0, 0.05)
    assert (e["overlap"], e["overlap_fz"]) == (1, 0.999)
    # Miners: 3 is the crossover, 0.5, written 0.501 (fs/QCA drops cases at 0.5); 1 -> 0.05; 10 -> 0.95.
    assert (a["miners"], a["miners_fz"]) == (1, 0.501)
    assert (b["miners"], b["miners_fz"]) == (0, 0.05)
    assert (e["miners"], e["miners_fz"]) == (1, 0.95)
    # Holder activity: production in 2024 (>= 2025 - 5) -> 1; idle -> 0; unknown -> empty.
    assert (a["holder_active"], a["holder_active_fz"]) == (1, 1.0)
    assert (b["holder_active"], b["holder_active_fz"]) == (0, 0.0)
    assert pd.isna(e["holder_active"]) and np.isnan(e["holder_active_fz"])
    # Hard rock among the active miners of known deposit: A 2 of 3; B none known; E 10 of 10.
    assert (a["hard_rock"], a["hard_rock_fz"]) == (1, 0.667)
    assert pd.isna(b["hard_rock"]) and np.isnan(b["hard_rock_fz"])
    assert (e["hard_rock"], e["hard_rock_fz"]) == (1, 1.0)
    # Restricted: A's active miner in a conditional area (the suspended one in a prohibited area
    # does not count) -> 0.67; B none -> 0; E prohibited -> 1.
    assert (a["restricted"], a["restricted_fz"]) == (1, 0.67)
    assert (b["restricted"], b["restricted_fz"]) == (0, 0.0)
    assert (e["restricted"], e["restricted_fz"]) == (1, 1.0)
    # Loss: the raster's last year is 2024; A lost 1 + 3 + 4 = 8 ha in 2022-2024 and 2 + 2 = 4 in
    # 2019-2021: ratio 2, the inclusion anchor, 0.95. B lost 5 ha in 2020 and none since: ratio
    # 0, 2.944 * (0 - 1) / (1 - 0.5) = -5.889 -> 0.003. E lies off the raster: empty.
    assert (a["loss_recent_ha"], a["loss_before_ha"], a["loss_rising"], a["loss_rising_fz"]) == (8.0, 4.0, 1, 0.95)
    assert (b["loss_recent_ha"], b["loss_before_ha"], b["loss_rising"], b["loss_rising_fz"]) == (0.0, 5.0, 0, 0.003)
    assert pd.isna(e["loss_rising"]) and np.isnan(e["loss_recent_ha"])
    # Contract with the holder: B's miner; coexistence candidates: A's first miner.
    assert cases["contract"].tolist() == [0, 1, 0] and cases["contract_fz"].tolist() == [0.0, 1.0, 0.0]
    assert cases["coexistence_candidate"].tolist() == [1, 0, 0]


def test_the_conditions_only_a_person_can_code_are_empty(cases):
    for column in ("company_tolerance", "enforcement_capacity", "alternative_livelihoods",
                   "asm_political_influence", "outcome"):
        assert cases[column].isna().all()


def test_calibration_anchors_must_grow():
    assert calibrate([0.05], 0.0, 0.05, 0.25).round(3).tolist() == [0.5]
    with pytest.raises(RulesError):
        calibrate([1.0], 0.25, 0.05, 0.5)


def test_a_run_writes_the_cases_table_a_qca_reader_takes(tmp_path):
    """Read back as R's read.csv or fs/QCA would: plain names, numbers, empty cells for NA."""
    from concession_gis.cli import main

    out = tmp_path / "out"
    assert main(["analyze", "--out", str(out), "--no-map", "--quiet", "--format", "csv", "--lang", "es"]) == 0
    # Named in the run's language like every table, but written for programs: plain names and
    # codes, comma-separated, decimal point, no byte-order mark (R's read.csv reads it as is).
    raw = (out / "casos_qca.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert rows, "the demo has large companies' claims with active miners"
    header = list(rows[0])
    assert header == list(CASES)
    assert all(name.isidentifier() and name.islower() for name in header)
    for row in rows:
        for name in ("overlap", "miners", "contract", "coexistence_candidate"):
            assert row[name] in ("0", "1")
        for name in ("overlap_fz", "miners_fz", "restricted_fz", "contract_fz"):
            value = float(row[name])
            assert 0.0 <= value <= 1.0 and value != 0.5
        assert row["company_tolerance"] == "" and row["outcome"] == ""
