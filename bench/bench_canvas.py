"""Canvas benchmark at national scale: ``python -m bench.bench_canvas``.

Data (written once under bench/data/, gitignored): 67,000 claim polygons (INGEMMET columns,
GeoPackage), 87,000 REINFO registrations (CSV with ';'), 150 protected areas of ~800 vertices,
and a 100-million-pixel Hansen-style lossyear raster (10,000 × 10,000, tiled, deflate).

Measured in the real main window (offscreen):
* the analysis of the national inputs in the worker process, reading back and preparing its
  results, with the GUI thread's event-loop latency (a QTimer every 10 ms records its gaps);
* full redraws at full extent (every layer, the raster included), zoomed and panned redraws,
  and the event-loop latency during a burst of wheel zooms and drags;
* sort, search and filter of the 87,000-row attribute table; cancelling the national analysis.

Writes bench/results/canvas.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
DATA = HERE / "data" / "national"
RESULTS = HERE / "results" / "canvas.md"
N_CLAIMS, N_REGISTRATIONS, N_PARKS = 67_000, 87_000, 150
RASTER_SIDE = 10_000  # 100 million pixels
CELL = 0.009  # about 1 km: INGEMMET claims are made of 100-ha grid cells
SEED = 20_251


# --- data --------------------------------------------------------------------------------------


def ensure_data() -> dict[str, Path]:
    paths = {"concessions": DATA / "catastro_nacional.gpkg", "registrations": DATA / "reinfo_nacional.csv",
             "restricted": DATA / "anp_nacional.gpkg", "raster": DATA / "hansen_lossyear_100mpx.tif"}
    if all(p.exists() for p in paths.values()):
        return paths
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    claims = _claims(rng)
    _write_claims(claims, rng, paths["concessions"])
    _write_registrations(claims, rng, paths["registrations"])
    _write_parks(rng, paths["restricted"])
    _write_raster(rng, paths["raster"])
    return paths


def _claims(rng):
    """67,000 claims on a lattice of 5 × 5-cell blocks around 40 mining districts: no accidental overlaps."""
    import shapely

    block = 5 * CELL
    centres = np.column_stack([rng.uniform(-79.5, -69.2, 40), rng.uniform(-17.5, -3.5, 40)])
    chosen: set[tuple[int, int]] = set()
    while len(chosen) < N_CLAIMS:
        c = centres[rng.integers(0, len(centres), 20_000)] + rng.normal(0, 0.9, (20_000, 2))
        keys = np.floor(c / block).astype(int)
        for key in map(tuple, keys):
            chosen.add(key)
            if len(chosen) == N_CLAIMS:
                break
    keys = np.array(sorted(chosen))
    rng.shuffle(keys)
    w, h = rng.integers(1, 6, N_CLAIMS), rng.integers(1, 6, N_CLAIMS)
    ox, oy = rng.integers(0, 6 - w), rng.integers(0, 6 - h)
    x0, y0 = keys[:, 0] * block + ox * CELL, keys[:, 1] * block + oy * CELL
    geoms = shapely.box(x0, y0, x0 + w * CELL, y0 + h * CELL)
    # 15% L-shaped (a corner cell cut off), 5% irregular outlines of 40 vertices.
    shaped = rng.random(N_CLAIMS)
    for i in np.flatnonzero((shaped < 0.15) & (w > 1) & (h > 1)):
        geoms[i] = geoms[i].difference(shapely.box(x0[i], y0[i], x0[i] + CELL, y0[i] + CELL))
    for i in np.flatnonzero(shaped > 0.95):
        angles = np.linspace(0, 2 * np.pi, 40, endpoint=False)
        r = (min(w[i], h[i]) * CELL / 2) * rng.uniform(0.7, 1.0, 40)
        cx, cy = x0[i] + w[i] * CELL / 2, y0[i] + h[i] * CELL / 2
        geoms[i] = shapely.Polygon(np.column_stack([cx + r * np.cos(angles), cy + r * np.sin(angles)]))
    return geoms


def _write_claims(geoms, rng, path: Path) -> None:
    import geopandas as gpd

    n = len(geoms)
    status = rng.choice(["T", "T", "T", "E", "P", "D", "F", "L", "X", "A"], n)
    legend = {"T": "TITULADO", "E": "TITULADO", "P": "EN TRAMITE", "D": "EN TRAMITE", "F": "EXTINGUIDO",
              "L": "EXTINGUIDO", "X": "EXTINGUIDO", "A": "CANTERA"}
    holders = np.array([f"MINERA {name} S.A.C." for name in _names(rng, 9_000)])
    years = rng.integers(1975, 2024, n)
    frame = gpd.GeoDataFrame({
        "CODIGOU": [f"{10_000_000 + i:09d}" for i in range(n)],
        "CONCESION": [f"DERECHO {i}" for i in range(n)],
        "TIT_CONCES": holders[np.minimum(rng.zipf(1.6, n) - 1, len(holders) - 1)],
        "FEC_DENU": [f"{y}-{m:02d}-{d:02d}" for y, m, d in zip(years, rng.integers(1, 13, n), rng.integers(1, 29, n), strict=True)],
        "ESTADO": status, "LEYENDA": [legend[s] for s in status],
        "SUSTANCIA": rng.choice(["M", "M", "M", "N"], n), "HECTAGIS": np.round(rng.uniform(100, 2500, n), 2),
        "DEPA": rng.choice(["MADRE DE DIOS", "PUNO", "AYACUCHO", "AREQUIPA", "APURIMAC", "LA LIBERTAD"], n),
        "PROVI": rng.choice(["TAMBOPATA", "MANU", "SAN ROMAN", "LUCANAS", "CONDESUYOS", "COTABAMBAS"], n),
        "DISTRI": [f"DISTRITO {k}" for k in rng.integers(0, 400, n)],
    }, geometry=geoms, crs=4326)
    frame.to_file(path, driver="GPKG", layer="catastro")


def _write_registrations(claims, rng, path: Path) -> None:
    import pandas as pd
    import shapely

    n = N_REGISTRATIONS
    inside = rng.random(n) < 0.7
    host = rng.integers(0, len(claims), n)
    bounds = shapely.bounds(claims[host])
    x = np.where(inside, rng.uniform(bounds[:, 0], bounds[:, 2]), bounds[:, 0] + rng.normal(0, 0.05, n))
    y = np.where(inside, rng.uniform(bounds[:, 1], bounds[:, 3]), bounds[:, 1] + rng.normal(0, 0.05, n))
    names = np.array(_names(rng, 30_000))
    table = pd.DataFrame({
        "COD_REINFO": [f"R-{i:06d}" for i in range(n)],
        "NOMBRE_MIN": names[rng.integers(0, len(names), n)],
        "M_RUC": [f"10{v:09d}" for v in rng.integers(0, 10**9, n)],
        "ESTADO": rng.choice(["VIGENTE", "SUSPENDIDO", "SUSPENDIDO", "SUSPENDIDO"], n),
        "TIPO_ACT": rng.choice(["EXPLOTACION", "BENEFICIO", "EXPLOTACION ALUVIAL"], n),
        "CODIGOU": [f"{10_000_000 + h:09d}" for h in host],
        "LATITUD_G84": [f"{v:.6f}".replace(".", ",") for v in y],
        "LONGITUD_G84": [f"{v:.6f}".replace(".", ",") for v in x],
        "DEPARTAMENTO": "MADRE DE DIOS", "PROVINCIA": "TAMBOPATA", "DISTRITO": "INAMBARI",
    })
    table.to_csv(path, sep=";", index=False, encoding="utf-8")


def _write_parks(rng, path: Path) -> None:
    import geopandas as gpd
    import shapely

    parks = []
    for _ in range(N_PARKS):
        angles = np.sort(rng.uniform(0, 2 * np.pi, 800))
        radius = rng.uniform(0.05, 0.6) * (1 + 0.25 * np.sin(angles * rng.integers(2, 9)) + rng.normal(0, 0.02, 800))
        cx, cy = rng.uniform(-79.5, -69.2), rng.uniform(-17.5, -3.5)
        parks.append(shapely.Polygon(np.column_stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)])).buffer(0))
    gpd.GeoDataFrame({"ANP_NOMB": [f"AREA PROTEGIDA {i}" for i in range(N_PARKS)],
                      "ANP_CATE": rng.choice(["PARQUE NACIONAL", "RESERVA NACIONAL", "ZONA DE AMORTIGUAMIENTO"], N_PARKS)},
                     geometry=parks, crs=4326).to_file(path, driver="GPKG", layer="anp")


def _write_raster(rng, path: Path) -> None:
    """Loss in blobs (16-pixel cells, 60% of their pixels), years 1-24, over Madre de Dios."""
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    coarse = np.where(rng.random((RASTER_SIDE // 16, RASTER_SIDE // 16)) < 0.04,
                      rng.integers(1, 25, (RASTER_SIDE // 16, RASTER_SIDE // 16)), 0).astype(np.uint8)
    profile = dict(driver="GTiff", width=RASTER_SIDE, height=RASTER_SIDE, count=1, dtype="uint8", crs="EPSG:4326",
                   transform=from_origin(-72.2, -10.4, 0.0003, 0.0003), tiled=True, blockxsize=512,
                   blockysize=512, compress="deflate", nodata=None)
    with rasterio.open(path, "w", **profile) as dst:
        for top in range(0, RASTER_SIDE, 1024):
            rows = min(1024, RASTER_SIDE - top)
            stripe = np.repeat(np.repeat(coarse[top // 16: (top + rows) // 16], 16, axis=0), 16, axis=1)
            stripe = np.where(rng.random(stripe.shape) < 0.6, stripe, 0).astype(np.uint8)
            dst.write(stripe, 1, window=Window(0, top, RASTER_SIDE, rows))


def _names(rng, n: int) -> list[str]:
    first = ["JUAN", "MARÍA", "JOSÉ", "ROSA", "LUIS", "ÑUSTA", "PEDRO", "CARMEN", "WILBER", "YESENIA"]
    last = ["QUISPE", "MAMANI", "HUAMÁN", "CONDORI", "PÉREZ", "FLORES", "CHOQUE", "ÑAUPA", "TICONA", "APAZA"]
    return [f"{rng.choice(first)} {rng.choice(last)} {rng.choice(last)} {i}" for i in range(n)]


# --- measuring ---------------------------------------------------------------------------------


class LatencyProbe:
    """A QTimer every 10 ms on the GUI thread; the gaps between its ticks are the GUI's latency."""

    def __init__(self, interval_ms: int = 10):
        from PyQt5.QtCore import QTimer

        self.interval = interval_ms / 1000
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.timer.start()

    def gaps(self, start: float, stop: float) -> np.ndarray:
        ticks = np.array([t for t in self.ticks if start <= t <= stop])
        return np.diff(ticks) if len(ticks) > 1 else np.zeros(0)


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


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CONCESSION_GIS_DATA_DIR"] = str(HERE / "data" / "session")
    started = time.perf_counter()
    paths = ensure_data()
    generated_s = time.perf_counter() - started

    from concession_gis_ui.app import create_app, make_window
    from PyQt5.QtCore import QPoint, QPointF, QSettings, Qt
    from PyQt5.QtGui import QWheelEvent

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(HERE / "data" / "session" / "settings"))
    app = create_app()
    window = make_window("en", offer_recovery=False)
    window.resize(1920, 1200)
    window.show()
    app.processEvents()
    # A large map, as on an office screen: narrow side panels, a short table.
    window.resizeDocks([window.docks["layers"], window.docks["details"]], [230, 300], Qt.Horizontal)
    window.resizeDocks([window.docks["table"]], [180], Qt.Vertical)
    app.processEvents()
    probe = LatencyProbe()
    rows: dict[str, str] = {}
    canvas, controller = window.canvas, window.controller

    # 1. Opening the inputs: checked and previewed through the worker process; the raster's
    #    pyramid built in a GUI-process thread (first time; read from the cache afterwards).
    cache = HERE / "data" / "session" / "cache" / "raster-pyramids"
    for stale in cache.glob("*.npz") if cache.exists() else []:
        stale.unlink()
    t0 = time.perf_counter()
    window.open_paths([str(paths[k]) for k in ("concessions", "registrations", "restricted", "raster")])
    wait(app, lambda: sum(1 for layer in window.session.layers if layer.name.startswith("input:")) == 3, 600)
    raster = wait_for_raster(app, window)
    wait(app, lambda: bool(raster.source.pyramid), 600)
    wait(app, canvas.is_idle, 60)
    t1 = time.perf_counter()
    rows["open and preview 67,000 claims + 87,000 registrations + 150 areas + 100-Mpx raster (pyramid built)"] = (
        _span(t1 - t0, probe.gaps(t0, t1)))

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
                       f"GUI max gap {gaps.max() * 1000:.0f} ms")
        return walls

    full = canvas.view
    full_walls = redraws(f"full redraw at full extent ({canvas.width()}×{canvas.height()} px, all layers)", full)
    redraws("full redraw, regional zoom (1/8 of the extent)", full.zoomed(8.0))
    redraws("full redraw, close zoom (1/64)", full.zoomed(64.0))

    # 5. Interaction: 20 wheel steps and 20 drags, as fast as events arrive.
    t0 = time.perf_counter()
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    for step in range(40):
        if step < 20:
            delta = 120 if step < 12 else -120
            event = QWheelEvent(centre, canvas.mapToGlobal(centre.toPoint()), QPoint(0, 0), QPoint(0, delta),
                                Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
            app.sendEvent(canvas, event)
        else:
            canvas.set_view(canvas.view.panned(37, -23))
        app.processEvents()
    wait(app, canvas.is_idle, 60)
    t1 = time.perf_counter()
    gaps = probe.gaps(t0, t1)
    rows["20 wheel steps and 20 drags in a burst, until the last frame shows"] = (
        f"{(t1 - t0) * 1000:.0f} ms; GUI max gap {gaps.max() * 1000:.0f} ms")

    # 6. The attribute table of the 87,000 registrations.
    layer = window.session.layers.get("registrations")
    window.table.show_layer(layer)
    model = window.table.model
    column = model.column_names.index("coexistence_score")
    rows["table: sort 87,000 registrations by score"] = f"{_time(lambda: model.sort(column, Qt.DescendingOrder)) * 1000:.0f} ms"
    rows["table: search a miner's name (accents folded)"] = f"{_time(lambda: model.set_filter('ñaupa ticona')) * 1000:.0f} ms"
    rows["table: filter conflict_type = third_party"] = f"{_time(lambda: model.set_filter('', 'conflict_type', 'third_party')) * 1000:.0f} ms"

    # 7. Cancelling the national analysis in the middle.
    controller.run_analysis()
    job = controller.analysis
    wait(app, lambda: window.stage_label.text().startswith(("Classifying", "Finding", "Overlapping")), 600)
    outcome.clear()
    job.cancel()
    wait(app, lambda: outcome, 10)
    rows["cancel the national analysis mid-run: until the GUI shows it stopped"] = f"{(job.ended_at - job.cancel_requested_at) * 1000:.0f} ms"

    window.close()
    _write_report(rows, counts, full_walls, generated_s, summary)
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


def _span(seconds: float, gaps: np.ndarray) -> str:
    if not len(gaps):
        return f"{seconds:.1f} s"
    return (f"{seconds:.1f} s; GUI max gap {gaps.max() * 1000:.0f} ms, 99th pct {np.percentile(gaps, 99) * 1000:.0f} ms, "
            f"gaps > 50 ms: {(gaps > 0.05).sum()}")


def _time(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _write_report(rows, counts, full_walls, generated_s, summary) -> None:
    import PyQt5.QtCore

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Canvas benchmark (bench/bench_canvas.py)",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPU threads, Python {platform.python_version()}, "
        f"Qt {PyQt5.QtCore.QT_VERSION_STR}, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}.",
        f"Data: {', '.join(f'{k} {v:,}' for k, v in counts.items())} features; raster {RASTER_SIDE:,} × "
        f"{RASTER_SIDE:,} = {RASTER_SIDE**2 / 1e6:.0f} million pixels (generated in {generated_s:.0f} s, cached in bench/data/).",
        f"Analysis: {summary['counts']['concessions']:,} concessions, {summary['counts']['registrations_out']:,} registrations.",
        "GUI latency: a QTimer every 10 ms on the GUI thread; a gap is the time between two ticks (10 ms when idle).",
        "",
        "| measurement | result |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in rows.items()],
        "",
        f"Full-extent redraws (ms): {', '.join(f'{w * 1000:.0f}' for w in full_walls)}.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
