"""Canvas benchmark at national scale: ``python -m bench.bench_canvas``.

Data: the core's national synthetic inputs (``concession-gis sample --scale national``, written
once under bench/data/, gitignored): 67,000 claims in three INGEMMET shapefiles (one per UTM
zone, one of them PSAD56), 87,000 REINFO registrations (Latin-1 CSV with ';'), protected areas,
declared production, holders, and a 100-million-pixel Hansen lossyear mosaic (VRT of 4 tiles).

Measured in the real main window (offscreen):
* the analysis of the national inputs in the worker process, reading back and preparing its
  results, with the GUI thread's event-loop latency (a QTimer every 10 ms records its gaps);
* full redraws at full extent (every layer, the raster included), zoomed and panned redraws,
  and the event-loop latency during a burst of wheel zooms and drags;
* sort, search and filter of the 87,000-row attribute table; cancelling the national analysis.

``--burn N`` runs N neighbour processes that burn a core each (at the window's priority) for the
whole benchmark: the GUI's latency with another program loading the machine (issue 22).

Writes bench/results/canvas.md.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import gc
import itertools
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
DATA = HERE / "data" / "synthetic_national"
RESULTS = HERE / "results" / "canvas.md"
RASTER_PIXELS = 100_000_000


# --- data --------------------------------------------------------------------------------------


def ensure_data() -> dict[str, list[Path]]:
    """The core's national synthetic inputs (``concession-gis sample --scale national``), cached."""
    return synthetic_inputs("national", DATA)


def synthetic_inputs(scale: str, folder: Path) -> dict[str, list[Path]]:
    """``write_synthetic(scale)``'s inputs by kind, written into ``folder`` once and then found there."""
    from concession_gis.sample.synthetic import write_synthetic

    marker = folder / "written.txt"
    if not marker.exists():
        folder.mkdir(parents=True, exist_ok=True)
        written = write_synthetic(scale, folder, seed=0)
        marker.write_text("\n".join(f"{kind}\t{path}" for kind, paths in written.items() for path in paths), encoding="utf-8")
    found: dict[str, list[Path]] = {}
    for line in marker.read_text(encoding="utf-8").splitlines():
        kind, path = line.split("\t")
        found.setdefault(kind, []).append(Path(path))
    return found


def inputs_to_open(data: dict[str, list[Path]]) -> list[str]:
    kinds = ("concessions", "registrations", "restricted", "loss_rasters", "activity", "holders")
    return [str(path) for kind in kinds for path in data.get(kind, [])]


# --- measuring ---------------------------------------------------------------------------------


class LatencyProbe:
    """A QTimer every 10 ms on the GUI thread; the gaps between its ticks are the GUI's latency.

    With ``late_ms``, a sampler thread reads every thread's Python stack whenever the timer is
    more than ``late_ms`` late, so a benchmark can say where the GUI thread was held up (in
    Python; a stall in C shows the Python line that called it, or the GUI thread waiting for
    the interpreter's lock while another thread holds it).
    """

    def __init__(self, interval_ms: int = 10, late_ms: float | None = None):
        from PyQt5.QtCore import QTimer

        self.interval = interval_ms / 1000
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.timer.start()
        self.samples: list[tuple[float, str]] = []  # (when, "GUI|other thread" + its last frames)
        self._stop = threading.Event()
        if late_ms is not None:
            gui = threading.get_ident()
            threading.Thread(target=self._sample, args=(gui, late_ms / 1000), daemon=True).start()

    def _sample(self, gui: int, late: float) -> None:
        root = str(HERE.parent)
        while not self._stop.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            if not self.ticks or now - self.ticks[-1] <= late:
                continue
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                lines = traceback.format_stack(frame, limit=4)
                where = "".join("   " + line.split("\n")[0].strip().replace(root, "") + "\n" for line in lines)
                self.samples.append((now, ("GUI" if ident == gui else "other") + " thread\n" + where))

    def stop(self) -> None:
        self._stop.set()

    def gaps(self, start: float, stop: float) -> np.ndarray:
        ticks = np.array([t for t in self.ticks if start <= t <= stop])
        return np.diff(ticks) if len(ticks) > 1 else np.zeros(0)

    def late_stacks(self, start: float, stop: float, over: float = 0.05) -> collections.Counter:
        """The stacks sampled inside the gaps longer than ``over`` seconds between ``start`` and ``stop``."""
        ticks = [t for t in self.ticks if start <= t <= stop]
        spans = [(a, b) for a, b in itertools.pairwise(ticks) if b - a > over]
        return collections.Counter(stack for when, stack in self.samples if any(a <= when <= b for a, b in spans))


