"""Zonal forest loss against independent truth: exact pixel sets x pyproj.Geod pixel areas."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from affine import Affine

from concession_gis.errors import Cancelled, MissingCRSError
from concession_gis.progress import Feedback
from concession_gis.raster import windows, zonal
from concession_gis.raster.sources import open_loss_sources
from concession_gis.raster.zonal import zonal_loss
from tests.raster_fixtures import (
    corner,
    geod_area,
    hansen_transform,
    lonlat_pixel_m2,
    pixel_box,
    projected_pixel_m2,
    write_raster,
)

HA = 10_000.0
ROWS, COLS = 40, 60


def lossyear_codes() -> np.ndarray:
    """Codes 0..6 (0 no loss, k = loss in 2000+k) in a pattern that varies by row and column."""
    rows, cols = np.indices((ROWS, COLS))
    return ((rows * 3 + cols) % 7).astype(np.uint8)


@pytest.fixture
def hansen(tmp_path):
    transform = hansen_transform()
    path = write_raster(tmp_path / "lossyear.tif", lossyear_codes(), transform)
    (source,) = open_loss_sources([str(path)])
    return source, transform


def expected_lonlat(transform, codes, weights) -> dict[int, float]:
    """Hectares per loss year: sum over pixels of weight x Geod pixel area."""
    by_year: dict[int, float] = {}
    for row, col in zip(*np.nonzero(weights), strict=True):
        code = int(codes[row, col])
        if code:
            area = weights[row, col] * lonlat_pixel_m2(transform, row, col)
            by_year[2000 + code] = by_year.get(2000 + code, 0.0) + area / HA
    return by_year


def loss_of(result, feature: int) -> dict[int, float]:
    rows = result.by_year[result.by_year["feature"] == feature]
    return dict(zip(rows["year"].astype(int), rows["loss_ha"], strict=True))


def assert_same_years(found: dict, expected: dict, rel: float = 1e-6):
    assert sorted(found) == sorted(expected)
    for year, ha in expected.items():
        assert found[year] == pytest.approx(ha, rel=rel), year


def lonlat(*geoms) -> gpd.GeoSeries:
    return gpd.GeoSeries(list(geoms), crs=4326)


def test_pixel_aligned_polygon_sums_exact_pixel_set(hansen):
    source, t = hansen
    result = zonal_loss(source, lonlat(pixel_box(t, 10, 5, 30, 25)))
    weights = np.zeros((ROWS, COLS))
    weights[5:25, 10:30] = 1.0
    assert_same_years(loss_of(result, 0), expected_lonlat(t, lossyear_codes(), weights))
    assert result.coverage[0] == pytest.approx(1.0, abs=1e-6)
    assert list(result.by_year.columns) == ["feature", "year", "loss_ha"]
    assert str(result.by_year["year"].dtype) == "Int64"
    assert (result.by_year["loss_ha"] > 0).all()


def test_polygon_cutting_a_column_of_pixels_in_half(hansen):
    source, t = hansen
    result = zonal_loss(source, lonlat(pixel_box(t, 10.5, 5, 30, 25)))
    weights = np.zeros((ROWS, COLS))
    weights[5:25, 11:30] = 1.0
    weights[5:25, 10] = 0.5  # a meridian halves a lon/lat pixel's area exactly
    assert_same_years(loss_of(result, 0), expected_lonlat(t, lossyear_codes(), weights))


def test_claim_half_outside_the_raster(hansen):
    source, t = hansen
    claim = pixel_box(t, 50, 5, 70, 25)  # columns 60..70 lie east of the raster
    result = zonal_loss(source, lonlat(claim))
    weights = np.zeros((ROWS, COLS))
    weights[5:25, 50:60] = 1.0
    assert_same_years(loss_of(result, 0), expected_lonlat(t, lossyear_codes(), weights))
    inside = sum(lonlat_pixel_m2(t, r, c) for r in range(5, 25) for c in range(50, 60))
    x0, y0 = corner(t, 50, 5)
    x1, y1 = corner(t, 70, 25)
    whole = geod_area([x0, x1, x1, x0], [y0, y0, y1, y1])
    assert result.coverage[0] == pytest.approx(inside / whole, rel=1e-5)
    assert result.coverage[0] == pytest.approx(0.5, abs=1e-3)


def test_overlapping_claims_each_get_their_full_count(hansen):
    source, t = hansen
    a, b = pixel_box(t, 5, 5, 25, 25), pixel_box(t, 15, 10, 35, 30)
    together = zonal_loss(source, lonlat(a, b))
    alone_a = zonal_loss(source, lonlat(a))
    alone_b = zonal_loss(source, lonlat(b))
    assert_same_years(loss_of(together, 0), loss_of(alone_a, 0), rel=1e-12)
    assert_same_years(loss_of(together, 1), loss_of(alone_b, 0), rel=1e-12)


def test_polygon_smaller_than_a_pixel(hansen):
    source, t = hansen
    codes = lossyear_codes()
    row, col = 7, 12
    assert codes[row, col] != 0
    tiny = pixel_box(t, col + 0.2, row + 0.3, col + 0.5, row + 0.7)
    result = zonal_loss(source, lonlat(tiny))
    x0, y0 = corner(t, col + 0.2, row + 0.3)
    x1, y1 = corner(t, col + 0.5, row + 0.7)
    expected = geod_area([x0, x1, x1, x0], [y0, y0, y1, y1]) / HA
    assert loss_of(result, 0) == {2000 + int(codes[row, col]): pytest.approx(expected, rel=1e-5)}
    assert result.coverage[0] == pytest.approx(1.0, abs=1e-5)


def test_polygons_in_another_crs_are_reprojected(hansen):
    source, t = hansen
    claim = pixel_box(t, 10, 5, 30, 25)
    in_utm = lonlat(claim).to_crs(32719)
    assert_same_years(
        loss_of(zonal_loss(source, in_utm), 0), loss_of(zonal_loss(source, lonlat(claim)), 0),
        rel=1e-6,
    )


def test_empty_and_missing_geometries_give_nothing(hansen):
    source, t = hansen
    geoms = gpd.GeoSeries(
        [None, shapely.Polygon(), pixel_box(t, 1, 1, 3, 3), shapely.box(10, 10, 11, 11)],
        index=["a", "b", "c", "d"], crs=4326,
    )
    result = zonal_loss(source, geoms)
    assert set(result.by_year["feature"]) == {2}  # positions, not index labels
    assert result.coverage.tolist()[:2] == [0.0, 0.0]
    assert result.coverage[3] == 0.0  # far outside the raster


def test_polygons_without_crs_are_refused(hansen):
    source, t = hansen
    with pytest.raises(MissingCRSError):
        zonal_loss(source, gpd.GeoSeries([pixel_box(t, 1, 1, 3, 3)]))


def test_large_polygons_cut_into_pieces_give_the_same_numbers(hansen, monkeypatch):
    source, t = hansen
    claims = lonlat(pixel_box(t, 2.3, 1.7, 55.6, 38.2), pixel_box(t, 10, 5, 12, 7))
    whole = zonal_loss(source, claims)
    monkeypatch.setattr(windows, "MAX_PIECE_PIXELS", 64)
    pieces = zonal_loss(source, claims)
    for feature in (0, 1):
        assert_same_years(loss_of(pieces, feature), loss_of(whole, feature), rel=1e-9)
    np.testing.assert_allclose(pieces.coverage, whole.coverage, rtol=1e-9)


def test_nodata_is_neither_loss_nor_footprint(tmp_path):
    t = hansen_transform()
    codes = lossyear_codes()
    codes[:, 30:] = 255  # the east half has no data
    (source,) = open_loss_sources([str(write_raster(tmp_path / "nd.tif", codes, t, nodata=255))])
    result = zonal_loss(source, lonlat(pixel_box(t, 20, 5, 40, 25)))
    weights = np.zeros((ROWS, COLS))
    weights[5:25, 20:30] = 1.0
    assert_same_years(loss_of(result, 0), expected_lonlat(t, codes, weights))
    assert result.coverage[0] == pytest.approx(0.5, abs=1e-3)


def test_year_encoding(tmp_path):
    t = hansen_transform()
    years = np.zeros((ROWS, COLS), np.int16)
    years[5:10, 10:20] = 2019
    years[10:15, 10:20] = 2023
    years[0:5, 10:20] = -1  # nodata
    path = write_raster(tmp_path / "geobosques.tif", years, t, nodata=-1)
    (source,) = open_loss_sources([f"{path}:year"])
    result = zonal_loss(source, lonlat(pixel_box(t, 10, 0, 20, 20)))
    expected = {
        2019: sum(lonlat_pixel_m2(t, r, c) for r in range(5, 10) for c in range(10, 20)) / HA,
        2023: sum(lonlat_pixel_m2(t, r, c) for r in range(10, 15) for c in range(10, 20)) / HA,
    }
    assert_same_years(loss_of(result, 0), expected)
    assert result.coverage[0] == pytest.approx(0.75, abs=1e-3)


def test_mask_encoding_is_undated(tmp_path):
    t = hansen_transform()
    scars = np.zeros((ROWS, COLS), np.uint8)
    scars[5:10, 10:20] = 1
    scars[10:12, 10:20] = 255
    path = write_raster(tmp_path / "scars.tif", scars, t)
    (source,) = open_loss_sources([f"{path}:mask"])
    result = zonal_loss(source, lonlat(pixel_box(t, 10, 0, 20, 20)))
    expected = sum(lonlat_pixel_m2(t, r, c) for r in range(5, 12) for c in range(10, 20)) / HA
    assert len(result.by_year) == 1
    assert result.by_year["year"].isna().all()
    assert result.by_year["loss_ha"].iloc[0] == pytest.approx(expected, rel=1e-6)
    assert result.encoding == "mask"


def test_float_year_raster_with_nan_and_negative_values(tmp_path):
    """NaN (not declared nodata) and negative years are no loss, yet inside the footprint."""
    t = hansen_transform()
    years = np.zeros((ROWS, COLS), np.float32)
    years[5:10, 10:20] = 2019.0
    years[10:12, 10:20] = np.nan
    years[12:15, 10:20] = -3.5
    path = write_raster(tmp_path / "float_years.tif", years, t)
    (source,) = open_loss_sources([f"{path}:year"])
    result = zonal_loss(source, lonlat(pixel_box(t, 10, 0, 20, 20)))
    expected = {2019: sum(lonlat_pixel_m2(t, r, c) for r in range(5, 10) for c in range(10, 20)) / HA}
    assert_same_years(loss_of(result, 0), expected)
    assert result.coverage[0] == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("epsg", [32719, 24879], ids=["UTM 19S WGS84", "UTM 19S PSAD56"])
def test_projected_raster(tmp_path, epsg):
    t = Affine(30.0, 0.0, 480_000.0, 0.0, -30.0, 8_570_010.0)
    codes = lossyear_codes()
    path = write_raster(tmp_path / "utm.tif", codes, t, crs=f"EPSG:{epsg}")
    (source,) = open_loss_sources([str(path)])
    claim = gpd.GeoSeries([pixel_box(t, 10, 5, 30, 25)], crs=epsg)
    result = zonal_loss(source, claim)
    expected: dict[int, float] = {}
    for row in range(5, 25):
        for col in range(10, 30):
            if codes[row, col]:
                year = 2000 + int(codes[row, col])
                area = projected_pixel_m2(t, f"EPSG:{epsg}", row, col) / HA
                expected[year] = expected.get(year, 0.0) + area
    assert_same_years(loss_of(result, 0), expected)
    assert result.coverage[0] == pytest.approx(1.0, abs=1e-5)


def test_vrt_of_two_tiles_equals_the_single_geotiff(tmp_path):
    t = hansen_transform()
    codes = lossyear_codes()
    single = write_raster(tmp_path / "mosaic.tif", codes, t)
    west = write_raster(tmp_path / "west.tif", codes[:, :30].copy(), t)
    east_t = Affine(t.a, 0.0, corner(t, 30, 0)[0], 0.0, t.e, t.f)
    east = write_raster(tmp_path / "east.tif", codes[:, 30:].copy(), east_t)
    claims = lonlat(
        pixel_box(t, 20.4, 3.2, 41.7, 33.9),  # across the seam
        pixel_box(t, 2, 2, 9, 9),
        pixel_box(t, 45.5, 10, 58, 22.5),
    )
    (reference,) = open_loss_sources([str(single)])
    (repeated,) = open_loss_sources([str(west), str(east)], workdir=tmp_path)
    (vrt_file,) = open_loss_sources([str(repeated.dataset)])  # the VRT, given as a file
    assert vrt_file.label.endswith(".vrt")
    expected = zonal_loss(reference, claims)
    for source in (repeated, vrt_file):
        found = zonal_loss(source, claims)
        pd.testing.assert_frame_equal(found.by_year, expected.by_year, rtol=1e-12)
        np.testing.assert_allclose(found.coverage, expected.coverage, rtol=1e-12)


def test_progress_is_reported_per_chunk_and_cancellation_stops(hansen, monkeypatch):
    source, t = hansen
    monkeypatch.setattr(windows, "CHUNK_FEATURES", 2)
    claims = lonlat(*[pixel_box(t, i, i, i + 3, i + 3) for i in range(7)])
    steps = []
    zonal_loss(source, claims, Feedback(steps.append))
    assert {s.stage for s in steps} == {"zonal_loss"}
    assert [s.done for s in steps] == [0, 2, 4, 6, 7]
    assert steps[-1].total == 7

    feedback = Feedback()
    seen = []

    def cancel_after_first_chunk(step):
        seen.append(step.done)
        if step.done:
            feedback.cancel()

    feedback._listener = cancel_after_first_chunk
    with pytest.raises(Cancelled):
        zonal_loss(source, claims, feedback)
    assert seen == [0, 2]


def test_summary_takes_each_claim_from_the_source_that_covers_it(tmp_path):
    t = hansen_transform()
    codes = lossyear_codes()
    west_half = write_raster(tmp_path / "hansen_west.tif", codes[:, :30].copy(), t)
    geobosques = write_raster(
        tmp_path / "geobosques.tif", np.where(codes > 0, codes.astype(np.int16) + 2000, 0), t
    )
    sources = open_loss_sources([str(west_half), f"{geobosques}:year"], workdir=tmp_path)
    claims = lonlat(pixel_box(t, 5, 5, 20, 20), pixel_box(t, 35, 5, 50, 20))
    zonals = [zonal_loss(source, claims) for source in sources]
    summary = zonal.loss_summary(zonals, 2, np.array([2003.0, 2003.0]), min_coverage=0.99)
    assert summary["loss_source"].tolist() == ["hansen_west.tif", "geobosques.tif"]
    for feature, box in enumerate([(5, 20), (35, 50)]):
        weights = np.zeros((ROWS, COLS))
        weights[5:20, box[0] : box[1]] = 1.0
        expected = expected_lonlat(t, codes, weights)
        assert summary["loss_ha"].iloc[feature] == pytest.approx(sum(expected.values()), rel=1e-6)
        since = sum(ha for year, ha in expected.items() if year >= 2003)
        assert summary["loss_since_filed_ha"].iloc[feature] == pytest.approx(since, rel=1e-6)


def test_gap_between_mosaic_tiles_is_outside_the_footprint(tmp_path):
    t = hansen_transform()
    codes = lossyear_codes()
    west = write_raster(tmp_path / "west.tif", codes[:, :20].copy(), t)
    east_t = Affine(t.a, 0.0, corner(t, 40, 0)[0], 0.0, t.e, t.f)
    east = write_raster(tmp_path / "east.tif", codes[:, 40:].copy(), east_t)
    (mosaic,) = open_loss_sources([str(west), str(east)], workdir=tmp_path)
    result = zonal_loss(mosaic, lonlat(pixel_box(t, 10, 5, 50, 25)))
    weights = np.zeros((ROWS, COLS))
    weights[5:25, 10:20] = weights[5:25, 40:50] = 1.0
    assert_same_years(loss_of(result, 0), expected_lonlat(t, codes, weights))
    assert result.coverage[0] == pytest.approx(0.5, abs=1e-3)
