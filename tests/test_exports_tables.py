"""Tables for Excel in the run's language, read back as a spreadsheet in that locale would read them.

A Spanish run writes ``registros.csv`` with ``;`` between fields and decimal commas (what Excel in
a Spanish locale opens into columns and numbers), headings and codes in Spanish words, and
``resultados.xlsx`` with Spanish sheet names, formatted numbers, real dates, filters and a frozen
header. ``--codes`` and ``--csv-dialect plain`` give the tables as programs want them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import pandas as pd
import pytest

from concession_gis.cli import main
from concession_gis.export.results import parse_formats, write_results
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    results = analyze(bundled_inputs(), lang="es")
    out = tmp_path_factory.mktemp("tablas")
    return results, out, write_results(results, out, formats=parse_formats("csv,xlsx,geojson"))


def read_spanish_csv(path) -> list[dict[str, str]]:
    """As Excel in a Spanish locale splits it: ';' between fields, after the UTF-8 BOM."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(raw[3:].decode("utf-8").splitlines(), delimiter=";"))


def spanish_number(text: str) -> float:
    assert "." not in text, text  # no decimal point, no thousands point: a plain "1234,56"
    return float(text.replace(",", "."))


def test_spanish_run_names_its_tables_in_spanish_and_keeps_the_geopackage_and_geojson_names(spanish):
    _, out, written = spanish
    names = {p.name for p in out.iterdir()}
    assert {"concesiones.csv", "registros.csv", "superposiciones.csv", "perdida_por_anio.csv",
            "resumen_distrital.csv", "filas_rechazadas.csv", "resultados.xlsx"} <= names
    assert {"results.gpkg", "summary.json", "registrations.geojson", "concessions.geojson"} <= names
    assert not names & {"registrations.csv", "concessions.csv", "results.xlsx"}
    assert set(written) == names


def test_spanish_csv_reads_with_semicolons_and_decimal_commas(spanish):
    results, out, _ = spanish
    rows = read_spanish_csv(out / "concesiones.csv")
    assert len(rows) == len(results.concessions)
    first = rows[0]
    for heading in ("Código", "Estado de la concesión", "Área (ha)", "Fecha de petitorio", "Estrato del titular", "Ociosa"):
        assert heading in first, sorted(first)
    assert "legal_state" not in first and "area_ha" not in first
    by_code = {row["Código"]: row for row in rows}
    for code, area, state, idle in results.concessions[["code", "area_ha", "legal_state", "idle"]].itertuples(index=False):
        row = by_code[code]
        assert spanish_number(row["Área (ha)"]) == pytest.approx(area, abs=0.00005)  # four decimals: a m²
        assert len(row["Área (ha)"].split(",")[-1]) <= 4
        assert row["Estado de la concesión"] == {"titled": "Titulada", "pending": "En trámite", "extinct": "Extinguida",
                                          "other": "Otra", "unknown": "Desconocida"}[state]
        assert row["Ociosa"] == ("" if pd.isna(idle) else ("sí" if idle else "no"))
    assert by_code["010000198"]["Fecha de petitorio"] == "1994-03-15"
    assert by_code["010000198"]["CODIGOU"] == "010000198"  # source columns keep name and text


def test_spanish_csv_writes_conflict_types_in_words_and_source_columns_as_read(spanish):
    results, out, _ = spanish
    rows = read_spanish_csv(out / "registros.csv")
    kinds = {row["Tipo de conflicto"] for row in rows}
    assert "Candidato a convivencia" in kinds and not kinds & set(results.registrations["conflict_type"])
    assert [row["NOMBRE_MIN"] for row in rows][:3] == results.registrations["NOMBRE_MIN"].tolist()[:3]
    assert all(-90 < spanish_number(row["Latitud (grados)"]) < 0 for row in rows)


def test_xlsx_has_spanish_sheets_headings_number_formats_dates_filters_and_frozen_header(spanish):
    from openpyxl import load_workbook

    results, out, _ = spanish
    book = load_workbook(out / "resultados.xlsx")
    assert book.sheetnames == ["concesiones", "registros", "superposiciones", "candidatos_convivencia",
                               "areas_restringidas", "suelo_extinguido_libre", "perdida_por_anio", "produccion_por_anio", "resumen_distrital", "casos_qca",
                               "filas_rechazadas", "frentes_perdida", "perdida_por_zona", "columnas"]
    # with --activity: production by year (issue 18); with a raster: fronts, loss by zone (issue 17)
    sheet = book["concesiones"]
    headings = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(headings)).column_letter}{len(results.concessions) + 1}"
    column = {h: i + 1 for i, h in enumerate(headings)}
    area = sheet.cell(2, column["Área (ha)"])
    assert area.number_format == "#,##0.00" and isinstance(area.value, float)
    filed = sheet.cell(2, column["Fecha de petitorio"])
    assert filed.is_date and filed.number_format == "dd/mm/yyyy"
    assert filed.value == dt.datetime(1994, 3, 15)  # a date, no time of day shown
    assert sheet.cell(2, column["Estado de la concesión"]).value == "Titulada"
    districts = book["resumen_distrital"]
    shares = [c for c in districts[2] if districts.cell(1, c.column).value.startswith("m (")]
    assert [districts.cell(1, c.column).value for c in shares] == ["m (vigentes)", "m (con suspendidos)", "m (huella)"]
    assert all(c.number_format == "0.0%" and 0 <= c.value <= 1 for c in shares)
    assert book["registros"].auto_filter.ref.startswith("A1:")


