"""The raster work on a Dask cluster (issue 21): the plain run against 1 and 2 local workers.

On the generator's region (or national) data (cached in bench/data/ by bench_vector), the whole analysis with
the loss mosaic and the forest baseline, in rounds that take each engine in turn (the machine is
shared: ratios within one round are what to read):
- ``threads``: the plain run, the extraction on one thread per core (parallel.py);
- ``one thread``: the plain run with CONCESSION_GIS_WORKERS=1;
- ``1 worker`` and ``2 workers``: ``--workers N``, a LocalCluster of N one-thread processes.
Each run is its own process; the time spent extracting (every zonal measure's batches, wherever
they run) is clocked around ``extract_batches``, with the pixels its windows read, and each
worker reports its own peak memory (VmHWM) before the cluster closes. The hectares of every run
are checked against the plain run's.

Run: python -m bench.bench_cluster [--rounds N] [--scale region|national] [--engines "threads,2 workers"]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from bench.bench_vector import generate
from bench.measure import run_measured

HERE = Path(__file__).parent
RESULTS = HERE / "results"
ROUNDS = 2
ENGINES = {"threads": {}, "one thread": {"CONCESSION_GIS_WORKERS": "1"}, "1 worker": {"workers": 1},
           "2 workers": {"workers": 2}}

DRIVER = r"""
import contextlib, json, sys, time
import concession_gis.raster.zonal as zonal
from bench.in_process import StageClock
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.progress import Feedback

def high_water_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")

spec = json.loads(sys.argv[1])
clocked = {"extract_s": 0.0, "pixels": 0, "batches": 0, "features": 0}
plain_extract = zonal.extract_batches
def extract_batches(source, batches, n_features, feedback):
    started = time.perf_counter()
    try:
        return plain_extract(source, batches, n_features, feedback)
    finally:
        clocked["extract_s"] += time.perf_counter() - started
        clocked["pixels"] += sum(w * h for _, _, (_, _, w, h) in batches)
        clocked["batches"] += len(batches)
        clocked["features"] += n_features
zonal.extract_batches = extract_batches

start = time.perf_counter()
engine = contextlib.nullcontext()
if spec["workers"]:
    from concession_gis.raster.cluster import cluster_engine
    engine = cluster_engine(workers=spec["workers"])
with engine as cluster:
    ready = time.perf_counter()
    clock = StageClock()
    results = analyze(Inputs(**spec["inputs"]), Feedback(clock), lang="es")
    done = clock.mark("_end")
    workers_mb = sorted(cluster.client.run(high_water_mb).values()) if cluster else []
print(json.dumps({"start_s": ready - start, "analyze_s": done - ready, **clocked, "client_mb": high_water_mb(),
                  "workers_mb": workers_mb, "hectares": results.summary["hectares"],
                  "claims": len(results.concessions), "registrations": len(results.registrations),
                  "loss_rows": len(results.loss_by_year),
                  "tiles_s": sum(clock.stages().get(k, (0.0,))[0] for k in ("loss_fronts", "loss_by_zone")),
                  "fronts": [len(results.loss_fronts), float(results.loss_fronts["area_ha"].sum()),
                             float(results.loss_by_zone["loss_ha"].sum())]}))
"""


def run(files: dict, name: str) -> dict:
    settings = dict(ENGINES[name])
    workers = settings.pop("workers", 0)
    spec = {"workers": workers, "inputs": {
        "concessions": files["concessions"], "registrations": files["registrations"],
        "restricted": files.get("restricted", []), "activity": (files.get("activity") or [None])[0],
        "loss_rasters": files["loss_rasters"][:1], "forest": files.get("forest", [])[:1],
    }}
    measured = run_measured([sys.executable, "-c", DRIVER, json.dumps(spec)], env={**os.environ, **settings})
    report = json.loads(measured.stdout.strip().splitlines()[-1])
    report.update(wall_s=measured.wall_s, peak_mb=measured.peak_mib)
    return report


def same_hectares(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(abs(a[k] - b[k]) <= 1e-9 * max(abs(a[k]), 1.0) for k in a)


def same_fronts(a: list, b: list) -> bool:
    """The same number of fronts, and their hectares and loss by zone's within 1e-9."""
    return a[0] == b[0] and all(abs(x - y) <= 1e-9 * max(abs(x), 1.0) for x, y in zip(a[1:], b[1:], strict=True))


