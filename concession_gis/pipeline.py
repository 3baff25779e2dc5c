"""The whole analysis: load the inputs, run every step, return the result layers and summary.

The CLI, the GUI and the tests all call :func:`analyze`. It reads files and returns frames; it
writes nothing (see :mod:`concession_gis.export.results` for that).
"""

from __future__ import annotations

import datetime as dt
import time
import warnings
from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis import __version__, columns
from concession_gis.analysis.coexistence import coexistence
from concession_gis.analysis.districts import PLACE, claimed_ground, district_summary
from concession_gis.analysis.holders import holder_keys, holder_strata
from concession_gis.analysis.hosts import candidate_pairs, pick_hosts
from concession_gis.analysis.idle import (
    EVIDENCE_BUILDERS,
    idle_claims,
    loss_evidence,
    years_between,
)
from concession_gis.analysis.legal_state import legal_states
from concession_gis.analysis.overlaps import overlap_pairs
from concession_gis.analysis.relations import conflict_types, declared_code_match, relations
from concession_gis.analysis.restricted import in_restricted
from concession_gis.columns import RegStatus
from concession_gis.errors import ConcessionGisWarning, InputError, NoOverlapWarning, text_of
from concession_gis.geodesy import WGS84, area_ha, lonlat_bounds, to_working, working_crs
from concession_gis.i18n import resolve_language
from concession_gis.inputs import KIND, KINDS, TABLE_KINDS, Feeds
from concession_gis.io.layers import Loaded, load_concessions, load_registrations, load_restricted
from concession_gis.io.rejected import empty_rejected
from concession_gis.io.schema import parse_column_map
from concession_gis.io.sources import file_fingerprints
from concession_gis.io.tables import load_table
from concession_gis.model import Inputs, Results, RunSummary
from concession_gis.progress import Feedback
from concession_gis.raster.sources import parse_loss_spec
from concession_gis.rules import load_rules


