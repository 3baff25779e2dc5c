"""Say which column of a file holds each field the tool needs (instead of an error).

Fields are named in words. The choices become ``KIND.FIELD=COLUMN`` items of ``Inputs.column_map`` (the ``--map`` of the
command line), aimed at this kind of input only.
"""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.i18n import words
from concession_gis_ui.names import field_title, kind_title
from PyQt5.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from concession_gis.inputs import KIND
from concession_gis.io.schema import ALIASES, key, parse_column_map


def detected(columns: list[str], kind: str) -> dict[str, str]:
    """{field: column} the tool finds by itself (the core's aliases, compared folded)."""
    by_key = {key(c): c for c in columns}
    found = {}
    for field, aliases in ALIASES[kind].items():
        for alias in aliases:
            if alias in by_key:
                found[field] = by_key[alias]
                break
    return found


def explicit(column_map: list[str], kind: str) -> dict[str, str]:
    parsed = parse_column_map(column_map)
    return {**parsed.get("*", {}), **parsed.get(kind, {})}


# A point's columns: any one of these sets places the rows of a kind that has them (the core's
# coordinates: latitude and longitude, easting and northing with a zone, or the declared claim).
PLACING = (("latitude", "longitude"), ("easting", "northing"), ("declared_code",))


class ColumnMapDialog(QDialog):
    """A combo box per field, listing the file's columns; required fields first, then those
    that place a row, marked * and named in the words above the list."""

    def __init__(self, spec: str, kind: str, columns: list[str], column_map: list[str], message: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("columnMapDialog")
        self.setWindowTitle(words("ui.columns_dialog.title", file=Path(spec).name))
        self.spec, self.kind, self.columns = spec, kind, list(columns)
        self.auto = detected(self.columns, kind)
        chosen = {**self.auto, **{f: c for f, c in explicit(column_map, kind).items() if c in self.columns}}
        # The groups of fields that place this kind's rows (none for a kind without points).
        self.placing = tuple(group for group in PLACING if all(f in ALIASES[kind] for f in group))
        placing = [f for group in self.placing for f in group]
        said = "placing" if "declared_code" in placing else "placing_points"
        intro = QLabel(words("ui.columns_dialog.intro", what=kind_title(kind).lower())
                       + (" " + words(f"ui.columns_dialog.{said}") if placing else ""))
        intro.setWordWrap(True)
        problem = QLabel(message)
        problem.setWordWrap(True)
        problem.setStyleSheet("color: #666")
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        self.boxes: dict[str, QComboBox] = {}
        required = KIND[kind].required
        first = [*required, *placing]
        fields = first + [f for f in ALIASES[kind] if f not in first]
        for field in fields:
            box = QComboBox()
            box.setObjectName(f"column_{field}")
            box.addItem(words("ui.columns_dialog.none"), None)
            for column in self.columns:
                box.addItem(column, column)
            if field in chosen:
                box.setCurrentIndex(box.findData(chosen[field]))
            box.currentIndexChanged.connect(self._sync)
            label = QLabel(f"{field_title(field)}{' *' if field in first else ''}")
            form.addRow(label, box)
            self.boxes[field] = box
        scroll = QScrollArea()
        scroll.setWidget(form_widget)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, problem, scroll, self.buttons):
            layout.addWidget(widget)
        self.resize(460, 520)
        self._sync()

    def set_column(self, field: str, column: str) -> None:
        box = self.boxes[field]
        box.setCurrentIndex(box.findData(column))

    def mapping(self) -> dict[str, str]:
        return {field: box.currentData() for field, box in self.boxes.items() if box.currentData()}

    def items(self) -> list[str]:
        """``KIND.FIELD=COLUMN`` for every field not found as the tool would by itself."""
        return [f"{self.kind}.{field}={column}" for field, column in self.mapping().items()
                if self.auto.get(field) != column]

    def _sync(self) -> None:
        mapping = self.mapping()
        ok = all(field in mapping for field in KIND[self.kind].required)
        ok = ok and (not self.placing or any(all(f in mapping for f in group) for group in self.placing))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)
