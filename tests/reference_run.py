"""The stored reference of every output table, against which speed changes are checked (issue 22).

Two runs of ``analyze``: the bundled demo, and a small synthetic region and national sample
(``write_synthetic`` at a few percent of their size: UTF-8 with BOM and Latin-1 REINFO exports,
WGS84 and PSAD56 cadastres, the list without coordinates, loss raster, forest, districts,
allowed zones, holders, contracts). Every table of :meth:`Results.layers` is reduced to plain
values (floats as they are) and kept in one gzipped JSON file; each geometry by its
fingerprint (type, number of vertices, bounds, planar area and length, centroid), which keeps the
file small while any moved vertex still shows.

The reference is regenerated deliberately, never by a test, after a change meant to change
results (and said so in its commit)::

    .venv/bin/python -m tests.reference_run --write
"""

from __future__ import annotations

import gzip
import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

REFERENCE = Path(__file__).parent / "data" / "reference_results.json.gz"
REFERENCE_DATE = "2025-06-30"
# Small cuts of the synthetic scales: (scale, seed, size factor).
SAMPLES = (("region", 3, 0.03), ("national", 5, 0.01))
RTOL = 1e-9


def _synthetic_inputs(scale: str, seed: int, size_factor: float, folder: Path):
    from concession_gis.model import Inputs
    from concession_gis.sample.synthetic import write_synthetic

    files = {k: [str(p) for p in v] for k, v in write_synthetic(scale, folder, seed=seed, size_factor=size_factor).items()}
    return Inputs(
        concessions=files["concessions"], registrations=files["registrations"] + files["registration_list"],
        loss_rasters=files["loss_rasters"], forest=files["forest"], restricted=files["restricted"],
        activity=files["activity"][0], holders=files["holders"][0], contracts=files["contracts"][0],
        districts=files["districts"][0], allowed_zones=files["allowed_zones"],
        rule_overrides={"reference_date": REFERENCE_DATE},
    )


def _demo_inputs(folder: Path):
    from concession_gis.model import Inputs
    from concession_gis.sample.demo import FILES, write_demo

    write_demo(folder)
    return Inputs(
        concessions=[str(folder / FILES["concessions"])], registrations=[str(folder / FILES["registrations"])],
        restricted=[str(folder / FILES["restricted"])], activity=str(folder / FILES["activity"]),
        holders=str(folder / FILES["holders"]), contracts=str(folder / FILES["contracts"]),
        loss_rasters=[str(folder / FILES["loss_raster"])], forest=[str(folder / FILES["forest"])],
        rule_overrides={"reference_date": REFERENCE_DATE},
    )


def current_tables() -> dict[str, dict[str, dict]]:
    """{run: {table: plain table}} of this code, computed afresh."""
    import warnings

    from concession_gis.pipeline import analyze

    runs = {}
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = {"demo": _demo_inputs(Path(tmp) / "demo")}
        for scale, seed, factor in SAMPLES:
            cases[f"{scale}_{seed}_{factor}"] = _synthetic_inputs(scale, seed, factor, Path(tmp) / scale)
        for name, inputs in cases.items():
            results = analyze(inputs, lang="en")
            runs[name] = {table: plain(frame) for table, frame in results.layers().items()}
    return runs


def plain(frame: pd.DataFrame) -> dict:
    """A table as JSON-able columns: {"dtypes", "columns": {name: values}}, ``None`` for missing."""
    columns, dtypes = {}, {}
    for name in frame.columns:
        values = frame[name]
        dtypes[str(name)] = str(values.dtype)
        if isinstance(values.dtype, pd.api.extensions.ExtensionDtype) and values.dtype.name == "geometry":
            columns[str(name)] = fingerprints(np.asarray(values.values))
        elif pd.api.types.is_datetime64_any_dtype(values):
            columns[str(name)] = [None if pd.isna(v) else v.isoformat() for v in values]
        else:
            columns[str(name)] = [_value(v) for v in values.astype(object)]
    return {"dtypes": dtypes, "columns": columns}


def fingerprints(geoms: np.ndarray) -> list:
    """[type id, vertices, xmin, ymin, xmax, ymax, area, length, centroid x, y] of each geometry
    (None for none, NaN as None)."""
    present = ~shapely.is_missing(geoms)
    centroid = shapely.centroid(geoms)
    table = np.column_stack([
        shapely.get_type_id(geoms), shapely.get_num_coordinates(geoms), shapely.bounds(geoms),
        shapely.area(geoms), shapely.length(geoms), shapely.get_x(centroid), shapely.get_y(centroid),
    ])
    return [[_value(v) for v in row] if ok else None for row, ok in zip(table.tolist(), present, strict=True)]


def _value(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, bool | np.bool_):
        return bool(v)
    if isinstance(v, int | np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return None if math.isnan(v) else float(v)
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if isinstance(v, list | tuple | np.ndarray):
        return [_value(x) for x in v]
    return str(v)


def differences(expected: dict, actual: dict) -> list[str]:
    """Where ``actual`` differs from ``expected`` (runs of :func:`current_tables`): floats beyond
    a relative 1e-9 (geometry fingerprints too), anything else exactly."""
    found = []
    for run in sorted(set(expected) | set(actual)):
        if run not in expected or run not in actual:
            found.append(f"{run}: run missing on one side")
            continue
        for table in sorted(set(expected[run]) | set(actual[run])):
            where = f"{run}/{table}"
            if table not in expected[run] or table not in actual[run]:
                found.append(f"{where}: table missing on one side")
                continue
            found += _table_differences(where, expected[run][table], actual[run][table])
    return found


def _table_differences(where: str, expected: dict, actual: dict) -> list[str]:
    if list(expected["columns"]) != list(actual["columns"]):
        return [f"{where}: columns {list(expected['columns'])} != {list(actual['columns'])}"]
    found = [f"{where}.{c}: dtype {expected['dtypes'][c]} != {actual['dtypes'][c]}"
             for c in expected["dtypes"] if expected["dtypes"][c] != actual["dtypes"][c]]
    for column, want in expected["columns"].items():
        got = actual["columns"][column]
        if len(want) != len(got):
            found.append(f"{where}: {len(want)} rows != {len(got)}")
            break
        for row, (a, b) in enumerate(zip(want, got, strict=True)):
            if not _same(a, b):
                found.append(f"{where}.{column}[{row}]: {str(a)[:80]} != {str(b)[:80]}")
                break
    return found


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float | int) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=RTOL, abs_tol=0.0) or a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, str) and isinstance(b, str) and a != b and a[:1] in "[{" and b[:1] == a[:1]:
        # A column of reason codes holds JSON whose numbers (hectares) follow the float rule too:
        # their last digits differ from machine to machine with the order of a sum.
        try:
            return _same(json.loads(a), json.loads(b))
        except ValueError:
            return False
    return a == b and type(a) is type(b)


def load_reference() -> dict:
    with gzip.open(REFERENCE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def write_reference() -> Path:
    REFERENCE.parent.mkdir(exist_ok=True)
    text = json.dumps(current_tables(), ensure_ascii=False, separators=(",", ":"))
    # mtime 0: the same tables give the same bytes.
    with open(REFERENCE, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
    return REFERENCE


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        print(__doc__)
        raise SystemExit(2)
    path = write_reference()
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
