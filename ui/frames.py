"""Frames as folders of plain numpy arrays, for moving results from the worker process into the
GUI process without stalling the GUI thread. No Qt.

Reading a GeoPackage with pyogrio holds the GIL for 30-70 µs per feature (1.8 s for 67,000
claims of 34 columns, and still 30-70 ms per call of 500 features), and unpickling a frame holds
it for its whole length. Here every column is a .npy file (strings as fixed-width unicode plus a
missing-value mask, geometries as one WKB buffer plus offsets): loading is a file read, and the
conversions that need the GIL run one column, or a few thousand geometries, at a time (each
under ~10 ms), so the GUI thread gets the GIL back between them.

Texts are one UTF-8 buffer plus sizes too, decoded a few thousand at a time. Fixed-width unicode
(the first format, still read) pads every value to the longest: the national run's fronts list
up to 2,818 characters of holders on a front where the mean is 28, so that one column took
204 MB, 0.4 s to load and 41 ms to turn into Python strings in one call holding the GIL (a gap
in the GUI thread at the end of every national analysis).
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from concession_gis_ui.heartbeat import make_way

FORMAT = "concession-gis-frame"
GEOMETRY_CHUNK = 1000
TEXT_CHUNK = 5000
CHUNK_BYTES = 1_000_000
NULLABLE = {"Int64", "Int32", "Int16", "Int8", "UInt8", "UInt16", "UInt32", "UInt64", "Float64", "Float32", "boolean"}


def _yield() -> None:
    make_way()


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
            _save_pieces(folder / f"c{i}", shapely.to_wkb(np.asarray(series.values, dtype=object)))
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
            _save_pieces(folder / f"c{i}", [None if gone else str(value).encode("utf-8")
                                            for value, gone in zip(values, pd.isna(values), strict=True)])
            entry["kind"] = "utf8"
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
        if kind in ("geometry", "utf8"):
            pieces = _pieces(np.load(path), np.load(folder / f"{entry['file']}.offsets.npy"),
                             _from_wkb if kind == "geometry" else _decoded, check)
            if kind == "geometry":
                geometry = pieces
                continue
            series[entry["name"]] = pd.Series(pieces, index=index, dtype=_text_dtype(dtype))
            check()
            continue
        values = np.load(path, allow_pickle=False)
        if kind == "nullable":
            mask = np.load(folder / f"{entry['file']}.mask.npy")
            series[entry["name"]] = pd.Series(pd.array(values, dtype=dtype).copy(), index=index)
            series[entry["name"]][mask] = pd.NA
        elif kind == "plain":
            series[entry["name"]] = pd.Series(values, index=index, copy=False)
        else:  # "text": fixed-width unicode, written by earlier versions (a recovered session)
            mask = np.load(folder / f"{entry['file']}.mask.npy")
            objects = values.astype(object)
            objects[mask] = None
            series[entry["name"]] = pd.Series(objects, index=index, dtype=_text_dtype(dtype))
        check()
    names = [e["name"] for e in meta["columns"]]
    # copy=False: the columns as they are, one block each; consolidating 40 text columns of
    # 87,000 rows into one block copies 3.5 million references holding the GIL (60 ms).
    if geometry is None:
        return pd.DataFrame(series, index=index, columns=[c for c in names if c in series], copy=False)
    series[meta["geometry"]] = gpd.GeoSeries(geometry, index=index, crs=meta["crs"])
    check()
    return gpd.GeoDataFrame(series, index=index, columns=names, geometry=meta["geometry"], crs=meta["crs"], copy=False)


def _text_dtype(dtype: str) -> str:
    return dtype if dtype in ("str", "string", "object") else "object"


def _save_pieces(stem: Path, pieces) -> None:
    """Byte strings (None: missing) as one buffer ``stem.npy`` and their sizes (-1: missing)."""
    sizes = np.array([len(b) if b is not None else -1 for b in pieces], dtype=np.int64)
    np.save(stem.with_name(f"{stem.name}.offsets.npy"), sizes)
    np.save(stem.with_name(f"{stem.name}.npy"), np.frombuffer(b"".join(b for b in pieces if b is not None), dtype=np.uint8))


def _from_wkb(chunk: list) -> np.ndarray:
    import shapely

    return shapely.from_wkb(np.array(chunk, dtype=object))


def _decoded(chunk: list) -> list:
    # A Python loop, not one call: the GIL is handed over every few milliseconds while it runs.
    return [piece.decode("utf-8") if piece is not None else None for piece in chunk]


def _pieces(buffer: np.ndarray, sizes: np.ndarray, convert: Callable[[list], object],
            check: Callable[[], None]) -> np.ndarray:
    """What :func:`_save_pieces` wrote, each chunk of byte strings passed through ``convert``."""
    ends = np.cumsum(np.maximum(sizes, 0))
    starts = ends - np.maximum(sizes, 0)
    out = np.empty(len(sizes), dtype=object)
    step = GEOMETRY_CHUNK if convert is _from_wkb else TEXT_CHUNK
    # Chunks of at most `step` pieces and about CHUNK_BYTES: a thousand fronts' outlines on a
    # Hansen tile are megabytes, and a chunk is converted in one call that holds the GIL.
    cuts = np.union1d(np.arange(step, len(sizes), step),
                      np.searchsorted(ends, np.arange(CHUNK_BYTES, int(ends[-1]) if len(ends) else 0, CHUNK_BYTES)))
    bounds = np.unique(np.concatenate([[0], cuts[(cuts > 0) & (cuts < len(sizes))], [len(sizes)]])).tolist()
    for first, last in itertools.pairwise(bounds):
        base = int(starts[first])
        raw = buffer[base:int(ends[last - 1])].tobytes()  # this chunk's bytes only: one copy of 100 MB holds the GIL
        chunk = [raw[s - base:e - base] if size >= 0 else None
                 for s, e, size in zip(starts[first:last].tolist(), ends[first:last].tolist(), sizes[first:last].tolist(), strict=True)]
        out[first:last] = convert(chunk)
        check()
    return out


def _numpy_for(dtype: str):
    return {"boolean": bool}.get(dtype, "float64" if dtype.startswith("Float") else "int64")
