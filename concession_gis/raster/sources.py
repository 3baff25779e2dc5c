"""Loss rasters as the user names them (``PATH[:ENCODING]``), checked and grouped into sources.

Hansen tiles come as many files of one grid; given as repeated ``--loss-raster`` flags they are
mosaicked into one VRT so a claim on a tile edge is summed once, over both tiles. Rasters of one
encoding whose extents meet but whose grids differ (half a pixel apart, another pixel size, CRS or
type) cannot be mosaicked, and read as separate sources a claim on their edge would take its loss
from one of them only: they are refused, naming both.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS, Transformer
from pyproj.exceptions import ProjError
from rasterio.errors import RasterioError
from rasterio.windows import Window

from concession_gis.errors import (
    InputError,
    InputNotFoundError,
    MissingCRSError,
    ZeroNodataWarning,
    warn,
)
from concession_gis.inputs import split_spec
from concession_gis.io.sources import require_encodable_name
from concession_gis.raster.loss_years import ENCODINGS, ZERO_IS_NO_LOSS, decode_years, kept_after
from concession_gis.raster.vrt import GDAL_TYPES, Tile, write_mosaic_vrt
from concession_gis.user_crs import parse_crs

# Tiles whose grids are offset by less than this fraction of a pixel are on the same grid.
GRID_TOLERANCE_PX = 1e-3
# Pixels longer than this (metres) are much coarser than Hansen's 30 m: a pixel of loss counts
# its whole area, so small clearings are overstated.
COARSE_PIXEL_M = 100.0
METRES_PER_DEGREE = 111_320.0  # a degree of longitude at the equator
# Paths GDAL opens that are not files on disk.
_VIRTUAL_PREFIXES = ("/vsi", "http://", "https://")


def parse_loss_spec(spec: str) -> tuple[Path, str]:
    """Split ``PATH[:ENCODING]`` into the path and the encoding (``lossyear`` when none)."""
    return parse_raster_spec(spec, ENCODINGS)


def parse_raster_spec(spec: str, encodings: Sequence[str], error: str = "error.unknown_raster_encoding"
                      ) -> tuple[Path, str]:
    """Split ``PATH[:ENCODING]`` into the path and one of ``encodings`` (the first when none);
    ``error`` is the message of an encoding that is none of them."""
    path, tail = split_spec(spec)
    if tail is None:
        return Path(path), encodings[0]
    encoding = tail.strip().lower() or encodings[0]
    if encoding not in encodings:
        raise InputError(key=error, spec=str(spec).strip(), encoding=tail,
                         encodings=", ".join(encodings))
    return Path(path), encoding


@dataclass(frozen=True)
class LossSource:
    """One loss layer: a single raster, or a mosaic of tiles read through a VRT."""

    label: str
    paths: tuple[Path, ...]
    encoding: str
    dataset: Path
    crs: CRS
    transform: Affine
    width: int
    height: int
    dtype: str
    nodata: float | None
    # How the pixels are read: only loss on or after ``since`` (``--since``), and only alerts of
    # at least ``min_confidence`` (rules.toml ``alerts.min_confidence``).
    since: datetime.date | None = None
    min_confidence: int = 2

    def years(self, values: np.ndarray) -> np.ndarray:
        """Loss year of each pixel value as this source is read (0: none; -1: undated)."""
        years = decode_years(values, self.encoding, self.min_confidence)
        return np.where(kept_after(values, self.encoding, self.since), years, 0)

    @property
    def res(self) -> tuple[float, float]:
        """Pixel width and height in CRS units (both positive)."""
        return abs(self.transform.a), abs(self.transform.e)

    @property
    def pixel_m(self) -> float:
        """The longer side of a pixel in metres, at the equator for a raster in degrees."""
        return pixel_metres(self.transform, self.crs)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in the raster's CRS."""
        left, top = self.transform.c, self.transform.f
        return left, top + self.height * self.transform.e, left + self.width * self.transform.a, top


