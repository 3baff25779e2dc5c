"""The plain tables: declared production per claim and year, holders with their stratum and
group, and the contracts between miners and title holders.

Only a minority of titled claims produce, mostly those of large holders in mining districts;
the rest are held without work, which is what makes idle (speculative) claims common.
"""

from __future__ import annotations

import datetime as dt

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
# The holders table tells large from medium miners (area alone cannot): the largest third of the
# large companies (by claims) are `large`, any other holder above 2,000 ha `medium`.
LARGE_STRATUM_SHARE = 1 / 3
# Economic groups: each of the largest `large` companies heads one, with a few small subsidiaries of
# its own (whose area alone makes them small or artisanal; the group makes them large).
GROUPS = 4
SUBSIDIARIES_PER_GROUP = 2
# Contracts (contrato de explotación, cesión minera) with the title holder: for this share of
# the registrations on another's titled claim; some ended before the reference date, some have
# no term; some rows lack the miner's RUC (matched by name) or the code's leading zero.
CONTRACT_SHARE = 0.06
CONTRACT_TYPES = {"CONTRATO DE EXPLOTACIÓN": 0.7, "CESIÓN MINERA": 0.3}
CONTRACT_END = {"expired": 0.2, "term": 0.5, "none": 0.3}
CONTRACT_NO_RUC = 0.15
CONTRACT_CODE_UNPADDED = 0.1
LAST_CONTRACT_START = dt.date(2024, 12, 31)


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
    """Holders with stratum, RUC and group: every large one, every one a miner works for, a
    sample of the rest.

    Up to 2,000 ha the stratum is the one the rules give from titled and pending hectares;
    above, `large` for the largest companies and `medium` for the others. A few names are
    spelled differently from the cadastre, as in a table typed elsewhere.
    """
    stratum = claims.groupby("holder_id")["stratum"].first()
    n_large = int(holders["is_large"].sum())
    top = set(range(max(1, round(n_large * LARGE_STRATUM_SHARE))))  # holders are numbered largest first
    listed = [h for h in stratum.index
              if stratum[h] == "large_medium" or h in own_holders or rng.random() < HOLDERS_SAMPLE_SHARE]
    rows = []
    for h in listed:
        name = holders["name"].iat[h]
        if rng.random() < 0.1:
            name = names.spelling_variant(name, rng)
        said = stratum[h] if stratum[h] != "large_medium" else ("large" if h in top else "medium")
        rows.append([name, said, holders["ruc"].iat[h], ""])
    table = pd.DataFrame(rows, columns=["holder", "stratum", "ruc", "group"])
    # Groups, headed by the largest companies, with small companies of the table as subsidiaries.
    small_companies = [i for i, h in enumerate(listed)
                       if holders["is_company"].iat[h] and not holders["is_large"].iat[h]]
    chosen = rng.permutation(small_companies)[: GROUPS * SUBSIDIARIES_PER_GROUP]
    for g, head in enumerate(sorted(h for h in listed if h in top)[:GROUPS]):
        group = "GRUPO " + holders["name"].iat[head]
        table.loc[listed.index(head), "group"] = group
        table.loc[chosen[g * SUBSIDIARIES_PER_GROUP:(g + 1) * SUBSIDIARIES_PER_GROUP], "group"] = group
    return table


def contracts(rng: np.random.Generator, claims: pd.DataFrame, regs: pd.DataFrame) -> pd.DataFrame:
    """Contracts of some miners on another's titled claim with its holder, as registered (the
    demo's contratos_mineros.csv columns; dates dd/mm/yyyy, an empty end: without a term)."""
    host = regs["host"].to_numpy()
    on_other = (host >= 0) & ~regs["own_claim"].to_numpy()
    on_other[on_other] = claims["legal_state"].to_numpy()[host[on_other]] == "titled"
    chosen = np.flatnonzero(on_other & (rng.random(len(regs)) < CONTRACT_SHARE))
    kind = rng.choice(list(CONTRACT_TYPES), size=len(chosen), p=list(CONTRACT_TYPES.values()))
    end_kind = rng.choice(list(CONTRACT_END), size=len(chosen), p=list(CONTRACT_END.values()))
    rows = []
    for k, i in enumerate(chosen):
        claim = claims.iloc[host[i]]
        start = min(regs["registered_on"].iat[i] + dt.timedelta(days=int(rng.integers(0, 3 * 365))),
                    LAST_CONTRACT_START)
        if end_kind[k] == "expired":  # two to five years, over before 2025
            end = min(start + dt.timedelta(days=int(rng.integers(2 * 365, 5 * 365))), dt.date(2024, 12, 31))
        elif end_kind[k] == "term":
            end = start.replace(year=start.year + 10, day=min(start.day, 28))
        else:
            end = None
        code = claim["code"].lstrip("0") if rng.random() < CONTRACT_CODE_UNPADDED else claim["code"]
        ruc = "" if rng.random() < CONTRACT_NO_RUC else regs["M_RUC"].iat[i]
        rows.append((code, claim["name"], claim["holder"], ruc, regs["NOMBRE_MIN"].iat[i], kind[k],
                     start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y") if end else ""))
    return pd.DataFrame(rows, columns=["CODIGOU", "NOMBRE_DERECHO", "TITULAR", "RUC_MINERO", "MINERO",
                                       "TIPO_CONTRATO", "FECHA_INICIO", "FECHA_FIN"])
