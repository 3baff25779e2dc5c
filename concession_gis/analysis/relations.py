"""Relation of each registration to its host, whether it declared that host, and conflict type."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns import LARGE_STRATA, ConflictType, LegalState, Relation
from concession_gis.io.values import code_key

__all__ = ["code_key", "conflict_types", "declared_code_match", "relations"]


def relations(
    miner_key: pd.Series, ruc: pd.Series, host: pd.DataFrame, contract: pd.Series | None = None
) -> pd.Series:
    """``relation`` of each registration to its host (docs/contract.md: first rule that applies).

    ``miner_key`` (:func:`~concession_gis.analysis.holders.holder_keys` of the miner) and ``ruc``
    are the registration's; ``host`` has the host's ``code`` (missing where there is none),
    ``legal_state``, ``stratum``, ``holder_key`` and ``holder_ruc``, row for row; ``contract``
    says where a contract in force links the miner to the host's holder
    (:func:`~concession_gis.analysis.contracts.contract_links`): after the miner's own title,
    before the third-party relations.
    """
    if contract is None:
        contract = pd.Series(False, index=miner_key.index)
    state = host["legal_state"].to_numpy()
    same_name = (miner_key.to_numpy() != "") & (miner_key.to_numpy() == host["holder_key"].to_numpy())
    same_ruc = (ruc.to_numpy() != "") & (ruc.to_numpy() == host["holder_ruc"].to_numpy())
    return pd.Series(
        np.select(
            [
                host["code"].isna().to_numpy(),
                state == LegalState.UNKNOWN,
                state == LegalState.EXTINCT,
                state == LegalState.PENDING,
                same_name | same_ruc,
                contract.to_numpy(dtype=bool),
                host["stratum"].isin(LARGE_STRATA).to_numpy(),
            ],
            [Relation.NO_CONCESSION, Relation.UNKNOWN_STATE, Relation.EXTINCT_CLAIM, Relation.PENDING_CLAIM, Relation.OWN_TITLE,
             Relation.CONTRACT, Relation.THIRD_PARTY_LARGE],
            default=Relation.THIRD_PARTY_SMALL,
        ),
        index=miner_key.index,
        dtype=object,
    )


def declared_code_match(declared_code: pd.Series, host_code: pd.Series) -> pd.Series:
    """True/False whether the declared concession is the host; <NA> when none was declared."""
    declared = code_key(declared_code)
    host = code_key(host_code)
    match = pd.Series(declared.to_numpy() == host.to_numpy(), index=declared_code.index, dtype="boolean")
    return match.mask(declared == "", pd.NA)


def conflict_types(
    in_restricted: pd.Series, relation: pd.Series, coexistence: pd.Series, host_idle: pd.Series,
    in_allowed_zone: pd.Series | None = None,
) -> pd.Series:
    """``conflict_type`` of each registration, the first that applies: restricted area, outside
    an allowed zone (``in_allowed_zone`` false; empty is not outside), own title, contract with the holder, coexistence candidate, speculation (an idle host), blocked, pending claim, third
    party, a host of unknown legal state, no concession."""
    if in_allowed_zone is None:
        in_allowed_zone = pd.Series(pd.NA, index=relation.index, dtype="boolean")
    return pd.Series(
        np.select(
            [
                in_restricted.fillna(False).to_numpy(dtype=bool),  # unknown (<NA>) is not inside
                (~in_allowed_zone.astype("boolean")).fillna(False).to_numpy(dtype=bool),
                (relation == Relation.OWN_TITLE).to_numpy(),
                (relation == Relation.CONTRACT).to_numpy(),
                coexistence.to_numpy(dtype=bool),
                host_idle.fillna(False).to_numpy(dtype=bool),
                relation == Relation.EXTINCT_CLAIM,
                relation == Relation.PENDING_CLAIM,
                relation.isin([Relation.THIRD_PARTY_LARGE, Relation.THIRD_PARTY_SMALL]),
                relation == Relation.UNKNOWN_STATE,
            ],
            [ConflictType.RESTRICTED_AREA, ConflictType.OUTSIDE_ALLOWED_ZONE, ConflictType.OWN_TITLE, ConflictType.CONTRACT, ConflictType.COEXISTENCE_CANDIDATE,
             ConflictType.SPECULATION, ConflictType.BLOCKED, ConflictType.PENDING_CLAIM, ConflictType.THIRD_PARTY,
             ConflictType.UNKNOWN_STATE],
            default=ConflictType.NO_CONCESSION,
        ),
        index=relation.index,
        dtype=object,
    )
