"""Rows that cannot be used: set aside with their reason and every value, never dropped silently."""

from __future__ import annotations

import pandas as pd
import shapely

from concession_gis.columns import REASON_WORDS, REJECTED
from concession_gis.io.sources import ROW


def set_aside(frame: pd.DataFrame, reasons: pd.Series, source: str) -> pd.DataFrame:
    """The rows of ``frame`` whose reason cell (:mod:`concession_gis.reasons`) is not empty, as
    ``rejected_rows`` records.

    Columns: source (which input), row (as the person finds it in the file), reason_codes, then
    the row's own values as text, and its geometry as WKT when it had one.
    """
    mask = reasons.fillna("").astype(str) != ""
    rows = frame.loc[mask]
    values = pd.DataFrame(index=rows.index)
    for column in rows.columns:
        if column == ROW or str(column).startswith("_"):
            continue
        if column == getattr(rows, "_geometry_column_name", None):
            values["geometry_wkt"] = [g.wkt if g is not None else None for g in shapely.force_2d(rows[column].values)]
            continue
        values[column] = rows[column].astype(object).where(rows[column].notna(), None).map(
            lambda v: None if v is None else str(v)
        )
    head = pd.DataFrame(
        {"source": source, "row": rows[ROW].astype("int64"), "reason_codes": reasons[mask].astype(str)},
        index=rows.index,
    )
    return pd.concat([head, values], axis=1).reset_index(drop=True)


def empty_rejected() -> pd.DataFrame:
    """No rows set aside: the columns :func:`set_aside` writes (reasons as codes, no words)."""
    stored = [c for c in REJECTED if c not in REASON_WORDS.values()]
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else object) for c in stored})
