"""Relation of each registration to its host, whether it declared that host, and conflict type."""

from __future__ import annotations

import numpy as np
import pandas as pd


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
                state == "extinct",
                state == "pending",
                same_name | same_ruc,
                reg["host_stratum"] == "large_medium",
            ],
            ["no_concession", "extinct_claim", "pending_claim", "own_title", "third_party_large"],
            default="third_party_small",
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
                relation == "own_title",
                reg["coexistence"].to_numpy(dtype=bool),
                reg["host_idle"].fillna(False).to_numpy(dtype=bool),
                relation == "extinct_claim",
                relation == "pending_claim",
                relation.isin(["third_party_large", "third_party_small"]),
            ],
            ["restricted_area", "own_title", "coexistence_candidate", "speculation", "blocked",
             "pending_claim", "third_party"],
            default="no_concession",
        ),
        index=reg.index,
        dtype=object,
    )
