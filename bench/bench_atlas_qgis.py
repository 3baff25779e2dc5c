"""The atlas side by side with QGIS's print-layout atlas, whole process against whole process
(issue 18).

Both sides make one PDF of the same 24 claims of the 10,000-claim region of
:mod:`bench.bench_maps` (:data:`bench.bench_maps.ATLAS_WHERE`), A4 portrait, 200 dpi, from the
same files (its ``results.gpkg`` and its 100-million-pixel ``lossyear.tif``):
- concession-gis: the command a user types, ``concession-gis atlas results.gpkg --where ...
  --out atlas.pdf`` (cover with the region's map, index, 24 case pages: 26 pages), with its
  default worker processes and with ``CONCESSION_GIS_WORKERS=1`` (one process);
- QGIS (PyQGIS 3.22, ``/usr/bin/python3``): a plain print layout atlas whose coverage layer is the
  24 selected claims, one page per claim (24 pages): a map item following the atlas feature (the
  region's 10,000 claims and 15,000 registrations with the QGIS styles results.gpkg carries, the
  loss raster coloured by year, the page's claim outlined), a title naming the claim, a legend
  filtered to what the map shows, exported by ``QgsLayoutExporter.exportToPdf`` to one file.

Each run is a fresh process, timed whole by GNU time (wall, CPU of the process and its children,
peak memory): start-up, reading, layout and writing the PDF. Each also reports the seconds of its
own export (``write_atlas`` / ``exportToPdf``) measured inside. The three take turns, round by
round, so the load of the shared machine falls on all; the load average is noted at each run's
start.

Run: python -m bench.bench_atlas_qgis [ROUNDS] [--baseline DIR]  (the region's data is made once, as
bench.bench_maps makes it, when bench/data/maps/run/results.gpkg is missing); skipped without PyQGIS.
``--baseline DIR`` adds, taking its turn, the command run in one process from the ``concession_gis``
package exported to DIR (``git archive REV concession_gis | tar -x -C DIR``): before and after in
the same rounds.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.bench_maps import ATLAS_WHERE, DATA, analysed
from bench.measure import run_measured

QGIS_PYTHON = Path("/usr/bin/python3")
RESULTS = Path(__file__).parent / "results" / "atlas_qgis.md"
OUT = DATA / "atlas_qgis"
ROUNDS = 3
DPI = 200

# The command as a user types it; write_atlas is wrapped to time the export inside the process.
OURS = r"""
import json, sys, time
import concession_gis.export.atlas as atlas
real, inside = atlas.write_atlas, {}
def timed(*args, **kwargs):
    started = time.perf_counter()
    report = real(*args, **kwargs)
    inside.update(export=time.perf_counter() - started, pages=report.pages)
    return report
