"""The analysis inputs: files by kind, the assumed CRS, the column map, the rules; and Run."""

from __future__ import annotations

from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.session import Session
from PyQt5.QtCore import Qt, pyqtSignal
from PyQt5.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from concession_gis.inputs import KIND
from concession_gis.profile import COUNTRIES

SPEC_ROLE = Qt.UserRole + 1


class InputsPanel(QWidget):
    """A tree of the input files; buttons to add, remove, set rules and run."""

    add_requested = pyqtSignal()
    remove_requested = pyqtSignal(str, str)  # kind, spec
    rules_requested = pyqtSignal()
    run_requested = pyqtSignal()
    columns_requested = pyqtSignal(str, str)  # kind, spec

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.setObjectName("inputsPanel")
        self.session = session
        # The project's country: guessed from the files (as the command line does), or chosen.
        self.country_label = QLabel()
        self.country = QComboBox()
        self.country.setObjectName("countryChoice")
        self.country.currentIndexChanged.connect(self._on_country)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.settings = QLabel()
        self.settings.setWordWrap(True)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.rules_button, self.run_button = QPushButton(), QPushButton()
        self.run_button.setObjectName("runButton")
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.add_button)
        row1.addWidget(self.remove_button)
        row2.addWidget(self.rules_button)
        row2.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        country_row = QHBoxLayout()
        country_row.addWidget(self.country_label)
        country_row.addWidget(self.country, 1)
        layout.addLayout(country_row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.settings)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self._remove)
        self.rules_button.clicked.connect(self.rules_requested)
        self.run_button.clicked.connect(self.run_requested)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        session.inputs_changed.connect(self.rebuild)
        self.retranslate()
        LANGUAGE.follow(self.retranslate)  # retranslate rebuilds the tree, whose labels are words too

    def rebuild(self) -> None:
        self._show_country()
        self.tree.clear()
        for kind in self.session.panel_kinds():  # one row per declared kind of the country, labelled by its declaration
            specs = self.session.input_specs(kind)
            label = words(KIND[kind].label)
            parent = QTreeWidgetItem([f"{label[:1].upper()}{label[1:]} ({len(specs)})"])
            parent.setToolTip(0, words(KIND[kind].help))
            self.tree.addTopLevelItem(parent)
            for spec in specs:
                child = QTreeWidgetItem([spec.replace("\\", "/").rsplit("/", 1)[-1]])
                child.setToolTip(0, spec)
                child.setData(0, SPEC_ROLE, (kind, spec))
                parent.addChild(child)
            parent.setExpanded(True)
        inputs = self.session.inputs
        lines = [words("ui.inputs_panel.crs", crs=f"EPSG:{inputs.crs}" if inputs.crs else words("ui.inputs_panel.none"))]
        if inputs.column_map:
            lines.append(words("ui.inputs_panel.column_map", columns=", ".join(inputs.column_map)))
        if inputs.rules or inputs.rule_overrides:
            lines.append(words("ui.inputs_panel.rules_changed"))
        self.settings.setText("\n".join(lines))
        self.run_button.setEnabled(self.session.can_analyse())

    def _show_country(self) -> None:
        """The choices in words (the automatic one names the country guessed), the project's chosen."""
        self.country.blockSignals(True)
        self.country.clear()
        self.country.addItem(words("ui.inputs_panel.country_auto", country=words(f"country.{self.session.country}")), None)
        for code in COUNTRIES:
            self.country.addItem(words(f"country.{code}"), code)
        self.country.setCurrentIndex(max(0, self.country.findData(self.session.country_setting)))
        self.country.blockSignals(False)

    def _on_country(self, index: int) -> None:
        self.session.set_country(self.country.itemData(index))

    def _selected(self):
        item = self.tree.currentItem()
        return item.data(0, SPEC_ROLE) if item is not None else None

    def _remove(self) -> None:
        chosen = self._selected()
        if chosen:
            self.remove_requested.emit(*chosen)

    def _on_double_click(self, item, column) -> None:
        chosen = item.data(0, SPEC_ROLE)
        if chosen and KIND[chosen[0]].fields:  # a kind with columns to map
            self.columns_requested.emit(*chosen)

    def retranslate(self) -> None:
        self.add_button.setText(words("ui.inputs_panel.add_files"))
        self.remove_button.setText(words("ui.inputs_panel.remove"))
        self.rules_button.setText(words("ui.inputs_panel.rules"))
        self.run_button.setText(words("ui.inputs_panel.run_analysis"))
        self.tree.setToolTip(words("ui.inputs_panel.tree_tip"))
        self.country_label.setText(words("ui.inputs_panel.country"))
        self.country.setToolTip(words("ui.inputs_panel.country_tip"))
        self.rebuild()
