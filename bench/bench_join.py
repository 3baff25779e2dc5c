"""The host join in process against QGIS's, on equal terms (issue 22).

Both sides start with their inputs in memory and time the join alone, several times in one
process, the two processes taking turns:
- concession-gis: the ``hosts`` stage (:func:`candidate_pairs` of every registration on the
  claims through one STRtree query with a predicate, the pairs of registrations placed by their
  declared code, and :func:`pick_hosts`' seniority by one lexsort), on the arguments it gets in
  a real ``analyze`` of the same files (caught once, then called again);
- QGIS (PyQGIS, ``/usr/bin/python3``): ``native:joinattributesbylocation`` (intersects,
  one-to-many: every pair, as the STRtree query gives) of the registration points on the claims,
  both as memory layers with spatial indexes, output to memory.

Run: python -m bench.bench_join [region|national ...]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_vector import DATA, RESULTS, generate, to_geopackage

QGIS_PYTHON = Path("/usr/bin/python3")
REPEATS = 5

OURS = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
import concession_gis.pipeline as pipeline
from concession_gis.model import Inputs
job = json.loads(sys.argv[1])
caught = {}
def catching(name):
    real = getattr(pipeline, name)
    def wrapper(*args, **kwargs):
        caught.setdefault(name, (args, kwargs))
        return real(*args, **kwargs)
    setattr(pipeline, name, wrapper)
    return real
real = {name: catching(name) for name in ("code_pairs", "candidate_pairs", "pick_hosts")}
pipeline.analyze(Inputs(**job["inputs"]), lang="es")
times = []
for _ in range(job["repeats"]):
    start = time.perf_counter()
    coded = real["code_pairs"](*caught["code_pairs"][0])
    args, kwargs = caught["candidate_pairs"]
    pairs = real["candidate_pairs"](*args)
    args = caught["pick_hosts"][0]
    hosts = real["pick_hosts"](*args)
    times.append(time.perf_counter() - start)
print(json.dumps({"times": times, "pairs": int(len(pairs[0])), "hosted": int((hosts.position >= 0).sum())}))
"""

QGIS = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from qgis.core import QgsApplication, QgsFeatureRequest, QgsVectorLayer
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
import processing
from processing.core.Processing import Processing
Processing.initialize()
job = json.loads(sys.argv[1])
def memory(path):
    layer = QgsVectorLayer(path, "layer", "ogr").materialize(QgsFeatureRequest())
    processing.run("native:createspatialindex", {"INPUT": layer})
    return layer
claims, points = memory(job["claims"]), memory(job["points"])
times, pairs = [], 0
for _ in range(job["repeats"]):
    start = time.perf_counter()
    out = processing.run("native:joinattributesbylocation", {"INPUT": points, "JOIN": claims, "PREDICATE": [0],
                         "METHOD": 0, "DISCARD_NONMATCHING": False, "OUTPUT": "memory:"})
    times.append(time.perf_counter() - start)
    pairs = out["OUTPUT"].featureCount()
print(json.dumps({"times": times, "pairs": pairs}))
"""


def _run(command: list[str]) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, cwd=DATA, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(scale: str, rounds: int = 3) -> list[str]:
    files = generate(scale)
    folder = DATA / f"qgis_{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    claims, points = to_geopackage(files, folder)
    ours_job = {"inputs": {"concessions": files["concessions"], "registrations": files["registrations"],
                           "restricted": files.get("restricted", [])}, "repeats": REPEATS}
    qgis_job = {"claims": str(claims), "points": str(points), "repeats": REPEATS}
    ours, qgis = [], []
    for k in range(rounds):
        turns = [(ours, [sys.executable, "-c", OURS, json.dumps(ours_job)]),
                 (qgis, [str(QGIS_PYTHON), "-c", QGIS, json.dumps(qgis_job)])]
        for results, command in turns if k % 2 == 0 else turns[::-1]:
            results.append(_run(command))
    # Per round the median of its repeats; then the median and range over rounds.
    ours_s = [statistics.median(r["times"]) for r in ours]
    qgis_s = [statistics.median(r["times"]) for r in qgis]
    ratios = sorted(q / o for q, o in zip(qgis_s, ours_s, strict=True))
    return [
        f"### {scale}: {ours[0]['pairs']:,} registration-claim pairs ({ours[0]['hosted']:,} registrations hosted); "
        f"QGIS output {qgis[0]['pairs']:,} features", "",
        "| in process, inputs in memory | seconds (median of rounds) | range over rounds |", "|---|---:|---:|",
        f"| concession-gis `hosts` (pairs, by code, seniority) | {statistics.median(ours_s):.3f} | "
        f"{min(ours_s):.3f}–{max(ours_s):.3f} |",
        f"| QGIS `native:joinattributesbylocation` (memory layers, spatial indexes) | {statistics.median(qgis_s):.3f} | "
        f"{min(qgis_s):.3f}–{max(qgis_s):.3f} |",
        f"| **QGIS / concession-gis** | **{statistics.median(ratios):.1f}×** | {ratios[0]:.1f}–{ratios[-1]:.1f}× |", "",
    ]


def main(argv: list[str]) -> int:
    if subprocess.run([str(QGIS_PYTHON), "-c", "import qgis.core"], capture_output=True).returncode != 0:
        print("no system Python with PyQGIS: skipped")
        return 0
    lines = ["## The host join in process, against QGIS (issue 22)", "",
             f"{REPEATS} joins per process, {time.strftime('%Y-%m-%d %H:%M')}; the two processes take turns.", ""]
    for scale in argv or ["region", "national"]:
        print(f"-- {scale}", flush=True)
        lines += bench(scale)
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / "join.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
