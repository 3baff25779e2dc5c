"""Extinct ground that is really free: the ground of the extinct claims that no other claim covers
and no prohibited area, each hectare once, with the registrations on it.

This is the ground the source study proposes the state acquire for artisanal miners. Summing
``extinct_ha`` over claims counts a hectare under two extinct claims twice, and counts ground a
live claim was granted over (a titled claim filed over an extinct one) or that lies in a national
park. Here:

- extinct claims whose interiors overlap are joined into one piece (:func:`extinct_pieces`, as
  :func:`.districts.claimed_ground` joins the claimed ground), so every hectare counts once;
- from each piece the ground of every claim that is not extinct is taken away: titled and
  pending claims (live), and claims of ``unknown`` or ``other`` state too, since the tool cannot
  tell they are not live, and ground it cannot vouch for is not ground the state can offer
  (docs/domain.md);
- and the prohibited restricted areas (``restricted_category == "prohibited"``); conditional
  areas (reserves, buffer zones) are not taken away: mining is possible there with the
  compatibility opinion.

Shapes are in the working equal-area CRS, so planar areas are ellipsoidal hectares
(:mod:`concession_gis.geodesy`).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from concession_gis.analysis.boundaries import district_shares
from concession_gis.analysis.districts import PLACE, connected, per_district
from concession_gis.analysis.groups import groups_by
from concession_gis.analysis.joined import joined_per_key
from concession_gis.columns import EXTINCT_FREE_GROUND, LegalState, RegStatus
from concession_gis.geodesy import WGS84, area_ha

# Between the codes and registration ids of one piece.
JOIN = ", "
# Between the district names of a piece whose claims name several (as boundaries.JOIN).
PLACES_JOIN = " / "
# A piece left with less than this (1 m²) after the cuts is round-off, not free ground.
MIN_HA = 1e-4


def interior_pairs(shapes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (a, b), a < b, of the pairs of ``shapes`` whose interiors overlap (claims that
    only touch along an edge are no pair: joining them would change no hectare)."""
    a, b = shapely.STRtree(shapes).query(shapes, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    inner = shapely.relate_pattern(shapes[a], shapes[b], "2********")
    return a[inner], b[inner]


def extinct_pieces(conc: pd.DataFrame, conc_w: np.ndarray, by: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The ground of the extinct claims of each place (``by``; none: the whole area) as pieces
    that do not overlap, as :func:`.districts.claimed_ground` cuts the claimed ground: each
    extinct claim whose interior overlaps no other of its place, and the union of each connected
    group of those that do. One row per piece with the ``by`` columns and ``members`` (the
    positions, in ``conc``, of its claims), and the pieces' shapes."""
    extinct = np.flatnonzero((conc["legal_state"] == LegalState.EXTINCT).to_numpy())
    shapes = np.asarray(shapely.make_valid(conc_w[extinct]), dtype=object)
    places = conc[by].iloc[extinct].fillna("").reset_index(drop=True)
    place = places.groupby(by, sort=False).ngroup().to_numpy() if by else np.zeros(len(extinct), np.int64)
    a, b = interior_pairs(shapes) if len(shapes) else (np.empty(0, np.int64), np.empty(0, np.int64))
    same = place[a] == place[b]
    label = connected(len(extinct), a[same], b[same])
    # A lone claim is its own piece; a group is named by its smallest member.
    key = np.where(label < 0, np.arange(len(extinct)), label)
    first, parts = groups_by(key)
    pieces = unions_of(shapes, parts)
    members = pd.Series([extinct[part] for part in parts], dtype=object)
    return places.iloc[first].reset_index(drop=True).assign(members=members), pieces


def blockers(conc: pd.DataFrame, conc_w: np.ndarray, areas_category: pd.Series, areas_w: np.ndarray) -> np.ndarray:
    """What is taken away from extinct ground: every claim that is not extinct (live or not known
    to be free) and every prohibited restricted area."""
    taken = (conc["legal_state"] != LegalState.EXTINCT).to_numpy()
    prohibited = (areas_category == "prohibited").to_numpy()
    return shapely.make_valid(np.concatenate([conc_w[taken], areas_w[prohibited]]).astype(object))


def free_of(pieces: np.ndarray, taken: np.ndarray) -> np.ndarray:
    """Each of ``pieces`` minus the union of the ``taken`` shapes that reach it."""
    out = np.asarray(pieces, dtype=object).copy()
    if not len(pieces) or not len(taken):
        return out
    piece, blocker = shapely.STRtree(taken).query(pieces, predicate="intersects")
    if not len(piece):
        return out
    hit, cuts = unions_by(piece, taken[blocker])
    out[hit] = shapely.difference(out[hit], cuts)
    return out


def unions_by(keys: np.ndarray, shapes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``keys`` (sorted) and the union of the ``shapes`` of each (one shape per
    key given)."""
    distinct, parts = groups_by(keys)
    return distinct, unions_of(shapes, parts)


def unions_of(shapes: np.ndarray, parts: list[np.ndarray]) -> np.ndarray:
    """The union of the ``shapes`` of each part; a part of one shape is that shape as it is (most
    are: a union of one valid shape is itself, and costs a GEOS call)."""
    return np.asarray([shapes[part[0]] if len(part) == 1 else shapely.union_all(shapes[part]) for part in parts],
                      dtype=object)


def registrations_on(free: np.ndarray, reg_w: np.ndarray, reg_ids: pd.Series, active: np.ndarray) -> pd.DataFrame:
    """Per piece of ``free`` ground: ``n_registrations``, ``n_active_registrations`` and
    ``reg_ids`` (joined by :data:`JOIN`) of the registrations whose point or area reaches it."""
    n = len(free)
    out = pd.DataFrame({"n_registrations": np.zeros(n, np.int64), "n_active_registrations": np.zeros(n, np.int64),
                        "reg_ids": [""] * n})
    if not n or not len(reg_w):
        return out
    reg, piece = shapely.STRtree(free).query(reg_w, predicate="intersects")
    out["n_registrations"] = np.bincount(piece, minlength=n)
    out["n_active_registrations"] = np.bincount(piece, weights=active[reg], minlength=n).astype(np.int64)
    ids = joined_per_key(piece, reg_ids.astype(str).to_numpy()[reg], JOIN)
    out.loc[ids.index, "reg_ids"] = ids.to_numpy()
    return out


def extinct_free_ground(conc: pd.DataFrame, conc_w: np.ndarray, areas_category: pd.Series, areas_w: np.ndarray,
                        reg: pd.DataFrame, reg_w: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The ``extinct_free_ground`` layer: one row per piece of free extinct ground over the whole
    area (each hectare once), with the columns of :data:`columns.EXTINCT_FREE_GROUND`, and its
    shapes in the working CRS."""
    pieces, shapes = extinct_pieces(conc, conc_w, by=[])
    free = free_of(shapes, blockers(conc, conc_w, areas_category, areas_w))
    ha = area_ha(free)
    keep = ha > MIN_HA
    pieces, free, ha = pieces.loc[keep].reset_index(drop=True), free[keep], ha[keep]
    codes = conc["code"].astype(str).to_numpy()
    out = pd.DataFrame({
        "extinct_codes": [JOIN.join(codes[m]) for m in pieces["members"]],
        "n_extinct_claims": pieces["members"].map(len).astype("int64"),
        "free_ha": ha.round(4),
    })
    for place in PLACE:
        names = conc[place].fillna("").astype(str).to_numpy()
        out[place] = [PLACES_JOIN.join(dict.fromkeys(n for n in names[m] if n)) for m in pieces["members"]]
    active = (reg["reg_status"] == RegStatus.ACTIVE).to_numpy(dtype=float)
    out = out.join(registrations_on(free, reg_w, reg["reg_id"], active))
    return out[list(EXTINCT_FREE_GROUND)], free


def free_by_cells(conc: pd.DataFrame, conc_w: np.ndarray, areas_category: pd.Series, areas_w: np.ndarray) -> pd.DataFrame:
    """``extinct_free_ha`` per district without district boundaries: the free ground of the
    extinct claims of each district cell, each hectare once within the cell, split equally among
    the districts a cell names (:func:`.districts.per_district`), as the other hectares."""
    pieces, shapes = extinct_pieces(conc, conc_w, by=PLACE)
    free = free_of(shapes, blockers(conc, conc_w, areas_category, areas_w))
    cells = pieces[PLACE].assign(extinct_free_ha=area_ha(free))
    return per_district(cells, split=["extinct_free_ha"]).groupby(PLACE, as_index=False)["extinct_free_ha"].sum()


def free_by_ground(free: np.ndarray, bounds_w: np.ndarray, places: pd.DataFrame, codes: pd.Series) -> pd.DataFrame:
    """``extinct_free_ha`` per district with district boundaries: the layer's free ground cut by
    the district polygons (:func:`.boundaries.district_shares`), ground outside every polygon in
    the ``outside_districts`` row."""
    shares = district_shares(free, bounds_w, places, area_ha(free), codes)
    return shares.groupby(PLACE, as_index=False)["ground_ha"].sum().rename(columns={"ground_ha": "extinct_free_ha"})


def with_free_ha(summary: pd.DataFrame, free: pd.DataFrame) -> pd.DataFrame:
    """The district summary with ``extinct_free_ha`` right after ``extinct_ha`` (0 where a
    district has none)."""
    out = summary.merge(free, on=PLACE, how="left")
    out["extinct_free_ha"] = out["extinct_free_ha"].astype(float).fillna(0.0).round(4)
    order = list(summary.columns)
    at = order.index("extinct_ha") + 1 if "extinct_ha" in order else len(order)
    return out[[*order[:at], "extinct_free_ha", *order[at:]]]


def free_ground_outputs(conc: pd.DataFrame, conc_w: np.ndarray, areas: pd.DataFrame, areas_w: np.ndarray,
                        reg: pd.DataFrame, reg_w: np.ndarray, crs: CRS, bounds_w: np.ndarray | None = None,
                        places: pd.DataFrame | None = None) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The ``extinct_free_ground`` layer (EPSG:4326) and ``extinct_free_ha`` per district: by the
    extinct claims' district cells, or with district boundaries (``bounds_w``, ``places``) by
    ground."""
    layer, free = extinct_free_ground(conc, conc_w, areas["restricted_category"], areas_w, reg, reg_w)
    if bounds_w is None or places is None:
        by_district = free_by_cells(conc, conc_w, areas["restricted_category"], areas_w)
    else:
        by_district = free_by_ground(free, bounds_w, places, layer["extinct_codes"])
    shapes = gpd.GeoSeries(free, crs=crs).to_crs(WGS84)
    return gpd.GeoDataFrame(layer, geometry=shapes.values, crs=WGS84), by_district
