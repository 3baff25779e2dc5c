"""What changed between two moments: the claims and registrations of two analyses, matched.

Claims are matched by code (compared as :func:`~concession_gis.io.values.code_key` does: no
leading zeros, case, spaces or punctuation), a code given to several polygons pairing its
polygons in order of area; a claim left unmatched on both sides is matched by its ground when
the two polygons share at least ``compare.recode_min_overlap`` of each one's area (a code that
changed, as when INGEMMET re-registers a claim). Registrations are matched by their REINFO id
the same way (they have no ground of their own to fall back on). Every change is a row of a
layer named for its kind; the transition tables count every matched pair (unchanged ones too),
with ``absent`` on the side where a claim or registration does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from concession_gis.columns import LegalState, RegStatus
from concession_gis.geodesy import area_ha, lonlat_bounds, to_working, working_crs
from concession_gis.io.values import code_key, fold_series, per_distinct
from concession_gis.rules import CompareRules

ABSENT = "absent"  # the from/to value of a claim or registration missing from one snapshot

# The columns of results.gpkg a comparison reads (the contract's names); legal_status came with
# issue 16, so results written before it are compared without it.
CLAIM_COLUMNS = ("code", "name", "holder", "legal_state", "area_ha")
REGISTRATION_COLUMNS = ("reg_id", "miner", "reg_status", "host_code", "conflict_type")
OPTIONAL_REGISTRATION_COLUMNS = ("legal_status",)

# The transition tables: which layer and column each counts.
TRANSITIONS = (("claims", "legal_state"), ("registrations", "reg_status"),
               ("registrations", "conflict_type"), ("registrations", "legal_status"))

CLAIM_LAYERS = ("claims_new", "claims_extinct", "claims_state_changed", "claims_holder_changed",
                "claims_area_changed", "claims_recoded")
REGISTRATION_LAYERS = ("registrations_new", "registrations_excluded", "registrations_status_changed",
                       "registrations_host_changed", "registrations_conflict_changed",
                       "registrations_legal_status_changed")
FRONT_LAYERS = ("fronts_new", "fronts_grown")


@dataclass
class Changes:
    """The changes found, layer by layer, and the transition table."""

    layers: dict[str, pd.DataFrame]
    transitions: pd.DataFrame
    counts: dict[str, int] = field(default_factory=dict)
    compared: list[str] = field(default_factory=list)  # the optional parts compared (legal_status, fronts)


def compare(old_claims: gpd.GeoDataFrame, new_claims: gpd.GeoDataFrame, old_regs: gpd.GeoDataFrame,
            new_regs: gpd.GeoDataFrame, rules: CompareRules, old_fronts: gpd.GeoDataFrame | None = None,
            new_fronts: gpd.GeoDataFrame | None = None) -> Changes:
    """Every change from the ``old_*`` layers to the ``new_*`` ones (results.gpkg's columns)."""
    old_claims, new_claims = _reset(old_claims), _reset(new_claims)
    old_regs, new_regs = _reset(old_regs), _reset(new_regs)
    pairs = match_claims(old_claims, new_claims, rules["recode_min_overlap"])
    layers = claim_changes(old_claims, new_claims, pairs, rules)
    # A registration whose host only changed its code has not changed host.
    by_ground = pairs.loc[pairs["by"] == "geometry"]
    recoded = dict(zip(code_key(old_claims["code"].iloc[by_ground["old"]]), code_key(new_claims["code"].iloc[by_ground["new"]]),
                       strict=True))
    reg_pairs = _match_keys(old_regs["reg_id"], new_regs["reg_id"])
    layers |= registration_changes(old_regs, new_regs, reg_pairs, recoded)
    compared = [c for c in OPTIONAL_REGISTRATION_COLUMNS if c in old_regs and c in new_regs]
    tables = [_transitions("legal_state", old_claims, new_claims, pairs)]
    tables += [_transitions(column, old_regs, new_regs, reg_pairs)
               for column in ("reg_status", "conflict_type", *compared)]
    if old_fronts is not None and new_fronts is not None:
        layers |= front_changes(old_fronts, new_fronts, rules)
        compared.append("loss_fronts")
    counts = {"claims_old": len(old_claims), "claims_new_total": len(new_claims),
              "claims_matched_by_code": int((pairs["by"] == "code").sum()),
              "claims_matched_by_geometry": int((pairs["by"] == "geometry").sum()),
              "registrations_old": len(old_regs), "registrations_new_total": len(new_regs),
              "registrations_matched": len(reg_pairs)}
    counts |= {name: len(frame) for name, frame in layers.items()}
    return Changes(layers, pd.concat(tables, ignore_index=True), counts, compared)


def _reset(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.reset_index(drop=True)


# --- matching ------------------------------------------------------------------------------


def _match_keys(old: pd.Series, new: pd.Series, old_order: pd.Series | None = None,
                new_order: pd.Series | None = None) -> pd.DataFrame:
    """(old, new) positions of rows with the same key; a key given to several rows pairs them
    in ``*_order`` (else file order). Rows with no key are never matched by it."""
    def keyed(values: pd.Series, order: pd.Series | None) -> pd.DataFrame:
        frame = pd.DataFrame({"key": code_key(values).to_numpy(), "position": np.arange(len(values)),
                              "order": np.arange(len(values)) if order is None else order.to_numpy()})
        frame = frame.loc[frame["key"] != ""]
        if not frame["key"].duplicated().any():  # the usual case: each code once
            frame["nth"] = 0
            return frame
        frame = frame.sort_values(["key", "order"], kind="stable")
        frame["nth"] = frame.groupby("key").cumcount()
        return frame

    both = keyed(old, old_order).merge(keyed(new, new_order), on=["key", "nth"], suffixes=("_old", "_new"))
    return pd.DataFrame({"old": both["position_old"].to_numpy(dtype=np.int64),
                         "new": both["position_new"].to_numpy(dtype=np.int64)})


def _unmatched(n: int, matched: pd.Series) -> np.ndarray:
    """Positions of 0..n-1 not in ``matched`` (a mask: no sort of 87,000 ids)."""
    free = np.ones(n, dtype=bool)
    free[matched.to_numpy()] = False
    return np.flatnonzero(free)


def match_claims(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame, min_overlap: float) -> pd.DataFrame:
    """(old, new, by) positions of matched claims: by code, then by ground for the rest."""
    by_code = _match_keys(old["code"], new["code"], -old["area_ha"].fillna(0), -new["area_ha"].fillna(0))
    by_code["by"] = "code"
    left = _unmatched(len(old), by_code["old"])
    right = _unmatched(len(new), by_code["new"])
    by_ground = _match_ground(old.geometry.values[left], new.geometry.values[right], min_overlap)
    by_ground = pd.DataFrame({"old": left[by_ground[0]], "new": right[by_ground[1]], "by": "geometry"})
    return pd.concat([by_code, by_ground], ignore_index=True)


def _match_ground(old: np.ndarray, new: np.ndarray, min_overlap: float) -> tuple[np.ndarray, np.ndarray]:
    """One-to-one pairs whose overlap is at least ``min_overlap`` of each polygon's area, best
    first. Shares are ratios of areas within one claim's few kilometres, where degrees² scale
    alike in both, so they need no projection."""
    empty = (np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    if not len(old) or not len(new):
        return empty
    old_ok = np.flatnonzero(~(shapely.is_missing(old) | shapely.is_empty(old)))
    new_ok = np.flatnonzero(~(shapely.is_missing(new) | shapely.is_empty(new)))
    i, j = shapely.STRtree(new[new_ok]).query(old[old_ok], predicate="intersects")
    if not len(i):
        return empty
    i, j = old_ok[i], new_ok[j]
    shared = shapely.area(shapely.intersection(old[i], new[j], grid_size=None))
    share = np.minimum(shared / shapely.area(old[i]), shared / shapely.area(new[j]))
    keep = share >= min_overlap
    i, j, share = i[keep], j[keep], share[keep]
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    pairs = []
    for k in np.argsort(-share, kind="stable"):
        if int(i[k]) not in taken_old and int(j[k]) not in taken_new:
            taken_old.add(int(i[k]))
            taken_new.add(int(j[k]))
            pairs.append((int(i[k]), int(j[k])))
    if not pairs:
        return empty
    a, b = zip(*pairs, strict=True)
    return np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)


# --- claims ----------------------------------------------------------------------------------


def claim_changes(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame, pairs: pd.DataFrame,
                  rules: CompareRules) -> dict[str, pd.DataFrame]:
    """The claim layers: new, extinct (became extinct or disappeared), state, holder and area
    changed, and recoded (matched by ground)."""
    crs = new.crs or old.crs
    layers: dict[str, pd.DataFrame] = {}
    unmatched_new = _unmatched(len(new), pairs["new"])
    layers["claims_new"] = _rows(new, unmatched_new, CLAIM_COLUMNS, crs)
    both = _pair_frame(old, new, pairs, CLAIM_COLUMNS, crs)
    both["matched_by"] = pairs["by"].to_numpy()

    gone = _unmatched(len(old), pairs["old"])
    disappeared = _rows(old, gone, CLAIM_COLUMNS, crs).rename(columns={"legal_state": "legal_state_old"})
    disappeared.insert(0, "change", "disappeared")
    disappeared["code_old"] = disappeared["code"]
    disappeared["legal_state_new"] = ABSENT
    died = both.loc[(_normal(both["legal_state_old"]) != LegalState.EXTINCT) & (_normal(both["legal_state_new"]) == LegalState.EXTINCT)]
    died = _with_old_new(died, "legal_state")
    died.insert(0, "change", "became_extinct")
    extinct = pd.concat([died, disappeared[died.columns]], ignore_index=True)
    layers["claims_extinct"] = gpd.GeoDataFrame(extinct, geometry="geometry", crs=crs)

    layers["claims_state_changed"] = _with_old_new(both.loc[_differs(both, "legal_state")], "legal_state")
    holder_old, holder_new = fold_series(both["holder_old"]), fold_series(both["holder_new"])
    layers["claims_holder_changed"] = _with_old_new(both.loc[holder_old != holder_new], "holder")
    change = both["area_ha_new"].astype(float) - both["area_ha_old"].astype(float)
    fraction = change.abs() / both["area_ha_old"].astype(float).where(lambda a: a > 0)
    moved = (change.abs() >= rules["area_min_ha"]) & ~(fraction < rules["area_min_fraction"])
    area = _with_old_new(both.loc[moved], "area_ha")
    area["change_ha"] = change[moved].round(4).to_numpy()
    area["change_pct"] = (100 * change[moved] / both.loc[moved, "area_ha_old"].astype(float)).round(2).to_numpy()
    layers["claims_area_changed"] = area
    recoded = both.loc[both["matched_by"] == "geometry"]
    layers["claims_recoded"] = _with_old_new(recoded, "code")
    return layers


def _rows(frame: gpd.GeoDataFrame, positions: np.ndarray, columns: tuple[str, ...], crs: object) -> gpd.GeoDataFrame:
    present = [c for c in columns if c in frame]
    rows = frame.iloc[positions]
    out = pd.DataFrame({c: rows[c].to_numpy() for c in present})
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(rows.geometry.values, crs=crs), crs=crs)


def _pair_frame(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame, pairs: pd.DataFrame,
                columns: tuple[str, ...], crs: object) -> gpd.GeoDataFrame:
    """One row per matched pair: every column as ``*_old`` and ``*_new``, the new geometry."""
    a, b = old.iloc[pairs["old"].to_numpy()], new.iloc[pairs["new"].to_numpy()]
    data = {}
    for column in columns:
        if column in old and column in new:
            data[f"{column}_old"] = a[column].to_numpy()
            data[f"{column}_new"] = b[column].to_numpy()
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(b.geometry.values, crs=crs), crs=crs)


