"""The analysis run: started in the worker process, its progress shown, and how it ended."""

from __future__ import annotations

from concession_gis_ui import jobs
from concession_gis_ui.control.inputs import names_input
from concession_gis_ui.failure import Failure, FailureKind
from concession_gis_ui.i18n import LANGUAGE, words


def no_cadastre_key(country: str) -> str:
    """What the window says when ▶ is pressed with no cadastre, for ``country``."""
    return "ui.controller.no_areas" if country == "bo" else "ui.controller.no_concessions"


class AnalysisControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: running the analysis."""

    @property
    def running(self) -> bool:
        return self.analysis is not None

    def run_analysis(self) -> bool:
        if self.running:
            return False
        if not self.session.can_analyse():
            self.message.emit("warning", words(no_cadastre_key(self.session.country)))
            return False
        self._runs += 1
        out_dir = self.autosave.work_dir / f"run-{self._runs}"
        self.analysis = self.runner.submit(jobs.analysis_job, inputs=self.session.inputs_dict(),
                                           lang=LANGUAGE.code, out_dir=str(out_dir), country=self.session.country)
        self.analysis.progress.connect(self._on_progress)
        self.analysis.finished.connect(self._on_analysis_done)
        self.analysis.failed.connect(self._on_analysis_failed)
        self.analysis.cancelled.connect(self._on_analysis_cancelled)
        self.busy_changed.emit(True)
        self.status.emit(words("ui.controller.starting_analysis"))
        self.progress.emit(0, 0)
        return True

    def cancel_analysis(self) -> None:
        if self.analysis is not None:
            self.analysis.cancel()

    def _on_progress(self, step) -> None:
        self.status.emit(words(f"stage.{step.stage}"))
        self.progress.emit(int(step.done), int(step.total or 0))

    def _end_analysis(self, how: str) -> None:
        self.analysis = None
        self.busy_changed.emit(False)
        self.progress.emit(0, 1)
        self.analysis_ended.emit(how)

    def _on_analysis_done(self, result: dict) -> None:
        self.status.emit(words("ui.controller.analysis_done", seconds=result["summary"].get("seconds", "")))
        for text in result["summary"].get("warning_messages", []):
            self.message.emit("warning", text)
        self.load_results(result["display"], result["results"], then=lambda: self._end_analysis("done"))

    def _on_analysis_failed(self, failure: Failure) -> None:
        self.status.emit(words("ui.controller.analysis_stopped"))
        self._end_analysis("failed")
        culprit = next(((k, s) for k, s in self.session.all_inputs() if names_input(failure, s)), None)
        if culprit and failure.kind in (FailureKind.MISSING_CRS, FailureKind.SCHEMA):
            self.message.emit("error", self._text(failure))
            self._on_input_failed(*culprit, failure)
        else:
            self._report(failure)

    def _on_analysis_cancelled(self) -> None:
        self.status.emit(words("ui.controller.analysis_cancelled"))
        self.message.emit("info", words("ui.controller.analysis_cancelled"))
        self._end_analysis("cancelled")
