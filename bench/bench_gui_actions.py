"""The GUI thread's gaps during what a user does on the region: ``python -m bench.bench_gui_actions``.

A user trial (2026-12-07) saw the window pause 73–110 ms during the region's analysis, 107–129 ms
switching language and 113–119 ms opening the rules dialog, where ``bench_canvas`` (the national
analysis, a large screen) saw none over 50 ms. This benchmark repeats the trial's actions in the
real main window at 1366×768 (offscreen), on the core's region inputs (``concession-gis sample
--scale region``, written once under bench/data/, gitignored): open the inputs, run the
analysis, switch language both ways, open and close the rules dialog, ten wheel steps in and
out. A 10 ms QTimer on the GUI thread records every gap (not only those inside one step), and
the stacks sampled in each gap over 50 ms go to stderr.

``--burn N`` runs N neighbour processes burning a core each; ``--rounds R`` repeats the actions
after the analysis R times (the language and the dialog are built again each time).

Writes bench/results/gui_actions.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from bench.bench_canvas import (
    LatencyProbe,
    SlowEvents,
    _explain,
    inputs_to_open,
    machine_line,
    neighbours,
    results_path,
    synthetic_inputs,
    wait,
    wait_for_raster,
)

HERE = Path(__file__).parent
DATA = HERE / "data" / "synthetic_region"
RESULTS = HERE / "results" / "gui_actions.md"


def ensure_data() -> dict[str, list[Path]]:
    """The core's region synthetic inputs, cached."""
    return synthetic_inputs("region", DATA)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_gui_actions")
    parser.add_argument("--burn", type=int, default=0, help="neighbour processes burning a core each")
    parser.add_argument("--rounds", type=int, default=2, help="times the actions after the analysis are repeated")
    args = parser.parse_args(argv)
    with neighbours(args.burn):
        return measure(args.burn, args.rounds)


def measure(burn: int, rounds: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CONCESSION_GIS_DATA_DIR"] = str(HERE / "data" / "gui_actions")
    paths = ensure_data()

    from concession_gis_ui.app import create_app, make_window
    from PyQt5.QtCore import QPoint, QPointF, QSettings, Qt
    from PyQt5.QtGui import QWheelEvent

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(HERE / "data" / "gui_actions" / "settings"))
    slow = SlowEvents()  # the application, its deliveries timed: what filled each gap
    app = create_app()
    window = make_window("es", offer_recovery=False)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    probe = LatencyProbe(late_ms=30)
    canvas, controller = window.canvas, window.controller
    rows: list[tuple[str, float, np.ndarray]] = []

    def measured(label: str, action, settle=lambda: True, timeout: float = 600) -> None:
        t0 = time.perf_counter()
        action()
        wait(app, settle, timeout)
        wait(app, canvas.is_idle, 60)
        t1 = time.perf_counter() + 0.05
        wait(app, lambda: time.perf_counter() > t1, 1)  # a tick after the last event counts the last gap
        rows.append((label, t1 - t0, probe.gaps(t0, t1)))
        _explain(label, probe, t0, t1, slow)

    to_open = inputs_to_open(paths)
    vectors = sum(len(paths.get(k, [])) for k in ("concessions", "registrations", "restricted"))
    measured(f"open the {len(to_open)} inputs", lambda: window.open_paths(to_open),
             lambda: sum(1 for layer in window.session.layers if layer.name.startswith("input:")) == vectors)
    raster = wait_for_raster(app, window)
    wait(app, lambda: bool(raster.source.pyramid), 600)
    outcome: list[str] = []
    controller.analysis_ended.connect(outcome.append)
    measured("the region's analysis, end to end", controller.run_analysis, lambda: bool(outcome), 3600)
    if outcome != ["done"]:
        print("\n".join(window.messages.texts()), file=sys.stderr)
        return 1
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)

    def wheel() -> None:
        for step in range(10):
            delta = 120 if step < 5 else -120
            app.sendEvent(canvas, QWheelEvent(centre, QPointF(canvas.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                                              QPoint(0, delta), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False))
            app.processEvents()

    def rules() -> None:
        window.rules_dialog()
        app.processEvents()
        window.active_dialog.reject()

    for _ in range(rounds):
        measured("switch Spanish → English", lambda: window.set_language("en"))
        measured("switch English → Spanish", lambda: window.set_language("es"))
        measured("open and close the rules dialog", rules)
        measured("ten wheel steps (5 in, 5 out)", wheel)
    probe.stop()
    window.unsaved.set(False)
    window.close()
    print(write_report(rows, burn))
    return 0


def write_report(rows: list[tuple[str, float, np.ndarray]], burn: int) -> str:
    """The report written to its file; its text."""
    report = results_path(RESULTS, burn)
    lines = [
        "# The GUI thread's gaps during a user's actions (bench/bench_gui_actions.py)",
        "",
        machine_line() + "; window 1366×768.",
        "Data: `concession-gis sample --scale region --seed 0` (cached in bench/data/).",
        f"Neighbours: {burn} process(es) burning a core each (load average at the end {os.getloadavg()[0]:.1f}).",
        "",
        "| action | time | worst gap | gaps over 50 ms |",
        "|---|---:|---:|---:|",
    ]
    for label, seconds, gaps in rows:
        worst = float(gaps.max()) * 1000 if len(gaps) else 0.0
        lines.append(f"| {label} | {seconds:.2f} s | {worst:.0f} ms | {int((gaps > 0.05).sum())} |")
    text = "\n".join(lines) + "\n"
    report.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
