"""What the GUI does, apart from how it looks: opening inputs, checking them, running the
analysis, loading results, projects and exports. The analysis and every file read of the core
happen in the worker process; this object only routes their messages on the GUI thread.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from concession_gis_ui.canvas.raster import RasterSource
from concession_gis_ui.graveyard import Graveyard
from concession_gis_ui.i18n import translate
from concession_gis_ui.layers import RESULT_LAYERS, RasterLayer, VectorLayer
from concession_gis_ui.loading import (
    LoadedLayers,
    load_preview_for_display,
    load_results_for_display,
)
from concession_gis_ui.project import (
    Autosave,
    Project,
    cache_dir,
    is_project_file,
    load_project,
    save_project,
)
from concession_gis_ui.session import Session
from concession_gis_ui.styles import classify
from concession_gis_ui.worker import Failure, ProcessRunner, run_in_thread
from PyQt5.QtCore import QObject, QTimer, pyqtSignal

from concession_gis.i18n import tr as core_words
from concession_gis.inputs import LOSS_RASTERS, RASTER_SUFFIXES, split_spec
from concession_gis.logs import log_path
from concession_gis.user_crs import suggest_crs

JOBS = "concession_gis_ui.jobs:"


class Controller(QObject):
    """Routes the user's requests to jobs and the jobs' results into the session."""

    status = pyqtSignal(str)
    progress = pyqtSignal(int, int)  # done, total (0 total: unknown)
    busy_changed = pyqtSignal(bool)  # the analysis runs
    message = pyqtSignal(str, str)  # level, text
    crs_needed = pyqtSignal(str, str, str, object)  # kind, spec, message, suggested EPSG
    columns_needed = pyqtSignal(str, str, list, str)  # kind, spec, columns, message
    results_loaded = pyqtSignal()
    analysis_ended = pyqtSignal(str)  # "done", "failed" or "cancelled"
    view_requested = pyqtSignal(object, object)  # bounds to show (None: all data), x shrink (or None)
    export_done = pyqtSignal(str, object)  # what, result (paths)

    def __init__(self, session: Session, autosave: Autosave, parent=None):
        super().__init__(parent)
        self.session = session
        self.autosave = autosave
        self.runner = ProcessRunner(self)
        self.analysis = None
        self.step_delay = 0.0  # tests only: seconds slept at each progress step of the analysis
        self.view_extent = lambda: None  # set by the window: (extent, aspect) or None
        self._runs = 0
        self._load_generation = 0
        self._pending_styles: dict[str, dict] = {}
        self._previews = 0

    # -- opening ----------------------------------------------------------------------------

    def open_paths(self, paths: list[str]) -> None:
        for path in paths:
            path = str(path)
            if is_project_file(path):
                self.open_project(path)
            elif split_spec(path)[0].lower().endswith(RASTER_SUFFIXES):
                self.add_input(LOSS_RASTERS.name, path)
            elif path.lower().endswith(".gpkg") and _is_results_file(path):
                self.open_results(path)
            else:
                job = self.runner.submit(JOBS + "guess_kind_job", spec=path)
                job.finished.connect(lambda kind, p=path: self.add_input(kind, p))
                job.failed.connect(lambda failure, p=path: self._report(failure, p))

    def add_input(self, kind: str, spec: str) -> None:
        self.session.add_input(kind, spec)
        self.check_input(kind, spec)

    def remove_input(self, kind: str, spec: str) -> None:
        self.session.remove_input(kind, spec)
        for name in (f"input:{kind}:{spec}", f"raster:{spec}"):
            layer = self.session.layers.get(name)
            if layer is not None:
                self.session.layers.remove(layer)

    def check_input(self, kind: str, spec: str) -> None:
        """Load one input as the analysis will and show it; a fixable problem opens a dialog."""
        if kind == LOSS_RASTERS.name:
            self._add_raster(spec)
            return
        preview = self.autosave.work_dir / "previews" / f"{kind}-{abs(hash(spec)) % 10**10}-{self._next_preview()}"
        job = self.runner.submit(JOBS + "check_input_job", spec=spec, kind=kind, column_map=self.session.inputs.column_map,
                                 crs=self.session.inputs.crs, lang=self.session.language, out_path=str(preview))
        job.finished.connect(lambda result: self._on_checked(kind, spec, result))
        job.failed.connect(lambda failure: self._on_input_failed(kind, spec, failure))

    def _next_preview(self) -> int:
        self._previews += 1
        return self._previews

    def _on_checked(self, kind: str, spec: str, result: dict) -> None:
        text = translate("Controller", "%1: %2 rows usable, %3 set aside").replace("%1", Path(spec).name)
        self.message.emit("info", text.replace("%2", f"{result['rows']:,}").replace("%3", f"{result['rejected']:,}"))
        if result.get("preview") and self.session.results is None:
            name = f"input:{kind}:{spec}"
            run_in_thread(load_preview_for_display, result["preview"], name,
                          on_done=self._install_preview, on_error=lambda f: self._report(f, spec))

    def _install_preview(self, loaded: LoadedLayers) -> None:
        if self.session.results is not None:
            return
        first = not any(isinstance(layer, VectorLayer) for layer in self.session.layers)
        for name, frame in loaded.frames.items():
            prepared = loaded.prepared[name]
            kind = name.split(":")[1]
            style = {"concessions": "legal_state", "registrations": None}.get(kind)
            layer = VectorLayer(name, name, prepared.kind, frame=frame, prepared=prepared,
                                style_column=style if style in frame.columns else None, lang=self.session.language,
                                search_text=loaded.search.get(name), cells=loaded.cells.get(name))
            self._apply_style(layer)
            index = 0 if prepared.kind == "point" else self._polygon_index()
            self.session.layers.add(layer, index)
        if first:
            self.view_requested.emit(None, None)

    def _polygon_index(self) -> int:
        """Polygons go under every point layer."""
        layers = list(self.session.layers)
        return next((i for i, layer in enumerate(layers) if getattr(layer, "kind", "") != "point"), len(layers))

    def _add_raster(self, spec: str) -> None:
        def open_source():
            from concession_gis.raster.sources import parse_loss_spec

            return RasterSource(*parse_loss_spec(spec))

        def installed(source: RasterSource) -> None:
            path, encoding = source.path, source.encoding
            layer = RasterLayer(f"raster:{spec}", Path(path).name, "raster", path=path, encoding=encoding, source=source)
            self._apply_style(layer)
            self.session.layers.add(layer, len(self.session.layers))
            run_in_thread(source.build_pyramid, cache_dir() / "raster-pyramids",
                          on_done=lambda _: layer.changed.emit(layer, "data"),
                          on_error=lambda f: self._report(f, spec))

        run_in_thread(open_source, on_done=installed, on_error=lambda f: self._report(f, spec))

    def _on_input_failed(self, kind: str, spec: str, failure: Failure) -> None:
        if failure.is_a("MissingCRSError"):
            job = self.runner.submit(JOBS + "file_bounds_job", spec=spec)
            job.finished.connect(lambda bounds: self._ask_crs(kind, spec, self._text(failure), bounds))
            job.failed.connect(lambda _: self._ask_crs(kind, spec, self._text(failure), None))
        elif failure.is_a("SchemaError"):
            job = self.runner.submit(JOBS + "file_columns_job", spec=spec)
            job.finished.connect(lambda columns: self.columns_needed.emit(kind, spec, columns, self._text(failure)))
            job.failed.connect(lambda f: self._report(f, spec))
        else:
            self._report(failure, spec)

    def _ask_crs(self, kind: str, spec: str, message: str, bounds) -> None:
        self.crs_needed.emit(kind, spec, message, suggest_crs(bounds, spec))

    def resolve_crs(self, kind: str, spec: str, epsg: str) -> None:
        self.session.set_crs(epsg)
        self.check_input(kind, spec)

    def resolve_columns(self, kind: str, spec: str, items: list[str]) -> None:
        self.session.merge_column_map(items)
        self.check_input(kind, spec)

    def ask_columns(self, kind: str, spec: str) -> None:
        job = self.runner.submit(JOBS + "file_columns_job", spec=spec)
        job.finished.connect(lambda columns: self.columns_needed.emit(kind, spec, columns, ""))
        job.failed.connect(lambda f: self._report(f, spec))

    # -- analysis ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.analysis is not None

    def run_analysis(self) -> bool:
        if self.running:
            return False
        if not self.session.can_analyse():
            self.message.emit("warning", translate("Controller", "Add a concessions file first (File > Open)."))
            return False
        self._runs += 1
        out_dir = self.autosave.work_dir / f"run-{self._runs}"
        self.analysis = self.runner.submit(JOBS + "analysis_job", inputs=self.session.inputs_dict(),
                                           lang=self.session.language, out_dir=str(out_dir), step_delay=self.step_delay)
        self.analysis.progress.connect(self._on_progress)
        self.analysis.finished.connect(self._on_analysis_done)
        self.analysis.failed.connect(self._on_analysis_failed)
        self.analysis.cancelled.connect(self._on_analysis_cancelled)
        self.busy_changed.emit(True)
        self.status.emit(translate("Controller", "Starting the analysis…"))
        self.progress.emit(0, 0)
        return True

    def cancel_analysis(self) -> None:
        if self.analysis is not None:
            self.analysis.cancel()

    def _on_progress(self, step) -> None:
        self.status.emit(core_words(f"stage.{step.stage}", self.session.language))
        self.progress.emit(int(step.done), int(step.total or 0))

    def _end_analysis(self, how: str) -> None:
        self.analysis = None
        self.busy_changed.emit(False)
        self.progress.emit(0, 1)
        self.analysis_ended.emit(how)

    def _on_analysis_done(self, result: dict) -> None:
        self.status.emit(translate("Controller", "Analysis done in %1 s; loading the results…")
                         .replace("%1", str(result["summary"].get("seconds", ""))))
        for text in result["summary"].get("warning_messages", []):
            self.message.emit("warning", text)
        self.load_results(result["display"], result["results"], then=lambda: self._end_analysis("done"))

    def _on_analysis_failed(self, failure: Failure) -> None:
        self.status.emit(translate("Controller", "The analysis stopped: see the messages."))
        self._end_analysis("failed")
        culprit = next(((k, s) for k, s in self.session.all_inputs() if failure.message.startswith(s.rsplit(":", 1)[0])), None)
        if culprit and (failure.is_a("MissingCRSError") or failure.is_a("SchemaError")):
            self.message.emit("error", self._text(failure))
            self._on_input_failed(*culprit, failure)
        else:
            self._report(failure)

    def _on_analysis_cancelled(self) -> None:
        self.status.emit(translate("Controller", "Analysis cancelled."))
        self.message.emit("info", translate("Controller", "Analysis cancelled."))
        self._end_analysis("cancelled")

    # -- results ----------------------------------------------------------------------------

    def open_results(self, gpkg: str, then=None) -> None:
        """A results.gpkg: the worker turns it into frame folders, then they are loaded."""
        self._runs += 1
        job = self.runner.submit(JOBS + "display_job", results_path=gpkg,
                                 out_dir=str(self.autosave.work_dir / f"opened-{self._runs}"))
        job.finished.connect(lambda folder: self.load_results(folder, gpkg, then))
        job.failed.connect(lambda failure: (self._report(failure, gpkg), then and then()))

    def load_results(self, path: str, source: str, then=None) -> None:
        """Read a display folder in a thread (in chunks), then install it a step per event-loop turn."""
        self._load_generation += 1
        generation = self._load_generation
        styles = {name: self._pending_styles.get(name, {}).get("style", style) for name, _, style in RESULT_LAYERS}
        lang = self.session.language

        def read():
            loaded = load_results_for_display(path, source)
            # Colours are worked out here too, not on the GUI thread (30 ms for 87,000 points).
            loaded.classes = {name: classify(frame, styles.get(name) if styles.get(name) in frame else None,
                                             loaded.prepared[name].kind, name, lang)
                              for name, frame in loaded.frames.items()}
            return loaded

        def done(loaded: LoadedLayers) -> None:
            if generation == self._load_generation:
                self._install_results(loaded, styles, then)
            elif then:
                then()

        def failed(failure: Failure) -> None:
            self._report(failure, path)
            if then:
                then()

        run_in_thread(read, on_done=done, on_error=failed)

    def _install_results(self, loaded: LoadedLayers, styles: dict, then=None) -> None:
        """Replace the layers by the results': each step a separate turn of the event loop, so
        the GUI thread is never held for long (measured: one step at a time stays under 50 ms)."""
        layers = self.session.layers
        steps = [lambda: _discard([layer for layer in layers if not isinstance(layer, RasterLayer)], layers)]
        for name, _kind, _style in RESULT_LAYERS:
            if name in loaded.frames:
                steps.append(lambda name=name: self._add_result_layer(loaded, name, styles.get(name)))
        steps += [self._restore_order, lambda: setattr(self, "_pending_styles", {}),
                  lambda: self.session.set_results(loaded.results, loaded.source),
                  lambda: self.status.emit(translate("Controller", "Results loaded.")),
                  self.results_loaded.emit, self.save_autosave]
        steps.append(then or (lambda: None))
        _run_steps(steps, self._report)

    def _add_result_layer(self, loaded: LoadedLayers, name: str, style: str | None) -> None:
        frame = loaded.frames[name]
        layer = VectorLayer(name, name, loaded.prepared[name].kind, frame=frame, prepared=loaded.prepared[name],
                            style_column=style if style in frame else None, lang=self.session.language,
                            classes=loaded.classes.get(name), search_text=loaded.search.get(name),
                            cells=loaded.cells.get(name),
                            visible=name != "coexistence_candidates")
        self._apply_style(layer)
        self.session.layers.add(layer, 0)

    def _apply_style(self, layer) -> None:
        state = self._pending_styles.get(layer.name)
        if not state:
            return
        layer.visible = bool(state.get("visible", layer.visible))
        layer.opacity = float(state.get("opacity", layer.opacity))
        wanted = state.get("style", layer.style_column if isinstance(layer, VectorLayer) else None)
        if isinstance(layer, VectorLayer) and wanted != layer.style_column and (wanted is None or wanted in layer.frame):
            layer.set_style(wanted, self.session.language)

    def _restore_order(self) -> None:
        if not self._pending_styles:
            return
        known = [layer for layer in self.session.layers if layer.name in self._pending_styles]
        for layer in sorted(known, key=lambda layer: self._pending_styles[layer.name].get("order", 0)):
            self.session.layers.move(layer, self._pending_styles[layer.name].get("order", 0))

    # -- projects ---------------------------------------------------------------------------

    def project(self) -> Project:
        view = self.view_extent()
        return self.session.to_project(*(view or (None, None)))

    def save_project(self, path: str) -> Path:
        project = self.project()
        path = Path(path)
        if project.results and Path(project.results).exists():
            kept = path.with_name(path.name.split(".")[0] + ".results.gpkg")
            if Path(project.results).resolve() != kept.resolve():
                shutil.copyfile(project.results, kept)
            project.results = str(kept)
            self.session.results_path = str(kept)
        written = save_project(project, path)
        self.message.emit("info", translate("Controller", "Project saved: %1").replace("%1", str(written)))
        return written

    def open_project(self, path: str) -> None:
        try:
            project = load_project(path)
        except Exception as exc:  # noqa: BLE001 - InputError and OSError alike go to the panel
            self._report(Failure.from_exception(exc), path)
            return
        self.apply_project(project)

    def apply_project(self, project: Project) -> None:
        self.session.clear()
        self._pending_styles = dict(project.layers)
        self.session.inputs = project.inputs
        self.session.inputs_changed.emit()
        if project.language:
            self.session.set_language(project.language)
        if project.view:
            self.view_requested.emit(tuple(project.view), project.view_aspect)
        for spec in self.session.input_specs(LOSS_RASTERS.name):
            self._add_raster(spec)
        if project.results and Path(project.results).exists():
            self.open_results(project.results)
        else:
            for kind, spec in self.session.all_inputs():
                if kind != LOSS_RASTERS.name:
                    self.check_input(kind, spec)

    def save_autosave(self) -> None:
        try:
            self.autosave.save(self.project())
        except OSError as exc:
            self.message.emit("warning", translate("Controller", "Autosave failed: %1").replace("%1", str(exc)))

    # -- exports ----------------------------------------------------------------------------

    def export_results(self, folder: str, formats: list[str], maps: bool):
        return self._export("results", "export_job", results_path=self.session.results_path, out_dir=folder,
                            formats=formats, maps=maps)

    def export_map(self, out: str, case: str | None, bbox, dpi: float = 300):
        return self._export("map", "map_job", results_path=self.session.results_path, out=out, case=case, bbox=bbox,
                            lang=self.session.language, dpi=dpi)

    def export_atlas(self, out: str, where: list[str]):
        return self._export("atlas", "map_job", results_path=self.session.results_path, out=out, where=where,
                            lang=self.session.language, atlas=True)

    def export_table(self, layer: VectorLayer, rows, out: str):
        source = self.session.results_path if self.session.results is not None else None
        if source is None:
            self.message.emit("warning", translate("Controller", "Run the analysis first: tables are exported from its results."))
            return None
        return self._export("table", "table_job", gpkg=source, layer=layer.name,
                            rows=[int(r) for r in rows] if rows is not None else None, out=out)

    def _export(self, what: str, function: str, **kwargs):
        if not self.session.results_path:
            self.message.emit("warning", translate("Controller", "Run the analysis first: there is nothing to export yet."))
            return None
        job = self.runner.submit(JOBS + function, **kwargs)
        job.progress.connect(self._on_progress)
        job.finished.connect(lambda result: self._on_exported(what, result))
        job.failed.connect(lambda failure: self._report(failure))
        self.status.emit(translate("Controller", "Exporting…"))
        return job

    def _on_exported(self, what: str, result) -> None:
        paths = result if isinstance(result, list) else [result]
        self.status.emit(translate("Controller", "Exported."))
        self.message.emit("info", translate("Controller", "Written: %1").replace("%1", ", ".join(map(str, paths))))
        self.export_done.emit(what, result)

    # -- errors -----------------------------------------------------------------------------

    def _report(self, failure: Failure, spec: str | None = None) -> None:
        """A failure into the message panel; a bug's traceback into a log file named there."""
        if failure.user_error:
            self.message.emit("error", self._text(failure))
            return
        path = log_path()
        path.write_text(failure.details or failure.message, encoding="utf-8")
        text = translate("Controller", "Internal error: %1. Details in %2; please report them.")
        self.message.emit("error", text.replace("%1", self._text(failure) or failure.kinds[0]).replace("%2", str(path)))

    def _text(self, failure: Failure) -> str:
        return failure.text(self.session.language)

    def shutdown(self) -> None:
        self.runner.shutdown()


def _run_steps(steps: list, on_error=None) -> None:
    """Call ``steps`` one per turn of the event loop; a step that raises ends the chain and
    goes to ``on_error`` (the last step, the one that says the work ended, still runs)."""
    if not steps:
        return

    def step() -> None:
        try:
            steps[0]()
        except Exception as exc:  # noqa: BLE001 - relayed to the message panel
            if on_error is not None:
                on_error(Failure.from_exception(exc, "install results"))
            if len(steps) > 1:
                steps[-1]()
            return
        _run_steps(steps[1:], on_error)

    QTimer.singleShot(0, step)


GRAVEYARD = Graveyard()


def _discard(old: list, layers) -> None:
    """Take ``old`` off the map; their memory is freed gently by the graveyard thread."""
    for layer in old:
        layers.remove(layer)
    GRAVEYARD.bury(*old)


def _is_results_file(path: str) -> bool:
    import pyogrio

    try:
        return "concessions" in {name for name, _ in pyogrio.list_layers(path)} and "district_summary" in {
            name for name, _ in pyogrio.list_layers(path)}
    except Exception:  # noqa: BLE001 - not a readable GeoPackage: treat it as an input
        return False
