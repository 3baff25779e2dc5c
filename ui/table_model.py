"""The attribute table's model: a QAbstractTableModel over a frame, sorted and filtered in numpy.

Measured with 87,000 rows: a QSortFilterProxyModel whose ``filterAcceptsRow`` is Python costs
170-200 ms per filter change (one Python call per row), and its C++ sort calls ``data()`` from
Python n·log n times. Here sorting is one pandas argsort and filtering one vectorised string
search; the model then shows ``rows``, the frame positions in display order, so the view only
ever asks for the ~50 cells on screen. No widget per row.

Reasons are kept as codes (``idle_reason_codes``, ...); the table shows the contract's words
column in their place, each cell put in words in the table's language when it is painted, so a
language switch re-renders them.

Numbers and dates are written in the core's one style per language (``concession_gis.i18n``):
``1 200,45`` and ``15/03/1994`` in Spanish, ``1 200.45`` and ``1994-03-15`` in English. Years and
the numbers of columns the catalogue does not know (a source column may hold a code as a number:
an ubigeo, a RUC) are never grouped. Sorting reads the values themselves, never the text, so it
stays numeric and chronological; :data:`SORT_ROLE` gives them to any other view.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from concession_gis_ui.bolivia import coded_bo, heading_bo
from concession_gis_ui.i18n import LANGUAGE
from concession_gis_ui.styles import value_label
from concession_gis_ui.table_data import cell_array, search_text
from PyQt5.QtCore import QAbstractTableModel, QModelIndex, Qt

from concession_gis import columns as canonical
from concession_gis import columns_bo
from concession_gis.export.table_words import by_year, decimal_mark, list_words
from concession_gis.i18n import column_heading, format_date, format_number, tr
from concession_gis.io.values import fold
from concession_gis.reasons import render, render_column

FEATURE_ROLE = Qt.UserRole + 1
# The value itself (a float, a datetime64, a code), for a view that sorts by role.
SORT_ROLE = Qt.UserRole + 2
YES_NO = {"es": ("no", "sí"), "en": ("no", "yes")}


class FrameTableModel(QAbstractTableModel):
    """Rows of a frame in display order; ``rows[i]`` is the frame position shown at row i."""

    def __init__(self, frame: pd.DataFrame | None = None, parent=None, canonical_first: bool = True):
        super().__init__(parent)
        self.canonical_first = canonical_first
        self.bolivian = False
        self._frame = pd.DataFrame()
        self._columns: list[str] = []
        self._reasons: dict[str, str] = {}
        self._values: dict[int, np.ndarray] = {}
        self._column_decimals: dict[int, int | None] = {}
        self._column_grouped: dict[int, bool] = {}
        self._haystack: pd.Series | None = None
        self._order = np.zeros(0, dtype=np.int64)
        self._mask = np.zeros(0, dtype=bool)
        self.rows = np.zeros(0, dtype=np.int64)
        self._display_row = np.zeros(0, dtype=np.int64)
        self.sort_key: tuple[str, bool] | None = None
        self.filter_text = ""
        self.filter_column: tuple[str, str] | None = None
        if frame is not None:
            self.set_frame(frame)
        LANGUAGE.follow(self.retranslate)

    # -- data -------------------------------------------------------------------------------

    def set_frame(self, frame: pd.DataFrame, haystack: pd.Series | None = None, cells: dict | None = None,
                  bolivian: bool = False) -> None:
        """Show ``frame``; ``haystack`` (its search text) and ``cells`` (its columns as arrays,
        :func:`cell_arrays`) are passed when they were built off the GUI thread. ``bolivian``: a
        Bolivian run's rows, headed and worded in Bolivian terms (concession_gis_ui.bolivia)."""
        self.beginResetModel()
        self._frame = frame
        self.bolivian = bolivian
        geometry = frame.geometry.name if hasattr(frame, "geometry") and hasattr(frame.geometry, "name") else None
        self._reasons = reason_columns(frame.columns, bolivian)
        codes = {c: w for w, c in self._reasons.items()}
        present = [codes.get(c, c) for c in frame.columns if c != geometry and c not in self._reasons]
        order = canonical.REGISTRATIONS if "reg_id" in present else canonical.BY_LAYER["concessions"] + canonical.OVERLAPS
        if bolivian:  # the Bolivian layer these columns are most of (the candidates' are the areas' too)
            order = max(columns_bo.BY_LAYER.values(), key=lambda names: (len(set(names) & set(present)), -len(names)))
        known = [c for c in order if c in present] if self.canonical_first else []
        self._columns = list(dict.fromkeys(known + present))
        sources = [self._reasons.get(c, c) for c in self._columns]
        self._values = {i: cells[c] for i, c in enumerate(sources) if cells and c in cells}
        self._column_decimals, self._column_grouped = {}, {}
        self._haystack = haystack if haystack is not None and len(haystack) == len(frame) else None
        n = len(frame)
        self._order = np.arange(n)
        self._mask = np.ones(n, dtype=bool)
        self.sort_key = None
        self.filter_text, self.filter_column = "", None
        self._update_rows()
        self.endResetModel()

    @property
    def lang(self) -> str:
        """The window's language, which coded values, reasons and yes/no are shown in."""
        return LANGUAGE.code

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.DisplayRole, Qt.ToolTipRole])

    def heading(self, column: str) -> str:
        """``column`` in words, in the table's language and its country's terms."""
        return heading_bo(column, self.lang) if self.bolivian else column_heading(column, self.lang)

    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    @property
    def column_names(self) -> list[str]:
        return list(self._columns)

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            column = index.column()
            value = self._column(column)[self.rows[index.row()]]
            if self._columns[column] in self._reasons:
                return render(value, self.lang)
            text = cell_text(self._columns[column], value, self.lang, self._decimals(column), self.bolivian,
                             grouped=self._grouped(column))
            if role == Qt.ToolTipRole and coded_as(self._columns[column], value, self.bolivian) and text != value:
                return f"{text} ({value})"
            return text
        if role == Qt.TextAlignmentRole:
            values = self._column(index.column())
            if values.dtype.kind in "iuf":
                return int(Qt.AlignRight | Qt.AlignVCenter)
            return None
        if role == FEATURE_ROLE:
            return int(self.rows[index.row()])
        if role == SORT_ROLE:
            value = self._column(index.column())[self.rows[index.row()]]
            return value.item() if isinstance(value, np.generic) else value
        return None

    def copy_text(self, display_rows, columns=None) -> str:
        """``display_rows`` as tab-separated lines headed in words, as a spreadsheet in the table's
        language reads a paste: numbers ungrouped with the language's decimal mark (Excel in
        Spanish reads ``1200,45`` as a number, ``1 200,45`` as text), dates in its style
        (``15/03/1994`` in Spanish), codes in words; a tab or line break inside a cell becomes a
        space, so no cell splits its row."""
        columns = list(range(self.columnCount())) if columns is None else list(columns)
        lines = ["\t".join(_cell_for_paste(self.heading(self._columns[j])) for j in columns)]
        for row in display_rows:
            feature = self.rows[row]
            cells = []
            for j in columns:
                name, value = self._columns[j], self._column(j)[feature]
                text = render(value, self.lang) if name in self._reasons else \
                    cell_text(name, value, self.lang, self._decimals(j), self.bolivian, grouped=False)
                cells.append(_cell_for_paste(text))
            lines.append("\t".join(cells))
        return "\r\n".join(lines) + "\r\n"

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802
        """Columns headed in words, with the name they have in the files as the tooltip."""
        if orientation == Qt.Horizontal:
            if section >= len(self._columns):
                return None
            if role == Qt.DisplayRole:
                return self.heading(self._columns[section])
            if role == Qt.ToolTipRole:
                return self._columns[section]
            return None
        if role != Qt.DisplayRole:
            return None
        return str(int(self.rows[section]) + 1) if section < len(self.rows) else None

    def _column(self, column: int) -> np.ndarray:
        """The cells of ``column``: for a reasons column, its codes."""
        values = self._values.get(column)
        if values is None:
            name = self._columns[column]
            values = self._values[column] = cell_array(self._frame[self._reasons.get(name, name)])
        return values

    def _decimals(self, column: int) -> int | None:
        """One number of decimals per float column (0 when every value is whole, else 2), so a
        column reads alike from row to row: 1.00 under 0.90, not 1."""
        if column not in self._column_decimals:
            values = self._column(column)
            decimals = None
            if values.dtype.kind == "f":
                finite = values[np.isfinite(values)]
                decimals = 0 if np.all(finite == np.round(finite)) else 2
            self._column_decimals[column] = decimals
        return self._column_decimals[column]

    def _grouped(self, column: int) -> bool:
        """Whether the numbers of ``column`` are grouped by thousands: not a year's, nor those of a
        column the catalogue does not know (it may hold codes)."""
        if column not in self._column_grouped:
            self._column_grouped[column] = groups_thousands(self._columns[column], self.bolivian)
        return self._column_grouped[column]

    # -- order and filter -------------------------------------------------------------------

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Sort every row by ``column`` (missing values last), keeping the filter."""
        if not 0 <= column < len(self._columns):
            return
        name = self._columns[column]
        ascending = order == Qt.AscendingOrder
        series = self._series(name).reset_index(drop=True)
        if series.dtype == object or str(series.dtype) in ("string", "str"):
            series = series.astype("string").str.casefold()
        try:
            order_index = series.sort_values(ascending=ascending, na_position="last", kind="stable").index
        except TypeError:  # mixed types: compare as text
            order_index = series.astype("string").sort_values(ascending=ascending, na_position="last", kind="stable").index
        self.beginResetModel()
        self.sort_key = (name, ascending)
        self._order = order_index.to_numpy(dtype=np.int64)
        self._update_rows()
        self.endResetModel()

    def set_filter(self, text: str = "", column: str | None = None, value: str | None = None) -> None:
        """Show rows whose code, name, holder or miner contains ``text`` (and ``column`` == ``value``)."""
        mask = np.ones(len(self._frame), dtype=bool)
        needle = fold(text)
        if needle:
            mask &= self._search_text().str.contains(needle, regex=False).to_numpy(dtype=bool)
        if column and column in self._columns and value is not None:
            mask &= (self._series(column).astype("string").fillna("") == value).to_numpy(dtype=bool)
        self.beginResetModel()
        self.filter_text = text
        self.filter_column = (column, value) if column and value is not None else None
        self._mask = mask
        self._update_rows()
        self.endResetModel()

    def _series(self, column: str) -> pd.Series:
        """A column of the frame as shown: a reasons column in words in the table's language."""
        if column in self._reasons:
            return render_column(self._frame[self._reasons[column]], self.lang)
        return self._frame[column]

    def _search_text(self) -> pd.Series:
        if self._haystack is None:
            self._haystack = search_text(self._frame.reset_index(drop=True))
        return self._haystack

    def _update_rows(self) -> None:
        self.rows = self._order[self._mask[self._order]]
        self._display_row = np.full(len(self._frame), -1, dtype=np.int64)
        self._display_row[self.rows] = np.arange(len(self.rows))

    def display_row(self, feature: int) -> int:
        """The table row showing frame position ``feature``; -1 when filtered out."""
        return int(self._display_row[feature]) if 0 <= feature < len(self._display_row) else -1

    def feature(self, display_row: int) -> int:
        return int(self.rows[display_row])

    def distinct_values(self, column: str, limit: int = 200) -> list[str]:
        if column not in self._columns:
            return []
        values = self._series(column).astype("string").dropna().unique()
        return sorted(str(v) for v in values[:limit * 10])[:limit]