def read_as(sources: Sequence[LossSource], since: str | None, min_confidence: int) -> list[LossSource]:
    """``sources`` read counting only loss on or after ``since`` (an ISO date, ``--since``) and
    alerts of at least ``min_confidence``."""
    day = None
    if since:
        try:
            day = datetime.date.fromisoformat(str(since).strip())
        except ValueError:
            raise InputError(key="error.bad_since", value=str(since)) from None
    return [dataclasses.replace(s, since=day, min_confidence=min_confidence) for s in sources]


def pixel_metres(transform: Affine, crs: CRS) -> float:
    """The longer side of a pixel in metres, at the equator for a raster in degrees."""
    side = max(abs(transform.a), abs(transform.e))
    if crs.is_geographic:
        return side * METRES_PER_DEGREE
    return side * (crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0)


def open_loss_sources(
    specs: Sequence[str],
    assume_crs: str | int | None = None,
    workdir: Path | None = None,
) -> list[LossSource]:
    """Check every raster of ``specs`` and group tiles of one grid into one mosaic source each."""
    return open_raster_sources(specs, parse_loss_spec, assume_crs, workdir)


def open_raster_sources(
    specs: Sequence[str],
    parse: Callable[[str], tuple[Path, str]],
    assume_crs: str | int | None = None,
    workdir: Path | None = None,
) -> list[LossSource]:
    """:func:`open_loss_sources` for rasters of any kind, ``parse`` reading each spec's encoding."""
    fallback_crs = _assumed_crs(assume_crs)
    rasters = [_inspect(*parse(spec), fallback_crs) for spec in specs]
    _refuse_meeting_grids(rasters)
    groups: list[list[_Raster]] = []
    for raster in rasters:
        group = next((g for g in groups if _same_grid(g[0], raster)), None)
        if group is None:
            groups.append([raster])
        elif all(r.tile.path.resolve() != raster.tile.path.resolve() for r in group):
            group.append(raster)
    return [_to_source(group, workdir) for group in groups]


@dataclass(frozen=True)
class _Raster:
    tile: Tile
    encoding: str
    crs: CRS
    crs_from_file: bool


def _assumed_crs(assume_crs: str | int | None) -> CRS | None:
    return None if assume_crs is None else parse_crs(assume_crs)


def _inspect(path: Path, encoding: str, fallback_crs: CRS | None) -> _Raster:
    name = str(path)
    require_encodable_name(path)
    if path.is_dir():
        raise InputError(key="error.folder_not_file", path=name, what_key="input_kind.raster")
    if not name_is_virtual(path) and not path.is_file():
        raise InputNotFoundError(key="error.loss_raster_not_found", path=name)
    try:
        with rasterio.open(path) as ds:
            require_complete(ds, path)
            crs_wkt = ds.crs.to_wkt() if ds.crs else None
            transform, width, height = ds.transform, ds.width, ds.height
            dtype, nodata, count = ds.dtypes[0] if ds.count else None, ds.nodata, ds.count
    except RasterioError as exc:
        raise InputError(key="error.unreadable_raster", path=name, detail=str(exc)) from None
    if count == 0 or dtype not in GDAL_TYPES:
        raise InputError(key="error.raster_without_band", path=name)
    if count > 1:  # a picture (RGB) or a stack: its first band is no loss layer
        raise InputError(key="error.raster_several_bands", path=name, bands=count)
    if transform.b != 0 or transform.d != 0 or transform.e >= 0:
        raise InputError(key="error.raster_rotated", path=name)
    if crs_wkt:
        crs = CRS.from_wkt(crs_wkt)
    elif fallback_crs is not None:
        crs = fallback_crs
    else:
        raise MissingCRSError(key="error.raster_without_crs", path=name)
    if nodata == 0 and encoding in ZERO_IS_NO_LOSS:
        # A clip made in QGIS or by gdalwarp often declares 0 "no data", which in these
        # encodings is "no loss": every claim would read as barely covered, its loss unknown.
        warn(ZeroNodataWarning(key="warning.zero_nodata", path=name, encoding=encoding))
        tile = Tile(path, transform, width, height, dtype, None, nodata_cleared=True)
    else:
        tile = Tile(path, transform, width, height, dtype, nodata)
    return _Raster(tile, encoding, crs, crs_from_file=crs_wkt is not None)


