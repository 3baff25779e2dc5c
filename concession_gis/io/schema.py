"""Recognising source columns: which column of a file holds each canonical field.

The names are declared with each kind in :mod:`concession_gis.inputs`: those of the real sources
(INGEMMET's cadastre, the REINFO registry and its spreadsheet exports, SERNANP's protected areas)
and their common variants. Names are compared folded (upper case, no accents, spaces and dashes
as underscores). A user maps anything else with ``--map FIELD=COLUMN`` (or
``--map KIND.FIELD=COLUMN`` to aim at one input).
"""

from __future__ import annotations

import re

import pandas as pd

from concession_gis.errors import InputError, SchemaError
from concession_gis.inputs import KIND, KINDS, InputKind
from concession_gis.io.values import fold

# Each kind's fields and their source names are declared in concession_gis/inputs.py.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {kind.name: kind.aliases for kind in KINDS if kind.fields}


def key(name: str) -> str:
    """A column name folded for comparison: 'Latitud G84' and 'LATITUD_G84' are the same."""
    return re.sub(r"[^0-9A-Z]+", "_", fold(name)).strip("_")


def known_column_keys() -> set[str]:
    """Every column name the tool recognises, folded, for finding header rows."""
    return {alias for fields in ALIASES.values() for aliases in fields.values() for alias in aliases}


def parse_column_map(items: list[str] | None) -> dict[str, dict[str, str]]:
    """``--map`` items ('FIELD=COLUMN' or 'KIND.FIELD=COLUMN') as {kind or '*': {field: column}}."""
    mapping: dict[str, dict[str, str]] = {}
    for item in items or []:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(key="error.column_map_syntax", item=item)
        kind, dot, field = field.strip().rpartition(".")
        kind = kind if dot else "*"
        known = {f for fields in ALIASES.values() for f in fields}
        if field not in known or (kind != "*" and field not in ALIASES.get(kind, {})):
            fields = ", ".join(sorted(known))
            if kind == "*":
                raise InputError(key="error.unknown_field", item=item, field=field, fields=fields)
            raise InputError(key="error.unknown_field_of_kind", item=item, field=field, kind=kind, fields=fields)
        mapping.setdefault(kind, {})[field] = column.strip()
    return mapping


def resolve_columns(
    frame: pd.DataFrame, kind: str | InputKind, column_map: dict[str, dict[str, str]], path: str
) -> dict[str, str]:
    """{field: source column} for the fields of ``kind`` (a declaration, or its name) found in ``frame``.

    Columns given with --map win; then the known names in order. A mapped column that does not
    exist (``FIELD=COLUMN`` applies to every file of a kind with that field, ``KIND.FIELD=COLUMN``
    to that kind's), or a required field that is not found, is an error that lists the file's columns.
    """
    by_key = {key(c): c for c in frame.columns if not str(c).startswith("_") and c != getattr(frame, "_geometry_column_name", None)}
    declared = kind if isinstance(kind, InputKind) else KIND[kind]
    kind = declared.name
    explicit = {**column_map.get("*", {}), **column_map.get(kind, {})}
    found: dict[str, str] = {}
    for field, aliases in declared.aliases.items():
        if field in explicit:
            wanted = explicit[field]
            column = wanted if wanted in frame.columns else by_key.get(key(wanted))
            if column is None:
                columns = ", ".join(map(str, by_key.values()))
                if field in column_map.get(kind, {}):
                    raise SchemaError(key="error.mapped_column_missing", path=str(path), field=field, column=wanted,
                                      columns=columns)
                # FIELD=COLUMN speaks to every input with that field: a column missing from one
                # of them is a typo or a file the user did not mean, never a silent fallback.
                raise SchemaError(key="error.mapped_column_missing_any", path=str(path), field=field, column=wanted,
                                  columns=columns, kind=kind)
            else:
                found[field] = column
                continue
        for alias in aliases:
            if alias in by_key:
                found[field] = by_key[alias]
                break
    for field in declared.required:
        if field not in found:
            raise SchemaError(key="error.required_column_missing", path=str(path), kind_key=declared.label,
                              field=field, aliases=", ".join(declared.aliases[field][:4]),
                              columns=", ".join(map(str, by_key.values())))
    return found
