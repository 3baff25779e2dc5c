"""View and edit the rules: every key with its default and the explanation from rules.toml.

Edits are kept as overrides (only the keys that differ from the defaults), which is what a
rules TOML file holds; "Save as TOML" writes them with tomli-w, "Load TOML" reads one back
through the core's loader, which checks every key and type.
"""

from __future__ import annotations

import json
from pathlib import Path

import tomli_w
from concession_gis_ui.file_filters import file_filter
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.rules_doc import explanations, flatten, nest, overrides
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
    """A tree of tables and keys; the value column is editable."""

    def __init__(self, rules_overrides: dict | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("rulesDialog")
        self.setWindowTitle(words("ui.rules_dialog.rules"))
        self.defaults = flatten(default_rules())
        self.notes = explanations()
        self.tree = QTreeWidget()
        # The key is what a rules file names; the explanation beside it says what it means.
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([words("ui.rules_dialog.rule"), words("ui.rules_dialog.value"),
                                   words("ui.rules_dialog.default"), words("ui.rules_dialog.meaning")])
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
        self._build()
        self.set_values({**self.defaults, **flatten(rules_overrides or {})})
        self.tree.currentItemChanged.connect(lambda item, _: self._show_note(item))
        self.tree.itemChanged.connect(self._on_edit)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.load_button.clicked.connect(self.load_toml)
        self.save_button.clicked.connect(lambda: self.save_toml())
        self.reset_button.clicked.connect(lambda: self.set_values(self.defaults))
        self.resize(980, 620)

    def _build(self) -> None:
        tables: dict[str, QTreeWidgetItem] = {}
        for name, default in self.defaults.items():
            *path, key = name.split(".")
            parent = self.tree.invisibleRootItem()
            for depth in range(len(path)):
                table = ".".join(path[:depth + 1])
                if table not in tables:
                    item = QTreeWidgetItem([path[depth], "", "", first_sentence(self.notes.get(table, ""))])
                    item.setData(0, KEY_ROLE, table)
                    parent.addChild(item)
                    item.setExpanded(True)
                    tables[table] = item
                parent = tables[table]
            item = QTreeWidgetItem([key, "", show_value(default), first_sentence(self.notes.get(name, ""))])
            item.setData(0, KEY_ROLE, name)
            item.setFlags(item.flags() | Qt.ItemIsEditable)
            note = self.notes.get(name, "")
            for column in range(4):
                item.setToolTip(column, note)
            parent.addChild(item)
            self._items[name] = item
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, 200)

    def set_values(self, values: dict) -> None:
        self.tree.blockSignals(True)
        for name, item in self._items.items():
            item.setText(1, show_value(values.get(name, self.defaults[name])))
            self._mark(item)
        self.tree.blockSignals(False)

    def values(self) -> dict:
        """{dotted key: value} as edited (invalid text keeps the default)."""
        out = {}
        for name, item in self._items.items():
            try:
                out[name] = parse_value(item.text(1), self.defaults[name])
            except (ValueError, json.JSONDecodeError):
                out[name] = self.defaults[name]
        return out

    def overrides(self) -> dict:
        """The rules that differ from the defaults, nested as in a rules TOML file."""
        return overrides(nest(self.defaults), nest(self.values()))

    def _mark(self, item: QTreeWidgetItem) -> None:
        name = item.data(0, KEY_ROLE)
        try:
            changed = parse_value(item.text(1), self.defaults[name]) != self.defaults[name]
            bad = False
        except (ValueError, json.JSONDecodeError):
            changed, bad = True, True
        font = QFont(item.font(0))
        font.setBold(changed)
        for column in (0, 1):
            item.setFont(column, font)
        item.setForeground(1, Qt.red if bad else Qt.black)

    def _on_edit(self, item: QTreeWidgetItem, column: int) -> None:
        if item.data(0, KEY_ROLE) in self._items:
            self.tree.blockSignals(True)
            self._mark(item)
            self.tree.blockSignals(False)

    def _show_note(self, item: QTreeWidgetItem | None) -> None:
        name = item.data(0, KEY_ROLE) if item is not None else None
        self.note.setText(f"<b>{name}</b><br>{self.notes.get(name, '')}" if name else "")

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