def analyze(inputs: Inputs, feedback: Feedback | None = None, lang: str | None = None) -> Results:
    """Run the whole analysis on ``inputs``; ``lang`` is the run's (the system's when None),
    kept in :attr:`Results.lang` for the summary and the writers."""
    feedback = feedback or Feedback()
    lang = resolve_language(lang)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    if not inputs.concessions:
        raise InputError(key="error.no_concessions_given")
    rules = load_rules(inputs.rules, inputs.rule_overrides)
    reference = dt.date.fromisoformat(rules["reference_date"])
    column_map = parse_column_map(inputs.column_map)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConcessionGisWarning)
        conc_in, reg_in, restricted, tables = _load(inputs, column_map, rules, feedback)
        holders = tables.get("holders")

        conc = conc_in.frame
        reg = reg_in.frame
        areas = _combine_restricted(restricted)
        feedback.stage("project")
        crs = working_crs(lonlat_bounds(conc, reg))
        conc_w = to_working(conc.geometry, crs).to_numpy()
        reg_w = to_working(reg.geometry, crs).to_numpy()
        areas_w = to_working(areas.geometry, crs).to_numpy()

        feedback.stage("classify", total=len(conc))
        conc = _classify_concessions(conc, conc_w, rules, reference, holders)
        feedback.advance(len(conc))

        reg = _place_registrations(reg, reg_w, conc, conc_w, rules, feedback)
        inside, names = in_restricted(reg_w, areas_w, areas["restricted_name"])
        reg["in_restricted"] = inside
        reg["restricted_name"] = names

        pairs, overlap_ha = overlap_pairs(conc_w, conc, rules["overlap"]["min_ha"], feedback)
        conc["overlap_ha"] = overlap_ha

        loss_by_year = pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                                     zip(columns.LOSS_BY_YEAR, ("object", "Int64", "float64", "object"), strict=True)})
        evidence, district_loss, ground_loss_ha = [], None, None
        for kind in TABLE_KINDS:  # every evidence table given: declared production, ...
            if kind.feeds is Feeds.IDLE and kind.name in tables:
                found, added = EVIDENCE_BUILDERS[kind.name](conc["code"], tables[kind.name].frame, reference, rules)
                evidence.append(found)
                conc = conc.assign(**added)
        if inputs.loss_rasters:
            loss_by_year, district_loss, ground_loss_ha = _forest_loss(
                inputs.loss_rasters, conc, reg, areas, pairs, crs, rules, feedback, inputs.crs
            )
            evidence.append(loss_evidence(conc["area_ha"], conc["loss_since_filed_ha"], conc["raster_coverage"], rules))

        feedback.stage("idle")
        conc["idle"], conc["idle_reason_codes"] = idle_claims(conc["legal_state"], conc["years_since_filed"], evidence, rules)

        feedback.stage("coexistence")
        reg = _judge_registrations(reg, conc, evidence, reference, rules)
        hosted = reg.loc[reg["_host"] >= 0]
        conc["n_registrations"] = np.bincount(hosted["_host"], minlength=len(conc)).astype(np.int64)
        conc["n_active_registrations"] = np.bincount(
            hosted.loc[hosted["reg_status"] == RegStatus.ACTIVE, "_host"], minlength=len(conc)
        ).astype(np.int64)

        feedback.stage("districts")
        districts = district_summary(conc, reg, district_loss)

    rejected = _all_rejected([conc_in, reg_in, *restricted, *tables.values()])
    warned = [w for w in caught if issubclass(w.category, ConcessionGisWarning)]
    for w in caught:
        if not issubclass(w.category, ConcessionGisWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

    overlaps_layer = _overlaps_layer(pairs, crs)
    conc_out = _output_layer(conc, columns.CONCESSIONS)
    reg_out = _output_layer(reg, columns.REGISTRATIONS)
    candidates = reg_out.loc[reg_out["coexistence"]].sort_values("coexistence_score", ascending=False, kind="stable")
    results = Results(
        concessions=conc_out,
        registrations=reg_out,
        concession_overlaps=overlaps_layer,
        coexistence_candidates=candidates.reset_index(drop=True),
        loss_by_year=loss_by_year.reset_index(drop=True),
        district_summary=districts,
        rejected_rows=rejected,
        restricted_areas=areas.drop(columns=[c for c in areas.columns if c.startswith("_")]),
        summary=RunSummary(),  # type: ignore[typeddict-item]  # filled below, from the results
        rules=rules,
        lang=lang,
    )
    results.summary = _summary(
        results, inputs, {"concessions": [conc_in], "registrations": [reg_in], "restricted": restricted,
                          **{name: [loaded] for name, loaded in tables.items()}}, warned,
        started, time.perf_counter() - clock, ground_loss_ha,
    )
    return results


# --- steps -------------------------------------------------------------------------------------


def _load(inputs: Inputs, column_map: dict, rules: dict, feedback: Feedback):
    """The spatial inputs as :class:`Loaded`, and each table kind given, by kind name."""
    feedback.stage("load_concessions")
    conc = load_concessions(inputs.concessions, column_map, inputs.crs)
    feedback.stage("load_registrations")
    reg = Loaded(_empty_registrations())
    if inputs.registrations:
        # The concessions' extent tells swapped coordinates from real ones.
        extent = tuple(conc.frame.total_bounds)
        reg = load_registrations(inputs.registrations, column_map, rules, inputs.crs, extent=extent)
    feedback.stage("load_restricted")
    restricted = [load_restricted(s, column_map, inputs.crs) for s in inputs.restricted]
    feedback.stage("load_tables")
    tables = {kind.name: load_table(kind, inputs.specs(kind), column_map) for kind in TABLE_KINDS if inputs.specs(kind)}
    return conc, reg, restricted, tables


def load_input(name: str, spec: str, column_map: dict, assume_crs=None) -> Loaded:
    """One file of the kind called ``name``, loaded as :func:`analyze` loads it (the GUI's check)."""
    kind = KIND[name]
    if kind.is_table:
        return load_table(kind, spec, column_map)
    spatial = {  # a raster is opened where it is read, never loaded into a frame
        "concessions": lambda: load_concessions([spec], column_map, assume_crs),
        "registrations": lambda: load_registrations([spec], column_map, load_rules(), assume_crs),
        "restricted": lambda: load_restricted(spec, column_map, assume_crs),
    }
    return spatial[name]()


def _classify_concessions(conc, conc_w, rules, reference, holders) -> gpd.GeoDataFrame:
    conc = conc.copy()
    conc["legal_state"] = legal_states(conc["status_code"], conc.pop("status_text"), rules)
    conc["area_ha"] = area_ha(conc_w)
    conc["_holder_key"] = holder_keys(conc["holder"], rules)
    conc["_holder_ruc"] = conc.pop("holder_ruc")
    strata = holder_strata(
        conc.rename(columns={"_holder_key": "holder_key", "_holder_ruc": "holder_ruc"}),
        rules, holders.frame if holders is not None else None,
    )
    conc["holder_total_ha"] = strata["holder_total_ha"]
    conc["stratum"] = strata["stratum"]
    conc["years_since_filed"] = years_between(conc["filed_on"], reference)
    if holders is not None and len(holders.frame):
        rucs = holders.frame.loc[holders.frame["ruc"] != ""]
        by_key = dict(zip(holder_keys(rucs["holder"], rules), rucs["ruc"], strict=True))
        conc["_holder_ruc"] = conc["_holder_ruc"].where(conc["_holder_ruc"] != "", conc["_holder_key"].map(by_key).fillna(""))
    return conc


# The statuses the rules list words for; a registration none of them fits is ``unknown``.
RULED_STATUSES = [RegStatus.ACTIVE, RegStatus.SUSPENDED, RegStatus.EXCLUDED]


def _place_registrations(reg, reg_w, conc, conc_w, rules, feedback) -> gpd.GeoDataFrame:
    reg = reg.copy()
    status_rules = rules["registrations"]
    status = reg.pop("_status_text")
    reg["reg_status"] = np.select(
        [status.isin([s.upper() for s in status_rules[name]]) for name in RULED_STATUSES],
        RULED_STATUSES, default=RegStatus.UNKNOWN,
    )
    pairs = candidate_pairs(reg_w, conc_w, feedback)
    hosts = pick_hosts(len(reg), *pairs, conc, rules["hosts"]["rank"])
    host = hosts["host"].to_numpy()
    reg["_host"] = host
    reg["n_hosts"] = hosts["n_hosts"].to_numpy()
    has = host >= 0
    for target, source in [
        ("host_code", "code"), ("host_holder", "holder"), ("host_legal_state", "legal_state"),
        ("host_stratum", "stratum"), ("_host_holder_key", "_holder_key"), ("_host_holder_ruc", "_holder_ruc"),
        ("_host_substance", "substance"),
    ]:
        values = np.full(len(reg), None, dtype=object)
        values[has] = conc[source].to_numpy()[host[has]]
        reg[target] = values
    reg["_miner_key"] = holder_keys(reg["miner"], rules)
    reg["relation"] = relations(reg.rename(columns={
        "_miner_key": "miner_key", "_host_holder_key": "host_holder_key", "_host_holder_ruc": "host_holder_ruc",
    }))
    reg["declared_code_match"] = declared_code_match(reg)
    # Registrations without their own place take their host's.
    for place in ("department", "province", "district"):
        host_place = pd.Series(np.where(has, conc[place].to_numpy()[np.maximum(host, 0)], ""), index=reg.index)
        reg[place] = reg[place].where(reg[place] != "", host_place)
    return reg


def _judge_registrations(reg, conc, evidence, reference, rules) -> gpd.GeoDataFrame:
    reg = reg.copy()
    host = reg["_host"].to_numpy()
    has = host >= 0

    def from_host(values: pd.Series, empty=pd.NA) -> pd.Series:
        out = pd.Series(empty, index=reg.index, dtype=values.dtype if values.dtype != bool else "boolean")
        out[has] = values.to_numpy()[host[has]]
        return out

    reg["host_idle"] = from_host(conc["idle"])
    by_name = {e.name: e.active for e in evidence}
    no_data = pd.Series(pd.NA, index=conc.index, dtype="boolean")
    reg["host_recent_production"] = from_host(by_name.get("activity", no_data))
    reg["host_loss_active"] = from_host(by_name.get("forest_loss", no_data))
    active_per_host = np.bincount(host[has & (reg["reg_status"] == RegStatus.ACTIVE).to_numpy()], minlength=len(conc))
    reg["host_active_registrations"] = np.where(has, active_per_host[np.maximum(host, 0)], 0)
    reg["host_substance"] = reg.pop("_host_substance")
    reg["coexistence"], reg["coexistence_score"], reg["coexistence_reason_codes"] = coexistence(reg, reference, rules)
    reg["conflict_type"] = conflict_types(reg)
    return reg.drop(columns=["host_recent_production", "host_loss_active", "host_active_registrations", "host_substance"])


def _forest_loss(
    specs, conc, reg, areas, pairs, crs, rules, feedback, assume_crs=None
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Loss per concession (and year), around each registration, inside restricted areas and on
    the claimed ground: (loss_by_year, loss per district, loss on all claims with each hectare once)."""
    from concession_gis.raster.sources import open_loss_sources
    from concession_gis.raster.zonal import loss_summary, zonal_loss

    sources = open_loss_sources(specs, assume_crs=assume_crs)
    min_coverage = rules["idle"]["min_raster_coverage"]
    zonals = [zonal_loss(source, conc.geometry, feedback) for source in sources]
    for zonal in zonals:
        if not (zonal.coverage > 0).any():
            warnings.warn(NoOverlapWarning(key="warning.raster_covers_no_concession", source=zonal.source), stacklevel=2)
    since = conc["filed_on"].dt.year.to_numpy(dtype=float, na_value=np.nan)
    summary = loss_summary(zonals, len(conc), since, min_coverage)
    conc["loss_ha"] = summary["loss_ha"].to_numpy()
    conc["loss_since_filed_ha"] = summary["loss_since_filed_ha"].to_numpy()
    conc["raster_coverage"] = summary["raster_coverage"].to_numpy()
    rows = []
    for zonal in zonals:
        frame = zonal.by_year.copy()
        frame["code"] = conc["code"].to_numpy()[frame["feature"].to_numpy()]
        frame["source"] = zonal.source
        rows.append(frame[list(columns.LOSS_BY_YEAR)])
    loss_by_year = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns.LOSS_BY_YEAR)

    if len(reg):
        radius = rules["registrations"]["loss_buffer_m"]
        buffers = to_working(reg.geometry, crs).buffer(radius, quad_segs=16).set_crs(crs, allow_override=True)
        around = [zonal_loss(s, buffers, feedback, stage="registration_loss") for s in sources]
        reg["loss_ha_500m"] = loss_summary(around, len(reg), None, min_coverage)["loss_ha"].to_numpy()
    if len(areas):
        inside = [zonal_loss(s, areas.geometry, feedback, stage="restricted_loss") for s in sources]
        areas["loss_ha"] = loss_summary(inside, len(areas), None, min_coverage)["loss_ha"].to_numpy()
    districts = _ground_loss(conc, pairs, sources, min_coverage, feedback, PLACE, "district_loss")
    everywhere = _ground_loss(conc, pairs, sources, min_coverage, feedback, [], "ground_loss")
    return (loss_by_year, districts.groupby(PLACE, sort=False)["loss_ha"].sum(min_count=1).reset_index(),
            float(everywhere["loss_ha"].sum()))


def _ground_loss(conc, pairs, sources, min_coverage, feedback, by, stage) -> pd.DataFrame:
    """The pieces of :func:`claimed_ground` with their loss, each hectare once per place: claims
    that overlap no other claim of their place keep their own loss; each group that does is
    measured whole. ``pairs`` are the overlaps (positions ``a``, ``b``) of more than the rules'
    ``overlap.min_ha``: below it two claims are not taken to overlap, here as everywhere else."""
    from concession_gis.raster.zonal import loss_summary, zonal_loss

    pieces, unions = claimed_ground(conc, (pairs["a"].to_numpy(), pairs["b"].to_numpy()), by)
    claim = pieces["claim"].to_numpy()
    united = claim < 0
    loss = np.full(len(pieces), np.nan)
    loss[~united] = conc["loss_ha"].to_numpy()[claim[~united]]
    on_unions = [zonal_loss(s, unions, feedback, stage=stage) for s in sources]
    loss[united] = loss_summary(on_unions, len(unions), None, min_coverage)["loss_ha"].to_numpy()
    return pieces.assign(loss_ha=loss)


# --- assembling outputs ----------------------------------------------------------------------


def _output_layer(frame: gpd.GeoDataFrame, canonical) -> gpd.GeoDataFrame:
    """Source columns unchanged, then the canonical columns present, then the geometry."""
    geometry = frame.geometry.name
    source = [c for c in frame.columns if c not in canonical and not str(c).startswith("_") and c != geometry]
    ordered = source + [c for c in canonical if c in frame.columns]
    out = gpd.GeoDataFrame(frame[ordered], geometry=frame.geometry.values, crs=WGS84)
    return out.reset_index(drop=True)


def _overlaps_layer(pairs: pd.DataFrame, crs) -> gpd.GeoDataFrame:
    shapes = gpd.GeoSeries(pairs["shape"].to_numpy(), crs=crs)
    return gpd.GeoDataFrame(pairs[list(columns.OVERLAPS)], geometry=shapes.values, crs=crs).to_crs(WGS84)


def _combine_restricted(parts: list[Loaded]) -> gpd.GeoDataFrame:
    if not parts:
        return gpd.GeoDataFrame({"restricted_name": pd.Series(dtype=object), "restricted_category": pd.Series(dtype=object)},
                                geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    frames = [p.frame for p in parts]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=WGS84)


def _empty_registrations() -> gpd.GeoDataFrame:
    names = ["reg_id", "miner", "ruc", "activity", "deposit_type", "declared_code", "declared_name",
             "_status_text", "department", "province", "district"]
    frame = gpd.GeoDataFrame({n: pd.Series(dtype=object) for n in names}, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    frame["registered_on"] = pd.Series(dtype="datetime64[ns]")
    frame["_row"] = pd.Series(dtype="int64")
    return frame


def _all_rejected(loaded: list[Loaded]) -> pd.DataFrame:
    parts = [item.rejected for item in loaded if len(item.rejected)]
    return pd.concat(parts, ignore_index=True) if parts else empty_rejected()


def _summary(results, inputs, loaded, warned, started, seconds, ground_loss_ha=None) -> RunSummary:
    """``loaded``: what was read of each kind given, by kind name."""
    conc, reg = results.concessions, results.registrations
    rejected = results.rejected_rows
    reg_rejected = len(loaded["registrations"][0].rejected)
    warnings_counted = Counter(w.category.__name__ for w in warned)
    inputs_list = []
    for kind in KINDS:
        inputs_list += [{"kind": kind.name, **f} for part in loaded.get(kind.name, []) for f in part.inputs]
    for spec in inputs.loss_rasters:
        path, encoding = parse_loss_spec(spec)
        inputs_list += [{"kind": "loss_raster", "encoding": encoding, **f} for f in file_fingerprints(path)]

    def counts(series: pd.Series, keys) -> dict:
        found = series.value_counts()
        return {k: int(found.get(k, 0)) for k in keys}

    return {
        "tool": "concession-gis",
        "version": __version__,
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "language": results.lang,
        "inputs": inputs_list,
        "counts": {
            "concessions": len(conc),
            "registrations_in": len(reg) + reg_rejected,
            "registrations_out": len(reg),
            "registrations_rejected": reg_rejected,
            "rejected_rows": len(rejected),
            "overlapping_pairs": len(results.concession_overlaps),
            "coexistence_candidates": len(results.coexistence_candidates),
            "idle_concessions": int(conc["idle"].fillna(False).sum()),
            "legal_state": counts(conc["legal_state"], columns.LEGAL_STATES),
            "stratum": counts(conc["stratum"], columns.STRATA),
            "relation": counts(reg["relation"], columns.RELATIONS),
            "conflict_type": counts(reg["conflict_type"], columns.CONFLICT_TYPES),
            "reg_status": counts(reg["reg_status"], columns.REG_STATUSES),
        },
        "hectares": {
            "concessions": round(float(conc["area_ha"].sum()), 2),
            **{f"{state}": round(float(conc.loc[conc["legal_state"] == state, "area_ha"].sum()), 2)
               for state in columns.LEGAL_STATES},
            "idle": round(float(conc.loc[conc["idle"].fillna(False).astype(bool), "area_ha"].sum()), 2),
            "overlaps": round(float(results.concession_overlaps["overlap_ha"].sum()), 2),
            # Summed over claims (a hectare under two claims counts for both), and on the ground.
            **({"forest_loss": round(float(conc["loss_ha"].sum()), 2)} if "loss_ha" in conc else {}),
            **({"forest_loss_claimed_ground": round(ground_loss_ha, 2)} if ground_loss_ha is not None else {}),
        },
        "rules": results.rules,
        "warnings": dict(warnings_counted),
        "warning_messages": [text_of(w.message, results.lang) for w in warned],
    }
