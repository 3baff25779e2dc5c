"""Comparing two moments (`concession-gis compare` in the window): run in the worker process
with progress and cancel, its change layers then put on the map one per turn of the event loop."""

from __future__ import annotations

from concession_gis_ui import jobs
from concession_gis_ui.change_layers import PREFIX, load_changes_for_display
from concession_gis_ui.failure import Failure
from concession_gis_ui.heartbeat import run_steps
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import VectorLayer
from concession_gis_ui.loading import LoadedLayers
from concession_gis_ui.worker import run_in_thread


class CompareControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: comparing two results."""

    comparison = None  # the running comparison job
    last_comparison: dict | None = None  # the job's result: summary, written files

    def compare(self, old: str, new: str, out_dir: str):
        """Compare two results.gpkg into ``out_dir``; None when the worker is busy with another run."""
        if self.running or self.comparison is not None:
            self.message.emit("warning", words("ui.compare.busy"))
            return None
        self._runs += 1
        job = self.runner.submit(jobs.compare_job, old_path=old, new_path=new, out_dir=out_dir, lang=LANGUAGE.code,
                                 display_dir=str(self.autosave.work_dir / f"compare-{self._runs}"))
        self.comparison = job
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_compared)
        job.failed.connect(self._on_compare_failed)
        job.cancelled.connect(self._on_compare_cancelled)
        self.busy_changed.emit(True)
        self.status.emit(words("ui.compare.running"))
        self.progress.emit(0, 0)
        return job

    def cancel_comparison(self) -> None:
        if self.comparison is not None:
            self.comparison.cancel()

    def _end_comparison(self, how: str, result=None) -> None:
        self.comparison = None
        self.busy_changed.emit(False)
        self.progress.emit(0, 1)
        self.comparison_ended.emit(how, result)

    def _on_compared(self, result: dict) -> None:
        def done(loaded: LoadedLayers) -> None:
            steps = [lambda: [self.session.layers.remove(layer) for layer in self.session.layers
                              if layer.name.startswith(PREFIX)]]
            steps += [lambda name=name: self._add_change_layer(loaded, name) for name in loaded.frames]
            steps.append(lambda: self._finish_comparison(result))
            run_steps(self, steps, self._reported)

        def failed(failure: Failure) -> None:
            self._report(failure)
            self._finish_comparison(result)

        run_in_thread(load_changes_for_display, result["display"], on_done=done, on_error=failed)

    def _add_change_layer(self, loaded: LoadedLayers, name: str) -> None:
        kind = "point" if name.startswith(PREFIX + "registrations") else "polygon"
        self.session.layers.add(VectorLayer(name, name, kind, frame=loaded.frames[name], prepared=loaded.prepared[name],
                                            search_text=loaded.search.get(name), cells=loaded.cells.get(name)), 0)

    def _finish_comparison(self, result: dict) -> None:
        self.last_comparison = result
        self.status.emit(words("ui.compare.done"))
        self.message.emit("info", words("ui.controller.written", paths=", ".join(result["written"].values())))
        self._end_comparison("done", result)

    def _on_compare_failed(self, failure: Failure) -> None:
        self.status.emit(words("ui.compare.stopped"))
        self._end_comparison("failed")
        self._report(failure)

    def _on_compare_cancelled(self) -> None:
        self.status.emit(words("ui.compare.cancelled"))
        self.message.emit("info", words("ui.compare.cancelled"))
        self._end_comparison("cancelled")
