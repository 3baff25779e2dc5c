"""The QCA-ready ``cases`` table: the LSM-ASM interface cases and the spatial conditions the tool knows.

One row per claim of a large or medium holder with at least one active registration. Each
condition is written twice, as a crisp set (``overlap``: 0/1) and a fuzzy set (``overlap_fz``:
0-1), calibrated by the direct method with the anchors of rules.toml ``[qca]``; the conditions
only a person can code are empty columns. Column names are plain lower-case words, as the QCA
package for R and fs/QCA read them; an unknown value is an empty cell (R's NA, fs/QCA's missing).
See docs/domain.md, "QCA cases".
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from concession_gis.columns import (
    LARGE_STRATA,
    DepositType,
    RegStatus,
    Relation,
    RestrictedCategory,
)
from concession_gis.errors import RulesError
from concession_gis.rules import Rules

# Log-odds of full membership: 0.95 at the inclusion anchor, 0.05 at the exclusion one, as the
# QCA package's calibrate() (its default idm = 0.95).
FULL = float(np.log(0.95 / 0.05))
CONDITIONS = ("overlap", "miners", "holder_active", "hard_rock", "restricted", "loss_rising", "contract")
# Conditions of Cano Roncagliolo (2020) no layer holds, and the outcome: for a person to code.
BY_HAND = ("company_tolerance", "enforcement_capacity", "alternative_livelihoods", "asm_political_influence",
           "outcome")
CASES = ("case", "name", "holder", "stratum", "department", "province", "district", "area_ha",
         "n_active_registrations", "overlap_share", "loss_recent_ha", "loss_before_ha",
         *(c for name in CONDITIONS for c in (name, f"{name}_fz")), "coexistence_candidate", *BY_HAND)


def calibrate(x: ArrayLike, exclusion: float, crossover: float, inclusion: float) -> np.ndarray:
    """Fuzzy membership of ``x`` by the direct method (Ragin 2008): logistic in the distance from
    the crossover, scaled so the anchors get 0.05 and 0.95. NaN stays NaN."""
    if not exclusion < crossover < inclusion:
        raise RulesError(key="error.qca_anchors", exclusion=exclusion, crossover=crossover, inclusion=inclusion)
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        above = FULL * (x - crossover) / (inclusion - crossover)
        below = FULL * (x - crossover) / (crossover - exclusion)
        return np.asarray(1.0 / (1.0 + np.exp(-np.where(x >= crossover, above, below))), dtype=float)


def qca_cases(conc: pd.DataFrame, reg: pd.DataFrame, host: np.ndarray, loss_by_year: pd.DataFrame | None,
              reference: dt.date, rules: Rules) -> pd.DataFrame:
    """The cases table. ``conc`` the analysed claims, ``reg`` the registrations with ``host`` the
    position of each one's host claim (-1 for none); ``loss_by_year`` (``code``, ``year``,
    ``loss_ha``) when a loss raster was given. The miners' conditions (deposit, restricted area,
    contract) are those of the active registrations: the case is about who works there now."""
    rule = rules["qca"]
    active = (reg["reg_status"] == RegStatus.ACTIVE).to_numpy()
    on = host >= 0
    case = conc["stratum"].isin(LARGE_STRATA).to_numpy() & (conc["n_active_registrations"].to_numpy() > 0)
    rows = np.flatnonzero(case)
    claims = conc.iloc[rows]

    def per_claim(hit: np.ndarray) -> np.ndarray:
        """How many registrations with ``hit`` each case's claim hosts."""
        return np.bincount(host[on & hit], minlength=len(conc))[rows]

    out = pd.DataFrame({
        "case": claims["code"].to_numpy(), "name": claims["name"].to_numpy(), "holder": claims["holder"].to_numpy(),
        "stratum": claims["stratum"].to_numpy(),
        **{place: claims[place].to_numpy() for place in ("department", "province", "district")},
        "area_ha": claims["area_ha"].round(4).to_numpy(),
        "n_active_registrations": claims["n_active_registrations"].to_numpy(),
    })
    out["overlap_share"] = (claims["overlap_ha"] / claims["area_ha"].where(claims["area_ha"] > 0)).round(4).to_numpy()
    _set(out, "overlap", calibrate(out["overlap_share"], rule["overlap_exclusion"], rule["overlap_crossover"],
                                   rule["overlap_inclusion"]))
    _set(out, "miners", calibrate(out["n_active_registrations"], rule["miners_exclusion"], rule["miners_crossover"],
                                  rule["miners_inclusion"]))
    _set(out, "holder_active", _holder_activity(claims, reference, rules))
    known = per_claim(active & (reg["deposit_type"] != DepositType.UNKNOWN).to_numpy())
    rock = per_claim(active & (reg["deposit_type"] == DepositType.HARD_ROCK).to_numpy())
    _set(out, "hard_rock", np.where(known > 0, rock / np.maximum(known, 1), np.nan))
    category = reg["restricted_category"].fillna("").to_numpy()
    prohibited = per_claim(active & (category == RestrictedCategory.PROHIBITED))
    conditional = per_claim(active & (category == RestrictedCategory.CONDITIONAL))
    _set(out, "restricted", np.where(prohibited > 0, rule["restricted_prohibited"],
                                     np.where(conditional > 0, rule["restricted_conditional"], 0.0)))
    out["loss_recent_ha"], out["loss_before_ha"] = _loss_trend(claims, loss_by_year, rule["trend_years"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(out["loss_before_ha"] > 0, out["loss_recent_ha"] / out["loss_before_ha"],
                         np.where(out["loss_recent_ha"] > 0, np.inf, 0.0))
    ratio = np.where(out["loss_recent_ha"].isna(), np.nan, ratio)
    _set(out, "loss_rising", calibrate(ratio, rule["loss_ratio_exclusion"], rule["loss_ratio_crossover"],
                                       rule["loss_ratio_inclusion"]))
    contract = per_claim(active & (reg["relation"] == Relation.CONTRACT).to_numpy())
    _set(out, "contract", (contract > 0).astype(float))
    out["coexistence_candidate"] = (per_claim(reg["coexistence"].fillna(False).to_numpy(dtype=bool)) > 0).astype(int)
    for column in BY_HAND:
        out[column] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    return out[list(CASES)]


def _set(out: pd.DataFrame, name: str, fuzzy: np.ndarray) -> None:
    """``name`` (crisp: 1 from the crossover up) and ``name_fz`` (three decimals) from fuzzy
    memberships. A membership of exactly 0.5 is written 0.501: fs/QCA leaves cases at the
    crossover out of its truth tables, and Ragin's advice is to move them off it."""
    fuzzy = np.round(np.asarray(fuzzy, dtype=float), 3)
    fuzzy = np.where(fuzzy == 0.5, 0.501, fuzzy)
    out[name] = pd.array(np.where(np.isnan(fuzzy), 0, fuzzy > 0.5).astype(int), dtype="Int64")
    out.loc[np.isnan(fuzzy), name] = pd.NA
    out[f"{name}_fz"] = fuzzy


def _holder_activity(claims: pd.DataFrame, reference: dt.date, rules: Rules) -> np.ndarray:
    """The four-value holder-activity set: recent production, the holder's own forest loss, not
    idle for another reason, idle; NaN where idle is unknown."""
    rule = rules["qca"]
    idle = claims["idle"].astype("boolean")
    lookback = reference.year - rules["idle"]["activity_lookback_years"]
    last = claims["last_production_year"] if "last_production_year" in claims else pd.Series(np.nan, claims.index)
    producing = (pd.to_numeric(last, errors="coerce") >= lookback).fillna(False).to_numpy(dtype=bool)
    holder_loss = claims["loss_by_holder_ha"] if "loss_by_holder_ha" in claims else pd.Series(0.0, claims.index)
    losing = (holder_loss.fillna(0) > 0).to_numpy(dtype=bool)
    value = np.select([producing, losing], [rule["holder_production"], rule["holder_loss"]], rule["holder_not_idle"])
    value = np.where(idle.fillna(False).to_numpy(dtype=bool), 0.0, value)
    return np.where(idle.isna().to_numpy(), np.nan, value)


def _loss_trend(claims: pd.DataFrame, loss_by_year: pd.DataFrame | None, years: int) -> tuple[np.ndarray, np.ndarray]:
    """Hectares lost on each claim in the raster's last ``years`` years and the ``years`` before;
    NaN without a raster or where it does not cover the claim."""
    missing = np.full(len(claims), np.nan)
    if loss_by_year is None or loss_by_year.empty or "loss_ha" not in claims:
        return missing, missing.copy()
    dated = loss_by_year.dropna(subset=["year"])
    if dated.empty:
        return missing, missing.copy()
    last = int(dated["year"].max())
    by_claim = dated.groupby(["code", "year"])["loss_ha"].sum().unstack(fill_value=0.0)
    recent_years = [y for y in by_claim.columns if last - years < y <= last]
    before_years = [y for y in by_claim.columns if last - 2 * years < y <= last - years]
    recent = by_claim[recent_years].sum(axis=1).reindex(claims["code"]).fillna(0.0).to_numpy()
    before = by_claim[before_years].sum(axis=1).reindex(claims["code"]).fillna(0.0).to_numpy()
    covered = claims["loss_ha"].notna().to_numpy()
    return np.where(covered, recent.round(4), np.nan), np.where(covered, before.round(4), np.nan)
