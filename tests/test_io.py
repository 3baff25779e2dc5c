"""Reading the real formats: encodings, separators, decimal commas, zips, layers, UTM columns."""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest
import shapely

from concession_gis.errors import InputError, InputNotFoundError, MissingCRSError, SchemaError
from concession_gis.inputs import ACTIVITY, HOLDERS
from concession_gis.io.layers import load_concessions, load_registrations
from concession_gis.io.schema import parse_column_map
from concession_gis.io.sources import read_table, split_layer
from concession_gis.io.tables import load_table
from concession_gis.io.values import (
    fold,
    is_missing,
    normalize_name,
    parse_dates,
    parse_numbers,
    read_dates,
)
from concession_gis.reasons import Reason, decode, render, render_column
from concession_gis.rules import load_rules
from tests.builders import claims, lonlat, registrations_csv

RULES = load_rules()


# --- values --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("-12,345", -12.345), ("−12.345", -12.345), ("345 678,5", 345678.5), ("1.234.567,8", 1234567.8),
    ("1,234,567.8", 1234567.8), ("8600000", 8600000.0), ("  -70.5 ", -70.5),
])
def test_numbers_with_decimal_commas_and_points(text, value):
    numbers, bad = parse_numbers(pd.Series([text]))
    assert numbers[0] == pytest.approx(value) and not bad[0]


def test_unparseable_numbers_are_flagged_and_empty_cells_are_not():
    numbers, bad = parse_numbers(pd.Series(["12°30'S", "", None]))
    assert bad.tolist() == [True, False, False]
    assert numbers.isna().all()


@pytest.mark.parametrize(("text", "expected"), [
    ("1998-03-15", "1998-03-15"), ("15/03/1998", "1998-03-15"), ("15-03-98", "1998-03-15"),
    ("03/25/1998", "1998-03-25"), ("2017", "2017-01-01"), ("887500800000", "1998-02-15"),
    ("1998-03-15 00:00:00", "1998-03-15"), ("15.03.1998", "1998-03-15"),
])
def test_dates_in_the_formats_people_type(text, expected):
    dates, bad = parse_dates(pd.Series([text]))
    assert dates[0] == pd.Timestamp(expected) and not bad[0]


def test_bad_dates_are_flagged():
    dates, bad = parse_dates(pd.Series(["31/02/2001", "ayer", ""]))
    assert bad.tolist() == [True, True, False] and dates.isna().all()


def test_how_a_column_writes_its_dates():
    reading = read_dates(pd.Series([" 25/03/1998", "03/25/1998", "42809", ""]))
    assert reading.order == "mixed" and reading.serials.tolist() == [False, False, False, False]  # one day number of three
    reading = read_dates(pd.Series(["42809", "42810.0", "07/02/1996"]))
    assert reading.order == "dmy" and reading.serials.tolist() == [True, True, False]
    assert read_dates(pd.Series(["03/25/1998"])).order == "mdy"
    # Dates a shapefile's driver read are neither written in an order nor day numbers.
    reading = read_dates(pd.Series(pd.to_datetime(["1998-03-25", None])))
    assert reading.order == "dmy" and not reading.serials.any()


@pytest.mark.parametrize(("a", "b"), [
    ("Minera Peña Dorada S.A.C.", "MINERA PENA DORADA SAC"),
    ("MINERA PEÑA DORADA S.A.C.", "Minera  Peña  Dorada"),
    ("S.M.R.L. PERSEVERANCIA", "PERSEVERANCIA"),
    ("Empresa Minera Los Ángeles E.I.R.L.", "EMPRESA MINERA LOS ANGELES EIRL"),
])
def test_holder_names_compare_normalized(a, b):
    forms = RULES["holders"]["legal_forms"]
    assert normalize_name(a, forms) == normalize_name(b, forms)


def test_different_holders_stay_different():
    forms = RULES["holders"]["legal_forms"]
    assert normalize_name("MINERA ANDINA S.A.", forms) != normalize_name("MINERA ANDINA DEL SUR S.A.", forms)


# --- concessions -----------------------------------------------------------------------------------

