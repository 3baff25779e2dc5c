"""Per-district summary: claims, hectares, registrations by relation and conflict type, and m.

m is the share of the titled claim area that hosts at least one active registration: the
quantity that, in the Bolivia/Peru comparison, governs the state's strategy.
"""

from __future__ import annotations

import pandas as pd

from concession_gis.columns import CONFLICT_TYPES, RELATIONS

PLACE = ["department", "province", "district"]


def district_summary(concessions: pd.DataFrame, registrations: pd.DataFrame) -> pd.DataFrame:
    """One row per department/province/district found in either layer."""
    conc = concessions.copy()
    conc[PLACE] = conc[PLACE].fillna("")
    titled = conc["legal_state"] == "titled"
    conc["titled_ha"] = conc["area_ha"].where(titled, 0.0)
    conc["pending_ha"] = conc["area_ha"].where(conc["legal_state"] == "pending", 0.0)
    conc["extinct_ha"] = conc["area_ha"].where(conc["legal_state"] == "extinct", 0.0)
    conc["idle_ha"] = conc["area_ha"].where(conc["idle"].fillna(False).astype(bool), 0.0)
    conc["titled_ha_with_active"] = conc["titled_ha"].where(conc["n_active_registrations"] > 0, 0.0)
    sums = {"n_concessions": ("code", "size"), "n_idle": ("idle", lambda s: int(s.fillna(False).sum()))}
    sums |= {c: (c, "sum") for c in ("titled_ha", "pending_ha", "extinct_ha", "idle_ha", "titled_ha_with_active")}
    if "loss_ha" in conc:
        sums["loss_ha"] = ("loss_ha", "sum")
    by_claims = conc.groupby(PLACE, dropna=False).agg(**sums)

    reg = registrations.copy()
    reg[PLACE] = reg[PLACE].fillna("")
    reg["n_registrations"] = 1
    reg["n_active_registrations"] = (reg["reg_status"] == "active").astype(int)
    for relation in RELATIONS:
        reg[f"relation_{relation}"] = (reg["relation"] == relation).astype(int)
    for kind in CONFLICT_TYPES:
        reg[f"conflict_{kind}"] = (reg["conflict_type"] == kind).astype(int)
    counted = ["n_registrations", "n_active_registrations"]
    counted += [f"relation_{r}" for r in RELATIONS] + [f"conflict_{k}" for k in CONFLICT_TYPES]
    by_regs = reg.groupby(PLACE, dropna=False)[counted].sum()

    table = by_claims.join(by_regs, how="outer").fillna(0)
    for column in table.columns:
        if column.startswith(("n_", "relation_", "conflict_")):
            table[column] = table[column].astype("int64")
    table["m_informal_share"] = (table["titled_ha_with_active"] / table["titled_ha"].where(table["titled_ha"] > 0)).round(4)
    table = table.drop(columns="titled_ha_with_active")
    return table.reset_index().sort_values(PLACE, kind="stable").reset_index(drop=True)
