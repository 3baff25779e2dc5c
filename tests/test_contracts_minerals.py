"""Contracts (--contracts) and minerals, on a hand-built case: every expected value below was
decided by hand from the rows written here (docs/domain.md, "Contracts" and "Minerals").

Reference date 2025-06-30. Claims (1-km cells, titled, filed 2000): 010000001 of MINERA ALFA
(400 ha, artisanal stratum), 010000002 of JUAN PEREZ, 010000003 of MINERA BETA (pending).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from concession_gis.analysis.minerals import minerals
from concession_gis.analysis.relations import conflict_types, relations
from concession_gis.cli import main
from concession_gis.export.atlas import parse_where, select_claims
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.reasons import decode
from concession_gis.rules import load_rules
from tests.builders import claims, registrations_csv

REFERENCE = "2025-06-30"

# id: (miner, RUC, ESTADO, x km, y km, MINERAL)
REGISTRATIONS = {
    "R1": ("JUAN CCAMA", "10400000001", "VIGENTE", 0.5, 0.5, "COBRE"),
    "R2": ("ROSA QUISPE", "", "VIGENTE", 1.5, 0.5, "ORO"),
    "R3": ("PEDRO HUANCA", "10400000003", "SUSPENDIDO", 0.5, 1.5, "ORO"),
    "R4": ("JUAN PEREZ", "10400000004", "VIGENTE", 3.5, 0.5, "Oro, plata"),
    "R5": ("LUIS MAMANI", "10400000005", "VIGENTE", 1.5, 1.5, ""),
    "R6": ("ANA CHOQUE", "10400000006", "VIGENTE", 6.5, 0.5, "ORO"),
    "R7": ("CARLOS TTITO", "10400000007", "VIGENTE", 10.5, 10.5, "Cobre"),
    "R8": ("MARIO APAZA", "10400000008", "VIGENTE", 1.2, 1.2, "AU"),
}

# As registries write them: Spanish types, dd/mm/yyyy, codes that lost their leading zero.
CONTRACTS = """CODIGOU;RUC_MINERO;MINERO;TIPO_CONTRATO;FECHA_INICIO;FECHA_FIN
010000001;10400000001;JUAN CCAMA;Contrato de explotación;01/01/2020;31/12/2030
10000001;;Rosa Quispe;CESIÓN MINERA;01/05/2021;
010000001;10400000003;PEDRO HUANCA;Contrato de explotación;01/01/2015;31/12/2020
010000002;10400000004;JUAN PEREZ;cesion minera;01/01/2019;
010000001;10499999999;LUIS MAMANI;explotacion;01/01/2020;
010000003;;ANA CHOQUE;exploitation;01/01/2020;
010000001;10400000008;MARIO APAZA;assignment;01/01/2026;
;10400000009;SIN CODIGO;explotacion;01/01/2020;
010000001;;;explotacion;01/01/2020;
010000001;10400000011;FECHAS AL REVES;explotacion;01/01/2022;01/01/2021
010000001;10400000012;OTRO TIPO;arrendamiento;01/01/2020;
010000001;10400000013;SIN INICIO;explotacion;;
010000001;10400000014;FIN ILEGIBLE;explotacion;01/01/2020;31/02/2021
"""

PRODUCTION = "CODIGOU;ANIO;MINERAL\n010000001;2024;COBRE\n010000002;2023;ORO\n010000002;2024;\n"


def _write_case(folder):
    claims([
        {"code": "010000001", "holder": "MINERA ALFA SAC", "cells": (0, 0, 2, 2)},
        {"code": "010000002", "holder": "JUAN PEREZ", "cells": (3, 0, 5, 2)},
        {"code": "010000003", "holder": "MINERA BETA SAC", "cells": (6, 0, 8, 2), "estado": "P"},
    ]).to_file(folder / "catastro.gpkg")
    registrations_csv(folder / "reinfo.csv", [
        {"id": i, "miner": m, "ruc": r, "estado": e, "x": x, "y": y, "mineral": mineral}
        for i, (m, r, e, x, y, mineral) in REGISTRATIONS.items()])
    (folder / "contratos.csv").write_text(CONTRACTS, encoding="utf-8")
    (folder / "produccion.csv").write_text(PRODUCTION, encoding="utf-8")
    return Inputs(concessions=[str(folder / "catastro.gpkg")], registrations=[str(folder / "reinfo.csv")],
                  contracts=str(folder / "contratos.csv"), activity=str(folder / "produccion.csv"),
                  rule_overrides={"reference_date": REFERENCE})


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contracts")
    return analyze(_write_case(folder), lang="en"), folder


def test_contracts_in_force_make_relation_and_conflict_type_contract(case):
    results, _ = case
    reg = results.registrations.set_index("reg_id")
    expected = {
        "R1": ("contract", "contract"),  # by RUC, the code written with its zero
        "R2": ("contract", "contract"),  # no RUC: by name, "Rosa Quispe" = "ROSA QUISPE"; code without its zero
        "R3": ("third_party_small", "third_party"),  # its contract ended in 2020: expired
        "R4": ("own_title", "own_title"),  # the holder himself: own title comes first
        "R5": ("third_party_small", "third_party"),  # same name, other RUC: RUC decides when both have one
        "R6": ("pending_claim", "pending_claim"),  # a pending claim stays pending
        "R7": ("no_concession", "no_concession"),
        "R8": ("third_party_small", "third_party"),  # starts in 2026: not yet in force
    }
    assert {i: (reg.loc[i, "relation"], reg.loc[i, "conflict_type"]) for i in expected} == expected
    assert results.summary["counts"]["relation"]["contract"] == 2
    assert results.summary["counts"]["conflict_type"]["contract"] == 2


def test_contracts_are_counted_by_standing_and_expired_ones_warned(case):
    summary = case[0].summary
    # 7 usable rows: in force R1, R2, R4, LUIS MAMANI's, ANA CHOQUE's; expired R3's; R8's not started.
    # Linked: R1, R2, R4 (own title wins) and R6 (pending wins); R3 only by the expired one.
    assert summary["contracts"] == {"rows": 7, "in_force": 5, "expired": 1, "not_started": 1, "other_type": 0,
                                    "registrations_linked": 4, "registrations_expired_only": 1}
    assert summary["warnings"]["ExpiredContractsWarning"] == 1


def test_unusable_contract_rows_are_set_aside_with_their_reasons(case):
    rejected = case[0].rejected_rows
    rows = rejected.loc[rejected["source"] == "contratos.csv"]
    found = {int(r): [(x.code, x.values) for x in decode(c)] for r, c in zip(rows["row"], rows["reason_codes"], strict=True)}
    assert found == {
        9: [("reject.no_code", {"column": "CODIGOU"})],
        10: [("reject.no_miner", {"columns": "RUC_MINERO, MINERO"})],
        11: [("reject.end_before_start", {"columns": "FECHA_INICIO, FECHA_FIN"})],
        12: [("reject.bad_contract_type", {"column": "TIPO_CONTRATO", "allowed": "exploitation, assignment"})],
        13: [("reject.bad_start_date", {"column": "FECHA_INICIO"})],
        14: [("reject.bad_end_date", {"columns": "FECHA_FIN"})],
    }


def test_title_or_contract_share_over_all_and_active_registrations(case):
    # R4 own title, R1 and R2 contracts: 3 of 8 registrations; all three active, of 7 active (R3 is suspended).
    assert case[0].summary["title_or_contract"] == {
        "registrations": 8, "with_title_or_contract": 3, "share": 0.375,
        "active_registrations": 7, "active_with_title_or_contract": 3, "active_share": 0.4286,
    }


def test_copper_and_gold_are_counted_apart(case):
    results, _ = case
    reg = results.registrations.set_index("reg_id")
    assert reg["mineral"].to_dict() == {"R1": "copper", "R2": "gold", "R3": "gold", "R4": "polymetallic",
                                        "R5": "unknown", "R6": "gold", "R7": "copper", "R8": "gold"}
    assert reg.loc["R1", "MINERAL_src"] == "COBRE"  # the source column kept beside the canonical one
    # REINFO's own MINERAL column is the source of `mineral`: renamed, and nothing to warn about.
    assert "ColumnClashWarning" not in results.summary["warnings"]
    counts = results.summary["counts"]
    assert counts["mineral"] == {"gold": 4, "copper": 2, "silver": 0, "zinc": 0, "lead": 0, "polymetallic": 1,
                                 "other": 0, "unknown": 1}
    assert counts["production_mineral"] == {"gold": 1, "copper": 1, "silver": 0, "zinc": 0, "lead": 0,
                                            "polymetallic": 0, "other": 0, "unknown": 1}
    table = results.district_summary.set_index("district")
    # R7 lies on no claim and has no district; the others take PARIAHUANCA from their hosts.
    pariahuanca = table.loc["PARIAHUANCA"]
    assert (pariahuanca["n_registrations_gold"], pariahuanca["n_registrations_copper"],
            pariahuanca["n_registrations_polymetallic"], pariahuanca["n_registrations_unknown"]) == (4, 1, 1, 1)
    assert (table.loc["", "n_registrations_copper"], table.loc["", "n_registrations_gold"]) == (1, 0)
    assert pariahuanca["relation_contract"] == 2 and pariahuanca["conflict_contract"] == 2


def test_the_atlas_selects_claims_by_mineral(case):
    results, _ = case
    chosen = select_claims(results, parse_where(["mineral=copper"]))
    assert chosen["code"].tolist() == ["010000001"]  # R1's host; R7 has none
    chosen = select_claims(results, parse_where(["mineral=polymetallic"]))
    assert chosen["code"].tolist() == ["010000002"]


def test_the_window_table_filters_on_mineral(case, qtbot):
    pytest.importorskip("PyQt5")
    from concession_gis_ui.table_model import FrameTableModel

    model = FrameTableModel(pd.DataFrame(case[0].registrations.drop(columns="geometry")))
    model.set_filter("", "mineral", "copper")
    shown = [model.feature(r) for r in range(model.rowCount())]
    assert case[0].registrations["reg_id"].iloc[shown].tolist() == ["R1", "R7"]


def test_validate_kind_contracts_lists_each_unusable_row(case, capsys):
    _, folder = case
    code = main(["validate", str(folder / "contratos.csv"), "--kind", "contracts", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert "7 of 13" in out
    assert "row 10: no miner (columns RUC_MINERO, MINERO are empty)" in out
    assert "row 11: the end date is before the start date (columns FECHA_INICIO, FECHA_FIN)" in out


def test_analyze_from_the_command_line_writes_the_share(case, tmp_path, capsys):
    _, folder = case
    (tmp_path / "rules.toml").write_text(f'reference_date = "{REFERENCE}"\n', encoding="utf-8")
    code = main(["analyze", "--concessions", str(folder / "catastro.gpkg"), "--registrations", str(folder / "reinfo.csv"),
                 "--contracts", str(folder / "contratos.csv"), "--rules", str(tmp_path / "rules.toml"),
                 "--no-map", "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["title_or_contract"]["share"] == 0.375
    assert [i["kind"] for i in summary["inputs"]] == ["concessions", "registrations", "contracts"]


# --- the steps on their own ------------------------------------------------------------------

def _host(states, strata, holder_keys=None):
    n = len(states)
    return pd.DataFrame({"code": [f"C{i}" for i in range(n)], "legal_state": states, "stratum": strata,
                         "holder_key": holder_keys or ["HOLDER"] * n, "holder_ruc": [""] * n})


def test_contract_comes_after_own_title_and_before_third_parties():
    host = _host(["titled", "titled", "titled", "pending", "extinct"],
                 ["large_medium", "large_medium", "small", "small", "small"], ["MINER", "HOLDER", "HOLDER", "HOLDER", "HOLDER"])
    miner = pd.Series(["MINER"] * 5)
    contract = pd.Series([True, True, True, True, True])
    got = relations(miner, pd.Series([""] * 5), host, contract)
    assert got.tolist() == ["own_title", "contract", "contract", "pending_claim", "extinct_claim"]
    assert relations(miner, pd.Series([""] * 5), host).tolist() == [
        "own_title", "third_party_large", "third_party_small", "pending_claim", "extinct_claim"]


def test_a_restricted_area_stays_first_whatever_the_contract():
    relation = pd.Series(["contract", "contract", "own_title"])
    got = conflict_types(pd.Series([True, False, False]), relation, pd.Series([False, False, False]),
                         pd.Series([pd.NA, True, pd.NA], dtype="boolean"))
    # An idle host does not make a miner under contract a speculation case: the contract decides.
    assert got.tolist() == ["restricted_area", "contract", "own_title"]


@pytest.mark.parametrize(("cell", "mineral"), [
    ("ORO", "gold"), ("oro aluvial", "gold"), ("Cobre", "copper"), ("CU", "copper"), ("Plata", "silver"),
    ("ZINC", "zinc"), ("Plomo", "lead"), ("POLIMETÁLICO", "polymetallic"), ("Oro - Cobre", "polymetallic"),
    ("Estaño", "other"), ("", "unknown"), (None, "unknown"), ("piedra laja", "unknown"), ("COBRE PORFIDICO", "copper"),
])
def test_mineral_words(cell, mineral):
    assert minerals(pd.Series([cell], dtype=object), load_rules()).tolist() == [mineral]
