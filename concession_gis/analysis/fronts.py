"""Forest-loss fronts: patches of loss (:mod:`~concession_gis.raster.patches`) with what they
fall on and a ``front_type`` saying whether a register explains them.

Every share is the share of the front's ground (ellipsoidal, in the working equal-area CRS) that
lies on a claim, a restricted area or an allowed zone; a front "is on" one when that share
reaches ``fronts.min_share``. Hectares are the loss pixels' true areas, never a pixel constant.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from concession_gis import columns
from concession_gis.analysis.groups import groups_by
from concession_gis.analysis.nearest import nearest_km
from concession_gis.analysis.restricted import CONDITIONAL, PROHIBITED
from concession_gis.columns import FrontType
from concession_gis.geodesy import M2_PER_HA, WGS84, to_working
from concession_gis.progress import Feedback
from concession_gis.raster.parallel import worker_count
from concession_gis.raster.patches import Patches, hectares, loss_patches
from concession_gis.raster.sources import LossSource
from concession_gis.rules import FrontRules, Rules

# Fronts listed in summary.json as the largest unexplained.
LISTED = 20
UNEXPLAINED = (FrontType.IN_PROHIBITED_AREA, FrontType.OUTSIDE_CLAIMS, FrontType.UNREGISTERED_ON_CLAIM)
# Fronts moved between CRSs and measured at a time: a whole tile's 264,000 outlines held in two
# CRSs at once took a gigabyte more than one copy and a few chunks on the way.
CHUNK = 8192


@dataclass(frozen=True)
class _Targets:
    """What fronts are measured against, in the working CRS (``zones`` None: not given)."""

    claims: np.ndarray
    areas: np.ndarray
    zones: np.ndarray | None
    registrations: np.ndarray


def loss_fronts(
    sources: list[LossSource], claims: gpd.GeoDataFrame, producing: pd.Series, registrations: gpd.GeoDataFrame,
    reg_w: np.ndarray, areas: gpd.GeoDataFrame, zones: gpd.GeoSeries | None, crs: CRS, rules: Rules,
    feedback: Feedback | None = None,
) -> gpd.GeoDataFrame:
    """The ``loss_fronts`` layer (:data:`columns.FRONTS`, lon/lat), ranked by recent hectares.

    ``claims`` has ``code``, ``legal_state``, ``holder`` (lon/lat); ``producing`` whether each
    claim's holder declares production (row for row); ``registrations`` has ``reg_id``, with
    ``reg_w`` their shapes in the working ``crs``; ``areas`` the restricted areas with
    ``restricted_category`` and ``restricted_name``; ``zones`` the allowed zones (None: not given).
    """
    rule = rules["fronts"]
    frames = []
    for source in sources:
        patches = loss_patches(source, rule["gap_m"], feedback, min_ha=rule["min_ha"])
        # _measured lets go of each outline in the raster's CRS once it has it in lon/lat.
        frames.append(_measured(patches, source, rule["min_ha"], rule["recent_years"]))
        del patches
    fronts = pd.concat(frames, ignore_index=True) if frames else _measured(None, None, 0, 0)
    shapes = gpd.GeoSeries(fronts.pop("_shape").to_numpy(), crs=WGS84)
    targets = _Targets(to_working(claims.geometry, crs).to_numpy(), to_working(areas.geometry, crs).to_numpy(),
                       None if zones is None else to_working(zones, crs).to_numpy(), reg_w)

    def attributes(lonlat: np.ndarray) -> dict[str, Any]:
        """What the fronts of one chunk fall on; each front's figures are its own alone."""
        if feedback is not None:
            feedback.check()
        fronts_w = to_working(gpd.GeoSeries(lonlat, crs=WGS84), crs).to_numpy()
        found, km = nearest_km(fronts_w, targets.registrations, crs)
        return {**_on_claims(fronts_w, targets.claims, claims, producing, rule["min_share"]),
                **_on_areas(fronts_w, targets.areas, areas, targets.zones), "_found": found, "_km": km}

    found_km = _in_chunks(attributes, shapes.to_numpy())
    found, km = found_km.pop("_found"), found_km.pop("_km")
    fronts = fronts.assign(**found_km)
    nearest = np.full(len(fronts), None, dtype=object)
    nearest[found >= 0] = registrations["reg_id"].to_numpy()[found[found >= 0]]
    fronts["nearest_reg_id"] = nearest
    fronts["nearest_reg_km"] = np.round(km, 3)
    fronts["front_type"] = front_types(fronts, rule)
    fronts = gpd.GeoDataFrame(fronts, geometry=shapes.values, crs=WGS84)
    fronts = fronts.sort_values(["recent_ha", "area_ha"], ascending=False, kind="stable").reset_index(drop=True)
    fronts["rank"] = np.arange(1, len(fronts) + 1)
    return fronts[[*columns.FRONTS, "geometry"]]


