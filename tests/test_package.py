"""The desktop bundle (issue 7): built with PyInstaller, then run the way an official's machine runs it.

Every run starts the bundle's own executable with a clean environment (only PATH=/usr/bin:/bin,
HOME in a temporary folder and QT_QPA_PLATFORM=offscreen: no virtual environment, no
PYTHONPATH) from a folder outside the repository. The truth comes from the development install
(the same analysis unfrozen) and, for PSAD56, from the WGS84 run of the same claims.

Slow (a build is about a minute and a half on 2 cores, the runs another two): `make package-test`
runs it; `make test` and CI skip it. A bundle newer than every source file is reused.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from concession_gis import __version__
from concession_gis.sample.demo import FILES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="the bundle test runs the Linux build (Windows: build.ps1 checks)"),
]

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "concession-gis"
EXE = DIST / "concession-gis"
SOURCES = [ROOT / "concession_gis", ROOT / "ui", ROOT / "packaging", ROOT / "sample_data", ROOT / "pyproject.toml"]
HAS_GUI = (ROOT / "ui" / "app.py").exists()
RESULT_LAYERS = {"concessions", "registrations", "concession_overlaps", "coexistence_candidates",
                 "loss_by_year", "district_summary", "rejected_rows"}
# Ages are measured to a fixed date so that the frozen and the development runs agree at midnight.
RULES = 'reference_date = "2025-06-30"\n'


def _newest_source() -> float:
    times = [path.stat().st_mtime for top in SOURCES if top.exists()
             for path in ([top] if top.is_file() else top.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts]
    return max(times)


@pytest.fixture(scope="module")
def bundle() -> Path:
    """dist/concession-gis, built now unless it is newer than every source file."""
    if not EXE.exists() or EXE.stat().st_mtime < _newest_source():
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
                        str(ROOT / "packaging" / "concession-gis.spec")], check=True, timeout=1800)
    assert EXE.exists()
    return DIST


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run_bundle(args, home: Path, cwd: Path, env: dict | None = None, program: Path = EXE,
               prefix: list[str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """The bundle's executable with a clean environment, as `env -i` would give it."""
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    result = subprocess.run([*(prefix or []), str(program), *map(str, args)], env=clean, cwd=cwd,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def rules_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def frozen_sample(bundle, rules_file, tmp_path_factory) -> Path:
    """The bundle's analysis of its own sample data (no input flags)."""
    work = tmp_path_factory.mktemp("frozen")
    run_bundle(["analyze", "--out", work / "out", "--rules", rules_file, "--quiet"], work, work)
    return work / "out"


@pytest.fixture(scope="module")
def development_sample(rules_file, tmp_path_factory) -> Path:
    """The same analysis by the development install: the reference."""
    out = tmp_path_factory.mktemp("development") / "out"
    subprocess.run([sys.executable, "-m", "concession_gis", "analyze", "--out", str(out), "--rules",
                    str(rules_file), "--quiet"], check=True, cwd=ROOT, capture_output=True, timeout=300)
    return out


def sample_inputs(folder: Path, concessions: Path | None = None) -> list[str]:
    """Explicit input flags for the bundled sample (its copy inside the bundle)."""
    return ["--concessions", str(concessions or folder / FILES["concessions"]),
            "--registrations", str(folder / FILES["registrations"]),
            "--loss-raster", f"{folder / FILES['loss_raster']}:lossyear",
            "--restricted", str(folder / FILES["restricted"]),
            "--activity", str(folder / FILES["activity"]),
            "--holders", str(folder / FILES["holders"])]


def bundled_sample(bundle: Path) -> Path:
    return bundle / "_internal" / "sample_data"


def concessions(out: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(out / "results.gpkg", layer="concessions").set_index("code").sort_index()


# --- the command line ------------------------------------------------------------------------


def test_version_from_a_clean_environment(bundle, home, tmp_path):
    result = run_bundle(["--version"], home, tmp_path)
    assert result.stdout.strip() == f"concession-gis {__version__}"


def test_the_bundle_holds_its_data(bundle):
    internal = bundle / "_internal"
    for relative in ["concession_gis/rules.toml", "concession_gis/messages.toml",
                     "concession_gis/data/countries_110m.geojson", "concession_gis/data/basemap_pe_bo.gpkg",
                     "rasterio/gdal_data/gdalvrt.xsd", "rasterio/proj_data/proj.db",
                     "pyogrio/gdal_data/gdalvrt.xsd", "pyogrio/proj_data/proj.db",
                     "pyproj/proj_dir/share/proj/proj.db", *(f"sample_data/{name}" for name in FILES.values())]:
        assert (internal / relative).is_file(), relative


def test_sample_analysis_matches_the_development_install(frozen_sample, development_sample):
    assert set(pyogrio.list_layers(frozen_sample / "results.gpkg")[:, 0]) >= RESULT_LAYERS
    frozen = json.loads((frozen_sample / "summary.json").read_text(encoding="utf-8"))
    reference = json.loads((development_sample / "summary.json").read_text(encoding="utf-8"))
    assert frozen["version"] == __version__
    assert frozen["counts"] == reference["counts"]
    counts = frozen["counts"]
    assert counts["concessions"] == 20  # 19 claims and, since issue 15, a processing plant
    assert counts["registrations_in"] == counts["registrations_out"] + counts["registrations_rejected"]
    assert frozen["hectares"] == pytest.approx(reference["hectares"], rel=1e-9)
    for name in ("conflict_map.pdf", "conflict_map.png"):
        assert (frozen_sample / name).stat().st_size > 10_000, name
    assert (frozen_sample / "conflict_map.pdf").read_bytes().startswith(b"%PDF")
    pd.testing.assert_series_equal(concessions(frozen_sample)["loss_ha"], concessions(development_sample)["loss_ha"])


@pytest.fixture(scope="module")
def psad56_inputs(bundle, tmp_path_factory) -> list[str]:
    """The sample's claims and forest-loss raster in PSAD56 / UTM 19S (EPSG:24879), as INGEMMET's
    older files are; the other inputs unchanged. Reading them needs proj.db's PSAD56-to-WGS84
    transformation: a ballpark conversion would put the claims about 420 m off."""
    import rasterio
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    folder = tmp_path_factory.mktemp("psad56")
    sample = bundled_sample(bundle)
    claims = folder / "CatastroMinero_PSAD56_19S.shp"
    shapes = gpd.read_file(sample / FILES["concessions"]).geometry.to_crs("EPSG:24879")
    gpd.GeoDataFrame(geometry=shapes).to_file(claims)
    # The attribute table as INGEMMET gives it (Latin-1 text, dates, no .cpg); only shapes and .prj change.
    shutil.copy(sample / FILES["concessions"].replace(".shp", ".dbf"), claims.with_suffix(".dbf"))
    claims.with_suffix(".cpg").unlink(missing_ok=True)
    raster = folder / "hansen_lossyear_PSAD56_19S.tif"
    with rasterio.open(sample / FILES["loss_raster"]) as src:
        transform, width, height = calculate_default_transform(src.crs, "EPSG:24879", src.width, src.height,
                                                               *src.bounds, resolution=30)
        profile = src.profile | {"crs": "EPSG:24879", "transform": transform, "width": width, "height": height}
        with rasterio.open(raster, "w", **profile) as dst:
            reproject(rasterio.band(src, 1), rasterio.band(dst, 1), resampling=Resampling.nearest)
    inputs = sample_inputs(sample, concessions=claims)
    inputs[inputs.index("--loss-raster") + 1] = f"{raster}:lossyear"
    return inputs


@pytest.fixture(scope="module")
def frozen_psad56(psad56_inputs, rules_file, tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("frozen_psad56")
    run_bundle(["analyze", *psad56_inputs, "--out", work / "out", "--rules", rules_file, "--no-map", "--quiet"], work, work)
    return work / "out"


def test_psad56_claims_give_the_wgs84_areas(frozen_psad56, frozen_sample, rules_file, tmp_path):
    got, expected = concessions(frozen_psad56), concessions(frozen_sample)
    assert got.crs.to_epsg() == 4326
    np.testing.assert_allclose(got["area_ha"], expected["area_ha"], rtol=1e-6)
    shift_m = got.geometry.to_crs(32719).centroid.distance(expected.geometry.to_crs(32719).centroid)
    assert shift_m.max() < 0.1  # the round trip through PSAD56 moves them 6 mm


def test_psad56_run_matches_the_development_install(frozen_psad56, psad56_inputs, rules_file, tmp_path):
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "concession_gis", "analyze", *psad56_inputs, "--out", str(out), "--rules",
                    str(rules_file), "--no-map", "--quiet"], check=True, cwd=ROOT, capture_output=True, timeout=300)
    frozen, reference = concessions(frozen_psad56), concessions(out)
    assert frozen["loss_ha"].sum() > 0
    pd.testing.assert_frame_equal(frozen.drop(columns="geometry"), reference.drop(columns="geometry"))


def test_workstation_gdal_and_proj_settings_do_not_leak_in(frozen_psad56, psad56_inputs, rules_file, home, tmp_path):
    """A QGIS or OSGeo4W install often sets these machine-wide. rasterio obeys PROJ_LIB before its
    own proj.db: unfrozen, this very run stops with "Error creating Transformer from CRS"."""
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "proj.db").write_bytes(b"not a PROJ database")
    env = {"PROJ_LIB": str(foreign), "PROJ_DATA": str(foreign), "GDAL_DATA": str(foreign),
           "GDAL_DRIVER_PATH": str(foreign), "PROJ_NETWORK": "ON"}
    out = tmp_path / "out"
    result = run_bundle(["analyze", *psad56_inputs, "--out", out, "--rules", rules_file, "--no-map", "--quiet"],
                        home, tmp_path, env)
    assert "proj.db" not in result.stderr and "PROJ" not in result.stderr, result.stderr
    pd.testing.assert_frame_equal(concessions(out).drop(columns="geometry"),
                                  concessions(frozen_psad56).drop(columns="geometry"))


