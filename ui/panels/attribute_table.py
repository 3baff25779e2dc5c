"""The attribute table of one layer: sort by a header click, search codes and names, filter by a
value, and a selection kept in step with the map."""

from __future__ import annotations

import numpy as np
from concession_gis_ui.bolivia import is_bolivian_layer
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import VectorLayer
from concession_gis_ui.names import layer_title
from concession_gis_ui.session import Session
from concession_gis_ui.table_model import FrameTableModel, filter_label
from PyQt5.QtCore import QItemSelection, QItemSelectionModel, QSize, Qt, QTimer, pyqtSignal
from PyQt5.QtGui import QFontMetrics, QKeySequence
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QShortcut,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from concession_gis.i18n import format_number

SEARCH_DELAY_MS = 200
# Widest a column is made for its heading (pixels); the cells are never measured (87,000 rows).
MAX_HEADING_WIDTH = 240
# Room beside a heading's words for the sort arrow and the margins.
HEADING_MARGIN = 28
FILTER_COLUMNS = ("legal_state", "stratum", "idle", "conflict_type", "relation", "reg_status", "legal_status",
                  "in_allowed_zone", "restricted_category", "host_legal_state", "department", "province", "district")


class RowNumbers(QHeaderView):
    """The table's row numbers (its vertical header): each row's number in its layer, so the
    header is as wide as the layer's last number, sorted or filtered. Qt sizes a header from the
    contents of its first and last hundred sections, asking the model for each heading and the
    style for each size, whenever the rows change: 20 ms of the GUI thread for a national layer
    (measured); here one number is measured per number of digits."""

    def __init__(self, parent=None):
        super().__init__(Qt.Vertical, parent)
        self._width: tuple[int, int] | None = None  # (digits, width measured for them)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        model = self.model()
        widest = len(model.frame) if isinstance(model, FrameTableModel) else self.count()
        digits = len(str(max(widest, 1)))
        if self._width is None or self._width[0] != digits:
            option = QStyleOptionHeader()
            self.initStyleOption(option)
            font = self.font()
            font.setBold(True)  # as Qt measures a section: room for a highlighted one
            option.fontMetrics = QFontMetrics(font)
            option.text = "8" * digits
            self._width = (digits, self.style().sizeFromContents(QStyle.CT_HeaderSection, option, QSize(), self).width())
        return QSize(self._width[1], self.defaultSectionSize())


