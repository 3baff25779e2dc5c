"""Contracts between a miner and a title holder (--contracts): which registrations work their
host claim under one in force.

Formalization needs the title or a contract with the title holder (contrato de explotación,
cesión minera); a registration whose miner has such a contract on its host claim has the
relation ``contract`` (analysis/relations.py). A contract links a registration when its claim
code is the host's (compared by :func:`~concession_gis.analysis.relations.code_key`) and its
miner is the registration's: by RUC when both give one, else by normalized name (as holders are
compared). It counts when it is in force at the reference date: started on or before it and
not ended before it (no end date: without a term), and of a type rules.toml
``contracts.types`` lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from concession_gis.analysis.holders import holder_keys
from concession_gis.analysis.relations import code_key
from concession_gis.errors import ExpiredContractsWarning, warn
from concession_gis.rules import Rules


@dataclass(frozen=True)
class ContractLinks:
    """Row for row with the registrations: ``linked`` (a contract in force with the host's
    holder), ``expired_only`` (only expired contracts would have linked it); and ``counts``,
    the contracts by standing at the reference date, for summary.json."""

    linked: pd.Series
    expired_only: pd.Series
    counts: dict[str, int]


def standing(contracts: pd.DataFrame, reference: dt.date, rules: Rules) -> pd.Series:
    """``in_force``, ``expired``, ``not_started`` or ``other_type`` for each contract (columns
    ``contract_type``, ``start``, ``end``)."""
    day = pd.Timestamp(reference)
    start = pd.to_datetime(contracts["start"])
    end = pd.to_datetime(contracts["end"])
    return pd.Series(np.select(
        [~contracts["contract_type"].isin(rules["contracts"]["types"]).to_numpy(), (start > day).to_numpy(),
         (end < day).fillna(False).to_numpy(dtype=bool)],
        ["other_type", "not_started", "expired"], default="in_force"), index=contracts.index, dtype=object)


def contract_links(
    miner_key: pd.Series, ruc: pd.Series, host_code: pd.Series, contracts: pd.DataFrame | None,
    reference: dt.date, rules: Rules,
) -> ContractLinks:
    """Which registrations (``miner_key`` from :func:`holder_keys`, ``ruc``, ``host_code``, row
    for row) a contract links to their host; ``contracts`` is the --contracts table (``code``,
    ``miner``, ``ruc``, ``contract_type``, ``start``, ``end``), or None."""
    none = pd.Series(False, index=miner_key.index, dtype=bool)
    if contracts is None:
        return ContractLinks(none, none, {})
    state = standing(contracts, reference, rules)
    counts = {"rows": len(contracts), **{s: int((state == s).sum()) for s in
                                         ("in_force", "expired", "not_started", "other_type")}}
    regs = pd.DataFrame({"reg": np.arange(len(miner_key)), "key": code_key(host_code).to_numpy(),
                         "ruc": ruc.fillna("").to_numpy(), "name": miner_key.fillna("").to_numpy()})
    regs = regs.loc[host_code.notna().to_numpy() & (regs["key"] != "")]
    deals = pd.DataFrame({"key": code_key(contracts["code"]).to_numpy(), "ruc": contracts["ruc"].fillna("").to_numpy(),
                          "name": holder_keys(contracts["miner"].fillna(""), rules).to_numpy(),
                          "state": state.to_numpy()})
    pairs = regs.merge(deals, on="key", suffixes=("", "_deal"))
    both_ruc = (pairs["ruc"] != "") & (pairs["ruc_deal"] != "")
    same = np.where(both_ruc, pairs["ruc"] == pairs["ruc_deal"], (pairs["name"] != "") & (pairs["name"] == pairs["name_deal"]))
    pairs = pairs.loc[same]
    linked = np.zeros(len(miner_key), dtype=bool)
    linked[pairs.loc[pairs["state"] == "in_force", "reg"].to_numpy()] = True
    expired = np.zeros(len(miner_key), dtype=bool)
    expired[pairs.loc[pairs["state"] == "expired", "reg"].to_numpy()] = True
    counts["registrations_linked"] = int(linked.sum())
    counts["registrations_expired_only"] = int((expired & ~linked).sum())
    if counts["registrations_expired_only"]:  # a renewal may be under way: the mediator should ask
        warn(ExpiredContractsWarning(key="warning.expired_contracts", n=counts["registrations_expired_only"],
                                     date=reference))  # a date: read day first in Spanish
    return ContractLinks(pd.Series(linked, index=miner_key.index), pd.Series(expired & ~linked, index=miner_key.index),
                         counts)
