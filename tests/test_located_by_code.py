"""Registrations without coordinates placed on the claim whose code they declare (REINFO lists).

A hand-built cadastre of 1-km UTM cells and REINFO-shaped lists (CSV, XLSX) with no coordinate
columns, or with some rows' coordinates empty. Every expected value is written by hand from the
drawing below and docs/contract.md's rules, never taken from the code's output.

    y km
     9 |                    +-----------+ B (restricted, partly over 050000005)
     8 | +--------+         |
     7 | |05..05  |---------+
     6 | +--------+
     5 | +--------------+
       | |              |
       | |  010001523   |   +--+        +--+
       | |  (2,500 ha)  |   |02|        |03|  inside A (restricted)
     0 | +--------------+   +--+        +--+
       0              5     6  7        8  9   x km
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from affine import Affine

from concession_gis.cli import main
from concession_gis.errors import InputError, LocatedByCodeWarning
from concession_gis.export.results import write_results
from concession_gis.io.layers import load_registrations
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.reasons import decode
from concession_gis.rules import load_rules
from concession_gis.validate import guess_kind, validate_file
from tests.builders import cell_box, claims, lonlat, registrations_csv
from tests.raster_fixtures import write_raster

REFERENCE = "2025-06-30"
CLAIMS = [
    {"code": "010001523", "holder": "MINERA GRANDE S.A.C.", "cells": (0, 0, 5, 5), "filed": "1995-03-01"},
    {"code": "020000077", "holder": "JUAN PEREZ QUISPE", "cells": (6, 0, 7, 1), "filed": "2001-05-01"},
    {"code": "030000001", "holder": "OTRA EMPRESA S.A.", "estado": "P", "cells": (8, 0, 9, 1), "filed": "2010-01-01"},
    {"code": "050000005", "holder": "MINERA GRANDE S.A.C.", "cells": (0, 6, 2, 8), "filed": "1998-01-01"},
]
# A wholly covers claim 030000001; B covers the east half of 050000005 (x 1-2 km of 0-2).
RESTRICTED = [("ZONA A", (7.5, -1, 10, 2)), ("ZONA B", (1, 6.5, 4, 9))]
REINFO = ["COD_REINFO", "NOMBRE_MIN", "M_RUC", "DEPARTAMENTO", "PROVINCIA", "DISTRITO", "TIPO_ACT", "TIPO_YAC",
          "MINERAL", "ESTADO", "CODIGOU", "NOMBRE_DERECHO"]


def reinfo_row(reg_id: str, code: str, miner: str = "", estado: str = "VIGENTE") -> dict:
    return {"COD_REINFO": reg_id, "NOMBRE_MIN": miner or f"MINERO {reg_id}", "M_RUC": "", "DEPARTAMENTO": "JUNIN",
            "PROVINCIA": "HUANCAYO", "DISTRITO": "PARIAHUANCA", "TIPO_ACT": "EXPLOTACION", "TIPO_YAC": "FILONIANO",
            "MINERAL": "ORO", "ESTADO": estado, "CODIGOU": code, "NOMBRE_DERECHO": ""}


# As REINFO exports them: codes with their leading zero dropped (Excel), one unknown, one empty.
ROWS = [
    reinfo_row("R1", "10001523"),
    reinfo_row("R2", "20000077", miner="JUAN PEREZ QUISPE"),
    reinfo_row("R3", "30000001"),
    reinfo_row("R4", "050000005"),
    reinfo_row("R5", "99999999"),
    reinfo_row("R6", ""),
]


@pytest.fixture()
def cadastre(tmp_path) -> tuple[Path, Path]:
    conc = tmp_path / "catastro.gpkg"
    claims(CLAIMS).to_file(conc, driver="GPKG")
    areas = gpd.GeoDataFrame({"ANP_NOMB": [name for name, _ in RESTRICTED]},
                             geometry=[cell_box(*cells) for _, cells in RESTRICTED], crs="EPSG:32718")
    restricted = tmp_path / "anp.gpkg"
    areas.to_file(restricted, driver="GPKG")
    return conc, restricted


def reinfo_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows, columns=REINFO).to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def run(conc: Path, regs: Path, restricted: Path | None = None, **more):
    return analyze(Inputs(concessions=[str(conc)], registrations=[str(regs)],
                          restricted=[str(restricted)] if restricted else [],
                          rule_overrides={"reference_date": REFERENCE}, **more), lang="en")


def by_id(results) -> pd.DataFrame:
    return results.registrations.set_index("reg_id")


def claim_lonlat(code: str) -> shapely.Polygon:
    return claims([c for c in CLAIMS if c["code"] == code], "EPSG:4326").geometry.iloc[0]


def reasons_of(results) -> dict[int, list]:
    rejected = results.rejected_rows
    return {int(r): [(x.code, x.values) for x in decode(c)] for r, c in zip(rejected["row"], rejected["reason_codes"],
                                                                            strict=True)}


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_list_without_coordinates_is_placed_on_the_declared_claims(cadastre, tmp_path, form):
    conc, restricted = cadastre
    if form == "csv":
        regs = reinfo_csv(tmp_path / "reinfo.csv", ROWS)
    else:  # Excel stores the codes as numbers: the leading zero is gone from every one
        frame = pd.DataFrame(ROWS, columns=REINFO)
        frame["CODIGOU"] = [int(c) if c else None for c in frame["CODIGOU"]]
        regs = tmp_path / "reinfo.xlsx"
        frame.to_excel(regs, index=False)
    results = run(conc, regs, restricted)
    reg = by_id(results)

    assert list(reg.index) == ["R1", "R2", "R3", "R4"]
    assert list(reg["located_by"]) == ["declared_code"] * 4
    assert list(reg["host_code"]) == ["010001523", "020000077", "030000001", "050000005"]
    assert list(reg["n_hosts"]) == [1, 1, 1, 1]
    assert list(reg["relation"]) == ["third_party_large", "own_title", "pending_claim", "third_party_large"]
    # The match is how they were placed, not evidence: empty.
    assert reg["declared_code_match"].isna().all()
    # Whole claim inside A: true; claim touching none: false; claim partly in B: unknown.
    assert reg["in_restricted"].tolist() == [False, False, True, pd.NA]
    assert list(reg["restricted_name"]) == ["", "", "ZONA A", "ZONA B"]
    assert list(reg["conflict_type"]) == ["coexistence_candidate", "own_title", "restricted_area", "third_party"]
    # R1: active, on a large holder's titled metallic claim, no restricted area: a candidate,
    # base 30 + single host 10 (no declared-code points: the match is not evidence).
    assert list(reg["coexistence"]) == [True, False, False, False]
    assert reg.loc["R1", "coexistence_score"] == 40
    r1 = [r.code for r in decode(reg.loc["R1", "coexistence_reason_codes"])]
    assert "coexistence.declared_location" in r1 and "coexistence.declared_code_match" not in r1
    # Not "in a restricted area", which is not known: only that it may be.
    r4 = [r.code for r in decode(reg.loc["R4", "coexistence_reason_codes"])]
    assert "coexistence.fails.restricted_unknown" in r4 and "coexistence.fails.restricted" not in r4
    # Each point lies inside its declared claim (which says where the claim is, not the miner).
    for reg_id, code in zip(reg.index, reg["host_code"], strict=True):
        assert claim_lonlat(code).contains(reg.loc[reg_id, "geometry"])

    # Rows as the person finds them in the file: the header is row 1.
    assert reasons_of(results) == {6: [("reject.unknown_declared_code", {"declared": "99999999"})],
                                   7: [("reject.no_coordinates", {})]}
    counts = results.summary["counts"]
    assert (counts["registrations_in"], counts["registrations_out"], counts["registrations_rejected"]) == (6, 4, 2)
    assert counts["located_by"] == {"coordinates": 0, "declared_code": 4}
    assert results.summary["warnings"]["LocatedByCodeWarning"] == 1
    message = next(m for m in results.summary["warning_messages"] if "no coordinate columns" in m)
    assert "4 of 6 registration(s) are placed on the claim whose code they declare" in message
    assert "Forest loss near these miners cannot be measured" in message


def test_a_mixed_list_places_only_the_rows_without_coordinates(cadastre, tmp_path):
    conc, _ = cadastre
    regs = registrations_csv(tmp_path / "mixed.csv", [
        {"id": "M1", "x": 6.5, "y": 0.5, "declared": "010001523"},  # on 020000077, declared another
        {"id": "M2", "x": 2.0, "y": 2.0, "declared": "10001523"},   # will lose its coordinates
        {"id": "M3", "x": 2.5, "y": 2.5},                            # coordinates, no code
        {"id": "M4", "x": 3.0, "y": 3.0},                            # will lose its coordinates; no code
    ])
    table = pd.read_csv(regs, sep=";", dtype=str, keep_default_na=False)
    table.loc[table["COD_REINFO"].isin(["M2", "M4"]), ["LATITUD_G84", "LONGITUD_G84"]] = ""
    table.to_csv(regs, sep=";", index=False)
    # Every pixel lost in 2005: the loss within 500 m of a surveyed point is the buffer's area.
    west, south = lonlat(-3, -3)
    east, north = lonlat(12, 12)
    res = 0.00025
    width, height = int((east - west) / res) + 1, int((north - south) / res) + 1
    raster = write_raster(tmp_path / "loss.tif", np.full((height, width), 5, dtype=np.uint8),
                          Affine(res, 0, west, 0, -res, north))
    results = run(conc, regs, loss_rasters=[str(raster)])
    reg = by_id(results)

    assert list(reg.index) == ["M1", "M2", "M3"]
    assert list(reg["located_by"]) == ["coordinates", "declared_code", "coordinates"]
    assert list(reg["host_code"]) == ["020000077", "010001523", "010001523"]
    # Meaningful only where the point was surveyed and a code declared.
    assert reg.loc["M1", "declared_code_match"] == False  # noqa: E712
    assert pd.isna(reg.loc["M2", "declared_code_match"]) and pd.isna(reg.loc["M3", "declared_code_match"])
    # pi * 500 m squared = 78.54 ha around a surveyed point; nothing around a placed one.
    assert reg.loc["M1", "loss_ha_500m"] == pytest.approx(78.54, rel=0.02)
    assert reg.loc["M3", "loss_ha_500m"] == pytest.approx(78.54, rel=0.02)
    assert pd.isna(reg.loc["M2", "loss_ha_500m"])
    assert reasons_of(results) == {5: [("reject.no_coordinates", {})]}  # M4, the header being row 1
    counts = results.summary["counts"]
    assert counts["located_by"] == {"coordinates": 2, "declared_code": 1}
    assert (counts["registrations_in"], counts["registrations_out"], counts["registrations_rejected"]) == (4, 3, 1)
    assert any("1 of 4 registration(s) have no coordinates and are placed" in m
               for m in results.summary["warning_messages"])

    # Written and read back: the column and the empty loss survive the GeoPackage.
    out = tmp_path / "out"
    write_results(results, out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["located_by"] == {"coordinates": 2, "declared_code": 1}


def test_unmatched_and_empty_codes_are_told_apart_by_the_loader(tmp_path):
    regs = reinfo_csv(tmp_path / "reinfo.csv", ROWS)
    with pytest.warns(LocatedByCodeWarning, match="2 of 6"):
        loaded = load_registrations([str(regs)], {}, load_rules(), claim_codes=pd.Series(["010001523", "20000077"]))
    assert list(loaded.frame["reg_id"]) == ["R1", "R2"]
    assert loaded.frame.geometry.isna().all()  # placed by the analysis, which knows the claims
    assert [decode(c)[0].code for c in loaded.rejected["reason_codes"]] == [
        "reject.unknown_declared_code", "reject.unknown_declared_code", "reject.unknown_declared_code",
        "reject.no_coordinates"]


def test_validate_agrees_a_list_without_coordinates_is_usable(tmp_path, capsys):
    regs = reinfo_csv(tmp_path / "reinfo.csv", ROWS)
    assert guess_kind(str(regs)) == "registrations"
    report = validate_file(str(regs), "registrations", [], None, "en")
    assert report.usable
    facts = dict(report.facts)
    assert facts["usable rows"] == "5 of 6"  # without a cadastre every declared code is taken
    assert facts["located by declared code"] == "5"
    assert any("has no coordinate columns: 5 of 6 registration(s)" in p for p in report.problems)
    assert [p for p in report.problems if "no coordinates" in p] == ["row 7: no coordinates"]
    assert main(["validate", str(regs), "--kind", "registrations", "--lang", "en"]) == 0
    assert "has no coordinate columns" in capsys.readouterr().out


def test_the_command_line_warns_loudly(cadastre, tmp_path, capsys):
    conc, _ = cadastre
    regs = reinfo_csv(tmp_path / "reinfo.csv", ROWS)
    code = main(["analyze", "--concessions", str(conc), "--registrations", str(regs), "--out", str(tmp_path / "out"),
                 "--lang", "en"])
    captured = capsys.readouterr()
    assert code == 0
    assert "has no coordinate columns: 4 of 6 registration(s) are placed" in captured.out + captured.err


def test_a_table_with_neither_coordinates_nor_codes_is_still_refused(cadastre, tmp_path):
    conc, _ = cadastre
    regs = tmp_path / "bare.csv"
    pd.DataFrame({"COD_REINFO": ["R1"], "NOMBRE_MIN": ["X"]}).to_csv(regs, index=False)
    with pytest.raises(InputError) as caught:
        run(conc, regs)
    assert caught.value.key == "error.no_coordinate_columns"



def test_the_map_draws_placed_registrations_hollow_and_says_so(cadastre, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from concession_gis.export.legend import legend_entries
    from concession_gis.export.map_layers import draw_registrations

    conc, restricted = cadastre
    results = run(conc, reinfo_csv(tmp_path / "reinfo.csv", ROWS), restricted)
    figure, ax = plt.subplots()
    counts = draw_registrations(ax, results.registrations)
    hollow = [c for c in ax.collections if c.get_facecolor().size == 0 or c.get_facecolor()[0][3] == 0]
    plt.close(figure)
    # Four registrations, all placed by code: four hollow points, one legend line saying why.
    assert sum(len(c.get_offsets()) for c in hollow) == 4
    assert counts["declared_code"] == 4
    entries = legend_entries("en", Counter(), counts, 0, 0, None)
    assert [e.label for e in entries if e.key == "declared_code"] == [
        "Hollow: placed by its declared claim code"]


def test_the_column_has_words_in_both_languages():
    from concession_gis.columns import CODED
    from concession_gis.i18n import tr

    assert CODED["located_by"] == "located_by"
    assert (tr("column.located_by", "es"), tr("column.located_by", "en")) == ("Ubicado por", "Located by")
    assert tr("located_by.declared_code", "en") == "Declared claim code"
    assert tr("located_by.coordinates", "es") == "Coordenadas"


def test_the_case_page_draws_placed_registrations_hollow_on_its_map_and_in_its_table(cadastre, tmp_path):
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from concession_gis.export.case_page import render_case
    from concession_gis.export.layout import case_layout

    conc, restricted = cadastre
    results = run(conc, reinfo_csv(tmp_path / "reinfo.csv", ROWS), restricted)
    sheet = render_case(results, "010001523", lang="en", dpi=40)

    def hollow(collection) -> bool:
        face = collection.get_facecolor()
        return face.size == 0 or bool((face[:, 3] == 0).all())

    table = case_layout(sheet.page)["table"]

    def in_table(collection) -> bool:
        mm = collection.get_offset_transform().transform(collection.get_offsets()) / sheet.figure.dpi * 25.4
        return bool(((table.x <= mm[:, 0]) & (mm[:, 0] <= table.right)
                     & (table.y <= mm[:, 1]) & (mm[:, 1] <= table.top)).all())

    texts = {t.get_text() for t in sheet.figure.findobj(Text)}
    points = [c for ax in sheet.figure.axes for c in ax.collections if len(c.get_offsets()) and in_table(c)]
    plt.close(sheet.figure)
    # R1, the one registration on the claim: its map shares the regional map's drawing (hollow,
    # with the legend line saying why); its row in the table is marked hollow too.
    assert [e.key for e in sheet.frame.legend if e.key == "declared_code"] == ["declared_code"]
    assert "MINERO R1" in texts and len(points) == 1 and hollow(points[0])
