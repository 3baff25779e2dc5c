"""How the whole analysis grows with the data: the region at 1x, 2x, 4x and 8x (issue 22).

The generator's region sample (`write_synthetic("region", size_factor=f)`: claims and
registrations times f, the loss and forest rasters' area times f, so densities stay the same),
analysed whole (`analyze` with the loss raster and forest baseline, results written, no maps) in
its own process under GNU time, each size in turn within a round. Each stage's wall and CPU
seconds come from a Feedback listener. Linear growth is the target: at most 8.0x the 1x time at
8x, memory growing no faster than the data.

Run: python -m bench.bench_scaling [--factors 1,2,4,8] [--rounds N]
Inputs are cached under $SCALING_BENCH_DATA (default /tmp/concession-gis-scaling-bench).
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

from bench.measure import run_measured

HERE = Path(__file__).parent
RESULTS = HERE / "results"
DATA = Path(os.environ.get("SCALING_BENCH_DATA", "/tmp/concession-gis-scaling-bench"))

DRIVER = r"""
import json, sys, time
from bench.in_process import StageClock
from concession_gis.export.results import write_results
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.progress import Feedback

spec = json.loads(sys.argv[1])
clock = StageClock()
start = time.perf_counter()
results = analyze(Inputs(**spec["inputs"]), Feedback(clock), lang="es")
write_results(results, spec["out"])
clock.mark("_end")
print(json.dumps({"stages": clock.stages(), "claims": len(results.concessions),
                  "registrations": len(results.registrations)}))
"""


def inputs(factor: float) -> dict:
    """The region sample at ``factor``, generated once; the analysis' inputs."""
    folder = DATA / f"region_x{factor:g}"
    manifest = folder / "manifest.json"
    if not manifest.exists():
        from concession_gis.sample.synthetic import write_synthetic

        started = time.perf_counter()
        files = write_synthetic("region", folder, seed=0, size_factor=factor)
        files = {k: [str(p) for p in v] for k, v in files.items()}
        files["generation_s"] = round(time.perf_counter() - started, 1)
        manifest.write_text(json.dumps(files))
    files = json.loads(manifest.read_text())
    return {"concessions": files["concessions"], "registrations": files["registrations"],
            "loss_rasters": files["loss_rasters"], "forest": files["forest"], "restricted": files["restricted"],
            "districts": files["districts"][0], "allowed_zones": files["allowed_zones"],
            "activity": files["activity"][0], "holders": files["holders"][0]}


def raster_pixels(spec: dict) -> int:
    import rasterio

    with rasterio.open(spec["loss_rasters"][0]) as dataset:
        return dataset.width * dataset.height


def run(factor: float) -> dict:
    spec = {"inputs": inputs(factor), "out": str(DATA / f"out_x{factor:g}")}
    load = os.getloadavg()[0]
    measured = run_measured([sys.executable, "-c", DRIVER, json.dumps(spec)])
    report = json.loads(measured.stdout.strip().splitlines()[-1])
    return {**report, "wall_s": measured.wall_s, "cpu_s": measured.cpu_s, "peak_mb": measured.peak_mib,
            "load": (load, os.getloadavg()[0]), "pixels": raster_pixels(spec["inputs"])}


def bench(factors: list[float], rounds: int) -> list[str]:
    for factor in factors:
        inputs(factor)  # generate before timing anything
    runs: dict[float, list[dict]] = {f: [] for f in factors}
    for _ in range(rounds):
        for factor in factors:
            runs[factor].append(run(factor))
    base = factors[0]

    def median(factor: float, key: str) -> float:
        return statistics.median(r[key] for r in runs[factor])

    loads = [x for rs in runs.values() for r in rs for x in r["load"]]
    lines = [
        f"#### The region at {', '.join(f'{f:g}×' for f in factors)} ({time.strftime('%Y-%m-%d')})", "",
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; {rounds} round(s), each size in turn; "
        f"load average {min(loads):.1f}–{max(loads):.1f}. Whole `analyze` with the loss raster and forest "
        "baseline, results written, no maps; medians over rounds.", "",
        "| size | claims | registrations | raster Mpx | wall s | each run, wall s | CPU s | peak MB | wall / 1× | CPU / 1× | peak / 1× |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for factor in factors:
        r = runs[factor][0]
        each = ", ".join(f"{run['wall_s']:.1f}" for run in runs[factor])
        lines.append(
            f"| {factor:g}× | {r['claims']:,} | {r['registrations']:,} | {r['pixels'] / 1e6:,.0f} | "
            f"{median(factor, 'wall_s'):.1f} | {each} | {median(factor, 'cpu_s'):.1f} | {median(factor, 'peak_mb'):,.0f} | "
            f"{median(factor, 'wall_s') / median(base, 'wall_s'):.2f} | {median(factor, 'cpu_s') / median(base, 'cpu_s'):.2f} | "
            f"{median(factor, 'peak_mb') / median(base, 'peak_mb'):.2f} |")
    top = factors[-1]
    stages = runs[top][0]["stages"]
    lines += ["", f"Each stage's CPU seconds at {base:g}× and {top:g}× (first round), the largest first:", "",
              f"| stage | {base:g}× CPU s | {top:g}× CPU s | ratio |", "|---|---:|---:|---:|"]
    for name in sorted(stages, key=lambda k: -stages[k][1])[:12]:
        small = runs[base][0]["stages"].get(name, (0.0, 0.0, 0.0))[1]
        lines.append(f"| {name} | {small:.2f} | {stages[name][1]:.2f} | "
                     f"{stages[name][1] / small if small > 0.005 else float('nan'):.1f} |")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", default="1,2,4,8")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    factors = [float(f) for f in args.factors.split(",")]
    lines = bench(factors, args.rounds)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scaling.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
