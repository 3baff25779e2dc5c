"""Zonal forest loss (issue 3): this engine against exactextract, rasterstats and QGIS.

``python -m bench.bench_zonal`` builds the inputs once (bench/zonal_data.py), then runs every
peer in its own process on the same files, so each one's peak memory (ru_maxrss from wait4) is
its own, and writes the table to bench/results/zonal.md. Times cover the zonal computation only
(files are read before the clock starts), except QGIS, timed as the whole qgis_process run.
rasterstats and QGIS run once (they take the longest); per-claim references are checked on the
first ``REFERENCE_SUBSET`` claims.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench import zonal_data as data
from bench.measure import run_measured

RESULTS = Path(__file__).parent / "results"
REPEATS = 5
# Runs of each peer: the quick ones five times; rasterstats three, for a median of its own too.
RUNS = {"engine": REPEATS, "engine_one_core": REPEATS, "exactextract": REPEATS, "rasterstats": 3}
REFERENCE_SUBSET = 500
QGIS = Path("/usr/bin/qgis_process.bin")
NOMINAL_PIXEL_M2 = 30.0 * 30.0
SPHERE_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), what "spherical" formulas use


# -- peers: each runs in a child process and leaves its per-claim numbers in an .npz ---------

class Clock:
    """Wall and CPU seconds since it was made (all threads; child processes once reaped)."""

    def __init__(self):
        self._wall, self._cpu = time.perf_counter(), self._cpu_now()

    @staticmethod
    def _cpu_now() -> float:
        import resource

        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self._wall, self._cpu_now() - self._cpu


def peer_engine(out: Path) -> tuple[float, float]:
    import geopandas as gpd

    from concession_gis.raster.sources import open_loss_sources
    from concession_gis.raster.zonal import zonal_loss

    claims = gpd.read_file(data.CLAIMS_UTM)
    clock = Clock()
    source = open_loss_sources([str(data.RASTER)])[0]
    zonal = zonal_loss(source, claims.geometry)
    seconds = clock.stop()
    loss = np.zeros(len(claims))
    np.add.at(loss, zonal.by_year["feature"].to_numpy(), zonal.by_year["loss_ha"].to_numpy())
    np.savez(out, loss_ha=loss, coverage=zonal.coverage)
    return seconds


def peer_engine_one_core(out: Path) -> tuple[float, float]:
    os.environ["CONCESSION_GIS_WORKERS"] = "1"
    return peer_engine(out)


def peer_exactextract(out: Path) -> tuple[float, float]:
    import geopandas as gpd
    from exactextract import exact_extract

    claims = gpd.read_file(data.CLAIMS_LONLAT)
    clock = Clock()
    table = exact_extract(str(data.RASTER), claims, ["unique", "frac", "count"], output="pandas")
    seconds = clock.stop()
    lost = [
        float(np.sum(np.asarray(frac)[np.asarray(unique) > 0]) * count)
        for unique, frac, count in zip(table["unique"], table["frac"], table["count"], strict=True)
    ]
    np.savez(out, lost_pixels=np.array(lost))
    return seconds


def peer_exactextract_spherical(out: Path) -> tuple[float, float]:
    import geopandas as gpd
    from exactextract import exact_extract

    claims = gpd.read_file(data.CLAIMS_LONLAT)
    ops = ["unique", "frac(coverage_weight=area_spherical_m2)",
           "m2=count(coverage_weight=area_spherical_m2)"]
    clock = Clock()
    table = exact_extract(str(data.RASTER), claims, ops, output="pandas")
    seconds = clock.stop()
    lost = [
        float(np.sum(np.asarray(frac)[np.asarray(unique) > 0]) * m2) / 1e4
        for unique, frac, m2 in zip(table["unique"], table["frac"], table["m2"], strict=True)
    ]
    np.savez(out, loss_ha=np.array(lost))
    return seconds


def peer_rasterstats(out: Path) -> tuple[float, float]:
    import geopandas as gpd
    from rasterstats import zonal_stats

    claims = gpd.read_file(data.CLAIMS_LONLAT)
    clock = Clock()
    stats = zonal_stats(claims, str(data.RASTER), categorical=True, nodata=255)
    seconds = clock.stop()
    lost = [sum(n for value, n in s.items() if value > 0) for s in stats]
    np.savez(out, lost_pixels=np.array(lost, dtype=float))
    return seconds


def peer_qgis(out: Path) -> tuple[float, float]:
    import geopandas as gpd

    result = out.with_suffix(".gpkg")
    result.unlink(missing_ok=True)
    command = [
        str(QGIS), "run", "native:zonalhistogram", "--",
        f"INPUT_RASTER={data.RASTER}", "RASTER_BAND=1", f"INPUT_VECTOR={data.CLAIMS_LONLAT}",
        "COLUMN_PREFIX=HISTO_", f"OUTPUT={result}",
    ]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    clock = Clock()
    subprocess.run(command, env=env, check=True, capture_output=True)
    seconds = clock.stop()
    table = gpd.read_file(result)
    loss_columns = [c for c in table.columns if c.startswith("HISTO_") and c != "HISTO_0"]
    np.savez(out, lost_pixels=table[loss_columns].fillna(0).sum(axis=1).to_numpy(dtype=float))
    return seconds


def peer_baseline(out: Path) -> tuple[float, float]:
    """Python with the same libraries imported and the claims read: the memory floor."""
    import exactextract  # noqa: F401
    import geopandas as gpd
    import rasterio  # noqa: F401

    gpd.read_file(data.CLAIMS_UTM)
    np.savez(out, nothing=np.zeros(1))
    return 0.0, 0.0


PEERS = {name.removeprefix("peer_"): fn for name, fn in globals().items() if name.startswith("peer_")}


# -- the parent: runs peers, compares totals, writes the table ---------------------------------

def run_peer(name: str) -> tuple[float, float, float]:
    """Wall and CPU seconds and peak resident memory (MiB) of one run of ``name``, own process."""
    report = data.DATA / f"peer_{name}.json"
    command = [sys.executable, "-m", "bench.bench_zonal", "--peer", name, "--report", str(report)]
    measured = run_measured(command, cwd=Path(__file__).parent.parent)
    peak_mib = measured.peak_mib
    found = json.loads(report.read_text())
    if name == "qgis":  # qgis_process is a grandchild: its own figure comes from the child
        peak_mib = max(peak_mib, found["grandchild_peak_mib"])
    return found["seconds"], found["cpu_seconds"], peak_mib


def child_main(name: str, report: Path) -> None:
    import resource

    seconds, cpu_seconds = PEERS[name](data.DATA / f"out_{name}.npz")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if name == "qgis":  # the work happened in qgis_process: count its CPU time
        cpu_seconds = children.ru_utime + children.ru_stime
    report.write_text(json.dumps({
        "seconds": seconds, "cpu_seconds": cpu_seconds, "grandchild_peak_mib": children.ru_maxrss / 1024,
    }))


def pixel_areas_by_claim() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Area (m²) of one pixel at each claim's centre latitude: WGS84 geodesic, sphere, nominal."""
    import geopandas as gpd
    from pyproj import Geod

    claims = gpd.read_file(data.CLAIMS_LONLAT)
    bounds = claims.geometry.bounds
    lat = ((bounds["miny"] + bounds["maxy"]) / 2).to_numpy()
    # Snap to the pixel row the centre falls in, as the raster sees it.
    top = data.NORTH - np.floor((data.NORTH - lat) / data.RES) * data.RES
    geod = Geod(ellps="WGS84")
    d = data.RES
    ellipsoid = np.array([
        abs(geod.polygon_area_perimeter([0, d, d, 0], [t, t, t - d, t - d])[0]) for t in top
    ])
    sphere = SPHERE_RADIUS_M**2 * np.radians(d) * (np.sin(np.radians(top)) - np.sin(np.radians(top - d)))
    return ellipsoid, np.abs(sphere), np.full(len(lat), NOMINAL_PIXEL_M2)