class AttributeTable(QWidget):
    """The table of the chosen vector layer."""

    feature_activated = pyqtSignal(object, int)  # layer, feature row
    case_requested = pyqtSignal(object, int)  # layer, feature row: double-click or "Abrir el caso"

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.setObjectName("attributeTable")
        self.session = session
        self.layer: VectorLayer | None = None
        self.model = FrameTableModel(parent=self)
        self.layer_box = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.filter_column = QComboBox()
        self.filter_value = QComboBox()
        self.count = QLabel()
        for box in (self.layer_box, self.filter_column):
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.view = QTableView()
        self.view.setObjectName("attributeView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)  # rows in file order at first
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(110)
        vertical = RowNumbers(self.view)
        self.view.setVerticalHeader(vertical)
        vertical.setSectionResizeMode(QHeaderView.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.setWordWrap(False)
        # The case of a row where the eye is: double-click, or right-click ▸ open the case.
        self.view.doubleClicked.connect(lambda index: self._request_case(index.row()))
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        # Ctrl+C: the chosen rows as a spreadsheet in the window's language reads a paste.
        copy = QShortcut(QKeySequence.Copy, self.view, activated=self.copy_selection)
        copy.setContext(Qt.WidgetWithChildrenShortcut)
        top = QHBoxLayout()
        for widget, stretch in ((self.layer_box, 0), (self.search, 2), (self.filter_column, 0),
                                (self.filter_value, 1), (self.count, 0)):
            top.addWidget(widget, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda: self._search_timer.start())
        self.filter_column.activated.connect(self._on_filter_column)
        self.filter_value.activated.connect(lambda: self.apply_filter())
        self.layer_box.activated.connect(self._on_layer_chosen)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.model.modelReset.connect(self._after_reset)
        layers = session.layers
        for event in (layers.inserted, layers.removed, layers.moved):
            event.connect(lambda *args: self._fill_layer_box())
        LANGUAGE.follow(self._on_language)
        self.retranslate()
        LANGUAGE.follow(self.retranslate)

    # -- layers -----------------------------------------------------------------------------

    def show_layer(self, layer: VectorLayer | None) -> None:
        if layer is self.layer:
            return
        if self.layer is not None:
            self.layer.selection_changed.disconnect(self._on_layer_selection)
        self.layer = layer
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.model.set_frame(layer.frame if layer is not None else _empty(),
                             layer.search_text if layer is not None else None,
                             layer.cells if layer is not None else None,
                             bolivian=layer is not None and is_bolivian_layer(layer.name))
        if layer is not None:
            layer.selection_changed.connect(self._on_layer_selection)
        self._fit_columns_to_headings()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._fill_filter_columns()
        self._fill_layer_box()
        self._update_count()

    def _fill_layer_box(self) -> None:
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        for layer in self.session.layers.vector_layers():
            self.layer_box.addItem(layer_title(layer.name), layer.name)
        if self.layer is not None and self.session.layers.get(self.layer.name) is not self.layer:
            self.layer_box.blockSignals(False)
            self.show_layer(None)
            return
        self.layer_box.setCurrentIndex(self.layer_box.findData(self.layer.name) if self.layer else -1)
        self.layer_box.blockSignals(False)

    def _on_layer_chosen(self, index: int) -> None:
        layer = self.session.layers.get(self.layer_box.itemData(index))
        if isinstance(layer, VectorLayer):
            self.show_layer(layer)

    # -- filters ----------------------------------------------------------------------------

    def _fill_filter_columns(self) -> None:
        self.filter_column.clear()
        self.filter_column.addItem(words("ui.attribute_table.all_rows"), None)
        for column in FILTER_COLUMNS:
            if column in self.model.column_names:
                self.filter_column.addItem(self.model.heading(column), column)
        self.filter_value.clear()
        self.filter_value.setEnabled(False)

    def _on_filter_column(self) -> None:
        column = self.filter_column.currentData()
        self.filter_value.clear()
        self.filter_value.setEnabled(column is not None)
        if column is not None:
            self._fill_filter_values(column)
        self.apply_filter()

    def _fill_filter_values(self, column: str) -> None:
        """The column's values, in words where they are codes; each item holds the value itself."""
        chosen = self.filter_value.currentData()
        self.filter_value.clear()
        for value in self.model.distinct_values(column):
            self.filter_value.addItem(filter_label(column, value, self.model.lang, self.model.bolivian), value)
        if chosen is not None:
            self.filter_value.setCurrentIndex(max(0, self.filter_value.findData(chosen)))

    def apply_filter(self) -> None:
        column = self.filter_column.currentData()
        value = self.filter_value.currentData() if column is not None and self.filter_value.count() else None
        self.model.set_filter(self.search.text(), column, value)

    def _fit_columns_to_headings(self) -> None:
        """Each column wide enough to read its heading, from the words alone."""
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        for j in range(self.model.columnCount()):
            words = self.model.headerData(j, Qt.Horizontal) or ""
            width = metrics.horizontalAdvance(words) + HEADING_MARGIN
            header.resizeSection(j, min(MAX_HEADING_WIDTH, max(header.defaultSectionSize(), width)))

    def _on_language(self) -> None:
        self._fit_columns_to_headings()
        for i in range(1, self.filter_column.count()):
            self.filter_column.setItemText(i, self.model.heading(self.filter_column.itemData(i)))
        column = self.filter_column.currentData()
        if column is not None:
            self.filter_value.blockSignals(True)
            self._fill_filter_values(column)
            self.filter_value.blockSignals(False)

    def _update_count(self) -> None:
        total = len(self.model.frame)
        shown = self.model.rowCount()
        lang = LANGUAGE.code
        self.count.setText(words("ui.attribute_table.count", shown=format_number(shown, lang),
                                 total=format_number(total, lang)))

    def _after_reset(self) -> None:
        self._update_count()
        if self.layer is not None:
            self._select_rows(self.layer.selected, scroll=False)

    # -- cases ------------------------------------------------------------------------------

    def _request_case(self, display_row: int) -> None:
        if self.layer is not None and 0 <= display_row < self.model.rowCount():
            self.case_requested.emit(self.layer, self.model.feature(display_row))

    def _context_menu(self, position) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction(words("ui.attribute_table.open_case"), lambda: self._request_case(index.row()))
        menu.addAction(words("ui.attribute_table.copy"), self.copy_selection)
        menu.exec_(self.view.viewport().mapToGlobal(position))

    def copy_selection(self) -> str:
        """The chosen rows (every column, headed in words) to the clipboard, as tab-separated text
        a spreadsheet in the window's language reads as numbers and dates; returns the text."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        if not rows:
            return ""
        text = self.model.copy_text(rows)
        QApplication.clipboard().setText(text)
        return text

    # -- selection --------------------------------------------------------------------------

    def _on_view_selection(self, *args) -> None:
        if self.layer is None:
            return
        rows = self.view.selectionModel().selectedRows()
        features = self.model.rows[[index.row() for index in rows]] if rows else np.zeros(0, np.int64)
        self.layer.select(features, source=self)
        if len(features) == 1:
            self.feature_activated.emit(self.layer, int(features[0]))

    def _on_layer_selection(self, layer, source) -> None:
        if source is not self:
            self._select_rows(layer.selected, scroll=True)

    def _select_rows(self, features, scroll: bool) -> None:
        display = np.sort([r for r in (self.model.display_row(int(f)) for f in features) if r >= 0])
        selection = QItemSelection()
        last_column = max(0, self.model.columnCount() - 1)
        # Contiguous runs of rows become one range each (fast even for thousands of rows).
        if len(display):
            breaks = np.flatnonzero(np.diff(display) != 1)
            starts = np.concatenate([[display[0]], display[breaks + 1]])
            ends = np.concatenate([display[breaks], [display[-1]]])
            for start, end in zip(starts, ends, strict=True):
                selection.select(self.model.index(int(start), 0), self.model.index(int(end), last_column))
        model = self.view.selectionModel()
        model.blockSignals(True)
        model.select(selection, QItemSelectionModel.ClearAndSelect)
        model.blockSignals(False)
        self.view.viewport().update()
        if scroll and len(display):
            self.view.scrollTo(self.model.index(int(display[0]), 0), QAbstractItemView.PositionAtCenter)

    # -- words ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.search.setPlaceholderText(words("ui.attribute_table.search"))
        self.layer_box.setToolTip(words("ui.attribute_table.layer_box"))
        self.filter_column.setToolTip(words("ui.attribute_table.filter"))
        if self.filter_column.count():
            self.filter_column.setItemText(0, words("ui.attribute_table.all_rows"))
        self._fill_layer_box()
        self._update_count()



def _empty():
    import pandas as pd

    return pd.DataFrame()
