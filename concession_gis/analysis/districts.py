"""Per-district summary: claims, hectares, registrations by relation and conflict type, and m.

m is the share of the titled claim area that hosts at least one active registration: the
quantity that, in the Bolivia/Peru comparison, governs the state's strategy.

Forest loss per district is measured on the ground the district's claims cover together, so a
hectare under two overlapping claims counts once there (each claim's own ``loss_ha`` counts it).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from concession_gis.columns import CONFLICT_TYPES, RELATIONS

PLACE = ["department", "province", "district"]


def claimed_ground(concessions: gpd.GeoDataFrame) -> tuple[pd.DataFrame, gpd.GeoSeries]:
    """Each district's claims merged into one shape: (department, province, district) rows, shapes."""
    places = concessions[PLACE].fillna("")
    groups = places.groupby(PLACE, sort=True).indices
    geoms = np.asarray(concessions.geometry.values, dtype=object)
    shapes = [shapely.union_all(shapely.make_valid(geoms[rows])) for rows in groups.values()]
    keys = pd.DataFrame(list(groups), columns=PLACE) if groups else pd.DataFrame(columns=PLACE)
    return keys, gpd.GeoSeries(shapes, crs=concessions.crs)


def district_summary(
    concessions: pd.DataFrame, registrations: pd.DataFrame, loss: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per department/province/district found in either layer.

    ``loss``, when a raster was given, has the place columns and ``loss_ha`` on the ground the
    district's claims cover (see :func:`claimed_ground`).
    """
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
    by_claims = conc.groupby(PLACE, dropna=False).agg(**sums)
    if loss is not None:
        by_claims = by_claims.join(loss.set_index(PLACE)["loss_ha"])

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
