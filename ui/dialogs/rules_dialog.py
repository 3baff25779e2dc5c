"""View and edit the rules: every rule named in words, with its value, its default, what it means
(the catalogue's explanation) and the key a rules file gives it.

Edits are kept as overrides (only the keys that differ from the defaults), which is what a
rules TOML file holds; "Save as TOML" writes them with tomli-w, "Load TOML" reads one back
through the core's loader, which checks every key and type.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import tomli_w
from concession_gis_ui.file_filters import file_filter
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.rules_doc import explanations, flatten, labels, nest, overrides, rule_names
from PyQt5.QtCore import Qt
from PyQt5.QtGui import QFont
from PyQt5.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from concession_gis.errors import InputError, text_of
from concession_gis.rules import default_rules, load_rules

KEY_ROLE = Qt.UserRole + 1
BAD_ROLE = Qt.UserRole + 2


def parse_value(text: str, default):
    """The text typed for a rule, as the type of its default; ValueError when it does not fit."""
    text = text.strip()
    if isinstance(default, bool):
        if text.lower() in ("true", "sí", "si", "yes", "1"):
            return True
        if text.lower() in ("false", "no", "0"):
            return False
        raise ValueError(text)
    if isinstance(default, int):
        return int(text)
    if isinstance(default, float):
        return float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
    if isinstance(default, list):
        if text.startswith("["):
            return [str(v) for v in json.loads(text)]
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def show_value(value) -> str:
    """A rule's value as typed back: a float with the window's decimal mark ("0,05" in Spanish,
    which :func:`parse_value` reads), every digit kept and never grouped (a threshold is edited)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return words("ui.rules_dialog.yes" if value else "ui.rules_dialog.no")
    if isinstance(value, float) and LANGUAGE.code == "es":
        return repr(value).replace(".", ",")
    return str(value)


def first_sentence(text: str) -> str:
    """The explanation's first sentence, for the tree (the whole of it is under the list)."""
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")


