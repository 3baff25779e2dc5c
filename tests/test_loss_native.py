"""A case map zoomed in further than the loss raster draws the raster's own pixels, placed in the
map's projection by an affine matrix (export/loss_layer.py).

Truth comes from pyproj and the raster's own grid: each drawn pixel's centre, carried back to
lon/lat by pyproj, falls on a raster pixel of the same year; the affine matches pyproj at every
pixel corner of the window.
"""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import CRS, Transformer

from concession_gis.export.loss_layer import read_loss_image
from concession_gis.export.mapframe import Extent
from tests.raster_fixtures import HANSEN_RES, NORTH, WEST, hansen_transform, write_raster

UTM19S = CRS.from_epsg(32719)


@pytest.fixture
def lossyear(tmp_path):
    years = np.zeros((40, 40), dtype=np.uint8)
    years[10:20, 10:20] = 5  # 2005
    years[15, 12] = 12  # 2012
    years[34, 34] = 20  # 2020, far off the frame
    return write_raster(tmp_path / "lossyear.tif", years, hansen_transform()), years


def frame_over(first: int, last: int) -> Extent:
    """The UTM box around raster pixels first..last (columns and rows alike)."""
    lons = [WEST + first * HANSEN_RES, WEST + last * HANSEN_RES]
    lats = [NORTH - first * HANSEN_RES, NORTH - last * HANSEN_RES]
    x, y = Transformer.from_crs(4326, UTM19S, always_xy=True).transform([lons[0], lons[1], lons[0], lons[1]],
                                                                        [lats[0], lats[0], lats[1], lats[1]])
    return Extent(min(x), min(y), max(x), max(y))


def summary(*paths) -> dict:
    return {"inputs": [{"kind": "loss_raster", "path": str(p), "encoding": "lossyear"} for p in paths]}


def test_a_zoomed_in_frame_gets_the_rasters_own_pixels_where_pyproj_puts_them(lossyear):
    path, years = lossyear
    extent = frame_over(8, 22)  # about 390 m across: 1.3 m a pixel at 300 × 300
    loss = read_loss_image(summary(path), UTM19S, extent, (300, 300))

    assert loss is not None and loss.placement is not None
    assert loss.years.shape[0] < 20 and loss.years.shape[1] < 20  # the raster's pixels, not 300 × 300
    assert (loss.first_year, loss.last_year) == (2005, 2012)
    # Every drawn pixel's centre, back to lon/lat, lies on a raster pixel of the same year.
    rows, cols = np.indices(loss.years.shape) + 0.5
    x, y = loss.placement @ (cols.ravel(), rows.ravel())
    lon, lat = Transformer.from_crs(UTM19S, 4326, always_xy=True).transform(x, y)
    col, row = ~hansen_transform() @ (np.asarray(lon), np.asarray(lat))
    expected = years[np.floor(row).astype(int), np.floor(col).astype(int)].astype(float)
    expected = np.where(expected == 0, np.nan, expected + 2000)
    np.testing.assert_array_equal(loss.years.ravel(), expected)
    # The loss pixels on the frame are all 100 of the raster's there (99 of 2005, one of 2012).
    on_frame = (x >= extent.xmin) & (x <= extent.xmax) & (y >= extent.ymin) & (y <= extent.ymax)
    assert np.isfinite(loss.years.ravel()[on_frame]).sum() == 100


def test_the_affine_is_true_to_pyproj_at_every_pixel_corner(lossyear):
    path, _ = lossyear
    loss = read_loss_image(summary(path), UTM19S, frame_over(8, 22), (300, 300))
    rows, cols = np.indices((loss.years.shape[0] + 1, loss.years.shape[1] + 1))
    x, y = loss.placement @ (cols.ravel(), rows.ravel())
    lon, lat = Transformer.from_crs(UTM19S, 4326, always_xy=True).transform(x, y)
    col, row = ~hansen_transform() @ (np.asarray(lon), np.asarray(lat))
    # Corners land on whole raster pixel indices: within a thousandth of a pixel (3 cm).
    assert np.abs(col - np.round(col)).max() < 1e-3 and np.abs(row - np.round(row)).max() < 1e-3


def test_a_frame_coarser_than_the_raster_or_two_rasters_keep_the_frames_grid(lossyear, tmp_path):
    path, years = lossyear
    extent = frame_over(8, 22)
    coarse = read_loss_image(summary(path), UTM19S, extent, (10, 10))  # 39 m a pixel: coarser than 27 m
    assert coarse.placement is None and coarse.years.shape == (10, 10)
    other = write_raster(tmp_path / "other.tif", years, hansen_transform())
    both = read_loss_image(summary(path, other), UTM19S, extent, (300, 300))
    assert both.placement is None and both.years.shape == (300, 300)
