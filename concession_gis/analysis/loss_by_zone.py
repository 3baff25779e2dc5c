"""The ``loss_by_zone`` table: forest loss per year on each kind of ground, each hectare once.

MAAP's headline table (mining loss inside and outside the corridor, in and out of protected
areas), for any region: every loss pixel of the raster is put in one row, by the district it
lies in, the claim under it (by the legal state of the strongest claim where claims overlap, in
the order of rules.toml ``hosts.rank``), the most restrictive restricted area (prohibited over
conditional) and whether it lies inside an allowed zone. The rows add up to the raster's loss.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis import columns
from concession_gis.analysis.districts import PLACE
from concession_gis.analysis.restricted import CONDITIONAL, PROHIBITED
from concession_gis.geodesy import M2_PER_HA, WGS84
from concession_gis.progress import Feedback
from concession_gis.raster.sources import LossSource
from concession_gis.raster.zonal import to_raster_crs
from concession_gis.raster.zone_loss import classed_loss

OUTSIDE_CLAIMS = "outside_claims"


def loss_by_zone(
    sources: list[LossSource], claims: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, zones: gpd.GeoSeries | None,
    boundaries: gpd.GeoDataFrame | None, rank: list[str], feedback: Feedback | None = None,
) -> pd.DataFrame:
    """:data:`columns.LOSS_BY_ZONE` rows for every source. ``claims`` has ``legal_state``;
    ``areas`` ``restricted_category``; ``zones`` are the allowed zones (None: not given, and
    ``in_allowed_zone`` stays empty); ``boundaries`` the districts with the place columns (None:
    the place columns stay empty); ``rank`` the legal states, strongest first."""
    states = [str(s) for s in (*rank, *(s for s in columns.LEGAL_STATES if s not in rank))]
    state_class = claims["legal_state"].astype(str).map({s: len(states) - i for i, s in enumerate(states)})
    categories = areas["restricted_category"].astype(str)
    area_class = np.where(categories == PROHIBITED, 2, np.where(categories == CONDITIONAL, 1, 0))
    frames = []
    for source in sources:
        def moved(geoms: np.ndarray, source: LossSource = source) -> np.ndarray:
            return to_raster_crs(geoms, WGS84, source.crs)

        order = np.argsort(state_class.fillna(0).to_numpy(), kind="stable")  # the strongest burnt last
        layers = [(moved(claims.geometry.to_numpy()[order]), state_class.fillna(0).to_numpy(dtype=np.int64)[order])]
        order = np.argsort(area_class, kind="stable")
        layers.append((moved(areas.geometry.to_numpy()[order]), area_class[order]))
        if zones is not None:
            layers.append((moved(zones.to_numpy()), np.ones(len(zones), dtype=np.int64)))
        if boundaries is not None:
            layers.append((moved(boundaries.geometry.to_numpy()), np.arange(1, len(boundaries) + 1)))
        sums = classed_loss(source, layers, feedback)
        frames.append(_worded(sums, source, states, zones is not None, boundaries))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns.LOSS_BY_ZONE})
    return pd.concat(frames, ignore_index=True)[list(columns.LOSS_BY_ZONE)]


def _worded(sums: pd.DataFrame, source: LossSource, states: list[str], with_zones: bool,
            boundaries: gpd.GeoDataFrame | None) -> pd.DataFrame:
    state_of = {len(states) - i: s for i, s in enumerate(states)}
    out = pd.DataFrame({
        "source": source.label,
        "year": sums["year"].astype("Int64").mask(sums["year"] < 0),
        "claim_zone": sums["zone0"].map(state_of).fillna(OUTSIDE_CLAIMS),
        "restricted_category": sums["zone1"].map({0: "", 1: str(CONDITIONAL), 2: str(PROHIBITED)}),
    })
    k = 2
    if with_zones:
        out["in_allowed_zone"] = sums["zone2"].astype(bool).astype("boolean")
        k = 3
    else:
        out["in_allowed_zone"] = pd.Series(pd.NA, index=sums.index, dtype="boolean")
    if boundaries is not None:
        places = boundaries[PLACE].reset_index(drop=True)
        index = sums[f"zone{k}"].to_numpy(dtype=np.int64) - 1
        for place in PLACE:
            values = places[place].to_numpy(dtype=object)[np.maximum(index, 0)]
            out[place] = np.where(index >= 0, values, columns.OUTSIDE_DISTRICTS if place == "district" else "")
    else:
        for place in PLACE:
            out[place] = ""
    out["loss_ha"] = sums["m2"].to_numpy() / M2_PER_HA
    keys = ["source", "year", *PLACE, "claim_zone", "restricted_category", "in_allowed_zone"]
    return out.groupby(keys, as_index=False, dropna=False, sort=True)["loss_ha"].sum()