atlas.write_atlas = timed
from concession_gis.cli import main
code = main(sys.argv[1:])
print(json.dumps(inside))
sys.exit(code)
"""

QGIS = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from qgis.PyQt.QtGui import QColor, QFont
from qgis.core import (
    QgsApplication, QgsColorRampShader, QgsCoordinateReferenceSystem,
    QgsFillSymbol, QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap,
    QgsLayoutItemPage, QgsLayoutPoint, QgsLayoutSize, QgsPrintLayout, QgsProject, QgsRasterLayer, QgsRasterRange,
    QgsRasterShader, QgsSingleBandPseudoColorRenderer, QgsSingleSymbolRenderer, QgsUnitTypes, QgsVectorLayer,
)
job = json.loads(sys.argv[1])
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
project.setCrs(QgsCoordinateReferenceSystem("EPSG:32719"))

gpkg = job["results"]
claims = QgsVectorLayer(f"{gpkg}|layername=concessions", "Concesiones mineras", "ogr")
registrations = QgsVectorLayer(f"{gpkg}|layername=registrations", "Registros REINFO", "ogr")
coverage = QgsVectorLayer(f"{gpkg}|layername=concessions", "Concesión del caso", "ogr")
coverage.setSubsetString(job["subset"])
loss = QgsRasterLayer(job["raster"], "Pérdida de bosque (año)")
assert claims.isValid() and registrations.isValid() and coverage.isValid() and loss.isValid()
# The claims and registrations keep the styles results.gpkg carries (its layer_styles table, which
# QGIS loads as each layer's default): what a user who opens the results in QGIS sees.
coverage.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
    {"color": "0,0,0,0", "outline_color": "#d7191c", "outline_width": "0.6"})))
loss.dataProvider().setUserNoDataValue(1, [QgsRasterRange(0, 0)])
ramp = QgsColorRampShader(1, 24, None, QgsColorRampShader.Discrete)
ramp.setColorRampItemList([QgsColorRampShader.ColorRampItem(y, QColor.fromHsv(330 - y * 5, 200, 250 - y * 5), str(2000 + y))
                           for y in range(1, 25)])
shader = QgsRasterShader()
shader.setRasterShaderFunction(ramp)
loss.setRenderer(QgsSingleBandPseudoColorRenderer(loss.dataProvider(), 1, shader))
for layer in (loss, claims, coverage, registrations):
    project.addMapLayer(layer)

layout = QgsPrintLayout(project)
layout.initializeDefaults()
page = layout.pageCollection().page(0)
page.setPageSize("A4", QgsLayoutItemPage.Portrait)
mm = QgsUnitTypes.LayoutMillimeters
title = QgsLayoutItemLabel(layout)
title.setText('Caso [% "code" %]: [% "name" %]\n[% "holder" %]')
title.setFont(QFont("DejaVu Sans", 14))
title.attemptMove(QgsLayoutPoint(12, 10, mm))
title.attemptResize(QgsLayoutSize(186, 18, mm))
layout.addLayoutItem(title)
map_item = QgsLayoutItemMap(layout)
map_item.attemptMove(QgsLayoutPoint(12, 30, mm))
map_item.attemptResize(QgsLayoutSize(186, 170, mm))
map_item.setCrs(project.crs())
map_item.setLayers([registrations, coverage, loss, claims])
map_item.setFrameEnabled(True)
map_item.setAtlasDriven(True)
map_item.setAtlasScalingMode(QgsLayoutItemMap.Auto)
map_item.setAtlasMargin(job["margin"])
layout.addLayoutItem(map_item)
map_item.zoomToExtent(coverage.extent())
legend = QgsLayoutItemLegend(layout)
legend.setTitle("Leyenda")
legend.setLinkedMap(map_item)
legend.setLegendFilterByMapEnabled(True)
legend.setColumnCount(4)
legend.setSplitLayer(True)
legend.attemptMove(QgsLayoutPoint(12, 205, mm))
layout.addLayoutItem(legend)
atlas = layout.atlas()
atlas.setCoverageLayer(coverage)
atlas.setEnabled(True)
settings = QgsLayoutExporter.PdfExportSettings()
settings.dpi = job["dpi"]
settings.rasterizeWholeImage = False
settings.forceVectorOutput = False
started = time.perf_counter()
result, error = QgsLayoutExporter.exportToPdf(atlas, job["out"], settings)
export = time.perf_counter() - started
assert result == QgsLayoutExporter.Success, error
print(json.dumps({"export": export, "pages": atlas.count()}))
"""


def subset() -> str:
    """ATLAS_WHERE as the GeoPackage's SQL: codes are text ('010005001'), compared as numbers."""
    low, high = (int(condition.split("=")[-1]) for condition in ATLAS_WHERE)
    return f"CAST(code AS INTEGER) BETWEEN {low} AND {high}"


