"""Values read through a profile's word lists: a state, a right type, an actor type.

>>> classify(pd.Series(["Vigente", "en trámite", "?", ""]), {"in_force": ["VIGENTE"], "in_process": ["EN TRAMITE"]}).tolist()
['in_force', 'in_process', 'other', '']
>>> contains_any(pd.Series(["Coop. Minera Aurífera X", "Minera Y SRL"]), ["COOPERATIVA", "COOP."]).tolist()
[True, False]
"""

from __future__ import annotations

import re

import pandas as pd

from concession_gis.io.values import fold, fold_series


def _folded(values: pd.Series) -> pd.Series:
    text = fold_series(values.fillna("").astype(str))
    return text.str.replace(r"[_\s]+", " ", regex=True).str.strip()


def classify(values: pd.Series, words: dict[str, list[str]], default: str = "other") -> pd.Series:
    """The code of each value from ``words`` (code -> the words that say it), compared folded;
    a value that starts with a listed word and a space also counts ("VIGENTE CON RESOLUCION"
    is in force), the longest word first. ``default`` for the others, ``""`` for empty cells."""
    folded = _folded(values)
    out = pd.Series(default, index=values.index, dtype=object)
    found = pd.Series(False, index=values.index)
    listed = sorted(((fold(w), code) for code, ws in words.items() for w in ws), key=lambda p: len(p[0]), reverse=True)
    for word, code in listed:
        hit = ~found & ((folded == word) | folded.str.startswith(word + " "))
        out[hit] = code
        found |= hit
    return out.mask(folded == "", "")


def contains_any(values: pd.Series, words: list[str]) -> pd.Series:
    """Whether each value (folded) holds one of ``words`` as whole words ("COOP." matches
    "COOP. MINERA" and "COOP MINERA", not "COOPER")."""
    folded = " " + _folded(values) + " "
    hit = pd.Series(False, index=values.index)
    for word in words:
        pattern = r"\s" + re.escape(fold(word).rstrip(".")) + r"[\s.]"
        hit |= folded.str.contains(pattern, regex=True)
    return hit
