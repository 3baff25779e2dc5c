"""A ministry's export ends with a footer (``Total de registros: 2``, ``Fuente: ...``): its lines
are the footer, said in a warning, never registrations set aside.

The real shape: the header, the rows, then one or two lines whose first cell holds the text and
the rest are empty: with the header's separators (``Total de registros: 2;;;;;;;;``, read by the
pandas C reader), without them after a blank line (read row by row), quoted, or in a workbook.
Expected values are written by hand.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from openpyxl import Workbook

from concession_gis.errors import FooterRowsWarning
from concession_gis.inputs import ACTIVITY, HOLDERS
from concession_gis.io.layers import load_registrations
from concession_gis.io.tables import load_table
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.reasons import Reason, decode
from concession_gis.rules import load_rules
from concession_gis.validate import validate_file
from tests.builders import claims, registrations_csv

RULES = load_rules()
ROWS = [{"id": "R1", "x": 0.5, "y": 0.5}, {"id": "R2", "x": 1.5, "y": 0.5}]
FIELDS = 9  # the columns registrations_csv writes


def _with_footer(folder: Path, shape: str) -> Path:
    """A REINFO export of ROWS (header row 1, rows 2 and 3) ending in a footer of ``shape``."""
    table = registrations_csv(folder / "REINFO.csv", ROWS)
    text = table.read_text(encoding="utf-8")
    empty = ";" * (FIELDS - 1)
    if shape == "separators":  # rows 4 and 5, every field there and empty: the C reader's file
        footer = f"Total de registros: 2{empty}\nFuente: DGFM - REINFO{empty}\n"
    elif shape == "bare":  # a blank line 4, then lines 5 and 6 of one field: read row by row
        footer = "\nTotal de registros: 2\nFecha de corte: 31/12/2024\n"
    elif shape == "quoted":
        footer = f'"Total de registros: 2"{empty}\n"Fuente: DGFM; REINFO"\n'
    else:
        raise ValueError(shape)
    table.write_text(text + footer, encoding="utf-8")
    return table


def _as_workbook(table: Path) -> Path:
    book = Workbook()
    for line in table.read_text(encoding="utf-8").splitlines():
        book.active.append([cell or None for cell in line.split(";")])
    book.active.append([])
    book.active.append(["Total de registros: 2"])  # a blank row 4, then the total in A5
    book.active.append(["Fuente: DGFM - REINFO"])
    path = table.with_suffix(".xlsx")
    book.save(path)
    return path


def _load(path: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load_registrations([str(path)], {}, RULES)
    return loaded, [w.message for w in caught if isinstance(w.message, FooterRowsWarning)]


@pytest.mark.parametrize(("shape", "n", "row", "first"), [
    ("separators", 2, 4, "Total de registros: 2"),
    ("bare", 2, 5, "Total de registros: 2"),
    ("quoted", 2, 4, "Total de registros: 2"),
    ("xlsx", 2, 5, "Total de registros: 2"),
])
def test_a_footer_is_no_rejected_row_and_is_said(tmp_path, shape, n, row, first):
    if shape == "xlsx":
        path = _as_workbook(registrations_csv(tmp_path / "REINFO.csv", ROWS))
    else:
        path = _with_footer(tmp_path, shape)
    loaded, said = _load(path)
    assert loaded.frame["reg_id"].tolist() == ["R1", "R2"]
    assert len(loaded.rejected) == 0  # the footer was 2 rows "without coordinates" (or of 1 field)
    assert [w.values for w in said] == [{"path": str(path), "n": n, "row": row, "first": first}]
    assert said[0].text("es").startswith(f"{path}: {n} línea(s) al final de la tabla, desde la fila {row}, son su pie")


def test_a_lone_code_before_the_footer_stays_a_rejected_row(tmp_path):
    """Only the words at the end are the footer: a row holding a registration's code alone is a
    registration without coordinates, and a text line among the rows is a row too."""
    table = registrations_csv(tmp_path / "REINFO.csv", ROWS)
    lines = table.read_text(encoding="utf-8").splitlines()
    empty = ";" * (FIELDS - 1)
    lines.insert(2, f"Sin coordenadas: ver anexo{empty}")  # row 3, between R1 and R2
    lines += [f"R3{empty}", f"Total de registros: 3{empty}"]  # rows 5 and 6
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded, said = _load(table)
    assert loaded.frame["reg_id"].tolist() == ["R1", "R2"]
    assert loaded.rejected["row"].tolist() == [3, 5]
    assert [decode(c) for c in loaded.rejected["reason_codes"]] == [[Reason("reject.no_coordinates")]] * 2
    assert [(w.values["n"], w.values["row"]) for w in said] == [(1, 6)]


def test_a_name_alone_on_the_last_row_is_no_footer(tmp_path):
    """A holders table whose last holder has no stratum yet: a row set aside for its stratum,
    not a footer (a name is words too, but no footer's)."""
    (tmp_path / "titulares.csv").write_text(
        "TITULAR;ESTRATO\nMINERA ANDINA S.A.C.;gran_mediana\nJUAN PEREZ QUISPE;\nTotal de titulares: 2;\n",
        encoding="utf-8")
    with pytest.warns(FooterRowsWarning, match="from row 4 on"):
        holders = load_table(HOLDERS, str(tmp_path / "titulares.csv"), {})
    assert holders.frame["holder"].tolist() == ["MINERA ANDINA S.A.C."]
    assert holders.rejected["row"].tolist() == [3]
    assert [r.code for r in decode(holders.rejected["reason_codes"][0])] == ["reject.bad_stratum"]


def test_a_table_kind_with_a_footer_sets_no_row_aside(tmp_path):
    (tmp_path / "produccion.csv").write_text(
        "CODIGOU;ANIO\n010000198;2021\n010000199;2022\nTotal: 2 derechos;\n", encoding="utf-8")
    with pytest.warns(FooterRowsWarning, match=r"produccion\.csv: 1 line\(s\) .* from row 4 on, .*'Total: 2 derechos'"):
        activity = load_table(ACTIVITY, str(tmp_path / "produccion.csv"), {})
    assert activity.frame[["code", "year"]].values.tolist() == [["010000198", 2021], ["010000199", 2022]]
    assert len(activity.rejected) == 0


def test_the_run_counts_the_footer_as_a_warning_not_as_rejected_rows(tmp_path):
    cadastre = tmp_path / "catastro.gpkg"
    claims([{"code": "010000101", "holder": "MINERA A", "cells": (0, 0, 2, 1)}]).to_file(cadastre)
    table = _with_footer(tmp_path, "bare")
    results = analyze(Inputs(concessions=[str(cadastre)], registrations=[str(table)]), lang="en")
    counts = results.summary["counts"]
    assert (counts["registrations_in"], counts["registrations_rejected"]) == (2, 0)
    assert results.summary["warnings"]["FooterRowsWarning"] == 1
    said = next(m for m in results.summary["warning_messages"] if "footer" in m)
    assert said.startswith(f"{table}: 2 line(s) at the end of the table, from row 5 on, are its footer")
    report = validate_file(str(table), "registrations", [], None, "en")
    assert said in report.problems and report.usable