def _in_chunks(work: Callable[[np.ndarray], dict[str, Any]], items: np.ndarray) -> dict[str, Any]:
    """``work`` done on ``items`` chunk by chunk, on as many threads as there are cores (GEOS and
    PROJ let go of the interpreter lock), its columns joined in order: as if done on all at once,
    as each item's figures depend on that item alone."""
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)] or [items]
    workers = min(worker_count(len(items)), len(chunks))
    if workers <= 1:
        parts = [work(chunk) for chunk in chunks]
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="fronts") as pool:
            parts = list(pool.map(work, chunks))
    out: dict[str, Any] = {}
    for name, first in parts[0].items():
        values = [part[name] for part in parts]
        out[name] = list(chain.from_iterable(values)) if isinstance(first, list) else np.concatenate(values)
    return out


def front_types(fronts: pd.DataFrame, rule: FrontRules) -> pd.Series:
    """Each front's type, the first that holds of: in a prohibited area; off claims with no
    registration near; near registered miners; on a claim whose holder declares production;
    on a claim with no registration near (rules.toml ``[fronts]`` says why this order)."""
    share = rule["min_share"]
    near = (fronts["nearest_reg_km"] <= rule["registration_km"]).fillna(False).to_numpy(dtype=bool)
    on_claim = fronts["on_claims_share"].to_numpy() >= share
    choices = [
        (fronts["prohibited_share"].to_numpy() >= share, FrontType.IN_PROHIBITED_AREA),
        (~on_claim & ~near, FrontType.OUTSIDE_CLAIMS),
        (near, FrontType.NEAR_REGISTERED_MINERS),
        (on_claim & fronts["_producing"].to_numpy(dtype=bool), FrontType.HOLDER_ACTIVITY),
    ]
    kind = np.select([c for c, _ in choices], [str(t) for _, t in choices], str(FrontType.UNREGISTERED_ON_CLAIM))
    return pd.Series(kind, index=fronts.index, dtype=object)


def _measured(patches: Patches | None, source: LossSource | None, min_ha: float, recent_years: int) -> pd.DataFrame:
    """One row per patch of at least ``min_ha``: hectares, years, days, hectares per year."""
    if patches is None or source is None or not len(patches.shapes):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in
                             ("source", "area_ha", "recent_ha", "first_year", "last_year", "first_date", "last_date",
                              "ha_by_year", "_shape")})
    n = len(patches.shapes)
    ha = hectares(patches.loss, n)
    keep = np.flatnonzero(ha >= min_ha)
    loss = patches.loss[patches.loss["patch"].isin(keep)]
    dated = loss[loss["year"] > 0]
    per_year = dated.set_index(["patch", "year"])["m2"] / M2_PER_HA
    last_data_year = int(dated["year"].max()) if len(dated) else 0
    recent = per_year[per_year.index.get_level_values("year") > last_data_year - recent_years]
    recent_ha = recent.groupby(level="patch").sum().reindex(keep, fill_value=0.0).to_numpy()
    years = dated.groupby("patch")["year"].agg(["min", "max"]).reindex(keep)
    days = dated.groupby("patch").agg(min=("first", "min"), max=("last", "max")).reindex(keep)
    text = _by_year_text(per_year)
    def in_lonlat(part: np.ndarray) -> dict[str, Any]:
        moved = to_working(gpd.GeoSeries(patches.shapes[part], crs=source.crs), WGS84).to_numpy()
        patches.shapes[part] = None  # one copy of the outlines at a time
        return {"shapes": moved}

    shapes = _in_chunks(in_lonlat, keep)["shapes"]
    return pd.DataFrame({
        "source": source.label, "area_ha": np.round(ha[keep], 4), "recent_ha": np.round(recent_ha, 4),
        "first_year": years["min"].astype("Int64").to_numpy(), "last_year": years["max"].astype("Int64").to_numpy(),
        "first_date": pd.to_datetime(days["min"]).dt.date.to_numpy(),
        "last_date": pd.to_datetime(days["max"]).dt.date.to_numpy(),
        "ha_by_year": [text.get(int(p), "{}") for p in keep], "_shape": shapes,
    })


