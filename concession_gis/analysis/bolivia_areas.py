"""AJAM's mining areas read through Bolivia's profile: state, right type, actor type, and the
declared cuadrículas against the measured hectares."""

from __future__ import annotations

import numpy as np
import pandas as pd

from concession_gis.analysis.words import classify, contains_any
from concession_gis.columns_bo import ActorType, AreaState, GridCheck
from concession_gis.profile import Profile
from concession_gis.reasons import Reason, decode, encode_each
from concession_gis.rules import Rules


def area_states(state_text: pd.Series, known: pd.Series | bool, profile: Profile) -> pd.Series:
    """``area_state`` of each area from its state words (``other`` for words the profile does
    not list, and for an empty cell); ``unknown`` where ``known`` is false: an area of a file
    without a state column."""
    state = classify(state_text, profile.table("states"))
    state = state.mask(state == "", AreaState.OTHER.value)
    known = pd.Series(known, index=state_text.index, dtype=bool)
    return state.where(known, AreaState.UNKNOWN.value)


def shared_legal_states(area_state: pd.Series, profile: Profile) -> pd.Series:
    """The legal state the shared steps (hosts, idle) read: in force is ``titled`` and so on
    (the profile's ``legal_state_of``)."""
    return area_state.map(profile.data["legal_state_of"]).fillna("other").astype(object)


def actor_types(actor_text: pd.Series, holder: pd.Series, profile: Profile) -> tuple[pd.Series, pd.Series]:
    """(``actor_type``, ``actor_type_source``) of each holder or operator: from the actor-type
    column where it says one (``column``), else from the name (``name``: a state company or a
    cooperative by the profile's words, any other named holder private); ``""`` when neither."""
    said = classify(actor_text, profile.table("actor_types"))
    said = said.where(said.isin([a.value for a in ActorType]), "")
    names = profile.data["actor_types"]["names"]
    by_name = np.select([contains_any(holder, names["state"]), contains_any(holder, names["cooperative"]),
                         holder.fillna("").astype(str).str.strip() != ""],
                        [ActorType.STATE.value, ActorType.COOPERATIVE.value, ActorType.PRIVATE.value], default="")
    actor = said.where(said != "", pd.Series(by_name, index=holder.index))
    source = np.where(said != "", "column", np.where(actor != "", "name", ""))
    return actor.astype(object), pd.Series(source, index=holder.index, dtype=object)


def right_types(right_text: pd.Series, profile: Profile) -> pd.Series:
    """``right_type``: ``ate``, ``cam``, ``licence``, ``other`` or ``""`` (none given)."""
    return classify(right_text, profile.table("right_types"))


def grid_check(grids: pd.Series, area_ha: pd.Series, rules: Rules) -> pd.DataFrame:
    """``grid_ha`` (declared cuadrículas x ``cuadriculas.ha_each``), ``grid_difference_pct``
    ((measured - declared) / declared, in percent), ``grid_check`` and its reason cell: an area
    ``differs`` when the difference exceeds ``cuadriculas.tolerance_fraction``."""
    table = rules["cuadriculas"]
    count = pd.to_numeric(grids, errors="coerce")
    declared = count * table["ha_each"]
    declared = declared.where(declared > 0)
    difference = (area_ha - declared) / declared
    differs = (difference.abs() > table["tolerance_fraction"]).to_numpy()
    check = np.where(declared.isna(), GridCheck.NO_COUNT.value,
                     np.where(differs, GridCheck.DIFFERS.value, GridCheck.AGREES.value))
    reasons: list[list[Reason]] = []
    for n, ha, measured, pct, state in zip(count, declared, area_ha, difference * 100, check, strict=True):
        if state == GridCheck.DIFFERS:
            reasons.append([Reason("grid.differs", {"grids": int(n), "declared": float(ha), "measured": float(measured),
                                                     "pct": float(pct),
                                                     "tolerance": 100 * table["tolerance_fraction"]})])
        else:
            reasons.append([])
    return pd.DataFrame({"grid_ha": declared.round(4), "grid_difference_pct": (difference * 100).round(3),
                         "grid_check": check, "grid_reason_codes": encode_each(reasons, area_ha.index)},
                        index=area_ha.index)


# The shared idle reasons that speak of Peru's titles and filings, and their Bolivian words
# (areas in force, grants, work sites); the others (production, forest) are the same.
BOLIVIAN_REASONS = {
    "idle.not_titled": "idle_bo.not_in_force", "idle.no_date": "idle_bo.no_date", "idle.young": "idle_bo.young",
    "idle.no_evidence": "idle_bo.no_evidence", "idle.loss": "idle_bo.loss", "idle.idle": "idle_bo.idle",
    "idle.loss_miners": "idle_bo.loss_miners", "idle.unknown_state": "idle_bo.unknown_state",
}


def in_bolivian_terms(cells: pd.Series) -> pd.Series:
    """Reason cells with the codes of :data:`BOLIVIAN_REASONS` replaced, values kept."""
    rows = [[Reason(BOLIVIAN_REASONS.get(r.code, r.code), r.values) for r in decode(cell)] for cell in cells]
    return encode_each(rows, cells.index)
