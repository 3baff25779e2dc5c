"""Hostile inputs, each built the way the real bad file is: one clear message, never a traceback.

Every case runs the command line as a person does (a separate process, so that a library's
warning or GDAL's own printing would show on the terminal), and asserts the exit status, one
message line naming the file, no traceback, no library warning, every input byte-identical
(nothing added beside them either: no ``.aux.xml``) and no temporary left in ``--out``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import rasterio
import shapely
from openpyxl import Workbook
from rasterio.transform import from_origin

from concession_gis import errors
from concession_gis.raster.vrt import Tile, write_mosaic_vrt
from tests.builders import claims, lonlat

LIBRARY_WORDS = ("Traceback", "Warning", "warnings.warn", "CPLE_", "ERROR 1", "RuntimeWarning", "UserWarning")


@dataclass
class Case:
    """A command line over files in ``folder``; ``names`` is what its one message must name."""

    args: list
    exit: int
    names: str = ""
    says: str = ""  # words the message must hold, in English
    env: dict = field(default_factory=dict)


def _cadastre(folder: Path, name: str = "claims.gpkg", crs: str = "EPSG:32718", **row) -> Path:
    rows = [{"code": "010000001", "holder": "A", "cells": (0, 0, 2, 2)}, {"code": "010000002", "holder": "B", "cells": (3, 0, 5, 2)}]
    rows[0].update(row)
    path = folder / name
    claims(rows, crs=crs).to_file(path, engine="pyogrio")
    return path


def _geojson(path: Path, rings: list[list[tuple[float, float]]]) -> Path:
    """A GeoJSON written by hand, as another program writes it: no ``crs`` member."""
    features = [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                 "properties": {"CODIGOU": f"01000000{i}", "TIT_CONCES": "A", "ESTADO": "T", "FEC_DENU": "2000-01-01"}}
                for i, ring in enumerate(rings, 1)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _utm_square(e: float, n: float, side: float = 1000.0) -> list[tuple[float, float]]:
    return [(e, n), (e + side, n), (e + side, n + side), (e, n + side), (e, n)]


def _lonlat_square(x_km: float, y_km: float) -> list[tuple[float, float]]:
    return [lonlat(x, y) for x, y in ((x_km, y_km), (x_km + 1, y_km), (x_km + 1, y_km + 1), (x_km, y_km + 1), (x_km, y_km))]


def utm_geojson_without_crs(folder: Path) -> Case:
    path = _geojson(folder / "catastro.geojson", [_utm_square(400_000, 8_600_000), _utm_square(402_000, 8_600_000)])
    return Case(["--concessions", path], 2, path.name, "--crs")


def utm_geojson_with_crs_option(folder: Path) -> Case:
    path = _geojson(folder / "catastro.geojson", [_utm_square(400_000, 8_600_000), _utm_square(402_000, 8_600_000)])
    return Case(["--concessions", path, "--crs", "EPSG:32718"], 0)


def zip_that_is_not_a_zip(folder: Path) -> Case:
    path = folder / "catastro.zip"  # a portal's error page saved under the name asked for
    path.write_bytes(b"<html><body><h1>503 Service Unavailable</h1></body></html>\n")
    return Case(["--concessions", path], 2, path.name, "not a zip")


def folder_given_as_a_file(folder: Path) -> Case:
    inside = folder / "Catastro"
    inside.mkdir()
    _cadastre(inside, "catastro.shp")
    return Case(["--concessions", inside], 2, inside.name, "folder")


def shapefile_with_upper_case_extensions(folder: Path) -> Case:
    _cadastre(folder, "catastro.shp")
    for part in folder.iterdir():
        part.rename(part.with_suffix(part.suffix.upper()))
    return Case(["--concessions", folder / "catastro.SHP"], 0)


LOCAL_CS = 'LOCAL_CS["Obra",UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]'


def prj_with_a_local_crs(folder: Path) -> Case:
    shp = _cadastre(folder, "catastro.shp")
    shp.with_suffix(".prj").write_text(LOCAL_CS, encoding="ascii")
    return Case(["--concessions", shp], 2, shp.name, "--crs")


def prj_with_a_local_crs_and_the_crs_option(folder: Path) -> Case:
    shp = _cadastre(folder, "catastro.shp")
    shp.with_suffix(".prj").write_text(LOCAL_CS, encoding="ascii")
    return Case(["--concessions", shp, "--crs", "32718"], 0)


def coordinates_of_1e9(folder: Path) -> Case:
    path = _cadastre(folder, geometry=shapely.box(1e9, 1e9, 1e9 + 1000, 1e9 + 1000))
    return Case(["--concessions", path], 2, path.name, "row 1")


def nan_vertex(folder: Path) -> Case:
    ring = [(400_000, 8_600_000), (401_000, np.nan), (401_000, 8_601_000), (400_000, 8_601_000), (400_000, 8_600_000)]
    path = _cadastre(folder, geometry=shapely.Polygon(ring))
    return Case(["--concessions", path], 2, path.name, "row 1")


def infinite_vertex(folder: Path) -> Case:
    ring = [(400_000, 8_600_000), (np.inf, 8_600_000), (401_000, 8_601_000), (400_000, 8_601_000), (400_000, 8_600_000)]
    path = _cadastre(folder, geometry=shapely.Polygon(ring))
    return Case(["--concessions", path], 2, path.name, "row 1")


def unclosed_geojson_ring(folder: Path) -> Case:
    path = _geojson(folder / "catastro.geojson", [_lonlat_square(0, 0)[:-1], _lonlat_square(3, 0)])
    return Case(["--concessions", path], 0)


def _registration_rows() -> list[list[str]]:
    lon, lat = lonlat(1, 1)
    return [["COD_REINFO", "NOMBRE_MIN", "ESTADO", "LATITUD_G84", "LONGITUD_G84"],
            ["R1", "MINERO UNO", "VIGENTE", f"{lat:.6f}", f"{lon:.6f}"]]


def csv_that_is_a_workbook(folder: Path) -> Case:
    book = Workbook()
    for row in _registration_rows():
        book.active.append(row)
    path = folder / "REINFO.csv"  # saved from Excel as .xlsx, renamed by hand
    book.save(path)
    return Case(["--concessions", _cadastre(folder), "--registrations", path], 0)


def registrations_as_an_old_xls(folder: Path) -> Case:
    """A portal's "Export to Excel": an old BIFF workbook. It was offered to GDAL as a map
    layer, whose English "not recognized as being in a supported file format" came out with
    advice to give a shapefile."""
    path = folder / "REINFO.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    return Case(["--concessions", _cadastre(folder), "--registrations", path], 2, path.name, "old .xls workbooks")


def utf16_unicode_text(folder: Path) -> Case:
    path = folder / "REINFO.txt"  # Excel's "Unicode text": UTF-16 with a BOM, tabs, CRLF
    text = "\r\n".join("\t".join(row) for row in _registration_rows()) + "\r\n"
    path.write_bytes(text.encode("utf-16"))
    return Case(["--concessions", _cadastre(folder), "--registrations", path], 0)


def double_encoded_names(folder: Path) -> Case:
    path = folder / "REINFO.csv"  # UTF-8 read as Windows-1252 and saved as UTF-8 again, as some portals give it
    rows = _registration_rows()
    rows[1][1] = "COMPAÃ‘IA MINERA PEÃ‘A"
    path.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    return Case(["--concessions", _cadastre(folder), "--registrations", path], 0)


def _loss_tile(path: Path, west: float, tiled: bool = False, north: float = 0.0, res: float = 0.00025) -> Path:
    lon, lat = lonlat(0, 3)
    data = np.full((400, 400), 12, dtype="uint8")
    extra = {"tiled": True, "blockxsize": 128, "blockysize": 128, "compress": "deflate"} if tiled else {}
    with rasterio.open(path, "w", driver="GTiff", width=400, height=400, count=1, dtype="uint8", nodata=0,
                       crs="EPSG:4326", transform=from_origin(lon + west, lat + north, res, res), **extra) as ds:
        ds.write(data, 1)
    return path


def vrt_with_a_missing_tile(folder: Path) -> Case:
    paths = [_loss_tile(folder / "tile_a.tif", 0.0), _loss_tile(folder / "tile_b.tif", 0.1)]
    tiles = []
    for path in paths:
        with rasterio.open(path) as ds:
            tiles.append(Tile(path, ds.transform, ds.width, ds.height, "uint8", 0))
    vrt = write_mosaic_vrt(tiles, rasterio.crs.CRS.from_epsg(4326).to_wkt(), folder / "hansen.vrt", relative=True)
    paths[1].unlink()
    return Case(["--concessions", _cadastre(folder), "--loss-raster", vrt], 2, "tile_b.tif", "missing")


def truncated_geotiff(folder: Path) -> Case:
    path = _loss_tile(folder / "lossyear.tif", 0.0, tiled=True)
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])  # a download cut short
    return Case(["--concessions", _cadastre(folder), "--loss-raster", path], 2, path.name, "incomplete")


def loss_raster_read_twice(folder: Path) -> Case:
    """Reading and describing a raster leaves nothing beside it (GDAL's .aux.xml)."""
    return Case(["--concessions", _cadastre(folder), "--loss-raster", _loss_tile(folder / "lossyear.tif", 0.0)], 0)


def loss_tiles_half_a_pixel_apart(folder: Path) -> Case:
    """Two neighbouring tiles, the second cut from a grid half a pixel north of the first's."""
    tiles = [_loss_tile(folder / "tile_a.tif", 0.0), _loss_tile(folder / "tile_b.tif", 0.1, north=0.000125)]
    return Case(["--concessions", _cadastre(folder), "--loss-raster", tiles[0], "--loss-raster", tiles[1]], 2,
                "tile_a.tif", "tile_b.tif")


def loss_tiles_of_two_resolutions(folder: Path) -> Case:
    tiles = [_loss_tile(folder / "tile_a.tif", 0.0), _loss_tile(folder / "tile_60m.tif", 0.1, res=0.0005)]
    return Case(["--concessions", _cadastre(folder), "--loss-raster", tiles[0], "--loss-raster", tiles[1]], 2,
                "tile_a.tif", "tile_60m.tif")


def out_is_a_file(folder: Path) -> Case:
    out = folder / "results.txt"
    out.write_text("notes\n", encoding="utf-8")
    return Case(["--concessions", _cadastre(folder), "--out", out], 2, out.name, "--out")


def out_name_too_long(folder: Path) -> Case:
    out = folder.parent / ("resultados_" * 30)
    return Case(["--concessions", _cadastre(folder), "--out", out], 2, "resultados_", "too long")


def input_deep_in_folders(folder: Path) -> Case:
    deep = folder.joinpath(*["Documentos de la mesa de dialogo"] * 10)  # beyond Windows' 260 characters
    deep.mkdir(parents=True)
    return Case(["--concessions", _cadastre(deep)], 0)


def file_name_not_utf8(folder: Path) -> Case:
    path = _cadastre(folder)
    latin1 = os.fsdecode(bytes(folder) + b"/concesi\xf3n.gpkg")  # written on an old Windows share
    os.rename(path, latin1)
    return Case(["--concessions", latin1], 2, "concesi", "Rename")


def geopackage_with_metadata(folder: Path) -> Case:
    """GDAL records a GeoPackage's metadata, once read, in a .aux.xml beside it unless told not to."""
    path = folder / "catastro.gpkg"
    pyogrio.write_dataframe(claims([{"code": "010000001", "holder": "A", "cells": (0, 0, 1, 1)}]), path,
                            dataset_metadata={"origen": "INGEMMET, GEOCATMIN"})
    return Case(["--concessions", path], 0)


def raster_and_geopackage_with_pam_on_in_the_shell(folder: Path) -> Case:
    """A shell that has GDAL_PAM_ENABLED=YES (left by another GIS tool) still gets nothing beside its inputs."""
    case = geopackage_with_metadata(folder)
    raster = _loss_tile(folder / "lossyear.tif", 0.0)
    return Case([*case.args, "--loss-raster", raster], 0, env={"GDAL_PAM_ENABLED": "YES"})


def empty_layer(folder: Path) -> Case:
    path = folder / "areas.gpkg"
    claims([{"code": "1", "holder": "A", "cells": (0, 0, 1, 1)}]).iloc[:0].to_file(path, engine="pyogrio")
    return Case(["--concessions", path], 2, path.name)


def _cut_dbf_short(shp: Path) -> None:
    """Drop the .dbf's last record, header count and bytes both, as a copy that stopped does."""
    dbf = bytearray(shp.with_suffix(".dbf").read_bytes())
    records = int.from_bytes(dbf[4:8], "little")
    header, length = int.from_bytes(dbf[8:10], "little"), int.from_bytes(dbf[10:12], "little")
    dbf[4:8] = (records - 1).to_bytes(4, "little")
    shp.with_suffix(".dbf").write_bytes(bytes(dbf[: header + length * (records - 1)]) + b"\x1a")


def dbf_cut_short(folder: Path) -> Case:
    shp = _cadastre(folder, "catastro.shp")  # two claims, one record left in the .dbf
    _cut_dbf_short(shp)
    return Case(["--concessions", shp], 2, shp.name, "1 record(s) but the .shp has 2 shape(s)")


def zipped_dbf_cut_short(folder: Path) -> Case:
    parts = folder / "parts"
    parts.mkdir()
    shp = _cadastre(parts, "catastro.shp")
    _cut_dbf_short(shp)
    path = folder / "catastro.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted(parts.iterdir()):
            archive.write(part, part.name)
    return Case(["--concessions", path], 2, "catastro.shp", "1 record(s) but the .shp has 2 shape(s)")


ANALYZE_CASES: list[Callable[[Path], Case]] = [
    utm_geojson_without_crs, utm_geojson_with_crs_option, zip_that_is_not_a_zip, folder_given_as_a_file,
    shapefile_with_upper_case_extensions, prj_with_a_local_crs, prj_with_a_local_crs_and_the_crs_option,
    coordinates_of_1e9, nan_vertex, infinite_vertex, unclosed_geojson_ring, csv_that_is_a_workbook,
    registrations_as_an_old_xls,
    utf16_unicode_text, double_encoded_names, vrt_with_a_missing_tile, truncated_geotiff, loss_raster_read_twice,
    loss_tiles_half_a_pixel_apart, loss_tiles_of_two_resolutions, out_is_a_file,
    out_name_too_long, input_deep_in_folders, file_name_not_utf8, geopackage_with_metadata, empty_layer,
]
ANALYZE_CASES += [dbf_cut_short, zipped_dbf_cut_short, raster_and_geopackage_with_pam_on_in_the_shell]


def _fingerprints(folder: Path) -> dict[str, str]:
    return {os.fsdecode(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(args: list, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "concession_gis", *[os.fsencode(a) if isinstance(a, Path) else a for a in args]]
    # As a person's shell has it: not the GDAL setting this test process took when it imported the tool.
    inherited = {name: value for name, value in os.environ.items() if name != "GDAL_PAM_ENABLED"}
    return subprocess.run(command, capture_output=True, timeout=120, env={**inherited, **(env or {})})


def _check_output(result: subprocess.CompletedProcess, case: Case) -> None:
    out, err = result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    assert result.returncode == case.exit, f"exit {result.returncode}\n{out}\n{err}"
    for word in LIBRARY_WORDS:
        assert word not in _without_own_warnings(out) + err, out + err
    if case.exit == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, err
        assert lines[0].startswith("concession-gis: error:"), err
        assert case.names in lines[0] and case.says in lines[0], err


def _without_own_warnings(text: str) -> str:
    """``text`` without the names of the tool's own warnings, which the summary's lines count
    ("TextEncodingWarning 1"): a library's warning is what must not show."""
    own = [name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Warning)]
    return re.sub(r"\b(" + "|".join(own) + r")\b", "", text)


@pytest.mark.parametrize("build", ANALYZE_CASES, ids=lambda build: build.__name__)
def test_analyze_refuses_clearly_and_leaves_inputs_untouched(build, tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    case = build(folder)
    before = _fingerprints(folder)
    out = tmp_path / "out"
    args = ["analyze", *case.args, "--no-map", "--quiet", "--lang", "en"]
    if "--out" not in case.args:
        args += ["--out", out]
    _check_output(_run(args, case.env), case)
    assert _fingerprints(folder) == before
    if out.exists():
        assert [p.name for p in out.iterdir() if p.name.startswith(".") or ".tmp" in p.name] == []


VALIDATE_CASES: list[Callable[[Path], Case]] = [
    utm_geojson_without_crs, zip_that_is_not_a_zip, folder_given_as_a_file, shapefile_with_upper_case_extensions,
    prj_with_a_local_crs, coordinates_of_1e9, nan_vertex, unclosed_geojson_ring, csv_that_is_a_workbook,
    registrations_as_an_old_xls,
    utf16_unicode_text, double_encoded_names, vrt_with_a_missing_tile, truncated_geotiff, loss_raster_read_twice,
    file_name_not_utf8, geopackage_with_metadata,
]
VALIDATE_CASES += [dbf_cut_short, zipped_dbf_cut_short]


@pytest.mark.parametrize("build", VALIDATE_CASES, ids=lambda build: build.__name__)
def test_validate_reports_the_same_and_leaves_inputs_untouched(build, tmp_path):
    """``validate`` on the file the case is about: usable exactly when ``analyze`` would run."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    case = build(folder)
    checked = case.args[-1] if case.args[-2] in ("--registrations", "--loss-raster") else case.args[1]
    before = _fingerprints(folder)
    result = _run(["validate", checked, "--lang", "en", *(case.args[2:4] if "--crs" in case.args[2:3] else [])])
    out, err = result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    assert result.returncode == case.exit, out + err
    for word in LIBRARY_WORDS:
        assert word not in out + err, out + err
    assert ("usable: NO" in out) == (case.exit == 2), out
    assert case.names in out + err and case.says in out + err
    assert _fingerprints(folder) == before


@pytest.mark.parametrize("shell", [{}, {"GDAL_PAM_ENABLED": "YES"}], ids=["plain", "pam_on"])
def test_results_read_back_get_nothing_beside_them(shell, tmp_path):
    """`map` reads results.gpkg's metadata: GDAL would leave a .aux.xml beside that output."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    cadastre = _cadastre(folder)
    out = tmp_path / "out"
    assert _run(["analyze", "--concessions", cadastre, "--out", out, "--no-map", "--quiet"], shell).returncode == 0
    before = _fingerprints(out)
    result = _run(["map", out / "results.gpkg", "--out", tmp_path / "map.png", "--dpi", "50", "--lang", "en"], shell)
    _check_output(result, Case([], 0))
    assert _fingerprints(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inputs", "map.png", "out"]


@pytest.mark.parametrize(("step", "code", "words"), [
    ("replace", errno.ENOSPC, "no space left"),  # the disk fills while the results are written
    ("mkstemp", errno.EACCES, "does not allow"),  # a folder the user may not write in
    ("mkstemp", errno.EROFS, "does not allow"),  # a read-only disk or share
])
def test_the_users_disk_refusing_is_the_users_to_fix(step, code, words, tmp_path, capsys, monkeypatch):
    """Exit 2 naming the output folder, never 'internal error, please report'; no temporary left."""
    import concession_gis.export.atomic as atomic
    from concession_gis.cli import main

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os if step == "replace" else atomic.tempfile, step, refuse)
    folder = tmp_path / "inputs"
    folder.mkdir()
    out = tmp_path / "out"
    code_ = main(["analyze", "--concessions", str(_cadastre(folder)), "--out", str(out), "--no-map", "--lang", "en"])
    err = capsys.readouterr().err
    assert code_ == 2, err
    assert len(err.strip().splitlines()) == 1 and words in err and str(out) in err and "report" not in err
    assert not out.exists() or [p.name for p in out.iterdir()] == []  # a folder the run created goes with it


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_folder(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        case = Case(["--concessions", _cadastre(folder), "--out", out], 2, str(out), "does not allow")
        _check_output(_run(["analyze", *case.args, "--no-map", "--quiet", "--lang", "en"]), case)
    finally:
        out.chmod(0o755)


def test_log_folder_that_cannot_be_created_still_gives_one_message(tmp_path, capsys, monkeypatch):
    """A bug while the log folder cannot be made: exit 1 and one message, never a traceback."""
    import concession_gis.cli as cli

    blocker = tmp_path / "logs"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    monkeypatch.setenv("CONCESSION_GIS_LOG_DIR", str(blocker / "concession-gis"))

    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "sample", broken)
    code = cli.main(["sample", "--out", str(tmp_path / "s"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "a bug" in err


def test_a_table_read_from_a_workbook_saved_as_csv_has_its_rows(tmp_path):
    from concession_gis.io.sources import read_table

    case = csv_that_is_a_workbook(tmp_path)
    frame = read_table(case.args[-1], "registrations")
    assert list(frame["COD_REINFO"]) == ["R1"] and list(frame["_row"]) == [2]
    frame = read_table(utf16_unicode_text(tmp_path).args[-1], "registrations")
    assert list(frame["NOMBRE_MIN"]) == ["MINERO UNO"] and list(frame["_row"]) == [2]


def test_an_unclosed_ring_is_closed_not_dropped(tmp_path):
    from concession_gis.io.sources import read_vector

    frame = read_vector(unclosed_geojson_ring(tmp_path).args[1], "concessions")
    assert frame.geometry.is_valid.all() and len(frame) == 2
    assert frame.geometry.area.iloc[0] == pytest.approx(frame.geometry.area.iloc[1], rel=1e-3)