# Blocks of a GeoTIFF whose place in the file is checked, about a second's work (a Hansen tile has
# 40,000 strips); a larger file is not checked, and GDAL's read error is then the first word of a cut.
MAX_CHECKED_BLOCKS = 1_000_000


def require_complete(ds: rasterio.io.DatasetReader, path: Path) -> None:
    """Refuse a VRT naming a tile that is not there, and a GeoTIFF cut short (a download or copy
    that stopped): GDAL opens both, and fails only when the analysis reaches the missing pixels."""
    if ds.driver == "VRT":
        for name in ds.files:
            tile = Path(name)
            if not name_is_virtual(tile) and tile.resolve() != path.resolve() and not tile.exists():
                raise InputError(key="error.vrt_missing_tile", path=str(path), tile=tile.name)
    if ds.driver != "GTiff" or name_is_virtual(path) or not ds.count:
        return
    rows, cols = (math.ceil(n / b) for n, b in zip(ds.shape, ds.block_shapes[0], strict=True))
    if rows * cols > MAX_CHECKED_BLOCKS:
        return
    size = path.stat().st_size
    for row in range(rows):
        for col in range(cols):
            offset = ds.get_tag_item(f"BLOCK_OFFSET_{col}_{row}", "TIFF", bidx=1)
            length = ds.get_tag_item(f"BLOCK_SIZE_{col}_{row}", "TIFF", bidx=1)
            if offset and length and int(offset) + int(length) > size:
                raise InputError(key="error.raster_truncated", path=str(path))


# GDAL's block cache while extracting (MB): each block is read about once, so a small cache
# loses nothing and keeps memory flat on rasters of billions of pixels.
GDAL_CACHE_MB = 64
# What rasterio.Env(GDAL_CACHEMAX=...) takes: bytes (it hands the number to GDALSetCacheMax64).
# Given 64 the cache was 64 bytes, and GDAL's rasterize then burnt every shape once per row, 20
# times slower.
GDAL_CACHE_BYTES = GDAL_CACHE_MB * 1024 * 1024


def open_pixels(dataset: Path) -> rasterio.io.DatasetReader:
    """``dataset`` opened to read its pixels. A VRT (a mosaic) reads its tiles on this thread:
    from GDAL 3.10 a read of over a million pixels across several tiles is spread over threads
    of GDAL's own, and there a tile that fails to read is lost without an error (its pixels come
    back empty, a damaged tile counted as no loss; GDAL 3.10.3). The analysis's own threads or
    tasks already keep the cores busy."""
    if dataset.suffix.lower() == ".vrt":
        return rasterio.open(dataset, NUM_THREADS=1)
    return rasterio.open(dataset)


def unreadable_tile(source: LossSource, window: tuple[int, int, int, int]) -> tuple[Path, str]:
    """The file of ``source`` whose pixels in ``window`` (col_off, row_off, width, height of the
    source's grid) cannot be read, and GDAL's words for why: of a mosaic, the first tile under
    the window that fails to read there on its own. The source's first file when none fails
    (the read failed and then succeeded: a network blip on a virtual path)."""
    col_off, row_off, width, height = window
    grid = source.transform
    for path in source.paths:
        try:
            with rasterio.open(path) as ds:
                at_col = col_off - round((ds.transform.c - grid.c) / grid.a)
                at_row = row_off - round((ds.transform.f - grid.f) / grid.e)
                col0, row0 = max(at_col, 0), max(at_row, 0)
                col1, row1 = min(at_col + width, ds.width), min(at_row + height, ds.height)
                if col1 > col0 and row1 > row0:
                    ds.read(1, window=Window(col0, row0, col1 - col0, row1 - row0))
        except RasterioError as exc:
            # rasterio's own words are "Read failed"; GDAL's, in the cause, say which block.
            return path, str(exc.__cause__ or exc)
    return source.paths[0], ""


