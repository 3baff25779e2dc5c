"""A full Hansen-size lossyear tile with the region sample's claims on it, for bench_tile.

40,000 x 40,000 one-byte pixels (0.00025°, 10° a side, as one Hansen GFC tile), EPSG:4326,
tiled and DEFLATE-compressed, west -75°, north -10°: the region sample (`concession-gis sample
--scale region`, written by the project's generator into the same folder) lies inside it, and
its own loss mosaic is copied into the tile where it lies, under its claims. Elsewhere loss is
clustered like mining scars: districts of a few km whose loss share falls off from the centre,
250 m patches frayed at pixel scale, dated in waves spreading outward, over a thin scatter of
smallholder clearing. The tile is written strip by strip, and each strip's coarse fields are
computed from the districts that reach it, so generating it never holds more than a strip.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin
from rasterio.windows import Window, from_bounds

DATA = Path(os.environ.get("TILE_BENCH_DATA", "/tmp/concession-gis-tile-bench"))
REGION = DATA / "region"
SIZE = 40_000
RES = 0.00025
WEST, NORTH = -75.0, -10.0
SEED = 20261205
COARSE = 10  # pixels per cell of the coarse fields
STRIP = 250  # rows written at a time (10 MB of pixels; about 400 MB of arrays built on them)
N_DISTRICTS = 1000


def tile_path(size: int = SIZE) -> Path:
    return DATA / f"lossyear_tile_{size}.tif"


def build(size: int = SIZE) -> dict:
    """The region sample and the tile, built once; the files by kind (as write_synthetic's)."""
    DATA.mkdir(parents=True, exist_ok=True)
    manifest = REGION / "manifest.json"
    if not manifest.exists():
        from concession_gis.sample.synthetic import write_synthetic

        written = write_synthetic("region", REGION, seed=1)
        files = {kind: [str(p) for p in paths] for kind, paths in written.items()}
        manifest.write_text(json.dumps(files, indent=2))
    files = json.loads(manifest.read_text())
    tile = tile_path(size)
    if not tile.exists():
        _write_tile(tile, size, Path(files["loss_rasters"][0]))
    files["tile"] = str(tile)
    return files


def _districts(rng, size: int) -> np.ndarray:
    """Rows of (col, row, radius in pixels, peak loss share, first year) of mining districts."""
    n = max(4, round(N_DISTRICTS * (size / SIZE) ** 2))
    col = rng.uniform(0, size, n)
    row = rng.uniform(0, size, n)
    radius = rng.uniform(40, 300, n)  # 1-8 km
    peak = rng.uniform(0.1, 0.6, n)
    first = rng.integers(1, 20, n)
    return np.column_stack([col, row, radius, peak, first])


def _write_tile(path: Path, size: int, region_mosaic: Path) -> None:
    rng = np.random.default_rng(SEED)
    districts = _districts(rng, size)
    profile = dict(driver="GTiff", width=size, height=size, count=1, dtype="uint8", crs="EPSG:4326",
                   transform=from_origin(WEST, NORTH, RES, RES), tiled=True, blockxsize=512, blockysize=512,
                   compress="deflate", predictor=2, BIGTIFF="IF_SAFER", nodata=None)
    n = size // COARSE
    centres = (np.arange(n) + 0.5) * COARSE
    tmp = path.with_suffix(".tmp")
    # A small block cache: GDAL's default (5% of the RAM) would hold a whole row of blocks.
    with rasterio.Env(GDAL_CACHEMAX=128), rasterio.open(tmp, "w", **profile) as out, \
            rasterio.open(region_mosaic) as region:
        left, bottom, right, top = region.bounds
        inside = from_bounds(left, bottom, right, top, out.transform).round_offsets().round_lengths()
        for row in range(0, size, STRIP):
            rows = min(STRIP, size - row)
            c_rows = centres[row // COARSE:(row + rows) // COARSE]
            probability = np.full((len(c_rows), n), 0.004, dtype=np.float32)
            year = rng.integers(1, 25, (len(c_rows), n // 10)).repeat(10, 1).astype(np.float32)
            near = np.abs(districts[:, 1] - (row + rows / 2)) < rows / 2 + 4 * districts[:, 2]
            for d_col, d_row, radius, peak, first in districts[near]:
                c0, c1 = np.searchsorted(centres, [d_col - 4 * radius, d_col + 4 * radius])
                dx = centres[c0:c1][None, :] - d_col
                dy = c_rows[:, None] - d_row
                weight = np.exp(-(dx**2 + dy**2) / (2 * radius**2)).astype(np.float32)
                probability[:, c0:c1] += peak * weight
                front = first + 12 * np.sqrt(-2 * np.log(np.maximum(weight, 1e-12))) / 3
                year[:, c0:c1] = np.where(weight > 0.2, np.minimum(front, 24), year[:, c0:c1])
            p = np.minimum(probability, 0.9).repeat(COARSE, 0).repeat(COARSE, 1)
            patches = rng.random((len(c_rows), n), dtype=np.float32).repeat(COARSE, 0).repeat(COARSE, 1)
            lost = 0.85 * patches + 0.15 * rng.random(p.shape, dtype=np.float32) < p
            years = year.repeat(COARSE, 0).repeat(COARSE, 1) + rng.integers(-1, 2, p.shape)
            values = np.where(lost, np.clip(years, 1, 24), 0).astype(np.uint8)
            # The region sample's own loss where it lies, so its claims sit on their loss.
            r0, r1 = max(row, inside.row_off), min(row + rows, inside.row_off + inside.height)
            if r0 < r1 and inside.col_off + inside.width <= size:
                values[r0 - row:r1 - row, inside.col_off:inside.col_off + inside.width] = region.read(
                    1, window=Window(0, r0 - inside.row_off, inside.width, r1 - r0))
            out.write(values, 1, window=Window(0, row, size, rows))
    tmp.rename(path)


if __name__ == "__main__":
    import sys

    print(json.dumps(build(int(sys.argv[1]) if len(sys.argv) > 1 else SIZE), indent=2))