def test_latin1_dbf_without_cpg_keeps_accents_and_leading_zeros(demo_dir):
    from concession_gis.sample.demo import FILES

    shp = demo_dir / FILES["concessions"]
    assert not shp.with_suffix(".cpg").exists()
    raw = shp.with_suffix(".dbf").read_bytes()
    assert "PEÑA".encode("cp1252") in raw and "PEÑA".encode() not in raw
    loaded = load_concessions([str(shp)], {})
    assert "COMPAÑÍA MINERA PEÑA DORADA S.A." in set(loaded.frame["holder"])
    assert "010000198" in set(loaded.frame["code"])


def test_utf8_dbf_without_cpg_is_detected(tmp_path):
    frame = claims([{"code": "000123", "holder": "JOSÉ ÑAUPA", "cells": (0, 0, 1, 1)}])
    frame.to_file(tmp_path / "c.shp", engine="pyogrio", encoding="utf-8")
    (tmp_path / "c.cpg").unlink()
    loaded = load_concessions([str(tmp_path / "c.shp")], {})
    assert loaded.frame["holder"].tolist() == ["JOSÉ ÑAUPA"]


def test_zipped_shapefile_and_layer_syntax(tmp_path):
    frame = claims([{"code": "0001", "holder": "A", "cells": (0, 0, 1, 1)}])
    frame.to_file(tmp_path / "one.shp", engine="pyogrio")
    with zipfile.ZipFile(tmp_path / "one.zip", "w") as archive:
        for part in tmp_path.glob("one.*"):
            if part.suffix != ".zip":
                archive.write(part, f"CatastroMinero/{part.name}")
    assert load_concessions([str(tmp_path / "one.zip")], {}).frame["code"].tolist() == ["0001"]
    frame.to_file(tmp_path / "many.gpkg", layer="zona18", engine="pyogrio")
    frame.to_file(tmp_path / "many.gpkg", layer="zona19", engine="pyogrio")
    with pytest.raises(InputError, match="holds 2 layers.*many.gpkg:zona18"):
        load_concessions([str(tmp_path / "many.gpkg")], {})
    assert len(load_concessions([f"{tmp_path / 'many.gpkg'}:zona19"], {}).frame) == 1


def test_zip_with_two_shapefiles_asks_which(tmp_path):
    frame = claims([{"code": "0001", "holder": "A", "cells": (0, 0, 1, 1)}])
    for name in ("a", "b"):
        frame.to_file(tmp_path / f"{name}.shp", engine="pyogrio")
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as archive:
        for part in tmp_path.glob("[ab].*"):
            archive.write(part, part.name)
    with pytest.raises(InputError, match=r"2 layers \(a, b\)|2 layers \(b, a\)"):
        load_concessions([str(tmp_path / "two.zip")], {})
    assert len(load_concessions([f"{tmp_path / 'two.zip'}:b"], {}).frame) == 1


def test_zip_with_path_escaping_the_folder_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr("../../etc/evil.shp", b"x")
    with pytest.raises(InputError, match="outside the archive"):
        load_concessions([str(tmp_path / "evil.zip")], {})


def test_windows_drive_letter_is_not_a_layer():
    assert split_layer(r"C:\datos\catastro.shp") == (pytest.importorskip("pathlib").Path(r"C:\datos\catastro.shp"), None)
    assert split_layer("datos.gpkg:zona18")[1] == "zona18"


def test_missing_crs_is_refused_unless_given(tmp_path):
    frame = claims([{"code": "0001", "holder": "A", "cells": (0, 0, 1, 1)}])
    frame.to_file(tmp_path / "c.shp", engine="pyogrio")
    (tmp_path / "c.prj").unlink()
    with pytest.raises(MissingCRSError, match=r"c\.shp.*--crs"):
        load_concessions([str(tmp_path / "c.shp")], {})
    loaded = load_concessions([str(tmp_path / "c.shp")], {}, assume_crs="32718")
    assert loaded.frame.crs.to_epsg() == 4326 and len(loaded.frame) == 1


