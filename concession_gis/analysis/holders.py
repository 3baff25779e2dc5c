"""Holders: one key per holder whatever its spelling, its RUC, its total area, and its stratum."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns import LegalState, Stratum
from concession_gis.io.values import normalize_names
from concession_gis.rules import Rules


def holder_keys(names: pd.Series, rules: Rules) -> pd.Series:
    """Comparison keys of holder or miner names ('' when no name)."""
    return normalize_names(names, rules["holders"]["legal_forms"])


def holder_strata(
    holder_key: pd.Series, holder_ruc: pd.Series, legal_state: pd.Series, area_ha: pd.Series,
    rules: Rules, holders: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``holder_total_ha`` and ``stratum`` per concession (aligned to the columns given).

    The total is over the holder's titled and pending claims; a claim without a holder counts
    on its own. A holder with a claim of unknown legal state has no total (NaN) and the stratum
    ``unknown``: which of its claims count cannot be told. A --holders table (``holder``, ``ruc``, ``stratum``) sets the stratum of the
    holders it names (by RUC, else by name).
    """
    strata = rules["strata"]
    counted = legal_state.isin(strata["count_legal_states"])
    area = area_ha.where(counted, 0.0)
    totals = area.groupby(holder_key).transform("sum")
    total = totals.where(holder_key != "", area)
    unknown = legal_state == LegalState.UNKNOWN
    unknown = unknown.groupby(holder_key).transform("any").where(holder_key != "", unknown).astype(bool)
    total = total.mask(unknown)
    stratum = np.select(
        [unknown, total > strata["large_medium_above_ha"], total > strata["small_above_ha"]],
        [Stratum.UNKNOWN, Stratum.LARGE_MEDIUM, Stratum.SMALL],
        default=Stratum.ARTISANAL,
    )
    stratum = pd.Series(stratum, index=holder_key.index, dtype=object)
    if holders is not None and len(holders):
        by_key = dict(zip(holder_keys(holders["holder"], rules), holders["stratum"], strict=True))
        stated = holder_key.map(by_key)
        rucs = holders.loc[holders["ruc"] != ""]
        if len(rucs):
            stated = holder_ruc.map(dict(zip(rucs["ruc"], rucs["stratum"], strict=True))).fillna(stated)
        stratum = stated.fillna(stratum)
    return pd.DataFrame({"holder_total_ha": total, "stratum": stratum}, index=holder_key.index)


def holder_rucs(holder_key: pd.Series, holder_ruc: pd.Series, holders: pd.DataFrame | None, rules: Rules) -> pd.Series:
    """Each claim's holder RUC: its own, else the one a --holders table gives its holder's name
    ('' when neither)."""
    if holders is None or not len(holders):
        return holder_ruc
    rucs = holders.loc[holders["ruc"] != ""]
    by_key = dict(zip(holder_keys(rucs["holder"], rules), rucs["ruc"], strict=True))
    return holder_ruc.where(holder_ruc != "", holder_key.map(by_key).fillna(""))
