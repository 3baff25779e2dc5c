"""The command line as a user meets it: exit codes, messages without tracebacks, outputs."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from concession_gis import __version__
from concession_gis.cli import main
from concession_gis.sample.demo import FILES
from tests.conftest import REFERENCE_DATE

REPO = Path(__file__).resolve().parents[1]


def run_cli(args, capsys, lang: str = "en") -> tuple[int, str, str]:
    """Run the command line in-process; in English unless the arguments name a language."""
    args = [str(a) for a in args]
    if "--lang" not in args and args and args[0] in ("analyze", "validate", "map", "atlas", "sample"):
        args += ["--lang", lang]
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def demo_args(folder: Path) -> list[str]:
    return [
        "--concessions", folder / FILES["concessions"], "--registrations", folder / FILES["registrations"],
        "--restricted", folder / FILES["restricted"], "--activity", folder / FILES["activity"],
        "--holders", folder / FILES["holders"],
    ]


def test_version():
    result = subprocess.run([sys.executable, "-m", "concession_gis", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"concession-gis {__version__}"


def test_analyze_without_inputs_runs_on_the_bundled_sample(tmp_path, capsys):
    code, out, err = run_cli(["analyze", "--out", tmp_path, "--no-map"], capsys)
    assert code == 0, err
    assert "bundled sample" in err
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    layers = {name for name, _ in pyogrio.list_layers(tmp_path / "results.gpkg")}
    assert {"concessions", "registrations", "concession_overlaps", "coexistence_candidates",
            "loss_by_year", "district_summary", "rejected_rows"} <= layers
    counts = summary["counts"]
    assert counts["registrations_in"] == counts["registrations_out"] + counts["registrations_rejected"] == 57
    assert summary["version"] == __version__
    assert {i["kind"] for i in summary["inputs"]} == {"concessions", "registrations", "restricted", "activity", "holders",
                                                      "contracts", "loss_raster", "forest"}
    assert all(len(i["sha256"]) == 64 and i["modified"] for i in summary["inputs"])
    assert {i["encoding"] for i in summary["inputs"] if i["kind"] == "loss_raster"} == {"lossyear"}
    assert summary["rules"]["idle"]["min_years"] == 10
    assert summary["started"] <= summary["finished"]


def test_outputs_are_complete_inputs_untouched_and_reruns_replace(demo_dir, tmp_path, capsys):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in demo_dir.iterdir()}
    args = ["analyze", *demo_args(demo_dir), "--out", tmp_path, "--format", "csv,xlsx", "--no-map"]
    assert run_cli(args, capsys)[0] == 0
    first = (tmp_path / "results.gpkg").stat().st_size
    assert run_cli(args, capsys)[0] == 0
    assert (tmp_path / "results.gpkg").stat().st_size == first
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in demo_dir.iterdir()}
    assert before == after
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or ".tmp" in p.name]
    assert leftovers == []
    assert (tmp_path / "registrations.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads accents


def test_the_summary_time_is_the_whole_runs_maps_included(demo_dir, tmp_path, capsys, monkeypatch):
    import datetime as dt
    import re
    import time

    import concession_gis.export.maps as maps

    def slow_maps(results, out_dir, feedback=None):  # a map that takes its time, as a 300 dpi one does
        time.sleep(1.5)
        return {}

    monkeypatch.setattr(maps, "write_default_maps", slow_maps)
    begun = time.perf_counter()
    code, out, err = run_cli(["analyze", *demo_args(demo_dir), "--out", tmp_path, "--quiet"], capsys)
    wall = time.perf_counter() - begun
    assert code == 0, err
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert 1.5 <= summary["seconds"] <= wall
    shown = float(re.search(r"\(([\d.]+) s\)", out.splitlines()[-1])[1])
    assert shown == summary["seconds"]
    started, finished = (dt.datetime.fromisoformat(summary[k]) for k in ("started", "finished"))
    # Both are whole seconds: the span between them is the run's time within one second.
    assert abs((finished - started).total_seconds() - summary["seconds"]) <= 1.0


def test_formula_like_text_is_neutralized_in_csv_and_xlsx(demo_dir, tmp_path, capsys):
    from openpyxl import load_workbook

    args = ["analyze", *demo_args(demo_dir), "--out", tmp_path, "--format", "csv,xlsx", "--no-map"]
    assert run_cli(args, capsys)[0] == 0
    book = load_workbook(tmp_path / "results.xlsx")
    sheet = book["registrations"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no live formula anywhere
    hyperlink = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hyperlink and hyperlink[0].value.startswith("=HYPERLINK") and hyperlink[0].data_type == "s"
    csv = pd.read_csv(tmp_path / "registrations.csv", dtype=str, encoding="utf-8-sig")
    names = csv["NOMBRE_MIN"].tolist()
    assert any(n.startswith("'=HYPERLINK") for n in names)
    assert all(not n.startswith("=") for n in names)
    assert csv["LATITUD_G84"].str.startswith("-").all()  # plain negative numbers are left alone


@pytest.mark.parametrize(("make_args", "expected"), [
    (lambda d, t: ["--concessions", t / "missing.shp"], "missing.shp: concessions file not found"),
    (lambda d, t: ["--concessions", d / FILES["concessions"], "--registrations", t / "nocoords.csv"], "no usable coordinate columns"),
    (lambda d, t: ["--concessions", t / "noprj.shp"], "noprj.shp: the concessions file has no coordinate reference system"),
    (lambda d, t: ["--concessions", d / FILES["concessions"], "--rules", t / "bad_rules.toml"], "unknown rule 'idle.min_yeras'"),
    (lambda d, t: ["--concessions", d / FILES["concessions"], "--format", "pdf"], "--format pdf: unknown format pdf"),
    (lambda d, t: ["--concessions", d / FILES["concessions"], "--map", "code"], "write it as FIELD=COLUMN"),
    (lambda d, t: ["--concessions", d / FILES["registrations"]], "a table, but concessions must be a vector file"),
    (lambda d, t: ["--concessions", d / "LEEME.txt"], "a table, but concessions must be a vector file"),
    (lambda d, t: ["--concessions", t / "bad_rules.toml"], "could not be read as a concessions vector file"),
])
def test_bad_inputs_exit_2_with_one_clear_message(demo_dir, tmp_path, capsys, make_args, expected):
    import shutil

    pd.DataFrame({"COD_REINFO": ["1"], "LUGAR": ["río"]}).to_csv(tmp_path / "nocoords.csv", index=False)
    for suffix in (".shp", ".shx", ".dbf"):
        shutil.copy(demo_dir / FILES["concessions"].replace(".shp", suffix), tmp_path / f"noprj{suffix}")
    (tmp_path / "bad_rules.toml").write_text("[idle]\nmin_yeras = 3\n")
    code, out, err = run_cli(["analyze", *make_args(demo_dir, tmp_path), "--out", tmp_path / "out", "--no-map"], capsys)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_internal_error_exits_1_with_a_log_file(monkeypatch, tmp_path, capsys):
    import concession_gis.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(concession_gis.pipeline, "analyze", broken)
    monkeypatch.setenv("CONCESSION_GIS_LOG_DIR", str(tmp_path / "logs"))
    code, out, err = run_cli(["analyze", "--out", tmp_path / "out"], capsys)
    assert code == 1
    assert "internal error" in err and "Traceback" not in err
    logs = list((tmp_path / "logs").glob("error-*.log"))
    assert len(logs) == 1 and "RuntimeError: boom" in logs[0].read_text()


def test_rules_file_overrides_and_is_echoed(demo_dir, tmp_path, capsys):
    (tmp_path / "rules.toml").write_text(f'reference_date = "{REFERENCE_DATE}"\n[idle]\nmin_years = 30\n')
    args = ["analyze", *demo_args(demo_dir), "--rules", tmp_path / "rules.toml", "--out", tmp_path / "out", "--no-map"]
    assert run_cli(args, capsys)[0] == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["rules"]["idle"]["min_years"] == 30
    assert summary["rules"]["reference_date"] == REFERENCE_DATE
    concessions = pyogrio.read_dataframe(tmp_path / "out" / "results.gpkg", layer="concessions").set_index("code")
    assert concessions.loc["010020011", "idle"] == 0  # filed 2008: under 30 years now


def test_validate_lists_problems_and_exit_codes(demo_dir, tmp_path, capsys):
    code, out, _ = run_cli(["validate", demo_dir / FILES["registrations"], "--lang", "en"], capsys)
    assert code == 0
    assert "(registrations)" in out and "row 57: no coordinates" in out and "usable: yes" in out
    code, out, _ = run_cli(["validate", demo_dir / FILES["concessions"]], capsys)
    assert code == 0 and "(concessions)" in out and "code=CODIGOU" in out
    code, out, _ = run_cli(["validate", tmp_path / "nothing.shp", "--kind", "concessions"], capsys)
    assert code == 2 and "usable: NO" in out


@pytest.mark.parametrize(("make_args", "spanish", "english"), [
    (lambda d, t: ["--concessions", t / "missing.shp"],
     "{t}/missing.shp: no se encontró el archivo de concesiones. Compruebe la ruta y el nombre del archivo.",
     "{t}/missing.shp: concessions file not found. Check the path and the file name."),
    (lambda d, t: ["--concessions", d / FILES["concessions"], "--map", "code"],
     "--map code: escríbalo como CAMPO=COLUMNA, por ejemplo --map holder=TITULAR.",
     "--map code: write it as FIELD=COLUMN, e.g. --map holder=TITULAR."),
    (lambda d, t: ["--concessions", d / FILES["registrations"]],
     "{d}/" + FILES["registrations"] + ": es una tabla, pero el archivo de concesiones debe ser un archivo "
     "vectorial con geometrías (Shapefile, GeoPackage, GeoJSON o FlatGeobuf). Los registros sí pueden venir en CSV o XLSX.",
     "{d}/" + FILES["registrations"] + ": a table, but concessions must be a vector file with geometries "
     "(Shapefile, GeoPackage, GeoJSON or FlatGeobuf). Registrations can come as CSV or XLSX."),
])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_bad_input_is_told_in_the_language_asked_for(demo_dir, tmp_path, capsys, make_args, spanish, english, lang):
    args = ["analyze", *make_args(demo_dir, tmp_path), "--out", tmp_path / "out", "--no-map", "--lang", lang]
    code, _, err = run_cli(args, capsys)
    expected = (spanish if lang == "es" else english).format(t=tmp_path, d=demo_dir)
    assert code == 2
    assert err == f"concession-gis: error: {expected}\n"


def test_validate_reports_in_spanish(demo_dir, tmp_path, capsys):
    code, out, _ = run_cli(["validate", demo_dir / FILES["registrations"], "--lang", "es"], capsys)
    assert code == 0
    assert "(registros)" in out and "filas utilizables" in out and "55 de 57" in out
    # the swapped row is told from Peru's and Bolivia's place, as analyze tells it from the claims'
    assert ("2 problema(s):\n  - fila 57: sin coordenadas\n  - fila 58: latitud y longitud parecen invertidas"
            in out and out.endswith("utilizable: sí\n"))
    assert not any(english in out for english in ("usable", "rows", "problem(s)", "columns recognised", "no coordinates"))
    code, out, _ = run_cli(["validate", tmp_path / "nothing.shp", "--kind", "concessions", "--lang", "es"], capsys)
    assert code == 2
    assert "no se encontró el archivo de concesiones" in out and out.endswith("utilizable: NO\n")


@pytest.mark.parametrize(("datum", "said"), [
    ("", "ESTE / NORTE (UTM, zona tomada de ZONA, datum WGS84, el que supone la regla registrations.utm_datum: "
         "ninguna columna lo dice)"),
    (";DATUM", "ESTE / NORTE (UTM, zona tomada de ZONA, datum tomado de DATUM)"),
])
def test_validate_says_which_datum_utm_coordinates_are_read_in(tmp_path, capsys, datum, said):
    """A registry's UTM export rarely names its datum; the same numbers read in PSAD56 lie 420-450 m away."""
    path = tmp_path / "reinfo.csv"
    path.write_text(f"RUC;NOMBRE;ESTADO;ESTE;NORTE;ZONA{datum}\n20601234561;MINERO;VIGENTE;456000;8543000;19"
                    + (";PSAD56" if datum else "") + "\n", encoding="utf-8")
    code, out, _ = run_cli(["validate", path, "--lang", "es"], capsys)
    assert code == 0 and f"coordenadas            {said}\n" in out


