"""Ellipsoidal pixel areas against pyproj.Geod, per row and per projected pixel."""

from __future__ import annotations

import math

import numpy as np
import pytest
from affine import Affine
from pyproj import CRS

from concession_gis.raster.pixel_area import PixelAreas, is_wgs84_lonlat, zone_area
from tests.raster_fixtures import hansen_transform, lonlat_pixel_m2, projected_pixel_m2


@pytest.mark.parametrize("north", [0.0, -13.0, -45.5, -80.0, 10.0])
def test_lonlat_rows_match_geodesic_pixel_areas(north):
    transform = hansen_transform(west=-70.0, north=north)
    areas = PixelAreas(CRS.from_epsg(4326), transform, width=4, height=200)
    window = areas.window(1, 0, 3, 200)
    for row in (0, 57, 199):
        assert window[row, 0] == pytest.approx(lonlat_pixel_m2(transform, row), rel=1e-8)
        assert np.all(window[row] == window[row, 0])


def test_whole_ellipsoid_area():
    # 4 pi R_q^2 for WGS84: 510,065,621.7 km² (authalic radius 6,371,007.18 m).
    total = 2 * (zone_area(90.0) - zone_area(0.0)) * 2 * math.pi
    assert total / 1e6 == pytest.approx(510_065_621.7, rel=1e-9)


def test_spherical_formula_is_off_by_more_than_the_tolerance():
    transform = hansen_transform(north=-13.0)
    sphere = 6_371_008.8**2 * math.radians(0.00025) * abs(
        math.sin(math.radians(-13.0)) - math.sin(math.radians(-13.00025))
    )
    ellipsoid = PixelAreas(CRS.from_epsg(4326), transform, 1, 1).window(0, 0, 1, 1)[0, 0]
    assert abs(sphere / ellipsoid - 1) > 0.003  # the reason the ellipsoid is needed


@pytest.mark.parametrize("epsg", [32719, 24879, 32718])
def test_projected_pixels_match_geodesic_areas(epsg):
    transform = Affine(30.0, 0.0, 400_000.0, 0.0, -30.0, 8_600_000.0)
    areas = PixelAreas(CRS.from_epsg(epsg), transform, width=3000, height=2500)
    for row, col in [(0, 0), (1234, 2001), (2499, 2999), (640, 63)]:
        expected = projected_pixel_m2(transform, f"EPSG:{epsg}", row, col)
        assert areas.window(col, row, 1, 1)[0, 0] == pytest.approx(expected, rel=1e-6)


def test_detects_wgs84_lonlat():
    assert is_wgs84_lonlat(CRS.from_epsg(4326))
    assert is_wgs84_lonlat(CRS.from_epsg(4674))  # SIRGAS 2000: GRS80, equal to 1e-9
    assert not is_wgs84_lonlat(CRS.from_epsg(4248))  # PSAD56, International 1924
    assert not is_wgs84_lonlat(CRS.from_epsg(32719))
