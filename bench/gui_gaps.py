"""Where the GUI thread stalls while results load: ``python -m bench.gui_gaps DISPLAY_FOLDER [RASTER]``.

DISPLAY_FOLDER is a finished run's display folder (the worker writes one per run under the
session's folder, e.g. ``bench/data/session/sessions/*/run-1/display`` after ``python -m bench
canvas``); RASTER, optional, a loss raster opened first so the frames are as heavy as the
canvas benchmark's. The window (1920×1200, offscreen, as ``bench_canvas``) loads the results
as after an analysis; a 10 ms QTimer records the GUI thread's gaps, and a sampler thread reads
the GUI thread's Python stack whenever the timer is more than ``LATE_MS`` late. Each step of
the install and each ``paintEvent`` is timed too. Prints the worst gaps, the stacks seen in
them, and the slowest steps; the load average at start and end (timings are noisy on a shared
machine). Not part of ``python -m bench``: it needs a run's output.
"""

from __future__ import annotations

import collections
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
LATE_MS = 30


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CONCESSION_GIS_DATA_DIR"] = str(HERE / "data" / "gui_gaps")
    folder, raster = argv[0], (argv[1] if len(argv) > 1 else None)
    from concession_gis_ui.control import results as results_control
    from PyQt5.QtCore import QSettings

    from bench.bench_canvas import LatencyProbe, SlowEvents, office_window, wait, wait_for_raster

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(HERE / "data" / "gui_gaps" / "settings"))
    from concession_gis_ui.main_window import MainWindow

    # Each install step, each event of the main window (an UpdateRequest there repaints every
    # widget whose paint is due, the canvas, table and panels in one go) and each paint of the
    # canvas, timed on the GUI thread: wall and the thread's own CPU (robust to a loaded machine).
    timed: list[tuple[float, float, str]] = []
    armed = []

    def timing(label, call):
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return call()
        finally:
            if armed:
                timed.append((time.perf_counter() - wall, time.thread_time() - cpu, label))

    window_event = MainWindow.event
    MainWindow.event = lambda self, event: timing(f"window event {event.type()}", lambda: window_event(self, event))
    slow = SlowEvents()
    app, window = office_window()
    canvas, controller = window.canvas, window.controller
    if raster:
        window.open_paths([raster])
        layer = wait_for_raster(app, window)
        wait(app, lambda: bool(layer.source.pyramid), 600)
        wait(app, canvas.is_idle, 60)

    run_steps = results_control.run_steps

    def timed_steps(owner, steps, on_error=None):
        def wrap(step):
            if getattr(step, "timed", False):
                return step

            def call():
                timing(f"step {getattr(step, '__qualname__', step)}", step)
            call.timed = True  # type: ignore[attr-defined]
            return call
        return run_steps(owner, [wrap(s) for s in steps], on_error)

    results_control.run_steps = timed_steps
    paint = type(canvas).paintEvent

    def timed_paint(self, event):
        timing("canvas.paintEvent", lambda: paint(self, event))

    type(canvas).paintEvent = timed_paint

    probe = LatencyProbe(late_ms=LATE_MS)
    print("load average at start:", os.getloadavg())
    done = []
    controller.results_loaded.connect(lambda: done.append(time.perf_counter()))
    armed.append(True)
    t0 = time.perf_counter()
    controller.load_results(folder, folder)
    wait(app, lambda: done, 600)
    wait(app, canvas.is_idle, 60)
    settle = time.perf_counter()
    wait(app, lambda: time.perf_counter() - settle > 2.0, 10)  # the table and dashboard's turns
    t1 = time.perf_counter()
    probe.stop()
    gaps = probe.gaps(t0, t1)
    ticks = [t for t in probe.ticks if t0 <= t <= t1]
    print(f"load to idle: {done[0] - t0:.1f} s to results_loaded; window {t1 - t0:.1f} s")
    order = sorted(range(len(gaps)), key=lambda i: -gaps[i])[:8]
    print("worst gaps (ms, at s after start):",
          ", ".join(f"{gaps[i] * 1000:.0f} @ {ticks[i] - t0:.2f}" for i in order))
    print(f"gaps > 50 ms: {(gaps > 0.05).sum()}, > 35 ms: {(gaps > 0.035).sum()}")
    print("slowest GUI-thread steps and events (ms wall / ms CPU of the GUI thread), by CPU:")
    for wall, cpu, what in sorted(timed, key=lambda t: -t[1])[:14]:
        print(f"  {wall * 1000:6.1f} / {cpu * 1000:6.1f}  {what}")
    print("stacks seen while late (samples):")
    stacks = collections.Counter(stack for when, stack in probe.samples if t0 <= when <= t1)
    for stack, n in stacks.most_common(14):
        print(f"-- {n}\n{stack}")
    print("what the GUI thread delivered in the gaps over 35 ms:", *slow.in_gaps(probe, t0, t1, over=0.035), sep="\n")
    print("load average at end:", os.getloadavg())
    window.unsaved.set(False)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
