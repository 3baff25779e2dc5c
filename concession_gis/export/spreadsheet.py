"""Tables for Excel: CSV (UTF-8 with BOM, so Excel reads accents) and XLSX (a sheet per table).

Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return), in a value or in a column heading (source columns keep their names), is neutralized:
prefixed with an apostrophe in CSV, stored as plain text in XLSX. Plain numbers such as "-12,5"
are left alone; they are not formulas.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis.columns import CODES
from concession_gis.export.atomic import atomic_path
from concession_gis.i18n import column_heading, tr

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d.,\s]+$")
MAX_WIDTH = 60


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


def write_csv(frame: pd.DataFrame, target: Path) -> None:
    table = as_table(frame)
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(neutralize)
    table.columns = [neutralize(str(column)) for column in table.columns]
    # CRLF rows (RFC 4180, Excel's own): the csv writer then quotes every field holding a CR or
    # an LF, so a value with a bare CR never splits its row.
    with atomic_path(target) as temporary:
        table.to_csv(temporary, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d", lineterminator="\r\n")


def glossary(tables: dict[str, pd.DataFrame], lang: str) -> tuple[str, pd.DataFrame]:
    """(sheet name, table) saying in ``lang`` what each sheet's columns are and what the codes
    in them mean: a reader of the workbook who never saw the tool needs no manual."""
    rows = []
    for name, frame in tables.items():
        geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
        written = [c for c in frame.columns if c != geometry] + (["longitude", "latitude"] if geometry else [])
        for column in written:
            heading = column_heading(str(column), lang)
            if heading != column:
                rows.append((name[:31], column, heading))
    for column, codes in CODES.items():
        rows += [("", f"{column} = {code}", tr(f"{column}.{code}", lang)) for code in codes]
    headers = [tr("glossary.sheet", lang), tr("glossary.column", lang), tr("glossary.meaning", lang)]
    return tr("glossary.title", lang), pd.DataFrame(rows, columns=headers)


def write_xlsx(tables: dict[str, pd.DataFrame], target: Path, lang: str | None = None) -> None:
    """One sheet per table, header row frozen and bold, column widths fitted to the text; with
    ``lang``, a last sheet that explains the columns and codes (:func:`glossary`)."""
    if lang is not None:
        title, explained = glossary(tables, lang)
        tables = {**tables, title: explained}
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, frame in tables.items():
        table = as_table(frame)
        sheet = book.create_sheet(title=name[:31])
        sheet.freeze_panes = "A2"
        for i, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[_letter(i)].width = _width(table[column], column)
        header = []
        for column in table.columns:
            heading = str(column)
            cell = _text_cell(sheet, heading, WriteOnlyCell) if is_formula_like(heading) else WriteOnlyCell(sheet, value=heading)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in _xlsx_rows(table):
            for i in _formula_like_positions(row):
                row[i] = _text_cell(sheet, row[i], WriteOnlyCell)
            sheet.append(row)
    with atomic_path(target) as temporary:
        book.save(temporary)


def _xlsx_rows(table: pd.DataFrame):
    """Rows as lists of plain Python values Excel can hold (None for missing, datetimes naive)."""
    columns = []
    for name in table.columns:
        values = table[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.tz_localize(None) if values.dt.tz is not None else values
            columns.append([None if pd.isna(v) else v.to_pydatetime() for v in values])
        else:
            columns.append(values.astype(object).where(values.notna(), None).tolist())
    for row in zip(*columns, strict=True):
        yield [v.item() if isinstance(v, np.generic) else v for v in row]


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
