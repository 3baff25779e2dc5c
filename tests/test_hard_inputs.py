"""Broken downloads and hand-typed spreadsheets: each case has one exact, asserted outcome."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pandas as pd
import pyogrio
import pytest
import shapely
from openpyxl import Workbook

from concession_gis.cli import main
from concession_gis.errors import InputError
from concession_gis.io.layers import load_concessions, load_registrations
from concession_gis.pipeline import analyze
from concession_gis.reasons import Reason, decode, render
from concession_gis.rules import load_rules
from concession_gis.sample.demo import FILES
from tests.builders import claims, lonlat
from tests.conftest import demo_inputs

RULES = load_rules()


def test_empty_cadastre_exits_2(tmp_path, capsys):
    claims([{"code": "1", "holder": "A", "cells": (0, 0, 1, 1)}]).iloc[:0].to_file(tmp_path / "empty.shp", engine="pyogrio")
    assert main(["analyze", "--concessions", str(tmp_path / "empty.shp"), "--out", str(tmp_path / "o"), "--no-map",
                 "--lang", "en"]) == 2
    assert "no usable concession polygons" in capsys.readouterr().err


def test_registrations_with_only_a_header_give_an_empty_layer(demo_dir, tmp_path):
    (tmp_path / "r.csv").write_text("COD_REINFO;LATITUD_G84;LONGITUD_G84\n", encoding="utf-8")
    results = analyze(demo_inputs(demo_dir, registrations=[str(tmp_path / "r.csv")]), lang="en")
    assert len(results.registrations) == 0
    assert results.summary["counts"]["registrations_in"] == 0
    assert (results.concessions["n_registrations"] == 0).all()


@pytest.mark.parametrize("missing", [".shx", ".dbf"])
def test_shapefile_missing_a_part(demo_dir, tmp_path, missing):
    import shutil

    for suffix in (".shp", ".shx", ".dbf", ".prj"):
        if suffix != missing:
            shutil.copy(demo_dir / FILES["concessions"].replace(".shp", suffix), tmp_path / f"c{suffix}")
    with pytest.raises(InputError, match=rf"the shapefile is incomplete, c\{missing} is missing"):
        load_concessions([str(tmp_path / "c.shp")], {})


def test_3d_and_measured_geometries_become_2d(tmp_path):
    square = shapely.force_3d(shapely.box(400_000, 8_600_000, 401_000, 8_601_000), 3200.0)
    frame = claims([{"code": "1", "holder": "A", "geometry": square}])
    frame.to_file(tmp_path / "z.gpkg", engine="pyogrio")
    assert pyogrio.read_info(tmp_path / "z.gpkg")["geometry_type"].endswith("Z")
    loaded = load_concessions([str(tmp_path / "z.gpkg")], {})
    assert not shapely.has_z(loaded.frame.geometry.values).any()


def test_xlsx_with_title_and_merged_group_header(tmp_path):
    lon, lat = lonlat(0.5, 0.5)
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "REGISTRO INTEGRAL DE FORMALIZACIÓN MINERA - REINFO"
    sheet.merge_cells("A1:E1")
    sheet["C2"] = "UBICACIÓN"
    sheet.merge_cells("C2:D2")
    sheet.append(["COD_REINFO", "NOMBRE_MIN", "LATITUD_G84", "LONGITUD_G84", "ESTADO"])
    sheet.append(["000777", "ANA", lat, lon, "VIGENTE"])
    book.save(tmp_path / "reinfo.xlsx")
    loaded = load_registrations([str(tmp_path / "reinfo.xlsx")], {}, RULES)
    assert loaded.frame["reg_id"].tolist() == ["000777"]
    assert loaded.frame["_row"].tolist() == [4]
    assert loaded.frame.geometry.iloc[0].x == pytest.approx(lon)


def test_csv_with_mixed_separators_and_a_broken_row(tmp_path):
    lon, lat = lonlat(0.5, 0.5)
    la, lo = f"{lat:.6f}", f"{lon:.6f}"
    text = (
        "COD_REINFO;NOMBRE_MIN;LATITUD_G84;LONGITUD_G84\n"
        f"A;ANA;{la.replace('.', ',')};{lo.replace('.', ',')}\n"
        f"B,BETO,{la},{lo}\n"  # pasted from a comma export
        f"C;CARLA;{la.replace('.', ',')}\n"  # a field missing
    )
    (tmp_path / "mixed.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    loaded = load_registrations([str(tmp_path / "mixed.csv")], {}, RULES)
    assert loaded.frame["reg_id"].tolist() == ["A", "B"]
    assert loaded.frame.geometry.iloc[1].equals_exact(loaded.frame.geometry.iloc[0], 1e-6)
    assert loaded.rejected["row"].tolist() == [4]
    assert decode(loaded.rejected["reason_codes"][0]) == [Reason("reject.fields", {"expected": 4})]
    assert render(loaded.rejected["reason_codes"][0], "en").startswith("the row does not have the header's 4 fields")
    assert loaded.rejected["raw_line"][0].startswith("C;CARLA;")


def test_duplicate_codes_are_kept_with_a_warning(tmp_path):
    from concession_gis.errors import DuplicateCodeWarning

    frame = claims([{"code": "010", "holder": "A", "cells": (0, 0, 1, 1)}, {"code": "010", "holder": "B", "cells": (1, 0, 2, 1)}])
    frame.to_file(tmp_path / "d.gpkg", engine="pyogrio")
    with pytest.warns(DuplicateCodeWarning, match="1 concession code"):
        loaded = load_concessions([str(tmp_path / "d.gpkg")], {})
    assert len(loaded.frame) == 2


def test_dates_in_three_formats_and_epoch_milliseconds(tmp_path):
    frame = claims([
        {"code": "1", "holder": "A", "cells": (0, 0, 1, 1), "filed": "1998-03-15"},
        {"code": "2", "holder": "A", "cells": (1, 0, 2, 1), "filed": "15/03/1998"},
        {"code": "3", "holder": "A", "cells": (2, 0, 3, 1), "filed": "15-03-98"},
        {"code": "4", "holder": "A", "cells": (3, 0, 4, 1), "filed": "889920000000"},
    ])
    frame.to_file(tmp_path / "dates.gpkg", engine="pyogrio")
    loaded = load_concessions([str(tmp_path / "dates.gpkg")], {})
    assert (loaded.frame["filed_on"] == pd.Timestamp("1998-03-15")).all()


def test_interrupted_run_leaves_no_results_and_the_next_run_cleans_up(tmp_path):
    """Kill `analyze` while it writes: no results.gpkg appears; a rerun completes and leaves no leftovers.

    The run kills itself (SIGKILL, nothing cleans up) right after its second layer reaches the
    temporary GeoPackage, so the kill lands mid-write on every machine, however fast or loaded."""
    import numpy as np

    cells = [(c, r, c + 1, r + 1) for c in range(40) for r in range(40)]
    rows = [{"code": f"{i:09d}", "holder": f"H{i % 97}", "cells": cell} for i, cell in enumerate(cells)]
    claims(rows).to_file(tmp_path / "many.gpkg", engine="pyogrio")
    out = tmp_path / "out"
    argv = ["concession-gis", "analyze", "--out", str(out), "--no-map", "--concessions", str(tmp_path / "many.gpkg")]
    killed_mid_write = f"""