@pytest.mark.parametrize(("lang", "expected"), [
    ("es", ["(ráster de pérdida de bosque)", "tamaño de píxel", "codificación probable", "2 problema(s):",
            "los valores parecen ser de tipo 'lossyear', pero la codificación dada es 'year'",
            "tienen valores que la codificación year no admite", "utilizable: sí"]),
    ("en", ["(forest-loss raster)", "pixel size", "encoding guess", "2 problem(s):",
            "values look like 'lossyear' but the encoding given is 'year'",
            "hold values the year encoding cannot hold", "usable: yes"]),
])
def test_validate_lists_the_problems_of_a_raster(demo_dir, capsys, lang, expected):
    code, out, _ = run_cli(["validate", f"{demo_dir / FILES['loss_raster']}:year", "--lang", lang], capsys)
    assert code == 0
    assert [line for line in expected if line not in out] == []


def test_a_raster_without_crs_is_usable_only_with_crs(tmp_path, capsys):
    import numpy as np
    import rasterio
    from affine import Affine

    path = tmp_path / "sin_crs.tif"
    profile = dict(driver="GTiff", width=8, height=8, count=1, dtype="uint8",
                   transform=Affine(0.00025, 0, -70.0, 0, -0.00025, -13.0))
    with rasterio.open(path, "w", **profile) as dataset:
        dataset.write(np.arange(64, dtype=np.uint8).reshape(1, 8, 8) % 20)
    code, out, _ = run_cli(["validate", path], capsys)
    assert code == 2 and "no coordinate reference system" in out and out.endswith("usable: NO\n")
    code, out, _ = run_cli(["validate", path, "--crs", "4326"], capsys)
    assert code == 0 and out.endswith("usable: yes\n")