def main(argv: list[str]) -> int:
    import concession_gis

    parser = argparse.ArgumentParser(prog="python -m bench.bench_cluster")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--scale", choices=("region", "national"), default="region")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated, of: {', '.join(ENGINES)}")
    args = parser.parse_args(argv)
    rounds, scale, engines = args.rounds, args.scale, [name.strip() for name in args.engines.split(",")]
    files = generate(scale)
    runs: dict[str, list[dict]] = {name: [] for name in engines}
    for k in range(rounds):
        for name in engines:
            print(f"-- round {k + 1}: {name}", flush=True)
            runs[name].append(run(files, name))
    plain = runs[engines[0]][0]
    first = plain
    lines = [
        "## On a Dask cluster (issue 21)", "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
        f"concession-gis {concession_gis.__version__}, date {time.strftime('%Y-%m-%d')}. {scale.title()} data: "
        f"{first['claims']:,} claims, {first['registrations']:,} registrations, the loss mosaic and the forest "
        f"baseline; {first['batches']:,} batches of {first['features']:,} polygons or pieces over all zonal "
        f"measures, {first['pixels'] / 1e6:,.0f} million pixels read. {rounds} rounds, each engine in turn; "
        "medians, and the spread over rounds in brackets.", "",
        f"| engine | whole process s | cluster start s | analysis s | extraction s | extraction vs {engines[0]} | "
        "fronts + loss by zone s | client peak MB | per worker peak MB | same hectares |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]

    def cell(values: list[float], digits: int = 1) -> str:
        text = f"{statistics.median(values):.{digits}f}"
        return text if len(values) == 1 else f"{text} ({min(values):.{digits}f}–{max(values):.{digits}f})"

    extract_plain = [r["extract_s"] for r in runs[engines[0]]]
    for name, reports in runs.items():
        ratio = [r["extract_s"] / p for r, p in zip(reports, extract_plain, strict=True)]
        workers = [mb for r in reports for mb in r["workers_mb"]]
        same = all(same_hectares(r["hectares"], plain["hectares"]) and same_fronts(r["fronts"], plain["fronts"])
                   for r in reports)
        lines.append(
            f"| {name} | {cell([r['wall_s'] for r in reports])} | {cell([r['start_s'] for r in reports])} "
            f"| {cell([r['analyze_s'] for r in reports])} | {cell([r['extract_s'] for r in reports])} "
            f"| {cell(ratio, 2)}× | {cell([r['tiles_s'] for r in reports])} | {cell([r['peak_mb'] for r in reports], 0)} "
            f"| {cell(workers, 0) if workers else '–'} | {'yes' if same else 'NO'} |")
    one = runs.get("one thread") or runs[engines[0]]
    vector_s = statistics.median(r["analyze_s"] - r["extract_s"] for r in one)
    extract_s = statistics.median(r["extract_s"] for r in one)
    lines += ["", f"Cost (the `{'one thread' if 'one thread' in runs else engines[0]}` rows): extraction {1e6 * extract_s / first['pixels']:.2f} µs "
              f"per pixel read ({extract_s / (first['pixels'] / 1e6):.3f} s per million pixels), "
              f"{1000 * extract_s / first['features']:.2f} ms per polygon measured; the rest of the analysis "
              f"{vector_s:.1f} s, {1000 * vector_s / first['claims']:.2f} s per thousand claims "
              f"(with their {first['registrations']:,} registrations).", ""]
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / f"cluster_{scale}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"cluster_{scale}.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print(text)
    return 0 if all(same_hectares(r["hectares"], plain["hectares"]) and same_fronts(r["fronts"], plain["fronts"])
                    for rs in runs.values() for r in rs) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
