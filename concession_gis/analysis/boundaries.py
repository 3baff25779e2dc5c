"""Districts by ground: with a district-boundary layer (``--districts``), each claim's hectares go
to the districts its polygon covers, in the share of its ground inside each, instead of equal
shares among the districts its cell names (:mod:`.districts`).

Areas are ellipsoidal: the claims and the district polygons are cut in the working equal-area
CRS (:mod:`concession_gis.geodesy`), where the planar area of a piece is its area on the WGS84
ellipsoid. Ground of a claim outside every polygon given (a layer of one province under a
claim on its edge) goes to the row :data:`OUTSIDE`, so that the districts' hectares still add
up to the claims'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from concession_gis.analysis.districts import PLACE
from concession_gis.analysis.intersecting import intersecting
from concession_gis.analysis.joined import joined_per_key
from concession_gis.columns import OUTSIDE_DISTRICTS
from concession_gis.errors import DistrictOverlapWarning, warn
from concession_gis.geodesy import area_ha

# The district code of ground outside every district polygon given (columns.py).
OUTSIDE = OUTSIDE_DISTRICTS
# Share of a claim below which its ground in a district is round-off of the cut (1 m² of a
# 100 ha claim), not a piece: a claim that only touches a district is not in it.
ROUNDOFF = 1e-6
# Between the names of a claim's districts, when the layer names them (as the cadastre writes).
JOIN = " / "


def district_shares(
    claims_w: np.ndarray, districts_w: np.ndarray, places: pd.DataFrame, area: np.ndarray, codes: pd.Series
) -> pd.DataFrame:
    """Each claim's ground in each district: one row per claim (``claim``, its position) and
    district (the ``PLACE`` columns) with ``ground_ha``, and a row of district :data:`OUTSIDE`
    for ground outside every polygon. ``claims_w`` and ``districts_w`` are shapes in the working
    CRS, ``places`` the districts' place columns row for row, ``area`` the claims' hectares.

    Polygons of one district (islands, parts in several rows) are joined by name. District
    polygons that overlap would count ground twice: that is warned, naming a claim, and the
    claim's outside share taken as none.
    """
    area = np.asarray(area, dtype=float)
    claim, district = intersecting(claims_w, districts_w)  # prepares districts_w
    # Most claims lie inside one district: their ground there is the whole claim, without a cut.
    whole = shapely.contains_properly(districts_w[district], claims_w[claim])
    ground = np.empty(len(claim))
    ground[whole] = area_ha(claims_w[claim[whole]])
    ground[~whole] = area_ha(shapely.intersection(claims_w[claim[~whole]], districts_w[district[~whole]]))
    pieces = places.iloc[district].reset_index(drop=True).assign(claim=claim, ground_ha=ground)
    pieces = pieces.groupby(["claim", *PLACE], as_index=False, sort=False)["ground_ha"].sum()
    pieces = pieces.loc[pieces["ground_ha"] > ROUNDOFF * area[pieces["claim"].to_numpy()]]
    inside = np.bincount(pieces["claim"].to_numpy(), weights=pieces["ground_ha"].to_numpy(), minlength=len(area))
    twice = inside > area * (1 + ROUNDOFF) + ROUNDOFF
    if twice.any():
        first = int(np.flatnonzero(twice)[0])
        warn(DistrictOverlapWarning(key="warning.districts_overlap", n=int(twice.sum()),
                                    code=str(codes.iat[first]), ha=float(inside[first] - area[first])))
    outside = np.clip(area - inside, 0.0, None)
    out = np.flatnonzero(outside > ROUNDOFF * area)
    rest = pd.DataFrame({"department": "", "province": "", "district": OUTSIDE, "claim": out,
                         "ground_ha": outside[out]})
    shares = pd.concat([pieces, rest], ignore_index=True)
    return shares.sort_values(["claim", "ground_ha"], ascending=[True, False], kind="stable").reset_index(drop=True)


def claim_districts(shares: pd.DataFrame, n: int) -> pd.DataFrame:
    """Per claim (``n`` of them, by position): ``n_districts``, how many district polygons its
    ground lies in, and the place columns as the layer names them (largest share first, joined
    by :data:`JOIN`; empty for a claim outside every polygon)."""
    real = shares.loc[shares["district"] != OUTSIDE]
    out = pd.DataFrame({"n_districts": np.bincount(real["claim"].to_numpy(), minlength=n).astype("int64")})
    for place in PLACE:
        named = real.loc[real[place].fillna("").astype(str) != ""]
        joined = joined_per_key(named["claim"].to_numpy(), named[place].to_numpy(), JOIN)
        out[place] = joined.reindex(range(n), fill_value="").to_numpy()
    return out


def filled_places(own: pd.DataFrame, layer: pd.DataFrame) -> pd.DataFrame:
    """``own``'s place columns, those of a claim whose district cell is empty (or a file with no
    district column) taken from the ``layer``'s names (:func:`claim_districts`); a place the
    cadastre names is kept as it wrote it."""
    empty = own["district"].fillna("") == ""
    out = own[PLACE].copy()
    for place in PLACE:
        out[place] = own[place].where(~empty | (own[place].fillna("") != ""), layer[place].to_numpy())
    return out


def point_districts(reg_w: np.ndarray, districts_w: np.ndarray) -> np.ndarray:
    """The district polygon (its position) each registration lies in, -1 outside every one. A
    registration area is placed by a point inside it (``point_on_surface``); a point on the
    boundary of two districts goes to the first polygon of the layer."""
    found = np.full(len(reg_w), -1, dtype=np.int64)
    if not len(reg_w) or not len(districts_w):
        return found
    points = shapely.point_on_surface(reg_w)
    reg, district = intersecting(points, districts_w)
    order = np.lexsort((district, reg))
    reg, district = reg[order], district[order]
    first = np.r_[True, reg[1:] != reg[:-1]] if len(reg) else np.zeros(0, dtype=bool)
    found[reg[first]] = district[first]
    return found


def registration_places(
    own: pd.DataFrame, inside: np.ndarray, places: pd.DataFrame, on_claim: np.ndarray | None = None,
    claim_places: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Where each registration counts in the district summary: the district polygon it lies in
    (``inside``, from :func:`point_districts`), else its place columns as without the layer (its
    own, else its host's).

    A registration placed on the claim whose code it declares (``on_claim``, that claim's
    position, -1 for the others) has no point of its own: its point is only somewhere in the
    claim. It counts where its claim's ground lies, as the claim does (``claim_places``, from
    :func:`claim_districts`): in each district of a claim that straddles several; for a claim
    outside every polygon, its place columns as without the layer."""
    out = own[PLACE].copy()
    hit = inside >= 0
    if on_claim is not None and claim_places is not None:
        hit &= on_claim < 0
        placed = np.flatnonzero(on_claim >= 0)
        ground = claim_places.iloc[on_claim[placed]]
        placed = placed[(ground["district"] != "").to_numpy()]
        for place in PLACE:
            out.iloc[placed, out.columns.get_loc(place)] = claim_places[place].to_numpy()[on_claim[placed]]
    for place in PLACE:
        out.loc[hit, place] = places[place].to_numpy()[inside[hit]]
    return out


def with_ubigeo(summary: pd.DataFrame, layer: pd.DataFrame) -> pd.DataFrame:
    """The district summary with ``ubigeo``, the layer's INEI code of each district (empty where
    the layer has none, and on the :data:`OUTSIDE` row and districts named only by text)."""
    codes = layer.loc[layer["ubigeo"] != "", [*PLACE, "ubigeo"]].drop_duplicates(PLACE)
    out = summary.merge(codes, on=PLACE, how="left")
    out["ubigeo"] = out["ubigeo"].fillna("")
    return out
