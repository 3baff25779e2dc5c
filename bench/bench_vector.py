"""Vector analysis at region and national scale: every stage of ``analyze``, timed.

For each scale it generates the synthetic inputs once (cached in bench/data/), then runs in
separate processes, so each peak memory is its own:
every stage of `analyze` (load, hosts and relations, overlaps, zonal loss, the rest) and the
whole run with its outputs, timed by a Feedback listener. Its stage times are not set against
QGIS's whole `qgis_process` runs (issue 22: that divided a whole process by stages in a running
one); bench_qgis_whole and bench_join compare with QGIS on equal terms.

Run: python -m bench.bench_vector [region|national ...]
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

from bench.measure import run_measured

HERE = Path(__file__).parent
DATA = HERE / "data"
RESULTS = HERE / "results"
QGIS = Path("/usr/bin/qgis_process.bin")

STAGE_DRIVER = r"""
import json, sys, time
from bench.in_process import StageClock
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.export.maps import write_default_maps
from concession_gis.export.results import write_results
from concession_gis.progress import Feedback

spec = json.loads(sys.argv[1])
clock = StageClock()
start = time.perf_counter()
results = analyze(Inputs(**spec["inputs"]), Feedback(clock), lang="es")
analysed = clock.mark("_end")
write_results(results, spec["out"])
written = time.perf_counter()
write_default_maps(results, spec["out"], None)
mapped = time.perf_counter()
print(json.dumps({"stages": clock.stages(), "analyze_s": analysed - start, "write_s": written - analysed,
                  "maps_s": mapped - written, "total_s": mapped - start, "counts": results.summary["counts"]}))
"""


def generate(scale: str) -> dict:
    folder = DATA / f"vector_{scale}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        return json.loads(manifest.read_text())
    from concession_gis.sample.synthetic import write_synthetic

    started = time.perf_counter()
    written = write_synthetic(scale, folder, seed=1)
    files = {kind: [str(p) for p in paths] for kind, paths in written.items()}
    files["generation_s"] = round(time.perf_counter() - started, 1)
    manifest.write_text(json.dumps(files, indent=2))
    return files


def ours(files: dict, with_raster: bool) -> dict:
    spec = {
        "inputs": {
            "concessions": files["concessions"], "registrations": files["registrations"],
            "restricted": files.get("restricted", []), "activity": (files.get("activity") or [None])[0],
            "loss_rasters": files.get("loss_rasters", [])[:1] if with_raster else [],
        },
        "out": str(DATA / "out"),
    }
    measured = run_measured([sys.executable, "-c", STAGE_DRIVER, json.dumps(spec)])
    report = json.loads(measured.stdout.strip().splitlines()[-1])
    report.update(wall_s=measured.wall_s, peak_mb=measured.peak_mib)
    return report


def to_geopackage(files: dict, folder: Path) -> tuple[Path, Path]:
    """The claims (all zones, EPSG:4326) and registration points as GeoPackages for QGIS."""
    from concession_gis.io.layers import load_concessions, load_registrations
    from concession_gis.rules import load_rules

    claims, points = folder / "claims.gpkg", folder / "registrations.gpkg"
    if not claims.exists():
        conc = load_concessions(files["concessions"], {}).frame
        conc[["code", "geometry"]].to_file(claims, engine="pyogrio")
        reg = load_registrations(files["registrations"], {}, load_rules()).frame
        reg[["reg_id", "geometry"]].to_file(points, engine="pyogrio")
    return claims, points


def bench(scale: str) -> list[str]:
    files = generate(scale)
    lines = [f"### {scale}: {len(files['concessions'])} cadastre file(s), generated in {files['generation_s']} s", ""]
    report = ours(files, with_raster=False)
    counts = report["counts"]
    lines.append(f"{counts['concessions']:,} claims, {counts['registrations_out']:,} registrations "
                 f"(+{counts['registrations_rejected']} rejected), {counts['overlapping_pairs']:,} overlapping pairs.")
    lines += ["", "| concession-gis stage | seconds | peak memory so far (MB) |", "|---|---:|---:|"]
    for stage, (seconds, _, peak) in report["stages"].items():
        lines.append(f"| {stage} | {seconds:.2f} | {peak:.0f} |")
    lines += [
        f"| **analysis (no raster)** | **{report['analyze_s']:.2f}** | |",
        f"| writing results.gpkg + summary.json | {report['write_s']:.2f} | |",
        f"| conflict_map.pdf + .png (300 dpi) | {report['maps_s']:.2f} | |",
        f"| whole process (start-up, analysis, outputs, maps) | {report['wall_s']:.2f} | {report['peak_mb']:.0f} |", "",
    ]
    if files.get("loss_rasters"):
        with_raster = ours(files, with_raster=True)
        zonal_stages = ("zonal_loss", "registration_loss", "restricted_loss", "district_loss", "ground_loss")
        zonal = sum(with_raster["stages"].get(k, (0, 0))[0] for k in zonal_stages)
        lines += [f"With the loss raster (100 million pixels): analysis {with_raster['analyze_s']:.1f} s, of which "
                  f"zonal loss {zonal:.1f} s (claims, 500 m around each registration, restricted areas, "
                  "districts and all claims with each hectare once); "
                  f"maps {with_raster['maps_s']:.1f} s; whole process {with_raster['wall_s']:.1f} s; "
                  f"peak memory {with_raster['peak_mb']:.0f} MB.", ""]
    lines += ["QGIS side by side, on equal terms: `bench_qgis_whole` (whole process against whole "
              "process) and `bench_join` (in process against in process).", ""]
    return lines


def main(argv: list[str]) -> int:
    scales = argv or ["region", "national"]
    import concession_gis

    header = [
        "## Vector analysis (issues 2 and 6)", "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
        f"concession-gis {concession_gis.__version__}, date {time.strftime('%Y-%m-%d')}.", "",
    ]
    body = []
    for scale in scales:
        print(f"-- {scale}", flush=True)
        body += bench(scale)
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(header + body) + "\n"
    (RESULTS / "vector.md").write_text(text, encoding="utf-8")
    print(text)
    shutil.rmtree(DATA / "out", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
