"""A layer's columns as Arrow arrays, for GDAL to write into a GeoPackage column by column.

pyogrio writes a frame feature by feature, setting every value from Python: about 1 µs a cell,
7.9 s of the national results' 12 layers. Handed Arrow arrays (the Arrow C stream interface),
GDAL reads the columns itself. pyarrow would build them from pandas, at 170 MB; nanoarrow, 3 MB,
builds them from the columns' own buffers: numbers, dates and true/false as they are, text and
the shapes' WKB through its builder. A column of a kind not known here gives None, and the
layer is written feature by feature as before (:func:`concession_gis.export.results._write_layer`).

The arrays carry the types pyogrio's own columnar path (with pyarrow) would give GDAL, so the
layer's fields and values are those of the feature-by-feature path (``tests/test_columnar_writing.py``).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import nanoarrow as na
import numpy as np
import pandas as pd
import shapely

# Arrow's types for the numpy integers and floats the layers hold (pyogrio: the same OGR fields).
NUMBERS = {np.dtype(np.int64): na.int64(), np.dtype(np.int32): na.int32(), np.dtype(np.float64): na.float64()}
# Nullable integer and true/false columns (pandas' masked arrays): their values and their mask.
MASKED = (pd.Int64Dtype, pd.Int32Dtype, pd.BooleanDtype)


def arrow_stream(frame: pd.DataFrame, multi: bool = False) -> Any | None:
    """``frame`` as one Arrow array stream of its columns (the geometry as WKB, polygons made
    multipolygons when ``multi``, as ``promote_to_multi`` does); None where a column is of a kind
    not known here."""
    schemas, arrays = {}, []
    for name in frame.columns:
        made = _column(frame[name], multi)
        if made is None:
            return None
        schemas[str(name)], array = made
        arrays.append(array)
    struct = na.struct(schemas)
    return na.c_array_stream(na.c_array_from_buffers(struct, len(frame), [None], children=arrays))


def _column(values: pd.Series, multi: bool) -> tuple[Any, Any] | None:
    dtype = values.dtype
    if isinstance(dtype, gpd.array.GeometryDtype):
        return na.binary(), _wkb(np.asarray(values.values), multi)
    if isinstance(dtype, MASKED):
        missing = values.isna().to_numpy()
        data = values.to_numpy(dtype=dtype.numpy_dtype, na_value=dtype.numpy_dtype.type(0))
        kind = na.bool_() if dtype.kind == "b" else NUMBERS.get(data.dtype)
        return None if kind is None else (kind, _from_buffers(kind, _bits(data) if dtype.kind == "b" else data, missing))
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return na.bool_(), _from_buffers(na.bool_(), _bits(values.to_numpy()), np.zeros(len(values), bool))
    if isinstance(dtype, np.dtype) and dtype in NUMBERS:
        data = values.to_numpy()
        # A missing decimal is NaN; the feature-by-feature path writes it as NULL (nan_as_null).
        missing = np.isnan(data) if dtype.kind == "f" else np.zeros(len(data), bool)
        return NUMBERS[dtype], _from_buffers(NUMBERS[dtype], data, missing)
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        unit = np.datetime_data(dtype)[0]
        if unit not in ("s", "ms", "us", "ns"):
            return None
        data = values.to_numpy()
        return na.timestamp(unit), _from_buffers(na.timestamp(unit), data.view(np.int64), np.isnat(data))
    if pd.api.types.is_string_dtype(dtype):  # text, or objects results.py has made text or None
        try:
            return na.string(), na.c_array(values.to_numpy(dtype=object, na_value=None).tolist(), na.string())
        except (TypeError, ValueError):  # an object that is not text
            return None
    return None


def _wkb(shapes: np.ndarray, multi: bool) -> Any:
    if multi:
        polygons = shapely.get_type_id(shapes) == shapely.GeometryType.POLYGON
        if polygons.any():
            shapes = shapes.copy()
            shapes[polygons] = shapely.multipolygons(shapes[polygons], indices=np.arange(int(polygons.sum())))
    wkb = shapely.to_wkb(shapes)  # None stays None: a feature without a shape
    return na.c_array(wkb.tolist(), na.binary())


def _bits(values: np.ndarray) -> np.ndarray:
    """True/false values as Arrow keeps them: one bit each, the first in the lowest bit."""
    return np.packbits(values.astype(bool), bitorder="little")


def _from_buffers(kind: Any, data: np.ndarray, missing: np.ndarray) -> Any:
    nulls = int(missing.sum())
    validity = _bits(~missing) if nulls else None
    return na.c_array_from_buffers(kind, len(missing), [validity, np.ascontiguousarray(data)], null_count=nulls)
