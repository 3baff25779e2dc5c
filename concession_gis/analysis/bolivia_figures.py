"""Seed 003's figures from a Bolivian run's areas: the growth of cooperative area (hectares by
actor type and year of grant), the reverted and revertible hectares by department and
municipality, and Bolivia's *m* per municipality (docs/domain.md, "m in Bolivia")."""

from __future__ import annotations

import pandas as pd

from concession_gis import columns_bo
from concession_gis.columns_bo import ActorType, AreaState


def area_by_actor_year(areas: pd.DataFrame) -> pd.DataFrame:
    """Seed 003's growth of cooperative area: areas and hectares by actor type and grant year."""
    frame = areas.assign(actor_type=areas["actor_type"].replace("", "unknown"))
    table = frame.groupby(["actor_type", "grant_year"], dropna=False).agg(n_areas=("code", "size"),
                                                                          area_ha=("area_ha", "sum"))
    return table.reset_index().assign(area_ha=lambda t: t["area_ha"].round(4))[[*columns_bo.AREA_BY_ACTOR_YEAR]]


def reversion_by_place(areas: pd.DataFrame) -> pd.DataFrame:
    """Hectares by department and municipality: all areas, cooperatives', reverted, candidates;
    and ``m_cooperative_share``, the share of the hectares in force that cooperatives hold or
    work (a cooperative's area, or one hosting a cooperative's work site): Bolivia's *m*
    (docs/domain.md "m in Bolivia"); empty where no area is in force."""
    ha = areas["area_ha"]
    in_force = (areas["area_state"] == AreaState.IN_FORCE).to_numpy()
    cooperative = ((areas["actor_type"] == ActorType.COOPERATIVE) | (areas["n_cooperative_sites"] > 0)).to_numpy()
    frame = pd.DataFrame({"department": areas["department"], "municipality": areas["municipality"],
                          "area_ha": ha,
                          "cooperative_ha": ha.where(areas["actor_type"] == ActorType.COOPERATIVE, 0.0),
                          "reverted_ha": ha.where(areas["area_state"] == AreaState.REVERTED, 0.0),
                          "reversion_candidate_ha": ha.where(areas["reversion_candidate"].astype(bool), 0.0),
                          "in_force_ha": ha.where(in_force, 0.0), "worked_ha": ha.where(in_force & cooperative, 0.0)})
    table = frame.groupby(["department", "municipality"]).agg(
        n_areas=("area_ha", "size"), area_ha=("area_ha", "sum"), cooperative_ha=("cooperative_ha", "sum"),
        reverted_ha=("reverted_ha", "sum"), reversion_candidate_ha=("reversion_candidate_ha", "sum"),
        in_force_ha=("in_force_ha", "sum"), worked_ha=("worked_ha", "sum"))
    table["m_cooperative_share"] = table["worked_ha"] / table["in_force_ha"].where(table["in_force_ha"] > 0)
    return table.round(4).reset_index()[[*columns_bo.REVERSION_BY_PLACE]]
