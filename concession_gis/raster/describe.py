"""What ``concession-gis validate RASTER`` says about a loss raster, read from a sample only.

Values come from overviews when the file has them, else from small windows spread over the
raster, so describing a 100-million-pixel mosaic reads about a million pixels.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import rasterio
from pyproj import CRS, Transformer
from rasterio.errors import RasterioError
from rasterio.windows import Window

from concession_gis.errors import InputError, InputNotFoundError
from concession_gis.i18n import tr
from concession_gis.raster.loss_years import ENCODINGS, guess_encoding

# Pixels read at most to describe the values.
SAMPLE_PIXELS = 1_000_000
SAMPLE_WINDOW = 128
METRES_PER_DEGREE = 111_320.0


def inspect_raster(
    path, encoding: str | None = None, lonlat_bounds: tuple[float, float, float, float] | None = None,
    lang: str = "es",
) -> tuple[list[tuple[str, str]], list[str]]:
    """The (label, text) facts about the raster at ``path`` and the problems found, in ``lang``."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFoundError(key="error.raster_not_found", path=str(path))
    try:
        with rasterio.open(path) as ds:
            return _describe(ds, path, encoding, lonlat_bounds, lang)
    except RasterioError as exc:
        raise InputError(key="error.unreadable_raster", path=str(path), detail=str(exc)) from None


def _describe(ds, path: Path, encoding, lonlat_bounds, lang: str) -> tuple[list[tuple[str, str]], list[str]]:
    def label(name: str) -> str:
        return tr(f"raster.label.{name}", lang)

    problems: list[str] = []
    crs = CRS.from_wkt(ds.crs.to_wkt()) if ds.crs else None
    none = tr("raster.none", lang)
    lines = [
        (label("file"), str(path)),
        (label("driver"), ds.driver),
        (label("crs"), _crs_text(crs, lang)),
        (label("size"), tr("raster.size", lang, width=f"{ds.width:,}", height=f"{ds.height:,}",
                           pixels=f"{ds.width * ds.height:,}", bands=ds.count)),
        (label("pixel_size"), _pixel_size_text(ds, crs, lang)),
        (label("data_type"), ds.dtypes[0] if ds.count else none),
        (label("nodata"), none if ds.nodata is None else _number(ds.nodata)),
    ]
    tiles = [f for f in ds.files if Path(f).resolve() != path.resolve()]
    if ds.driver == "VRT":
        names = ", ".join(Path(f).name for f in tiles[:5]) + (" ..." if len(tiles) > 5 else "")
        lines.append((label("tiles"), f"{len(tiles)}: {names}"))
        missing = [f for f in tiles if not Path(f).exists()]
        if missing:
            problems.append(tr("raster.problem.missing_tiles", lang, n=len(missing), example=str(missing[0])))
    extent = _lonlat_extent(ds, crs)
    lines.append((label("extent"), _extent_text(extent, lang)))
    if crs is None:
        problems.append(tr("raster.problem.no_crs", lang))
    if ds.transform.b or ds.transform.d or ds.transform.e >= 0:
        problems.append(tr("raster.problem.rotated", lang))
    if crs is not None and extent is None:
        problems.append(tr("raster.problem.off_earth", lang))
    if extent is not None and lonlat_bounds is not None and not _overlaps(extent, lonlat_bounds):
        problems.append(tr("raster.problem.no_overlap", lang))

    values, counts, sampled, how = _sample_values(ds, lang)
    lines.append((label("values"), _values_text(values, counts, sampled, how, lang)))
    guess = guess_encoding(values)
    lines.append((label("encoding_guess"), guess or tr("raster.unknown", lang)))
    if sampled and counts.sum() == 0:
        problems.append(tr("raster.problem.all_nodata", lang))
    if encoding is not None and encoding not in ENCODINGS:
        problems.append(tr("raster.problem.unknown_encoding", lang, encoding=encoding, encodings=", ".join(ENCODINGS)))
    elif encoding is not None and guess is not None and guess != encoding:
        problems.append(tr("raster.problem.encoding_mismatch", lang, guess=guess, encoding=encoding))
    elif guess is None and len(values):
        problems.append(tr("raster.problem.no_encoding_fits", lang))
    return lines, problems


