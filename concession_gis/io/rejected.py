"""Rows that cannot be used: set aside with their reason and every value, never dropped silently."""

from __future__ import annotations

import pandas as pd
import shapely

from concession_gis.columns import REASON_WORDS, REJECTED
from concession_gis.io.sources import BAD_FIELDS, ROW
from concession_gis.reasons import cell


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


def set_aside_malformed(table: pd.DataFrame, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """CSV rows whose fields do not match the header, set aside with their raw text."""
    if BAD_FIELDS not in table:
        return table, empty_rejected()
    raw = table.pop(BAD_FIELDS)
    bad = raw != ""
    if not bad.any():
        return table, empty_rejected()
    expected = len([c for c in table.columns if not str(c).startswith("_")])
    reasons = pd.Series("", index=table.index, dtype=object)
    reasons[bad] = cell("reject.fields", expected=expected)
    # The fields of a malformed row are split wrongly; its raw text is what the person typed.
    rejected = set_aside(table[[ROW]].assign(raw_line=raw), reasons, source)
    return table.loc[~bad].copy(), rejected
