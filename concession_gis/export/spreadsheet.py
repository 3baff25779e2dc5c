"""Tables for Excel: CSV and XLSX (a sheet per table), in words in the run's language
(:mod:`concession_gis.export.table_words`) unless asked for codes.

CSV comes in three dialects (:data:`CSV_DIALECTS`): ``excel-es`` (``;`` between fields, decimal
comma, UTF-8 with BOM: what Excel in a Spanish locale opens into columns and numbers),
``excel-en`` (comma, decimal point, BOM) and ``plain`` (comma, point, no BOM, for programs).
XLSX cells carry number formats (hectares with two decimals, shares as percentages, dates as
dates, not "1994-03-15 00:00:00"), the header row is frozen, bold and has filters.

Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return), in a value or in a column heading (source columns keep their names), is neutralized:
prefixed with an apostrophe in CSV, stored as plain text in XLSX. Plain numbers such as "-12,5"
are left alone; they are not formulas.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis.columns import CODES, is_share
from concession_gis.errors import InputError
from concession_gis.export.atomic import atomic_path
from concession_gis.export.table_words import (
    FOR_PROGRAMS,
    WORKBOOK,
    for_people,
    heading,
    people_headings,
    table_name,
)
from concession_gis.i18n import column_heading, tr

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d.,\s]+$")
MAX_WIDTH = 60


@dataclass(frozen=True)
class CsvDialect:
    sep: str
    decimal: str
    encoding: str


CSV_DIALECTS = {
    "excel-es": CsvDialect(";", ",", "utf-8-sig"),
    "excel-en": CsvDialect(",", ".", "utf-8-sig"),
    "plain": CsvDialect(",", ".", "utf-8"),
}


def default_dialect(lang: str) -> str:
    """The CSV a spreadsheet in ``lang``'s usual locale opens as it should: Spanish ``excel-es``."""
    return "excel-es" if lang == "es" else "excel-en"


def check_dialect(name: str | None) -> str | None:
    """``name`` if it is a dialect (None stays None: the language's default)."""
    if name is not None and name not in CSV_DIALECTS:
        raise InputError(key="error.unknown_csv_dialect", dialect=name, dialects=", ".join(CSV_DIALECTS))
    return name


def workbook_file(lang: str) -> str:
    """The XLSX file's name in ``lang``: results.xlsx, resultados.xlsx."""
    return f"{table_name(WORKBOOK, lang)}.xlsx"


def csv_file(layer: str, lang: str) -> str:
    return f"{table_name(layer, lang)}.csv"


# Excel's number format codes (written with ',' and '.'; Excel shows each locale's separators).
HECTARES, SHARE, KM, DEGREES = "#,##0.00", "0.0%", "#,##0.00", "0.000000"
MEMBERSHIP = "0.000"  # fuzzy-set scores of the QCA cases, three decimals as calibrated
DATE_FORMAT = {"es": "dd/mm/yyyy", "en": "yyyy-mm-dd"}


def number_format(column: str, values: pd.Series, lang: str | None) -> str | None:
    """The Excel number format of a canonical column, from its name and type; None: General."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return DATE_FORMAT.get(lang or "en", DATE_FORMAT["en"])
    if not pd.api.types.is_float_dtype(values):
        return None
    if column.endswith("_ha") or "_ha_" in column:  # loss_ha_500m: hectares within 500 m
        return HECTARES
    if is_share(column):
        return SHARE
    if column.endswith("_km"):
        return KM
    if column in ("longitude", "latitude"):
        return DEGREES
    if column.endswith("_fz"):
        return MEMBERSHIP
    return None


# Decimals a table for people keeps, by the number format its workbook gives the column: a CSV
# cell has no format, and "100,01940545301164" ha is noise (0.0001 ha is one square metre).
PEOPLE_DECIMALS = {HECTARES: 4, SHARE: 4, MEMBERSHIP: 3, DEGREES: 6}


def _rounded(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``table`` with its decimal columns rounded as :data:`PEOPLE_DECIMALS` says (km as hectares
    share their format: three decimals, a metre)."""
    table = table.copy()
    for column in table.columns:
        form = number_format(str(column), table[column], lang)
        decimals = 3 if str(column).endswith("_km") else PEOPLE_DECIMALS.get(form or "")
        if decimals is not None and pd.api.types.is_float_dtype(table[column]):
            table[column] = table[column].round(decimals)
    return table


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text)


def neutralize(value):
    """``value`` with formula-like text prefixed by an apostrophe; other values unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A plain table: spatial layers get longitude/latitude of a point on each feature, no geometry."""
    if not isinstance(frame, gpd.GeoDataFrame):
        return pd.DataFrame(frame)
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    points = frame.geometry.representative_point()
    table["longitude"] = points.x.round(6)
    table["latitude"] = points.y.round(6)
    return table


