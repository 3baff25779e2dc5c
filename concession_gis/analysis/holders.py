"""Holders: one key per holder whatever its spelling, its total area, and its stratum."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns import Stratum
from concession_gis.io.values import normalize_names


def holder_keys(names: pd.Series, rules: dict) -> pd.Series:
    """Comparison keys of holder or miner names ('' when no name)."""
    return normalize_names(names, rules["holders"]["legal_forms"])


def holder_strata(
    concessions: pd.DataFrame, rules: dict, holders: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``holder_total_ha`` and ``stratum`` per concession (aligned to ``concessions``).

    Needs columns ``holder_key``, ``holder_ruc``, ``legal_state`` and ``area_ha``. The total is
    over the holder's titled and pending claims; a claim without a holder counts on its own. A
    --holders table sets the stratum of the holders it names (by RUC, else by name).
    """
    strata = rules["strata"]
    counted = concessions["legal_state"].isin(strata["count_legal_states"])
    area = concessions["area_ha"].where(counted, 0.0)
    keys = concessions["holder_key"]
    totals = area.groupby(keys).transform("sum")
    total = totals.where(keys != "", area)
    stratum = np.select(
        [total > strata["large_medium_above_ha"], total > strata["small_above_ha"]],
        [Stratum.LARGE_MEDIUM, Stratum.SMALL],
        default=Stratum.ARTISANAL,
    )
    stratum = pd.Series(stratum, index=concessions.index, dtype=object)
    if holders is not None and len(holders):
        by_key = dict(zip(holder_keys(holders["holder"], rules), holders["stratum"], strict=True))
        stated = keys.map(by_key)
        rucs = holders.loc[holders["ruc"] != ""]
        if len(rucs):
            stated = concessions["holder_ruc"].map(dict(zip(rucs["ruc"], rucs["stratum"], strict=True))).fillna(stated)
        stratum = stated.fillna(stratum)
    return pd.DataFrame({"holder_total_ha": total, "stratum": stratum}, index=concessions.index)