def test_bow_tie_is_repaired_with_a_warning_and_lines_are_rejected(tmp_path):
    from concession_gis.errors import RepairedGeometryWarning

    bow_tie = shapely.Polygon([(400_000, 8_600_000), (401_000, 8_601_000), (401_000, 8_600_000), (400_000, 8_601_000)])
    line = shapely.LineString([(400_000, 8_600_000), (401_000, 8_601_000)])
    frame = claims([
        {"code": "0001", "holder": "A", "geometry": bow_tie},
        {"code": "0002", "holder": "B", "geometry": shapely.GeometryCollection([line])},
        {"code": "0003", "holder": "C", "cells": (2, 2, 3, 3)},
    ])
    frame.to_file(tmp_path / "c.gpkg", engine="pyogrio", geometry_type="Unknown")
    with pytest.warns(RepairedGeometryWarning, match="1 invalid polygon"):
        loaded = load_concessions([str(tmp_path / "c.gpkg")], {})
    assert loaded.frame["code"].tolist() == ["0001", "0003"]
    assert loaded.frame.geometry.iloc[0].geom_type == "MultiPolygon"  # two triangles
    assert loaded.rejected["row"].tolist() == [2]
    assert decode(loaded.rejected["reason_codes"][0]) == [Reason("geometry.empty_collection")]


def test_overlapping_parts_keep_their_union_and_a_hole_on_the_edge_stays_a_hole(tmp_path):
    """GEOS's default repair ("linework") made two overlapping parts' common 100 ha a hole (600 ha
    where the drawing covers 700) and dropped a 100 ha hole touching the shell along a side (600
    where 500 are meant); both named in the warning."""
    from concession_gis.errors import RepairedGeometryWarning

    x, y = 348_000, 8_542_000
    parts = shapely.MultiPolygon([shapely.box(x, y, x + 2000, y + 3000), shapely.box(x + 1000, y + 1000, x + 3000, y + 2000)])
    edge_hole = shapely.Polygon([(x, y), (x + 3000, y), (x + 3000, y + 2000), (x, y + 2000)],
                                [[(x, y + 500), (x + 1000, y + 500), (x + 1000, y + 1500), (x, y + 1500)]])
    assert not parts.is_valid and not edge_hole.is_valid
    frame = claims([{"code": "0101", "holder": "A", "geometry": parts},
                    {"code": "0102", "holder": "B", "geometry": edge_hole}])
    frame.to_file(tmp_path / "c.gpkg", engine="pyogrio")
    with pytest.warns(RepairedGeometryWarning, match=r"2 invalid polygon.*0101, 0102"):
        loaded = load_concessions([str(tmp_path / "c.gpkg")], {})
    utm = loaded.frame.to_crs(frame.crs).geometry
    # 2 x 3 km and 2 x 1 km sharing 1 x 1 km; 3 x 2 km less a 1 x 1 km hole (square metres).
    assert utm.area.tolist() == pytest.approx([7_000_000, 5_000_000], rel=1e-6)


def test_no_usable_concession_names_its_first_rejected_row_in_the_readers_words(tmp_path):
    claims([{"code": "", "holder": "A", "cells": (0, 0, 1, 1)}]).to_file(tmp_path / "c.gpkg", engine="pyogrio")
    with pytest.raises(InputError) as caught:
        load_concessions([str(tmp_path / "c.gpkg")], {})
    assert "(row 1: no code (column CODIGOU is empty))" in str(caught.value)
    assert "(fila 1: sin código (la columna CODIGOU está vacía))" in caught.value.text("es")


def test_unrecognised_schema_needs_map(tmp_path):
    frame = claims([{"code": "0001", "holder": "A", "cells": (0, 0, 1, 1)}]).rename(columns={"CODIGOU": "ID_DERECHO", "TIT_CONCES": "DUENO"})
    frame.to_file(tmp_path / "c.gpkg", engine="pyogrio")
    with pytest.raises(SchemaError, match=r"field 'code'.*ID_DERECHO.*--map code=COLUMN"):
        load_concessions([str(tmp_path / "c.gpkg")], {})
    mapping = parse_column_map(["code=ID_DERECHO", "concessions.holder=DUENO"])
    loaded = load_concessions([str(tmp_path / "c.gpkg")], mapping)
    assert loaded.frame[["code", "holder"]].values.tolist() == [["0001", "A"]]


def test_map_errors_name_the_problem():
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_column_map(["code"])
    with pytest.raises(InputError, match="'colour' is not a field"):
        parse_column_map(["colour=X"])


