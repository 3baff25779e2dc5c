"""Inputs that read without error but would give a wrong answer unless the tool says so.

Each file is built the way the real one comes (an INGEMMET extract whose dates Excel turned into
day numbers, a workbook whose first sheet is hidden, a DBF cut short, names garbled by a double
UTF-8 encoding); the expected values are written by hand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from concession_gis.errors import FilingDateWarning, OutsideCountryWarning
from concession_gis.io.layers import load_concessions
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.validate import validate_file
from tests.builders import claims, lonlat

ROWS = [
    {"code": "010000101", "holder": "MINERA A", "cells": (0, 0, 1, 1)},
    {"code": "010000102", "holder": "MINERA B", "cells": (2, 0, 3, 1)},
    {"code": "010000103", "holder": "MINERA C", "cells": (4, 0, 5, 1)},
]


def _cadastre(folder: Path, filed: list, crs: str = "EPSG:32718", drop: tuple[str, ...] = ()) -> Path:
    rows = [row | {"filed": date} for row, date in zip(ROWS, filed, strict=True)]
    frame = claims(rows, crs).drop(columns=list(drop))
    path = folder / "catastro.gpkg"
    frame.to_file(path)
    return path


def _load(path: Path, crs: str | None = None) -> tuple[pd.DataFrame, list[Warning]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load_concessions([str(path)], {}, crs)
    return loaded.frame, [w.message for w in caught]


def _keys(caught: list[Warning]) -> dict[str, dict]:
    return {w.key: w.values for w in caught if hasattr(w, "key")}


def _agree(path: Path, caught: list[Warning]) -> None:
    """`validate` lists every warning `analyze` gives, word for word, and calls the file usable."""
    report = validate_file(str(path), "concessions", [], None, "en")
    summary = analyze(Inputs(concessions=[str(path)]), lang="en").summary
    for message in summary["warning_messages"]:
        assert message in report.problems
    assert {str(w) for w in caught if hasattr(w, "key")} <= set(summary["warning_messages"])
    assert report.usable


def test_excel_day_numbers_are_read_as_dates_and_counted(tmp_path):
    # The real shape: FEC_DENU exported from a spreadsheet whose cells were numbers, as integers.
    path = _cadastre(tmp_path, [42809, 36526, 44197])
    frame, caught = _load(path)
    assert list(frame["filed_on"].dt.strftime("%Y-%m-%d")) == ["2017-03-15", "2000-01-01", "2021-01-01"]
    assert _keys(caught)["warning.excel_serial_dates"]["n"] == 3
    assert all(isinstance(w, FilingDateWarning) for w in caught)
    assert "warning.undated_concessions" not in _keys(caught)
    summary = analyze(Inputs(concessions=[str(path)]), lang="en").summary
    assert summary["warnings"] == {"FilingDateWarning": 1}


def test_years_and_text_dates_are_not_taken_for_day_numbers(tmp_path):
    path = _cadastre(tmp_path, ["1998", "15/03/2017", "2001-07-04"])
    frame, caught = _load(path)
    assert list(frame["filed_on"].dt.strftime("%Y-%m-%d")) == ["1998-01-01", "2017-03-15", "2001-07-04"]
    assert caught == []


def test_dates_before_1900_or_in_the_future_are_unreadable_and_counted(tmp_path):
    path = _cadastre(tmp_path, ["1850-06-01", "2199-01-01", "2005-05-05"])
    frame, caught = _load(path)
    assert frame["filed_on"].isna().tolist() == [True, True, False]
    keys = _keys(caught)
    assert keys["warning.impossible_dates"]["n"] == 2
    assert keys["warning.impossible_dates"]["example"] == "1850-06-01"
    assert keys["warning.undated_concessions"]["n"] == 2
    assert keys["warning.undated_concessions"]["total"] == 3
    _agree(path, caught)


def test_unreadable_dates_are_counted(tmp_path):
    path = _cadastre(tmp_path, ["S/F", "", "2005-05-05"])
    _, caught = _load(path)
    assert _keys(caught)["warning.undated_concessions"] == {"path": str(path), "column": "FEC_DENU", "n": 2,
                                                            "total": 3}
    _agree(path, caught)


def test_no_date_column_is_warned_naming_the_map_that_fixes_it(tmp_path):
    # Real extracts often carry only code, name, holder and area.
    path = _cadastre(tmp_path, ["2000-01-01"] * 3, drop=("FEC_DENU",))
    frame, caught = _load(path)
    assert frame["filed_on"].isna().all()
    assert _keys(caught)["warning.no_date_column"]["n"] == 3
    assert "--map concessions.filed_on=" in str(next(w for w in caught if hasattr(w, "key")))
    _agree(path, caught)


def test_claims_far_outside_the_country_are_warned(tmp_path):
    # UTM 18S coordinates declared as 18N (EPSG:32618), the usual slip: the claims land near 77° N.
    south = claims(ROWS)
    path = tmp_path / "catastro.gpkg"
    south.set_crs("EPSG:32618", allow_override=True).to_file(path)
    _, caught = _load(path)
    outside = [w for w in caught if isinstance(w, OutsideCountryWarning)]
    assert len(outside) == 1
    assert outside[0].values["n"] == 3
    assert outside[0].values["lat"] == pytest.approx(77.5, abs=0.2)
    _agree(path, caught)


def test_claims_in_peru_are_not_warned(tmp_path):
    _, caught = _load(_cadastre(tmp_path, ["2000-01-01"] * 3))
    assert caught == []


def _registration_book(path: Path) -> Path:
    """A REINFO workbook as registries send it: a hidden first sheet (an old copy, with a miner
    since removed) and the visible, active sheet with the rows a person sees."""
    lon, lat = lonlat(0.5, 0.5)
    header = ["COD_REINFO", "NOMBRE_MIN", "ESTADO", "LATITUD_G84", "LONGITUD_G84"]
    book = Workbook()
    old = book.active
    old.title = "Copia"
    old.sheet_state = "hidden"
    for row in (header, ["R9", "MINERO VIEJO", "VIGENTE", f"{lat:.6f}", f"{lon:.6f}"]):
        old.append(row)
    current = book.create_sheet("Registro")
    for row in (header, ["R1", "MINERO UNO", "VIGENTE", f"{lat:.6f}", f"{lon:.6f}"],
                ["R2", "MINERO DOS", "VIGENTE", f"{lat:.6f}", f"{lon:.6f}"]):
        current.append(row)
    book.active = 1
    book.save(path)
    return path


def test_the_visible_active_sheet_is_read_and_named_in_the_summary(tmp_path):
    book = _registration_book(tmp_path / "REINFO.xlsx")
    cadastre = _cadastre(tmp_path, ["2000-01-01"] * 3)
    results = analyze(Inputs(concessions=[str(cadastre)], registrations=[str(book)]), lang="en")
    assert sorted(results.registrations["reg_id"]) == ["R1", "R2"]
    entry = next(i for i in results.summary["inputs"] if i["kind"] == "registrations")
    assert entry["sheet"] == "Registro"
    named = analyze(Inputs(concessions=[str(cadastre)], registrations=[f"{book}:Copia"]), lang="en")
    assert list(named.registrations["reg_id"]) == ["R9"]
    assert next(i for i in named.summary["inputs"] if i["kind"] == "registrations")["sheet"] == "Copia"


def _named_shapefile(folder: Path, holders: list[str], encoding: str, cpg: str | None) -> Path:
    rows = [row | {"holder": holder} for row, holder in zip(ROWS, holders, strict=True)]
    path = folder / "catastro.shp"
    claims(rows).to_file(path, encoding=encoding)
    if cpg is None:
        path.with_suffix(".cpg").unlink(missing_ok=True)
    else:
        path.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    return path


def test_double_encoded_names_are_repaired_and_counted(tmp_path):
    # The real shape: UTF-8 read as Windows-1252 and saved again as UTF-8, beside clean names.
    holders = ["COMPAÃ‘IA MINERA PEÃ‘A S.A.", "COMPAÃ‘IA MINERA PEÃ‘A S.A.", "MINERA ÑAUPA S.A.C."]
    path = _named_shapefile(tmp_path, holders, "UTF-8", None)
    frame, caught = _load(path)
    assert list(frame["holder"]) == ["COMPAÑIA MINERA PEÑA S.A.", "COMPAÑIA MINERA PEÑA S.A.", "MINERA ÑAUPA S.A.C."]
    repaired = _keys(caught)["warning.double_encoded_text"]
    assert repaired["n"] == 2 and repaired["columns"] == "TIT_CONCES"
    summary = analyze(Inputs(concessions=[str(path)]), lang="en").summary
    assert summary["warnings"]["TextEncodingWarning"] == 1
    _agree(path, caught)


def test_a_cpg_saying_utf8_over_windows_1252_bytes_is_overruled(tmp_path):
    path = _named_shapefile(tmp_path, ["COMPAÑIA MINERA PEÑA", "MINERA A", "MINERA B"], "cp1252", "UTF-8")
    frame, caught = _load(path)
    assert frame["holder"].iat[0] == "COMPAÑIA MINERA PEÑA"
    assert _keys(caught)["warning.cpg_contradicted"] == {"path": str(path), "declared": "UTF-8", "used": "CP1252"}
    _agree(path, caught)


def test_a_cpg_saying_1252_over_utf8_bytes_is_overruled(tmp_path):
    path = _named_shapefile(tmp_path, ["COMPAÑIA MINERA PEÑA", "MINERA A", "MINERA B"], "UTF-8", "1252")
    frame, caught = _load(path)
    assert frame["holder"].iat[0] == "COMPAÑIA MINERA PEÑA"
    assert _keys(caught)["warning.cpg_contradicted"]["used"] == "UTF-8"
    assert "warning.double_encoded_text" not in _keys(caught)


def test_a_cpg_that_agrees_is_not_warned(tmp_path):
    path = _named_shapefile(tmp_path, ["COMPAÑIA MINERA PEÑA", "MINERA A", "MINERA B"], "cp1252", "1252")
    frame, caught = _load(path)
    assert frame["holder"].iat[0] == "COMPAÑIA MINERA PEÑA"
    assert caught == []


def test_a_cpg_contradicting_the_bytes_is_counted_in_the_summary(tmp_path):
    path = _named_shapefile(tmp_path, ["COMPAÑIA MINERA PEÑA", "MINERA A", "MINERA B"], "cp1252", "UTF-8")
    results = analyze(Inputs(concessions=[str(path)]), lang="en")
    assert results.concessions["holder"].iat[0] == "COMPAÑIA MINERA PEÑA"
    assert results.summary["warnings"]["TextEncodingWarning"] == 1


# A REINFO export as some portals give it: UTF-8 bytes of names that were once read as
# Windows-1252 and saved again as UTF-8, beside names that came through clean.
GARBLED_MINERS = [
    {"id": "R1", "miner": "COMPAÃ‘IA MINERA PEÃ‘A S.A.", "x": 0.5, "y": 0.5},  # on the claim of its own holder
    {"id": "R2", "miner": "PEÃ‘A ROJAS JUAN", "x": 2.5, "y": 0.5},  # on MINERA B's claim
    {"id": "R3", "miner": "MINERO ÑAUPA", "x": 2.6, "y": 0.6},  # never garbled
]
PEÑA_CLAIMS = [
    {"code": "010000101", "holder": "COMPAÑIA MINERA PEÑA S.A.", "cells": (0, 0, 1, 1)},
    {"code": "010000102", "holder": "MINERA B", "cells": (2, 0, 3, 1)},
]


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _registrations_as_rows(csv_path: Path) -> list[list[str]]:
    text = csv_path.read_text(encoding="utf-8")
    return [line.split(";") for line in text.splitlines()]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_double_encoded_miner_names_in_a_table_are_repaired_and_matched(tmp_path, form):
    from tests.builders import registrations_csv

    cadastre = tmp_path / "catastro.gpkg"
    claims(PEÑA_CLAIMS).to_file(cadastre)
    table = registrations_csv(tmp_path / "REINFO.csv", GARBLED_MINERS)
    assert "COMPAÃ‘IA".encode() in table.read_bytes()  # the real shape: the garbling is in the UTF-8 bytes
    if form == "xlsx":
        table = _workbook(tmp_path / "REINFO.xlsx", _registrations_as_rows(table))
    # A holders table from the same portal, garbled the same way: its stratum must reach the claim.
    holders = _workbook(tmp_path / "titulares.xlsx", [["TITULAR", "ESTRATO"], ["COMPAÃ‘IA MINERA PEÃ‘A S.A.", "gran_mediana"]])
    results = analyze(Inputs(concessions=[str(cadastre)], registrations=[str(table)], holders=str(holders)), lang="en")
    reg = results.registrations.set_index("reg_id")
    assert reg.loc["R1", "miner"] == "COMPAÑIA MINERA PEÑA S.A."
    assert reg.loc["R2", "miner"] == "PEÑA ROJAS JUAN"
    assert reg.loc["R3", "miner"] == "MINERO ÑAUPA"
    # R1's miner holds the claim it works on; R2 and R3 work MINERA B's (100 ha: artisanal).
    assert list(reg["relation"]) == ["own_title", "third_party_small", "third_party_small"]
    conc = results.concessions.set_index("code")
    assert conc.loc["010000101", "stratum"] == "large_medium"  # from the holders table, by its repaired name
    assert conc.loc["010000102", "stratum"] == "artisanal"
    # One warning per file repaired (registrations and holders), each counted and in words.
    assert results.summary["warnings"]["TextEncodingWarning"] == 2
    messages = results.summary["warning_messages"]
    assert f"{table}: 2 value(s) in column(s) NOMBRE_MIN were encoded twice as UTF-8" in " ".join(messages)
    assert f"{holders}: 1 value(s) in column(s) TITULAR were encoded twice as UTF-8" in " ".join(messages)
    report = validate_file(str(table), "registrations", [], None, "en")
    assert any("NOMBRE_MIN" in p and "COMPAÑIA" in p for p in report.problems)


def test_a_latin1_table_is_read_as_it_is_not_repaired(tmp_path):
    from tests.builders import registrations_csv

    cadastre = tmp_path / "catastro.gpkg"
    claims(PEÑA_CLAIMS).to_file(cadastre)
    rows = [{"id": "R1", "miner": "COMPAÑIA MINERA PEÑA S.A.", "x": 0.5, "y": 0.5},
            {"id": "R2", "miner": "SEÑOR DE LA ASUNCIÓN E.I.R.L.", "x": 2.5, "y": 0.5}]
    table = registrations_csv(tmp_path / "REINFO.csv", rows, encoding="latin-1")
    assert "PEÑA".encode("latin-1") in table.read_bytes()
    results = analyze(Inputs(concessions=[str(cadastre)], registrations=[str(table)]), lang="en")
    reg = results.registrations.set_index("reg_id")
    assert list(reg["miner"]) == ["COMPAÑIA MINERA PEÑA S.A.", "SEÑOR DE LA ASUNCIÓN E.I.R.L."]
    assert list(reg["relation"]) == ["own_title", "third_party_small"]
    assert "TextEncodingWarning" not in results.summary["warnings"]


@pytest.mark.parametrize(("text", "expected"), [
    ("COMPAÃ‘IA", "COMPAÑIA"),
    ("SAN JOSÃ‰ DE MOLLEHUACA", "SAN JOSÉ DE MOLLEHUACA"),
    ("NÂº 3", "Nº 3"),
    ("PEÑA", "PEÑA"),  # already right
    ("ÑAUPA ÁNGEL", "ÑAUPA ÁNGEL"),
    ("Ã", "Ã"),  # a lone lead character: not a double encoding
])
def test_undo_double_utf8(text, expected):
    from concession_gis.io.values import undo_double_utf8

    assert undo_double_utf8(text) == expected


# Peru's published PSAD56 -> WGS 84 transformation (EPSG:1208, a 3-parameter shift on the
# International 1924 ellipsoid), written out here so that the truth does not come from the
# code's own choice of operation.
PERU_1208 = ("+step +proj=push +v_3 +step +proj=cart +ellps=intl +step +proj=helmert +x=-279 +y=175 +z=-379 "
             "+step +inv +proj=cart +ellps=WGS84 +step +proj=pop +v_3 +step +proj=unitconvert +xy_in=rad +xy_out=deg")
FROM_UTM_17S = "+proj=pipeline +step +inv +proj=utm +zone=17 +south +ellps=intl " + PERU_1208
FROM_DEGREES = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad " + PERU_1208


@pytest.mark.parametrize(("crs", "centre", "pipeline"), [
    # PSAD56 / UTM 17S, as INGEMMET stores Piura and Tumbes: PROJ's own choice switches from
    # Peru's transformation to Ecuador's at about 9,443,400 m N for this CRS.
    ("EPSG:24877", (555_430.0, 9_443_400.0), FROM_UTM_17S),
    # PSAD56 longitude/latitude: there the switch is at 5.01 S itself.
    ("EPSG:4248", (-80.5, -5.01), FROM_DEGREES),
])
def test_a_psad56_claim_across_the_ecuador_switch_keeps_its_area(tmp_path, crs, centre, pipeline):
    import geopandas as gpd
    import shapely
    from pyproj import Geod, Transformer

    half = 500.0 if crs == "EPSG:24877" else 0.0045  # about 1 km either way: a 100 ha claim
    x, y = centre
    square = shapely.box(x - half, y - half, x + half, y + half)
    path = tmp_path / "catastro_psad56.gpkg"
    gpd.GeoDataFrame({"CODIGOU": ["010000101"], "TIT_CONCES": ["MINERA A"], "ESTADO": ["T"],
                      "FEC_DENU": ["2000-01-01"]}, geometry=[square], crs=crs).to_file(path)
    peru = Transformer.from_pipeline(pipeline)
    corners = list(square.exterior.coords)
    lon, lat = zip(*(peru.transform(cx, cy) for cx, cy in corners), strict=True)
    truth_ha = abs(Geod(ellps="WGS84").polygon_area_perimeter(lon, lat)[0]) / 1e4
    default = gpd.GeoSeries([square], crs=crs).to_crs("EPSG:4326").iat[0]
    default_ha = abs(Geod(ellps="WGS84").geometry_area_perimeter(default)[0]) / 1e4
    assert abs(default_ha / truth_ha - 1) > 0.005  # what PROJ's default would have given: the bug

    results = analyze(Inputs(concessions=[str(path)]), lang="en")
    assert results.concessions["area_ha"].iat[0] == pytest.approx(truth_ha, rel=1e-3)
    entry = next(i for i in results.summary["inputs"] if i["kind"] == "concessions")
    assert entry["datum_transformation"].startswith("EPSG:1208")


def test_psad56_utm_rows_of_a_registry_table_are_moved_with_perus_transformation(tmp_path):
    from pyproj import Geod, Transformer

    from concession_gis.io.layers import load_registrations
    from concession_gis.rules import load_rules

    # A REINFO-style sheet from Piura in PSAD56 / UTM 17S (DATUM column), one row either side of
    # 5.01 S, where PROJ's own choice switches to Ecuador's transformation.
    rows = {"S1": (555_430.0, 9_430_000.0), "N1": (555_430.0, 9_460_000.0)}
    table = tmp_path / "REINFO_piura.csv"
    lines = ["COD_REINFO;NOMBRE_MIN;ESTADO;ESTE;NORTE;ZONA;DATUM"]
    lines += [f"{rid};MINERO {rid};VIGENTE;{e:.1f};{n:.1f};17S;PSAD56" for rid, (e, n) in rows.items()]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    peru = Transformer.from_pipeline(FROM_UTM_17S)  # EPSG:1208 written out, not the code's choice
    default = Transformer.from_crs("EPSG:24877", "EPSG:4326", always_xy=True)
    geod = Geod(ellps="WGS84")

    loaded = load_registrations([str(table)], {}, load_rules())
    points = dict(zip(loaded.frame["reg_id"], loaded.frame.geometry, strict=True))
    for rid, (e, n) in rows.items():
        lon, lat = peru.transform(e, n)
        assert geod.inv(points[rid].x, points[rid].y, lon, lat)[2] < 0.01  # within 1 cm of Peru's
    lat_s, lat_n = points["S1"].y, points["N1"].y
    assert lat_s < -5.01 < lat_n
    # The test proves something: north of the switch PROJ's default lands more than 5 m away.
    d_lon, d_lat = default.transform(*rows["N1"])
    assert geod.inv(points["N1"].x, points["N1"].y, d_lon, d_lat)[2] > 5.0
    assert loaded.inputs[0]["datum_transformation"].startswith("EPSG:1208")

    cadastre = tmp_path / "catastro.gpkg"
    claims(ROWS).to_file(cadastre)
    summary = analyze(Inputs(concessions=[str(cadastre)], registrations=[str(table)]), lang="en").summary
    entry = next(i for i in summary["inputs"] if i["kind"] == "registrations")
    assert entry["datum_transformation"].startswith("EPSG:1208")
    assert "datum_transformation" not in next(i for i in summary["inputs"] if i["kind"] == "concessions")


def test_wgs84_utm_rows_name_no_datum_transformation(tmp_path):
    from concession_gis.io.layers import load_registrations
    from concession_gis.rules import load_rules

    table = tmp_path / "REINFO.csv"
    table.write_text("COD_REINFO;ESTE;NORTE;ZONA\nR1;555430;9460000;17S\n", encoding="utf-8")
    loaded = load_registrations([str(table)], {}, load_rules())
    assert len(loaded.frame) == 1 and "datum_transformation" not in loaded.inputs[0]


def test_psad56_outside_peru_and_other_datums_keep_the_default(tmp_path):
    from concession_gis.io.geometry import to_lonlat

    frame = claims(ROWS)  # WGS 84 / UTM 18S
    assert "datum_transformation" not in to_lonlat(frame).attrs
    import geopandas as gpd
    import shapely

    bolivia = gpd.GeoDataFrame(geometry=[shapely.box(-64.0, -17.0, -63.99, -16.99)], crs="EPSG:4248")
    assert "datum_transformation" not in to_lonlat(bolivia).attrs