class RulesDialog(QDialog):
    """A tree of tables and rules, each named in the reader's words; the value column is
    editable, and the key a rules file names is in the last column and under the list."""

    RULE, VALUE, DEFAULT, MEANING, KEY = range(5)

    def __init__(self, rules_overrides: dict | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self.setWindowTitle(words("ui.rules_dialog.rules"))
        self.defaults = flatten(default_rules())
        names = rule_names(nest(self.defaults))
        self.names = labels(names)
        self.notes = explanations(names=names)
        self.own_notes = explanations(names=names, inherit=False)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([words("ui.rules_dialog.rule"), words("ui.rules_dialog.value"),
                                   words("ui.rules_dialog.default"), words("ui.rules_dialog.meaning"),
                                   words("ui.rules_dialog.key")])
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setMinimumHeight(60)
        self.note.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.load_button = self.buttons.addButton(words("ui.rules_dialog.load_toml"), QDialogButtonBox.ActionRole)
        self.save_button = self.buttons.addButton(words("ui.rules_dialog.save_as_toml"), QDialogButtonBox.ActionRole)
        self.reset_button = self.buttons.addButton(words("ui.rules_dialog.defaults"), QDialogButtonBox.ResetRole)
        intro = QLabel(words("ui.rules_dialog.intro"))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._build({**self.defaults, **flatten(rules_overrides or {})})
        self.tree.currentItemChanged.connect(lambda item, _: self._show_note(item))
        self.tree.itemChanged.connect(self._on_edit)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.load_button.clicked.connect(self.load_toml)
        self.save_button.clicked.connect(lambda: self.save_toml())
        self.reset_button.clicked.connect(lambda: self.set_values(self.defaults))
        self.resize(980, 620)

    def _row(self, name: str, value: str = "", default: str = "") -> QTreeWidgetItem:
        # Only a rule's own note in the list: a table's note stands once, on the table's row.
        item = QTreeWidgetItem([self.names[name], value, default,
                                first_sentence(self.own_notes.get(name, "")), name])
        item.setData(0, KEY_ROLE, name)
        note = self.notes.get(name, "")
        for column in range(self.tree.columnCount()):
            item.setToolTip(column, note)
        return item

    def _build(self, values: dict) -> None:
        # Rows are filled and marked before they join the tree: a change to a row in the tree
        # tells the view each time (107 rules, about 40 ms when marked there).
        tables: dict[str, QTreeWidgetItem] = {}
        top: list[QTreeWidgetItem] = []
        for name, default in self.defaults.items():
            *path, _ = name.split(".")
            parent = None
            for depth in range(len(path)):
                table = ".".join(path[:depth + 1])
                if table not in tables:
                    tables[table] = self._row(table)
                    (parent.addChild if parent else top.append)(tables[table])
                parent = tables[table]
            item = self._row(name, show_value(values.get(name, default)), show_value(default))
            item.setFlags(item.flags() | Qt.ItemIsEditable)
            self._mark(item)
            (parent.addChild if parent else top.append)(item)
            self._items[name] = item
        self.tree.addTopLevelItems(top)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(self.RULE)
        self.tree.setColumnWidth(self.VALUE, 200)
        self.tree.setColumnWidth(self.MEANING, 420)

    def set_values(self, values: dict) -> None:
        self.tree.blockSignals(True)
        for name, item in self._items.items():
            text = show_value(values.get(name, self.defaults[name]))
            if item.text(self.VALUE) != text:
                item.setText(self.VALUE, text)
                self._mark(item)
        self.tree.blockSignals(False)

    def values(self) -> dict:
        """{dotted key: value} as edited (invalid text keeps the default)."""
        out = {}
        for name, item in self._items.items():
            try:
                out[name] = parse_value(item.text(self.VALUE), self.defaults[name])
            except (ValueError, json.JSONDecodeError):
                out[name] = self.defaults[name]
        return out

    def overrides(self) -> dict:
        """The rules that differ from the defaults, nested as in a rules TOML file."""
        return overrides(nest(self.defaults), nest(self.values()))

    def _mark(self, item: QTreeWidgetItem) -> None:
        """A changed rule in bold, a value that does not fit its rule in red."""
        name = item.data(0, KEY_ROLE)
        try:
            changed = parse_value(item.text(self.VALUE), self.defaults[name]) != self.defaults[name]
            bad = False
        except (ValueError, json.JSONDecodeError):
            changed, bad = True, True
        if item.font(self.RULE).bold() != changed:
            font = QFont(item.font(self.RULE))
            font.setBold(changed)
            for column in (self.RULE, self.VALUE):
                item.setFont(column, font)
        if bool(item.data(self.VALUE, BAD_ROLE)) != bad:
            item.setData(self.VALUE, BAD_ROLE, bad)
            item.setForeground(self.VALUE, Qt.red if bad else Qt.black)

    def _on_edit(self, item: QTreeWidgetItem, column: int) -> None:
        if item.data(0, KEY_ROLE) in self._items:
            self.tree.blockSignals(True)
            self._mark(item)
            self.tree.blockSignals(False)

    def _show_note(self, item: QTreeWidgetItem | None) -> None:
        name = item.data(0, KEY_ROLE) if item is not None else None
        if not name:
            self.note.setText("")
            return
        key = words("ui.rules_dialog.key_in_file", name=name)
        self.note.setText(f"<b>{escape(self.names[name])}</b> ({escape(key)})<br>{escape(self.notes.get(name, ''))}")

    def load_toml(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, words("ui.rules_dialog.load_rules"), "", file_filter("toml"))
        if not path:
            return False
        try:
            loaded = load_rules(path)
        except InputError as exc:
            QMessageBox.warning(self, words("ui.rules_dialog.rules"), text_of(exc, LANGUAGE.code))
            return False
        values = flatten(loaded)
        if not self.defaults.get("reference_date"):
            # load_rules fills an empty reference date with today's; keep "empty" unless the file set it.
            user = Path(path).read_text(encoding="utf-8")
            if "reference_date" not in user:
                values["reference_date"] = ""
        self.set_values(values)
        return True

    def save_toml(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, words("ui.rules_dialog.save_rules"), "rules.toml", file_filter("toml"))
        if not path:
            return False
        header = "# concession-gis rules: only the keys that differ from the defaults.\n"
        header += "# Use with: concession-gis analyze --rules THIS_FILE (or Rules… > Load TOML in the application).\n\n"
        Path(path).write_text(header + tomli_w.dumps(self.overrides()), encoding="utf-8")
        return True
