"""Deposit type of each registration: alluvial, hard rock, or unknown.

Coexistence has examples only in hard-rock (vein, underground, open-pit) metallic mining, none in
alluvial settings, so a registration is a candidate only where the registry says which it is.
The deposit-type column is read first, the activity text after it; the words of each kind are
rules (``coexistence.alluvial_words``, ``hard_rock_words``). A text naming both kinds reads as
alluvial: the one that rules coexistence out. A registration no text speaks for is ``unknown``,
never guessed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from concession_gis.columns import DepositType
from concession_gis.io.values import fold_series
from concession_gis.rules import Rules


def deposit_types(activity: pd.Series, deposit_text: pd.Series, rules: Rules) -> pd.Series:
    """``deposit_type`` per registration from the deposit-type column's text, else the activity's."""
    rule = rules["coexistence"]
    by_column = _classify(deposit_text, rule["alluvial_words"], rule["hard_rock_words"])
    by_activity = _classify(activity, rule["alluvial_words"], rule["hard_rock_words"])
    return by_column.where(by_column != DepositType.UNKNOWN, by_activity)


def _classify(text: pd.Series, alluvial: list[str], hard_rock: list[str]) -> pd.Series:
    folded = fold_series(text.fillna(""))
    kind = np.select(
        [_names_any(folded, alluvial).to_numpy(), _names_any(folded, hard_rock).to_numpy()],
        [DepositType.ALLUVIAL, DepositType.HARD_ROCK],
        default=DepositType.UNKNOWN,
    )
    return pd.Series(kind, index=text.index, dtype=object)


def _names_any(folded: pd.Series, words: list[str]) -> pd.Series:
    """Whether the text has a word that starts with one of ``words`` (FILON… names FILONIANO)."""
    folded_words = [w for w in fold_series(pd.Series(words, dtype=object)) if w]
    if not folded_words:
        return pd.Series(False, index=folded.index)
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in folded_words) + ")"
    return folded.str.contains(pattern, regex=True)
