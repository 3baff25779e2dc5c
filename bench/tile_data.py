"""A full Hansen-size lossyear tile with the region sample's claims on it, for bench_tile.

40,000 x 40,000 one-byte pixels (0.00025°, 10° a side, as one Hansen GFC tile), EPSG:4326,
tiled and DEFLATE-compressed. The region sample (`concession-gis sample --scale region`,
written by the project's generator into the same folder: 10,000 claims, 15,000
registrations, protected areas, the corridor, districts, and a 10,000 x 10,000 loss mosaic
along Madre de Dios' mining corridors) sits in the tile's second row and column of 10,000-pixel
blocks, in its own place, under its own claims; the other fifteen blocks are its mosaic mirrored
(every other block flipped east-west, every other row of blocks north-south), so that the loss
has the project generator's texture everywhere (scars along rivers and roads, frayed edges,
dated in waves) and patches run on across the seams. A whole tile of the densest mining
country there is: the heavy case. The tile is written strip by strip, so generating it never
holds more than a strip of the mosaic.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin
from rasterio.windows import Window

DATA = Path(os.environ.get("TILE_BENCH_DATA", "/tmp/concession-gis-tile-bench"))
REGION = DATA / "region"
SIZE = 40_000
RES = 0.00025
BLOCK = 10_000  # the region mosaic's side
STRIP = 250  # rows written at a time: 10 MB of pixels


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


def _write_tile(path: Path, size: int, region_mosaic: Path) -> None:
    with rasterio.open(region_mosaic) as region:
        if (region.width, region.height) != (BLOCK, BLOCK) or abs(region.res[0] - RES) > 1e-12:
            raise ValueError(f"{region_mosaic}: not the region sample's {BLOCK}² mosaic")
        # The region in block (1, 1): the tile starts one block west and north of it.
        west, north = region.bounds.left - BLOCK * RES, region.bounds.top + BLOCK * RES
        profile = dict(driver="GTiff", width=size, height=size, count=1, dtype="uint8", crs="EPSG:4326",
                       transform=from_origin(west, north, RES, RES), tiled=True, blockxsize=512, blockysize=512,
                       compress="deflate", predictor=2, BIGTIFF="IF_SAFER")
        tmp = path.with_suffix(".tmp")
        # A small block cache: GDAL's default (5% of the RAM) would hold a whole row of blocks.
        with rasterio.Env(GDAL_CACHEMAX=128), rasterio.open(tmp, "w", **profile) as out:
            for row in range(0, size, STRIP):
                rows = min(STRIP, size - row, BLOCK - row % BLOCK)
                flipped = (row // BLOCK - 1) % 2 == 1
                local = row % BLOCK
                first = BLOCK - local - rows if flipped else local
                strip = region.read(1, window=Window(0, first, BLOCK, rows))
                if flipped:
                    strip = strip[::-1]
                line = np.concatenate([strip[:, ::-1] if (k - 1) % 2 else strip for k in range(-(-size // BLOCK))],
                                      axis=1)[:, :size]
                out.write(line, 1, window=Window(0, row, size, rows))
        tmp.rename(path)


if __name__ == "__main__":
    import sys

    print(json.dumps(build(int(sys.argv[1]) if len(sys.argv) > 1 else SIZE), indent=2))
