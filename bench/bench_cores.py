"""Both cores (issue 22): the whole ``analyze`` of the region on one core and on all of them.

The generator's region (cached in bench/data/ by bench_vector) with its loss mosaic and forest
baseline, the whole command (``concession-gis analyze --no-map``: start-up, loading, every stage,
results written), each run its own process under GNU time:
- ``one core``: the process and every thread it starts pinned to one CPU (``sched_setaffinity``
  before anything is imported), the time the target compares with;
- ``all cores``: as a user runs it;
- with ``--before REV``, that revision's code on all cores too (exported as bench_speed does).
The runs take turns, several rounds; each round's ratio to its own one-core run is reported.
Target: the whole ``analyze`` on all cores at most 0.7× its one-core time.

Run: python -m bench.bench_cores [--rounds N] [--before REV]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import time

from bench.bench_speed import before_tree
from bench.bench_vector import DATA, RESULTS, generate
from bench.measure import Measured, run_measured

ROUNDS = 3
TARGET = 0.7

# argv: the root to import concession_gis from ('' for this tree), 'one' or 'all', then the CLI's.
DRIVER = r"""
import os, sys
if sys.argv[2] == "one":
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
if sys.argv[1]:
    sys.path.insert(0, sys.argv[1])
from concession_gis import cli
sys.exit(cli.main(sys.argv[3:]))
"""


def command(files: dict, out: str, root: str, cores: str) -> list[str]:
    args = ["analyze", "--no-map", "--quiet", "--out", out, "--concessions", *files["concessions"][:1],
            "--registrations", *files["registrations"][:1], "--loss-raster", files["loss_rasters"][0],
            "--forest", files["forest"][0]]
    for path in files.get("restricted", []):
        args += ["--restricted", path]
    if files.get("activity"):
        args += ["--activity", files["activity"][0]]
    return [sys.executable, "-c", DRIVER, root, cores, *args]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cores")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--before", help="an earlier revision, run on all cores beside this code")
    args = parser.parse_args(argv)
    files = generate("region")
    sides = {"one core": ("", "one"), "all cores": ("", "all")}
    if args.before:
        sides[f"all cores, code of {args.before}"] = (str(before_tree(args.before)), "all")
    runs: dict[str, list[Measured]] = {name: [] for name in sides}
    out = DATA / "cores_out"
    loads = []
    for k in range(args.rounds):
        for name, (root, cores) in sides.items():
            print(f"-- round {k + 1}: {name}", flush=True)
            shutil.rmtree(out, ignore_errors=True)
            runs[name].append(run_measured(command(files, str(out), root, cores)))
            loads.append(os.getloadavg()[0])
    shutil.rmtree(out, ignore_errors=True)

    def cell(values: list[float], digits: int = 1) -> str:
        return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"

    one = runs["one core"]
    lines = [
        "## Both cores: the whole `analyze` on one core and on all (issue 22)", "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
        f"date {time.strftime('%Y-%m-%d')}; load average after each run {min(loads):.1f}–{max(loads):.1f}. "
        "Region data (10,000 claims, 15,000 registrations, the 100-million-pixel loss mosaic and its forest "
        f"baseline), `concession-gis analyze --no-map`, whole process; {args.rounds} rounds taking turns; "
        "medians, the spread over rounds in brackets.", "",
        "| run | wall s | CPU s | peak MB | wall / one core's (same round) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, measured in runs.items():
        ratio = [m.wall_s / o.wall_s for m, o in zip(measured, one, strict=True)]
        lines.append(f"| {name} | {cell([m.wall_s for m in measured])} | {cell([m.cpu_s for m in measured])} | "
                     f"{statistics.median(m.peak_mib for m in measured):,.0f} | {cell(ratio, 2)}× |")
    best = statistics.median(m.wall_s / o.wall_s for m, o in zip(runs["all cores"], one, strict=True))
    lines += ["", f"Target: all cores at most {TARGET}× the one-core time: "
              f"**{'met' if best <= TARGET else 'not met'}** ({best:.2f}×).", ""]
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / "cores.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
