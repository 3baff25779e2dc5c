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
from concession_gis.raster.loss_years import DEFAULT_ENCODING, ENCODINGS, guess_encoding, impossible
from concession_gis.raster.sources import (
    COARSE_PIXEL_M,
    METRES_PER_DEGREE,
    pixel_metres,
    require_complete,
)
from concession_gis.reasons import Reason

# Pixels read at most to describe the values.
SAMPLE_PIXELS = 1_000_000
SAMPLE_WINDOW = 128
# PROJ's unit names as symbols, the same in every language ("metre" was printed in Spanish).
UNIT_SYMBOLS = {"metre": "m", "meter": "m", "kilometre": "km", "foot": "ft", "US survey foot": "ft (US)"}

# A fact's value: text that reads the same whatever the reader speaks, or reasons (joined by "; ").
Fact = str | list[Reason]


def inspect_raster(
    path, encoding: str | None = None, lonlat_bounds: tuple[float, float, float, float] | None = None,
) -> tuple[list[tuple[str, Fact]], list[Reason]]:
    """The facts about the raster at ``path`` and the problems found, as codes and values.

    A fact is (name, value): ``raster.label.<name>`` heads it, and its value is either text that
    reads the same whatever the reader speaks (a path, a driver, a CRS name) or reasons to put in words.
    """
    path = Path(path)
    if not path.is_file():
        raise InputNotFoundError(key="error.raster_not_found", path=str(path))
    try:
        with rasterio.open(path) as ds:
            require_complete(ds, path)
            return _describe(ds, path, encoding, lonlat_bounds)
    except RasterioError as exc:
        raise InputError(key="error.unreadable_raster", path=str(path), detail=str(exc)) from None


def _describe(ds, path: Path, encoding, lonlat_bounds) -> tuple[list[tuple[str, Fact]], list[Reason]]:
    problems: list[Reason] = []
    crs = CRS.from_wkt(ds.crs.to_wkt()) if ds.crs else None
    none = [Reason("raster.none")]
    facts: list[tuple[str, Fact]] = [
        ("file", str(path)),
        ("driver", ds.driver),
        ("crs", _crs_text(crs)),
        ("size", [Reason("raster.size", {"width": ds.width, "height": ds.height, "pixels": ds.width * ds.height,
                                         "bands": ds.count})]),
        ("pixel_size", [_pixel_size(ds, crs)]),
        ("data_type", ds.dtypes[0] if ds.count else none),
        ("nodata", none if ds.nodata is None else _number(ds.nodata)),
    ]
    tiles = [f for f in ds.files if Path(f).resolve() != path.resolve()]
    if ds.driver == "VRT":
        names = ", ".join(Path(f).name for f in tiles[:5]) + (" ..." if len(tiles) > 5 else "")
        facts.append(("tiles", f"{len(tiles)}: {names}"))
        missing = [f for f in tiles if not Path(f).exists()]
        if missing:
            problems.append(Reason("raster.problem.missing_tiles", {"n": len(missing), "example": str(missing[0])}))
    extent = _lonlat_extent(ds, crs)
    facts.append(("extent", [_extent(extent)]))
    if crs is None:
        problems.append(Reason("raster.problem.no_crs"))
    if ds.transform.b or ds.transform.d or ds.transform.e >= 0:
        problems.append(Reason("raster.problem.rotated"))
    if crs is not None and extent is None:
        problems.append(Reason("raster.problem.off_earth"))
    if extent is not None and lonlat_bounds is not None and not _overlaps(extent, lonlat_bounds):
        problems.append(Reason("raster.problem.no_overlap"))

    values, counts, sampled, how = _sample_values(ds)
    facts.append(("values", _values(values, counts, sampled, how)))
    guess = guess_encoding(values)
    facts.append(("encoding_guess", guess or [Reason("raster.unknown")]))
    if sampled and counts.sum() == 0:
        problems.append(Reason("raster.problem.all_nodata"))
    if ds.count > 1:
        problems.append(Reason("raster.problem.several_bands", {"bands": ds.count}))
    metres = pixel_metres(ds.transform, crs) if crs is not None else None
    if metres is not None and metres > COARSE_PIXEL_M:
        problems.append(Reason("raster.problem.coarse_pixels", {"metres": metres, "limit": COARSE_PIXEL_M}))
    if encoding is not None and encoding not in ENCODINGS:
        problems.append(Reason("raster.problem.unknown_encoding", {"encoding": encoding, "encodings": ", ".join(ENCODINGS)}))
    elif encoding is not None and guess is not None and guess != encoding:
        problems.append(Reason("raster.problem.encoding_mismatch", {"guess": guess, "encoding": encoding}))
    elif guess is None and len(values):
        problems.append(Reason("raster.problem.no_encoding_fits"))
    read_as = encoding if encoding in ENCODINGS else DEFAULT_ENCODING
    outside = impossible(values, read_as) if len(values) else np.zeros(0, dtype=bool)
    if outside.any():
        shown = ", ".join(_number(v) for v in values[outside][:5])
        problems.append(Reason("raster.problem.impossible_values",
                               {"n": int(counts[outside].sum()), "encoding": read_as, "values": shown}))
    return facts, problems