def reason_columns(columns, bolivian: bool = False) -> dict[str, str]:
    """The contract's words column of each column of reason codes among ``columns``, and its
    codes: {"idle_reason": "idle_reason_codes", ...}. Those words are rendered, not read. A
    Bolivian run's every ``*_reason_codes`` (cuadrículas, reversion) reads as ``*_reason``."""
    found = {words: codes for codes, words in canonical.REASON_WORDS.items() if codes in columns}
    if bolivian:
        found.update({str(c).removesuffix("_codes"): str(c) for c in columns if str(c).endswith("_reason_codes")})
    return found


def cell_text(column: str, value, lang: str, decimals: int | None = None, bolivian: bool = False,
              grouped: bool | None = None) -> str:
    """A cell of ``column`` as a person reading ``lang`` reads it: the contract's codes in words
    (sorting, filtering and exports keep the codes), yes or no, numbers and dates in the
    language's one style; ``bolivian``: a Bolivian run's codes (a work site's ``relation``,
    ``conflict_type``...); ``grouped``: thousands grouped (by default as
    :func:`groups_thousands` says for ``column``)."""
    category = coded_as(column, value, bolivian)
    if category:
        return value_label(category, value, lang)
    listed = listed_text(column, value, lang)
    if listed is not None:
        return listed
    if isinstance(value, bool | np.bool_):
        return YES_NO.get(lang, YES_NO["en"])[bool(value)]
    if canonical.is_share(column) and isinstance(value, float | np.floating) and np.isfinite(value):
        return f"{format_number(100 * float(value), lang, 1)}\u00a0%"  # as the workbook shows it; "1" read as a count
    return format_value(value, decimals, lang, groups_thousands(column, bolivian) if grouped is None else grouped)


