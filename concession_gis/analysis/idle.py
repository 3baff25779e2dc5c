"""Idle claims: titled, old enough, and no evidence source shows any activity.

Each evidence source says, per concession, True (activity seen), False (looked, none seen) or
<NA> (this source cannot speak for this claim, e.g. a claim outside the raster). A claim is idle
only when at least one source speaks for it and none saw activity; with no source it is <NA>:
the tool does not guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from concession_gis.analysis.relations import code_key
from concession_gis.i18n import tr


@dataclass(frozen=True)
class Evidence:
    """One evidence source: activity seen per concession, and the words that explain it."""

    name: str
    active: pd.Series  # boolean with <NA>
    active_reason: pd.Series  # text per concession when active
    quiet_reason: pd.Series  # text per concession when no activity was seen


def years_between(start: pd.Series, end: dt.date) -> pd.Series:
    """Whole years from each date in ``start`` to ``end`` (<NA> where the date is missing)."""
    years = end.year - start.dt.year
    before_anniversary = (start.dt.month > end.month) | ((start.dt.month == end.month) & (start.dt.day > end.day))
    return (years - before_anniversary.astype("Int64")).astype("Int64")


def production_evidence(
    codes: pd.Series, activity: pd.DataFrame, reference: dt.date, rules: dict, lang: str
) -> tuple[Evidence, pd.Series]:
    """Evidence from declared production, and the last production year per concession."""
    lookback = rules["idle"]["activity_lookback_years"]
    since = reference.year - lookback
    last = activity.assign(key=code_key(activity["code"])).groupby("key")["year"].max()
    last_year = code_key(codes).map(last).astype("Int64")
    active = (last_year >= since).fillna(False).astype("boolean")
    active_reason = last_year.map(lambda y: tr("idle.production", lang, year=y) if pd.notna(y) else "")
    quiet_reason = last_year.map(
        lambda y: tr("idle.no_production_since", lang, year=since, last=y) if pd.notna(y)
        else tr("idle.no_production", lang)
    )
    return Evidence("activity", active, active_reason, quiet_reason), last_year


def loss_evidence(
    area_ha: pd.Series, loss_since_filed_ha: pd.Series, coverage: pd.Series, rules: dict, lang: str
) -> Evidence:
    """Evidence from forest loss since filing, for claims inside the raster's footprint only."""
    idle_rules = rules["idle"]
    inside = coverage >= idle_rules["min_raster_coverage"]
    share = loss_since_filed_ha / area_ha.where(area_ha > 0)
    active = (share > idle_rules["max_loss_fraction"]).astype("boolean").where(inside & share.notna(), pd.NA)
    words = [
        tr("idle.loss", lang, ha=f"{h:.1f}", pct=f"{100 * s:.1f}") if pd.notna(s) else ""
        for h, s in zip(loss_since_filed_ha, share, strict=True)
    ]
    words = pd.Series(words, index=area_ha.index)
    return Evidence("forest_loss", active, words, words)


def idle_claims(
    legal_state: pd.Series,
    years_since_filed: pd.Series,
    evidence: list[Evidence],
    rules: dict,
    lang: str,
) -> tuple[pd.Series, pd.Series]:
    """(``idle``, ``idle_reason``) per concession."""
    min_years = rules["idle"]["min_years"]
    index = legal_state.index
    idle = pd.Series(pd.NA, index=index, dtype="boolean")
    reason = pd.Series("", index=index, dtype=object)

    titled = legal_state == "titled"
    idle[~titled] = False
    reason[~titled] = tr("idle.not_titled", lang)
    unknown_age = titled & years_since_filed.isna()
    reason[unknown_age] = tr("idle.no_date", lang)
    young = titled & (years_since_filed < min_years).fillna(False)
    idle[young] = False
    reason[young] = years_since_filed[young].map(lambda y: tr("idle.young", lang, years=y, min=min_years))

    open_ = titled & ~unknown_age & ~young
    if not evidence:
        reason[open_] = tr("idle.no_evidence", lang)
        return idle, reason
    spoken = np.zeros(len(index), dtype=bool)
    seen = np.zeros(len(index), dtype=bool)
    active_words: list[list[str]] = [[] for _ in index]
    quiet_words: list[list[str]] = [[] for _ in index]
    for source in evidence:
        speaks = source.active.notna().to_numpy()
        active = source.active.fillna(False).to_numpy(dtype=bool)
        spoken |= speaks
        seen |= active
        for i in np.flatnonzero(speaks & open_.to_numpy()):
            (active_words if active[i] else quiet_words)[i].append(
                source.active_reason.iat[i] if active[i] else source.quiet_reason.iat[i]
            )
    spoken_s = pd.Series(spoken, index=index)
    seen_s = pd.Series(seen, index=index)
    idle[open_ & spoken_s & seen_s] = False
    idle[open_ & spoken_s & ~seen_s] = True
    reason[open_ & ~spoken_s] = tr("idle.no_evidence", lang)
    for i in np.flatnonzero((open_ & spoken_s).to_numpy()):
        if seen[i]:
            reason.iat[i] = "; ".join(active_words[i])
        else:
            head = tr("idle.idle", lang, years=years_since_filed.iat[i])
            reason.iat[i] = "; ".join([head, *quiet_words[i]])
    return idle, reason


def _production(codes: pd.Series, activity: pd.DataFrame, reference: dt.date, rules: dict, lang: str):
    evidence, last_year = production_evidence(codes, activity, reference, rules, lang)
    return evidence, {"last_production_year": last_year}


# The builder of each evidence table (an input kind declared with ``feeds=Feeds.IDLE``): the
# concessions' codes and the table in, its Evidence and the concession columns it adds out.
EVIDENCE_BUILDERS = {"activity": _production}