def _with_old_new(both: pd.DataFrame, column: str) -> gpd.GeoDataFrame:
    """A change layer: the identity of each row as it is now (code or reg_id, its old one,
    name or miner, holder), then ``column`` before and after."""
    ident, name = ("code", "name") if "code_new" in both else ("reg_id", "miner")
    out = pd.DataFrame({ident: both[f"{ident}_new"].to_numpy(), f"{ident}_old": both[f"{ident}_old"].to_numpy(),
                        name: both[f"{name}_new"].to_numpy()})
    if "holder_new" in both and column != "holder":
        out["holder"] = both["holder_new"].to_numpy()
    if column != ident:
        out[f"{column}_old"] = both[f"{column}_old"].to_numpy()
        out[f"{column}_new"] = both[f"{column}_new"].to_numpy()
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(both.geometry.values, crs=both.crs), crs=both.crs)


def _normal(values: pd.Series) -> pd.Series:
    """A code value for comparing: stripped, lower case, '' for none."""
    return per_distinct(values, lambda distinct: ["" if v is None else str(v).strip().lower() for v in distinct])


def _differs(both: pd.DataFrame, column: str) -> pd.Series:
    return _normal(both[f"{column}_old"]) != _normal(both[f"{column}_new"])


# --- registrations ---------------------------------------------------------------------------


