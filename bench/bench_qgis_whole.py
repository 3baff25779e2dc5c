"""Against QGIS, whole process against whole process (issue 22: "whole process at least 4× QGIS's").

On the generator's region and national data (no raster): this tool's whole
``concession-gis analyze --no-map`` (start-up, reading the raw shapefiles and CSV, every stage,
12 layers written) against the same joins in QGIS as a user would run them,
``qgis_process run native:joinattributesbylocation`` (registrations on the claims, one-to-many)
and ``native:intersection`` (claims on claims), each a whole process reading GeoPackages made
beforehand (conversion not timed) and writing its result. Each process under GNU time, the two
sides taking turns, several rounds; the ratio is QGIS's two processes over this tool's one, per
round. The in-process comparison of the join alone is bench_join's.

Run: python -m bench.bench_qgis_whole [--rounds N] [region|national ...]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import time

from bench.bench_baseline import ours_command
from bench.bench_vector import DATA, QGIS, RESULTS, generate, to_geopackage
from bench.measure import Measured, run_measured

ROUNDS = 3
TARGET = 4.0


def qgis_runs(scale: str, files: dict) -> list[list[str]]:
    folder = DATA / f"qgis_{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    claims, points = to_geopackage(files, folder)
    run = [str(QGIS), "run"]
    return [[*run, "native:joinattributesbylocation", "--", f"INPUT={points}", f"JOIN={claims}", "PREDICATE=0",
             "METHOD=0", f"OUTPUT={folder / 'joined.gpkg'}"],
            [*run, "native:intersection", "--", f"INPUT={claims}", f"OVERLAY={claims}",
             f"OUTPUT={folder / 'pairs.gpkg'}"]]


def bench(scale: str, rounds: int) -> list[str]:
    files = generate(scale)
    out = DATA / "qgis_whole_out"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    ours: list[Measured] = []
    theirs: list[tuple[Measured, Measured]] = []
    loads = []
    for k in range(rounds):
        print(f"-- {scale}, round {k + 1}", flush=True)
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        ours.append(run_measured(ours_command(files, out / "ours")))
        join, inter = (run_measured(command, env) for command in qgis_runs(scale, files))
        theirs.append((join, inter))
        loads.append(os.getloadavg()[0])
    shutil.rmtree(out, ignore_errors=True)

    def cell(values: list[float], digits: int = 1) -> str:
        return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"

    qgis_wall = [j.wall_s + i.wall_s for j, i in theirs]
    qgis_cpu = [j.cpu_s + i.cpu_s for j, i in theirs]
    wall = [q / o.wall_s for q, o in zip(qgis_wall, ours, strict=True)]
    cpu = [q / o.cpu_s for q, o in zip(qgis_cpu, ours, strict=True)]
    return [
        f"#### {scale}: {rounds} rounds, load average after each {min(loads):.1f}–{max(loads):.1f}", "",
        "| whole process | wall s (median, range) | CPU s | peak MB |", "|---|---:|---:|---:|",
        f"| `concession-gis analyze --no-map` (everything) | {cell([o.wall_s for o in ours], 2)} | "
        f"{cell([o.cpu_s for o in ours], 2)} | {statistics.median(o.peak_mib for o in ours):,.0f} |",
        f"| QGIS `joinattributesbylocation` | {cell([j.wall_s for j, _ in theirs], 2)} | "
        f"{cell([j.cpu_s for j, _ in theirs], 2)} | {statistics.median(j.peak_mib for j, _ in theirs):,.0f} |",
        f"| QGIS `intersection` (claims on claims) | {cell([i.wall_s for _, i in theirs], 2)} | "
        f"{cell([i.cpu_s for _, i in theirs], 2)} | {statistics.median(i.peak_mib for _, i in theirs):,.0f} |",
        f"| **QGIS (both) / concession-gis** | **{cell(wall, 2)}×** | **{cell(cpu, 2)}×** | |", "",
        f"Target (at least {TARGET:g}× QGIS's whole process): **{'met' if statistics.median(wall) >= TARGET else 'not met'}**.",
        "",
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_qgis_whole")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("scales", nargs="*", default=["region", "national"])
    args = parser.parse_args(argv)
    if not QGIS.exists():
        print("QGIS (qgis_process) is not installed here: nothing to compare", file=sys.stderr)
        return 0
    lines = ["## Against QGIS, whole process against whole process (issue 22)", "",
             f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
             f"date {time.strftime('%Y-%m-%d')}.", ""]
    for scale in args.scales:
        lines += bench(scale, args.rounds)
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / "qgis_whole.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