def test_zonal_statistics_on_two_threads(bundle, frozen_sample, rules_file, home, tmp_path):
    """Two threads give the development install's numbers; strace shows that every GDAL and PROJ
    data file opened lies inside the bundle, none in the repository."""
    env = {"CONCESSION_GIS_WORKERS": "2", "CONCESSION_GIS_PARALLEL_MIN_FEATURES": "1"}
    out = tmp_path / "out"
    strace = shutil.which("strace")
    trace = tmp_path / "trace.txt"
    prefix = [strace, "-f", "-qq", "-e", "trace=execve,openat", "-o", str(trace)] if strace else None
    run_bundle(["analyze", "--out", out, "--rules", rules_file, "--no-map", "--quiet"], home, tmp_path, env, prefix=prefix)
    got, expected = concessions(out), concessions(frozen_sample)
    np.testing.assert_allclose(got["loss_ha"], expected["loss_ha"], rtol=1e-12)
    loss_by_year = [gpd.read_file(folder / "results.gpkg", layer="loss_by_year").sort_values(["code", "year"], ignore_index=True)
                    for folder in (out, frozen_sample)]
    pd.testing.assert_frame_equal(*loss_by_year)
    if not strace:
        pytest.skip("strace is not installed: results checked, files opened not traced")
    lines = trace.read_text(errors="replace").splitlines()
    opened = [match.group(1) for line in lines if "= -1" not in line
              for match in [re.search(r'openat\(AT_FDCWD, "([^"]+)"', line)] if match]
    data = [path for path in opened if path.endswith("proj.db") or "gdal_data" in path or "proj_data" in path]
    assert data and all(path.startswith(str(bundle)) for path in data), sorted(set(data))
    from_repository = [path for path in opened if path.startswith(str(ROOT)) and not path.startswith(str(bundle))]
    assert not from_repository, sorted(set(from_repository))[:20]


