"""A Bolivian analysis (``analyze --country bo``): AJAM's areas, work sites, cooperatives and the
2016 reversion, through the engine Peru's analysis uses (hosts, restricted areas, idle evidence,
contracts), every country word read from Bolivia's profile.

Load → project → classify the areas → host the work sites → idle → contracts → reversion →
summaries. It reads files and returns frames; :mod:`concession_gis.export.bolivia` writes them.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from concession_gis import __version__, columns, columns_bo
from concession_gis.analysis.bolivia_areas import (
    actor_types,
    area_states,
    grid_check,
    in_bolivian_terms,
    right_types,
    shared_legal_states,
)
from concession_gis.analysis.bolivia_figures import area_by_actor_year, reversion_by_place
from concession_gis.analysis.forest import forest_cover
from concession_gis.analysis.forest_loss import ForestLoss, forest_loss
from concession_gis.analysis.holders import holder_keys
from concession_gis.analysis.hosts import (
    candidate_pairs,
    code_pairs,
    declared_claims,
    pairs_without,
    pick_hosts,
)
from concession_gis.analysis.idle import (
    EVIDENCE_BUILDERS,
    Evidence,
    idle_claims,
    loss_evidence,
    spoken,
    years_between,
)
from concession_gis.analysis.legal_state import seniority
from concession_gis.analysis.restricted import (
    PROHIBITED,
    area_categories,
    claim_in_restricted,
    in_restricted,
    most_restrictive,
)
from concession_gis.analysis.reversion import (
    cooperative_summary,
    leased_areas,
    read_contracts,
    reversion_candidates,
    site_contracts,
)
from concession_gis.analysis.work_sites import site_conflicts, site_relations
from concession_gis.columns_bo import ActorType, AreaState
from concession_gis.errors import InputError, collecting_warnings, text_of
from concession_gis.geodesy import WGS84, area_ha, lonlat_bounds, to_working, working_crs
from concession_gis.i18n import resolve_language
from concession_gis.inputs import KIND, Feeds
from concession_gis.io.bolivia import load_ajam, load_work_sites
from concession_gis.io.layers import Loaded, load_restricted
from concession_gis.io.rejected import empty_rejected
from concession_gis.io.schema import parse_column_map
from concession_gis.io.sources import file_fingerprints
from concession_gis.io.tables import load_table
from concession_gis.model import BOLIVIA_LAYERS, BoliviaResults, Inputs
from concession_gis.profile import Profile, load_profile
from concession_gis.progress import Feedback
from concession_gis.raster.forest import open_forest_sources, parse_forest_spec
from concession_gis.raster.sources import open_loss_sources, parse_loss_spec, read_as
from concession_gis.rules import Rules, load_rules
from concession_gis.sample.marker import is_synthetic

# The layers of a Bolivian run, in the order they are written (kept in model.py).
LAYERS = BOLIVIA_LAYERS
# The table kinds a Bolivian run reads (the evidence tables are shared with Peru's).
TABLES = ("activity", "penalties", "cooperatives", "area_contracts")


def analyze_bolivia(inputs: Inputs, feedback: Feedback | None = None, lang: str | None = None) -> BoliviaResults:
    """Run the Bolivian analysis on ``inputs`` (``ajam`` required; ``work_sites``,
    ``restricted``, ``activity``, ``penalties``, ``cooperatives``, ``area_contracts`` optional)."""
    feedback = feedback or Feedback()
    lang = resolve_language(lang)
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    if not inputs.ajam:
        raise InputError(key="error.no_ajam_given")
    profile = load_profile("bo")
    rules = load_rules(inputs.rules, inputs.rule_overrides)
    reference = dt.date.fromisoformat(rules["reference_date"])
    column_map = parse_column_map(inputs.column_map)

    with collecting_warnings() as warned:
        feedback.stage("load_concessions")
        areas_in = load_ajam(inputs.ajam, column_map, inputs.crs)
        areas = areas_in.frame.copy()
        feedback.stage("load_registrations")
        sites_in = (load_work_sites(inputs.work_sites, column_map, rules, inputs.crs, area_codes=areas["code"])
                    if inputs.work_sites else Loaded(_no_sites()))
        sites = sites_in.frame.copy()
        feedback.stage("load_restricted")
        restricted = [load_restricted(spec, column_map, inputs.crs) for spec in inputs.restricted]
        feedback.stage("load_tables")
        tables = {name: load_table(KIND[name], inputs.specs(KIND[name]), column_map)
                  for name in TABLES if inputs.specs(KIND[name])}
        zones = _restricted_areas(restricted, profile, rules)

        feedback.stage("project")
        crs = working_crs(lonlat_bounds(areas, sites))
        areas_w = to_working(areas.geometry, crs).to_numpy()
        sites_w = to_working(sites.geometry, crs).to_numpy()
        zones_w = to_working(zones.geometry, crs).to_numpy()

        feedback.stage("classify", total=len(areas))
        areas = areas.assign(**_classify_areas(areas, areas_w, profile, reference, rules))

        # Hosts: the shared engine, the profile's ranking of AJAM's states.
        by_code = (sites["located_by"] == "declared_code").to_numpy()
        coded = code_pairs(sites["declared_code"], by_code, areas["code"])
        on_areas = candidate_pairs(sites_w, areas_w, feedback)
        on_site, on_area, overlap = (np.concatenate(p) for p in zip(on_areas, coded, strict=True))
        senior = seniority(areas["granted_on"], pd.Series(0.0, index=areas.index), areas["code"])
        hosts = pick_hosts(len(sites), on_site, on_area, overlap, areas["area_state"], senior,
                           profile.data["hosts"]["rank"])
        feedback.stage("relations")
        host = hosts.take(areas[["code", "holder", "holder_nit", "actor_type", "area_state"]].assign(
            holder_key=areas["holder_key"]))
        host = host.set_axis(sites.index)
        claim = declared_claims(hosts, coded[0], coded[1])[by_code]
        sites, sites_w = _placed_by_code(sites, sites_w, by_code, areas.geometry.to_numpy()[claim], crs)
        sites = sites.assign(**_site_columns(sites, host, hosts.n_hosts, profile, rules))

        contracts = read_contracts(tables["area_contracts"].frame, profile) if "area_contracts" in tables else None
        links = site_contracts(holder_keys(sites["operator"], rules), sites["operator_nit"], host["code"], contracts,
                               reference, rules)
        sites["under_contract"] = links.linked.to_numpy()
        in_any, names = _in_zones(sites_w, by_code, areas_w[claim], zones_w, zones["restricted_name"])
        prohibited = (zones["restricted_category"] == PROHIBITED).to_numpy()
        in_prohibited, prohibited_names = _in_zones(sites_w, by_code, areas_w[claim], zones_w[prohibited],
                                                    zones["restricted_name"][prohibited])
        sites["in_restricted"] = in_any.to_numpy()
        category, chosen = most_restrictive(in_any, names, in_prohibited, prohibited_names)
        sites["restricted_category"], sites["restricted_name"] = category.to_numpy(), chosen

        feedback.stage("idle")
        private = (sites["operator_type"] == ActorType.PRIVATE).to_numpy()
        areas["n_work_sites"] = hosts.per_claim(len(areas))
        areas["n_private_sites"] = hosts.per_claim(len(areas), private)
        areas["n_cooperative_sites"] = hosts.per_claim(len(areas), (sites["operator_type"] == ActorType.COOPERATIVE)
                                                       .to_numpy())
        evidence = []
        for name in ("activity", "penalties"):
            if name in tables and KIND[name].feeds is Feeds.IDLE:
                found, added = EVIDENCE_BUILDERS[name](areas["code"], tables[name].frame, reference, rules)
                evidence.append(found)
                areas = areas.assign(**added)
        loss = None
        if inputs.loss_rasters:  # the holder's forest loss, as for Peru's claims (analysis/idle.py)
            loss, forest = _forest_evidence(inputs, areas, sites_w, by_code, on_areas, zones, crs, rules, feedback)
            areas = areas.assign(**loss.per_claim)
            if forest.forest_ha is not None:
                areas["forest_ha"] = forest.forest_ha
            evidence.append(forest.evidence)
        areas["idle"], areas["idle_reason_codes"] = idle_claims(areas["legal_state"], areas["years_since_granted"],
                                                                evidence, rules)
        areas["idle_reason_codes"] = in_bolivian_terms(areas["idle_reason_codes"])
        areas["idle_evidence"] = spoken(evidence, areas.index)
        areas = areas.assign(**leased_areas(areas["code"], areas["actor_type"], contracts, reference, rules))
        areas = areas.assign(**reversion_candidates(areas))
        sites["conflict_type"] = site_conflicts(in_prohibited.set_axis(sites.index), sites["relation"],
                                                sites["under_contract"], hosts.of(areas["reversion_candidate"])
                                                .set_axis(sites.index)).to_numpy()
        cooperatives = cooperative_summary(areas, sites, tables["cooperatives"].frame if "cooperatives" in tables
                                           else None, rules)

    areas_out = _layer(areas, columns_bo.AREAS)
    by_year = loss.by_year.reset_index(drop=True) if loss is not None else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in columns.LOSS_BY_YEAR})
    candidates = areas_out.loc[areas_out["reversion_candidate"]].sort_values("reversion_rank")
    rejected = [item.rejected for item in (areas_in, sites_in, *restricted, *tables.values()) if len(item.rejected)]
    results = BoliviaResults(
        areas=areas_out,
        work_sites=_layer(sites, columns_bo.WORK_SITES),
        reversion_candidates=gpd.GeoDataFrame(candidates[[*columns_bo.REVERSION]], geometry=candidates.geometry.values,
                                              crs=WGS84).reset_index(drop=True),
        cooperatives=cooperatives[[*columns_bo.COOPERATIVES]],
        area_by_actor_year=area_by_actor_year(areas_out),
        reversion_by_place=reversion_by_place(areas_out),
        restricted_areas=zones,
        loss_by_year=by_year,
        rejected_rows=pd.concat(rejected, ignore_index=True) if rejected else empty_rejected(),
        lang=lang,
    )
    results.summary = _summary(results, inputs, rules, warned, started, time.perf_counter() - clock, links.counts)
    return results


@dataclass(frozen=True)
class _ForestEvidence:
    evidence: Evidence
    forest_ha: pd.Series | None


def _forest_evidence(inputs: Inputs, areas: gpd.GeoDataFrame, sites_w: np.ndarray, by_code: np.ndarray,
                     on_areas: tuple[np.ndarray, np.ndarray, np.ndarray], zones: gpd.GeoDataFrame, crs: Any,
                     rules: Rules, feedback: Feedback) -> tuple[ForestLoss, _ForestEvidence]:
    """Forest loss on each area since it was granted, the work sites' loss apart from the
    holder's (:func:`.forest_loss.forest_loss`), and its evidence, read with a forest map where
    one is given (:func:`.idle.loss_evidence`): the same rules as for Peru's idle claims."""
    sources = read_as(open_loss_sources(inputs.loss_rasters, assume_crs=inputs.crs), inputs.since,
                      rules["alerts"]["min_confidence"])
    # The shared loss step reads a claim's filing date and Peru's place columns: the grant date,
    # and the municipality where Peru has its district.
    claims = gpd.GeoDataFrame({"code": areas["code"], "filed_on": pd.to_datetime(areas["granted_on"]),
                               "department": areas["department"], "province": areas["province"],
                               "district": areas["municipality"]}, geometry=areas.geometry.values, crs=WGS84)
    none = np.empty(0, np.int64)
    loss = forest_loss(sources, claims, (none, none), gpd.GeoSeries(sites_w[~by_code], crs=crs), zones.geometry, crs,
                       rules, feedback, None, pairs_without(on_areas[:2], by_code))
    per = loss.per_claim
    forest_ha = share = None
    if inputs.forest:
        cover = forest_cover(open_forest_sources(inputs.forest, assume_crs=inputs.crs), areas.geometry, rules, feedback)
        forest_ha = cover["forest_ha"]
        share = (cover["forest_ha"] / areas["area_ha"].where(areas["area_ha"] > 0)).where(
            cover["forest_coverage"] >= rules["idle"]["min_raster_coverage"])
    found = loss_evidence(areas["area_ha"], per["loss_by_holder_ha"], per["loss_by_miners_ha"], per["raster_coverage"],
                          share, rules)
    return loss, _ForestEvidence(found, forest_ha)


