"""Legal state of each concession (titled, pending, extinct, other) from INGEMMET's codes or text."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns import LegalState
from concession_gis.io.values import fold_series

# The states the rules name; a claim none of them fits is ``other``.
STATES = (LegalState.TITLED, LegalState.PENDING, LegalState.EXTINCT)


def legal_states(status_code: pd.Series, status_text: pd.Series, rules: dict) -> pd.Series:
    """``legal_state`` per concession: the ESTADO code decides; without a known code, the text.

    A code column that holds words (some exports put "TITULADO" in ESTADO) is read as text.
    """
    table = rules["legal_state"]
    code = fold_series(status_code)
    by_code = {c.upper(): state.value for state in STATES for c in table[state]}
    state = code.map(by_code)
    for text in (fold_series(status_text), code.where(code.str.len() > 2, "")):
        undecided = state.isna() & (text != "")
        for name in STATES:
            prefixes = tuple(p.upper() for p in table[f"{name}_text"])
            hits = undecided & text.map(lambda t, p=prefixes: t.startswith(p))
            state = state.mask(hits & state.isna(), name.value)
    return state.fillna(LegalState.OTHER.value).astype(object)


def state_rank(legal_state: pd.Series, rank: list[str]) -> np.ndarray:
    """Position of each state in ``rank`` (0 is preferred); len(rank) for states not listed."""
    order = {state: i for i, state in enumerate(rank)}
    return legal_state.map(order).fillna(len(rank)).to_numpy(dtype=np.int64)