def variants(gpkg: Path, raster: Path, baseline: Path | None = None) -> dict[str, tuple[list[str], dict | None]]:
    ours = [sys.executable, "-c", OURS, "atlas", str(gpkg), *[f"--where={w}" for w in ATLAS_WHERE],
            "--out", str(OUT / "ours.pdf"), "--lang", "es", "--dpi", str(DPI), "--quiet"]
    qgis_job = {"results": str(gpkg), "raster": str(raster), "subset": subset(), "out": str(OUT / "qgis.pdf"),
                "dpi": DPI, "margin": 0.6}
    before = ({"baseline (--baseline checkout), one process":
               (ours, {**os.environ, "CONCESSION_GIS_WORKERS": "1", "PYTHONPATH": str(baseline)})} if baseline else {})
    return {
        **before,
        "concession-gis atlas, worker processes (default)": (ours, None),
        "concession-gis atlas, one process": (ours, {**os.environ, "CONCESSION_GIS_WORKERS": "1"}),
        "QGIS 3.22 print layout atlas": ([str(QGIS_PYTHON), "-c", QGIS, json.dumps(qgis_job)], None),
    }


def table(runs: dict[str, list[dict]]) -> list[str]:
    lines = ["| whole process | pages | s (median) | each run, s | CPU s (median) | s per page | CPU s per page | "
             "export inside, s per page | peak MiB | load |", "|---|---:|---:|---|---:|---:|---:|---:|---:|---|"]
    for name, results in runs.items():
        pages = results[0]["pages"]
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        export = statistics.median(r["export"] for r in results)
        each = ", ".join(f"{r['wall']:.1f}" for r in results)
        loads = ", ".join(f"{r['load']:.1f}" for r in results)
        peak = statistics.median(r["peak"] for r in results)
        lines.append(f"| {name} | {pages} | {wall:.1f} | {each} | {cpu:.1f} | {wall / pages:.2f} | {cpu / pages:.2f} | "
                     f"{export / pages:.2f} | {peak:.0f} | {loads} |")
    return lines


def main(argv: list[str]) -> int:
    if subprocess.run([str(QGIS_PYTHON), "-c", "import qgis.core"], capture_output=True).returncode != 0:
        print("no system Python with PyQGIS: skipped")
        return 0
    baseline = Path(argv[argv.index("--baseline") + 1]).resolve() if "--baseline" in argv else None
    numbers = [a for a in argv if a.isdigit()]
    rounds = int(numbers[0]) if numbers else ROUNDS
    analysed(np.random.default_rng(2024))  # makes the region's results once, as bench_maps does
    OUT.mkdir(parents=True, exist_ok=True)
    todo = variants(DATA / "run" / "results.gpkg", DATA / "lossyear.tif", baseline)
    runs: dict[str, list[dict]] = {name: [] for name in todo}
    for k in range(rounds):
        order = list(todo.items())
        for name, (command, env) in order[k % len(order):] + order[:k % len(order)]:  # who goes first turns
            load = os.getloadavg()[0]
            measured = run_measured(command, env=env, cwd=DATA)
            inside = json.loads(measured.stdout.strip().splitlines()[-1])
            runs[name].append({"wall": measured.wall_s, "cpu": measured.cpu_s, "peak": measured.peak_mib,
                               "load": load, **inside})
            print(f"{name}: {measured.wall_s:.1f} s, {measured.cpu_s:.1f} CPU s, load {load:.1f}", flush=True)
    lines = ["# Atlas against QGIS's atlas", "",
             f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, {rounds} rounds taking turns, A4 portrait, "
             f"{DPI} dpi; load average (1 min) at each run's start.", "", *table(runs), ""]
    ours, qgis = runs["concession-gis atlas, worker processes (default)"], runs["QGIS 3.22 print layout atlas"]
    one = runs["concession-gis atlas, one process"]
    ratio = lambda a, b, key: statistics.median(x[key] / y[key] for x, y in zip(a, b, strict=True))  # noqa: E731
    lines += [f"QGIS / concession-gis, whole process, round by round (median): {ratio(qgis, ours, 'wall'):.2f}× wall, "
              f"{ratio(qgis, ours, 'cpu'):.2f}× CPU (worker processes); {ratio(qgis, one, 'wall'):.2f}× wall, "
              f"{ratio(qgis, one, 'cpu'):.2f}× CPU (one process).", ""]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
