"""What the attribute table reads, prepared off the GUI thread when a layer is loaded. No Qt.

* the search text: codes, names, holders and miners, folded as the core folds names
  (``concession_gis.io.values.fold``: 'Ñaupa Huamán' is found as 'naupa huaman', a cell
  holding 'MINERA\\nANDINA' as 'minera andina'), built in chunks (87,000 rows of two columns: ~0.1 s);
* the cell arrays: each column as the numpy array cells are read from (converting 38 columns
  of 87,000 rows on the GUI thread at the first paint took ~0.1 s in one event).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from concession_gis_ui.heartbeat import make_way

from concession_gis.io.values import fold

# Columns searched: codes, names of claims, holders and miners.
SEARCH_COLUMNS = ("code", "name", "holder", "miner", "reg_id", "ruc", "host_code", "host_holder",
                  "declared_code", "code_a", "code_b", "restricted_name", "district")
CHUNK = 20_000
SEPARATOR = "\x1f"


def fold_text(values: pd.Series) -> list[str]:
    return [fold(v) for v in values.to_numpy(dtype=object)]


def search_columns(frame: pd.DataFrame) -> list[str]:
    present = [c for c in SEARCH_COLUMNS if c in frame.columns]
    if present:
        return present
    geometry = getattr(frame, "_geometry_column_name", None)
    return [c for c in frame.columns if c != geometry and frame[c].dtype == object][:3]


def search_text(frame: pd.DataFrame) -> pd.Series:
    """One folded string per row: the search columns joined by a separator no one types."""
    columns = search_columns(frame)
    rows: list[str] = []
    for start in range(0, len(frame), CHUNK):
        chunk = frame.iloc[start:start + CHUNK]
        folded = [fold_text(chunk[column]) for column in columns]
        rows += [SEPARATOR.join(parts) for parts in zip(*folded, strict=True)] if folded else [""] * len(chunk)
        make_way()  # the GUI thread first, between chunks
    return pd.Series(rows, dtype=object)


def cell_array(series: pd.Series) -> np.ndarray:
    """A column as the numpy array the table reads its cells from."""
    if series.dtype.kind in "iuf" and isinstance(series.dtype, np.dtype):
        return series.to_numpy()  # plain numpy: no copy, no missing-value scan
    if _is_plain_number(series):
        return series.to_numpy(dtype=float, na_value=np.nan)
    if series.dtype.kind == "M":
        # datetime64 stays numeric (boxing 67,000 Timestamps takes a second); cells format one by one.
        return series.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT"))
    return series.to_numpy(dtype=object)


def cell_arrays(frame: pd.DataFrame, pause=None) -> dict[str, np.ndarray]:
    """Every non-geometry column as :func:`cell_array`; ``pause`` runs between columns."""
    geometry = getattr(frame, "_geometry_column_name", None)
    out = {}
    for column in frame.columns:
        if column != geometry:
            out[column] = cell_array(frame[column])
            if pause is not None:
                pause()
    return out


def _is_plain_number(series: pd.Series) -> bool:
    return series.dtype.kind in "iuf" or str(series.dtype) in ("Int64", "Int32", "Float64", "float64")
