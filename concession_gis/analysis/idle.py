"""Idle claims: titled, old enough, and no evidence source shows any activity.

A claim of unknown legal state (its file has no state column) is neither idle nor not: <NA>.

Each evidence source says, per concession, True (activity seen), False (looked, none seen) or
<NA> (this source cannot speak for this claim, e.g. a claim outside the raster). A claim is idle
only when at least one source speaks for it and none saw activity; with no source it is <NA>:
the tool does not guess.

Forest loss speaks for the holder only: loss around the miners registered on the claim is theirs
(:mod:`.forest_loss`), and absence of loss says nothing where there was no forest to lose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from concession_gis.analysis.joined import joined_per_key
from concession_gis.columns import LegalState
from concession_gis.io.values import code_key
from concession_gis.reasons import Reason, encode_each
from concession_gis.rules import Rules


@dataclass(frozen=True)
class Evidence:
    """One evidence source: activity seen per concession, and the reason that explains it."""

    name: str
    active: pd.Series  # boolean with <NA>
    active_reason: pd.Series  # a Reason (or a list of them) per concession when active (None where there is none)
    quiet_reason: pd.Series  # a Reason (or a list) per concession when no activity was seen
    # Why the source is silent (<NA>) on a concession it looked at, where that is worth saying.
    silent_reason: pd.Series | None = None


def years_between(start: pd.Series, end: dt.date) -> pd.Series:
    """Whole years from each date in ``start`` to ``end`` (<NA> where the date is missing)."""
    years = end.year - start.dt.year
    before_anniversary = (start.dt.month > end.month) | ((start.dt.month == end.month) & (start.dt.day > end.day))
    return (years - before_anniversary.astype("Int64")).astype("Int64")


def production_evidence(
    codes: pd.Series, activity: pd.DataFrame, reference: dt.date, rules: Rules
) -> tuple[Evidence, pd.Series]:
    """Evidence from declared production, and the last production year per concession."""
    lookback = rules["idle"]["activity_lookback_years"]
    since = reference.year - lookback
    last = activity.assign(key=code_key(activity["code"])).groupby("key")["year"].max()
    last_year = code_key(codes).map(last).astype("Int64")
    active = (last_year >= since).fillna(False).astype("boolean")
    active_reason = _each(last_year, lambda y: Reason("idle.production", {"year": y}) if pd.notna(y) else None)
    quiet_reason = _each(last_year, lambda y: Reason("idle.no_production_since", {"year": since, "last": y})
                         if pd.notna(y) else Reason("idle.no_production"))
    return Evidence("activity", active, active_reason, quiet_reason), last_year


def penalty_evidence(codes: pd.Series, penalties: pd.DataFrame, reference: dt.date, rules: Rules) -> Evidence:
    """Evidence from INGEMMET's penalty roll (Padrón Minero, section 2): a claim that paid the
    penalty for not producing in the lookback window did not produce then. The roll lists payers
    only, so it is silent (<NA>) on every other claim: not paying proves nothing."""
    since = reference.year - rules["idle"]["activity_lookback_years"]
    last = penalties.assign(key=code_key(penalties["code"])).groupby("key")["year"].max()
    last_paid = code_key(codes).map(last).astype("Int64")
    paid = (last_paid >= since).fillna(False).to_numpy(dtype=bool)
    active = pd.Series(pd.NA, index=codes.index, dtype="boolean")
    active[paid] = False
    quiet = _each(last_paid, lambda y: Reason("idle.penalty", {"year": y}) if pd.notna(y) else None)
    return Evidence("penalties", active, pd.Series(None, index=codes.index, dtype=object), quiet)


def loss_evidence(
    area_ha: pd.Series, by_holder_ha: pd.Series, by_miners_ha: pd.Series, coverage: pd.Series,
    forest_share: pd.Series | None, rules: Rules,
) -> Evidence:
    """Evidence from the holder's forest loss since filing (``loss_by_holder_ha``), for claims
    inside the raster's footprint only. Loss above ``idle.max_loss_fraction`` of the area shows
    activity anywhere; its absence shows none only where there was forest to lose: on claims of
    at least ``idle.min_forest_share`` forest (``forest_share``, None without a forest map),
    and without a forest map only when ``idle.loss_absence_needs_forest`` is false."""
    idle_rules = rules["idle"]
    index = area_ha.index
    share = by_holder_ha / area_ha.where(area_ha > 0)
    measured = ((coverage >= idle_rules["min_raster_coverage"]) & share.notna()).to_numpy(dtype=bool)
    seen = (share > idle_rules["max_loss_fraction"]).to_numpy(dtype=bool)
    needs_forest = idle_rules["loss_absence_needs_forest"]
    if not needs_forest:
        shows_absence = np.ones(len(index), dtype=bool)
    elif forest_share is None:
        shows_absence = np.zeros(len(index), dtype=bool)
    else:
        shows_absence = (forest_share >= idle_rules["min_forest_share"]).fillna(False).to_numpy(dtype=bool)
    active = pd.Series(pd.NA, index=index, dtype="boolean")
    active[measured & seen] = True
    active[measured & ~seen & shows_absence] = False

    said: list[list[Reason] | None] = []
    silent: list[list[Reason] | None] = []
    for i in range(len(index)):
        if not measured[i]:
            said.append(None)
            silent.append(None)
            continue
        reasons = [Reason("idle.loss", {"ha": float(by_holder_ha.iat[i]), "pct": float(100 * share.iat[i])})]
        if by_miners_ha.iat[i] > 0:
            reasons.append(Reason("idle.loss_miners", {"miners": float(by_miners_ha.iat[i]),
                                                       "total": float(by_miners_ha.iat[i] + by_holder_ha.iat[i])}))
        said.append(reasons)
        silent.append(None if seen[i] or shows_absence[i] else
                      [*reasons[1:], _no_forest(None if forest_share is None else forest_share.iat[i], idle_rules)])
    said_s = pd.Series(said, index=index, dtype=object)
    return Evidence("forest_loss", active, said_s, said_s, pd.Series(silent, index=index, dtype=object))


def _no_forest(forest_share: float | None, idle_rules: Any) -> Reason:
    """Why absence of loss cannot show inactivity on a claim: no forest map, the map does not
    cover it, or too little forest on it."""
    if forest_share is None:
        return Reason("idle.loss_no_forest_map")
    if pd.isna(forest_share):
        return Reason("idle.loss_forest_unknown")
    return Reason("idle.loss_no_forest", {"pct": float(100 * forest_share),
                                          "min": float(100 * idle_rules["min_forest_share"])})


def spoken(evidence: list[Evidence], index: pd.Index) -> pd.Series:
    """``idle_evidence``: the names of the sources that spoke for each concession (said whether
    they saw activity or not), comma-separated in the order of ``evidence``; None where none did."""
    names = [[] for _ in index]  # type: list[list[str]]
    for source in evidence:
        for i in np.flatnonzero(source.active.notna().to_numpy()):
            names[i].append(source.name)
    return pd.Series([",".join(n) if n else None for n in names], index=index, dtype=object)


def idle_claims(
    legal_state: pd.Series,
    years_since_filed: pd.Series,
    evidence: list[Evidence],
    rules: Rules,
) -> tuple[pd.Series, pd.Series]:
    """(``idle``, ``idle_reason_codes``) per concession: the reasons as cells of codes
    (:mod:`concession_gis.reasons`)."""
    min_years = rules["idle"]["min_years"]
    index = legal_state.index
    idle = pd.Series(pd.NA, index=index, dtype="boolean")
    reasons: list[list[Reason]] = [[] for _ in index]

    def say(where: pd.Series, reason: Reason | Callable[[int], Reason]) -> None:
        for i in np.flatnonzero(where.to_numpy(dtype=bool)):
            reasons[i] = [reason(int(i)) if callable(reason) else reason]

    titled = legal_state == LegalState.TITLED
    unknown_state = legal_state == LegalState.UNKNOWN
    idle[~titled & ~unknown_state] = False
    say(~titled & ~unknown_state, Reason("idle.not_titled"))
    say(unknown_state, Reason("idle.unknown_state"))  # idle stays <NA>: titled or not is not known
    unknown_age = titled & years_since_filed.isna()
    say(unknown_age, Reason("idle.no_date"))
    young = titled & (years_since_filed < min_years).fillna(False)
    idle[young] = False
    # Positional reads from the arrays: Series.iat costs a pandas call per claim.
    years = years_since_filed.array
    say(young, lambda i: Reason("idle.young", {"years": years[i], "min": min_years}))

    open_ = titled & ~unknown_age & ~young
    if not evidence:
        say(open_, Reason("idle.no_evidence"))
        return idle, encode_each(reasons, index)
    spoken = np.zeros(len(index), dtype=bool)
    seen = np.zeros(len(index), dtype=bool)
    active_reasons: list[list[Reason]] = [[] for _ in index]
    quiet_reasons: list[list[Reason]] = [[] for _ in index]
    silent_reasons: list[list[Reason]] = [[] for _ in index]
    for source in evidence:
        speaks = source.active.notna().to_numpy()
        active = source.active.fillna(False).to_numpy(dtype=bool)
        spoken |= speaks
        seen |= active
        said, quiet = source.active_reason.to_numpy(), source.quiet_reason.to_numpy()
        for i in np.flatnonzero(speaks & open_.to_numpy()):
            reason = said[i] if active[i] else quiet[i]
            (active_reasons if active[i] else quiet_reasons)[i].extend(_listed(reason))
        if source.silent_reason is not None:
            silent = source.silent_reason.to_numpy()
            for i in np.flatnonzero(~speaks & open_.to_numpy()):
                silent_reasons[i].extend(_listed(silent[i]))
    spoken_s = pd.Series(spoken, index=index)
    seen_s = pd.Series(seen, index=index)
    idle[open_ & spoken_s & seen_s] = False
    idle[open_ & spoken_s & ~seen_s] = True
    for i in np.flatnonzero((open_ & ~spoken_s).to_numpy()):
        reasons[i] = [Reason("idle.no_evidence"), *silent_reasons[i]]
    for i in np.flatnonzero((open_ & spoken_s).to_numpy()):
        if seen[i]:
            reasons[i] = active_reasons[i]
        else:
            reasons[i] = [Reason("idle.idle", {"years": years[i]}), *quiet_reasons[i],
                          *silent_reasons[i]]
    return idle, encode_each(reasons, index)


def _listed(reason: Reason | list[Reason] | None) -> list[Reason]:
    """An evidence source's reason cell as a list: none, one, or several."""
    if reason is None:
        return []
    return list(reason) if isinstance(reason, list) else [reason]