def name_is_virtual(path: Path) -> bool:
    """A path GDAL opens that is not a file on disk (``/vsizip/...``, a URL)."""
    return str(path).startswith(_VIRTUAL_PREFIXES)


def _same_grid(a: _Raster, b: _Raster) -> bool:
    ta, tb = a.tile.transform, b.tile.transform
    if (a.encoding, a.tile.dtype) != (b.encoding, b.tile.dtype) or not a.crs.equals(b.crs):
        return False
    if not (math.isclose(ta.a, tb.a, rel_tol=1e-9) and math.isclose(ta.e, tb.e, rel_tol=1e-9)):
        return False
    cols, rows = (tb.c - ta.c) / ta.a, (tb.f - ta.f) / ta.e
    return abs(cols - round(cols)) < GRID_TOLERANCE_PX and abs(rows - round(rows)) < GRID_TOLERANCE_PX


def _refuse_meeting_grids(rasters: list[_Raster]) -> None:
    for i, a in enumerate(rasters):
        for b in rasters[i + 1:]:
            if a.encoding == b.encoding and not _same_grid(a, b) and _extents_meet(a, b):
                raise InputError(key="error.loss_tiles_other_grid", first=str(a.tile.path),
                                 second=str(b.tile.path), encoding=a.encoding)


def _extents_meet(a: _Raster, b: _Raster) -> bool:
    """Whether the two rasters' extents overlap or touch, compared in ``a``'s CRS."""
    left, bottom, right, top = _bounds(a.tile)
    try:
        other = Transformer.from_crs(b.crs, a.crs, always_xy=True).transform_bounds(*_bounds(b.tile), densify_pts=21)
    except ProjError:
        return True
    if not all(math.isfinite(v) for v in other):
        return True
    slack = abs(a.tile.transform.a) * GRID_TOLERANCE_PX
    return not (other[0] > right + slack or other[2] < left - slack
                or other[1] > top + slack or other[3] < bottom - slack)


def _bounds(tile: Tile) -> tuple[float, float, float, float]:
    t = tile.transform
    return t.c, t.f + tile.height * t.e, t.c + tile.width * t.a, t.f


def _to_source(group: list[_Raster], workdir: Path | None) -> LossSource:
    first = group[0]
    tiles = [r.tile for r in group]
    needs_vrt = len(group) > 1 or not first.crs_from_file or first.tile.nodata_cleared
    if needs_vrt:
        dataset = write_mosaic_vrt(tiles, first.crs.to_wkt(), _vrt_path(first.tile.path, workdir))
        with rasterio.open(dataset) as ds:
            transform, width, height, nodata = ds.transform, ds.width, ds.height, ds.nodata
    else:
        dataset = first.tile.path
        transform, width, height, nodata = (
            first.tile.transform, first.tile.width, first.tile.height, first.tile.nodata
        )
    return LossSource(
        label=first.tile.path.name,
        paths=tuple(t.path for t in tiles),
        encoding=first.encoding,
        dataset=dataset,
        crs=first.crs,
        transform=transform,
        width=width,
        height=height,
        dtype=first.tile.dtype,
        nodata=nodata,
    )


def _vrt_path(first_path: Path, workdir: Path | None) -> Path:
    folder = Path(workdir) if workdir is not None else _session_tempdir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]", "_", first_path.stem)
    handle, name = tempfile.mkstemp(prefix=f"{stem}-mosaic-", suffix=".vrt", dir=folder)
    os.close(handle)
    return Path(name)


_TEMPDIR: list[Path] = []


def _session_tempdir() -> Path:
    """One temporary folder per process for the VRTs it writes, removed when the process exits."""
    if not _TEMPDIR:
        folder = Path(tempfile.mkdtemp(prefix="concession-gis-vrt-"))
        atexit.register(shutil.rmtree, folder, True)
        _TEMPDIR.append(folder)
    return _TEMPDIR[0]