def _classify_areas(areas: pd.DataFrame, areas_w: np.ndarray, profile: Profile, reference: dt.date,
                    rules: Rules) -> pd.DataFrame:
    """The areas' state, actor type, right type, measured hectares and cuadrícula check, grant
    year and age, and the holder's comparison key."""
    state = area_states(areas["area_state"], areas["_state_known"], profile)
    actor, source = actor_types(areas["actor_type"], areas["holder"], profile)
    hectares = pd.Series(area_ha(areas_w), index=areas.index).round(4)
    granted = pd.to_datetime(areas["granted_on"])
    return pd.DataFrame({
        "area_state": state, "legal_state": shared_legal_states(state, profile), "actor_type": actor,
        "actor_type_source": source, "right_type": right_types(areas["right_type"], profile), "area_ha": hectares,
        **grid_check(areas["grids"], hectares, rules), "grant_year": granted.dt.year.astype("Int64"),
        "years_since_granted": years_between(granted, reference), "holder_key": holder_keys(areas["holder"], rules),
    }, index=areas.index)


def _site_columns(sites: pd.DataFrame, host: pd.DataFrame, n_hosts: np.ndarray, profile: Profile,
                  rules: Rules) -> pd.DataFrame:
    """The operator's actor type, the host's columns, the relation, and the places a site
    without its own takes from its host."""
    operator_type, _ = actor_types(sites["operator_type"], sites["operator"], profile)
    out = pd.DataFrame({"operator_type": operator_type}, index=sites.index)
    for name in ("code", "holder", "actor_type", "area_state"):
        out[f"host_{name}"] = host[name].to_numpy()
    out["n_hosts"] = n_hosts
    out["relation"] = site_relations(holder_keys(sites["operator"], rules), sites["operator_nit"], operator_type, host)
    return out


