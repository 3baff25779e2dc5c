"""INGEMMET claim codes stored as numbers (a DBF's numeric CODIGOU, a workbook's number cells)
are shown and exported with their leading zero, and the tool says so once per file and column.

The real shape: ``010123405`` saved as the number 10123405. Matching already compared codes
without zeros; the claim was shown as ``10123405``, a code INGEMMET does not have. Codes that
are text, that do not fit nine digits, or that are AJAM's (Bolivia) are left as they are.
Expected values are written by hand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pytest
from openpyxl import Workbook

from concession_gis.errors import LeadingZerosWarning
from concession_gis.io.bolivia import load_ajam
from concession_gis.io.layers import load_concessions, load_registrations
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.rules import load_rules
from tests.builders import claims, lonlat

RULES = load_rules()
CLAIMS = [  # the second one's office (65) needs no zero
    {"code": "010123405", "holder": "MINERA ANDINA S.A.C.", "cells": (0, 0, 1, 1)},
    {"code": "650001508", "holder": "JUAN PEREZ", "cells": (2, 0, 3, 1)},
]


def _cadastre(folder: Path, codes: list, suffix: str = ".shp") -> Path:
    frame = claims(CLAIMS)
    frame["CODIGOU"] = codes
    path = folder / f"CatastroMinero_WGS84_18S{suffix}"
    frame.to_file(path, engine="pyogrio")
    return path


def _said(caught) -> list[dict]:
    return [w.message.values for w in caught if isinstance(w.message, LeadingZerosWarning)]


def test_a_numeric_codigou_of_a_shapefile_gets_its_zero_back(tmp_path):
    path = _cadastre(tmp_path, [10123405, 650001508])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = load_concessions([str(path)], {}).frame
    assert frame["code"].tolist() == ["010123405", "650001508"]
    assert frame["CODIGOU"].tolist() == [10123405, 650001508]  # the file's own column, as it is
    assert _said(caught) == [{"path": str(path), "column": "CODIGOU", "n": 1, "before": "10123405",
                              "after": "010123405"}]


@pytest.mark.parametrize("codes", [
    ["10123405", "650001508"],  # text: what the file says, not a number that lost a zero
    [1234, 650001508],  # a number that is no nine-digit code
    [10123405, 6500015081],  # ten digits: not INGEMMET's nine
])
def test_codes_not_known_to_have_lost_a_zero_are_left_as_they_are(tmp_path, codes):
    path = _cadastre(tmp_path, codes, ".gpkg")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = load_concessions([str(path)], {}).frame
    assert frame["code"].tolist() == [str(c) for c in codes]
    assert _said(caught) == []


def _registrations_book(path: Path) -> Path:
    """A REINFO workbook whose CODIGOU cells are numbers, as Excel keeps a column it took for numbers."""
    book = Workbook()
    sheet = book.active
    sheet.append(["COD_REINFO", "NOMBRE_MIN", "LATITUD", "LONGITUD", "CODIGOU"])
    for reg_id, x, code in (("R1", 0.5, 10123405), ("R2", 2.5, 650001508), ("R3", 0.6, 10123405)):
        lon, lat = lonlat(x, 0.5)
        sheet.append([reg_id, "MINERO " + reg_id, lat, lon, code])
    book.save(path)
    return path


def test_a_workbooks_numeric_declared_code_gets_its_zero_back_said_once(tmp_path):
    book = _registrations_book(tmp_path / "REINFO.xlsx")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = load_registrations([str(book)], {}, RULES).frame
    assert frame["declared_code"].tolist() == ["010123405", "650001508", "010123405"]
    assert _said(caught) == [{"path": str(book), "column": "CODIGOU", "n": 2, "before": "10123405",
                              "after": "010123405"}]


def test_the_run_shows_and_exports_the_nine_digits(tmp_path):
    cadastre = _cadastre(tmp_path, [10123405, 650001508])
    book = _registrations_book(tmp_path / "REINFO.xlsx")
    results = analyze(Inputs(concessions=[str(cadastre)], registrations=[str(book)]), lang="es")
    assert sorted(results.concessions["code"]) == ["010123405", "650001508"]
    registrations = results.registrations.set_index("reg_id")
    assert registrations["host_code"].tolist() == ["010123405", "650001508", "010123405"]
    assert registrations["declared_code_match"].tolist() == [True, True, True]
    assert results.summary["warnings"]["LeadingZerosWarning"] == 2  # the cadastre's and the workbook's
    said = [m for m in results.summary["warning_messages"] if "CODIGOU" in m and "9 dígitos" in m]
    assert said[0] == (f"{cadastre}: la columna CODIGOU guarda los códigos de derecho minero como números, que "
                       "pierden el cero a la izquierda: 1 código(s) se muestran y exportan con sus 9 dígitos "
                       "(p. ej. 10123405 como 010123405). La columna del archivo se conserva tal como está; "
                       "para evitarlo, expórtela como Texto.")


def test_ajams_numeric_codes_are_never_padded(tmp_path):
    """Bolivia's AJAM codes have other widths: an eight-digit one stays eight digits."""
    area = claims([CLAIMS[0]]).geometry
    path = tmp_path / "ajam.gpkg"
    gpd.GeoDataFrame({"CODIGO_UNICO": [12345678], "TITULAR": ["COOPERATIVA X"]}, geometry=area).to_file(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = load_ajam([str(path)], {}).frame
    assert frame["code"].tolist() == ["12345678"]
    assert _said(caught) == []
