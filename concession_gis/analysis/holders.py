"""Holders: one key per holder whatever its spelling, its RUC, its kind (person, company, state),
its total area, and its stratum."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns import HolderType, LegalState, Stratum, StratumSource
from concession_gis.io.values import fold_series, normalize_names
from concession_gis.rules import Rules

# From the smallest to the largest: a group takes the largest stratum any member is given.
# `large_medium` (area alone cannot tell the two) lies between medium and large.
_SIZE = {Stratum.ARTISANAL: 0, Stratum.SMALL: 1, Stratum.MEDIUM: 2, Stratum.LARGE_MEDIUM: 3, Stratum.LARGE: 4}


def holder_keys(names: pd.Series, rules: Rules) -> pd.Series:
    """Comparison keys of holder or miner names ('' when no name)."""
    return normalize_names(names, rules["holders"]["legal_forms"])


def holder_identities(holder_key: pd.Series, holder_ruc: pd.Series) -> pd.Series:
    """Who holds each claim: ``ruc:…`` where the claim's RUC, or another claim's of the same
    name, is known, else ``name:…`` ('' when neither). Two people of one name with different
    RUCs stay two holders; one company spelled two ways under one RUC is one."""
    named = holder_ruc.loc[(holder_ruc != "") & (holder_key != "")]
    by_name = named.groupby(holder_key.loc[named.index]).first()
    ruc = holder_ruc.where(holder_ruc != "", holder_key.map(by_name)).fillna("")
    return pd.Series(np.where(ruc != "", "ruc:" + ruc, np.where(holder_key != "", "name:" + holder_key, "")),
                     index=holder_key.index, dtype=object)


def holder_types(holder: pd.Series, holder_key: pd.Series, holder_ruc: pd.Series, rules: Rules) -> pd.Series:
    """``holder_type`` per claim: ``state`` when the name contains a state company's
    (``holders.state_names``), else from the RUC's first two digits (``holders.person_ruc_prefixes``,
    ``company_ruc_prefixes``), else ``company`` when the name carries a legal form (S.A.C.,
    E.I.R.L. ...: the normalized key drops it), else ``unknown``: a bare name may be either."""
    rule = rules["holders"]
    # Each distinct name once: a holder's name repeats on every claim it holds.
    at, names = pd.factorize(holder.astype(object), use_na_sentinel=False)
    folded = fold_series(pd.Series(names, dtype=object)).str.replace(".", "", regex=False)
    state_names = [n for n in fold_series(pd.Series(rule["state_names"], dtype=object)) if n]
    state = folded.map(lambda name: any(n in name for n in state_names)) if state_names else folded == "\0"
    prefix = holder_ruc.str[:2]
    plain = folded.str.replace(r"[^0-9A-Z ]+", " ", regex=True).str.split().str.join(" ").fillna("")
    has_form = (holder_key != "") & (holder_key != plain.to_numpy(dtype=object)[at])
    kind = np.select(
        [state.to_numpy(dtype=bool)[at], prefix.isin(rule["person_ruc_prefixes"]).to_numpy(),
         prefix.isin(rule["company_ruc_prefixes"]).to_numpy(), has_form.to_numpy()],
        [HolderType.STATE, HolderType.PERSON, HolderType.COMPANY, HolderType.COMPANY],
        default=HolderType.UNKNOWN,
    )
    return pd.Series(kind, index=holder.index, dtype=object)


def holder_strata(
    holder_key: pd.Series, holder_ruc: pd.Series, legal_state: pd.Series, area_ha: pd.Series,
    rules: Rules, holders: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``holder_total_ha``, ``stratum`` and ``stratum_source`` per concession (aligned to the
    columns given).

    The total is over the holder's titled and pending claims, summed by RUC where known, else by
    name (:func:`holder_identities`); a claim without a holder counts on its own. A holder with
    a claim of unknown legal state has no total (NaN) and the stratum ``unknown``: which of its
    claims count cannot be told; so has, with a total of 0, a holder with no titled or pending
    claim. From the area alone a stratum is at most ``large_medium``.

    A --holders table (``holder``, ``ruc``, ``stratum``, ``group``) sets the stratum of the
    holders it names (by RUC, else by name). Holders of one ``group`` share its stratum: the
    largest the table gives any member, else the one the group's summed hectares give.
    """
    strata = rules["strata"]
    identity = holder_identities(holder_key, holder_ruc)
    counted = legal_state.isin(strata["count_legal_states"])
    area = area_ha.where(counted, 0.0)
    total = _summed(area, identity)
    unknown = legal_state == LegalState.UNKNOWN
    unknown = unknown.groupby(identity).transform("any").where(identity != "", unknown).astype(bool)
    total = total.mask(unknown)
    # No claim in force (all extinct, or quarries and plants): its hectares say nothing of its
    # size, where 0 ha read as "artisanal" for a company whose claims had lapsed.
    unsized = unknown | (total <= 0)
    stratum = _by_area(total, unsized, rules)
    source = pd.Series(np.where(unsized, StratumSource.UNKNOWN, StratumSource.AREA), index=holder_key.index, dtype=object)
    if holders is not None and len(holders):
        stated = _from_table(holder_key, holder_ruc, holders, "stratum", rules)
        stratum = stated.fillna(stratum)
        source = source.mask(stated.notna(), StratumSource.HOLDERS)
        group = _from_table(holder_key, holder_ruc, holders, "group", rules).replace("", np.nan)
        if "group" in holders and group.notna().any():
            in_group = group.notna()
            group_key = fold_series(group.fillna(""))
            # The group's hectares: any claim of unknown state leaves it without a total.
            group_total = _summed(area, group_key).mask(unknown.groupby(group_key).transform("any"))
            by_area = _by_area(group_total, group_total.isna(), rules)
            # The largest stratum the table gives any member, whether or not it holds a claim here.
            members = holders.loc[holders["group"].fillna("") != ""]
            table_size = members["stratum"].map(_SIZE).groupby(fold_series(members["group"])).max()
            largest = group_key.map(table_size)
            named = largest.map({v: k.value for k, v in _SIZE.items()})
            from_group = named.fillna(by_area)
            changed = in_group & (from_group != stated)  # a member's own stated stratum stays "holders"
            stratum = stratum.mask(in_group, from_group)
            source = source.mask(changed, StratumSource.GROUP)
    return pd.DataFrame({"holder_total_ha": total, "stratum": stratum.astype(object),
                         "stratum_source": source}, index=holder_key.index)


