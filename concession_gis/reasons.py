"""Reasons as codes: what a step says about a row, kept as a catalogue key and its values.

Steps under ``io/``, ``analysis/`` and ``raster/`` never write sentences. They say
``Reason("idle.loss", {"ha": 12.4, "pct": 2.1})``; the edges (export, command line, window) turn
that into words in the reader's language with :func:`render`, at the moment of reading, so a
language switch re-renders every reason and tests assert on codes, not on English text.

In a table, a row's reasons are one cell of JSON text (:func:`encode`, :func:`decode`): it
survives the GeoPackage, CSV and the GUI's worker process unchanged, and QGIS shows it as text.

>>> cell = encode([Reason("idle.loss", {"ha": 12.4, "pct": 2.1})])
>>> cell
'[{"code":"idle.loss","ha":12.4,"pct":2.1}]'
>>> decode(cell)
[Reason(code='idle.loss', values={'ha': 12.4, 'pct': 2.1})]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from concession_gis.columns import CONCESSIONS, REASON_WORDS, REGISTRATIONS, REJECTED
from concession_gis.i18n import tr

SEPARATOR = "; "
CANONICAL = (CONCESSIONS, REGISTRATIONS, REJECTED)


@dataclass(frozen=True)
class Reason:
    """A catalogue key (``code``) and the values its text names; numbers stay numbers."""

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The reason in ``lang`` (messages.toml formats the values: ``{ha:.1f}``)."""
        return tr(self.code, lang, **self.values)


def encode(reasons: Iterable[Reason]) -> str:
    """The JSON cell for a row's reasons; an empty string when there are none."""
    items = [{"code": r.code, **{k: _plain(v) for k, v in r.values.items()}} for r in reasons]
    return json.dumps(items, ensure_ascii=False, separators=(",", ":")) if items else ""


def cell(code: str, **values: Any) -> str:
    """The JSON cell of one reason: ``cell("reject.no_code", column="CODIGO")``."""
    return encode([Reason(code, values)])


def decode(cell: object) -> list[Reason]:
    """The reasons in a cell written by :func:`encode` (none for an empty or missing cell)."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and cell != cell) or cell == "":
        return []
    return [Reason(item.pop("code"), item) for item in json.loads(str(cell))]


def render(cell: object, lang: str, separator: str = SEPARATOR) -> str:
    """A cell of reasons (JSON text, or a list of :class:`Reason`) as words in ``lang``; a
    lead-in a reason shares with the one before it is said once ("no es candidato: el registro
    no está vigente; minería aluvial", not "...; no es candidato: minería aluvial")."""
    reasons = cell if isinstance(cell, list) else decode(cell)
    texts, before = [], None
    for reason in reasons:
        text = reason.text(lang)
        lead, colon, rest = text.partition(": ")
        texts.append(rest if colon and lead == before else text)
        before = lead if colon else None
    return separator.join(texts)


def render_column(cells: pd.Series, lang: str) -> pd.Series:
    """:func:`render` for every cell of a column of reasons (each distinct cell rendered once)."""
    words = {cell: render(cell, lang) for cell in pd.unique(cells.fillna("").astype(str))}
    return cells.fillna("").astype(str).map(words).astype(object)


def with_words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with the contract's words column of each of its reason-code columns
    (:data:`~concession_gis.columns.REASON_WORDS`) rendered in ``lang``, at the contract's place:
    before the next canonical column present, else just before the codes."""
    present = [c for c in REASON_WORDS if c in frame.columns]
    if not present:
        return frame
    frame = frame.copy()
    for codes in present:
        words = REASON_WORDS[codes]
        rendered = render_column(frame[codes], lang)
        if words in frame.columns:
            frame[words] = rendered
            continue
        layer = next(layer for layer in CANONICAL if words in layer)
        following = layer[layer.index(words) + 1:]
        at = next((frame.columns.get_loc(c) for c in following if c in frame.columns), frame.columns.get_loc(codes))
        frame.insert(at, words, rendered)
    return frame


def encode_each(rows: Iterable[Iterable[Reason]], index: Iterable[Any] | pd.Index | None = None) -> pd.Series:
    """A column of cells, one per row of reasons; rows with the same reasons (most rows of a
    column: "not titled", "no production since 2019") encoded once."""
    done: dict[tuple[Any, ...], str] = {}
    cells = []
    for reasons in rows:
        reasons = list(reasons)
        # A value's type is part of the key: 1, 1.0 and True are one dict key but three JSON
        # texts; a float goes by its bits (0.0 and -0.0 are equal, and two texts).
        key = tuple((r.code, *((k, type(v), v.hex() if isinstance(v, float) else v) for k, v in r.values.items()))
                    for r in reasons)
        try:
            cell = done.get(key)
        except TypeError:  # a value that cannot be a key (a list): encoded on its own
            cells.append(encode(reasons))
            continue
        if cell is None:
            cell = done[key] = encode(reasons)
        cells.append(cell)
    return pd.Series(cells, index=index, dtype=object)


def _plain(value: Any) -> Any:
    """numpy and pandas scalars as the JSON types they stand for (<NA> as null); anything else
    JSON cannot hold (a date in a coordinate column) as the text a message would show."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, str | int | float | bool):
        return str(value) if isinstance(value, str) else value
    return str(value)
