"""The main window: the map in the centre, panels in docks, menus, toolbar and status line.

It builds widgets and connects them; what happens when the user asks for something lives in
:class:`~concession_gis_ui.controller.Controller`, the state in :class:`~concession_gis_ui.session.Session`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from concession_gis_ui import jobs
from concession_gis_ui.actions import Actions
from concession_gis_ui.canvas.symbols import density_rule
from concession_gis_ui.canvas.widget import MapCanvas
from concession_gis_ui.compare_window import CompareUi
from concession_gis_ui.context_layers import is_analysis
from concession_gis_ui.control.analysis import no_cadastre_key
from concession_gis_ui.controller import Controller
from concession_gis_ui.coordinates import format_degrees, format_utm
from concession_gis_ui.dialogs.columns_dialog import ColumnMapDialog
from concession_gis_ui.dialogs.crs_dialog import CrsDialog
from concession_gis_ui.dialogs.export_dialog import ExportDialog, maps_available
from concession_gis_ui.dialogs.goto_dialog import GoToDialog
from concession_gis_ui.dialogs.rules_dialog import RulesDialog
from concession_gis_ui.file_filters import file_filter
from concession_gis_ui.go_to import POINT_SCALE, resolve
from concession_gis_ui.heartbeat import on_beat
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import VectorLayer
from concession_gis_ui.panels.attribute_table import AttributeTable
from concession_gis_ui.panels.dashboard import Dashboard
from concession_gis_ui.panels.details import DetailsPanel
from concession_gis_ui.panels.inputs_panel import InputsPanel
from concession_gis_ui.panels.layer_panel import LayerPanel
from concession_gis_ui.panels.messages import MessagePanel
from concession_gis_ui.panels.start_page import StartPage
from concession_gis_ui.project import SUFFIXES, Autosave, user_data_dir
from concession_gis_ui.session import Session
from concession_gis_ui.unsaved import UnsavedChanges
from PyQt5.QtCore import QRect, QSettings, Qt, QTimer
from PyQt5.QtGui import QCursor, QGuiApplication
from PyQt5.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
)

from concession_gis import __version__
from concession_gis.model import Results

AUTOSAVE_MS = 120_000
# Below this free screen area (pixels) the window takes all of it; above, 94 % of it.
LARGE_SCREEN = (1600, 1000)
# What the window manager adds around the window (title bar, borders), before the window exists.
FRAME = (8, 34)
MAX_RECENT = 10


class MainWindow(QMainWindow):
    def __init__(self, lang: str = "es", autosave: Autosave | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        LANGUAGE.set(lang)
        self.session = Session()
        self.autosave = autosave or Autosave()
        self.autosave.sweep()  # work folders of sessions that ended without leaving an autosave
        self.controller = Controller(self.session, self.autosave, self)
        self.controller.add_basemap()  # before the panels: they show it from the start
        self.project_path: str | None = None
        self.active_dialog = None
        self.settings = QSettings()

        self.canvas = MapCanvas(self.session.layers)
        # While nothing is loaded the centre shows what to do first instead of an empty map.
        self.start_page = StartPage()
        self.start_area = QScrollArea()  # scrolls rather than widening the window on a small screen
        self.start_area.setWidget(self.start_page)
        self.start_area.setWidgetResizable(True)
        self.start_area.setFrameShape(QScrollArea.NoFrame)
        self.central = QStackedWidget()
        self.central.addWidget(self.start_area)
        self.central.addWidget(self.canvas)
        self.setCentralWidget(self.central)
        self.layer_panel = LayerPanel(self.session)
        self.inputs_panel = InputsPanel(self.session)
        self.table = AttributeTable(self.session)
        self.messages = MessagePanel()
        self.details = DetailsPanel(self.session)
        self.dashboard = Dashboard(self.session)
        self.docks = {
            "layers": self._dock("layers", self.layer_panel, Qt.LeftDockWidgetArea),
            "inputs": self._dock("inputs", self.inputs_panel, Qt.LeftDockWidgetArea),
            "details": self._dock("details", self.details, Qt.RightDockWidgetArea),
            "dashboard": self._dock("dashboard", self.dashboard, Qt.RightDockWidgetArea),
            "table": self._dock("table", self.table, Qt.BottomDockWidgetArea),
            "messages": self._dock("messages", self.messages, Qt.BottomDockWidgetArea),
        }
        # The side panels run the full height; the table stays under the map only.
        self.setCorner(Qt.BottomLeftCorner, Qt.LeftDockWidgetArea)
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["layers"], self.docks["inputs"])
        self.tabifyDockWidget(self.docks["details"], self.docks["dashboard"])
        self.tabifyDockWidget(self.docks["table"], self.docks["messages"])
        for name in ("layers", "details", "table"):
            self.docks[name].raise_()
        self.actions = Actions(self)
        for dock in self.docks.values():
            self.actions.panels.addAction(dock.toggleViewAction())
        self._build_status_bar()
        self.unsaved = UnsavedChanges(self)
        self.unsaved.changed.connect(self.setWindowModified)
        self._connect()
        self.compare_ui = CompareUi(self)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.controller.save_autosave)
        self.autosave_timer.start()
        self.controller.view_extent = lambda: ((self.canvas.view.extent(), self.canvas.view.aspect)
                                               if self._has_data() else None)
        self.actions.language_actions[lang].setChecked(True)
        self.retranslate()
        LANGUAGE.follow(self._on_language)
        self._update_recent_menu()
        self._set_busy(False)
        self._laid_out = self._restore_geometry()  # a restored layout keeps its dock sizes
        self._view_fixed = False  # a view was chosen (by a project, or the first results)

    # -- building ---------------------------------------------------------------------------

    def _dock(self, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.stage_label = QLabel()
        self.stage_label.setObjectName("stageLabel")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.coordinates = QLabel()
        self.coordinates.setObjectName("cursorCoordinates")
        # Wide enough for the longest text, so the status line does not shift as the mouse moves.
        self.coordinates.setMinimumWidth(self.coordinates.fontMetrics().horizontalAdvance(
            "00,0000° S 000,0000° O   UTM 00S 000 000 E 0 000 000 N") + 8)
        bar.addWidget(self.stage_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.coordinates)

    def _connect(self) -> None:
        a, c = self.actions, self.controller
        a["open"].triggered.connect(self.open_dialog)
        a["add_inputs"].triggered.connect(self.open_dialog)
        a["open_project"].triggered.connect(self.open_project_dialog)
        a["add_layer"].triggered.connect(self.add_layer_dialog)
        a["save_project"].triggered.connect(lambda: self.save_project(self.project_path))
        a["save_project_as"].triggered.connect(lambda: self.save_project(None))
        a["export"].triggered.connect(self.export_dialog)
        a["export_table"].triggered.connect(self.export_table_dialog)
        a["save_image"].triggered.connect(self.save_image_dialog)
        a["quit"].triggered.connect(self.close)
        a["zoom_in"].triggered.connect(lambda: self.canvas.zoom(2.0))
        a["zoom_out"].triggered.connect(lambda: self.canvas.zoom(0.5))
        a["zoom_full"].triggered.connect(self.canvas.zoom_full)
        a["zoom_layer"].triggered.connect(lambda: self.layer_panel.current_layer() and self.canvas.zoom_to_layer(self.layer_panel.current_layer()))
        a["zoom_selection"].triggered.connect(self.canvas.zoom_to_selection)
        a["goto"].triggered.connect(self.goto_dialog)
        a["box_zoom"].toggled.connect(lambda on: setattr(self.canvas, "box_zoom_tool", on))
        a["run"].triggered.connect(self.run_analysis)
        a["cancel"].triggered.connect(c.cancel)
        a["rules"].triggered.connect(self.rules_dialog)
        a["about"].triggered.connect(self.about)
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["guide"].triggered.connect(lambda: QMessageBox.information(self, words("ui.start.title"), words("ui.start.guide")))
        self.start_page.open_files.connect(self.open_dialog)
        self.start_page.open_project.connect(self.open_project_dialog)
        self.start_page.open_demo.connect(self.open_demo)
        self.start_page.open_demo_bolivia.connect(self.open_demo_bolivia)
        self.start_page.open_recent.connect(lambda path: self.open_paths([path]))
        for event in (self.session.layers.inserted, self.session.layers.removed):
            event.connect(lambda *args: self._show_map_or_start())
        for lang, action in a.language_actions.items():
            action.triggered.connect(lambda checked, lang=lang: self.set_language(lang))
        self.cancel_button.clicked.connect(c.cancel)

        c.status.connect(self.stage_label.setText)
        c.progress.connect(self._on_progress)
        c.busy_changed.connect(self._set_busy)
        c.loading_changed.connect(self._set_loading)
        c.message.connect(self.messages.add)
        c.crs_needed.connect(self.ask_crs)
        c.columns_needed.connect(self.ask_columns)
        c.view_requested.connect(self._on_view_requested)
        c.results_loaded.connect(self._on_results_loaded)
        self.messages.added.connect(self._on_message)
        self.canvas.identified.connect(self._on_identified)
        self.canvas.cursor_moved.connect(self._on_cursor)
        self.canvas.aggregated.connect(lambda names: self.layer_panel.set_aggregated(names, self.canvas.density))
        self.canvas.render_failed.connect(lambda text: self.messages.add("error", text.strip().splitlines()[-1]))
        self.layer_panel.layer_activated.connect(self._on_layer_activated)
        self.layer_panel.zoom_requested.connect(self.canvas.zoom_to_layer)
        self.table.feature_activated.connect(self.details.show_feature)
        self.inputs_panel.add_requested.connect(self.open_dialog)
        self.inputs_panel.remove_requested.connect(c.remove_input)
        self.inputs_panel.rules_requested.connect(self.rules_dialog)
        self.inputs_panel.run_requested.connect(self.run_analysis)
        self.inputs_panel.columns_requested.connect(c.ask_columns)
        self.details.registration_chosen.connect(self._show_registration)
        self.table.case_requested.connect(self.open_case)
        self.details.case_export_requested.connect(self.export_case)
        self.details.dossier_export_requested.connect(self.export_dossier)

    # -- opening ----------------------------------------------------------------------------

    def open_paths(self, paths: list[str]) -> None:
        """Open files; a project replaces the current one, after asking to save its changes."""
        projects = [str(p) for p in paths if str(p).lower().endswith(SUFFIXES)]
        if projects and not self.unsaved.settle():
            return
        for path in paths:
            self._remember(str(path))
        if len(paths) == 1 and projects:
            self.project_path = projects[0]
        if projects:
            with self.unsaved.quiet():
                self.controller.open_paths([str(p) for p in paths])
            self.unsaved.set(False)
            self._update_title()
        else:
            self.controller.open_paths([str(p) for p in paths])

    def open_inputs(self, inputs):
        """Open every file of ``inputs`` (a core ``Inputs``); returns a check that is true once
        they are all inputs and the first cadastre's preview is on the map (scripts wait on it)."""
        paths = inputs.files()
        self.open_paths(paths)
        preview = f"input:concessions:{inputs.concessions[0]}"
        return lambda: len(self.session.all_inputs()) == len(paths) and self.session.layers.get(preview) is not None

    def open_demo(self):
        """Open the bundled demo's inputs (Peru); returns the check of :meth:`open_inputs`."""
        from concession_gis.sample.bundled import bundled_inputs

        return self.open_inputs(bundled_inputs())

    def open_demo_bolivia(self):
        """Write the Bolivian sample once (in the user's data folder), make the project Bolivian
        and open its files, each as its kind; returns a check that is true once they are all
        inputs and the AJAM areas' preview is on the map (scripts wait on it)."""
        folder = user_data_dir() / "demo" / "bolivia"
        opened: dict[str, list[str]] = {}

        def add(files: dict[str, list[str]]) -> None:
            self.session.set_country("bo")
            for kind, paths in files.items():
                for path in paths:
                    self.controller.add_input(kind, path)
            opened.update(files)

        job = self.controller.runner.submit(jobs.bolivian_demo_job, folder=str(folder))
        job.finished.connect(add)
        job.failed.connect(lambda failure: self.controller._report(failure, str(folder)))

        def ready() -> bool:
            if not opened:
                return False
            preview = f"input:ajam:{opened['ajam'][0]}"
            total = sum(len(paths) for paths in opened.values())
            return len(self.session.all_inputs()) == total and self.session.layers.get(preview) is not None

        return ready

    def _show_map_or_start(self) -> None:
        self.central.setCurrentWidget(self.canvas if self._has_data() else self.start_area)

    def _has_data(self) -> bool:
        """Some layer beyond the bundled base map: then the map, not the start page, is shown."""
        return any(is_analysis(layer) for layer in self.session.layers)

    def run_analysis(self) -> bool:
        """Run the analysis; with no claims to analyse, say so where the user looks (the start
        page and the status line), not only in the messages tab."""
        if not self.session.can_analyse():
            hint = words(no_cadastre_key(self.session.country))
            self.start_page.show_hint(hint)
            self.statusBar().showMessage(hint, 15000)
        return self.controller.run_analysis()

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, words("ui.main_window.open_inputs"),
                                                self.settings.value("last_folder", ""), file_filter("openable", "all"))
        if paths:
            self.settings.setValue("last_folder", str(Path(paths[0]).parent))
            self.open_paths(paths)

    def add_layer_dialog(self) -> None:
        """File ▸ Add context layer…: the user's own vector or raster files, drawn under the analysis."""
        paths, _ = QFileDialog.getOpenFileNames(self, words("ui.main_window.add_layer"),
                                                self.settings.value("last_folder", ""), file_filter("context", "all"))
        if paths:
            self.settings.setValue("last_folder", str(Path(paths[0]).parent))
            for path in paths:
                self.controller.add_context_layer(path)
            self.unsaved.set(True)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, words("ui.main_window.open_project"),
                                              self.settings.value("last_folder", ""), file_filter("project"))
        if path:
            self.open_paths([path])

    def save_project(self, path: str | None) -> str | None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, words("ui.main_window.save_project"),
                                                  self.settings.value("last_folder", "") + "/proyecto.cgis.json",
                                                  file_filter("new_project"))
            if not path:
                return None
            if not path.lower().endswith(SUFFIXES):
                path += ".cgis.json"
        self.controller.save_project(path)
        self.project_path = path
        self.unsaved.set(False)
        self._remember(path)
        self._update_title()
        return path

    def _remember(self, path: str) -> None:
        recent = [p for p in (self.settings.value("recent", []) or []) if p != path]
        self.settings.setValue("recent", [path, *recent][:MAX_RECENT])
        self._update_recent_menu()

    def _update_recent_menu(self) -> None:
        menu = self.actions.recent
        menu.clear()
        for path in self.settings.value("recent", []) or []:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda checked, p=path: self.open_paths([p]))
        menu.setEnabled(bool(menu.actions()))
        self.start_page.set_recent(list(self.settings.value("recent", []) or []))

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.open_paths(paths)
            event.acceptProposedAction()

    # -- dialogs ----------------------------------------------------------------------------

    def _open(self, dialog, on_accept) -> None:
        """Show ``dialog`` window-modal without blocking (tests drive it through ``active_dialog``)."""
        self.active_dialog = dialog
        dialog.accepted.connect(lambda: on_accept(dialog))
        dialog.finished.connect(lambda _: setattr(self, "active_dialog", None))
        dialog.open()

    def ask_crs(self, kind: str, spec: str, message: str, suggestion) -> None:
        self._open(CrsDialog(spec, message, suggestion, self),
                   lambda d: d.chosen() and self.controller.resolve_crs(kind, spec, d.chosen()))

    def ask_columns(self, kind: str, spec: str, columns: list, message: str) -> None:
        dialog = ColumnMapDialog(spec, kind, columns, self.session.inputs.column_map, message, self)
        self._open(dialog, lambda d: self.controller.resolve_columns(kind, spec, d.items()))

    def rules_dialog(self) -> None:
        self._open(RulesDialog(self.session.inputs.rule_overrides, self),
                   lambda d: self.session.set_rules(None, d.overrides()))

    def export_dialog(self) -> None:
        results = self.session.results
        # The claims the map and atlas choose from: Peru's concessions, or a Bolivian run's areas.
        bolivian = results is not None and not isinstance(results, Results)
        claims = None if results is None else results.areas if bolivian else results.concessions
        codes = list(claims["code"].astype(str)) if claims is not None and "code" in claims else []
        selected = None
        layer = self.session.layers.get("areas" if bolivian else "concessions")
        if isinstance(layer, VectorLayer) and len(layer.selected) == 1:
            selected = str(layer.frame["code"].iloc[int(layer.selected[0])])
        dialog = ExportDialog(codes, selected, self.canvas.view.extent(), self, claims=claims, bolivian=bolivian,
                              context=self.controller.printed_context())
        dialog.results_requested.connect(lambda folder, formats, maps: self.controller.export_results(folder, formats, maps))
        dialog.map_requested.connect(lambda options: self._export_map(dialog, options))
        dialog.atlas_requested.connect(lambda out, where: self.controller.export_atlas(out, where))
        self._open(dialog, lambda d: None)

    def _export_map(self, dialog: ExportDialog, options: dict) -> None:
        out = options["out"]
        if options["preview"]:
            out = str(self.autosave.work_dir / "map-preview.png")
        job = self.controller.export_map(out, options["case"], options["bbox"], dpi=60 if options["preview"] else 300,
                                         preview=options["preview"])
        if job is not None:
            dialog.set_status(words("ui.main_window.drawing_map"))
            job.finished.connect(lambda path: (dialog.show_preview(path) if options["preview"] else None,
                                               dialog.set_status(str(path))))
            job.failed.connect(lambda failure: dialog.set_status(failure.text(self.session.language)))

    def export_table_dialog(self) -> None:
        layer = self.table.layer
        if layer is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, words("ui.main_window.export_table"), f"{layer.name}.xlsx",
                                              file_filter("xlsx", "csv"))
        if path:
            self.controller.export_table(layer, self.table.model.rows, path)

    def save_image_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, words("ui.main_window.save_map_image"), "mapa.png", file_filter("png"))
        if path:
            self.canvas.grab().save(path)

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, words("ui.shortcuts.title"), shortcuts_table(self.actions))

    def about(self) -> None:
        QMessageBox.about(self, "concession-gis", words("ui.main_window.about", version=__version__))

    # -- reactions --------------------------------------------------------------------------

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)

    def _set_busy(self, busy: bool) -> None:
        self.actions["run"].setEnabled(not busy)
        self._set_loading(self.controller.loading)
        self.inputs_panel.run_button.setEnabled(not busy and self.session.can_analyse())
        if not busy and not self.controller.loading:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)

    def _set_loading(self, loading: bool) -> None:
        """Cancel stops the analysis or the files being loaded, whichever runs."""
        cancellable = loading or self.controller.working
        self.actions["cancel"].setEnabled(cancellable)
        self.cancel_button.setEnabled(cancellable)

    def _on_message(self, level: str, text: str) -> None:
        if level == "error":
            self.docks["messages"].raise_()
            self.statusBar().showMessage(text.splitlines()[0], 8000)

    def _on_view_requested(self, bounds, aspect) -> None:
        if bounds is None:
            self.canvas.view = self.canvas.view.with_aspect_for(self.canvas.data_bounds())
            self.canvas.zoom_full()
            return
        view = self.canvas.view.with_aspect_for(bounds)
        if aspect:
            view = replace(view, aspect=float(aspect))
        self._view_fixed = True
        self.canvas.view = view
        self.canvas.zoom_to_bounds(bounds, margin=0.0)

    def _on_results_loaded(self) -> None:
        self.canvas.set_density_rule(density_rule(self.session.results))
        if not self._view_fixed:
            self.canvas.view = self.canvas.view.with_aspect_for(self.canvas.data_bounds())
            self._view_fixed = True
            self.canvas.zoom_full()
        # The table and the dashboard each in its own turn of the event loop, on the GUI thread's
        # beat (their first paints together held the GUI thread ~50 ms at national scale).
        layer = self.session.layers.get("concessions") or self.session.layers.get("areas")
        if isinstance(layer, VectorLayer):
            on_beat(self, lambda: self.table.show_layer(layer))
        QTimer.singleShot(30, self._raise_dashboard)

    def _raise_dashboard(self) -> None:
        on_beat(self, self.docks["dashboard"].raise_)

    def _on_identified(self, layer, row: int) -> None:
        if layer is not None and layer is not self.table.layer:
            self.table.show_layer(layer)
            self.table._select_rows(layer.selected, scroll=True)
        self.details.show_feature(layer, row)
        self.docks["details"].raise_()

    def _on_layer_activated(self, layer) -> None:
        """The layer chosen goes to the empty table, in a turn of the event loop of its own:
        filling the table with a national layer (10-15 ms) in the turn that added the layer to
        the map and rebuilt the layer panel held the GUI thread over 50 ms (measured)."""
        if isinstance(layer, VectorLayer) and self.table.layer is None:
            on_beat(self, lambda: self._show_in_empty_table(layer))

    def _show_in_empty_table(self, layer: VectorLayer) -> None:
        # Not while files or results are being put on the map: the layer panel makes each new
        # layer its current one, and results end with their claims in the table anyway
        # (_on_results_loaded), so the registrations were shown first for nothing (24-35 ms).
        if self.table.layer is None and not self.controller.loading and self.session.layers.get(layer.name) is layer:
            self.table.show_layer(layer)

    def open_case(self, layer, row: int) -> None:
        """The case of one claim or registration where the eye is: selected and highlighted on
        the map (its layer shown or not), the map brought to it, its sheet in the details panel."""
        if not isinstance(layer, VectorLayer) or not 0 <= row < len(layer.frame):
            return
        self.canvas.select_only(layer, [row])
        self.canvas.zoom_to_selection()
        self.details.show_feature(layer, row)
        self.docks["details"].show()
        self.docks["details"].raise_()

    def export_case(self, code: str) -> None:
        """The export dialog on its map tab, the case page of ``code`` chosen."""
        self.export_dialog()
        dialog = self.active_dialog
        if isinstance(dialog, ExportDialog) and code:
            dialog.tabs.setCurrentIndex(1)
            dialog.case.setChecked(True)
            dialog.case_code.setCurrentText(code)

    def export_dossier(self, code: str) -> None:
        """The dossier of claim ``code``, to a PDF chosen here, composed by the worker."""
        if not code:
            return
        path, _ = QFileDialog.getSaveFileName(self, words("ui.main_window.export_dossier", code=code),
                                              words("ui.main_window.dossier_file", code=code), file_filter("pdf"))
        if path:
            self.controller.export_dossier(path, code)

    def _show_registration(self, reg_id: str) -> None:
        layer = self.session.layers.get("registrations")
        if isinstance(layer, VectorLayer) and "reg_id" in layer.frame:
            rows = (layer.frame["reg_id"].astype(str) == reg_id).to_numpy().nonzero()[0]
            if len(rows):
                self.canvas.select_only(layer, rows[:1])
                self.table.show_layer(layer)
                self.table._select_rows(layer.selected, scroll=True)
                self.details.show_feature(layer, int(rows[0]))

    def _on_cursor(self, lon: float, lat: float) -> None:
        # One cached transformer per UTM zone: a few microseconds a move.
        lang = LANGUAGE.code
        self.coordinates.setText(f"{format_degrees(lon, lat, lang)}   {format_utm(lon, lat, lang)}")

    def goto_dialog(self) -> None:
        self._open(GoToDialog(self.go_to, self), lambda d: None)

    def go_to(self, text: str) -> str | None:
        """Bring the map to a claim code (its case opened, as a double-click in the table does)
        or a coordinate; returns what to tell the user when the entry leads nowhere."""
        found = resolve(self.session.layers, text)
        if found is None:
            return words("ui.goto.not_understood", text=text.strip())
        if isinstance(found, tuple):
            self.open_case(*found)
            return None
        view = self.canvas.view
        self.canvas.set_view(replace(view, cx=found.lon, cy=found.lat, scale=min(view.scale, POINT_SCALE)))
        return None

    # -- language ---------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Speak ``lang`` from now on (and at the next start); everything that shows words follows."""
        self.settings.setValue("language", lang)
        self.session.set_language(lang)

    def _on_language(self) -> None:
        self.actions.language_actions[LANGUAGE.code].setChecked(True)
        for layer in self.session.layers.vector_layers():
            layer.set_style(layer.style_column)  # class names in the new language
        self.retranslate()

    def retranslate(self) -> None:
        self.actions.retranslate()
        titles = {"layers": words("ui.main_window.layers"), "inputs": words("ui.main_window.inputs"),
                  "details": words("ui.main_window.details"), "dashboard": words("ui.main_window.results"),
                  "table": words("ui.main_window.attribute_table"), "messages": words("ui.main_window.messages")}
        for name, dock in self.docks.items():
            dock.setWindowTitle(titles[name])
        self.cancel_button.setText(words("ui.main_window.cancel"))
        if not maps_available():
            self.actions["export"].setToolTip(words("ui.main_window.no_maps_module"))
        self._update_title()

    def _update_title(self) -> None:
        """The project's name (its file name without the suffix), the change mark where Qt puts
        ``[*]`` (shown while the project has unsaved changes), then the application."""
        name = project_name(self.project_path) if self.project_path else words("ui.main_window.untitled")
        self.setWindowTitle(f"{name}[*] — concession-gis")

    def _restore_geometry(self) -> bool:
        """The size and place (and the docks) of the last session; the first time, the screen's
        free area (a 1366×768 laptop gets the whole of it, a large screen most of it)."""
        geometry, state = self.settings.value("geometry"), self.settings.value("window_state")
        if geometry is not None and self.restoreGeometry(geometry):
            fits = available_screen().intersects(self.frameGeometry())
            if fits:
                if state is not None:
                    self.restoreState(state)
                return True
        free = available_screen()
        margin = 0 if free.width() < LARGE_SCREEN[0] or free.height() < LARGE_SCREEN[1] else 0.06
        width = int(free.width() * (1 - margin)) - FRAME[0]
        height = int(free.height() * (1 - margin)) - FRAME[1]
        self.resize(width, height)
        self.move(free.x() + (free.width() - width - FRAME[0]) // 2, free.y() + (free.height() - height - FRAME[1]) // 2)
        return False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._laid_out:
            self._laid_out = True
            QTimer.singleShot(0, self._size_docks)  # once the docks have their first layout

    def _size_docks(self) -> None:
        """The map gets the most room: the side panels a sixth and a fifth of the width, the
        table a quarter of the height."""
        width, height = self.width(), self.height()
        self.resizeDocks([self.docks["layers"], self.docks["details"]],
                         [max(220, width * 17 // 100), max(260, width * 21 // 100)], Qt.Horizontal)
        self.resizeDocks([self.docks["table"]], [max(190, height * 30 // 100)], Qt.Vertical)

    # -- closing ----------------------------------------------------------------------------

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.unsaved.settle():
            event.ignore()
            return
        self.autosave_timer.stop()
        self.controller.shutdown()
        self.canvas.renderer.stop()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.autosave.discard()
        super().closeEvent(event)


def shortcuts_table(actions: Actions) -> str:
    """Every action with a keyboard shortcut, as an HTML table, in the window's language."""
    from PyQt5.QtGui import QKeySequence

    rows = [(action.text().replace("&", "").rstrip("…"), action.shortcut().toString(QKeySequence.NativeText))
            for action in actions.by_name.values() if not action.shortcut().isEmpty()]
    return "<table>" + "".join(f"<tr><td><b>{keys}</b></td><td>&nbsp;&nbsp;{text}</td></tr>" for text, keys in rows) + "</table>"


def available_screen() -> QRect:
    """The free area (without task bars) of the screen under the mouse pointer."""
    screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def project_name(path: str) -> str:
    """``…/Madre de Dios.cgis.json`` → ``Madre de Dios``."""
    name = Path(path).name
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name
