"""What the GUI does, apart from how it looks. The analysis and every file read of the core
happen in the worker process; the controller only routes their messages on the GUI thread.

One concern per module of :mod:`concession_gis_ui.control` (inputs, the analysis run, results
on the map, projects, exports, comparing two moments); this class holds what they share: the session, the worker, the
signals the window listens to, and how a failure is told.
"""

from __future__ import annotations

from concession_gis_ui.control.analysis import AnalysisControl
from concession_gis_ui.control.compare import CompareControl
from concession_gis_ui.control.context import ContextControl
from concession_gis_ui.control.exports import ExportsControl
from concession_gis_ui.control.inputs import InputsControl
from concession_gis_ui.control.load_progress import LoadProgressControl
from concession_gis_ui.control.projects import ProjectsControl
from concession_gis_ui.control.results import ResultsControl
from concession_gis_ui.failure import Failure
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.project import Autosave
from concession_gis_ui.session import Session
from concession_gis_ui.worker import ProcessRunner
from PyQt5.QtCore import QObject, pyqtSignal

from concession_gis.logs import log_path


class Controller(LoadProgressControl, InputsControl, AnalysisControl, ResultsControl, ProjectsControl, ExportsControl,
                 CompareControl, ContextControl, QObject):
    """Routes the user's requests to jobs and the jobs' results into the session."""

    status = pyqtSignal(str)
    progress = pyqtSignal(int, int)  # done, total (0 total: unknown)
    busy_changed = pyqtSignal(bool)  # the analysis runs
    loading_changed = pyqtSignal(bool)  # files are being loaded (control.load_progress)
    message = pyqtSignal(str, str)  # level, text
    crs_needed = pyqtSignal(str, str, str, object)  # kind, spec, message, suggested EPSG
    columns_needed = pyqtSignal(str, str, list, str)  # kind, spec, columns, message
    results_loaded = pyqtSignal()
    analysis_ended = pyqtSignal(str)  # "done", "failed" or "cancelled"
    view_requested = pyqtSignal(object, object)  # bounds to show (None: all data), x shrink (or None)
    export_done = pyqtSignal(str, object)  # what, result (paths)
    comparison_ended = pyqtSignal(str, object)  # "done", "failed" or "cancelled"; the compare job's result

    def __init__(self, session: Session, autosave: Autosave, parent=None):
        super().__init__(parent)
        self.session = session
        self.autosave = autosave
        self.runner = ProcessRunner(self)
        self.analysis = None  # the running analysis job
        self.comparison = None  # the running comparison job
        self.view_extent = lambda: None  # set by the window: (extent, aspect) or None
        self._runs = 0
        self._load_generation = 0
        self._pending_styles: dict[str, dict] = {}  # layer styles a project asked for, until its layers exist
        self._previews = 0
        self._loads: list = []  # control.load_progress.Load, in progress
        self._loads_total = 0

    def _report(self, failure: Failure, spec: str | None = None) -> None:
        """A failure into the message panel; a bug's traceback into a log file named there."""
        if failure.user_error:
            self.message.emit("error", self._text(failure))
            return
        path = log_path()
        path.write_text(failure.details or failure.message, encoding="utf-8")
        self.message.emit("error", words("ui.controller.internal_error", error=self._text(failure), log=str(path)))

    def _reported(self, exc: Exception) -> None:
        """An exception raised on the GUI thread (a step of :func:`~concession_gis_ui.heartbeat.run_steps`)
        reported as :meth:`_report` reports a failure."""
        self._report(Failure.from_exception(exc))

    def _text(self, failure: Failure) -> str:
        return failure.text(LANGUAGE.code)

    def shutdown(self) -> None:
        self.abandon_loading()
        self.runner.shutdown()
