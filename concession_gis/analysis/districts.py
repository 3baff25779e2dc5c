"""Per-district summary: claims, hectares, registrations by relation and conflict type, and m.

m, the share of mining territory held by informal miners, is the quantity that, in the
Bolivia/Peru comparison, governs the state's strategy. It is given under three definitions
(docs/domain.md, "m"), each over the district's titled hectares:

- ``m_informal_share``: titled ha of the claims hosting at least one active registration;
- ``m_with_suspended``: titled ha of the claims hosting at least one active or suspended
  registration (a suspension does not remove the miner from the ground);
- ``m_footprint``: titled ha within ``registrations.loss_buffer_m`` of an active registration
  (analysis/footprint.py): the ground around the miners, not the whole claim.

Forest loss per district is measured on the ground the district's claims cover together, so a
hectare under two overlapping claims counts once there (each claim's own ``loss_ha`` counts it):
:func:`claimed_ground` cuts that ground into pieces that do not overlap.

A claim on a district boundary is listed under each of its districts in one cell
(``DISTRI = "SANTA ROSA / CARUMAS"``): it counts in each, its hectares and forest loss split
equally among them when no district boundaries are given; with them (``--districts``) by ground,
the shares of :mod:`.boundaries`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from concession_gis.columns import (
    CONFLICT_TYPES,
    LEGAL_STATUSES,
    MINERALS,
    RELATIONS,
    LegalState,
    RegStatus,
)

PLACE = ["department", "province", "district"]
# Sums per district for the other definitions of m, dropped once m is taken.
M_PARTS = ("titled_ha_with_present", "titled_footprint_ha")
# What INGEMMET extracts put between the districts of one claim: "SANTA ROSA / CARUMAS",
# "CARUMAS - CUCHUMBAYA", "LIMBANI, PATAMBUCO". A hyphen without spaces and " Y " are not
# separators: they occur inside district names (e.g. "HUAC-HUAS").
SEPARATORS = r"\s*/\s*|\s+-\s+|\s*,\s*"


def district_names(district: pd.Series) -> pd.Series:
    """The districts each cell names, as a list (``[""]`` when it names none)."""
    return _names_of(district.fillna("").astype(str))


def _names(text: str) -> list[str]:
    return [part.strip() for part in re.split(SEPARATORS, text) if part.strip()] or [""]


def _names_of(texts: pd.Series) -> pd.Series:
    """:func:`_names` of every text, split once per distinct text (a region's 45,000 cells
    name a few dozen places)."""
    values = texts.to_numpy(dtype=object)
    table = {text: _names(text) for text in pd.unique(values)}
    return pd.Series([table[text] for text in values], index=texts.index, dtype=object)


def n_districts(district: pd.Series) -> pd.Series:
    """How many districts each cell names (0 when empty)."""
    names = district_names(district)
    return names.map(lambda parts: len(parts) if parts != [""] else 0).astype("int64")


def per_district(frame: pd.DataFrame, split: list[str]) -> pd.DataFrame:
    """``frame`` with one row per district each row names, the ``split`` columns divided equally
    among them. Its department and province are paired with the districts name for name when
    they name as many, else kept whole for each.

    Split once per distinct place (the national registrations' 87,000 rows name a few hundred):
    each row then repeated once per district it names, in order."""
    places = frame[PLACE].fillna("").astype(str)
    key, distinct = pd.MultiIndex.from_frame(places).factorize()
    rows = [_place_rows(*place) for place in distinct]  # each distinct place's (dept, prov, district) rows
    sizes = np.array([len(r) for r in rows], dtype=np.int64)
    count = sizes[key]
    taken = np.repeat((np.cumsum(sizes) - sizes)[key], count) + _positions_within(count)
    names = np.array([name for r in rows for name in r], dtype=object).reshape(-1, len(PLACE))
    out = frame.iloc[np.repeat(np.arange(len(frame)), count)].reset_index(drop=True)
    out[PLACE] = pd.DataFrame(names[taken], columns=PLACE)
    out[split] = out[split].div(np.repeat(count, count), axis=0)
    return out


def _place_rows(department: str, province: str, district: str) -> list[tuple[str, str, str]]:
    """The (department, province, district) of each district one place names."""
    districts = _names(district)
    n = len(districts)
    departments, provinces = _names(department), _names(province)
    departments = departments if len(departments) == n else [department] * n
    provinces = provinces if len(provinces) == n else [province] * n
    return list(zip(departments, provinces, districts, strict=True))


def _positions_within(count: np.ndarray) -> np.ndarray:
    """0, 1, ... count[i]-1 for each i, one after the other."""
    ends = np.cumsum(count)
    positions: np.ndarray = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - count, count)
    return positions


def claimed_ground(
    concessions: gpd.GeoDataFrame, overlapping: tuple[np.ndarray, np.ndarray], by: list[str] = PLACE
) -> tuple[pd.DataFrame, gpd.GeoSeries]:
    """The ground the claims of each place (``by``: district by default; none for the whole
    area) cover, as pieces that do not overlap, so that summing over the pieces counts every
    hectare once: each claim that overlaps no other claim of its place, and the union of each
    group of claims of one place that overlap.

    ``overlapping`` are the positions (a, b) of the pairs of claims that overlap. Returns the
    pieces (the ``by`` columns and ``claim``, the claim's position, or -1 for a union) and the
    unions' shapes (one per piece whose ``claim`` is -1, in order).
    """
    places = concessions[by].fillna("")
    place = places.groupby(by, sort=False).ngroup().to_numpy() if by else np.zeros(len(places), np.int64)
    a, b = overlapping
    same = place[a] == place[b]
    group = connected(len(concessions), a[same], b[same])
    alone = np.flatnonzero(group < 0)
    grouped = np.flatnonzero(group >= 0)
    members = pd.Series(grouped).groupby(group[grouped], sort=True).apply(np.asarray)
    geoms = np.asarray(concessions.geometry.values, dtype=object)
    unions = [shapely.union_all(shapely.make_valid(geoms[m])) for m in members]
    firsts = np.array([m[0] for m in members], dtype=np.int64)
    pieces = pd.concat([
        places.iloc[alone].assign(claim=alone),
        places.iloc[firsts].assign(claim=-1),
    ], ignore_index=True)
    return pieces, gpd.GeoSeries(unions, crs=concessions.crs)


def connected(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Label of each of ``n`` items linked by the pairs (a, b): -1 when in no pair, else the
    smallest position of its connected group (labels spread along the pairs until they settle)."""
    label = np.full(n, -1, dtype=np.int64)
    linked = np.union1d(a, b)
    label[linked] = linked
    while True:
        before = label.copy()
        low = np.minimum(label[a], label[b])
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        if np.array_equal(before, label):
            return label


def district_summary(
    concessions: pd.DataFrame, registrations: pd.DataFrame, loss: pd.DataFrame | None = None,
    ground: pd.DataFrame | None = None, present: np.ndarray | None = None, footprint: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per department/province/district found in either layer; a claim or registration
    that names several districts counts in each, a claim's hectares split among them equally
    (:func:`per_district`), or by ground when ``ground`` (the shares of
    :func:`.boundaries.district_shares`: ``claim``, the place columns, ``ground_ha``) is given:
    then a claim counts in each district its ground lies in, with its hectares there.

    ``loss``, when a raster was given, has the place columns and ``loss_ha`` on the ground the
    district's claims cover, each hectare once (see :func:`claimed_ground`); by ground, each row
    one district already.

    ``present`` (how many active or suspended registrations each claim hosts) and ``footprint``
    (each claim's titled hectares within the active registrations' buffers,
    :func:`.footprint.footprint_ha`) give ``m_with_suspended`` and ``m_footprint``; without
    them those are empty.
    """
    # Only the columns counted here travel through the splits (a claim has some 40 more).
    conc = concessions[[*PLACE, "code", "legal_state", "area_ha", "idle", "n_active_registrations"]].copy()
    conc[PLACE] = conc[PLACE].fillna("")
    titled = conc["legal_state"] == LegalState.TITLED
    conc["titled_ha"] = conc["area_ha"].where(titled, 0.0)
    conc["pending_ha"] = conc["area_ha"].where(conc["legal_state"] == LegalState.PENDING, 0.0)
    conc["extinct_ha"] = conc["area_ha"].where(conc["legal_state"] == LegalState.EXTINCT, 0.0)
    # Claims from a file with no state column: their ground is neither titled nor free to count.
    conc["unknown_state_ha"] = conc["area_ha"].where(conc["legal_state"] == LegalState.UNKNOWN, 0.0)
    conc["idle_ha"] = conc["area_ha"].where(conc["idle"].fillna(False).astype(bool), 0.0)
    conc["titled_ha_with_active"] = conc["titled_ha"].where(conc["n_active_registrations"] > 0, 0.0)
    # The other definitions of m (module docstring), where the pipeline gave what they need.
    unknown = np.full(len(conc), np.nan)
    hosting = pd.Series(unknown if present is None else present, index=conc.index, dtype=float)
    conc["titled_ha_with_present"] = conc["titled_ha"].where(hosting > 0, 0.0).where(hosting.notna())
    conc["titled_footprint_ha"] = pd.Series(unknown if footprint is None else footprint, index=conc.index,
                                            dtype=float).where(titled, 0.0)
    hectares = ["titled_ha", "pending_ha", "extinct_ha", "unknown_state_ha", "idle_ha", "titled_ha_with_active",
                "titled_ha_with_present", "titled_footprint_ha"]
    conc = per_district(conc, split=hectares) if ground is None else _by_ground(conc, ground, hectares)
    sums = {"n_concessions": ("code", "size"), "n_idle": ("idle", lambda s: int(s.fillna(False).sum()))}
    sums |= {c: (c, "sum") for c in hectares}
    # A district's m is unknown (empty) when the pipeline gave no footprint or presence counts.
    sums |= {c: (c, lambda s: s.sum(min_count=len(s))) for c in M_PARTS}
    by_claims = conc.groupby(PLACE, dropna=False).agg(**sums)
    if loss is not None:
        loss = per_district(loss, split=["loss_ha"]) if ground is None else loss
        by_claims = by_claims.join(loss.groupby(PLACE)["loss_ha"].sum(min_count=1))

    # A registration placed by its host's district names the host's districts: it counts in each.
    used = [*PLACE, "reg_status", "relation", "conflict_type", "mineral", "legal_status"]
    reg = per_district(registrations[[c for c in used if c in registrations]], split=[])
    reg[PLACE] = reg[PLACE].fillna("")
    reg["n_registrations"] = 1
    reg["n_active_registrations"] = _each_is(reg["reg_status"], [RegStatus.ACTIVE])[RegStatus.ACTIVE]
    counts = {f"relation_{r}": hit for r, hit in _each_is(reg["relation"], RELATIONS).items()}
    counts |= {f"conflict_{k}": hit for k, hit in _each_is(reg["conflict_type"], CONFLICT_TYPES).items()}
    # One column per mineral (n_registrations_gold, ...): a district is one row, as the other counts.
    counts |= {f"n_registrations_{m}": hit for m, hit in _each_is(reg["mineral"], MINERALS).items()}
    # One column per legal status (n_legal_status_illegal, ...), where a layer has the column.
    if "legal_status" in reg:
        counts |= {f"n_legal_status_{s}": hit for s, hit in _each_is(reg["legal_status"], LEGAL_STATUSES).items()}
    reg = reg.assign(**counts)
    counted = ["n_registrations", "n_active_registrations", *counts]
    by_regs = reg.groupby(PLACE, dropna=False)[counted].sum()

    table = by_claims.join(by_regs, how="outer")
    # Counts and hectares of a district with nothing of a kind are 0; its forest loss stays
    # unknown (empty) when no raster covers any of its claims.
    counted = [c for c in table.columns if c not in ("loss_ha", *M_PARTS)]
    table[counted] = table[counted].fillna(0)
    for column in table.columns:
        if column.startswith(("n_", "relation_", "conflict_")):
            table[column] = table[column].astype("int64")
    titled_ha = table["titled_ha"].where(table["titled_ha"] > 0)
    table["m_informal_share"] = (table["titled_ha_with_active"] / titled_ha).round(4)
    table["m_with_suspended"] = (table["titled_ha_with_present"] / titled_ha).round(4)
    table["m_footprint"] = (table["titled_footprint_ha"] / titled_ha).round(4)
    table = table.drop(columns=["titled_ha_with_active", *M_PARTS])
    return table.reset_index().sort_values(PLACE, kind="stable").reset_index(drop=True)


def _each_is(values: pd.Series, wanted: Sequence[str]) -> dict[str, np.ndarray]:
    """Per wanted value, 1 where ``values`` is it, else 0: the column's distinct texts compared
    once, not every row once per value (40 passes over the national registrations)."""
    codes, distinct = pd.factorize(values)
    position = {value: i for i, value in enumerate(distinct)}
    return {value: (codes == position.get(value, -2)).astype(np.int64) for value in wanted}


def _by_ground(conc: pd.DataFrame, ground: pd.DataFrame, hectares: list[str]) -> pd.DataFrame:
    """One row per claim and district its ground lies in, the ``hectares`` columns (each the
    claim's ``area_ha`` or 0) those of its ground there."""
    claim = ground["claim"].to_numpy()
    out = conc.iloc[claim].reset_index(drop=True)
    out[PLACE] = ground[PLACE].to_numpy()
    share = ground["ground_ha"].to_numpy() / out["area_ha"].to_numpy()
    out[hectares] = out[hectares].mul(share, axis=0)
    return out