# --- the desktop application -------------------------------------------------------------------


@pytest.mark.skipif(not HAS_GUI, reason="the desktop application (ui/app.py) is not on this branch yet")
@pytest.mark.parametrize("program, args", [("concession-gis", ["gui", "--smoke-test"]),
                                           ("concession-gis-gui", ["--smoke-test", "--lang", "en"])])
def test_gui_opens_analyses_the_sample_and_closes_offscreen(bundle, home, tmp_path, program, args):
    """The window comes up within the 5 s target (timed from the process start), the bundled sample
    opens, the analysis runs in the job-server process (the bundle restarted as a worker) and the
    results are drawn; the log goes to the user's log folder and a clean exit leaves no autosave."""
    work = tmp_path / "work"
    work.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    process = subprocess.Popen([str(bundle / program), *args], env=env, cwd=work, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines, shown_after = [], None
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if shown_after is None and line.startswith("smoke-test: window shown"):
            shown_after = time.perf_counter() - start
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 0, "\n".join(lines) + stderr
    steps = [re.sub(r" [\d.]+ s$", "", line.removeprefix("smoke-test: ")) for line in lines if line.startswith("smoke-test:")]
    assert steps == ["window shown", "sample opened", "analysis done, results drawn"], lines
    assert shown_after < 5.0
    logs = list((home / ".local" / "state" / "concession-gis" / "logs").glob("smoke-test-*.log"))
    assert len(logs) == 1 and "results drawn" in logs[0].read_text(encoding="utf-8")
    data = home / ".local" / "share" / "concession-gis"
    assert (data / "autosave").is_dir() and not any((data / "autosave").iterdir())
    assert not any((data / "sessions").iterdir())
    assert not any(work.iterdir())  # nothing written to the working folder
