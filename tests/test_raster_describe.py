"""inspect_raster: what `validate RASTER` prints, from a sample of the raster, as codes and values
(put in words here as validate puts them)."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from affine import Affine

from concession_gis.errors import InputError, InputNotFoundError
from concession_gis.i18n import tr
from concession_gis.raster import describe
from concession_gis.raster.describe import inspect_raster
from concession_gis.raster.sources import open_loss_sources
from concession_gis.reasons import Reason, render
from tests.raster_fixtures import HANSEN_RES, hansen_transform, write_raster


def lines_of(path, lang="en", **kwargs) -> dict[str, str]:
    """The facts by label, and under "problems" the problems found joined by "; ", in ``lang``."""
    facts, problems = inspect_raster(path, **kwargs)
    words = {tr(f"raster.label.{name}", lang): value if isinstance(value, str) else render(value, lang)
             for name, value in facts}
    return words | {"problems": render(problems, lang)}


def test_hansen_tile(tmp_path):
    codes = (np.arange(50 * 40).reshape(50, 40) % 24).astype(np.uint8)
    path = write_raster(tmp_path / "Hansen_GFC_lossyear.tif", codes, hansen_transform())
    found = lines_of(path)
    assert found["driver"] == "GTiff"
    assert "EPSG:4326" in found["CRS"]
    assert found["size"].startswith("40 x 50 pixels")
    assert "0.00025°" in found["pixel size"] and "27.1 m" in found["pixel size"]
    assert found["data type"] == "uint8" and found["nodata"] == "none"
    assert found["extent (lon/lat)"] == "lon -69.5000 to -69.4900, lat -12.9125 to -12.9000"
    assert "range 0..23" in found["values"]
    assert found["encoding guess"] == "lossyear"
    assert found["problems"] == ""


def test_problems_are_listed_not_raised(tmp_path):
    years = np.where(np.arange(100).reshape(10, 10) % 3, 2019, 0).astype(np.int16)
    path = write_raster(tmp_path / "bare.tif", years, hansen_transform(), crs=None)
    found = lines_of(path, encoding="lossyear", lonlat_bounds=(-75, -10, -74, -9))
    assert found["CRS"] == "none"
    assert found["encoding guess"] == "year"
    assert "no coordinate reference system" in found["problems"]
    assert "look like 'year'" in found["problems"]


def test_problems_are_codes_with_their_values(tmp_path):
    years = np.where(np.arange(100).reshape(10, 10) % 3, 2019, 0).astype(np.int16)
    path = write_raster(tmp_path / "bare.tif", years, hansen_transform(), crs=None)
    facts, problems = inspect_raster(path, encoding="lossyear")
    assert problems == [Reason("raster.problem.no_crs"),
                        Reason("raster.problem.encoding_mismatch", {"guess": "year", "encoding": "lossyear"}),
                        # read as lossyear, 2019 would be the year 4019: the analysis sets the 66 pixels aside
                        Reason("raster.problem.impossible_values", {"n": 66, "encoding": "lossyear", "values": "2019"})]
    assert dict(facts)["size"] == [Reason("raster.size", {"width": 10, "height": 10, "pixels": 100, "bands": 1})]
    assert dict(facts)["encoding_guess"] == "year"


def test_lines_in_spanish(tmp_path):
    years = np.where(np.arange(100).reshape(10, 10) % 3, 2019, 0).astype(np.int16)
    path = write_raster(tmp_path / "bare.tif", years, hansen_transform(), crs=None)
    found = lines_of(path, lang="es", encoding="lossyear")
    assert found["sistema de coordenadas"] == "ninguno"
    assert found["codificación probable"] == "year"
    assert found["tamaño"] == "10 x 10 píxeles (100), 1 banda(s)"
    assert "sin sistema de coordenadas: dé uno con --crs" in found["problems"]
    assert "los valores parecen ser de tipo 'year'" in found["problems"]


def test_no_overlap_with_the_area_analysed(tmp_path):
    path = write_raster(tmp_path / "far.tif", np.ones((4, 4), np.uint8), hansen_transform())
    assert "does not overlap" in lines_of(path, lonlat_bounds=(-75, -10, -74, -9))["problems"]


def test_vrt_lists_its_tiles(tmp_path):
    west = write_raster(tmp_path / "w.tif", np.ones((4, 4), np.uint8), hansen_transform())
    east = write_raster(
        tmp_path / "e.tif", np.ones((4, 4), np.uint8), hansen_transform(west=-69.5 + 4 * HANSEN_RES)
    )
    (mosaic,) = open_loss_sources([str(west), str(east)], workdir=tmp_path)
    found = lines_of(mosaic.dataset)
    assert found["driver"] == "VRT"
    assert found["tiles"] == "2: w.tif, e.tif"


def test_large_raster_is_sampled_in_windows(tmp_path, monkeypatch):
    monkeypatch.setattr(describe, "SAMPLE_PIXELS", 64 * 64)
    monkeypatch.setattr(describe, "SAMPLE_WINDOW", 16)
    codes = np.zeros((400, 400), np.uint8)
    codes[::7, ::5] = 12
    path = write_raster(tmp_path / "big.tif", codes, hansen_transform())
    found = lines_of(path)
    assert "16 windows of 16 x 16" in found["values"]
    assert "sample of 4\u2009096 pixels" in found["values"]
    with rasterio.open(path, "r+") as ds:
        ds.build_overviews([2, 4, 8])
    assert "overview" in lines_of(path)["values"]


def test_projected_raster_in_metres(tmp_path):
    t = Affine(30.0, 0.0, 480_000.0, 0.0, -30.0, 8_570_010.0)
    path = write_raster(tmp_path / "utm.tif", np.ones((5, 5), np.uint8), t, crs="EPSG:24879")
    found = lines_of(path, encoding="mask")
    assert "EPSG:24879" in found["CRS"]
    assert found["pixel size"] == "30 x 30 m"
    assert found["problems"] == ""


def test_unreadable_and_missing_files(tmp_path):
    bad = tmp_path / "bad.tif"
    bad.write_bytes(b"\x00" * 100)
    with pytest.raises(InputError, match="bad.tif"):
        inspect_raster(bad)
    with pytest.raises(InputNotFoundError):
        inspect_raster(tmp_path / "missing.tif")


def test_a_spanish_reader_meets_no_decimal_point_nor_thousands_comma(tmp_path):
    """"recuentos 0: 793,704, 8: 45" read as decimals, "0.00025°" with a point, and "metre"."""
    codes = np.zeros((40, 40), np.uint8)
    codes[:3, :] = 21  # 120 pixels of 2021
    found = lines_of(write_raster(tmp_path / "h.tif", codes, hansen_transform()), lang="es")
    assert "recuentos 0: 1480; 21: 120" in found["valores"]
    assert found["tamaño de píxel"].startswith("0,00025° x 0,00025° (unos 27,1 m")
    t = Affine(28.0443, 0.0, -7_840_000.0, 0.0, -28.0443, -1_450_000.0)
    mercator = lines_of(write_raster(tmp_path / "m.tif", codes, t, crs="EPSG:3857"), lang="es")
    assert mercator["tamaño de píxel"] == "28,0443 x 28,0443 m"
