"""Compare two moments: the earlier and the later results.gpkg and the folder for the changes."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.file_filters import file_filter
from concession_gis_ui.i18n import words
from PyQt5.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CompareDialog(QDialog):
    """Three paths, each typed or chosen with a file dialog; OK once all three are given."""

    def __init__(self, later: str | None, folder: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle(words("ui.compare.title"))
        self.setMinimumWidth(560)
        self.folder = folder  # where the file dialogs start
        self.old, self.new, self.out = QLineEdit(), QLineEdit(later or ""), QLineEdit()
        for name, edit in (("old", self.old), ("new", self.new), ("out", self.out)):
            edit.setObjectName(f"compare_{name}")
            edit.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(words("ui.compare.old"), self._row(self.old, self._choose_old))
        form.addRow(words("ui.compare.new"), self._row(self.new, self._choose_new))
        form.addRow(words("ui.compare.out"), self._row(self.out, self._choose_out))
        intro = QLabel(words("ui.compare.intro"))
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(words("ui.compare.start"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()
        self.adjustSize()

    def _row(self, edit: QLineEdit, choose) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        button = QPushButton(words("ui.compare.browse"))
        button.clicked.connect(choose)
        box.addWidget(edit, 1)
        box.addWidget(button)
        return row

    def _start(self, edit: QLineEdit) -> str:
        return str(Path(edit.text()).parent) if edit.text() else self.folder

    def _choose_old(self) -> None:
        self._choose_file(self.old, words("ui.compare.old"))

    def _choose_new(self) -> None:
        self._choose_file(self.new, words("ui.compare.new"))

    def _choose_file(self, edit: QLineEdit, title: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, title, self._start(edit) or self._start(self.new),
                                              file_filter("results", "all"))
        if path:
            edit.setText(path)

    def _choose_out(self) -> None:
        path = QFileDialog.getExistingDirectory(self, words("ui.compare.out"), self._start(self.out) or self.folder)
        if path:
            self.out.setText(path)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(all(e.text().strip() for e in (self.old, self.new, self.out)))

    def paths(self) -> tuple[str, str, str]:
        """The earlier results, the later results and the output folder."""
        return self.old.text().strip(), self.new.text().strip(), self.out.text().strip()