def _each(values: pd.Series, reason: Callable[[Any], Reason | None]) -> pd.Series:
    """``reason(value)`` for each value, as a column of :class:`Reason` (or None); each distinct
    value's reason made once and shared (a Reason is frozen): years repeat over 10,000 claims."""
    made: dict[tuple[type, Any], Reason | None] = {}
    cells = [made[k] if (k := (type(v), v)) in made else made.setdefault(k, reason(v)) for v in values]
    return pd.Series(cells, index=values.index, dtype=object)


def _production(
    codes: pd.Series, activity: pd.DataFrame, reference: dt.date, rules: Rules
) -> tuple[Evidence, dict[str, pd.Series]]:
    evidence, last_year = production_evidence(codes, activity, reference, rules)
    return evidence, {"last_production_year": last_year, "production_years": production_years(codes, activity)}


def production_years(codes: pd.Series, activity: pd.DataFrame) -> pd.Series:
    """The years each concession declared production, ascending, "; "-joined (empty where none):
    the case dossier's timeline marks each."""
    years = activity.assign(key=code_key(activity["code"]))[["key", "year"]].dropna().drop_duplicates()
    years = years.sort_values(["key", "year"])
    # Joined only for claims of several years (joined_per_key), not by a Python call per claim.
    joined = joined_per_key(years["key"].to_numpy(), np.array([str(int(y)) for y in years["year"]], dtype=object), "; ")
    return code_key(codes).map(joined).fillna("").astype(object)


