"""``concession-gis gui --smoke-test``: the whole application once, unattended, then exit.

Shows the window, opens the bundled sample, runs the analysis in the worker process, waits until
its results are drawn and closes cleanly. Each step prints one ``smoke-test: STEP N.N s`` line
(seconds since the ``gui`` command began, so after Python and the core were loaded; the bundle's
test and packaging/measure.py time the whole process from outside) and goes to a
``smoke-test-*.log`` in the log folder. It is what proves an installed bundle works
(tests/test_package.py, packaging/measure.py, the Windows build script): nothing is mocked, and a
frozen bundle has no test runner to drive it.
"""

from __future__ import annotations

import time

from concession_gis.logs import log_path

TIMEOUT_S = 300
POLL_MS = 50


class SmokeTest:
    """Drives the window step by step from the event loop; ``status`` is the exit status."""

    def __init__(self, app, window, started: float):
        from PyQt5.QtCore import QTimer

        self.app, self.window, self.started = app, window, started
        self.lines: list[str] = []
        self.status = 1
        self.analysis = None  # "done", "failed" or "cancelled" once it ended
        window.controller.analysis_ended.connect(self._on_ended)
        QTimer.singleShot(TIMEOUT_S * 1000, lambda: self.finish(f"timed out after {TIMEOUT_S} s"))

    def step(self, text: str) -> None:
        line = f"smoke-test: {text} {time.perf_counter() - self.started:.1f} s"
        self.lines.append(line)
        print(line, flush=True)

    def start(self) -> None:
        """Called from the event loop once the window is shown and painted: it is usable."""
        from concession_gis.sample.bundled import bundled_inputs

        self.step("window shown")
        self._wait(self.window.open_inputs(bundled_inputs()), self._run)

    def _run(self) -> None:
        self.step("sample opened")
        if not self.window.controller.run_analysis():
            self.finish("the analysis did not start: " + "; ".join(self.window.messages.texts()))
            return
        self._wait(lambda: self.analysis is not None, self._ended)

    def _on_ended(self, how: str) -> None:
        self.analysis = how

    def _ended(self) -> None:
        if self.analysis != "done":
            self.finish(f"analysis {self.analysis}: " + "; ".join(self.window.messages.texts()))
            return
        self._wait(lambda: self.window.session.layers.get("concessions") is not None and self.window.canvas.is_idle(),
                   self._drawn)

    def _drawn(self) -> None:
        self.step("analysis done, results drawn")
        self.finish(None)

    def _wait(self, condition, then) -> None:
        from PyQt5.QtCore import QTimer

        if condition():
            then()
        else:
            QTimer.singleShot(POLL_MS, lambda: self._wait(condition, then))

    def finish(self, failure: str | None) -> None:
        if self.window is None:
            return
        if failure:
            self.lines.append(f"smoke-test: FAILED: {failure}")
            print(self.lines[-1], flush=True)
        self.status = 0 if failure is None else 1
        log_path("smoke-test").write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        self.window.unsaved.set(False)  # nothing to ask: the smoke test saves nothing
        self.window.close()  # a clean exit: worker ended, autosave removed
        self.window = None
        self.app.quit()


def run_smoke_test(lang: str | None, started: float) -> int:
    from concession_gis_ui.app import create_app, install_excepthook, make_window
    from PyQt5.QtCore import QTimer

    app = create_app()
    window = make_window(lang, None, offer_recovery=False)
    install_excepthook(window)
    test = SmokeTest(app, window, started)
    window.show()
    QTimer.singleShot(0, test.start)
    app.exec_()
    return test.status