class SlowEvents:
    """What the GUI thread delivered while its timer was late: every event it took a millisecond
    or more to deliver (receiver, event type, the Python function Qt called first, when), and
    every cyclic garbage collection of 5 ms or more on any thread, through a QApplication whose
    ``notify`` is timed. Made before
    :func:`office_window`, which then uses it. Events handled in C++ alone show here where the
    stack sampler of :class:`LatencyProbe` cannot see them (PyQt5 keeps the interpreter's lock
    through Qt's calls, so the sampler waits until the GUI thread is back in Python)."""

    def __init__(self):
        from PyQt5.QtCore import QCoreApplication, Qt
        from PyQt5.QtWidgets import QApplication

        self.events: list[tuple[float, float, str]] = []  # (start, seconds, what)

        def first_call(into: list[str]):
            """A profile hook that notes the first Python function called (the slot a timer or
            a queued call runs; past the benchmark's own wrappers and the heartbeat's, which
            only pass the call on), then removes itself: nothing is paid after."""
            root = str(HERE.parent)
            passing = (str(HERE), str(HERE.parent / "ui" / "heartbeat.py"))

            def hook(frame, what, arg):
                code = frame.f_code
                if what == "call" and not code.co_filename.startswith(passing):
                    into.append(f"{code.co_filename.replace(root, '')}:{code.co_firstlineno} {code.co_name}")
                    sys.setprofile(None)
            return hook

        gui = threading.get_ident()
        record, depth = self.events, [0]

        class TimedApplication(QApplication):
            def notify(self, receiver, event):
                if threading.get_ident() != gui or depth[0]:
                    return super().notify(receiver, event)
                kind = (type(receiver).__name__, int(event.type()))  # either may be deleted by the delivery
                slot: list[str] = []
                started = time.perf_counter()
                depth[0] += 1
                sys.setprofile(first_call(slot))
                try:
                    return super().notify(receiver, event)
                finally:
                    sys.setprofile(None)
                    depth[0] -= 1
                    seconds = time.perf_counter() - started
                    if seconds > 0.001:
                        record.append((started, seconds, f"{kind[0]} event {kind[1]}"
                                       f"{' -> ' + slot[0] if slot else ''}"))

        # Cyclic garbage collections hold the interpreter's lock on whichever thread starts them.
        collecting: dict[str, float] = {}

        def collected(phase: str, info: dict) -> None:
            if phase == "start":
                collecting["at"] = time.perf_counter()
            elif "at" in collecting and time.perf_counter() - collecting["at"] > 0.005:
                record.append((collecting["at"], time.perf_counter() - collecting["at"],
                               f"garbage collection of generation {info['generation']} "
                               f"({threading.current_thread().name} thread)"))

        gc.callbacks.append(collected)
        assert QApplication.instance() is None, "SlowEvents must make the application"
        QCoreApplication.setAttribute(Qt.AA_EnableHighDpiScaling, True)  # as create_app does
        QCoreApplication.setAttribute(Qt.AA_UseHighDpiPixmaps, True)
        self.app = TimedApplication([sys.argv[0]])

    def in_gaps(self, probe: LatencyProbe, start: float, stop: float, over: float = 0.05) -> list[str]:
        """For each gap over ``over`` between ``start`` and ``stop``: what was delivered in it,
        by kind (count, milliseconds), and the time the GUI thread spent in no delivery."""
        ticks = [t for t in probe.ticks if start <= t <= stop]
        lines = []
        for a, b in itertools.pairwise(ticks):
            if b - a <= over:
                continue
            inside = [(seconds, what) for began, seconds, what in self.events if began < b and began + seconds > a]
            kinds: dict[str, list[float]] = collections.defaultdict(list)
            for seconds, what in inside:
                kinds[what].append(seconds)
            outside = (b - a) - sum(s for s, what in inside if not what.startswith("garbage"))
            lines.append(f"gap of {(b - a) * 1000:.0f} ms at {a - start:.2f} s; in no event {outside * 1000:.0f} ms")
            lines += [f"   {len(v)} x {what}: {sum(v) * 1000:.0f} ms" for what, v in
                      sorted(kinds.items(), key=lambda kv: -sum(kv[1]))]
        return lines


