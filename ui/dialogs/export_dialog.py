"""Export: the results folder (GeoPackage, summary, CSV/XLSX, print maps), one print map with a
preview, or an atlas of case pages. The dialog only collects choices; the controller runs the
core's exporters in the worker process."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from concession_gis_ui.bolivia import heading_bo
from concession_gis_ui.file_filters import file_filter
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.table_model import column_heading, filter_label
from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtGui import QPixmap
from PyQt5.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)


def maps_available() -> bool:
    """True once the core's print-map module (``concession_gis.export.maps``) is installed."""
    return importlib.util.find_spec("concession_gis.export.maps") is not None


# Columns the atlas's conditions are chosen from (the core's --where takes any column).
ATLAS_COLUMNS = ("legal_state", "legal_status", "stratum", "department", "province", "district", "idle",
                 "holder", "restricted_category")
# A Bolivian run's atlas chooses among AJAM's areas.
ATLAS_COLUMNS_BO = ("actor_type", "area_state", "right_type", "department", "province", "municipality", "idle",
                    "reversion_candidate", "leased_to_private", "holder")


def atlas_available() -> bool:
    return importlib.util.find_spec("concession_gis.export.atlas") is not None


def _path_row(edit: QLineEdit, pick) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    browse = QPushButton("…")
    browse.setFixedWidth(32)
    browse.clicked.connect(pick)
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row