def production_by_year(codes: pd.Series, activity: pd.DataFrame) -> pd.DataFrame:
    """Each row of declared production on one of ``codes``, under the claim's code as the
    results write it (leading zeros and all), with the mineral, quantity and unit as the table
    gives them (empty where it has none); by code and year, the table's order within. Rows on
    claims outside the results are left out: the table joins the concessions layer."""
    claim_of = pd.Series(codes.to_numpy(), index=code_key(codes).to_numpy())
    claim_of = claim_of[~claim_of.index.duplicated()]
    code = code_key(activity["code"]).map(claim_of)
    given = {name: activity[name] if name in activity else pd.Series(None, index=activity.index, dtype=object)
             for name in ("mineral", "unit")}
    rows = pd.DataFrame({
        "code": code, "year": activity["year"].astype("int64"),
        "mineral": given["mineral"].replace("", None), "quantity": activity.get("quantity", np.nan),
        "unit": given["unit"].replace("", None),
    }).loc[code.notna()]
    rows["quantity"] = pd.to_numeric(rows["quantity"], errors="coerce").astype(float)
    return rows.sort_values(["code", "year"], kind="stable").reset_index(drop=True)


def _penalties(
    codes: pd.Series, penalties: pd.DataFrame, reference: dt.date, rules: Rules
) -> tuple[Evidence, dict[str, pd.Series]]:
    return penalty_evidence(codes, penalties, reference, rules), {}


# The builder of each evidence table (an input kind declared with ``feeds=Feeds.IDLE``): the
# concessions' codes and the table in, its Evidence and the concession columns it adds out.
EVIDENCE_BUILDERS: dict[str, Callable[[pd.Series, pd.DataFrame, dt.date, Rules], tuple[Evidence, dict[str, pd.Series]]]] = {
    "activity": _production, "penalties": _penalties,
}