def test_xlsx_gives_every_decimal_number_of_every_sheet_a_format(spanish):
    from openpyxl import load_workbook

    _, out, _ = spanish
    book = load_workbook(out / "resultados.xlsx")
    general = {(sheet.title, sheet.cell(1, cell.column).value)
               for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) for cell in row
               if isinstance(cell.value, float) and cell.number_format == "General"}
    assert not general  # "Pérdida a 500 m (ha)" and the QCA fuzzy scores were once left in General
    registrations = book["registros"]
    column = {c.value: c.column for c in registrations[1]}
    assert registrations.cell(2, column["Pérdida a 500 m (ha)"]).number_format == "#,##0.00"
    cases = book["casos_qca"]
    column = {c.value: c.column for c in cases[1]}
    assert cases.cell(2, column["overlap_fz"]).number_format == "0.000"


def test_xlsx_glossary_maps_each_heading_to_its_geopackage_name(spanish):
    from openpyxl import load_workbook

    _, out, _ = spanish
    rows = list(load_workbook(out / "resultados.xlsx", read_only=True)["columnas"].iter_rows(values_only=True))
    assert rows[0] == ("hoja", "columna o código", "significado", "en este libro")
    assert ("concesiones", "legal_state", "Estado de la concesión", "Estado de la concesión") in rows
    assert ("registros", "latitude", "Latitud de un punto dentro de la figura (grados, WGS84)", "Latitud (grados)") in rows
    # the sheet's own heading where it is told apart from the file's column (SUSTANCIA, DEPARTAMENTO)
    book = load_workbook(out / "resultados.xlsx", read_only=True)
    for sheet, column in (("concesiones", "substance"), ("registros", "department")):
        (shown,) = [row[3] for row in rows if row[:2] == (sheet, column)]
        assert shown.endswith("(normalizado)") and shown in next(book[sheet].iter_rows(values_only=True)), shown


def test_codes_and_plain_csv_give_the_tables_as_the_geopackage_has_them(tmp_path, capsys):
    code = main(["analyze", "--out", str(tmp_path), "--format", "csv,xlsx", "--no-map", "--quiet", "--lang", "es",
                 "--codes", "--csv-dialect", "plain"])
    assert code == 0, capsys.readouterr().err
    raw = (tmp_path / "registros.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(tmp_path / "registros.csv", dtype=str)
    assert {"reg_id", "conflict_type", "relation", "loss_ha_500m"} <= set(table.columns)
    assert "coexistence_candidate" in set(table["conflict_type"])
    assert set(table["coexistence"]) <= {"True", "False"}
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "resultados.xlsx", read_only=True)["registros"]
    assert "conflict_type" in next(sheet.iter_rows(values_only=True))


def test_english_run_keeps_english_names_comma_csv_and_english_words(tmp_path, capsys):
    assert main(["analyze", "--out", str(tmp_path), "--format", "csv", "--no-map", "--quiet", "--lang", "en"]) == 0
    capsys.readouterr()
    table = pd.read_csv(tmp_path / "concessions.csv", encoding="utf-8-sig", dtype=str)
    assert {"Legal state", "Area (ha)"} <= set(table.columns)
    assert "Titled" in set(table["Legal state"])
    assert float(table["Area (ha)"].iloc[0]) > 0


def test_an_unknown_csv_dialect_is_refused_with_the_choices(tmp_path, capsys):
    assert main(["analyze", "--out", str(tmp_path), "--format", "csv", "--csv-dialect", "excel-fr", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "excel-fr" in err and "excel-es" in err and "plain" in err


def test_no_code_is_left_in_a_spanish_table_for_people(spanish):
    """Every code of the columns' vocabularies (``titled``, ``third_party``...) is written in
    words in the Spanish CSVs, lists of codes too (a front's claims' states, "; "-joined beside
    their codes); only the QCA cases, for programs, keep them."""
    from concession_gis.columns import CODES

    codes = {str(code) for vocabulary in CODES.values() for code in vocabulary}
    _, out, _ = spanish
    for path in sorted(out.glob("*.csv")):
        if path.name == "casos_qca.csv":
            continue
        for row in read_spanish_csv(path):
            for heading, cell in row.items():
                if heading == "Motivo, en códigos":  # the rejected rows' reasons as codes, by design
                    continue
                left = {part.strip() for part in cell.replace(";", ",").split(",")} & codes
                assert not left, f"{path.name}, {heading}: {cell!r}"


def test_a_fronts_claims_states_are_words_and_shares_spanish_numbers_one_for_each_claim(spanish):
    """A front's claims, their states and its share on each, "; "-joined one for one; the shares
    with a decimal comma, since a Spanish Excel reads a lone "1.000" as one thousand."""
    results, out, _ = spanish
    fronts = results.loss_fronts.sort_values("rank")
    rows = read_spanish_csv(out / "frentes_perdida.csv")
    assert [row["Concesiones (códigos)"] for row in rows] == fronts["claim_codes"].tolist()
    words = {"Titulada", "En trámite", "Extinguida", "Otra", "Desconocida"}
    assert any(row["Concesiones (códigos)"] for row in rows)
    for row, shares in zip(rows, fronts["claim_shares"], strict=True):
        if not row["Concesiones (códigos)"]:
            continue
        states = row["Estados legales de las concesiones"].split("; ")
        assert len(states) == len(row["Concesiones (códigos)"].split("; ")) and set(states) <= words, row
        written = row["Fracción en cada concesión"].split("; ")
        assert [spanish_number(share) for share in written] == [float(share) for share in shares.split("; ")]
    for row, by_year in zip(rows, fronts["ha_by_year"], strict=True):  # '{"2019": 2.8485}' as "2019: 2,8485"
        pairs = [pair.split(": ") for pair in row["Hectáreas por año"].split("; ")]
        assert {int(year): spanish_number(ha) for year, ha in pairs} == {int(y): ha for y, ha in json.loads(by_year).items()}
