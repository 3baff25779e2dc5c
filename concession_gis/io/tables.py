"""The one loader of every table kind (declared production, holder strata, any kind declared
with ``formats={Format.TABLE}``), driven by its declaration in :mod:`concession_gis.inputs`.

Columns are found through the declared aliases and ``--map``; values are read by their declared
:class:`~concession_gis.inputs.Value`; a row whose required value is missing or unreadable is set
aside with the field's reason code. The frame holds the declared fields only, in their order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from concession_gis.inputs import Field, InputKind, RowCheck, Value
from concession_gis.io.layers import Loaded, identifier_keys
from concession_gis.io.rejected import set_aside, set_aside_malformed
from concession_gis.io.schema import resolve_columns
from concession_gis.io.sources import file_fingerprints, read_table, split_layer
from concession_gis.io.values import (
    fold_series,
    parse_dates,
    parse_hours,
    parse_numbers,
    text_column,
)
from concession_gis.reasons import Reason, encode


def load_table(kind: InputKind, specs: str | Sequence[str], column_map: dict) -> Loaded:
    """Every file given for ``kind`` (one path, or a list when the kind repeats), combined."""
    parts = [_load_file(kind, spec, column_map) for spec in ([specs] if isinstance(specs, str) else specs)]
    frame = pd.concat([p.frame for p in parts], ignore_index=True)
    rejected = pd.concat([p.rejected for p in parts], ignore_index=True)
    return Loaded(frame, rejected, [f for p in parts for f in p.inputs])


def _load_file(kind: InputKind, spec: str, column_map: dict) -> Loaded:
    path = str(split_layer(spec)[0])
    source = Path(path).name
    table, malformed = set_aside_malformed(read_table(spec, kind.name), source)
    found = resolve_columns(table, kind, column_map, path)
    values: dict[str, pd.Series] = {}
    reasons = pd.Series([None] * len(table), index=table.index, dtype=object)
    unreadable: dict[str, pd.Series] = {}
    for field in kind.fields:
        values[field.name], unusable = read_values(table, found.get(field.name), field, path)
        if field.required:
            reason = Reason(field.reject, _reason_values(field, found[field.name]))
            reasons[unusable & reasons.isna()] = encode([reason])
        unreadable[field.name] = unusable & (text_column(table, found.get(field.name)) != "")
    for check in kind.row_checks:
        columns = ", ".join(found[name] for name in check.fields if found.get(name)) or ", ".join(check.fields)
        reasons[_breaks(check, values, unreadable) & reasons.isna()] = encode([Reason(check.reject, {"columns": columns})])
    reasons = reasons.fillna("")
    rejected = pd.concat([malformed, set_aside(table, reasons, source)], ignore_index=True)
    keep = reasons == ""
    frame = pd.DataFrame({name: series[keep] for name, series in values.items()})
    for field in kind.fields:
        if field.value is Value.INTEGER:
            frame[field.name] = frame[field.name].astype("int64" if field.required else "Int64")
    return Loaded(frame.reset_index(drop=True), rejected, file_fingerprints(spec))


def read_values(table: pd.DataFrame, column: str | None, field: Field,
                path: str | None = None) -> tuple[pd.Series, pd.Series]:
    """The values of ``field`` from ``column`` (absent: empty), and where they are missing or
    unreadable; identifiers saved in scientific notation are warned about, naming ``path``."""
    text = text_column(table, column)
    raw = table[column] if column else pd.Series(pd.NA, index=table.index, dtype=object)
    if field.value is Value.PLACE:
        values = fold_series(text)
    elif field.value is Value.DIGITS:
        values = identifier_keys(text, path, column)
    elif field.value in (Value.INTEGER, Value.NUMBER):
        values, bad = parse_numbers(raw)
        bad = bad | values.isna()
        return values, (bad | (values % 1 != 0)) if field.value is Value.INTEGER else bad
    elif field.value is Value.DATE:
        values, bad = parse_dates(raw)
        return values, bad | values.isna()
    elif field.value is Value.HOURS:
        values = parse_hours(raw)
        return values, values.isna()
    elif field.value is Value.CHOICE:
        words = fold_series(text).str.lower().str.replace(r"[\s/-]+", "_", regex=True)
        values = words.replace(dict(field.synonyms))
        return values, ~values.isin(field.choices)
    else:
        values = text
    return values, values == ""



def _breaks(check: RowCheck, values: dict[str, pd.Series], unreadable: dict[str, pd.Series]) -> pd.Series:
    """Where a row breaks ``check`` (:class:`~concession_gis.inputs.RowCheck`)."""
    if check.test == "any_of":
        return ~pd.concat([values[name].notna() & (values[name].astype(str) != "") for name in check.fields],
                          axis=1).any(axis=1)
    if check.test == "readable":
        return pd.concat([unreadable[name] for name in check.fields], axis=1).any(axis=1)
    first, second = (values[name] for name in check.fields)
    return (second < first).fillna(False).astype(bool)


def _reason_values(field: Field, column: str) -> dict[str, str]:
    if field.value is Value.CHOICE:
        return {"column": column, "allowed": ", ".join(field.choices)}
    return {"column": column}
