"""Bolivia's 2016 reversion: cooperative areas leased, subcontracted or shared with private firms
(--area-contracts), and idle ones (the shared idle rules), ranked; each cooperative's summary.

A contract counts as for Peru's contracts (:mod:`.contracts`): in force at the reference date
(started, not ended) and of a type rules.toml ``reversion.contract_types`` lists; its type is
read from its words through the profile (``contract_types``).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import numpy as np
import pandas as pd

from concession_gis.analysis.contracts import ContractLinks, contract_links, standing
from concession_gis.analysis.holders import holder_keys
from concession_gis.analysis.words import classify
from concession_gis.columns_bo import ActorType, AreaState, SiteRelation
from concession_gis.io.values import code_key
from concession_gis.profile import Profile
from concession_gis.reasons import Reason, encode_each
from concession_gis.rules import Rules


def contract_rules(rules: Rules) -> Rules:
    """``rules`` whose ``contracts.types`` are the reversion's: the shared contract steps read them."""
    return cast(Rules, {**rules, "contracts": {**rules["contracts"], "types": rules["reversion"]["contract_types"]}})


def read_contracts(contracts: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """The --area-contracts table with ``contract_type`` as a code (lease, subcontract,
    partnership, other) and the columns :func:`.contracts.contract_links` reads (``miner``,
    ``ruc``: the private partner)."""
    return contracts.assign(contract_type=classify(contracts["contract_type"], profile.table("contract_types")),
                            miner=contracts["partner"], ruc=contracts["partner_nit"])


def leased_areas(
    codes: pd.Series, actor: pd.Series, contracts: pd.DataFrame | None, reference: dt.date, rules: Rules,
) -> pd.DataFrame:
    """Per area: ``leased_to_private`` (a cooperative's area with a contract in force with a
    private partner; False for the other areas; <NA> for all when no contracts table was given),
    the ``partner`` and ``contract_type`` of the latest such contract."""
    out = pd.DataFrame({"leased_to_private": pd.Series(pd.NA, index=codes.index, dtype="boolean"),
                        "partner": pd.Series(None, index=codes.index, dtype=object),
                        "contract_type": pd.Series(None, index=codes.index, dtype=object)})
    if contracts is None:
        return out
    deals = contracts.assign(key=code_key(contracts["code"]), state=standing(contracts, reference, contract_rules(rules)))
    deals = deals.loc[deals["state"] == "in_force"].sort_values("start", kind="stable").groupby("key").last()
    key = code_key(codes)
    cooperative = (actor == ActorType.COOPERATIVE).to_numpy()
    found = key.isin(deals.index).to_numpy() & cooperative
    out["leased_to_private"] = pd.array(found, dtype="boolean")
    out.loc[found, "partner"] = key[found].map(deals["partner"]).to_numpy()
    out.loc[found, "contract_type"] = key[found].map(deals["contract_type"]).to_numpy()
    return out


def site_contracts(
    operator_key: pd.Series, operator_nit: pd.Series, host_code: pd.Series, contracts: pd.DataFrame | None,
    reference: dt.date, rules: Rules,
) -> ContractLinks:
    """Which work sites a contract in force links to their area: the operator is the contract's
    private partner (by NIT when both give one, else by name), as Peru's miners are linked."""
    return contract_links(operator_key, operator_nit, host_code, contracts, reference, contract_rules(rules))


def reversion_candidates(areas: pd.DataFrame) -> pd.DataFrame:
    """``reversion_candidate``, ``reversion_reason_codes`` and ``reversion_rank`` per area.

    ``areas`` has ``actor_type``, ``area_state``, ``idle``, ``leased_to_private``, ``partner``,
    ``contract_type``, ``n_private_sites``, ``area_ha``. A candidate is a cooperative's area,
    not already reverted or extinct, that is idle or leased to a private firm. Ranked: both
    reasons first, then the private firms' work sites on it, then the hectares.
    """
    cooperative = (areas["actor_type"] == ActorType.COOPERATIVE).to_numpy()
    alive = areas["area_state"].isin([AreaState.IN_FORCE, AreaState.IN_PROCESS]).to_numpy()
    idle = areas["idle"].fillna(False).to_numpy(dtype=bool) & cooperative & alive
    leased = areas["leased_to_private"].fillna(False).to_numpy(dtype=bool) & cooperative & alive
    reasons: list[list[Reason]] = []
    for i in range(len(areas)):
        said = []
        if leased[i]:
            said.append(Reason("reversion.leased", {"partner": str(areas["partner"].iat[i]),
                                                    "type_key": f"contract_type.{areas['contract_type'].iat[i]}"}))
        if idle[i]:
            said.append(Reason("reversion.idle"))
        reasons.append(said)
    candidate = idle | leased
    order = pd.DataFrame({"both": (idle & leased).astype(int), "sites": areas["n_private_sites"].to_numpy(),
                          "ha": areas["area_ha"].to_numpy()}, index=areas.index).loc[candidate]
    ranked = order.sort_values(["both", "sites", "ha"], ascending=False, kind="stable").index
    rank = pd.Series(pd.NA, index=areas.index, dtype="Int64")
    rank[ranked] = np.arange(1, len(ranked) + 1)
    return pd.DataFrame({"reversion_candidate": candidate, "reversion_reason_codes": encode_each(reasons, areas.index),
                         "reversion_rank": rank}, index=areas.index)


def cooperative_summary(
    areas: pd.DataFrame, sites: pd.DataFrame, cooperatives: pd.DataFrame | None, rules: Rules,
) -> pd.DataFrame:
    """One row per cooperative: those holding areas (``actor_type`` cooperative, by holder) and
    those of the --cooperatives table, matched by name (compared as holders are); their areas and hectares, the work
    sites they operate (``operator`` matched by name) and how many of
    those lie on their own areas, their leased areas and reversion candidates."""
    held = areas.loc[areas["actor_type"] == ActorType.COOPERATIVE]
    keys = holder_keys(held["holder"].fillna(""), rules)
    rows = pd.DataFrame({"key": keys.to_numpy(), "cooperative": held["holder"].to_numpy(),
                         "nit": held["holder_nit"].to_numpy()})
    if cooperatives is not None and len(cooperatives):
        listed = pd.DataFrame({"key": holder_keys(cooperatives["cooperative"], rules).to_numpy(),
                               "cooperative": cooperatives["cooperative"].to_numpy(),
                               "nit": cooperatives["nit"].fillna("").to_numpy(),
                               "federation": cooperatives["federation"].to_numpy(),
                               "members": cooperatives["members"].to_numpy()})
        rows = pd.concat([listed, rows], ignore_index=True)
    rows = rows.loc[rows["key"] != ""]
    out = rows.groupby("key", sort=True).first()
    for name in ("federation", "members"):
        if name not in out:
            out[name] = None
    out["members"] = pd.to_numeric(out["members"]).astype("Int64")
    by_key = held.assign(key=keys.to_numpy()).groupby("key")
    out["n_areas"] = by_key.size().reindex(out.index).fillna(0).astype(int)
    out["area_ha"] = by_key["area_ha"].sum().reindex(out.index).fillna(0.0).round(4)
    leased = held.loc[held["leased_to_private"].fillna(False).astype(bool).to_numpy()].assign(
        key=keys[held["leased_to_private"].fillna(False).astype(bool).to_numpy()].to_numpy()).groupby("key")
    out["n_leased_areas"] = leased.size().reindex(out.index).fillna(0).astype(int)
    out["leased_ha"] = leased["area_ha"].sum().reindex(out.index).fillna(0.0).round(4)
    revertible = held["reversion_candidate"].to_numpy(dtype=bool)
    cands = held.loc[revertible].assign(key=keys[revertible].to_numpy()).groupby("key")
    out["n_reversion_candidates"] = cands.size().reindex(out.index).fillna(0).astype(int)
    out["reversion_candidate_ha"] = cands["area_ha"].sum().reindex(out.index).fillna(0.0).round(4)
    operator = holder_keys(sites["operator"].fillna(""), rules)
    out["n_work_sites"] = operator.value_counts().reindex(out.index).fillna(0).astype(int)
    own = operator[(sites["relation"] == SiteRelation.OWN_AREA).to_numpy()]
    out["n_sites_on_own_areas"] = own.value_counts().reindex(out.index).fillna(0).astype(int)
    return out.reset_index(drop=True)