def test_missing_file_is_named():
    with pytest.raises(InputNotFoundError, match=r"nowhere\.shp: concessions file not found"):
        load_concessions(["nowhere.shp"], {})


# --- registrations ----------------------------------------------------------------------------

ROWS = [{"id": "R1", "x": 0.5, "y": 0.5}, {"id": "R2", "x": 1.5, "y": 0.5, "estado": "SUSPENDIDO"}]


@pytest.mark.parametrize(("sep", "decimal", "encoding"), [
    (";", ",", "utf-8"), (",", ".", "utf-8"), (";", ",", "cp1252"), ("\t", ".", "utf-8-sig"),
])
def test_csv_dialects(tmp_path, sep, decimal, encoding):
    rows = [{**ROWS[0], "miner": "ÑUÑEZ CÁCERES"}, ROWS[1]]
    path = registrations_csv(tmp_path / "r.csv", rows, sep=sep, decimal=decimal, encoding=encoding)
    loaded = load_registrations([str(path)], {}, RULES)
    assert loaded.frame["miner"].tolist() == ["ÑUÑEZ CÁCERES", "MINERO R2"]
    lon, lat = lonlat(0.5, 0.5)
    point = loaded.frame.geometry.iloc[0]
    assert (point.x, point.y) == pytest.approx((lon, lat), abs=1e-6)


def test_xlsx_registrations_keep_codes_as_text(tmp_path):
    lon, lat = lonlat(0.5, 0.5)
    frame = pd.DataFrame({"COD_REINFO": ["000123"], "NOMBRE_MIN": ["A"], "LATITUD": [lat], "LONGITUD": [lon], "CODIGOU": ["010000198"]})
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    loaded = load_registrations([str(tmp_path / "r.xlsx")], {}, RULES)
    assert loaded.frame["reg_id"].tolist() == ["000123"]
    assert loaded.frame["declared_code"].tolist() == ["010000198"]
    assert loaded.frame.geometry.iloc[0].y == pytest.approx(lat)
    assert loaded.frame["_row"].tolist() == [2]


def test_utm_columns_with_zone_and_datum(tmp_path):
    frame = pd.DataFrame({
        "COD_REINFO": ["U1", "U2", "U3", "U4"],
        "ESTE": ["400500", "400500,0", "400500", "400500"],
        "NORTE": ["8600500", "8600500", "8600500", "8600500"],
        "ZONA": ["18", "18L", "18 SUR", "99"],
        "DATUM": ["WGS84", "WGS 84", "PSAD56", "WGS84"],
    })
    frame.to_csv(tmp_path / "utm.csv", sep=";", index=False)
    loaded = load_registrations([str(tmp_path / "utm.csv")], {}, RULES)
    lon, lat = lonlat(0.5, 0.5)
    points = loaded.frame.set_index("reg_id").geometry
    assert (points["U1"].x, points["U1"].y) == pytest.approx((lon, lat), abs=1e-7)
    assert (points["U2"].x, points["U2"].y) == pytest.approx((lon, lat), abs=1e-7)
    # PSAD56 coordinates of the same numbers lie a few hundred metres away
    shift_m = np.hypot((points["U3"].x - lon) * 108_000, (points["U3"].y - lat) * 110_600)
    assert 100 < shift_m < 1000
    assert decode(loaded.rejected["reason_codes"][0]) == [Reason("reject.bad_zone", {"value": "99"})]
    assert render(loaded.rejected["reason_codes"][0], "en") == "UTM zone 99 not recognised (expected 17, 18 or 19)"
    assert render(loaded.rejected["reason_codes"][0], "es") == "zona UTM 99 no reconocida (se espera 17, 18 o 19)"