def row_exact_reference() -> np.ndarray:
    """Loss (ha) of the first claims from exactextract's per-pixel coverage x Geod row areas."""
    import geopandas as gpd
    from exactextract import exact_extract
    from pyproj import Geod

    claims = gpd.read_file(data.CLAIMS_LONLAT).iloc[:REFERENCE_SUBSET]
    table = exact_extract(
        str(data.RASTER), claims, ["values", "coverage", "center_y"], output="pandas"
    )
    geod, d = Geod(ellps="WGS84"), data.RES
    row_m2: dict[int, float] = {}
    loss = []
    for values, coverage, centre_y in zip(
        table["values"], table["coverage"], table["center_y"], strict=True
    ):
        rows = np.floor((data.NORTH - np.asarray(centre_y)) / d).astype(int)
        for row in set(rows.tolist()) - row_m2.keys():
            top = data.NORTH - row * d
            row_m2[row] = abs(geod.polygon_area_perimeter([0, d, d, 0], [top, top, top - d, top - d])[0])
        areas = np.array([row_m2[r] for r in rows.tolist()])
        lost = np.asarray(values) > 0
        loss.append(float(np.sum(np.asarray(coverage)[lost] * areas[lost])) / 1e4)
    return np.array(loss)


def versions() -> dict[str, str]:
    import exactextract
    import rasterio
    import rasterstats

    found = {
        "python": platform.python_version(),
        "exactextract": exactextract.__version__,
        "rasterio": rasterio.__version__,
        "GDAL": rasterio.__gdal_version__,
        "rasterstats": rasterstats.__version__,
    }
    if QGIS.exists():
        text = subprocess.run(
            [str(QGIS), "--version"], capture_output=True, text=True,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        ).stdout
        found["QGIS"] = next((line.split()[1] for line in text.splitlines() if line.startswith("QGIS ")), "?")
    return found