def _summed(area: pd.Series, key: pd.Series) -> pd.Series:
    """Each claim's ``area`` summed over the claims of the same ``key`` (its own where key is '')."""
    return area.groupby(key).transform("sum").where(key != "", area)


def _by_area(total: pd.Series, unknown: pd.Series, rules: Rules) -> pd.Series:
    strata = rules["strata"]
    stratum = np.select(
        [unknown.to_numpy(dtype=bool), (total > strata["large_medium_above_ha"]).to_numpy(),
         (total > strata["small_above_ha"]).to_numpy()],
        [Stratum.UNKNOWN, Stratum.LARGE_MEDIUM, Stratum.SMALL],
        default=Stratum.ARTISANAL,
    )
    return pd.Series(stratum, index=total.index, dtype=object)


def _from_table(holder_key: pd.Series, holder_ruc: pd.Series, holders: pd.DataFrame, column: str,
                rules: Rules) -> pd.Series:
    """The --holders table's ``column`` for each claim's holder, by RUC, else by name (NaN where
    the table does not name the holder, or has no such column)."""
    if column not in holders:
        return pd.Series(np.nan, index=holder_key.index, dtype=object)
    by_key = dict(zip(holder_keys(holders["holder"], rules), holders[column], strict=True))
    stated = holder_key.map(by_key)
    rucs = holders.loc[holders["ruc"] != ""]
    if len(rucs):
        stated = holder_ruc.map(dict(zip(rucs["ruc"], rucs[column], strict=True))).fillna(stated)
    return stated.astype(object)


def holder_rucs(holder_key: pd.Series, holder_ruc: pd.Series, holders: pd.DataFrame | None, rules: Rules) -> pd.Series:
    """Each claim's holder RUC: its own, else the one a --holders table gives its holder's name
    ('' when neither)."""
    if holders is None or not len(holders):
        return holder_ruc
    rucs = holders.loc[holders["ruc"] != ""]
    by_key = dict(zip(holder_keys(rucs["holder"], rules), rucs["ruc"], strict=True))
    return holder_ruc.where(holder_ruc != "", holder_key.map(by_key).astype(object).fillna(""))