def test_bad_coordinates_are_rejected_with_reasons_and_counted(tmp_path):
    frame = pd.DataFrame({
        "COD_REINFO": ["A", "B", "C", "D", "E", "F"],
        "LATITUD_G84": ["-12,5", "", "abc", "-95", "0", "-125,4"],
        "LONGITUD_G84": ["-75,9", "-75,9", "-75,9", "-175,9", "0", "-12,5"],
    })
    frame.to_csv(tmp_path / "r.csv", sep=";", index=False)
    loaded = load_registrations([str(tmp_path / "r.csv")], {}, RULES)
    assert loaded.frame["reg_id"].tolist() == ["A"]
    codes = dict(zip(loaded.rejected["COD_REINFO"], map(decode, loaded.rejected["reason_codes"]), strict=True))
    assert codes == {
        "B": [Reason("reject.no_coordinates")],
        "C": [Reason("reject.not_a_number", {"what": "LATITUD_G84", "value": "abc"})],
        "D": [Reason("reject.out_of_range", {"what": "LATITUD_G84", "value": -95.0, "low": -90, "high": 90})],
        "E": [Reason("reject.zero_coordinates")],
        "F": [Reason("reject.swapped", {"lat": -125.4, "lon": -12.5})],
    }
    reasons = dict(zip(loaded.rejected["COD_REINFO"], render_column(loaded.rejected["reason_codes"], "en"), strict=True))
    assert reasons == {
        "B": "no coordinates",
        "C": "LATITUD_G84 'abc' is not a number",
        "D": "LATITUD_G84 -95.0 out of range (-90 to 90)",
        "E": "coordinates 0, 0 (a placeholder, not a location)",
        "F": "latitude and longitude look swapped (latitude -125.4, longitude -12.5)",
    }
    assert loaded.rejected["row"].tolist() == [3, 4, 5, 6, 7]  # spreadsheet rows (header is 1)


def test_swap_within_valid_ranges_is_told_from_the_concessions_extent(tmp_path):
    lon, lat = lonlat(0.5, 0.5)  # about -75.9, -12.6: swapped, both still valid numbers
    frame = pd.DataFrame({"COD_REINFO": ["OK", "SWAP"], "LATITUD": [lat, lon], "LONGITUD": [lon, lat]})
    frame.to_csv(tmp_path / "r.csv", index=False)
    extent = (lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1)
    loaded = load_registrations([str(tmp_path / "r.csv")], {}, RULES, extent=extent)
    assert loaded.frame["reg_id"].tolist() == ["OK"]
    assert [r.code for r in decode(loaded.rejected["reason_codes"][0])] == ["reject.swapped"]
    # with no claims to compare against, the countries tell: latitude -75.9 is far from Peru
    alone = load_registrations([str(tmp_path / "r.csv")], {}, RULES)
    assert alone.frame["reg_id"].tolist() == ["OK"]
    assert [r.code for r in decode(alone.rejected["reason_codes"][0])] == ["reject.swapped"]


def test_coordinates_that_lost_their_minus_sign_are_set_aside_not_placed_abroad(tmp_path):
    """An export that dropped the signs put miners at longitude +70 (the Indian Ocean) or
    latitude +12 (Venezuela): counted "outside every claim", and the coexistence candidates
    on those claims lost, without a word."""
    lon, lat = lonlat(0.5, 0.5)  # about -75.9, -12.6
    frame = pd.DataFrame({"COD_REINFO": ["OK", "NO_LON_SIGN", "NO_SIGNS", "ABROAD"],
                          "LATITUD": [lat, lat, -lat, 40.4],
                          "LONGITUD": [lon, -lon, -lon, -3.7]})
    frame.to_csv(tmp_path / "r.csv", index=False)
    extent = (lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1)
    loaded = load_registrations([str(tmp_path / "r.csv")], {}, RULES, extent=extent)
    assert loaded.frame["reg_id"].tolist() == ["OK"]
    codes = dict(zip(loaded.rejected["COD_REINFO"], map(decode, loaded.rejected["reason_codes"]), strict=True))
    assert {k: [r.code for r in v] for k, v in codes.items()} == {
        "NO_LON_SIGN": ["reject.sign_missing"], "NO_SIGNS": ["reject.sign_missing"], "ABROAD": ["reject.outside_country"]}
    words = render_column(loaded.rejected["reason_codes"], "es").tolist()
    assert words[0].startswith("a las coordenadas les falta el signo menos (latitud -12,")
    assert words[2] == "coordenadas lejos de Perú y Bolivia (latitud 40,4, longitud -3,7)"


