"""Coexistence candidates: active miners on the worked claim of a large or medium company.

Coexistence needs both sides' commitment: the miner's (an active registration) and the
company's, which needs a company (not a person) that works its claim; on an idle claim it would
only entrench speculation. There is no coexistence example in alluvial settings, so only a
deposit known to be hard rock qualifies (:mod:`concession_gis.analysis.deposits`). The score
ranks the candidates; the reasons (as codes) say why.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from concession_gis.analysis.restricted import CONDITIONAL
from concession_gis.columns import DepositType, HolderType, LocatedBy, RegStatus, Relation, Stratum
from concession_gis.io.values import fold_series
from concession_gis.reasons import Reason, encode_each
from concession_gis.rules import Rules


def coexistence(
    reg: pd.DataFrame, host: pd.DataFrame, reference: dt.date, rules: Rules
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(``coexistence``, ``coexistence_score``, ``coexistence_reason_codes``) per registration,
    the reasons as cells of codes (:mod:`concession_gis.reasons`).

    ``reg`` has the registrations' ``reg_status``, ``relation``, ``deposit_type``,
    ``_in_prohibited`` (in a prohibited area; <NA> where unknown), ``restricted_category``,
    ``in_allowed_zone`` (false outside every allowed zone where they are the line, else <NA>/true),
    ``declared_code_match``, ``n_hosts``,
    ``registered_on`` and ``located_by``; ``host``,
    row for row, what is known of each one's host: ``idle``, ``substance``,
    ``recent_production`` and ``loss_active`` (the evidence sources' word; <NA> when silent),
    ``active_registrations`` (how many active registrations it hosts), ``holder_type``,
    ``stratum`` and ``plant_km``.
    """
    rule = rules["coexistence"]
    points = rule["score"]
    host = host.set_axis(reg.index)
    metallic = fold_series(host["substance"].fillna("")).isin([m.upper() for m in rule["metallic_substances"]])
    large_host = reg["relation"] == Relation.THIRD_PARTY_LARGE
    production = host["recent_production"].fillna(False).astype(bool)
    deposit = reg["deposit_type"]
    unverified = deposit == DepositType.UNKNOWN
    company = rule["require_company_holder"]
    conditions = [  # (name of the failure, holds)
        ("not_active", reg["reg_status"] == RegStatus.ACTIVE),
        ("host_idle", ~host["idle"].fillna(False).astype(bool)),
        ("not_metallic", metallic),
        ("alluvial", deposit != DepositType.ALLUVIAL),
        ("deposit_unknown", ~unverified | (rule["unknown_deposit"] == "include")),
        ("holder_person", ~(host["holder_type"] == HolderType.PERSON) | (not company)),
        ("holder_unknown", ~(host["holder_type"] == HolderType.UNKNOWN) | (not company)),
        # A prohibited area only (restricted.categories): in a conditional one coexistence stays
        # possible, with SERNANP's compatibility opinion (score.conditional_area, its reason).
        ("restricted", ~reg["_in_prohibited"].fillna(False).astype(bool)),
        # Placed on its declared claim, which lies partly in a prohibited area: the miner may be.
        ("restricted_unknown", reg["_in_prohibited"].notna()),
        # Outside every allowed mining zone of a department whose line they are (Madre de Dios'
        # corridor, D.L. 1100): the miner cannot be formalized there, so no coexistence either.
        ("outside_allowed_zone", reg["in_allowed_zone"].fillna(True).astype(bool)),
    ]
    candidate = large_host.copy()
    for _, holds in conditions:
        candidate &= holds
    established_before = pd.Timestamp(reference) - pd.DateOffset(years=rule["established_years"])
    criteria = [  # (name, holds, points)
        ("host_recent_production", production, points["host_recent_production"]),
        ("host_loss_since_filed", ~production & host["loss_active"].fillna(False).astype(bool),
         points["host_loss_since_filed"]),
        ("declared_code_match", reg["declared_code_match"].fillna(False).astype(bool), points["declared_code_match"]),
        ("single_host", reg["n_hosts"] == 1, points["single_host"]),
        ("established", (reg["registered_on"] <= established_before).fillna(False), points["established"]),
        ("group", host["active_registrations"] >= 2, points["group"]),
        ("plant_near", host["plant_km"].astype(float) <= rule["plant_km"], points["plant_near"]),
        ("medium_host", host["stratum"] == Stratum.MEDIUM, points["medium_host"]),
        ("conditional_area", reg["restricted_category"] == CONDITIONAL, points["conditional_area"]),
    ]
    score = np.where(candidate, points["base"], 0).astype(np.int64)
    reasons = [[Reason("coexistence.base")] if c else [] for c in candidate]
    # What is known of the deposit, said of every candidate: hard rock, or to be verified.
    for i in np.flatnonzero(candidate.to_numpy()):
        reasons[i].append(Reason("coexistence.deposit_unverified" if unverified.iat[i] else "coexistence.hard_rock"))
    plant_km = host["plant_km"].astype(float).to_numpy()
    for name, holds, worth in criteria:
        hit = (candidate & holds.fillna(False).astype(bool)).to_numpy()
        score += np.where(hit, worth, 0)
        for i in np.flatnonzero(hit):
            values = {"km": round(float(plant_km[i]), 1)} if name == "plant_near" else {}
            reasons[i].append(Reason(f"coexistence.{name}", values))
    # On a large company's claim but not a candidate: say which condition failed.
    for name, holds in conditions:
        for i in np.flatnonzero((large_host & ~holds).to_numpy()):
            reasons[i].append(Reason(f"coexistence.fails.{name}"))
    unknown = candidate & host["idle"].isna()
    for i in np.flatnonzero(unknown.to_numpy()):
        reasons[i].append(Reason("coexistence.activity_unknown"))
    # Every condition holds on the declared claim; whether the miner works on it is not surveyed.
    declared = candidate & (reg["located_by"] == LocatedBy.DECLARED_CODE)
    for i in np.flatnonzero(declared.to_numpy()):
        reasons[i].append(Reason("coexistence.declared_location"))
    score = pd.Series(np.clip(score, 0, 100), index=reg.index, dtype="int64")
    return candidate.astype(bool), score, encode_each(reasons, reg.index)
