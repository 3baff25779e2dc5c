"""``analyze --no-map`` against the same joins scripted in plain geopandas (bench/plain_geopandas.py),
whole process against whole process, on the region and national samples without a raster
(issue 22: "at most 1.2× the plain geopandas script's time while doing all the classification").

The two commands take turns, several rounds, so both see the same load from the machine's other
tenants; the ratio of each round (ours / baseline) is reported with its spread, in wall time
and in CPU time (user + system, which a neighbour disturbs less). Each round also runs ours once
more with a stage clock (:data:`STAGE_DRIVER`: the same command line, the analysis's Feedback
stages timed), for where its CPU time goes; that run is not in the ratios.

Run: python -m bench.bench_baseline [--rounds N] [region|national ...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench.bench_vector import DATA, RESULTS, generate
from bench.measure import run_measured

# ``analyze`` as the command line runs it, each Feedback stage's CPU seconds printed as JSON; the
# start-up of Python and the imports until the first stage are the "start-up and imports" row.
STAGE_DRIVER = r"""
import json, sys, time
from bench.in_process import StageClock
import concession_gis.cli as cli
from concession_gis.progress import Feedback

clock = StageClock()
clock.marks.append(("start-up and imports", time.perf_counter(), 0.0, 0.0))


class Timed(Feedback):
    def __init__(self, listener=None):
        super().__init__(lambda step: (clock(step), listener and listener(step)))


cli.Feedback = Timed
code = cli.main(sys.argv[1:])
clock.mark("_end")
print(json.dumps({name: cpu for name, (_, cpu, _) in clock.stages().items()}))
sys.exit(code)
"""

HERE = Path(__file__).parent
INPUT_OPTIONS = {"concessions": "--concessions", "registrations": "--registrations", "restricted": "--restricted",
                 "districts": "--districts", "allowed_zones": "--allowed-zones", "activity": "--activity",
                 "holders": "--holders"}


def ours_command(files: dict, out: Path) -> list[str]:
    command = [sys.executable, "-m", "concession_gis", "analyze", "--no-map", "--quiet", "--out", str(out)]
    for kind, option in INPUT_OPTIONS.items():
        for path in files.get(kind, []):
            command += [option, path]
    return command


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f})"


def bench(scale: str, rounds: int) -> list[str]:
    files = generate(scale)
    manifest = DATA / f"vector_{scale}" / "manifest.json"
    out = DATA / "baseline_out"
    ours, plain, stages = [], [], []
    for _ in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        ours.append(run_measured(ours_command(files, out / "ours")))
        plain.append(run_measured([sys.executable, str(HERE / "plain_geopandas.py"), str(manifest), str(out / "plain.gpkg")]))
        staged = run_measured([sys.executable, "-c", STAGE_DRIVER, *ours_command(files, out / "staged")[3:]],
                              cwd=HERE.parent)
        stages.append(json.loads(staged.stdout.strip().splitlines()[-1]))
    shutil.rmtree(out, ignore_errors=True)
    counts = json.loads(plain[-1].stdout.strip().splitlines()[-1])
    wall = [a.wall_s / b.wall_s for a, b in zip(ours, plain, strict=True)]
    cpu = [a.cpu_s / b.cpu_s for a, b in zip(ours, plain, strict=True)]
    return [
        f"#### {scale}: {counts['claims']:,} claims, {counts['registrations']:,} registrations, "
        f"{counts['overlaps']:,} overlapping pairs; {rounds} rounds", "",
        "| whole process | wall s (median, range) | CPU s (median) | peak MB |", "|---|---:|---:|---:|",
        *(f"| {name} | {statistics.median(m.wall_s for m in runs):.2f} ({min(m.wall_s for m in runs):.2f}–"
          f"{max(m.wall_s for m in runs):.2f}) | {statistics.median(m.cpu_s for m in runs):.2f} | "
          f"{statistics.median(m.peak_mib for m in runs):.0f} |"
          for name, runs in (("`concession-gis analyze --no-map`", ours), ("plain geopandas script", plain))),
        f"| **ours / plain** | **{spread(wall)}** | **{spread(cpu)}** | |", "",
        *stage_table(stages), "",
    ]


def stage_table(stages: list[dict[str, float]]) -> list[str]:
    """Where ours' CPU time goes: each stage's median over the rounds, in the order run."""
    names = list(dict.fromkeys(name for run in stages for name in run))
    medians = {name: statistics.median(run.get(name, 0.0) for run in stages) for name in names}
    total = sum(medians.values())
    return ["| `analyze --no-map`, by stage (own run with a stage clock) | CPU s (median) | share |", "|---|---:|---:|",
            *(f"| {name} | {cpu:.2f} | {100 * cpu / total:.0f}% |" for name, cpu in medians.items()),
            f"| all | {total:.2f} | |"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_baseline")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("scales", nargs="*", default=["region", "national"])
    args = parser.parse_args(argv)
    lines = ["## Against a plain geopandas script (issue 22)", "",
             f"Date {time.strftime('%Y-%m-%d %H:%M')}; the two commands take turns; ratios per round.", ""]
    for scale in args.scales:
        print(f"-- {scale}", flush=True)
        lines += bench(scale, args.rounds)
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / "baseline.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
