"""The zonal benchmark's inputs, built once and cached under bench/data/.

A 10,000 x 10,000 Hansen-style lossyear GeoTIFF in EPSG:4326 centred on 13°S (0.00025° pixels,
tiled, DEFLATE), written in strips so building it never holds the whole raster, with loss
clustered around mining districts and dated in waves; and 10,000 claims of 100-1,000 ha on the
1 km UTM grid of zone 19S (EPSG:32719), denser where the mining is, some crossing the edge.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
import shapely
from pyproj import Transformer
from rasterio.transform import from_origin
from rasterio.windows import Window

DATA = Path(__file__).parent / "data"
RASTER = DATA / "lossyear_13S_10k.tif"
CLAIMS_UTM = DATA / "claims_10k_32719.gpkg"
CLAIMS_LONLAT = DATA / "claims_10k_4326.gpkg"
SIZE = 10_000
RES = 0.00025
WEST, NORTH = -70.75, -11.75
N_CLAIMS = 10_000
SEED = 20250813
COARSE = 10  # pixels per cell of the coarse fields that give loss its spatial structure
STRIP = 500


def build(force: bool = False) -> None:
    """Write the raster and the claims unless they are already there."""
    DATA.mkdir(parents=True, exist_ok=True)
    # One generator per product, so rebuilding one leaves the other unchanged.
    districts = _mining_districts(np.random.default_rng(SEED))
    if force or not RASTER.exists():
        _write_raster(np.random.default_rng(SEED + 1), districts)
    if force or not CLAIMS_UTM.exists() or not CLAIMS_LONLAT.exists():
        _write_claims(np.random.default_rng(SEED + 2), districts)


def _mining_districts(rng) -> np.ndarray:
    """Rows of (lon, lat, radius_deg, peak loss share, first year) of mining districts."""
    n = 45
    lon = rng.uniform(WEST + 0.1, WEST + SIZE * RES - 0.1, n)
    lat = rng.uniform(NORTH - SIZE * RES + 0.1, NORTH - 0.1, n)
    radius = rng.uniform(0.02, 0.1, n)
    peak = rng.uniform(0.1, 0.6, n)
    first_year = rng.integers(1, 20, n)
    return np.column_stack([lon, lat, radius, peak, first_year])


def _coarse_fields(rng, districts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Loss probability, smooth noise and base loss year on the coarse grid."""
    n = SIZE // COARSE
    centres = (np.arange(n) + 0.5) * COARSE * RES
    lon, lat = np.meshgrid(WEST + centres, NORTH - centres)
    probability = np.full((n, n), 0.004)  # scattered smallholder clearing everywhere
    year = rng.integers(1, 25, (n // 10, n // 10)).repeat(10, 0).repeat(10, 1).astype(float)
    for d_lon, d_lat, radius, peak, first in districts:
        weight = np.exp(-((lon - d_lon) ** 2 + (lat - d_lat) ** 2) / (2 * radius**2))
        probability += peak * weight
        # Mining fronts spread outward: later years further from the district centre.
        front = first + 12 * np.sqrt(-2 * np.log(np.maximum(weight, 1e-12))) / 3
        year = np.where(weight > 0.2, np.minimum(front, 24), year)
    return np.minimum(probability, 0.9), rng.random((n, n)), year


def _write_raster(rng, districts) -> None:
    probability, noise, base_year = _coarse_fields(rng, districts)
    profile = dict(
        driver="GTiff", width=SIZE, height=SIZE, count=1, dtype="uint8", crs="EPSG:4326",
        transform=from_origin(WEST, NORTH, RES, RES), tiled=True, blockxsize=256,
        blockysize=256, compress="deflate", predictor=2, BIGTIFF="NO",
    )
    tmp = RASTER.with_suffix(".tmp")
    with rasterio.open(tmp, "w", **profile) as ds:
        for row in range(0, SIZE, STRIP):
            coarse_rows = slice(row // COARSE, (row + STRIP) // COARSE)
            p = probability[coarse_rows].repeat(COARSE, 0).repeat(COARSE, 1)
            patches = noise[coarse_rows].repeat(COARSE, 0).repeat(COARSE, 1)
            # Lost where a 250 m patch field, frayed at pixel scale, falls below the local share.
            lost = 0.85 * patches + 0.15 * rng.random(p.shape) < p
            years = base_year[coarse_rows].repeat(COARSE, 0).repeat(COARSE, 1)
            years = np.clip(years + rng.integers(-1, 2, p.shape), 1, 24)
            ds.write(np.where(lost, years, 0).astype(np.uint8), 1, window=Window(0, row, SIZE, STRIP))
    tmp.rename(RASTER)


def _write_claims(rng, districts) -> None:
    to_utm = Transformer.from_crs(4326, 32719, always_xy=True)
    extent_x, extent_y = to_utm.transform(
        [WEST, WEST + SIZE * RES, WEST, WEST + SIZE * RES],
        [NORTH, NORTH, NORTH - SIZE * RES, NORTH - SIZE * RES],
    )
    xmin, xmax = min(extent_x), max(extent_x)
    ymin, ymax = min(extent_y), max(extent_y)
    near = rng.random(N_CLAIMS) < 0.6  # claims crowd where the mining is
    district = districts[rng.integers(0, len(districts), N_CLAIMS)]
    cx, cy = to_utm.transform(district[:, 0], district[:, 1])
    spread = district[:, 2] * 111_000
    x = np.where(near, cx + rng.normal(0, 1, N_CLAIMS) * spread, rng.uniform(xmin, xmax, N_CLAIMS))
    y = np.where(near, cy + rng.normal(0, 1, N_CLAIMS) * spread, rng.uniform(ymin, ymax, N_CLAIMS))
    x = np.clip(x, xmin - 2_000, xmax - 1_000)
    y = np.clip(y, ymin, ymax + 1_000)
    x0, y0 = np.floor(x / 1000) * 1000, np.floor(y / 1000) * 1000
    cells = rng.integers(1, 11, N_CLAIMS)  # 1-10 km cells: 100-1,000 ha
    polygons = []
    for left, bottom, n_cells in zip(x0, y0, cells, strict=True):
        width = int(rng.integers(1, n_cells + 1))
        rows, rest = divmod(int(n_cells), width)
        shape = shapely.box(left, bottom, left + width * 1000, bottom + rows * 1000)
        if rest:  # a partial top row makes the L-shapes of real claims
            shape = shape.union(
                shapely.box(left, bottom + rows * 1000, left + rest * 1000, bottom + (rows + 1) * 1000)
            )
        polygons.append(shapely.normalize(shape))
    claims = gpd.GeoDataFrame(
        {"code": [f"{i:09d}" for i in range(N_CLAIMS)]}, geometry=polygons, crs=32719
    )
    claims.to_file(CLAIMS_UTM, driver="GPKG")
    from concession_gis.raster.zonal import to_raster_crs

    lonlat = to_raster_crs(claims.geometry, claims.crs, "EPSG:4326")
    claims.set_geometry(gpd.GeoSeries(lonlat, crs=4326)).to_file(CLAIMS_LONLAT, driver="GPKG")
