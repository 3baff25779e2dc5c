"""The text the attribute table's search box looks in: codes, names, holders and miners, folded
(upper case, no accents: 'Ñaupa Huamán' is found as 'naupa huaman'). No Qt.

Built once per layer, in chunks, off the GUI thread (87,000 rows of two columns: ~0.1 s).
"""

from __future__ import annotations

import time
import unicodedata

import pandas as pd

# Columns searched: codes, names of claims, holders and miners.
SEARCH_COLUMNS = ("code", "name", "holder", "miner", "reg_id", "ruc", "host_code", "host_holder",
                  "declared_code", "code_a", "code_b", "restricted_name", "district")
CHUNK = 20_000
SEPARATOR = "\x1f"


def fold_one(value) -> str:
    """Upper case, no accents, single spaces: the core's ``fold``, quicker for plain ASCII."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.upper()
    return " ".join(text.split()) if "  " in text or text[:1].isspace() or text[-1:].isspace() else text


def fold_text(values: pd.Series) -> list[str]:
    return [fold_one(v) for v in values.to_numpy(dtype=object)]


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
        time.sleep(0)  # let the GUI thread take the GIL between chunks
    return pd.Series(rows, dtype=object)