import os, runpy, signal, sys, pyogrio
layers = []
def then_die(write):
    def write_then_die(frame, path, *args, **kwargs):
        write(frame, path, *args, **kwargs)
        layers.append(path)
        if sum(".results-" in str(p) for p in layers) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
    return write_then_die
pyogrio.write_dataframe, pyogrio.write_arrow = then_die(pyogrio.write_dataframe), then_die(pyogrio.write_arrow)
sys.argv = {argv!r}
runpy.run_module("concession_gis", run_name="__main__")
"""
    process = subprocess.run([sys.executable, "-c", killed_mid_write], capture_output=True, timeout=300)
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()[-2000:]
    assert list(out.glob(".results-*")), "the killed run left its temporary behind"
    assert not (out / "results.gpkg").exists()
    args = [sys.executable, "-m", "concession_gis", *argv[1:]]
    assert subprocess.run(args, capture_output=True, timeout=300).returncode == 0
    assert len(pyogrio.read_dataframe(out / "results.gpkg", layer="concessions", columns=["code"])) == len(cells)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert np.isfinite(pyogrio.read_info(out / "results.gpkg", layer="concessions")["features"])


def test_4_gib_raster_is_read_in_bounded_memory(tmp_path):
    """A 65,536 x 65,536 lossyear raster (4 GiB of pixels, sparse on disk) under 1,000 claims."""
    import json

    script = f"""
import json, resource, numpy as np, rasterio, geopandas as gpd, shapely
from rasterio.transform import from_origin
from rasterio.windows import Window
from concession_gis.raster.sources import open_loss_sources
from concession_gis.raster.zonal import zonal_loss
path = {str(tmp_path / "big.tif")!r}
profile = dict(driver="GTiff", width=65536, height=65536, count=1, dtype="uint8", crs="EPSG:4326",
               transform=from_origin(-72.0, -10.0, 0.00025, 0.00025), tiled=True, blockxsize=512,
               blockysize=512, compress="deflate", sparse_ok=True)
with rasterio.open(path, "w", **profile) as out:
    for i in range(16):  # a few real blocks of loss, far apart
        out.write(np.full((512, 512), 5 + i, dtype="uint8"), 1, window=Window(i * 4096, i * 4096, 512, 512))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rng = np.random.default_rng(0)
x = -72.0 + rng.uniform(0, 16.0, 1000); y = -10.0 - rng.uniform(0, 16.0, 1000)
claims = gpd.GeoSeries(shapely.box(x, y - 0.03, x + 0.03, y), crs="EPSG:4326")
claims = gpd.GeoSeries(list(claims) + [shapely.box(-72.0 + i * 1.024, -10.0 - i * 1.024 - 0.1, -72.0 + i * 1.024 + 0.1, -10.0 - i * 1.024) for i in range(16)], crs="EPSG:4326")
zonal = zonal_loss(open_loss_sources([path])[0], claims)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(before=before, after=after, lost=float(zonal.by_year["loss_ha"].sum()), years=sorted(zonal.by_year["year"].dropna().unique().tolist()))))
"""
    env = {**os.environ, "CONCESSION_GIS_WORKERS": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert (tmp_path / "big.tif").stat().st_size < 50 * 2**20  # sparse: 4 GiB of pixels, little on disk
    assert report["after"] - report["before"] < 300  # MiB added by the extraction
    assert report["years"] == list(range(2005, 2021))  # each real block found by the claim over it
    assert report["lost"] > 0
