"""Tables for Excel: CSV (UTF-8 with BOM, so Excel reads accents) and XLSX (a sheet per table).

Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return) is neutralized: prefixed with an apostrophe in CSV, stored as plain text in XLSX. Plain
numbers such as "-12,5" are left alone; they are not formulas.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis.export.atomic import atomic_path

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
    with atomic_path(target) as temporary:
        table.to_csv(temporary, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")


def write_xlsx(tables: dict[str, pd.DataFrame], target: Path) -> None:
    """One sheet per table, header row frozen and bold, column widths fitted to the text."""
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
            cell = WriteOnlyCell(sheet, value=str(column))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.itertuples(index=False, name=None):
            sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in row])
    with atomic_path(target) as temporary:
        book.save(temporary)


def _xlsx_cell(sheet, value, cell_type):
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, str):
        cell = cell_type(sheet, value=None)
        # Setting value to a str starting with '=' would make openpyxl store a formula; store text.
        cell._value = value
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
        return cell
    return value


def _width(values: pd.Series, header: str) -> float:
    sample = values.head(2000).astype(str)
    longest = max([len(str(header)), *sample.str.len().tolist()]) if len(sample) else len(str(header))
    return float(min(MAX_WIDTH, longest + 2))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
