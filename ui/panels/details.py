"""The details of the clicked (or chosen) feature: every canonical field, then for a claim its
registrations and its forest loss by year, for a registration its host claim."""

from __future__ import annotations

import pandas as pd
from concession_gis_ui.bolivia import heading_bo, is_bolivian_layer
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import VectorLayer
from concession_gis_ui.names import layer_title
from concession_gis_ui.session import Session
from concession_gis_ui.styles import loss_year_color
from concession_gis_ui.table_model import cell_text, format_value, reason_columns
from PyQt5.QtCore import QRectF, Qt, pyqtSignal
from PyQt5.QtGui import QColor, QPainter
from PyQt5.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from concession_gis import columns as canonical
from concession_gis import columns_bo
from concession_gis.i18n import column_heading, format_number
from concession_gis.io.values import is_missing
from concession_gis.reasons import render

# Narrowest the field column of the details gets (pixels).
FIELD_MIN_WIDTH = 120
# Widest a column of the registrations on a claim gets (pixels).
RELATED_MAX_WIDTH = 150
REGISTRATION_COLUMNS = ("reg_id", "miner", "reg_status", "relation", "conflict_type", "coexistence_score")


LABEL_PX = 16  # the height of a line of the chart's labels: the years under it, the hectares over it


class LossChart(QWidget):
    """Bars of forest loss (ha) per year; its scale in the window's language's number style."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(110)
        self.series = pd.Series(dtype=float)

    def set_series(self, series: pd.Series) -> None:
        self.series = series.sort_index()
        self.setVisible(len(self.series) > 0)
        self.update()

    def top_text(self) -> str:
        """The tallest bar's hectares, as written at the chart's top ("10,4 ha" in Spanish)."""
        return f"{format_number(self.series.max(), LANGUAGE.code, 1)} ha" if len(self.series) else ""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not len(self.series):
            return
        painter = QPainter(self)
        w, h = self.width(), self.height() - LABEL_PX
        top = float(self.series.max()) or 1.0
        step = w / len(self.series)
        for i, (year, value) in enumerate(self.series.items()):
            # The tallest bar stops under the line that gives its hectares, never behind it.
            bar = (h - LABEL_PX) * float(value) / top
            painter.fillRect(QRectF(i * step + 1, h - bar, max(1.0, step - 2), bar), QColor(*loss_year_color(int(year))))
        painter.setPen(QColor(60, 60, 60))
        first, last = self.series.index[0], self.series.index[-1]
        painter.drawText(QRectF(0, h, w, LABEL_PX), Qt.AlignLeft, str(int(first)))
        painter.drawText(QRectF(0, h, w, LABEL_PX), Qt.AlignRight, str(int(last)))
        painter.drawText(QRectF(0, 0, w, LABEL_PX), Qt.AlignRight, self.top_text())
        painter.end()


class DetailsPanel(QWidget):
    """Fields of one feature and what relates to it."""

    registration_chosen = pyqtSignal(str)  # reg_id
    case_export_requested = pyqtSignal(str)  # claim code: its case page, from the export dialog
    dossier_export_requested = pyqtSignal(str)  # claim code: its dossier, to a file chosen next

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.setObjectName("detailsPanel")
        self.session = session
        self.layer: VectorLayer | None = None
        self.row = -1
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setObjectName("detailsTitle")
        self.fields = _table(2)
        self.related_title = QLabel()
        self.related = _table(len(REGISTRATION_COLUMNS))
        self.loss_title = QLabel()
        self.loss_chart = LossChart()
        self.export_case = QPushButton()
        self.export_case.setObjectName("exportCase")
        self.export_case.clicked.connect(lambda: self.case_export_requested.emit(self._claim_code()))
        self.export_dossier = QPushButton()
        self.export_dossier.setObjectName("exportDossier")
        self.export_dossier.clicked.connect(lambda: self.dossier_export_requested.emit(self._claim_code()))
        exports = QHBoxLayout()
        exports.addWidget(self.export_case)
        exports.addWidget(self.export_dossier)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget, stretch in ((self.title, 0), (self.fields, 3), (self.related_title, 0), (self.related, 2),
                                (self.loss_title, 0), (self.loss_chart, 1)):
            layout.addWidget(widget, stretch)
        layout.addLayout(exports)
        self.related.cellDoubleClicked.connect(self._on_related)
        self.retranslate()
        LANGUAGE.follow(self.retranslate)
        self.show_feature(None, -1)

    def show_feature(self, layer: VectorLayer | None, row: int) -> None:
        self.layer, self.row = layer, row
        if layer is None or row < 0 or row >= len(layer.frame):
            self.title.setText(words("ui.details.empty"))
            self.fields.setRowCount(0)
            for widget in (self.related_title, self.related, self.loss_title, self.loss_chart, self.export_case,
                           self.export_dossier):
                widget.setVisible(False)
            return
        record = layer.frame.iloc[row]
        lang = self.session.language
        named = " ".join(format_value(part, lang=lang, grouped=False) for part in _feature_names(record) if part)
        self.title.setText(f"<b>{layer_title(layer.name)}</b>" + (f" · {named}" if named else ""))
        # Reasons in words in the window's language, rendered from their codes, in their place.
        bolivian = is_bolivian_layer(layer.name)
        reasons = reason_columns(record.index, bolivian)
        codes = {c: w for w, c in reasons.items()}
        names = [codes.get(c, c) for c in record.index if c not in reasons]
        order = (*columns_bo.AREAS, *columns_bo.WORK_SITES) if bolivian else (
            *canonical.CONCESSIONS, *canonical.REGISTRATIONS, *canonical.OVERLAPS)
        known = [c for c in order if c in names]
        others = [c for c in names if c not in known and c != layer.frame.geometry.name]
        _fill(self.fields, [(c, render(record[reasons[c]], lang) if c in reasons else
                             cell_text(c, record[c], lang, bolivian=bolivian)) for c in dict.fromkeys(known + others)],
              lang, bolivian)
        self._show_related(layer, record)
        exportable = bool(self._claim_code()) and self.session.results is not None
        self.export_case.setVisible(exportable)
        self.export_dossier.setVisible(exportable)

    def _claim_code(self) -> str:
        """The code of the claim shown, or of the claim hosting the registration shown ("" when none)."""
        if self.layer is None or self.row < 0:
            return ""
        record = self.layer.frame.iloc[self.row]
        if self.layer.name == "concessions":
            return str(record.get("code") or "")
        if self.layer.name in ("registrations", "coexistence_candidates"):
            host = record.get("host_code")
            return "" if host is None or pd.isna(host) else str(host)
        return ""

    def _show_related(self, layer: VectorLayer, record: pd.Series) -> None:
        results = self.session.results
        hosted = pd.DataFrame()
        loss = pd.Series(dtype=float)
        is_claim = layer.name == "concessions" or layer.name.startswith("input:concessions")
        if results is not None and is_claim and "code" in record:
            regs = results.registrations
            if "host_code" in regs:
                hosted = regs.loc[regs["host_code"] == record["code"]]
            table = results.loss_by_year
            if len(table) and "code" in table:
                mine = table.loc[table["code"] == record["code"]]
                loss = mine.groupby("year")["loss_ha"].sum()
        self.related_title.setVisible(is_claim)
        self.related.setVisible(is_claim)
        if is_claim:
            self.related_title.setText(words("ui.details.registrations", n=len(hosted)))
            columns = [c for c in REGISTRATION_COLUMNS if c in hosted.columns] or list(REGISTRATION_COLUMNS)
            self.related.setColumnCount(len(columns))
            self.related.setHorizontalHeaderLabels([column_heading(c, self.session.language) for c in columns])
            self.related.setRowCount(len(hosted))
            for i, (_, reg) in enumerate(hosted.iterrows()):
                for j, column in enumerate(columns):
                    self.related.setItem(i, j, QTableWidgetItem(cell_text(column, reg.get(column), self.session.language)))
            self.related.resizeColumnsToContents()  # a claim's few registrations: cheap
            for j in range(len(columns)):  # a long miner's name leaves room for the rest
                self.related.setColumnWidth(j, min(self.related.columnWidth(j), RELATED_MAX_WIDTH))
        self.loss_title.setVisible(is_claim)
        self.loss_chart.set_series(loss)
        if is_claim:
            self.loss_title.setText(
                words("ui.details.loss_by_year", ha=format_number(loss.sum(), self.session.language, 1)) if len(loss)
                else words("ui.details.no_loss_data"))

    def _on_related(self, row: int, column: int) -> None:
        item = self.related.item(row, 0)
        if item is not None:
            self.registration_chosen.emit(item.text())

    def retranslate(self) -> None:
        self.fields.setHorizontalHeaderLabels([words("ui.details.field"), words("ui.details.value")])
        self.export_case.setText(words("ui.details.export_case"))
        self.export_dossier.setText(words("ui.details.export_dossier"))
        self.show_feature(self.layer, self.row)


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, str]], lang: str, bolivian: bool = False) -> None:
    """Rows of (column, text): the column in words, its name in the files as the tooltip."""
    table.setRowCount(len(rows))
    for i, (name, value) in enumerate(rows):
        field = QTableWidgetItem(heading_bo(name, lang) if bolivian else column_heading(name, lang))
        field.setToolTip(name)
        table.setItem(i, 0, field)
        item = QTableWidgetItem(value)
        item.setToolTip(value)
        table.setItem(i, 1, item)
    table.resizeColumnToContents(0)
    # The longest heading ("Longitud de un punto dentro de la figura…") must not push the values
    # out of a narrow panel: the fields get at most 45 % of it.
    table.setColumnWidth(0, min(table.columnWidth(0), max(FIELD_MIN_WIDTH, table.viewport().width() * 45 // 100)))


def _feature_names(record) -> tuple:
    """What names one feature in the panel's title: its code (a claim's, a registration's, a
    front's claims for an overlap...) and its name; a forest-loss front by its rank."""
    label = next((record.get(c) for c in ("code", "reg_id", "site_id", "restricted_name", "allowed_zone_name",
                                          "extinct_codes") if _given(record.get(c))), "")
    if not label and _given(record.get("code_a")):
        label = f"{record.get('code_a')} / {record.get('code_b')}"
    if not label and _given(record.get("rank")):
        label = words("ui.details.front", rank=int(record.get("rank")))
    name = next((record.get(c) for c in ("name", "miner", "area_name", "operator") if _given(record.get(c))), "")
    return label, name


def _given(value) -> bool:
    return not is_missing(value) and str(value) != ""