def _placed_by_code(sites: gpd.GeoDataFrame, sites_w: np.ndarray, by_code: np.ndarray, areas: np.ndarray,
                    crs: Any) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """Sites located by their declared area drawn on a point inside it (which area, not where)."""
    if not by_code.any():
        return sites, sites_w
    points = shapely.point_on_surface(areas)
    sites = sites.copy()
    sites.loc[by_code, sites.geometry.name] = gpd.GeoSeries(points, index=sites.index[by_code], crs=WGS84)
    sites_w = sites_w.copy()
    sites_w[by_code] = to_working(gpd.GeoSeries(points, crs=WGS84), crs).to_numpy()
    return sites, sites_w


def _in_zones(sites_w: np.ndarray, by_code: np.ndarray, areas_w: np.ndarray, zones_w: np.ndarray,
              names: pd.Series) -> tuple[pd.Series, list[str]]:
    """Inside restricted areas (true/false/<NA>) and their names: a site by its point or shape,
    one placed by its declared area by that whole area (:func:`claim_in_restricted`)."""
    inside, labels = in_restricted(sites_w, zones_w, names)
    flags = pd.Series(inside, dtype="boolean")
    if by_code.any():
        on_area, area_labels = claim_in_restricted(areas_w, zones_w, names)
        flags[by_code] = on_area.to_numpy()
        for i, label in zip(np.flatnonzero(by_code), area_labels, strict=True):
            labels[i] = label
    return flags, labels