def machine() -> str:
    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({model}), {memory_gib:.0f} GiB RAM, {platform.system()}"


def parent_main() -> int:
    data.build()
    peers = ["baseline", "engine", "engine_one_core", "exactextract", "exactextract_spherical", "rasterstats"]
    if QGIS.exists():
        peers.append("qgis")
    else:
        print("QGIS (qgis_process.bin) not installed: skipped", flush=True)
    runs: dict[str, list[tuple[float, float]]] = {}
    memory: dict[str, float] = {}
    for round_ in range(REPEATS):
        for name in peers:
            if round_ >= RUNS.get(name, 1):
                continue
            wall, cpu, peak = run_peer(name)
            runs.setdefault(name, []).append((wall, cpu))
            memory[name] = max(memory.get(name, 0.0), peak)
            print(f"{name:24s} {wall:8.2f} s wall {cpu:8.2f} s cpu {peak:7.0f} MiB", flush=True)
    text = report(runs, memory)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "zonal.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def report(runs: dict[str, list[tuple[float, float]]], memory: dict[str, float]) -> str:
    full = data.N_CLAIMS
    wall = {n: statistics.median(w for w, _ in r) for n, r in runs.items()}
    cpu = {n: statistics.median(c for _, c in r) for n, r in runs.items()}
    rows = [
        ("this engine: exact coverage x ellipsoidal pixel area", "engine",
         f"{os.cpu_count()} threads"),
        ("this engine on one core", "engine_one_core", "CONCESSION_GIS_WORKERS=1"),
        ("exactextract `unique`+`frac`+`count` (coverage only, no area)", "exactextract", ""),
        ("exactextract, `coverage_weight=area_spherical_m2`", "exactextract_spherical", ""),
        ("rasterstats `zonal_stats(categorical=True)`", "rasterstats", "one thread: its only mode"),
        ("QGIS `native:zonalhistogram`", "qgis", "whole qgis_process run, start-up included"),
    ]
    lines = [
        "## Zonal forest loss (issue 3)",
        "",
        f"{full:,} claims of 100-1,000 ha (EPSG:32719, 1 km UTM grid) over a "
        f"{data.SIZE:,} x {data.SIZE:,} lossyear GeoTIFF (EPSG:4326, 0.00025°, tiled, DEFLATE) "
        f"centred on 13°S, built by `bench/zonal_data.py`. Machine: {machine()}, shared with "
        f"other work. Run {dt.date.today().isoformat()}. Versions: "
        + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".",
        "",
        f"Medians of {REPEATS} runs for this engine (on all cores and on one) and exactextract, "
        f"{RUNS['rasterstats']} for rasterstats, one run for the others, the peers taking turns; "
        "each run in its own process on the same files, files read before the clock starts "
        "(QGIS: the whole process). CPU is user + system time for the same span, all threads included. "
        "Peak memory is the process's maximum resident set size; Python with the libraries "
        f"imported and the claims read already takes {memory.get('baseline', 0):.0f} MiB.",
        "",
        "| tool | wall (s) | CPU (s) | wall vs this engine | peak memory (MiB) | note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, name, note in rows:
        if name not in wall:
            lines.append(f"| {label} | skipped | | | | not installed |")
            continue
        lines.append(
            f"| {label} | {wall[name]:.2f} | {cpu[name]:.2f} | {wall[name] / wall['engine']:.2f}x "
            f"| {memory[name]:.0f} | {note} |"
        )
    lines += ["", *totals_section(wall)]
    return "\n".join(lines) + "\n"


def totals_section(seconds_full: dict[str, float]) -> list[str]:
    engine = np.load(data.DATA / "out_engine.npz")
    eex = np.load(data.DATA / "out_exactextract.npz")
    ellipsoid, sphere, nominal = pixel_areas_by_claim()
    lost = eex["lost_pixels"]
    truth = float(np.sum(lost * ellipsoid)) / 1e4
    engine_ha = float(engine["loss_ha"].sum())
    big = lost * ellipsoid / 1e4 > 1.0
    worst = np.max(np.abs(engine["loss_ha"][big] / (lost[big] * ellipsoid[big] / 1e4) - 1))

    def off(value: float, reference: float) -> str:
        return f"{(value / reference - 1) * 100:+.4f}%"

    lines = [
        "Total loss over all claims (ha). Reference: exactextract's coverage-weighted pixel counts "
        "x the WGS84 area of a pixel at each claim's centre latitude (pyproj.Geod), which this "
        "engine must match; the other rows show what other pixel areas or pixel rules give.",
        "",
        "| total loss over 10,000 claims | ha | vs reference |",
        "|---|---:|---:|",
        f"| reference (exactextract counts x Geod ellipsoidal pixel area) | {truth:,.1f} | |",
        f"| this engine | {engine_ha:,.1f} | {off(engine_ha, truth)} |",
        f"| exactextract counts x nominal 30 m x 30 m | {np.sum(lost * nominal) / 1e4:,.1f} | "
        f"{off(np.sum(lost * nominal) / 1e4, truth)} |",
        f"| exactextract counts x spherical pixel area (R = {SPHERE_RADIUS_M:,.1f} m) | "
        f"{np.sum(lost * sphere) / 1e4:,.1f} | {off(np.sum(lost * sphere) / 1e4, truth)} |",
    ]
    if (data.DATA / "out_exactextract_spherical.npz").exists() and "exactextract_spherical" in seconds_full:
        sph = float(np.load(data.DATA / "out_exactextract_spherical.npz")["loss_ha"].sum())
        lines.append(f"| exactextract `area_spherical_m2` | {sph:,.1f} | {off(sph, truth)} |")
    exact, exact_n = row_exact_reference(), REFERENCE_SUBSET
    worst_exact = np.max(np.abs(engine["loss_ha"][:exact_n] - exact) / np.maximum(exact, 1e-9))
    lines += [
        "",
        f"Largest per-claim difference, this engine vs reference (claims with > 1 ha loss): "
        f"{worst * 100:.4f}% (the reference uses one latitude per claim, the engine every row's). "
        f"Against an exact reference for the first {exact_n} claims (exactextract's `coverage` "
        "and `center_y` per pixel x the Geod area of that pixel's row) the largest per-claim "
        f"difference is {worst_exact:.1e} (relative); totals {exact.sum():,.3f} ha (reference) vs "
        f"{engine['loss_ha'][:exact_n].sum():,.3f} ha (this engine).",
        "",
        f"Pixel-centre tools, all {data.N_CLAIMS:,} claims (reference {truth:,.1f} ha):",
        "",
        "| tool | ha (counts x Geod pixel area) | vs reference |",
        "|---|---:|---:|",
    ]
    for name in ("rasterstats", "qgis"):
        path = data.DATA / f"out_{name}.npz"
        if name in seconds_full and path.exists():
            counts = np.load(path)["lost_pixels"]
            ha = float(np.sum(counts * ellipsoid)) / 1e4
            lines.append(f"| {name} | {ha:,.1f} | {off(ha, truth)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--peer", choices=sorted(PEERS))
    parser.add_argument("--report", type=Path)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached inputs")
    args = parser.parse_args(argv)
    if args.peer:
        child_main(args.peer, args.report)
        return 0
    if args.rebuild:
        data.build(force=True)
    return parent_main()


if __name__ == "__main__":
    raise SystemExit(main())