# A year's column ("year", "loss_year", "first_year", "last_production_year"): never "2 020".
_YEAR = re.compile(r"(^|_)year($|_)")


def groups_thousands(column: str, bolivian: bool = False) -> bool:
    """Whether the numbers of ``column`` are grouped by thousands (``1 200,4``): those of the
    catalogue's columns (hectares, counts, shares), not a year's, nor a column the catalogue does
    not know (a source column may hold codes as numbers: an ubigeo, a RUC, 010000198 read as
    10000198)."""
    if _YEAR.search(column):
        return False
    known = heading_bo(column, "en") if bolivian else column_heading(column, "en")
    return known != column or tr(f"column.{column}", "en") != f"column.{column}"


def listed_text(column: str, value, lang: str) -> str | None:
    """A list of codes or of numbers held as text (a front's claims' states, its shares, its
    hectares by year) as a person reading ``lang`` reads it; None for any other cell."""
    if not isinstance(value, str) or not value:
        return None
    if column in canonical.CODED_LISTS:
        return list_words(*canonical.CODED_LISTS[column], value, lang)
    if column in canonical.NUMBER_LISTS:
        return value.replace(".", decimal_mark(lang))
    if column in canonical.YEAR_NUMBERS:
        return str(by_year(value, decimal_mark(lang)))
    return None