def _restricted_areas(parts: list[Loaded], profile: Profile, rules: Rules) -> gpd.GeoDataFrame:
    """SERNAP's areas and TIOC, their category as read kept as ``category_text`` and judged
    prohibited or conditional by the profile's words."""
    if not parts:
        return gpd.GeoDataFrame({"restricted_name": pd.Series(dtype=object), "restricted_category": pd.Series(dtype=object),
                                 "category_text": pd.Series(dtype=object)}, geometry=gpd.GeoSeries([], crs=WGS84),
                                crs=WGS84)
    frames = [p.frame for p in parts]
    zones = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=WGS84)
    zones["category_text"] = zones["restricted_category"]
    zones["restricted_category"] = area_categories(zones["category_text"], rules, profile.restricted_categories(rules))
    return zones


def _layer(frame: gpd.GeoDataFrame, canonical: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Source columns unchanged, then the canonical columns present, then the geometry."""
    geometry = frame.geometry.name
    source = [c for c in frame.columns if c not in canonical and not str(c).startswith("_") and c != geometry
              and c not in _STEP_ONLY]
    ordered = source + [c for c in canonical if c in frame.columns]
    return gpd.GeoDataFrame(frame[ordered], geometry=frame.geometry.values, crs=WGS84).reset_index(drop=True)


# Fields the steps read that no layer shows (the coordinates are the geometry).
_STEP_ONLY = ("holder_key", "latitude", "longitude", "easting", "northing", "utm_zone", "datum")


def _no_sites() -> gpd.GeoDataFrame:
    names = ["site_id", "operator", "operator_nit", "operator_type", "declared_code", "mineral", "department",
             "province", "municipality", "located_by"]
    return gpd.GeoDataFrame({n: pd.Series(dtype=object) for n in names}, geometry=gpd.GeoSeries([], crs=WGS84),
                            crs=WGS84)


def _input_entries(inputs: Inputs) -> list[dict[str, Any]]:
    """Each input file with its kind, size, date and sha256 (a shapefile's every part), the
    rasters with their encoding: what the sheets' sources line names."""
    entries = [{"kind": kind, **f} for kind in ("ajam", "work_sites", "restricted", *TABLES)
               for spec in inputs.specs(KIND[kind]) for f in file_fingerprints(spec)]
    for kind, specs, parse in (("loss_raster", inputs.loss_rasters, parse_loss_spec),
                               ("forest", inputs.forest, parse_forest_spec)):
        for spec in specs:
            path, encoding = parse(spec)
            entries += [{"kind": kind, "encoding": encoding, **f} for f in file_fingerprints(path)]
    return entries


def _summary(results: BoliviaResults, inputs: Inputs, rules: Rules, warned: list[Any], started: dt.datetime,
             seconds: float, contracts: dict[str, int]) -> dict[str, Any]:
    areas, sites = results.areas, results.work_sites

    def counts(series: pd.Series) -> dict[str, int]:
        return {str(k): int(v) for k, v in series.value_counts().items()}

    def hectares(where: pd.Series) -> float:
        return round(float(areas.loc[where.to_numpy(dtype=bool), "area_ha"].sum()), 2)

    return {
        "tool": "concession-gis", "version": __version__, "country": "bo",
        "started": started.isoformat(timespec="seconds"), "seconds": round(seconds, 2), "language": results.lang,
        "inputs": _input_entries(inputs),
        # Inputs written by `concession-gis sample --country bo`: maps say so.
        "synthetic": is_synthetic(str(spec) for spec in inputs.files()),
        "counts": {
            "areas": len(areas), "work_sites": len(sites), "rejected_rows": len(results.rejected_rows),
            "area_state": counts(areas["area_state"]), "actor_type": counts(areas["actor_type"]),
            "right_type": counts(areas["right_type"]), "grid_check": counts(areas["grid_check"]),
            "relation": counts(sites["relation"]), "conflict_type": counts(sites["conflict_type"]),
            "idle_areas": int(areas["idle"].fillna(False).sum()),
            "leased_to_private": int(areas["leased_to_private"].fillna(False).sum()),
            "reversion_candidates": len(results.reversion_candidates),
            "cooperatives": len(results.cooperatives),
        },
        "hectares": {
            "areas": round(float(areas["area_ha"].sum()), 2),
            **{f"actor_{a}": hectares(areas["actor_type"] == a) for a in ("state", "private", "cooperative")},
            "reverted": hectares(areas["area_state"] == AreaState.REVERTED),
            "reversion_candidates": hectares(areas["reversion_candidate"]),
        },
        # The shared contract step counts "registrations": here they are work sites.
        **({"contracts": {k.replace("registrations", "work_sites"): v for k, v in contracts.items()}}
           if contracts else {}),
        "rules": rules,
        "warning_messages": [text_of(w, results.lang) for w in warned],
    }
