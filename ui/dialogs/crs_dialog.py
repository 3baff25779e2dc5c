"""Choose the coordinate reference system of a file that has none (instead of an error)."""

from __future__ import annotations

import re
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

# The systems Peruvian and Bolivian mining data come in (INGEMMET publishes per UTM zone).
COMMON = (
    ("4326", "WGS 84 — longitude/latitude"),
    ("32717", "WGS 84 / UTM 17S"),
    ("32718", "WGS 84 / UTM 18S"),
    ("32719", "WGS 84 / UTM 19S"),
    ("24877", "PSAD56 / UTM 17S"),
    ("24878", "PSAD56 / UTM 18S"),
    ("24879", "PSAD56 / UTM 19S"),
)


def suggest_crs(bounds, filename: str = "") -> str | None:
    """A likely EPSG code from a file's coordinate range and name (zone and datum in the name)."""
    name = Path(filename).name.upper()
    zone = re.search(r"(?<!\d)(17|18|19)\s*S(?![A-Z])", name)
    psad = "PSAD" in name
    if bounds is not None and len(bounds) == 4:
        minx, miny, maxx, maxy = bounds
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            return "4326"
        if minx >= 100_000 and maxx <= 900_000 and miny >= 7_000_000 and maxy <= 10_000_000:
            z = zone.group(1) if zone else "18"
            return f"2487{int(z) - 10}" if psad else f"327{z}"
    if zone:
        return f"2487{int(zone.group(1)) - 10}" if psad else f"327{zone.group(1)}"
    return None


def valid_epsg(text: str) -> bool:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    text = text.strip().upper().removeprefix("EPSG:")
    if not text.isdigit():
        return False
    try:
        CRS.from_epsg(int(text))
    except CRSError:
        return False
    return True


class CrsDialog(QDialog):
    """A short list of the usual systems, or any EPSG code typed in."""

    def __init__(self, spec: str, message: str = "", suggestion: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("crsDialog")
        self.setWindowTitle(words("ui.crs_dialog.title"))
        self.spec = spec
        intro = QLabel(words("ui.crs_dialog.intro", file=Path(spec).name))
        intro.setWordWrap(True)
        self.choices = QListWidget()
        for code, title in COMMON:
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
        typed = self.other.text().strip().upper().removeprefix("EPSG:")
        if typed:
            return typed if valid_epsg(typed) else None
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
