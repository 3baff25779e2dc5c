"""Go to a claim code or a coordinate (Ctrl+G): one line to type, the reason in the dialog when
the entry is not understood, so the user can fix it without starting again."""

from __future__ import annotations

from collections.abc import Callable

from concession_gis_ui.i18n import words
from PyQt5.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout


class GoToDialog(QDialog):
    """``go(text)`` moves the map and returns None, or returns what to tell the user."""

    def __init__(self, go: Callable[[str], str | None], parent=None):
        super().__init__(parent)
        self.setObjectName("gotoDialog")
        self.setWindowTitle(words("ui.goto.title"))
        self.go = go
        intro = QLabel(words("ui.goto.intro"))
        intro.setWordWrap(True)
        self.entry = QLineEdit()
        self.entry.setObjectName("gotoEntry")
        self.problem = QLabel()
        self.problem.setObjectName("gotoProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.entry, self.problem, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)
        # Wrapped labels: the dialog grows to their height (Qt does not for a top-level by itself).
        layout.setSizeConstraint(QVBoxLayout.SetMinimumSize)

    def accept(self) -> None:
        problem = self.go(self.entry.text())
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.adjustSize()
            self.entry.selectAll()
            self.entry.setFocus()
            return
        super().accept()
