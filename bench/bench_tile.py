"""Fronts and loss by zone on a full Hansen-size tile (issue 17), side by side with the peers.

The inputs (bench/tile_data.py): a 40,000 x 40,000 lossyear tile, 1.6 billion pixels, with the
region sample's claims, registrations, protected areas, corridor and districts on it. In their
own processes, so each peak memory is its own (GNU time), and in the same run:
- concession-gis: the whole `analyze` with that tile as its loss raster, each stage timed
  (wall and CPU seconds, the process's peak memory so far) by a Feedback listener; the stages
  that read the whole tile are ``loss_fronts`` and ``loss_by_zone``;
- GDAL's `gdal_polygonize.py` on the same tile (8-connected, 0 as nodata, into memory):
  one polygon per connected run of one loss year, without joining years or gaps, areas or
  attributes;
- exactextract (in process) over the same tile with the region's claims: each claim's loss
  pixels per year (``unique`` and ``frac``, coverage-weighted), the per-claim half of what
  ``loss_by_zone`` does for the whole tile;
- QGIS's `native:zonalstatisticsfb` (when installed) with the same claims: count and sum of the
  loss raster's values per claim.

Run: python -m bench.bench_tile [--ours-only] [--repeat N]
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import run_measured
from bench.tile_data import DATA, build

HERE = Path(__file__).parent
RESULTS = HERE / "results"
QGIS = Path("/usr/bin/qgis_process.bin")
POLYGONIZE = shutil.which("gdal_polygonize.py") or shutil.which("gdal_polygonize")

STAGE_DRIVER = r"""
import json, sys, time
from bench.in_process import StageClock
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.progress import Feedback

spec = json.loads(sys.argv[1])
clock = StageClock()
start = time.perf_counter()
results = analyze(Inputs(**spec), Feedback(clock), lang="es")
ended = clock.mark("_end")
fronts, by_zone = results.loss_fronts, results.loss_by_zone
print(json.dumps({"stages": clock.stages(), "analyze_s": ended - start, "fronts": len(fronts),
                  "fronts_ha": float(fronts["area_ha"].sum()), "loss_ha": float(by_zone["loss_ha"].sum()),
                  "outside_ha": float(by_zone.loc[by_zone["claim_zone"] == "outside_claims", "loss_ha"].sum())}))
"""

EXACTEXTRACT_DRIVER = r"""
import sys, time
import geopandas as gpd
from exactextract import exact_extract
claims = gpd.read_file(sys.argv[2]).to_crs(4326)
start = time.perf_counter()
out = exact_extract(sys.argv[1], claims, ["unique", "frac"], output="pandas")
print(len(out), time.perf_counter() - start)
"""


def load() -> str:
    return os.popen("cat /proc/loadavg").read().split()[0]


def ours(files: dict) -> dict:
    spec = {"concessions": files["concessions"], "registrations": files["registrations"],
            "restricted": files["restricted"], "districts": (files.get("districts") or [None])[0],
            "allowed_zones": files.get("allowed_zones", []), "activity": (files.get("activity") or [None])[0],
            "loss_rasters": [files["tile"]]}
    before = load()
    cpu0 = os.times()
    measured = run_measured([sys.executable, "-c", STAGE_DRIVER, json.dumps(spec)])
    cpu1 = os.times()
    report = json.loads(measured.stdout.strip().splitlines()[-1])
    report.update(wall_s=measured.wall_s, peak_mb=measured.peak_mib, load=f"{before}→{load()}",
                  cpu_s=(cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system))
    return report


def timed(command: list[str]) -> dict:
    before = load()
    cpu0 = os.times()
    measured = run_measured(command)
    cpu1 = os.times()
    return {"wall_s": measured.wall_s, "peak_mb": measured.peak_mib, "load": f"{before}→{load()}",
            "cpu_s": (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system),
            "stdout": measured.stdout}


def polygonize(tile: str) -> dict:
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        vrt = Path(folder) / "nodata.vrt"
        subprocess.run(["gdal_translate", "-q", "-of", "VRT", "-a_nodata", "0", tile, str(vrt)], check=True)
        # The script runs under the system Python, which has GDAL's bindings (the venv has not).
        # Into memory, as ours keeps its fronts: writing a GeoPackage polygon by polygon takes
        # GDAL ten times longer than polygonising, and our writing is not timed either.
        return timed([str(POLYGONIZE), "-q", "-8", str(vrt), "-f", "Memory", str(Path(folder) / "out"),
                      "loss", "year"])


def qgis_zonal(tile: str, claims: str) -> dict:
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        before = load()
        cpu0 = os.times()
        measured = run_measured([str(QGIS), "run", "native:zonalstatisticsfb", "--", f"INPUT={claims}",
                                 f"INPUT_RASTER={tile}", "RASTER_BAND=1", "STATISTICS=0,1",
                                 f"OUTPUT={Path(folder) / 'zonal.gpkg'}"], env=env)
        cpu1 = os.times()
    return {"wall_s": measured.wall_s, "peak_mb": measured.peak_mib, "load": f"{before}→{load()}",
            "cpu_s": (cpu1.children_user + cpu1.children_system) - (cpu0.children_user + cpu0.children_system)}


def bench(repeat: int, ours_only: bool) -> list[str]:
    started = time.perf_counter()
    files = build()
    built = time.perf_counter() - started
    claims = files["concessions"][0]
    rows = []
    for _ in range(repeat):
        rows.append(("concession-gis", ours(files)))
        if ours_only:
            continue
        if POLYGONIZE:
            rows.append(("gdal_polygonize", polygonize(files["tile"])))
        rows.append(("exactextract", timed([sys.executable, "-c", EXACTEXTRACT_DRIVER, files["tile"], claims])))
        if QGIS.exists():
            rows.append(("qgis zonalstatisticsfb", qgis_zonal(files["tile"], claims)))
    return report(rows, built)


def report(rows: list[tuple[str, dict]], built: float) -> list[str]:
    lines = [f"#### Full tile: 40,000 × 40,000 pixels, the region's claims ({time.strftime('%Y-%m-%d')})", "",
             f"Python {platform.python_version()}, {os.cpu_count()} CPUs; inputs built or found in {built:.0f} s.", ""]
    for name, r in rows:
        if name == "concession-gis":
            st = r["stages"]
            lines += ["| concession-gis stage | wall s | CPU s | peak MB so far |", "|---|---:|---:|---:|"]
            for stage, (wall, cpu, peak) in st.items():
                lines.append(f"| {stage} | {wall:.1f} | {cpu:.1f} | {peak:.0f} |")
            lines += [f"| **whole analyze process** (load {r['load']}) | **{r['wall_s']:.1f}** | {r['cpu_s']:.1f} | "
                      f"{r['peak_mb']:.0f} |", "",
                      f"Found {r['fronts']:,} fronts ({r['fronts_ha']:,.0f} ha); loss by zone {r['loss_ha']:,.0f} ha, "
                      f"{r['outside_ha']:,.0f} ha outside every claim.", ""]
        else:
            lines += [f"| {name} (load {r['load']}) | wall s {r['wall_s']:.1f} | CPU s {r['cpu_s']:.1f} | "
                      f"peak MB {r['peak_mb']:.0f} |", ""]
    return lines


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 2
    lines = bench(repeat, "--ours-only" in argv)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "tile.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
