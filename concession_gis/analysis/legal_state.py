"""Legal standing: each concession's legal state (titled, pending, extinct, other; unknown when
its file has no state column) from INGEMMET's codes or text, each registration's status in REINFO, and seniority among claims."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns import LegalState, RegStatus
from concession_gis.io.values import fold_series
from concession_gis.rules import Rules


def legal_states(status_code: pd.Series, status_text: pd.Series, state_known: pd.Series, rules: Rules) -> pd.Series:
    """``legal_state`` per concession: the ESTADO code decides; without a known code, the text.

    A code column that holds words (some exports put "TITULADO" in ESTADO) is read as text.
    A claim none of the rules' codes or words fits is ``other``; a claim whose file has no
    state column (``state_known`` False) is ``unknown``: an empty cell there says nothing.
    """
    table = rules["legal_state"]
    codes = {LegalState.TITLED: table["titled"], LegalState.PENDING: table["pending"],
             LegalState.EXTINCT: table["extinct"]}
    words = {LegalState.TITLED: table["titled_text"], LegalState.PENDING: table["pending_text"],
             LegalState.EXTINCT: table["extinct_text"]}
    code = fold_series(status_code)
    state = code.map({c.upper(): name.value for name, listed in codes.items() for c in listed})
    for text in (fold_series(status_text), code.where(code.str.len() > 2, "")):
        undecided = state.isna() & (text != "")
        for name, listed in words.items():
            prefixes = tuple(p.upper() for p in listed)
            hits = undecided & text.map(lambda t, p=prefixes: t.startswith(p))
            state = state.mask(hits & state.isna(), name.value)
    state = state.fillna(LegalState.OTHER.value).astype(object)
    return state.where(state_known.to_numpy(dtype=bool), LegalState.UNKNOWN.value)


def reg_statuses(status_text: pd.Series, rules: Rules) -> pd.Series:
    """``reg_status`` per registration from its status words (folded), as the rules list them;
    ``unknown`` when none fits."""
    table = rules["registrations"]
    words = {RegStatus.ACTIVE: table["active"], RegStatus.SUSPENDED: table["suspended"],
             RegStatus.EXCLUDED: table["excluded"]}
    status = np.select(
        [status_text.isin([w.upper() for w in listed]) for listed in words.values()],
        list(words), default=RegStatus.UNKNOWN,
    )
    return pd.Series(status, index=status_text.index)


def state_rank(legal_state: pd.Series, rank: list[str]) -> np.ndarray:
    """Position of each state in ``rank`` (0 is preferred); len(rank) for states not listed."""
    order = {state: i for i, state in enumerate(rank)}
    return np.asarray(legal_state.map(order).fillna(len(rank)), dtype=np.int64)


def seniority(filed_on: pd.Series, filed_time: pd.Series, code: pd.Series) -> np.ndarray:
    """Rank of each claim by priority, 0 the most senior: the earliest filing date, then hour,
    then code; undated claims last. Claims equal in all three share a rank."""
    undated = filed_on.isna().to_numpy()
    filed = np.where(undated, np.iinfo(np.int64).max, filed_on.to_numpy(dtype="datetime64[ns]").astype(np.int64))
    keys = pd.DataFrame({"filed": filed, "hour": filed_time.to_numpy(dtype=float), "code": code.to_numpy(dtype=object)})
    return np.asarray(keys.groupby(["filed", "hour", "code"], sort=True, dropna=False).ngroup(), dtype=np.int64)
