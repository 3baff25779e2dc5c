"""Benchmark: the regional conflict map of a 10,000-claim region, 15,000 registrations and a
100-million-pixel Hansen-style loss raster; also one case page at that scale.

Run with ``python -m bench.bench_maps``. Inputs are generated once into bench/data/maps/ (a grid
of claims in UTM 19S, registrations on and off claims, a lossyear GeoTIFF), analysed once into
results.gpkg (raster included, as ``--loss-raster PATH:lossyear``), and reused: only the maps
are timed. Figures go to bench/results/maps.md.

``python -m bench.bench_maps --atlas-only [--baseline DIR]`` times only the atlas of
:data:`ATLAS_WHERE` (24 case pages in the middle of the region): this checkout's code in one
process and in its default worker processes, and, with ``--baseline``, the code of another
checkout (``git worktree add DIR main``), runs alternating so that the machine's load falls on
all alike; each run is a fresh process, its load average noted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from pyproj import Transformer
from rasterio.transform import from_origin

from concession_gis.export.case_page import render_case
from concession_gis.export.maps import render_regional, save_figure, write_default_maps
from concession_gis.export.results import read_results, write_results
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze

HERE = Path(__file__).parent
DATA = HERE / "data" / "maps"
RESULTS = HERE / "results" / "maps.md"
N_CLAIMS, N_REGISTRATIONS = 10_000, 15_000
GRID, PITCH_M = 100, 2_000.0  # 100 x 100 cells, 2 km apart: a 200 km square
ORIGIN_E, ORIGIN_N = 300_000.0, 8_500_000.0  # UTM 19S, about 13.5 S 70.8 W
RASTER_SIDE = 10_000  # pixels of 0.00025 degrees: 100 million, 2.5 degrees square
PIXEL_DEG = 0.00025
LIMIT_S = 15.0
ESTADOS = (["T"] * 55 + ["N"] * 5 + ["P"] * 12 + ["D"] * 3 + ["F"] * 10 + ["X"] * 5 + ["A"] * 5 + ["E"] * 5)
LEYENDA = {"T": "TITULADO", "N": "TITULADO", "E": "TITULADO", "P": "EN TRAMITE", "D": "EN TRAMITE",
           "F": "EXTINGUIDO", "X": "EXTINGUIDO", "A": "OTRO"}
WORDS = ("SAN", "SANTA", "VIRGEN", "NUEVA", "GRAN", "CERRO", "RÍO", "LOS", "DOÑA", "MINAS")
NAMES = ("ROSA", "JOSÉ", "ESPERANZA", "FORTUNA", "AURORA", "PEÑA", "DORADO", "INCA", "ANDES", "CARMEN")


def build_inputs(rng: np.random.Generator) -> Inputs:
    DATA.mkdir(parents=True, exist_ok=True)
    claims_path, reg_path, raster_path = DATA / "catastro.gpkg", DATA / "reinfo.csv", DATA / "lossyear.tif"
    if not claims_path.exists():
        claims = synthetic_claims(rng)
        claims.to_file(claims_path, driver="GPKG")
        synthetic_registrations(claims, rng).to_csv(reg_path, sep=";", index=False, encoding="utf-8")
    if not raster_path.exists():
        write_loss_raster(raster_path, rng)
    return Inputs(concessions=[str(claims_path)], registrations=[str(reg_path)],
                  loss_rasters=[f"{raster_path}:lossyear"])


def synthetic_claims(rng: np.random.Generator) -> gpd.GeoDataFrame:
    col, row = np.divmod(np.arange(N_CLAIMS), GRID)
    w = rng.choice([1, 1, 2], N_CLAIMS) * 1000.0
    h = rng.choice([1, 1, 2], N_CLAIMS) * 1000.0
    x0 = ORIGIN_E + col * PITCH_M
    y0 = ORIGIN_N + row * PITCH_M
    # One claim in 50 is shifted half a cell: overlapping claims occur in real cadastres.
    shift = np.where(rng.random(N_CLAIMS) < 0.02, 1000.0, 0.0)
    boxes = shapely.box(x0 + shift, y0, x0 + shift + w, y0 + h)
    estado = rng.choice(ESTADOS, N_CLAIMS)
    holders = [f"MINERA {rng.choice(NAMES)} {i:04d} S.A.C." for i in rng.integers(0, 1500, N_CLAIMS)]
    filed = pd.to_datetime("1975-01-01") + pd.to_timedelta(rng.integers(0, 48 * 365, N_CLAIMS), unit="D")
    district = (col // 20) * 5 + row // 20
    return gpd.GeoDataFrame({
        "CODIGOU": [f"{i:09d}" for i in range(10_000_001, 10_000_001 + N_CLAIMS)],
        "CONCESION": [f"{rng.choice(WORDS)} {rng.choice(NAMES)} {i}" for i in range(N_CLAIMS)],
        "TIT_CONCES": holders, "FEC_DENU": filed.strftime("%Y-%m-%d"), "HOR_DENU": "09:00",
        "HECTAGIS": w * h / 10_000,
        "ESTADO": estado, "LEYENDA": [LEYENDA[e] for e in estado],
        "SUSTANCIA": rng.choice(["M", "M", "M", "N"], N_CLAIMS),
        "DEPA": np.where(col < 50, "PUNO", "MADRE DE DIOS"), "PROVI": np.where(col < 50, "CARABAYA", "TAMBOPATA"),
        "DISTRI": [f"DISTRITO {d:02d}" for d in district],
    }, geometry=boxes, crs="EPSG:32719")


def synthetic_registrations(claims: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    on_claims = int(N_REGISTRATIONS * 0.7)
    hosts = rng.integers(0, len(claims), on_claims)
    bounds = claims.geometry.bounds.to_numpy()[hosts]
    x = np.r_[rng.uniform(bounds[:, 0], bounds[:, 2]), rng.uniform(ORIGIN_E, ORIGIN_E + GRID * PITCH_M, N_REGISTRATIONS - on_claims)]
    y = np.r_[rng.uniform(bounds[:, 1], bounds[:, 3]), rng.uniform(ORIGIN_N, ORIGIN_N + GRID * PITCH_M, N_REGISTRATIONS - on_claims)]
    lon, lat = Transformer.from_crs(32719, 4326, always_xy=True).transform(x, y)
    registered = pd.to_datetime("2012-01-01") + pd.to_timedelta(rng.integers(0, 12 * 365, N_REGISTRATIONS), unit="D")
    return pd.DataFrame({
        "COD_REINFO": [f"{i:07d}" for i in range(100_000, 100_000 + N_REGISTRATIONS)],
        "NOMBRE_MIN": [f"MINERO {rng.choice(NAMES)} {i}" for i in range(N_REGISTRATIONS)],
        "M_RUC": [f"10{n:09d}" for n in rng.integers(0, 10**9, N_REGISTRATIONS)],
        "TIPO_YAC": rng.choice(["FILONIANO", "ALUVIAL"], N_REGISTRATIONS),
        "ESTADO": rng.choice(["VIGENTE", "SUSPENDIDO", "SUSPENDIDO"], N_REGISTRATIONS),
        "A_INSCRIPCION": registered.strftime("%d/%m/%Y"),
        "LATITUD_G84": np.round(lat, 6), "LONGITUD_G84": np.round(lon, 6),
    })


def write_loss_raster(path: Path, rng: np.random.Generator) -> None:
    """A Hansen-style lossyear tile: 0 no loss, k = loss in 2000 + k; blobs of mining scars."""
    west, north = -72.0, -11.0
    profile = {"driver": "GTiff", "width": RASTER_SIDE, "height": RASTER_SIDE, "count": 1, "dtype": "uint8",
               "crs": "EPSG:4326", "transform": from_origin(west, north, PIXEL_DEG, PIXEL_DEG), "nodata": None,
               "tiled": True, "blockxsize": 512, "blockysize": 512, "compress": "deflate"}
    centres = rng.uniform(0, RASTER_SIDE, (4000, 2))
    radii = rng.uniform(10, 80, 4000)
    years = rng.integers(1, 25, 4000)
    band = 500
    with rasterio.open(path, "w", **profile) as raster:
        cols = np.arange(RASTER_SIDE)
        for top in range(0, RASTER_SIDE, band):
            block = np.zeros((band, RASTER_SIDE), dtype=np.uint8)
            rows = np.arange(top, top + band)[:, None]
            near = np.abs(centres[:, 1] - (top + band / 2)) < band / 2 + radii
            for (cx, cy), r, year in zip(centres[near], radii[near], years[near], strict=True):
                c0, c1 = int(max(cx - r, 0)), int(min(cx + r + 1, RASTER_SIDE))
                inside = (cols[None, c0:c1] - cx) ** 2 + (rows - cy) ** 2 < r**2
                inside &= rng.random(inside.shape) < 0.6  # scattered pixels, as scars are
                block[:, c0:c1][inside] = year
            raster.write(block, 1, window=rasterio.windows.Window(0, top, RASTER_SIDE, band))


def analysed(rng: np.random.Generator):
    gpkg = DATA / "run" / "results.gpkg"
    if not gpkg.exists():
        inputs = build_inputs(rng)
        started = time.perf_counter()
        results = analyze(inputs, lang="es")
        print(f"analysis of {N_CLAIMS} claims, {N_REGISTRATIONS} registrations and the raster: "
              f"{time.perf_counter() - started:.1f} s")
        write_results(results, gpkg.parent)
    return read_results(gpkg)


# 24 claims of column 50 of the grid: a block in the middle of the region, neighbours all round.
ATLAS_WHERE = ["code>=10005001", "code<=10005024"]
ATLAS_ROUNDS = 3
# Run in a fresh interpreter with the code under test first on the path; reading the results
# is not timed, writing the atlas is (wall clock, and CPU of the process and its workers).
ATLAS_TIMER = """
import json, os, resource, sys, time
from concession_gis.export.results import read_results
from concession_gis.export.atlas import write_atlas
results = read_results(sys.argv[1])
load = os.getloadavg()[0]
cpu = lambda: sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                  for f in ("ru_utime", "ru_stime"))
started, cpu0 = time.perf_counter(), cpu()
report = write_atlas(results, sys.argv[2], where=json.loads(sys.argv[3]), lang="es", **json.loads(sys.argv[4]))
print(json.dumps({"pages": report.pages, "wall": time.perf_counter() - started, "cpu": cpu() - cpu0, "load": load}))
"""


def time_atlas(code_dir: Path, gpkg: Path, out: Path, options: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    done = subprocess.run([sys.executable, "-c", ATLAS_TIMER, str(gpkg), str(out), json.dumps(ATLAS_WHERE),
                           json.dumps(options)], capture_output=True, text=True, env=env, cwd=code_dir, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def atlas_rows(gpkg: Path, out: Path, baseline: Path | None) -> list[str]:
    """The atlas timed: per page, median of the rounds, each variant's runs side by side."""
    here = HERE.parent
    variants = {"this checkout, one process": (here, {"workers": 1}),
                "this checkout, worker processes (default)": (here, {})}
    if baseline is not None:
        variants = {"baseline (--baseline checkout), one process": (baseline, {}), **variants}
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    for _ in range(ATLAS_ROUNDS):
        for name, (code_dir, options) in variants.items():
            runs[name].append(time_atlas(code_dir, gpkg, out / "atlas.pdf", options))
    lines = [f"Atlas of `--where {' '.join(ATLAS_WHERE)}` ({runs[next(iter(runs))][0]['pages']} pages, A4, 200 dpi), "
             f"{os.cpu_count()} cores, {ATLAS_ROUNDS} rounds alternating; load average (1 min) at each run's start.", "",
             "| code | s per page (median) | each run, s per page | CPU s per page (median) | load |",
             "|---|---:|---|---:|---|"]
    for name, results in runs.items():
        per_page = [r["wall"] / r["pages"] for r in results]
        cpu = [r["cpu"] / r["pages"] for r in results]
        each = ", ".join(f"{v:.2f}" for v in per_page)
        loads = ", ".join(f"{r['load']:.1f}" for r in results)
        lines.append(f"| {name} | {statistics.median(per_page):.2f} | {each} | {statistics.median(cpu):.2f} | {loads} |")
    return lines


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rng = np.random.default_rng(2024)
    results = analysed(rng)
    out = DATA / "maps"
    out.mkdir(exist_ok=True)
    baseline = Path(argv[argv.index("--baseline") + 1]).resolve() if "--baseline" in argv else None
    atlas = atlas_rows(DATA / "run" / "results.gpkg", out, baseline)
    if "--atlas-only" in argv:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        (RESULTS.parent / "maps_atlas.md").write_text("\n".join(["# Atlas benchmark", "", *atlas, ""]), encoding="utf-8")
        print("\n".join(atlas))
        return 0
    rows = []
    written, total = timed(write_default_maps, results, out)
    rows.append(("write_default_maps: conflict_map.pdf + .png (300 dpi), A4 landscape", total))
    sheet, render_s = timed(render_regional, results, lang="es", dpi=300)
    rows.append(("  render (layers, 300-dpi loss grid, labels, legend)", render_s))
    rows.append(("  save PDF", timed(save_figure, sheet.figure, out / "again.pdf", 300)[1]))
    rows.append(("  save PNG 300 dpi", timed(save_figure, sheet.figure, out / "again.png", 300)[1]))
    a3, a3_s = timed(render_regional, results, lang="es", page="A3", dpi=300)
    rows.append(("regional map A3 landscape, render + PDF", a3_s + timed(save_figure, a3.figure, out / "a3.pdf", 300)[1]))
    busiest = results.registrations["host_code"].value_counts().index[:5]
    case_s = []
    for code in busiest:
        case, seconds = timed(render_case, results, code, lang="es", dpi=200)
        case_s.append(seconds + timed(save_figure, case.figure, out / f"case_{code}.pdf", 200)[1])
    rows.append(("case page (render + PDF, 200 dpi), median of 5", statistics.median(case_s)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    frame = sheet.frame
    facts = {
        "claims": len(results.concessions), "registrations": len(results.registrations),
        "raster_pixels": RASTER_SIDE * RASTER_SIDE, "claims_labelled": len(frame.labels),
        "scale": f"1:{round(frame.scale, -3):,.0f}", "legend_entries": len(frame.legend),
        "pdf_mb": round((out / "conflict_map.pdf").stat().st_size / 1e6, 2),
        "png_mb": round((out / "conflict_map.png").stat().st_size / 1e6, 2), "peak_rss_mb": round(peak_mb),
    }
    report(rows, facts, total, atlas)
    return 0 if total < LIMIT_S else 1


def report(rows, facts, total, atlas: list[str]) -> None:
    lines = [
        "# Maps benchmark", "",
        f"Regional conflict map of {facts['claims']:,} claims, {facts['registrations']:,} registrations and a "
        f"{facts['raster_pixels'] / 1e6:.0f}-million-pixel lossyear raster (`python -m bench.bench_maps`, "
        f"{dt.date.today().isoformat()}).", "",
        "| step | seconds |", "|---|---:|",
        *[f"| {name} | {seconds:.2f} |" for name, seconds in rows], "",
        f"Target: the default maps under {LIMIT_S:.0f} s: **{'met' if total < LIMIT_S else 'NOT met'}** ({total:.1f} s).", "",
        "```json", json.dumps(facts, indent=2, ensure_ascii=False), "```", "", *atlas, "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