def registration_changes(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame, pairs: pd.DataFrame,
                         recoded: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The registration layers: new, excluded (now excluded, or gone from the registry), and
    status, host, conflict type and legal status changed."""
    crs = new.crs or old.crs
    columns = (*REGISTRATION_COLUMNS, *OPTIONAL_REGISTRATION_COLUMNS)
    layers: dict[str, pd.DataFrame] = {}
    unmatched_new = _unmatched(len(new), pairs["new"])
    layers["registrations_new"] = _rows(new, unmatched_new, columns, crs)
    both = _pair_frame(old, new, pairs, columns, crs)

    gone = _unmatched(len(old), pairs["old"])
    disappeared = _rows(old, gone, columns, crs).rename(columns={"reg_status": "reg_status_old"})
    disappeared.insert(0, "change", "disappeared")
    disappeared["reg_id_old"] = disappeared["reg_id"]
    disappeared["reg_status_new"] = ABSENT
    excluded_now = (_normal(both["reg_status_old"]) != RegStatus.EXCLUDED) & (_normal(both["reg_status_new"]) == RegStatus.EXCLUDED)
    excluded = _with_old_new(both.loc[excluded_now], "reg_status")
    excluded.insert(0, "change", "became_excluded")
    layers["registrations_excluded"] = gpd.GeoDataFrame(
        pd.concat([excluded, disappeared[excluded.columns]], ignore_index=True), geometry="geometry", crs=crs)

    layers["registrations_status_changed"] = _with_old_new(both.loc[_differs(both, "reg_status")], "reg_status")
    host_old = code_key(both["host_code_old"]).map(lambda key: recoded.get(key, key))
    layers["registrations_host_changed"] = _with_old_new(both.loc[host_old != code_key(both["host_code_new"])], "host_code")
    layers["registrations_conflict_changed"] = _with_old_new(both.loc[_differs(both, "conflict_type")], "conflict_type")
    if "legal_status_old" in both:
        layers["registrations_legal_status_changed"] = _with_old_new(both.loc[_differs(both, "legal_status")], "legal_status")
    return layers


# --- transitions -------------------------------------------------------------------------------


def _transitions(column: str, old: pd.DataFrame, new: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Counts of ``column`` from → to: every matched pair, ``absent`` → value for the rows only
    in ``new``, value → ``absent`` for those only in ``old``."""
    before = _normal(old[column]).replace("", "unknown")
    after = _normal(new[column]).replace("", "unknown")
    gone = _unmatched(len(old), pairs["old"])
    arrived = _unmatched(len(new), pairs["new"])
    frm = np.concatenate([before.to_numpy()[pairs["old"].to_numpy()], before.to_numpy()[gone],
                          np.full(len(arrived), ABSENT, dtype=object)])
    to = np.concatenate([after.to_numpy()[pairs["new"].to_numpy()], np.full(len(gone), ABSENT, dtype=object),
                         after.to_numpy()[arrived]])
    table = pd.DataFrame({"from_value": frm, "to_value": to}).value_counts().rename("count").reset_index()
    table.insert(0, "variable", column)
    return table.sort_values(["from_value", "to_value"], ignore_index=True)


# --- loss fronts -------------------------------------------------------------------------------


def front_changes(old: gpd.GeoDataFrame, new: gpd.GeoDataFrame, rules: CompareRules) -> dict[str, pd.DataFrame]:
    """Fronts of ``new`` that touch no front of ``old`` (new), and those whose ellipsoidal
    hectares exceed the old fronts they touch by the rules' area thresholds (grown)."""
    crs = working_crs(lonlat_bounds(old.geometry, new.geometry))
    old_ha = area_ha(to_working(old.geometry, crs).values)
    new_ha = area_ha(to_working(new.geometry, crs).values)
    i, j = shapely.STRtree(old.geometry.values).query(new.geometry.values, predicate="intersects")
    before = np.bincount(i, weights=old_ha[j], minlength=len(new)) if len(i) else np.zeros(len(new))
    touched = np.isin(np.arange(len(new)), i)
    growth = new_ha - before
    grown = touched & (growth >= rules["area_min_ha"]) & (growth >= rules["area_min_fraction"] * np.maximum(before, 1e-12))
    fresh = new.loc[~touched].copy()
    fresh["front_ha"] = new_ha[~touched].round(4)
    larger = new.loc[grown].copy()
    larger["front_ha_old"] = before[grown].round(4)
    larger["front_ha"] = new_ha[grown].round(4)
    larger["growth_ha"] = growth[grown].round(4)
    return {"fronts_new": fresh.reset_index(drop=True), "fronts_grown": larger.reset_index(drop=True)}