def test_no_coordinate_columns_is_a_clear_error(tmp_path):
    pd.DataFrame({"COD_REINFO": ["A"], "LUGAR": ["cerca del río"]}).to_csv(tmp_path / "r.csv", index=False)
    with pytest.raises(SchemaError, match=r"r\.csv: no usable coordinate columns.*LUGAR"):
        load_registrations([str(tmp_path / "r.csv")], {}, RULES)


def test_utm_without_zone_needs_crs(tmp_path):
    pd.DataFrame({"ESTE": ["400500"], "NORTE": ["8600500"]}).to_csv(tmp_path / "r.csv", index=False)
    with pytest.raises(SchemaError, match="no ZONA column.*--crs"):
        load_registrations([str(tmp_path / "r.csv")], {}, RULES)
    assert len(load_registrations([str(tmp_path / "r.csv")], {}, RULES, assume_crs="32718").frame) == 1


def test_empty_csv_is_refused(tmp_path):
    (tmp_path / "r.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        read_table(tmp_path / "r.csv", "registrations")


# --- tables --------------------------------------------------------------------------------------

def test_activity_and_holders_tables(tmp_path):
    (tmp_path / "a.csv").write_text("CODIGOU;ANIO\n010000198;2021\n;2020\n010000198;dos mil\n", encoding="utf-8")
    activity = load_table(ACTIVITY, str(tmp_path / "a.csv"), {})
    assert activity.frame[["code", "year"]].values.tolist() == [["010000198", 2021]]
    assert activity.rejected["row"].tolist() == [3, 4]
    assert [decode(c) for c in activity.rejected["reason_codes"]] == [
        [Reason("reject.no_code", {"column": "CODIGOU"})], [Reason("reject.bad_year", {"column": "ANIO"})]]
    (tmp_path / "h.csv").write_text("titular,estrato\nMINERA X SAC,Gran_Mediana\nY,enorme\n", encoding="utf-8")
    holders = load_table(HOLDERS, str(tmp_path / "h.csv"), {})
    assert holders.frame[["holder", "stratum"]].values.tolist() == [["MINERA X SAC", "large_medium"]]
    assert decode(holders.rejected["reason_codes"][0]) == [
        Reason("reject.bad_stratum", {"column": "estrato", "allowed": "large_medium, large, medium, small, artisanal"})]
    assert render(holders.rejected["reason_codes"][0], "en") == (
        "invalid stratum in column estrato (allowed: large_medium, large, medium, small, artisanal)")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ñaupa Huamán", "NAUPA HUAMAN"),
        ("MINERA\nANDINA", "MINERA ANDINA"),
        ("  minera\t\r\n  andina s.a.c. ", "MINERA ANDINA S.A.C."),
        ("CORPORACIÓN", "CORPORACION"),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (12, "12"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(("value", "missing"), [
    (None, True), (float("nan"), True), (np.float64("nan"), True), (pd.NA, True), (pd.NaT, True),
    (0, False), (0.0, False), ("", False), ("nan", False), (False, False), (pd.Timestamp("2024-01-01"), False),
])
def test_is_missing(value, missing):
    assert is_missing(value) is missing


def test_a_ruc_a_spreadsheet_saved_in_scientific_notation_is_left_empty_and_warned(tmp_path):
    """Excel saves RUC 20601234561 shown in a narrow column as "2,06E+10": read as 20610 it gave
    different miners one RUC and lost a contract keyed by it, without a word."""
    from concession_gis.errors import RoundedIdentifierWarning
    from concession_gis.inputs import CONTRACTS

    lon, lat = lonlat(0.5, 0.5)
    pd.DataFrame({"COD_REINFO": ["A", "B", "C"], "M_RUC": ["2,06E+10", "10512233453", "2.06E+10"],
                  "LATITUD": [lat] * 3, "LONGITUD": [lon] * 3}).to_csv(tmp_path / "r.csv", sep=";", index=False)
    with pytest.warns(RoundedIdentifierWarning, match=r"r\.csv: 2 value\(s\) of column M_RUC .*e\.g\. 2,06E\+10"):
        loaded = load_registrations([str(tmp_path / "r.csv")], {}, RULES)
    assert loaded.frame["ruc"].tolist() == ["", "10512233453", ""]
    pd.DataFrame({"CODIGOU": ["010000001"], "RUC_MINERO": ["1,05E+10"], "TIPO_CONTRATO": ["cesion"], "FECHA_INICIO": ["2020-01-01"],
                  "FECHA_FIN": ["2030-01-01"]}).to_csv(tmp_path / "c.csv", index=False)
    with pytest.warns(RoundedIdentifierWarning, match="RUC_MINERO"):
        table = load_table(CONTRACTS, str(tmp_path / "c.csv"), {})
    assert "10510" not in table.frame.astype(str).to_numpy().ravel().tolist()


def test_day_and_month_are_read_in_the_columns_order_not_each_values():
    """A cadastre exported with US dates: 11/20/1985 can only be month first, yet 07/02/1996 in
    the same column was read as 7 February; seniority between claims turned on it."""
    us, _ = parse_dates(pd.Series(["11/20/1985", "07/02/1996", "06/01/1978"]))
    assert us.dt.strftime("%Y-%m-%d").tolist() == ["1985-11-20", "1996-07-02", "1978-06-01"]
    peru, _ = parse_dates(pd.Series(["20/11/1985", "07/02/1996"]))
    assert peru.dt.strftime("%Y-%m-%d").tolist() == ["1985-11-20", "1996-02-07"]
    # both orders in one column: a date that reads either way is not guessed
    mixed, bad = parse_dates(pd.Series(["20/11/1985", "11/20/1985", "07/02/1996", "05/05/2000"]))
    assert mixed.dt.strftime("%Y-%m-%d").fillna("?").tolist() == ["1985-11-20", "1985-11-20", "?", "2000-05-05"]
    assert bad.tolist() == [False, False, True, False]


def test_a_cadastre_writing_both_date_orders_is_warned_and_its_ambiguous_dates_left_undated(tmp_path):
    from concession_gis.errors import FilingDateWarning

    rows = [{"code": f"00{i}", "holder": "A", "cells": (i, 0, i + 1, 1), "filed": filed}
            for i, filed in enumerate(["20/11/1985", "11/20/1985", "07/02/1996"])]
    claims(rows).to_file(tmp_path / "c.gpkg", engine="pyogrio")
    with pytest.warns(FilingDateWarning) as caught:
        loaded = load_concessions([str(tmp_path / "c.gpkg")], {})
    said = " ".join(str(w.message) for w in caught)
    assert "writes some dates day/month" in said and "1 of 3 concession(s) have no readable filing date" in said
    assert loaded.frame["filed_on"].isna().tolist() == [False, False, True]


def test_coordinates_in_degrees_minutes_and_seconds_are_read(tmp_path):
    """A registry typed by hand: 13°10'15.74"S was refused row by row as "not a number"."""
    frame = pd.DataFrame({"COD_REINFO": ["A", "B", "C"],
                          "LATITUD": ["13°10'15.74\"S", "-13º 10' 15,74\"", "-13,171039"],
                          "LONGITUD": ["70°26'44\" O", "70°26'44\"W", "-70.445556"]})
    frame.to_csv(tmp_path / "r.csv", sep=";", index=False)
    loaded = load_registrations([str(tmp_path / "r.csv")], {}, RULES)
    assert loaded.frame["reg_id"].tolist() == ["A", "B", "C"]
    # 13 + 10/60 + 15.74/3600 and 70 + 26/60 + 44/3600, south and west, by hand
    assert loaded.frame.geometry.y.tolist() == pytest.approx([-13.1710389] * 3, abs=1e-6)
    assert loaded.frame.geometry.x.tolist() == pytest.approx([-70.4455556] * 3, abs=1e-6)


def test_dates_with_the_months_name_as_oracle_exports_write_them():
    """INGEMMET's Oracle exports write 20-NOV-85: five claims of twenty read without a date."""
    dates, bad = parse_dates(pd.Series(["20-NOV-85", "03-SET-1998", "5 ene 2001", "15-Mar-2010", "12-XYZ-99"]))
    assert dates.dt.strftime("%Y-%m-%d").fillna("?").tolist() == ["1985-11-20", "1998-09-03", "2001-01-05",
                                                                  "2010-03-15", "?"]
    assert bad.tolist() == [False, False, False, False, True]
