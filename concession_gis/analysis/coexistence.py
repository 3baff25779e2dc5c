"""Coexistence candidates: active miners on the worked claim of a large or medium company.

Coexistence needs both sides' commitment: the miner's (an active registration) and the
company's, which needs a company that works its claim; on an idle claim it would only entrench
speculation. There is no coexistence example in alluvial settings, so only hard-rock metallic
work qualifies. The score ranks the candidates; the reasons (as codes) say why.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from concession_gis.columns import RegStatus, Relation
from concession_gis.io.values import fold_series
from concession_gis.reasons import Reason, encode_each


def alluvial(reg: pd.DataFrame, words: list[str]) -> pd.Series:
    """Whether the activity or deposit-type text names alluvial (placer) work."""
    text = fold_series(reg["activity"].fillna("") + " " + reg["deposit_type"].fillna(""))
    pattern = "|".join(w.upper() for w in words)
    return text.str.contains(pattern, regex=True) if pattern else pd.Series(False, index=reg.index)


def coexistence(
    reg: pd.DataFrame, reference: dt.date, rules: dict
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(``coexistence``, ``coexistence_score``, ``coexistence_reason_codes``) per registration,
    the reasons as cells of codes (:mod:`concession_gis.reasons`).

    Needs ``reg_status``, ``relation``, ``host_idle``, ``host_substance``, ``activity``,
    ``deposit_type``, ``in_restricted``, ``declared_code_match``, ``n_hosts``, ``registered_on``,
    ``host_recent_production``, ``host_loss_active`` and ``host_active_registrations``.
    """
    rule = rules["coexistence"]
    points = rule["score"]
    metallic = fold_series(reg["host_substance"].fillna("")).isin([m.upper() for m in rule["metallic_substances"]])
    large_host = reg["relation"] == Relation.THIRD_PARTY_LARGE
    conditions = [
        ("not_active", reg["reg_status"] == RegStatus.ACTIVE),
        ("host_idle", ~reg["host_idle"].fillna(False).astype(bool)),
        ("not_metallic", metallic),
        ("alluvial", ~alluvial(reg, rule["alluvial_words"])),
        ("restricted", ~reg["in_restricted"].astype(bool)),
    ]
    candidate = large_host.copy()
    for _, holds in conditions:
        candidate &= holds
    established_before = pd.Timestamp(reference) - pd.DateOffset(years=rule["established_years"])
    criteria = [
        ("host_recent_production", reg["host_recent_production"].fillna(False).astype(bool)),
        ("host_loss_since_filed", ~reg["host_recent_production"].fillna(False).astype(bool)
         & reg["host_loss_active"].fillna(False).astype(bool)),
        ("declared_code_match", reg["declared_code_match"].fillna(False).astype(bool)),
        ("single_host", reg["n_hosts"] == 1),
        ("established", (reg["registered_on"] <= established_before).fillna(False)),
        ("group", reg["host_active_registrations"] >= 2),
    ]
    score = np.where(candidate, points["base"], 0).astype(np.int64)
    reasons = [[Reason("coexistence.base")] if c else [] for c in candidate]
    for name, holds in criteria:
        hit = (candidate & holds).to_numpy()
        score += np.where(hit, points[name], 0)
        for i in np.flatnonzero(hit):
            reasons[i].append(Reason(f"coexistence.{name}"))
    # On a large company's claim but not a candidate: say which condition failed.
    for name, holds in conditions:
        for i in np.flatnonzero((large_host & ~holds).to_numpy()):
            reasons[i].append(Reason(f"coexistence.fails.{name}"))
    unknown = candidate & reg["host_idle"].isna()
    for i in np.flatnonzero(unknown.to_numpy()):
        reasons[i].append(Reason("coexistence.activity_unknown"))
    score = pd.Series(np.clip(score, 0, 100), index=reg.index, dtype="int64")
    return candidate.astype(bool), score, encode_each(reasons, reg.index)