class ExportDialog(QDialog):
    """Three tabs: results, map, atlas."""

    results_requested = pyqtSignal(str, list, bool)  # folder, formats, maps
    map_requested = pyqtSignal(dict)  # out, case, bbox, preview
    atlas_requested = pyqtSignal(str, list)  # out, where

    def __init__(self, claim_codes: list[str], selected_code: str | None, view_bbox, parent=None, claims=None,
                 bolivian: bool = False, context: list[str] = ()):
        super().__init__(parent)
        self.context = list(context)  # the user's files the prints will draw (the visible context layers)
        self.claims = claims  # the claims' frame: the atlas conditions offer its columns and values
        self.bolivian = bolivian  # the claims are AJAM's areas (a Bolivian run)
        self.setObjectName("exportDialog")
        self.setWindowTitle(words("ui.export_dialog.export"))
        self.view_bbox = view_bbox
        self.tabs = QTabWidget()
        self.tabs.addTab(self._results_tab(), words("ui.export_dialog.results"))
        self.tabs.addTab(self._map_tab(claim_codes, selected_code), words("ui.export_dialog.map"))
        self.tabs.addTab(self._atlas_tab(), words("ui.export_dialog.atlas"))
        if not maps_available():
            for index in (1, 2):
                self.tabs.setTabEnabled(index, False)
                self.tabs.setTabToolTip(index, words("ui.export_dialog.no_maps_module"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(640, 560)

    # -- tabs -------------------------------------------------------------------------------

    def _results_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.folder = QLineEdit()
        form.addRow(words("ui.export_dialog.folder"), _path_row(self.folder, self._pick_folder))
        self.csv, self.xlsx = QCheckBox("CSV"), QCheckBox("XLSX")
        self.with_maps = QCheckBox(words("ui.export_dialog.conflict_map_pdf_png"))
        self.with_maps.setEnabled(maps_available())
        self.with_maps.setChecked(maps_available())
        for box in (self.csv, self.xlsx, self.with_maps):
            form.addRow("", box)
        note = QLabel(words("ui.export_dialog.always_written"))
        note.setWordWrap(True)
        form.addRow("", note)
        button = QPushButton(words("ui.export_dialog.export_results"))
        button.setObjectName("exportResultsButton")
        button.clicked.connect(self._request_results)
        form.addRow("", button)
        return tab

    def _map_tab(self, codes: list[str], selected: str | None) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        form = QFormLayout()
        self.regional = QRadioButton(words("ui.export_dialog.regional_conflict_map"))
        self.case = QRadioButton(words("ui.export_dialog.case_page_claim"))
        self.regional.setChecked(selected is None)
        self.case.setChecked(selected is not None)
        self.case_code = QComboBox()
        self.case_code.setEditable(True)
        self.case_code.addItems(codes[:5000])
        if selected:
            self.case_code.setCurrentText(selected)
        self.only_view = QCheckBox(words("ui.export_dialog.only_area_shown_map"))
        self.map_file = QLineEdit()
        form.addRow(self.regional)
        form.addRow(self.only_view)
        form.addRow(self.case, self.case_code)
        form.addRow(words("ui.export_dialog.file_pdf_png_svg"),
                    _path_row(self.map_file, lambda: self._pick_file(self.map_file, file_filter("pdf", "png", "svg"))))
        buttons = QHBoxLayout()
        preview, export = QPushButton(words("ui.export_dialog.preview")), QPushButton(words("ui.export_dialog.export_map"))
        preview.clicked.connect(lambda: self._request_map(preview=True))
        export.clicked.connect(lambda: self._request_map(preview=False))
        buttons.addStretch(1)
        buttons.addWidget(preview)
        buttons.addWidget(export)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        layout.addLayout(form)
        layout.addWidget(self._context_note())
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        return tab

    def _context_note(self) -> QLabel:
        """Which of the user's layers the print will carry, or how to add roads of one's own."""
        names = ", ".join(Path(path).name for path in self.context)
        note = QLabel(words("ui.export_dialog.context_drawn", names=names) if names
                      else words("ui.export_dialog.context_hint"))
        note.setWordWrap(True)
        note.setObjectName("contextNote")
        return note

    def _atlas_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.atlas_file = QLineEdit()
        self.where = QLineEdit()
        self.where.setPlaceholderText(words("ui.export_dialog.where_placeholder"))
        # Conditions chosen from lists, in words; each adds its words to the line above.
        self.where_column, self.where_value = QComboBox(), QComboBox()
        self.where_column.setObjectName("atlasColumn")
        self.where_value.setObjectName("atlasValue")
        for column in ATLAS_COLUMNS_BO if self.bolivian else ATLAS_COLUMNS:
            if self.claims is not None and column in self.claims:
                heading = heading_bo if self.bolivian else column_heading
                self.where_column.addItem(heading(column, LANGUAGE.code), column)
        self.where_column.currentIndexChanged.connect(self._fill_where_values)
        add = QPushButton(words("ui.export_dialog.where_add"))
        add.setObjectName("atlasAdd")
        add.clicked.connect(self._add_condition)
        chooser = QWidget()
        row = QHBoxLayout(chooser)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.where_column, 1)
        row.addWidget(self.where_value, 1)
        row.addWidget(add)
        self._fill_where_values()
        form.addRow(words("ui.export_dialog.file_pdf"), _path_row(self.atlas_file, lambda: self._pick_file(self.atlas_file, file_filter("pdf"))))
        form.addRow(words("ui.export_dialog.claims_where"), self.where)
        form.addRow("", chooser)
        button = QPushButton(words("ui.export_dialog.export_atlas"))
        button.clicked.connect(self._request_atlas)
        button.setEnabled(atlas_available())
        form.addRow("", button)
        return tab

    def _fill_where_values(self) -> None:
        self.where_value.clear()
        column = self.where_column.currentData()
        if column is None:
            return
        values = sorted({str(v) for v in self.claims[column].dropna()})[:500]
        for value in values:
            self.where_value.addItem(filter_label(column, value, LANGUAGE.code, self.bolivian), value)

    def _add_condition(self) -> None:
        column, value = self.where_column.currentData(), self.where_value.currentData()
        if column is None or value is None:
            return
        parts = [part.strip() for part in self.where.text().split(";") if part.strip()]
        self.where.setText("; ".join([*parts, self._condition(column, value)]))

    def _condition(self, column: str, value: str) -> str:
        """The condition as the lists say it ("Estado de la concesión=Extinguida", which the
        atlas reads back as its code); as codes where words would not read back unchanged (a
        holder's name with a comma) and for Bolivia, whose headings the atlas does not read."""
        shown = self.where_value.currentText()
        if value in ("True", "False"):  # "No ociosa" in the list; "no" reads back as false
            shown = words("value.true" if value == "True" else "value.false")
        said = f"{self.where_column.currentText()}={shown}"
        if self.bolivian or any(mark in said for mark in ",;<>!") or said.count("=") != 1:
            return f"{column}={value}"
        return said

    # -- requests ---------------------------------------------------------------------------

    def _request_results(self) -> None:
        if not self.folder.text().strip():  # said, where the button did nothing
            self.set_status(words("ui.export_dialog.choose_folder"))
            return
        formats = [name for name, box in (("csv", self.csv), ("xlsx", self.xlsx)) if box.isChecked()]
        self.results_requested.emit(self.folder.text().strip(), formats, self.with_maps.isChecked())

    def _request_map(self, preview: bool) -> None:
        out = self.map_file.text().strip()
        if not out and not preview:
            self.set_status(words("ui.export_dialog.choose_file"))
            return
        self.map_requested.emit({
            "out": out, "preview": preview,
            "case": self.case_code.currentText().strip() if self.case.isChecked() else None,
            "bbox": list(self.view_bbox) if self.regional.isChecked() and self.only_view.isChecked() else None,
        })

    def _request_atlas(self) -> None:
        if not self.atlas_file.text().strip():
            self.set_status(words("ui.export_dialog.choose_file"))
            return
        where = [part.strip() for part in self.where.text().split(";") if part.strip()]
        self.atlas_requested.emit(self.atlas_file.text().strip(), where)

    def show_preview(self, png: str) -> None:
        pixmap = QPixmap(png)
        self.preview.setPixmap(pixmap.scaledToWidth(min(900, pixmap.width()), Qt.SmoothTransformation))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, words("ui.export_dialog.export_folder"))
        if folder:
            self.folder.setText(folder)

    def _pick_file(self, edit: QLineEdit, filters: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, words("ui.export_dialog.save_as"), edit.text() or str(Path.home()), filters)
        if path:
            edit.setText(path)
