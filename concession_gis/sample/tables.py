"""The two plain tables: declared production per claim and year, and holders with their stratum.

Only a minority of titled claims produce, mostly those of large holders in mining districts;
the rest are held without work, which is what makes idle (speculative) claims common.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.sample import names

# Chance that a titled claim declares production, by its holder's stratum.
WORKED_SHARE = {"large_medium": 0.22, "small": 0.12, "artisanal": 0.06}
# Median yearly tonnage and its ceiling by stratum (Peru: small-scale up to 350 t/day,
# artisanal up to 25 t/day).
TONNAGE = {"large_medium": (150_000.0, 5_000_000.0), "small": (20_000.0, 127_750.0),
           "artisanal": (2_000.0, 9_125.0)}
FIRST_RECORD_YEAR = 2005
LAST_RECORD_YEAR = 2024
HOLDERS_SAMPLE_SHARE = 0.3


def worked_claims(rng: np.random.Generator, claims: pd.DataFrame, appeal: np.ndarray) -> np.ndarray:
    """Which claims produce: titled ones, more often near mining districts and of larger holders."""
    base = claims["stratum"].map(WORKED_SHARE).to_numpy(dtype=float)
    closeness = np.clip(appeal / np.median(appeal), 0.3, 3.0)
    titled = claims["legal_state"].to_numpy() == "titled"
    return titled & (rng.random(len(claims)) < base * closeness)


def activity(rng: np.random.Generator, claims: pd.DataFrame, worked: np.ndarray) -> pd.DataFrame:
    """Declared production (code, year, production_t, mineral) of the worked claims."""
    code = claims["code"].to_numpy()
    filed_year = np.array([d.year for d in claims["filed"]])
    stratum = claims["stratum"].to_numpy()
    mineral = np.where(claims["alluvial"].to_numpy() > 0.5, "ORO", claims["mineral"].to_numpy())
    rows = []
    for i in np.flatnonzero(worked):
        start = max(int(filed_year[i]) + int(rng.integers(1, 7)), FIRST_RECORD_YEAR)
        if start > LAST_RECORD_YEAR:
            continue  # titled too recently to have produced yet
        # A quarter stopped working, most of them before the last five years.
        if rng.random() < 0.75:
            end = LAST_RECORD_YEAR
        else:
            end = int(rng.integers(start, max(start, 2019) + 1))
        median, ceiling = TONNAGE[stratum[i]]
        level = median * rng.lognormal(0, 0.8)
        for year in range(start, end + 1):
            if rng.random() < 0.08:
                continue  # a year without a declaration
            tonnes = min(level * rng.lognormal(0, 0.25), ceiling)
            rows.append((code[i], year, round(tonnes, 1), mineral[i]))
    return pd.DataFrame(rows, columns=["code", "year", "production_t", "mineral"])


def holders_table(rng: np.random.Generator, claims: pd.DataFrame, holders: pd.DataFrame,
                  own_holders: set[int]) -> pd.DataFrame:
    """Holders with stratum and RUC: every large one, every one a miner works for, a sample of the rest.

    The stratum is the one the rules give from titled and pending hectares; a few names are
    spelled differently from the cadastre, as in a table typed elsewhere.
    """
    stratum = claims.groupby("holder_id")["stratum"].first()
    listed = [h for h in stratum.index
              if stratum[h] == "large_medium" or h in own_holders or rng.random() < HOLDERS_SAMPLE_SHARE]
    rows = []
    for h in listed:
        name = holders["name"].iat[h]
        if rng.random() < 0.1:
            name = names.spelling_variant(name, rng)
        rows.append((name, stratum[h], holders["ruc"].iat[h]))
    return pd.DataFrame(rows, columns=["holder", "stratum", "ruc"])
