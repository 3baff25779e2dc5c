"""Unsaved work: whether the project changed since it was saved or opened, and the question
"save the changes?" before the work would be lost (closing, opening another project).

Only what the user does marks a change: an input added, removed or fixed, a rule changed, a
layer shown, hidden, restyled or moved in the layer panel, an analysis run. What the window does
by itself (restoring a project's styles, re-wording the legend on a language change) does not.
"""

from __future__ import annotations

from concession_gis_ui.i18n import words
from PyQt5.QtCore import QObject, pyqtSignal
from PyQt5.QtWidgets import QMessageBox


class UnsavedChanges(QObject):
    """The window's change mark; :meth:`settle` asks before work would be lost."""

    changed = pyqtSignal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.modified = False
        self._quiet = 0
        window.session.inputs_changed.connect(self.mark)
        window.layer_panel.user_changed.connect(self.mark)
        window.controller.analysis_ended.connect(lambda how: how == "done" and self.mark())

    def mark(self, *args) -> None:
        if not self._quiet:
            self.set(True)

    def set(self, modified: bool) -> None:
        if modified != self.modified:
            self.modified = modified
            self.changed.emit(modified)

    def quiet(self):
        """A context in which changes are the window's own (a project being applied)."""
        tracker = self

        class Quiet:
            def __enter__(self):
                tracker._quiet += 1

            def __exit__(self, *exc):
                tracker._quiet -= 1

        return Quiet()

    def settle(self) -> bool:
        """True when the work may be left: nothing changed, or the user saved it or chose to
        discard it; False when the user cancelled (or cancelled the save dialog)."""
        if not self.modified:
            return True
        answer = self.ask()
        if answer == QMessageBox.Save:
            return self.window.save_project(self.window.project_path) is not None
        return answer == QMessageBox.Discard

    def ask(self) -> int:
        """Save, Discard or Cancel (a QMessageBox button), as the user answers."""
        return QMessageBox.question(
            self.window, words("ui.unsaved.title"), words("ui.unsaved.question"),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
