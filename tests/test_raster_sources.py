"""Loss raster specs, checks and grouping of tiles into mosaics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine

from concession_gis.errors import InputError, InputNotFoundError, MissingCRSError
from concession_gis.raster.sources import ENCODINGS, open_loss_sources, parse_loss_spec
from tests.raster_fixtures import HANSEN_RES, hansen_transform, write_raster


@pytest.mark.parametrize(
    ("spec", "path", "encoding"),
    [
        ("hansen.tif", "hansen.tif", "lossyear"),
        ("hansen.tif:year", "hansen.tif", "year"),
        ("data/scars.tif:MASK", "data/scars.tif", "mask"),
        ("hansen.tif:", "hansen.tif", "lossyear"),
        (r"C:\datos\hansen.tif", r"C:\datos\hansen.tif", "lossyear"),
        (r"C:\datos\geobosques.tif:year", r"C:\datos\geobosques.tif", "year"),
        ("C:/datos/escaras.tif:mask", "C:/datos/escaras.tif", "mask"),
        ("/vsizip/tiles.zip/a.tif", "/vsizip/tiles.zip/a.tif", "lossyear"),
    ],
)
def test_parse_loss_spec(spec, path, encoding):
    assert parse_loss_spec(spec) == (Path(path), encoding)


def test_unknown_encoding_names_the_valid_ones():
    with pytest.raises(InputError, match="hansen.tif:yaer") as info:
        parse_loss_spec("hansen.tif:yaer")
    for name in ENCODINGS:
        assert name in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputNotFoundError, match="nope.tif"):
        open_loss_sources([str(tmp_path / "nope.tif")])


def test_not_a_raster(tmp_path):
    text = tmp_path / "notes.tif"
    text.write_text("not a raster")
    with pytest.raises(InputError, match="notes.tif"):
        open_loss_sources([str(text)])


def test_no_crs_is_an_error_unless_assumed(tmp_path):
    path = write_raster(tmp_path / "bare.tif", np.ones((4, 4), np.uint8), hansen_transform(), crs=None)
    with pytest.raises(MissingCRSError, match="--crs"):
        open_loss_sources([str(path)])
    (source,) = open_loss_sources([str(path)], assume_crs=4326, workdir=tmp_path)
    assert source.crs.to_epsg() == 4326
    with rasterio.open(source.dataset) as ds:  # the VRT carries the assumed CRS
        assert ds.crs.to_epsg() == 4326


def test_single_raster_is_read_directly(tmp_path):
    path = write_raster(tmp_path / "one.tif", np.zeros((5, 7), np.uint8), hansen_transform())
    (source,) = open_loss_sources([f"{path}:lossyear"])
    assert source.dataset == path
    assert (source.label, source.paths, source.encoding) == ("one.tif", (path,), "lossyear")
    assert (source.width, source.height) == (7, 5)


def test_tiles_of_one_grid_become_one_mosaic(tmp_path):
    west = write_raster(tmp_path / "west.tif", np.full((4, 4), 3, np.uint8), hansen_transform())
    east_origin = hansen_transform(west=-69.5 + 4 * HANSEN_RES)
    east = write_raster(tmp_path / "east.tif", np.full((4, 4), 5, np.uint8), east_origin)
    sources = open_loss_sources([str(west), str(east), str(west)], workdir=tmp_path)
    assert len(sources) == 1
    mosaic = sources[0]
    assert mosaic.label == "west.tif" and mosaic.paths == (west, east)
    assert mosaic.dataset.suffix == ".vrt" and mosaic.dataset.parent == tmp_path
    with rasterio.open(mosaic.dataset) as ds:
        data = ds.read(1)
    assert data.shape == (4, 8)
    assert (data[:, :4] == 3).all() and (data[:, 4:] == 5).all()


def test_gaps_between_tiles_read_as_invalid(tmp_path):
    a = write_raster(tmp_path / "a.tif", np.zeros((2, 2), np.uint8), hansen_transform())
    b_origin = hansen_transform(west=-69.5 + 5 * HANSEN_RES)
    b = write_raster(tmp_path / "b.tif", np.zeros((2, 2), np.uint8), b_origin, nodata=255)
    (mosaic,) = open_loss_sources([str(a), str(b)], workdir=tmp_path)
    with rasterio.open(mosaic.dataset) as ds:
        data = ds.read(1, masked=True)
    assert data.mask.tolist() == [[False, False, True, True, True, False, False]] * 2


def test_a_lossyear_clip_declaring_0_nodata_reads_its_0_as_no_loss_and_says_so(tmp_path):
    """gdal_translate -a_nodata 0 (a QGIS clip): the demo's claims read 0.04-0.40 covered, those
    without loss "not covered", with no warning. Gaps between tiles stay invalid."""
    from concession_gis.errors import ZeroNodataWarning

    years = np.array([[0, 0], [21, 0]], np.uint8)
    a = write_raster(tmp_path / "a.tif", years, hansen_transform(), nodata=0)
    b = write_raster(tmp_path / "b.tif", years, hansen_transform(west=-69.5 + 3 * HANSEN_RES), nodata=255)
    with pytest.warns(ZeroNodataWarning, match=r"a\.tif: .*0 is “no loss”"):
        (alone,) = open_loss_sources([str(a)], workdir=tmp_path)
    with rasterio.open(alone.dataset) as ds:
        data = ds.read(1, masked=True)
    assert not data.mask.any() and data.data.tolist() == years.tolist()
    with pytest.warns(ZeroNodataWarning):
        (mosaic,) = open_loss_sources([str(a), str(b)], workdir=tmp_path)
    with rasterio.open(mosaic.dataset) as ds:
        data = ds.read(1, masked=True)
    assert data.mask.tolist() == [[False, False, True, False, False]] * 2
    assert data.data[1, :2].tolist() == [21, 0]


@pytest.mark.parametrize(
    "other",
    [
        dict(spec_suffix=":year", crs="EPSG:4326", offset=4.0, dtype=np.uint8),
        dict(spec_suffix="", crs="EPSG:4674", offset=400.0, dtype=np.uint8),
        dict(spec_suffix="", crs="EPSG:4326", offset=400.5, dtype=np.uint8),
        dict(spec_suffix="", crs="EPSG:4326", offset=400.0, dtype=np.int16),
    ],
    ids=["other encoding", "other CRS far away", "off the grid far away", "other type far away"],
)
def test_rasters_that_differ_stay_separate(tmp_path, other):
    first = write_raster(tmp_path / "first.tif", np.zeros((4, 4), np.uint8), hansen_transform())
    origin = hansen_transform(west=-69.5 + other["offset"] * HANSEN_RES)
    second = write_raster(
        tmp_path / "second.tif", np.zeros((4, 4), other["dtype"]), origin, crs=other["crs"]
    )
    sources = open_loss_sources([str(first), str(second) + other["spec_suffix"]], workdir=tmp_path)
    assert [s.label for s in sources] == ["first.tif", "second.tif"]


@pytest.mark.parametrize(
    ("west_px", "north_px", "res", "crs", "dtype"),
    [
        (4.0, 0.5, HANSEN_RES, "EPSG:4326", np.uint8),  # the neighbour, half a pixel north
        (3.5, 0.0, HANSEN_RES, "EPSG:4326", np.uint8),  # overlapping by half a pixel
        (4.0, 0.0, 2 * HANSEN_RES, "EPSG:4326", np.uint8),  # the neighbour at 60 m
        (4.0, 0.0, HANSEN_RES, "EPSG:4674", np.uint8),
        (4.0, 0.0, HANSEN_RES, "EPSG:4326", np.int16),
    ],
    ids=["half a pixel north", "half a pixel west, overlapping", "other resolution", "other CRS", "other type"],
)
def test_meeting_rasters_of_one_encoding_on_other_grids_are_refused(tmp_path, west_px, north_px, res, crs, dtype):
    """Read as separate sources, a claim on their common edge would take loss from one only."""
    first = write_raster(tmp_path / "first.tif", np.full((4, 4), 3, np.uint8), hansen_transform())
    origin = Affine(res, 0, -69.5 + west_px * HANSEN_RES, 0, -res, hansen_transform().f + north_px * HANSEN_RES)
    second = write_raster(tmp_path / "second.tif", np.full((4, 4), 5, dtype), origin, crs=crs)
    with pytest.raises(InputError, match="first.tif and .*second.tif"):
        open_loss_sources([str(first), str(second)], workdir=tmp_path)