def wait(app, condition, timeout: float) -> float:
    """Run the event loop until ``condition()``; seconds waited."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("benchmark step timed out")
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - started


def wait_for_raster(app, window):
    wait(app, lambda: any(layer.name.startswith("raster:") for layer in window.session.layers), 60)
    return next(layer for layer in window.session.layers if layer.name.startswith("raster:"))


def wait_gone(app, group: int, timeout: float) -> float:
    """Seconds until no process of ``group`` (the worker and the core's zonal workers) is left."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return time.perf_counter() - started
        app.processEvents()
        time.sleep(0.005)
    return float("nan")


def office_window():
    """The application and its main window as the benchmarks measure it: 1920×1200, a large map
    as on an office screen (narrow side panels, a short table), shown and settled."""
    from concession_gis_ui.app import create_app, make_window
    from PyQt5.QtCore import Qt

    app = create_app()
    window = make_window("en", offer_recovery=False)
    window.resize(1920, 1200)
    window.show()
    app.processEvents()
    window.resizeDocks([window.docks["layers"], window.docks["details"]], [230, 300], Qt.Horizontal)
    window.resizeDocks([window.docks["table"]], [180], Qt.Vertical)
    app.processEvents()
    return app, window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_canvas")
    parser.add_argument("--burn", type=int, default=0, help="neighbour processes burning a core each")
    burn = parser.parse_args(argv).burn
    with neighbours(burn):
        return measure(burn)


@contextlib.contextmanager
def neighbours(n: int):
    """``n`` processes, each spinning on a core, for as long as the block lasts."""
    spinning = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for process in spinning:
            process.kill()
            process.wait()


def results_path(plain: Path, burn: int) -> Path:
    """Where a run's report goes, its folder made: ``NAME.md`` alone, ``NAME_burn1.md`` beside one neighbour."""
    plain.parent.mkdir(parents=True, exist_ok=True)
    return plain.with_stem(f"{plain.stem}_burn{burn}") if burn else plain


def measure(burn: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CONCESSION_GIS_DATA_DIR"] = str(HERE / "data" / "session")
    started = time.perf_counter()
    paths = ensure_data()
    generated_s = time.perf_counter() - started

    from PyQt5.QtCore import QPoint, QPointF, QSettings, Qt
    from PyQt5.QtGui import QWheelEvent

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(HERE / "data" / "session" / "settings"))
    slow = SlowEvents()
    app, window = office_window()
    probe = LatencyProbe(late_ms=30)
    rows: dict[str, str] = {}
    canvas, controller = window.canvas, window.controller

    # 1. Opening the inputs: checked and previewed through the worker process; the raster's
    #    pyramid built in a GUI-process thread (first time; read from the cache afterwards).
    cache = HERE / "data" / "session" / "cache" / "raster-pyramids"
    for stale in cache.glob("*.npz") if cache.exists() else []:
        stale.unlink()
    t0 = time.perf_counter()
    to_open = inputs_to_open(paths)
    vector_inputs = sum(len(paths.get(k, [])) for k in ("concessions", "registrations", "restricted"))
    window.open_paths(to_open)
    wait(app, lambda: sum(1 for layer in window.session.layers if layer.name.startswith("input:")) == vector_inputs, 600)
    raster = wait_for_raster(app, window)
    wait(app, lambda: bool(raster.source.pyramid), 600)
    wait(app, canvas.is_idle, 60)
    t1 = time.perf_counter()
    rows["open the 8 input files; previews of claims, registrations and areas; raster pyramid built"] = (
        _span(t1 - t0, probe.gaps(t0, t1)))
    _explain("opening the inputs", probe, t0, t1, slow)

    # 2. The national analysis, results read back in chunks and prepared for the canvas.
    t0 = time.perf_counter()
    assert controller.run_analysis()
    outcome = []
    controller.analysis_ended.connect(outcome.append)
    wait(app, lambda: outcome, 3600)
    wait(app, canvas.is_idle, 60)
    t1 = time.perf_counter()
    if outcome != ["done"]:
        print("\n".join(window.messages.texts()), file=sys.stderr)
        return 1
    summary = window.session.results.summary
    rows["national analysis, end to end in the window"] = _span(t1 - t0, probe.gaps(t0, t1))
    _explain("the analysis", probe, t0, t1, slow)
    rows["— of which the core's analysis, raster zonal loss included (worker process)"] = f"{summary['seconds']:.1f} s"

    # 4. Full redraws at full extent: every layer.
    canvas.zoom_full()
    wait(app, canvas.is_idle, 60)
    counts = {layer.name: len(layer.prepared) for layer in window.session.layers.vector_layers()}

    def redraws(label: str, view, n: int = 10):
        walls, threads = [], []
        t0 = time.perf_counter()
        for _ in range(n):
            start = time.perf_counter()
            canvas.set_view(view, keep_fit=True)
            wait(app, canvas.is_idle, 60)
            walls.append(time.perf_counter() - start)
            threads.append(canvas.last_render_seconds)
        t1 = time.perf_counter()
        gaps = probe.gaps(t0, t1)
        rows[label] = (f"median {statistics.median(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms "
                       f"(render thread median {statistics.median(threads) * 1000:.0f} ms); "
                       f"GUI max gap {_max_ms(gaps):.0f} ms")
        return walls

    full = canvas.view
    full_walls = redraws(f"full redraw at full extent ({canvas.width()}×{canvas.height()} px, all layers)", full)
    # Zoomed views centred on the busiest claim (most registrations): a dense mining district.
    claims = window.session.layers.get("concessions")
    busiest = int(claims.frame["n_registrations"].to_numpy().argmax())
    x, y = claims.prepared.points[busiest]
    centred = replace(full, cx=float(x), cy=float(y))
    redraws("full redraw, regional zoom on a mining district (1/8 of the extent)", centred.zoomed(8.0))
    redraws("full redraw, close zoom on it (1/64)", centred.zoomed(64.0))
    canvas.set_view(full)
    wait(app, canvas.is_idle, 60)

    # 5. Interaction: 20 wheel steps and 20 drags, as fast as events arrive.
    t0 = time.perf_counter()
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    for step in range(40):
        if step < 20:
            delta = 120 if step < 10 else -120  # in and back out: the last frame is the whole country
            event = QWheelEvent(centre, QPointF(canvas.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, delta),
                                Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
            app.sendEvent(canvas, event)
        else:
            sign = 1 if step % 2 else -1  # back and forth: the last frame is the whole country again
            canvas.set_view(canvas.view.panned(37 * sign, -23 * sign))
        app.processEvents()
    before_wait = time.perf_counter()
    wait(app, canvas.is_idle, 60)
    t1 = time.perf_counter()
    gaps = probe.gaps(t0, t1)
    rows["20 wheel steps (10 in, 10 out) and 20 drags at full extent, until the last frame shows"] = (
        f"{(t1 - t0) * 1000:.0f} ms (events handled in {(before_wait - t0) * 1000:.0f} ms, only the last frame "
        f"drawn whole: {canvas.last_render_seconds * 1000:.0f} ms); GUI max gap {_max_ms(gaps):.0f} ms")

    # 6. The attribute table of the 87,000 registrations.
    layer = window.session.layers.get("registrations")
    window.table.show_layer(layer)
    model = window.table.model
    column = model.column_names.index("coexistence_score")
    rows["table: sort 87,000 registrations by score"] = f"{_time(lambda: model.sort(column, Qt.DescendingOrder)) * 1000:.0f} ms"
    rows["table: search a miner's name (accents folded)"] = f"{_time(lambda: model.set_filter('ñaupa ticona')) * 1000:.0f} ms"
    rows["table: filter conflict_type = third_party"] = f"{_time(lambda: model.set_filter('', 'conflict_type', 'third_party')) * 1000:.0f} ms"

    # 7. Cancelling the national analysis: once while a file is read (where the core checks for
    #    cancellation only between files), once while the zonal workers extract forest loss.
    for wanted in (None, "Forest loss per concession"):
        outcome.clear()
        controller.run_analysis()
        job = controller.analysis
        if wanted is None:  # the first stage reported: reading the cadastre
            wait(app, lambda: window.stage_label.text() not in ("Starting the analysis…", "Results loaded."), 120)
        else:
            wait(app, lambda w=wanted: window.stage_label.text().startswith(w) or bool(outcome), 900)
            time.sleep(0.5)
        worker = controller.runner._process
        stage = window.stage_label.text()
        job.cancel()
        wait(app, lambda: outcome, 10)
        gone = wait_gone(app, worker.pid, 5)
        rows[f"cancel during \"{stage}\": until the GUI shows it stopped / until every worker process is gone"] = (
            f"{(job.ended_at - job.cancel_requested_at) * 1000:.0f} ms / {gone * 1000:.0f} ms")

    probe.stop()
    window.unsaved.set(False)
    window.close()
    print(_write_report(rows, counts, full_walls, generated_s, summary, burn))
    return 0


def _span(seconds: float, gaps: np.ndarray) -> str:
    if not len(gaps):
        return f"{seconds:.1f} s"
    return (f"{seconds:.1f} s; GUI max gap {gaps.max() * 1000:.0f} ms, 99th pct {np.percentile(gaps, 99) * 1000:.0f} ms, "
            f"gaps > 50 ms: {(gaps > 0.05).sum()}")


def _explain(phase: str, probe: LatencyProbe, start: float, stop: float, slow: SlowEvents | None = None) -> None:
    """Where the threads were during the gaps over 50 ms of ``phase``, and the GUI thread's
    slowest events then (on stderr, not in the report)."""
    stacks = probe.late_stacks(start, stop)
    if stacks:
        print(f"GUI gaps over 50 ms during {phase}: stacks sampled in them", file=sys.stderr)
        for stack, n in stacks.most_common(12):
            print(f"-- {n}\n{stack}", file=sys.stderr)
    if slow is not None:
        lines = slow.in_gaps(probe, start, stop)
        if lines:
            print(f"What the GUI thread delivered in the gaps over 50 ms during {phase}:", *lines, sep="\n",
                  file=sys.stderr)


def _max_ms(gaps: np.ndarray) -> float:
    return float(gaps.max()) * 1000 if len(gaps) else 0.0


def _time(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def machine_line() -> str:
    """The machine, Python, Qt and the Qt platform a GUI benchmark ran on."""
    import PyQt5.QtCore

    return (f"Machine: {platform.platform()}, {os.cpu_count()} CPU threads, Python {platform.python_version()}, "
            f"Qt {PyQt5.QtCore.QT_VERSION_STR}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}")


def _write_report(rows, counts, full_walls, generated_s, summary, burn: int) -> str:
    """The report written to its file; its text."""
    report = results_path(RESULTS, burn)
    lines = [
        "# Canvas benchmark (bench/bench_canvas.py)",
        "",
        machine_line() + ".",
        f"Data: `concession-gis sample --scale national --seed 0` (generated in {generated_s:.0f} s, cached in bench/data/): "
        f"{', '.join(f'{k} {v:,}' for k, v in counts.items())} features on the map; a "
        f"{RASTER_PIXELS / 1e6:.0f}-million-pixel loss raster.",
        f"Analysis: {summary['counts']['concessions']:,} concessions, {summary['counts']['registrations_out']:,} registrations.",
        "GUI latency: a QTimer every 10 ms on the GUI thread; a gap is the time between two ticks (10 ms when idle).",
        f"Neighbours: {burn} process(es) burning a core each, at the window's priority, all along"
        f" (load average at the end {os.getloadavg()[0]:.1f}).",
        "",
        "| measurement | result |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in rows.items()],
        "",
        f"Full-extent redraws (ms): {', '.join(f'{w * 1000:.0f}' for w in full_walls)}.",
        "",
    ]
    text = "\n".join(lines)
    report.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
