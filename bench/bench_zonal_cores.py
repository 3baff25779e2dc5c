"""The region's zonal stage on two cores (issue 22): warm calls on worker processes against one thread.

The generator's region (cached in bench/data/ by bench_vector): its 10,000 claims' forest loss
over the 100-million-pixel loss mosaic, ``zonal_loss`` called ``CALLS`` times in one process (the
first call starts the worker pool and warms GDAL's cache: not counted), once with
``CONCESSION_GIS_WORKERS=2`` (the batches in two worker processes) and once with ``=1`` (on the
calling thread), the two taking turns over several rounds. Target: at least 1.6× on 2 cores.

Run: python -m bench.bench_zonal_cores [--rounds N]; writes bench/results/zonal_cores.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

from bench.bench_vector import RESULTS, generate

ROUNDS = 3
CALLS = 5
TARGET = 1.6

# argv: the loss raster, the claims' file, the number of calls; prints each call's seconds (JSON).
DRIVER = r"""
import json, sys, time
import geopandas as gpd
from concession_gis.raster.sources import open_loss_sources
from concession_gis.raster.zonal import zonal_loss

if __name__ == "__main__":
    source = open_loss_sources([sys.argv[1]])[0]
    claims = gpd.read_file(sys.argv[2]).to_crs(4326).geometry
    seconds = []
    for _ in range(int(sys.argv[3])):
        started = time.perf_counter()
        zonal_loss(source, claims)
        seconds.append(time.perf_counter() - started)
    print(json.dumps(seconds))
"""


def warm_calls(files: dict, workers: int) -> list[float]:
    env = {**os.environ, "CONCESSION_GIS_WORKERS": str(workers)}
    out = subprocess.run([sys.executable, "-c", DRIVER, str(files["loss_rasters"][0]), str(files["concessions"][0]),
                          str(CALLS)], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])[1:]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_zonal_cores")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    rounds = parser.parse_args(argv).rounds
    files = generate("region")
    two, one, ratios = [], [], []
    for n in range(rounds):
        print(f"-- round {n + 1}", flush=True)
        on_two, on_one = warm_calls(files, 2), warm_calls(files, 1)
        two += on_two
        one += on_one
        ratios.append(statistics.median(on_one) / statistics.median(on_two))
    ratio = statistics.median(one) / statistics.median(two)
    lines = [
        "## The region's zonal stage on two cores (issue 22)",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
        f"load average at the end {os.getloadavg()[0]:.1f}. The region's 10,000 claims over its 100-million-pixel "
        f"loss mosaic, `zonal_loss` called {CALLS} times per process, the first (pool start, cold cache) not counted; "
        f"{rounds} rounds taking turns.",
        "",
        "| extraction | warm call, s (median) | range |",
        "|---|---:|---:|",
        f"| two worker processes | {statistics.median(two):.3f} | {min(two):.2f}–{max(two):.2f} |",
        f"| one thread | {statistics.median(one):.3f} | {min(one):.2f}–{max(one):.2f} |",
        "",
        f"One thread / two workers: **{ratio:.2f}×** (rounds: {', '.join(f'{r:.2f}×' for r in ratios)}). "
        f"Target at least {TARGET}×: **{'met' if ratio >= TARGET else 'not met'}**.",
        "",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "zonal_cores.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
