"""Choose the coordinate reference system of a file that has none (instead of an error).

The list, the suggestion and what counts as a valid answer are the core's
(``concession_gis.user_crs``): the dialog only shows them.
"""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.i18n import words
from PyQt5.QtCore import Qt
from PyQt5.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from concession_gis.user_crs import EVERY_OFFERED, is_crs


class CrsDialog(QDialog):
    """A short list of the usual systems, or any code typed in that the analysis accepts."""

    def __init__(self, spec: str, message: str = "", suggestion: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("crsDialog")
        self.setWindowTitle(words("ui.crs_dialog.title"))
        self.spec = spec
        intro = QLabel(words("ui.crs_dialog.intro", file=Path(spec).name))
        intro.setWordWrap(True)
        self.choices = QListWidget()
        for code, title in EVERY_OFFERED:
            item = QListWidgetItem(f"{title}  (EPSG:{code})")
            item.setData(Qt.UserRole, code)
            self.choices.addItem(item)
        self.other = QLineEdit()
        self.other.setPlaceholderText(words("ui.crs_dialog.other"))
        self.problem = QLabel(message)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #666")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        layout = QVBoxLayout(self)
        for widget in (intro, self.choices, self.other, self.problem, self.buttons):
            layout.addWidget(widget)
        self.choices.currentItemChanged.connect(lambda *a: self._sync(from_list=True))
        self.other.textChanged.connect(lambda *a: self._sync(from_list=False))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if suggestion:
            self.choose(suggestion)
        self._sync(from_list=True)

    def choose(self, code: str) -> None:
        for i in range(self.choices.count()):
            if self.choices.item(i).data(Qt.UserRole) == str(code):
                self.choices.setCurrentRow(i)
                return
        self.other.setText(str(code))

    def chosen(self) -> str | None:
        typed = self.other.text().strip()
        if typed:
            code = typed[5:].strip() if typed.upper().startswith("EPSG:") else typed
            return code if is_crs(code) else None
        item = self.choices.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def _sync(self, from_list: bool) -> None:
        if from_list and self.choices.currentItem() is not None and self.other.text():
            self.other.blockSignals(True)
            self.other.clear()
            self.other.blockSignals(False)
        elif not from_list and self.other.text():
            self.choices.blockSignals(True)
            self.choices.clearSelection()
            self.choices.setCurrentRow(-1)
            self.choices.blockSignals(False)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.chosen() is not None)
