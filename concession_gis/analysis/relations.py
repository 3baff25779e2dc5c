"""Relation of each registration to its host, whether it declared that host, and conflict type."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.columns import ConflictType, LegalState, Relation, Stratum


def relations(reg: pd.DataFrame) -> pd.Series:
    """``relation`` from the host columns (docs/contract.md: first rule that applies).

    Needs ``host_code``, ``host_legal_state``, ``host_stratum``, ``miner_key``, ``host_holder_key``,
    ``ruc`` and ``host_holder_ruc``.
    """
    state = reg["host_legal_state"]
    same_name = (reg["miner_key"] != "") & (reg["miner_key"] == reg["host_holder_key"])
    same_ruc = (reg["ruc"] != "") & (reg["ruc"] == reg["host_holder_ruc"])
    return pd.Series(
        np.select(
            [
                reg["host_code"].isna(),
                state == LegalState.EXTINCT,
                state == LegalState.PENDING,
                same_name | same_ruc,
                reg["host_stratum"] == Stratum.LARGE_MEDIUM,
            ],
            [Relation.NO_CONCESSION, Relation.EXTINCT_CLAIM, Relation.PENDING_CLAIM, Relation.OWN_TITLE,
             Relation.THIRD_PARTY_LARGE],
            default=Relation.THIRD_PARTY_SMALL,
        ),
        index=reg.index,
        dtype=object,
    )


def code_key(codes: pd.Series) -> pd.Series:
    """Codes compared without leading zeros or punctuation: spreadsheets drop the zeros."""
    return codes.fillna("").astype(str).str.upper().str.replace(r"[^0-9A-Z]", "", regex=True).str.lstrip("0")


def declared_code_match(reg: pd.DataFrame) -> pd.Series:
    """True/False whether the declared concession is the host; <NA> when none was declared."""
    declared = code_key(reg["declared_code"])
    host = code_key(reg["host_code"])
    match = pd.Series(declared == host, index=reg.index, dtype="boolean")
    return match.mask(declared == "", pd.NA)


def conflict_types(reg: pd.DataFrame) -> pd.Series:
    """``conflict_type``: restricted area, own title, coexistence, speculation, blocked, ..."""
    relation = reg["relation"]
    return pd.Series(
        np.select(
            [
                reg["in_restricted"].to_numpy(dtype=bool),
                relation == Relation.OWN_TITLE,
                reg["coexistence"].to_numpy(dtype=bool),
                reg["host_idle"].fillna(False).to_numpy(dtype=bool),
                relation == Relation.EXTINCT_CLAIM,
                relation == Relation.PENDING_CLAIM,
                relation.isin([Relation.THIRD_PARTY_LARGE, Relation.THIRD_PARTY_SMALL]),
            ],
            [ConflictType.RESTRICTED_AREA, ConflictType.OWN_TITLE, ConflictType.COEXISTENCE_CANDIDATE,
             ConflictType.SPECULATION, ConflictType.BLOCKED, ConflictType.PENDING_CLAIM, ConflictType.THIRD_PARTY],
            default=ConflictType.NO_CONCESSION,
        ),
        index=reg.index,
        dtype=object,
    )
