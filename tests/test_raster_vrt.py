"""The one VRT writer: tiles placed on their common grid, named absolutely or from the VRT's folder."""

from __future__ import annotations

import shutil

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS

from concession_gis.raster.vrt import Tile, write_mosaic_vrt
from tests.raster_fixtures import write_raster

PX = 0.00025


def two_tiles(folder):
    """A 2 x 3 tile at the west and a 2 x 2 tile east of it, on one grid."""
    west = Affine(PX, 0, -70.0, 0, -PX, -12.0)
    east = Affine(PX, 0, -70.0 + 3 * PX, 0, -PX, -12.0)
    a = write_raster(folder / "a.tif", np.array([[1, 2, 3], [4, 5, 6]], np.uint8), west)
    b = write_raster(folder / "b.tif", np.array([[7, 8], [9, 10]], np.uint8), east)
    return [Tile(a, west, 3, 2, "uint8", None), Tile(b, east, 2, 2, "uint8", None)]


def test_relative_mosaic_reads_after_the_folder_moves(tmp_path):
    folder = tmp_path / "sample"
    folder.mkdir()
    vrt = write_mosaic_vrt(two_tiles(folder), CRS.from_epsg(4326).to_wkt(), folder / "loss.vrt", relative=True)
    text = vrt.read_text(encoding="utf-8")
    assert '<SourceFilename relativeToVRT="1">a.tif</SourceFilename>' in text
    moved = shutil.move(str(folder), str(tmp_path / "elsewhere"))
    with rasterio.open(f"{moved}/loss.vrt") as mosaic:
        assert (mosaic.width, mosaic.height) == (5, 2) and mosaic.crs.to_epsg() == 4326
        assert mosaic.read(1).tolist() == [[1, 2, 3, 7, 8], [4, 5, 6, 9, 10]]


def test_absolute_mosaic_names_each_tile_by_its_full_path(tmp_path):
    tiles = two_tiles(tmp_path)
    vrt = write_mosaic_vrt(tiles, CRS.from_epsg(4326).to_wkt(), tmp_path / "vrt" / "loss.vrt")
    text = vrt.read_text(encoding="utf-8")
    assert f'<SourceFilename relativeToVRT="0">{tiles[0].path.resolve()}</SourceFilename>' in text
    with rasterio.open(vrt) as mosaic:
        assert mosaic.read(1).tolist() == [[1, 2, 3, 7, 8], [4, 5, 6, 9, 10]]