def _sample_values(ds) -> tuple[np.ndarray, np.ndarray, int, dict[str, object]]:
    """Distinct valid values, their counts, pixels looked at and how they were read (the
    catalogue key ``how_key`` with its values)."""
    if ds.count == 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64), 0, {}
    how: dict[str, object]
    if ds.width * ds.height <= SAMPLE_PIXELS:
        data = ds.read(1, masked=True)
        how = {"how_key": "raster.sample.all_pixels"}
    elif ds.overviews(1):
        scale = math.sqrt(ds.width * ds.height / SAMPLE_PIXELS)
        shape = (max(1, int(ds.height / scale)), max(1, int(ds.width / scale)))
        data = ds.read(1, out_shape=shape, masked=True)
        how = {"how_key": "raster.sample.overview", "width": shape[1], "height": shape[0]}
    else:
        data = _read_windows(ds)
        how = {"how_key": "raster.sample.windows", "n": data.shape[0] // SAMPLE_WINDOW, "side": SAMPLE_WINDOW}
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


def _values(values, counts, sampled: int, how: dict) -> list[Reason]:
    if sampled == 0:
        return [Reason("raster.sample.no_band")]
    parts = [Reason("raster.sample.pixels", {"sampled": sampled, "valid": int(counts.sum()), **how})]
    if len(values) == 0:
        return parts
    parts.append(Reason("raster.sample.range", {"low": _number(values.min()), "high": _number(values.max())}))
    if len(values) <= 40:
        # No thousands mark and items apart by semicolons: "0: 793704; 8: 45" reads alike in
        # both languages, where "793,704, 8: 45" was a decimal to a Spanish reader.
        shown = "; ".join(f"{_number(v)}: {int(c)}" for v, c in zip(values, counts, strict=True))
        parts.append(Reason("raster.sample.counts", {"counts": shown}))
    else:
        parts.append(Reason("raster.sample.distinct", {"n": len(values)}))
    return parts


def _crs_text(crs: CRS | None) -> Fact:
    if crs is None:
        return [Reason("raster.none")]
    code = crs.to_epsg()
    return f"{crs.name} (EPSG:{code})" if code else crs.name


def _pixel_size(ds, crs: CRS | None) -> Reason:
    dx, dy = abs(ds.transform.a), abs(ds.transform.e)
    if crs is not None and crs.is_geographic:
        lat = (ds.bounds.top + ds.bounds.bottom) / 2
        mx = dx * METRES_PER_DEGREE * math.cos(math.radians(max(-90, min(90, lat))))
        my = dy * METRES_PER_DEGREE
        return Reason("raster.pixel_degrees", {"dx": dx, "dy": dy, "mx": mx, "my": my, "lat": lat})
    if crs is not None and crs.axis_info:
        # PROJ's unit name (metre, US survey foot), as written in the CRS definition.
        unit = crs.axis_info[0].unit_name
        return Reason("raster.pixel_size", {"dx": dx, "dy": dy, "unit": UNIT_SYMBOLS.get(unit, unit)})
    return Reason("raster.pixel_units", {"dx": dx, "dy": dy})


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


def _extent(extent) -> Reason:
    if extent is None:
        return Reason("raster.unknown")
    left, bottom, right, top = extent
    return Reason("raster.extent", {"left": left, "right": right, "bottom": bottom, "top": top})


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


def _number(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"
