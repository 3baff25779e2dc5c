"""The window's part of comparing two moments: the dialog, the change layers brought into view,
the counts in a message box and the change map PDF opened. The work is the controller's
(:mod:`concession_gis_ui.control.compare`), run in the worker process."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.change_layers import PREFIX, count_lines, layer_name
from concession_gis_ui.dialogs.compare_dialog import CompareDialog
from concession_gis_ui.i18n import LANGUAGE, words
from PyQt5.QtCore import QUrl
from PyQt5.QtGui import QDesktopServices
from PyQt5.QtWidgets import QMessageBox

CHANGE_MAP = "change_map.pdf"


class CompareUi:
    """Connects the actions *Compare two moments…* and *Open the change map* to the controller."""

    def __init__(self, window):
        self.window = window
        actions, controller = window.actions, window.controller
        actions["compare"].triggered.connect(self.ask)
        actions["open_change_map"].triggered.connect(self.open_change_map)
        actions["cancel"].triggered.connect(controller.cancel_comparison)
        window.cancel_button.clicked.connect(controller.cancel_comparison)
        controller.busy_changed.connect(lambda busy: actions["compare"].setEnabled(not busy))
        controller.comparison_ended.connect(self._on_ended)
        self._update_action()

    def ask(self) -> None:
        """The dialog, the later results defaulting to those on the map."""
        window = self.window
        dialog = CompareDialog(window.session.results_path, str(window.settings.value("last_folder", "")), window)
        window._open(dialog, lambda d: window.controller.compare(*d.paths()))

    def change_map(self) -> str | None:
        last = self.window.controller.last_comparison
        path = (last or {}).get("written", {}).get(CHANGE_MAP)
        return path if path and Path(path).is_file() else None

    def open_change_map(self) -> bool:
        path = self.change_map()
        if path is None or not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            self.window.messages.add("warning", words("ui.compare.no_change_map", path=path or CHANGE_MAP))
            return False
        return True

    def _update_action(self) -> None:
        self.window.actions["open_change_map"].setEnabled(self.change_map() is not None)

    def _on_ended(self, how: str, result) -> None:
        self._update_action()
        if how != "done":
            return
        window = self.window
        layers = [layer for layer in window.session.layers if layer.name.startswith(PREFIX)]
        bounds = window.canvas.data_bounds(layers)
        if not window._view_fixed:
            window.canvas.view = window.canvas.view.with_aspect_for(bounds)
        window.canvas.zoom_to_bounds(bounds)
        window.docks["layers"].raise_()
        first = window.session.layers.get(layer_name("claims_new")) or (layers[0] if layers else None)
        if first is not None:  # current in the layer panel, its rows in the table
            window.layer_panel.set_current(first)
            window.table.show_layer(first)
        text = "\n".join(count_lines(result["summary"], LANGUAGE.code))
        window.messages.add("info", text)
        box = QMessageBox(QMessageBox.Information, words("ui.compare.title"), text, QMessageBox.Close, window)
        box.setObjectName("compareSummary")
        if self.change_map() is not None:
            button = box.addButton(words("ui.compare.open_change_map"), QMessageBox.ActionRole)
            button.clicked.connect(self.open_change_map)
        window.active_dialog = box
        box.finished.connect(lambda _: setattr(window, "active_dialog", None))
        box.open()