def _by_year_text(per_year: pd.Series) -> dict[int, str]:
    """Each patch's hectares per year as JSON text, from a (patch, year) -> ha series."""
    patches = per_year.index.get_level_values("patch").to_numpy()
    years = per_year.index.get_level_values("year").to_numpy().tolist()
    values = np.round(per_year.to_numpy(), 4).tolist()
    out: dict[int, dict[str, float]] = {}
    for patch, year, value in zip(patches.tolist(), years, values, strict=True):
        out.setdefault(patch, {})[str(year)] = value
    return {patch: json.dumps(table) for patch, table in out.items()}


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]


def _shares(fronts_w: np.ndarray, targets_w: np.ndarray) -> Pairs:
    """(front, target, share of the front's ground on the target) for every pair that meets."""
    if not len(fronts_w) or not len(targets_w):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    front, target = shapely.STRtree(targets_w).query(fronts_w, predicate="intersects")
    share = shapely.area(shapely.intersection(fronts_w[front], targets_w[target])) / shapely.area(fronts_w[front])
    real = share > 0
    return front[real], target[real], share[real]


def _union_share(fronts_w: np.ndarray, targets_w: np.ndarray, pairs: Pairs) -> np.ndarray:
    """Share of each front's ground on the union of the targets it meets (``pairs``, from
    :func:`_shares`), overlaps counted once. A front on one target has its share there already:
    only fronts on several are cut again, by the union of theirs (a region's 16,518 fronts cut one
    by one took 4 s more, most of them on a single claim)."""
    out = np.zeros(len(fronts_w))
    front, target, share = pairs
    several = np.bincount(front, minlength=len(fronts_w))[front] > 1
    out[front[~several]] = share[~several]
    f, parts = groups_by(front[several])
    target = target[several]
    # Fronts on the same targets (two overlapping protected areas) share their union.
    union_of: dict[tuple[int, ...], shapely.Geometry] = {}
    unions = []
    for key in (tuple(target[part]) for part in parts):
        if key not in union_of:
            union_of[key] = shapely.union_all(targets_w[list(key)])
        unions.append(union_of[key])
    if len(f):
        out[f] = shapely.area(shapely.intersection(fronts_w[f], unions)) / shapely.area(fronts_w[f])
    return np.round(out, 4)


def _on_claims(fronts_w: np.ndarray, claims_w: np.ndarray, claims: gpd.GeoDataFrame, producing: pd.Series,
               min_share: float) -> dict[str, object]:
    """The claims each front falls on (codes, legal states, holders, shares, biggest share
    first, joined by "; "), its share on all claims, and whether a claim it is on declares
    production (``_producing``, used for the type only)."""
    pairs = _shares(fronts_w, claims_w)
    front, claim, share = pairs
    order = np.lexsort((-share, front))
    front, claim, share = front[order], claim[order], share[order]
    n = len(fronts_w)
    cells: dict[str, list[str]] = {k: [""] * n for k in ("claim_codes", "claim_states", "claim_holders",
                                                            "claim_shares")}
    producing_on = np.zeros(n, dtype=bool)
    held = producing.fillna(False).to_numpy(dtype=bool)
    texts = {"claim_codes": claims["code"].astype(str).to_numpy(),
             "claim_states": claims["legal_state"].astype(str).to_numpy(),
             "claim_holders": claims["holder"].fillna("").astype(str).to_numpy()}
    starts = np.flatnonzero(np.r_[True, front[1:] != front[:-1]])
    groups = zip(front[starts], np.split(claim, starts[1:]), np.split(share, starts[1:]), strict=True) if len(front) else ()
    for f, picked, part in groups:
        for name, values in texts.items():
            cells[name][f] = "; ".join(values[picked])
        cells["claim_shares"][f] = "; ".join(f"{s:.3f}" for s in part)
        producing_on[f] = bool((held[picked] & (part >= min_share)).any())
    return {**cells, "on_claims_share": _union_share(fronts_w, claims_w, pairs), "_producing": producing_on}


