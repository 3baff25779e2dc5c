"""Frames as folders of plain numpy arrays, for moving results from the worker process into the
GUI process without stalling the GUI thread. No Qt.

Reading a GeoPackage with pyogrio holds the GIL for 30-70 µs per feature (1.8 s for 67,000
claims of 34 columns, and still 30-70 ms per call of 500 features), and unpickling a frame holds
it for its whole length. Here every column is a .npy file (strings as fixed-width unicode plus a
missing-value mask, geometries as one WKB buffer plus offsets): loading is a file read, and the
conversions that need the GIL run one column, or a few thousand geometries, at a time (each
under ~10 ms), so the GUI thread gets the GIL back between them.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

FORMAT = "concession-gis-frame"
GEOMETRY_CHUNK = 1000
NULLABLE = {"Int64", "Int32", "Int16", "Int8", "UInt8", "UInt16", "UInt32", "UInt64", "Float64", "Float32", "boolean"}


def _yield() -> None:
    time.sleep(0)


def write_frame(frame: pd.DataFrame, folder: str | Path) -> Path:
    """Write ``frame`` (a GeoDataFrame or a table) as one .npy file per column into ``folder``."""
    import geopandas as gpd
    import shapely

    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) and frame.geometry.name in frame else None
    columns = []
    for i, name in enumerate(frame.columns):
        series = frame[name]
        entry = {"name": str(name), "file": f"c{i}", "dtype": str(series.dtype)}
        if name == geometry:
            wkb = shapely.to_wkb(np.asarray(series.values, dtype=object))
            sizes = np.array([len(b) if b is not None else -1 for b in wkb], dtype=np.int64)
            np.save(folder / f"c{i}.offsets.npy", sizes)
            np.save(folder / f"c{i}.npy", np.frombuffer(b"".join(b for b in wkb if b is not None), dtype=np.uint8))
            entry["kind"] = "geometry"
        elif entry["dtype"] in NULLABLE:
            np.save(folder / f"c{i}.npy", series.to_numpy(dtype=_numpy_for(entry["dtype"]), na_value=0))
            np.save(folder / f"c{i}.mask.npy", series.isna().to_numpy())
            entry["kind"] = "nullable"
        elif series.dtype.kind in "biufM":
            np.save(folder / f"c{i}.npy", series.to_numpy())
            entry["kind"] = "plain"
        else:
            values = series.astype(object).to_numpy()
            missing = pd.isna(values)
            np.save(folder / f"c{i}.npy", np.where(missing, "", values).astype(str))
            np.save(folder / f"c{i}.mask.npy", missing)
            entry["kind"] = "text"
        columns.append(entry)
    meta = {"format": FORMAT, "rows": len(frame), "columns": columns, "geometry": geometry,
            "crs": frame.crs.to_wkt() if geometry and frame.crs is not None else None}
    (folder / "frame.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def read_frame(folder: str | Path, check: Callable[[], None] = _yield) -> pd.DataFrame:
    """The frame written by :func:`write_frame`; ``check`` runs between the pieces of work."""
    import geopandas as gpd

    folder = Path(folder)
    meta = json.loads((folder / "frame.json").read_text(encoding="utf-8"))
    n = meta["rows"]
    index = pd.RangeIndex(n)
    series: dict[str, pd.Series] = {}
    geometry = None
    for entry in meta["columns"]:
        path = folder / f"{entry['file']}.npy"
        kind, dtype = entry["kind"], entry["dtype"]
        if kind == "geometry":
            geometry = _geometries(np.load(path), np.load(folder / f"{entry['file']}.offsets.npy"), check)
            continue
        values = np.load(path, allow_pickle=False)
        if kind == "nullable":
            mask = np.load(folder / f"{entry['file']}.mask.npy")
            series[entry["name"]] = pd.Series(pd.array(values, dtype=dtype).copy(), index=index)
            series[entry["name"]][mask] = pd.NA
        elif kind == "plain":
            series[entry["name"]] = pd.Series(values, index=index, copy=False)
        else:
            mask = np.load(folder / f"{entry['file']}.mask.npy")
            objects = values.astype(object)
            objects[mask] = None
            target = dtype if dtype in ("str", "string", "object") else "object"
            series[entry["name"]] = pd.Series(objects, index=index, dtype=target)
        check()
    names = [e["name"] for e in meta["columns"]]
    if geometry is None:
        return pd.DataFrame(series, index=index, columns=[c for c in names if c in series])
    series[meta["geometry"]] = gpd.GeoSeries(geometry, index=index, crs=meta["crs"])
    check()
    return gpd.GeoDataFrame(series, index=index, columns=names, geometry=meta["geometry"], crs=meta["crs"])


def _geometries(buffer: np.ndarray, sizes: np.ndarray, check: Callable[[], None]) -> np.ndarray:
    ends = np.cumsum(np.maximum(sizes, 0))
    starts = ends - np.maximum(sizes, 0)
    raw = buffer.tobytes()
    out = np.empty(len(sizes), dtype=object)
    for first in range(0, len(sizes), GEOMETRY_CHUNK):
        last = min(first + GEOMETRY_CHUNK, len(sizes))
        import shapely

        chunk = [raw[s:e] if size >= 0 else None for s, e, size in zip(starts[first:last], ends[first:last], sizes[first:last], strict=True)]
        out[first:last] = shapely.from_wkb(np.array(chunk, dtype=object))
        check()
    return out


def _numpy_for(dtype: str):
    return {"boolean": bool}.get(dtype, "float64" if dtype.startswith("Float") else "int64")
