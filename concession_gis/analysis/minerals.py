"""The mineral of a registration or a production record, from the words of its MINERAL column.

Each word list of rules.toml ``[minerals]`` names one mineral; a cell is compared folded (upper
case, no accents) word by word. One mineral named: that one; two or more, or a polymetallic word:
``polymetallic``; none (an empty cell, no column, words of no list): ``unknown``, never a guess.

>>> from concession_gis.rules import load_rules
>>> minerals(pd.Series(["Oro", "cobre", "ORO, PLATA", "Polimetálico", "", "arena"]), load_rules()).tolist()
['gold', 'copper', 'polymetallic', 'polymetallic', 'unknown', 'unknown']
"""

from __future__ import annotations

import re
from typing import cast

import pandas as pd

from concession_gis.columns import Mineral
from concession_gis.io.values import fold, per_distinct
from concession_gis.rules import Rules


def minerals(text: pd.Series, rules: Rules) -> pd.Series:
    """``mineral`` of each cell of ``text`` (a :class:`~concession_gis.columns.Mineral` code)."""
    words = cast(dict[str, list[str]], rules["minerals"])
    patterns = {Mineral(name): re.compile(r"\b(?:" + "|".join(re.escape(fold(w)) for w in listed) + r")\b")
                for name, listed in words.items() if listed}

    def one(cell: object) -> str:
        folded = " ".join(re.sub(r"[^A-Z0-9]", " ", fold(cell)).split())
        found = {mineral for mineral, pattern in patterns.items() if pattern.search(folded)}
        if not found:
            return Mineral.UNKNOWN
        if len(found) > 1 or Mineral.POLYMETALLIC in found:
            return Mineral.POLYMETALLIC
        return found.pop()

    return per_distinct(text, lambda distinct: [str(one(value)) for value in distinct])