def write_csv(frame: pd.DataFrame, target: Path, lang: str | None = None, codes: bool = False,
              dialect: str = "excel-en") -> None:
    """One table as CSV in ``dialect``; with ``lang`` (and not ``codes``), in that language's words."""
    table = as_table(frame)
    form = CSV_DIALECTS[dialect]
    if lang is not None:
        table = for_people(table if codes else _rounded(table, lang), lang, codes, form.decimal)
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(neutralize)
    table.columns = [neutralize(str(column)) for column in table.columns]
    # CRLF rows (RFC 4180, Excel's own): the csv writer then quotes every field holding a CR or
    # an LF, so a value with a bare CR never splits its row.
    with atomic_path(target) as temporary:
        table.to_csv(temporary, index=False, encoding=form.encoding, sep=form.sep, decimal=form.decimal,
                     date_format="%Y-%m-%d", lineterminator="\r\n")


def glossary(tables: dict[str, pd.DataFrame], lang: str, codes: bool = False) -> tuple[str, pd.DataFrame]:
    """(sheet name, table) saying in ``lang`` what each sheet's columns are and what the codes
    in them mean: a reader of the workbook who never saw the tool needs no manual. Each row
    also gives how the workbook shows it (a heading, a code's words) beside its name in
    results.gpkg, so either can be found from the other."""
    rows = []
    for name, frame in tables.items():
        geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
        written = [c for c in frame.columns if c != geometry] + (["longitude", "latitude"] if geometry else [])
        headed = people_headings(written, lang)  # as the sheet heads them, told apart from the file's columns
        for column in written:
            meaning = column_heading(str(column), lang)
            if meaning != column:
                shown = str(column) if codes else headed.get(column, heading(str(column), lang))
                rows.append((table_name(name, lang)[:31], column, meaning, shown))
    for column, values in CODES.items():
        for code in values:
            words = tr(f"{column}.{code}", lang)
            rows.append(("", f"{column} = {code}", words, code if codes else words))
    headers = [tr("glossary.sheet", lang), tr("glossary.column", lang), tr("glossary.meaning", lang),
               tr("glossary.shown", lang)]
    return tr("glossary.title", lang), pd.DataFrame(rows, columns=headers)


def write_xlsx(tables: dict[str, pd.DataFrame], target: Path, lang: str | None = None, codes: bool = False) -> None:
    """One sheet per table: header row frozen, bold and with filters, column widths fitted to the
    text, numbers and dates formatted. With ``lang``, each sheet is named and (unless ``codes``)
    written in that language's words, and a last sheet explains the columns and codes
    (:func:`glossary`)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheets: dict[str, tuple[pd.DataFrame, list[str | None]]] = {}
    for name, frame in tables.items():
        table = as_table(frame)
        formats = [number_format(str(column), table[column], lang) for column in table.columns]
        if lang is not None:
            name, table = table_name(name, lang), for_people(table, lang, codes or name in FOR_PROGRAMS)
        sheets[name[:31]] = (table, formats)
    if lang is not None:
        title, explained = glossary(tables, lang, codes)
        sheets[title] = (explained, [None] * explained.shape[1])
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, (table, formats) in sheets.items():
        sheet = book.create_sheet(title=name)
        sheet.freeze_panes = "A2"
        if table.shape[1]:
            sheet.auto_filter.ref = f"A1:{_letter(table.shape[1])}{len(table) + 1}"
        for i, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[_letter(i)].width = _width(table[column], column)
        header = []
        for column in table.columns:
            heading_text = str(column)
            cell = (_text_cell(sheet, heading_text, WriteOnlyCell) if is_formula_like(heading_text)
                    else WriteOnlyCell(sheet, value=heading_text))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        formatted = [(i, f) for i, f in enumerate(formats) if f]
        for row in _xlsx_rows(table):
            for i in _formula_like_positions(row):
                row[i] = _text_cell(sheet, row[i], WriteOnlyCell)
            for i, form in formatted:
                if row[i] is not None:
                    cell = WriteOnlyCell(sheet, value=row[i])
                    cell.number_format = form
                    row[i] = cell
            sheet.append(row)
    with atomic_path(target) as temporary:
        book.save(temporary)


def _xlsx_rows(table: pd.DataFrame):
    """Rows as lists of plain Python values Excel can hold (None for missing; a timestamp at
    midnight as a date, so Excel shows no time; others naive datetimes)."""
    columns = []
    for name in table.columns:
        values = table[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.tz_localize(None) if values.dt.tz is not None else values
            columns.append([None if pd.isna(v) else _date_or_time(v) for v in values])
        else:
            columns.append(values.astype(object).where(values.notna(), None).tolist())
    for row in zip(*columns, strict=True):
        yield [v.item() if isinstance(v, np.generic) else v for v in row]


def _date_or_time(value: pd.Timestamp) -> dt.date | dt.datetime:
    moment = value.to_pydatetime()
    return moment.date() if moment.time() == dt.time() else moment


def _formula_like_positions(row: list) -> list[int]:
    return [i for i, v in enumerate(row) if isinstance(v, str) and v and v[0] in "=+-@\t\r" and is_formula_like(v)]


def _text_cell(sheet, value: str, cell_type):
    """A cell that holds ``value`` as text: openpyxl would store a str starting with '=' as a formula."""
    cell = cell_type(sheet, value=None)
    cell._value = value
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _width(values: pd.Series, header: str) -> float:
    sample = values.head(2000).astype(str)
    longest = max([len(str(header)), *sample.str.len().tolist()]) if len(sample) else len(str(header))
    return float(min(MAX_WIDTH, longest + 2))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
