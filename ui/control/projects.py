"""Projects: saved, opened and applied to the session, and the autosave."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from concession_gis_ui.context_layers import BASEMAP, context_name
from concession_gis_ui.failure import Failure
from concession_gis_ui.i18n import words
from concession_gis_ui.project import Project, load_project, save_project
from concession_gis_ui.worker import run_in_thread

from concession_gis.inputs import LOSS_RASTERS


class ProjectsControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: projects and the autosave."""

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
        self.message.emit("info", words("ui.controller.project_saved", path=str(written)))
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
        self.session.country_setting = project.country
        self.session.inputs_changed.emit()
        if project.language:
            self.session.set_language(project.language)
        base = self.session.layers.get(BASEMAP)
        if base is not None and BASEMAP in project.layers:
            base.set_visible(bool(project.layers[BASEMAP].get("visible", True)))
            base.set_opacity(float(project.layers[BASEMAP].get("opacity", 1.0)))
        for path in reversed(project.context):  # each goes on top of the base map: bottom one first
            self.add_context_layer(path, project.layers.get(context_name(path)))
        if project.view:
            self.view_requested.emit(tuple(project.view), project.view_aspect)
        for spec in self.session.input_specs(LOSS_RASTERS.name):
            self.check_input(LOSS_RASTERS.name, spec)
        if project.results and Path(project.results).exists():
            self.open_results(project.results)
            for spec in self.session.input_specs("allowed_zones"):  # context the results do not hold
                self.check_input("allowed_zones", spec)
        else:
            for kind, spec in self.session.all_inputs():
                if kind != LOSS_RASTERS.name:
                    self.check_input(kind, spec)

    def save_autosave(self) -> None:
        """The session written to its autosave on a thread: on the GUI thread the write (and the
        paths resolved on disk) showed in the window's pauses over 50 ms during an analysis,
        while the analysis wrote to the same disk (``bench_canvas``, ``bench_gui_actions``)."""
        run_in_thread(self.autosave.save, self.project(), time.monotonic(), on_error=self._autosave_failed)

    def _autosave_failed(self, failure: Failure) -> None:
        self.message.emit("warning", words("ui.controller.autosave_failed", error=failure.message))