def _sample_values(ds, lang: str) -> tuple[np.ndarray, np.ndarray, int, str]:
    """Distinct valid values, their counts, pixels looked at and how they were read."""
    if ds.count == 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64), 0, ""
    if ds.width * ds.height <= SAMPLE_PIXELS:
        data = ds.read(1, masked=True)
        how = tr("raster.sample.all_pixels", lang)
    elif ds.overviews(1):
        scale = math.sqrt(ds.width * ds.height / SAMPLE_PIXELS)
        shape = (max(1, int(ds.height / scale)), max(1, int(ds.width / scale)))
        data = ds.read(1, out_shape=shape, masked=True)
        how = tr("raster.sample.overview", lang, width=f"{shape[1]:,}", height=f"{shape[0]:,}")
    else:
        data = _read_windows(ds)
        how = tr("raster.sample.windows", lang, n=data.shape[0] // SAMPLE_WINDOW, side=SAMPLE_WINDOW)
    valid = data.compressed()
    if valid.dtype.kind == "f":
        valid = valid[np.isfinite(valid)]
    values, counts = np.unique(valid, return_counts=True)
    return values, counts, data.size, how


def _read_windows(ds) -> np.ma.MaskedArray:
    """Small windows on a regular grid over the raster, stacked (never the whole raster)."""
    per_side = max(1, int(math.sqrt(SAMPLE_PIXELS / SAMPLE_WINDOW**2)))
    cols = np.linspace(0, max(ds.width - SAMPLE_WINDOW, 0), per_side).astype(int)
    rows = np.linspace(0, max(ds.height - SAMPLE_WINDOW, 0), per_side).astype(int)
    pieces = [
        ds.read(1, window=Window(c, r, min(SAMPLE_WINDOW, ds.width), min(SAMPLE_WINDOW, ds.height)),
                masked=True, boundless=False)
        for r in rows for c in cols
    ]
    return np.ma.concatenate([p.reshape(-1, p.shape[-1]) for p in pieces], axis=0)


def _values_text(values, counts, sampled: int, how: str, lang: str) -> str:
    if sampled == 0:
        return tr("raster.sample.no_band", lang)
    parts = [tr("raster.sample.pixels", lang, sampled=f"{sampled:,}", how=how, valid=f"{int(counts.sum()):,}")]
    if len(values) == 0:
        return parts[0]
    parts.append(tr("raster.sample.range", lang, low=_number(values.min()), high=_number(values.max())))
    if len(values) <= 40:
        shown = ", ".join(f"{_number(v)}: {int(c):,}" for v, c in zip(values, counts, strict=True))
        parts.append(tr("raster.sample.counts", lang, counts=shown))
    else:
        parts.append(tr("raster.sample.distinct", lang, n=f"{len(values):,}"))
    return "; ".join(parts)


def _crs_text(crs: CRS | None, lang: str) -> str:
    if crs is None:
        return tr("raster.none", lang)
    code = crs.to_epsg()
    return f"{crs.name} (EPSG:{code})" if code else crs.name


def _pixel_size_text(ds, crs: CRS | None, lang: str) -> str:
    dx, dy = abs(ds.transform.a), abs(ds.transform.e)
    if crs is not None and crs.is_geographic:
        lat = (ds.bounds.top + ds.bounds.bottom) / 2
        mx = dx * METRES_PER_DEGREE * math.cos(math.radians(max(-90, min(90, lat))))
        my = dy * METRES_PER_DEGREE
        return tr("raster.pixel_degrees", lang, dx=f"{dx:.8g}", dy=f"{dy:.8g}", mx=f"{mx:.1f}", my=f"{my:.1f}",
                  lat=f"{lat:.2f}")
    # PROJ's unit name (metre, US survey foot), as written in the CRS definition.
    unit = crs.axis_info[0].unit_name if crs is not None and crs.axis_info else tr("raster.units", lang)
    return f"{dx:.6g} x {dy:.6g} {unit}"


def _lonlat_extent(ds, crs: CRS | None) -> tuple[float, float, float, float] | None:
    if crs is None:
        return None
    try:
        to_lonlat = Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True)
        b = ds.bounds
        left, bottom, right, top = to_lonlat.transform_bounds(b.left, b.bottom, b.right, b.top, densify_pts=21)
    except Exception:
        return None
    box = (left, bottom, right, top)
    if not all(math.isfinite(v) for v in box) or abs(bottom) > 90 or abs(top) > 90:
        return None
    return box


def _extent_text(extent, lang: str) -> str:
    if extent is None:
        return tr("raster.unknown", lang)
    left, bottom, right, top = extent
    return tr("raster.extent", lang, left=f"{left:.4f}", right=f"{right:.4f}", bottom=f"{bottom:.4f}", top=f"{top:.4f}")


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


def _number(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"
