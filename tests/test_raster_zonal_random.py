"""The whole zonal engine on random claims, against a brute-force truth built pixel by pixel.

Everything the engine does to get there is exercised at once: claims in UTM over a degree raster,
rotated, with holes, in two parts, overlapping, partly or wholly off the raster; nodata patches;
features cut into pieces, grouped in batches, batches spread over threads. The truth takes none
of those shortcuts: every pixel near a claim is intersected with it by shapely (in the raster's
CRS) and weighted by the pyproj.Geod area of that pixel.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
from affine import Affine
from pyproj import Geod, Transformer

from concession_gis.geodesy import to_working
from concession_gis.raster import extract, windows
from concession_gis.raster.sources import open_loss_sources
from concession_gis.raster.zonal import zonal_loss
from tests.raster_fixtures import hansen_transform, lonlat_pixel_m2, write_raster

HA = 10_000.0
ROWS, COLS = 90, 110
NODATA = 255
UTM = 32719


def random_codes(rng) -> np.ndarray:
    """Lossyear codes: mostly forest (0), loss 1..24 in patches, two nodata blocks."""
    codes = np.where(rng.random((ROWS, COLS)) < 0.35, rng.integers(1, 25, (ROWS, COLS)), 0)
    codes[10:25, 70:95] = NODATA
    codes[60:64, :] = NODATA
    return codes.astype(np.uint8)


def random_claims(rng, transform: Affine) -> list:
    """Claims drawn in UTM 19S around the raster, so that some reach past its edges."""
    to_utm = Transformer.from_crs(4326, UTM, always_xy=True)
    x_min, y_max = to_utm.transform(transform.c, transform.f)
    width_m, height_m = COLS * 27.0, ROWS * 27.5  # the raster's size on the ground, about
    claims = []
    for k in range(70):
        x = x_min + rng.uniform(-0.1, 1.0) * width_m
        y = y_max - rng.uniform(-0.1, 1.0) * height_m
        w, h = rng.uniform(15, 600), rng.uniform(15, 600)
        claim = shapely.affinity.rotate(shapely.box(x, y - h, x + w, y), rng.uniform(-40, 40))
        if k % 4 == 0 and min(w, h) > 120:  # a hole
            claim = claim.difference(claim.centroid.buffer(min(w, h) / 4))
        if k % 5 == 0:  # a second part
            claim = shapely.union(claim, shapely.box(x - 200, y + 40, x - 90, y + 150))
        claims.append(claim)
    claims.append(claims[3])  # the same claim twice
    claims.append(shapely.box(x_min + 40, y_max - 80, x_min + 45, y_max - 75))  # far below a pixel
    claims.append(shapely.box(x_min - 5000, y_max - 900, x_min - 4000, y_max))  # off the raster
    return claims


def truth(claim_lonlat, codes: np.ndarray, transform: Affine) -> tuple[dict[int, float], float, float]:
    """(hectares per year, m² on valid pixels, m² on nodata) from every pixel the claim touches."""
    by_year: dict[int, float] = {}
    valid_m2 = nodata_m2 = 0.0
    minx, miny, maxx, maxy = claim_lonlat.bounds
    inverse = ~transform
    col0, row0 = (int(np.floor(v)) for v in inverse @ (minx, maxy))
    col1, row1 = (int(np.ceil(v)) for v in inverse @ (maxx, miny))
    for row in range(max(row0, 0), min(row1, ROWS)):
        for col in range(max(col0, 0), min(col1, COLS)):
            x0, y0 = transform @ (col, row)
            x1, y1 = transform @ (col + 1, row + 1)
            pixel = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            share = shapely.area(shapely.intersection(pixel, claim_lonlat)) / pixel.area
            if share == 0:
                continue
            m2 = share * lonlat_pixel_m2(transform, row, col)
            code = int(codes[row, col])
            if code == NODATA:
                nodata_m2 += m2
                continue
            valid_m2 += m2
            if code:
                by_year[2000 + code] = by_year.get(2000 + code, 0.0) + m2 / HA
    return by_year, valid_m2, nodata_m2


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    rng = np.random.default_rng(2024)
    transform = hansen_transform()
    codes = random_codes(rng)
    folder = tmp_path_factory.mktemp("random")
    path = write_raster(folder / "lossyear.tif", codes, transform, nodata=NODATA)
    claims = gpd.GeoSeries(random_claims(rng, transform), crs=UTM)
    # Moved to lon/lat as the engine moves them: edges cut where they would stray from their
    # UTM path by more than geodesy.TOLERANCE_M (tests/test_geodesy_and_crs.py checks that).
    in_lonlat = to_working(claims, 4326)
    expected = [truth(claim, codes, transform) for claim in in_lonlat]
    return path, codes, claims, expected


def engine_on(path, claims, monkeypatch, workers: str):
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", workers)
    monkeypatch.setenv("CONCESSION_GIS_PARALLEL_MIN_FEATURES", "1")
    # Small batches, pieces and groups: many block reads, claims cut in pieces, groups split.
    monkeypatch.setattr(windows, "CHUNK_FEATURES", 5)
    monkeypatch.setattr(windows, "BATCH_PIXELS", 600)
    monkeypatch.setattr(windows, "MAX_PIECE_PIXELS", 144)
    monkeypatch.setattr(extract, "GROUP_FEATURES", 3)
    (source,) = open_loss_sources([str(path)])
    return zonal_loss(source, claims)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_random_claims_match_the_pixel_by_pixel_truth(scene, monkeypatch, workers):
    path, codes, claims, expected = scene
    geod = Geod(ellps="WGS84")
    # Exteriors counter-clockwise and holes clockwise: pyproj then takes the holes out.
    oriented = shapely.orient_polygons(claims.to_crs(4326).values)
    polygon_m2 = [geod.geometry_area_perimeter(g)[0] for g in oriented]
    result = engine_on(path, claims, monkeypatch, workers)
    checked = 0
    for k, (by_year, valid_m2, _) in enumerate(expected):
        rows = result.by_year[result.by_year["feature"] == k]
        found = dict(zip(rows["year"].astype(int), rows["loss_ha"], strict=True))
        assert sorted(found) == sorted(by_year), f"claim {k}"
        for year, ha in by_year.items():
            assert found[year] == pytest.approx(ha, rel=1e-6, abs=1e-9), (k, year)
        # The engine measures a claim's area from its UTM edges, its part on the raster from its
        # edges cut within a millimetre of their path: a few 1e-6 of coverage at most.
        assert result.coverage[k] == pytest.approx(valid_m2 / polygon_m2[k], abs=1e-5), f"claim {k}"
        checked += bool(by_year)
    # The scene is what it says: most claims lost forest, some lie partly on nodata or off the raster.
    assert checked > 50
    assert any(0 < c < 0.99 for c in result.coverage)
    assert any(nodata > 0 for _, _, nodata in expected)
    assert (result.coverage == 0).any()


def test_a_cloud_optimized_geotiff_gives_the_same_numbers(scene, tmp_path, monkeypatch):
    path, _, claims, _ = scene
    cog = tmp_path / "lossyear_cog.tif"
    with rasterio.open(path) as src:
        profile = src.profile | {"driver": "COG", "compress": "deflate", "blocksize": 32}
        with rasterio.open(cog, "w", **profile) as dst:
            dst.write(src.read())
    with rasterio.open(cog) as ds:
        assert ds.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
    plain = engine_on(path, claims, monkeypatch, "1")
    optimized = engine_on(cog, claims, monkeypatch, "2")
    assert plain.by_year[["feature", "year"]].equals(optimized.by_year[["feature", "year"]])
    np.testing.assert_allclose(optimized.by_year["loss_ha"], plain.by_year["loss_ha"], rtol=1e-12)
    np.testing.assert_allclose(optimized.coverage, plain.coverage, rtol=1e-12)
