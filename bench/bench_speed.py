"""Before and after a speed change, side by side (issue 22): loading a REINFO CSV of 200,000
rows, and each stage of ``analyze`` (loading, ``hosts``, ``overlaps`` ...) on the region and
national samples, by this working tree and by an earlier revision, in fresh processes taking
turns, several rounds.

On a machine other sessions share, absolute times wander with their load; taking turns
exposes both sides to the same load, and the ratio (before / after) is what is reported, with
its spread over rounds, in wall time and in CPU time (the process's own, which a neighbour
disturbs less). The earlier revision is exported with ``git archive`` into bench/data/ and
imported from there.

Run: python -m bench.bench_speed [--before REV] [--rounds N] [load|region|national ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_vector import DATA, RESULTS, generate
from bench.measure import run_measured

REPO = Path(__file__).resolve().parent.parent
# The last commit before issue 22's loading and host-join changes.
BEFORE = "5f7cb36"
LOAD_ROWS = 200_000

# argv: root to import concession_gis from ('' for the installed one), then the job as JSON.
PRELUDE = r"""
import json, sys, time, warnings
if sys.argv[1]:
    sys.path.insert(0, sys.argv[1])
warnings.simplefilter("ignore")
job = json.loads(sys.argv[2])
"""

LOAD_DRIVER = PRELUDE + r"""
from concession_gis.analysis.holders import holder_keys
from concession_gis.io.layers import load_registrations
from concession_gis.rules import load_rules
rules = load_rules()
wall, cpu = time.perf_counter(), time.process_time()
loaded = load_registrations([job["csv"]], {}, rules)
keys = holder_keys(loaded.frame["miner"], rules)
print(json.dumps({"rows": len(loaded.frame), "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""

STAGES_DRIVER = PRELUDE + r"""
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.progress import Feedback
marks = []
def listen(step):
    if not marks or marks[-1][0] != step.stage:
        marks.append((step.stage, time.perf_counter(), time.process_time()))
wall, cpu = time.perf_counter(), time.process_time()
results = analyze(Inputs(**job["inputs"]), Feedback(listen), lang="es")
marks.append(("_end", time.perf_counter(), time.process_time()))
stages = {}
for (name, w0, c0), (_, w1, c1) in zip(marks, marks[1:]):
    w, c = stages.get(name, (0.0, 0.0))
    stages[name] = (w + w1 - w0, c + c1 - c0)
stages["analyze"] = (marks[-1][1] - wall, marks[-1][2] - cpu)
print(json.dumps({"stages": stages, "registrations": len(results.registrations)}))
"""


def before_tree(revision: str) -> Path:
    """``revision``'s concession_gis package, exported once into bench/data/."""
    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout.strip()
    root = DATA / f"before_{commit}"
    if not (root / "concession_gis").exists():
        root.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit, "concession_gis"], cwd=REPO, capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return root


def registrations_csv(rows: int = LOAD_ROWS) -> Path:
    """A REINFO CSV of ``rows`` rows: the region sample's rows repeated, each with its own code."""
    path = DATA / f"reinfo_{rows}.csv"
    if path.exists():
        return path
    source = Path(generate("region")["registrations"][0])
    header, *lines = source.read_text(encoding="utf-8-sig").splitlines()
    separator = ";" if header.count(";") else ","
    out = [header]
    for i in range(rows):
        fields = lines[i % len(lines)].split(separator)
        fields[0] = f"{i:08d}"
        out.append(separator.join(fields))
    path.write_text("\n".join(out) + "\n", encoding="utf-8-sig")
    return path


def _run(driver: str, root: Path | None, job: dict) -> dict:
    # Run from bench/data, so that the working tree is not imported by accident from the current folder.
    measured = run_measured([sys.executable, "-c", driver, str(root or ""), json.dumps(job)], cwd=DATA)
    return json.loads(measured.stdout.strip().splitlines()[-1])


def side_by_side(driver: str, job: dict, root: Path, rounds: int) -> tuple[list[dict], list[dict]]:
    """``rounds`` runs of each side, taking turns (the first side alternating)."""
    before, after = [], []
    for k in range(rounds):
        order = [(before, root), (after, None)] if k % 2 == 0 else [(after, None), (before, root)]
        for results, side in order:
            results.append(_run(driver, side, job))
    return before, after


def _ratio(before: list[float], after: list[float]) -> str:
    """Median of before/after over rounds (paired), with the range."""
    ratios = sorted(b / a for b, a in zip(before, after, strict=True) if a > 0)
    if not ratios:
        return "–"
    return f"{statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f})"


def load_lines(root: Path, rounds: int) -> list[str]:
    csv = registrations_csv()
    before, after = side_by_side(LOAD_DRIVER, {"csv": str(csv)}, root, rounds)
    lines = [f"### Loading a REINFO CSV of {before[0]['rows']:,} rows (+ holder-name keys), {rounds} rounds", "",
             "| | before: wall s (median) | after: wall s | before/after wall | before/after CPU |",
             "|---|---:|---:|---:|---:|"]
    wall_b, wall_a = [r["wall"] for r in before], [r["wall"] for r in after]
    cpu_b, cpu_a = [r["cpu"] for r in before], [r["cpu"] for r in after]
    lines.append(f"| load_registrations + holder_keys | {statistics.median(wall_b):.2f} | {statistics.median(wall_a):.2f} "
                 f"| {_ratio(wall_b, wall_a)} | {_ratio(cpu_b, cpu_a)} |")
    return lines + [""]


def stage_lines(scale: str, root: Path, rounds: int) -> list[str]:
    files = generate(scale)
    job = {"inputs": {"concessions": files["concessions"], "registrations": files["registrations"],
                      "restricted": files.get("restricted", []), "activity": (files.get("activity") or [None])[0]}}
    before, after = side_by_side(STAGES_DRIVER, job, root, rounds)
    lines = [f"### `analyze` stages, {scale} ({after[0]['registrations']:,} registrations, no raster), {rounds} rounds",
             "", "| stage | before: wall s (median) | after: wall s | before/after wall | before/after CPU |",
             "|---|---:|---:|---:|---:|"]
    for runs in (before, after):  # the join and what reads it, whether or not timed apart
        for r in runs:
            hosts, relations = r["stages"].get("hosts", (0, 0)), r["stages"].get("relations", (0, 0))
            r["stages"]["hosts + relations"] = (hosts[0] + relations[0], hosts[1] + relations[1])
    split = "relations" not in before[0]["stages"]
    for stage in after[0]["stages"]:
        if stage not in before[0]["stages"] or (split and stage == "hosts"):
            if stage in {"hosts", "relations"}:
                w = statistics.median(r["stages"][stage][0] for r in after)
                c = statistics.median(r["stages"][stage][1] for r in after)
                lines.append(f"| {stage} (timed apart after) | – | {w:.2f} (CPU {c:.2f}) | | |")
            continue
        wall_b = [r["stages"][stage][0] for r in before]
        wall_a = [r["stages"][stage][0] for r in after]
        cpu_b = [r["stages"][stage][1] for r in before]
        cpu_a = [r["stages"][stage][1] for r in after]
        name = f"**{stage}**" if stage in {"hosts", "hosts + relations", "analyze"} or stage.startswith("load_") else stage
        lines.append(f"| {name} | {statistics.median(wall_b):.2f} | {statistics.median(wall_a):.2f} "
                     f"| {_ratio(wall_b, wall_a)} | {_ratio(cpu_b, cpu_a)} |")
    return lines + [""]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_speed")
    parser.add_argument("--before", default=BEFORE, help="the revision to compare with (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("what", nargs="*", default=["load", "region", "national"])
    args = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    root = before_tree(args.before)
    lines = ["## Before and after (issue 22)", "",
             f"Before: revision {args.before}; after: the working tree. Fresh processes taking turns, "
             f"date {time.strftime('%Y-%m-%d %H:%M')}; ratios are medians over rounds (range in brackets).", ""]
    for what in args.what:
        print(f"-- {what}", flush=True)
        lines += load_lines(root, args.rounds) if what == "load" else stage_lines(what, root, args.rounds)
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / "speed.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