def test_analyze_reports_in_spanish(tmp_path, capsys):
    code, out, err = run_cli(["analyze", "--out", tmp_path, "--no-map", "--lang", "es"], capsys)
    assert code == 0, err
    assert "se analizan los datos de ejemplo incluidos en" in err
    assert "concesiones ociosas" in out and "filas descartadas" in out and f"archivos guardados en {tmp_path}: results.gpkg" in out
    assert "(Titulada 13, En trámite 2, Extinguida 3, Otra 2)" in out  # codes in words (the demo has a quarry and a plant)
    assert "\n  Candidato a convivencia " in out and "pérdida de bosque" in out  # the sample has a raster
    assert "written to" not in out and "idle claims" not in out


def test_committed_sample_data_matches_the_generator(demo_dir):
    """sample_data/ must be what `concession-gis sample --scale demo` writes today."""
    committed = REPO / "sample_data"
    for kind in ("concessions", "restricted"):
        a = pyogrio.read_dataframe(committed / FILES[kind])
        b = pyogrio.read_dataframe(demo_dir / FILES[kind])
        pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"))
        assert a.geometry.geom_equals_exact(b.geometry, 1e-9).all()
    for kind in ("registrations", "activity", "holders"):
        assert (committed / FILES[kind]).read_bytes() == (demo_dir / FILES[kind]).read_bytes(), kind
    import rasterio

    with rasterio.open(committed / FILES["loss_raster"]) as a, rasterio.open(demo_dir / FILES["loss_raster"]) as b:
        assert a.transform == b.transform and (a.read(1) == b.read(1)).all()


def test_results_folder_holds_only_our_files_in_geopackage_1_2(tmp_path, capsys):
    import sqlite3

    assert run_cli(["analyze", "--out", tmp_path], capsys)[0] == 0
    assert run_cli(["map", tmp_path / "results.gpkg", "--out", tmp_path / "again.png", "--dpi", "50"], capsys)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "again.png", "conflict_map.pdf", "conflict_map.png", "results.gpkg", "summary.json",
    ]
    with sqlite3.connect(tmp_path / "results.gpkg") as db:
        assert db.execute("pragma user_version").fetchone()[0] == 10200