def coded_as(column: str, value, bolivian: bool = False) -> str | None:
    """The catalogue prefix naming ``value`` of ``column`` in words (``legal_state`` for
    "titled"), or None for a value shown as it is: every value of a coded column, and the few
    codes of a free-text one (``outside_districts`` among the district names)."""
    if not isinstance(value, str) or not value:
        return None
    if bolivian:
        return coded_bo(column, value)
    if column in canonical.CODED:
        return canonical.CODED[column]
    return column if value in canonical.CODED_VALUES.get(column, ()) else None


def filter_label(column: str, value: str, lang: str, bolivian: bool = False) -> str:
    """How a value offered in the table's filter reads: coded and yes/no values in words."""
    category = coded_as(column, value, bolivian)
    if category:
        return value_label(category, value, lang)
    listed = listed_text(column, value, lang)
    if listed is not None:
        return listed
    if column == "idle" and value in ("True", "False"):
        return value_label("idle", value, lang)
    if value in ("True", "False"):  # a yes/no column (in_allowed_zone, in_restricted...)
        return YES_NO.get(lang, YES_NO["en"])[value == "True"]
    return value


def format_value(value, decimals: int | None = None, lang: str | None = None, grouped: bool = True) -> str:
    """A cell as people read it in ``lang`` (the window's language when None), in the core's one
    style: floats with ``decimals`` places (by default none when whole, else 2), thousands grouped
    by a thin space unless not ``grouped``, a decimal comma in Spanish; integers as counts when
    ``grouped``; dates day first in Spanish (``15/03/1994``), ISO in English; empty when missing."""
    lang = lang or LANGUAGE.code
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        if np.isnan(value):
            return ""
        if decimals is None:
            decimals = 0 if float(value).is_integer() else 2
        return format_number(value, lang, decimals, grouped)
    if isinstance(value, int | np.integer):
        return format_number(value, lang, 0, grouped) if grouped and abs(value) < 2 ** 53 else str(value)
    if isinstance(value, pd.Timestamp | np.datetime64):
        return "" if pd.isna(value) else format_date(value, lang)
    return str(value)


def _cell_for_paste(text: str) -> str:
    return " ".join(str(text).split()) if any(c in str(text) for c in "\t\r\n") else str(text)
