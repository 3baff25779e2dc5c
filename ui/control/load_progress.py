"""Loading shown as the analysis is: which file, how many of how many, and a Cancel that works.

Every file opened (an input, a loss raster, a results.gpkg or a project's results) is one
:class:`Load` from its first job to its layer on the map. Its jobs run off the GUI thread as
before (the worker process, or a thread reading back in chunks); a load only keeps their handles,
so Cancel can stop them, and guards the callbacks that come after, so nothing of a cancelled file
reaches the map. A cancelled input leaves the inputs too: half-loaded, it would break the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from concession_gis_ui.heartbeat import make_way
from concession_gis_ui.i18n import words


class LoadCancelled(Exception):
    """Raised inside a thread's chunked work once its load was cancelled."""


@dataclass(eq=False)
class Load:
    """One file being loaded: its name, the jobs working on it, what to undo if it is cancelled."""

    name: str
    jobs: list = field(default_factory=list)  # handles with cancel(): worker Jobs and ThreadJobs
    on_cancel: list = field(default_factory=list)  # callables, run once when cancelled
    cancelled: bool = False
    ended: bool = False

    def check(self) -> None:
        """Between chunks of a thread's work: stop once cancelled, else let the GUI thread run."""
        if self.cancelled:
            raise LoadCancelled(self.name)
        make_way()

    def guard(self, callback: Callable) -> Callable:
        """``callback``, called only while this load is neither cancelled nor ended."""
        def guarded(*args):
            if not (self.cancelled or self.ended):
                return callback(*args)
            return None
        return guarded


class LoadProgressControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: loads in progress and Cancel."""

    _loads: list[Load]
    _loads_total: int

    @property
    def loading(self) -> bool:
        return bool(getattr(self, "_loads", None))

    def begin_load(self, name: str, on_cancel: Callable | None = None) -> Load:
        """A new load of ``name`` (a file name), counted in the batch the progress bar shows."""
        if not self.loading:
            self._loads, self._loads_total = [], 0
            self.loading_changed.emit(True)
        load = Load(name, on_cancel=[on_cancel] if on_cancel else [])
        self._loads.append(load)
        self._loads_total += 1
        self._show_loading(load)
        return load

    def track(self, load: Load, job):
        """Keep ``job``'s handle with ``load`` (so Cancel stops it); returns ``job``."""
        load.jobs.append(job)
        return job

    def end_load(self, load: Load) -> None:
        """``load`` is on the map (or failed and was reported): one more of the batch done."""
        if load.ended:
            return
        load.ended = True
        if load in self._loads:
            self._loads.remove(load)
        if self._loads:
            self._show_loading(self._loads[0])
            return
        self._loads_total = 0
        self.loading_changed.emit(False)
        if not self.working:
            self.progress.emit(0, 1)

    def cancel_loading(self) -> None:
        """Stop every load: its jobs end, its callbacks are dropped, its input leaves the inputs."""
        loads = list(getattr(self, "_loads", []))
        if not loads:
            return
        for load in loads:
            load.cancelled = True
            for job in load.jobs:
                job.cancel()
        for load in loads:
            for undo in load.on_cancel:
                undo()
            self.end_load(load)
        self.status.emit(words("ui.controller.loading_cancelled"))
        self.message.emit("info", words("ui.controller.loading_cancelled"))

    def abandon_loading(self) -> None:
        """On closing the window: every load stops and its callbacks are dropped, nothing undone
        (a file still loading would otherwise reach widgets already gone)."""
        for load in getattr(self, "_loads", []):
            load.cancelled = True
            for job in load.jobs:
                job.cancel()

    @property
    def working(self) -> bool:
        """An analysis or a comparison runs (the comparison's Cancel is wired by compare_window)."""
        return self.running or getattr(self, "comparison", None) is not None

    def cancel(self) -> None:
        """The window's Cancel: the analysis if one runs (the files still loading beside it stay:
        the user meant the analysis), nothing more while a comparison runs (its own connection
        cancels it), else every load."""
        if self.running:
            self.cancel_analysis()
        elif not self.working:
            self.cancel_loading()

    def _show_loading(self, load: Load) -> None:
        if self.working:  # the analysis's (or comparison's) own stage and progress come first
            return
        done = self._loads_total - len(self._loads)
        self.status.emit(words("ui.controller.loading", file=load.name, number=done + 1, total=self._loads_total))
        # One file: a busy bar (its reading has no count); several: how many are loaded.
        self.progress.emit(done, self._loads_total if self._loads_total > 1 else 0)