def _on_areas(fronts_w: np.ndarray, areas_w: np.ndarray, areas: gpd.GeoDataFrame,
              zones_w: np.ndarray | None) -> dict[str, object]:
    """Shares in prohibited and conditional areas, the most restrictive category met and its
    area's name, and the share inside allowed zones (empty without zones)."""
    n = len(fronts_w)
    category = areas["restricted_category"].astype(str).to_numpy()
    front, area, share = _shares(fronts_w, areas_w)
    prohibited, conditional = (_union_share(fronts_w, areas_w, (front[of], area[of], share[of]))
                               for of in (category[area] == PROHIBITED, category[area] == CONDITIONAL))
    # The most restrictive area first, then the one covering most of the front.
    order = np.lexsort((-share, category[area] != PROHIBITED, front))
    front, area = front[order], area[order]
    first = np.r_[True, front[1:] != front[:-1]] if len(front) else np.zeros(0, dtype=bool)
    named_category = np.full(n, "", dtype=object)
    name = np.full(n, "", dtype=object)
    named_category[front[first]] = category[area[first]]
    name[front[first]] = areas["restricted_name"].astype(str).to_numpy()[area[first]]
    allowed = pd.Series(pd.NA, index=range(n), dtype="Float64")
    inside = pd.Series(pd.NA, index=range(n), dtype="boolean")
    if zones_w is not None:
        zone_share = _union_share(fronts_w, zones_w, _shares(fronts_w, zones_w))
        allowed[:] = zone_share
        inside[:] = zone_share >= 0.5
    return {"prohibited_share": prohibited, "conditional_share": conditional, "restricted_category": named_category,
            "restricted_name": name, "allowed_zone_share": allowed.to_numpy(), "in_allowed_zone": inside.to_numpy()}


def unexplained(fronts: pd.DataFrame, n: int = LISTED) -> list[dict[str, object]]:
    """The ``n`` largest fronts no register explains, for summary.json."""
    picked = fronts[fronts["front_type"].isin([str(t) for t in UNEXPLAINED])]
    picked = picked.sort_values("area_ha", ascending=False, kind="stable").head(n)
    keys = ("rank", "source", "front_type", "area_ha", "recent_ha", "first_year", "last_year", "claim_codes",
            "restricted_name", "nearest_reg_id", "nearest_reg_km")
    out = []
    for _, row in picked.iterrows():
        point = row.geometry.representative_point()
        item = {k: (None if pd.isna(row[k]) else row[k].item() if hasattr(row[k], "item") else row[k]) for k in keys}
        out.append({**item, "lon": round(point.x, 6), "lat": round(point.y, 6)})
    return out


def fronts_summary(fronts: pd.DataFrame, by_zone: pd.DataFrame) -> dict[str, object]:
    """summary.json's ``loss_fronts``: fronts and hectares by type, the loss outside every claim
    and in all (each hectare once, from ``loss_by_zone``), and the largest unexplained fronts."""
    kinds = fronts.groupby("front_type")["area_ha"].agg(["size", "sum"])
    outside = by_zone.loc[by_zone["claim_zone"] == "outside_claims", "loss_ha"].sum()
    return {
        "fronts": {str(t): int(kinds["size"].get(str(t), 0)) for t in columns.FRONT_TYPES},
        "fronts_ha": {str(t): round(float(kinds["sum"].get(str(t), 0.0)), 2) for t in columns.FRONT_TYPES},
        "loss_ha": round(float(by_zone["loss_ha"].sum()), 2),
        "loss_outside_claims_ha": round(float(outside), 2),
        "largest_unexplained": unexplained(fronts),
    }
