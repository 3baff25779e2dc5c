"""Raster values no encoding can hold: a Hansen tile with a 255 fill and no nodata, a code 200
(the year 2200), a year raster holding 2255, an RGB picture. Never read as loss."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pytest
import rasterio

from concession_gis.analysis.forest_loss import warn_impossible_values
from concession_gis.errors import ImpossibleValuesWarning, InputError, text_of
from concession_gis.raster.describe import inspect_raster
from concession_gis.raster.sources import open_loss_sources
from concession_gis.raster.zonal import zonal_loss
from concession_gis.validate import validate_file
from tests.raster_fixtures import hansen_transform, lonlat_pixel_m2, pixel_box, write_raster

HA = 10_000.0


def _tile_with_fill(tmp_path):
    """Row 0: loss in 2019 (code 19) in columns 0-1, code 200 in column 2, then the 255 fill that a
    clip wrote where the source had no data, with no nodata value declared."""
    data = np.full((2, 6), 255, np.uint8)
    data[0, :3] = (19, 19, 200)
    data[1, :] = 0
    data[1, 5] = 255
    return write_raster(tmp_path / "hansen_clip.tif", data, hansen_transform(), nodata=None)


def test_impossible_lossyear_values_are_no_loss_and_counted(tmp_path):
    transform = hansen_transform()
    (source,) = open_loss_sources([str(_tile_with_fill(tmp_path))])
    claim = gpd.GeoSeries([pixel_box(transform, 0, 0, 6, 2)], crs="EPSG:4326")
    result = zonal_loss(source, claim)
    loss_2019 = (lonlat_pixel_m2(transform, 0, 0) + lonlat_pixel_m2(transform, 0, 1)) / HA
    set_aside = (lonlat_pixel_m2(transform, 0, 2) + 3 * lonlat_pixel_m2(transform, 0, 3)
                 + lonlat_pixel_m2(transform, 1, 5)) / HA
    assert result.by_year["year"].tolist() == [2019]
    assert result.by_year["loss_ha"].tolist() == pytest.approx([loss_2019], rel=1e-9)
    assert result.impossible_ha == pytest.approx(set_aside, rel=1e-9)
    assert result.impossible_values == (200.0, 255.0)


def test_year_2255_in_a_year_raster_is_no_loss(tmp_path):
    transform = hansen_transform()
    data = np.array([[2019, 2255, 0]], np.uint16)
    path = write_raster(tmp_path / "geobosques.tif", data, transform, nodata=None)
    (source,) = open_loss_sources([f"{path}:year"])
    result = zonal_loss(source, gpd.GeoSeries([pixel_box(transform, 0, 0, 3, 1)], crs="EPSG:4326"))
    assert result.by_year["year"].tolist() == [2019]
    assert result.impossible_ha == pytest.approx(lonlat_pixel_m2(transform, 0, 1) / HA, rel=1e-9)


def test_the_analysis_warns_with_the_area_set_aside(tmp_path):
    transform = hansen_transform()
    (source,) = open_loss_sources([str(_tile_with_fill(tmp_path))])
    claims = gpd.GeoSeries([pixel_box(transform, 0, 0, 6, 2)], crs="EPSG:4326")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_impossible_values(zonal_loss(source, claims))
    (warning,) = [w.message for w in caught if isinstance(w.message, ImpossibleValuesWarning)]
    assert "200, 255" in text_of(warning, "en") and "lossyear" in text_of(warning, "en")


def test_an_rgb_picture_is_refused_and_validate_says_not_usable(tmp_path):
    path = tmp_path / "ortofoto.tif"
    with rasterio.open(path, "w", driver="GTiff", width=4, height=4, count=3, dtype="uint8",
                       crs="EPSG:4326", transform=hansen_transform()) as ds:
        ds.write(np.full((3, 4, 4), 120, np.uint8))
    with pytest.raises(InputError, match="ortofoto.tif.*3 bands"):
        open_loss_sources([str(path)])
    _, problems = inspect_raster(path)
    assert "raster.problem.several_bands" in [p.code for p in problems]
    report = validate_file(str(path), None, [], None, "en")
    assert not report.usable


def test_validate_counts_impossible_values_yet_the_raster_is_usable(tmp_path):
    """The analysis sets such pixels aside with a warning: usable, with the problem named."""
    report = validate_file(str(_tile_with_fill(tmp_path)), None, [], None, "en")
    assert report.usable
    assert any("5 sampled pixels" in p and "200, 255" in p for p in report.problems), report.problems
