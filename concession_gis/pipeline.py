"""The whole analysis: load the inputs, run every step, return the result layers and summary.

The CLI, the GUI and the tests all call :func:`analyze`. It reads files and returns frames; it
writes nothing (see :mod:`concession_gis.export.results` for that).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from concession_gis import __version__, columns
from concession_gis.analysis.boundaries import (
    claim_districts,
    district_shares,
    filled_places,
    point_districts,
    registration_places,
    with_ubigeo,
)
from concession_gis.analysis.cases import qca_cases
from concession_gis.analysis.coexistence import coexistence
from concession_gis.analysis.contracts import ContractLinks, contract_links
from concession_gis.analysis.deposits import deposit_types
from concession_gis.analysis.districts import PLACE, district_summary, n_districts
from concession_gis.analysis.footprint import footprint_ha
from concession_gis.analysis.free_ground import free_ground_outputs, with_free_ha
from concession_gis.analysis.holders import (
    holder_identities,
    holder_keys,
    holder_rucs,
    holder_strata,
    holder_types,
)
from concession_gis.analysis.hosts import (
    Hosts,
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
    production_by_year,
    spoken,
    years_between,
)
from concession_gis.analysis.legal_state import legal_states, reg_statuses, seniority
from concession_gis.analysis.legal_status import in_allowed_zone, legal_statuses
from concession_gis.analysis.minerals import minerals
from concession_gis.analysis.nearest import nearest_km, nearest_of_same_key
from concession_gis.analysis.overlaps import overlap_pairs
from concession_gis.analysis.relations import conflict_types, declared_code_match, relations
from concession_gis.analysis.restricted import (
    PROHIBITED,
    area_categories,
    claim_in_restricted,
    in_restricted,
    most_restrictive,
)
from concession_gis.columns import (
    LARGE_STRATA,
    DepositType,
    HolderType,
    LegalState,
    LocatedBy,
    RegStatus,
)
from concession_gis.cores import cores_here, leaving_cores
from concession_gis.errors import (
    ConcessionGisWarning,
    InputError,
    NoDepositColumnWarning,
    collecting_warnings,
    text_of,
    warn,
)
from concession_gis.geodesy import WGS84, area_ha, lonlat_bounds, to_working, working_crs
from concession_gis.i18n import resolve_language
from concession_gis.inputs import KIND, KINDS, TABLE_KINDS, Feeds
from concession_gis.io.bolivia import load_ajam, load_work_sites
from concession_gis.io.layers import (
    Loaded,
    load_allowed_zones,
    load_concessions,
    load_districts,
    load_registrations,
    load_restricted,
)
from concession_gis.io.rejected import empty_rejected
from concession_gis.io.schema import parse_column_map
from concession_gis.io.sources import file_fingerprints
from concession_gis.io.tables import load_table
from concession_gis.io.values import fold
from concession_gis.model import Inputs, Results, RunSummary, TitleOrContract
from concession_gis.progress import Beside, Feedback
from concession_gis.rules import Rules, load_rules
from concession_gis.sample.marker import is_synthetic

if TYPE_CHECKING:  # rasterio, 0.1 s to import, only when a raster is given
    from concession_gis.raster.sources import LossSource


def analyze(inputs: Inputs, feedback: Feedback | None = None, lang: str | None = None) -> Results:
    """Run the whole analysis on ``inputs``; ``lang`` is the run's (the system's when None),
    kept in :attr:`Results.lang` for the summary and the writers.

    Load → project → steps → assemble. Each step takes the columns it needs and returns new
    ones, which only this function assigns to the layers; what the steps pass on that no layer
    shows (holder keys, hosts, seniority) travels in named variables.
    """
    feedback = feedback or Feedback()
    lang = resolve_language(lang)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    if not inputs.concessions:
        raise InputError(key="error.no_concessions_given")
    rules = load_rules(inputs.rules, inputs.rule_overrides)
    reference = dt.date.fromisoformat(rules["reference_date"])
    column_map = parse_column_map(inputs.column_map)

    with collecting_warnings() as warned, contextlib.ExitStack() as beside:
        conc_in, reg_in, restricted, tables, bounds_in = _load(inputs, column_map, rules, feedback)
        # An empty boundary layer was warned about: districts come from the claims' columns.
        boundaries = bounds_in.frame if bounds_in is not None and len(bounds_in.frame) else None
        holders = tables["holders"].frame if "holders" in tables else None
        conc = conc_in.frame.copy()
        reg = reg_in.frame.copy()
        areas = _combine_restricted(restricted)
        # The category as read stays as `category_text`; `restricted_category` is what it means.
        areas["category_text"] = areas["restricted_category"]
        areas["restricted_category"] = area_categories(areas["restricted_category"], rules)
        zones_in = [load_allowed_zones(spec, column_map, inputs.crs) for spec in inputs.allowed_zones]

        feedback.stage("project")
        crs = working_crs(lonlat_bounds(conc, reg))
        conc_w = to_working(conc.geometry, crs).to_numpy()
        reg_w = to_working(reg.geometry, crs).to_numpy()
        areas_w = to_working(areas.geometry, crs).to_numpy()
        bounds_w = to_working(boundaries.geometry, crs).to_numpy() if boundaries is not None else np.empty(0, object)

        feedback.stage("classify", total=len(conc))
        claims = _classify_claims(conc, conc_in.step_fields, conc_w, crs, holders, reference, rules)
        conc = conc.assign(**claims.columns)
        feedback.advance(len(conc))
        # The claims' overlaps (GEOS cuts, which leave the interpreter's lock) beside the host
        # join and the registrations' steps where the run has a second core; from copies, as the
        # run adds columns to the claims meanwhile.
        overlapping = beside.enter_context(Beside(
            partial(overlap_pairs, conc_w, conc["code"].copy(), conc["legal_state"].copy(), claims.senior,
                    rules["overlap"]["min_ha"], rules["overlap"]["min_width_m"]),
            feedback, "overlaps", concurrent=cores_here() >= 2))
        ground = None
        if boundaries is not None:
            ground = district_shares(conc_w, bounds_w, boundaries[PLACE], conc["area_ha"].to_numpy(), conc["code"])
            by_ground = claim_districts(ground, len(conc))
            conc[PLACE] = filled_places(conc, by_ground).to_numpy()

        # A registration without coordinates is hosted by the claim it declares (code_pairs).
        by_code = (reg["located_by"] == LocatedBy.DECLARED_CODE).to_numpy()
        coded = code_pairs(reg["declared_code"], by_code, conc["code"])
        on_claims = candidate_pairs(reg_w, conc_w, feedback)
        on_reg, on_conc, overlap = (np.concatenate(p) for p in zip(on_claims, coded, strict=True))
        hosts = pick_hosts(len(reg), on_reg, on_conc, overlap, conc["legal_state"], claims.senior, rules["hosts"]["rank"])
        # The host join ends here; what follows reads it (a stage of its own, so that its time is
        # not taken for the join's, as a spatial join elsewhere would be compared with it).
        feedback.stage("relations")
        host = hosts.take(conc[["code", "holder", "legal_state", "stratum", "substance", "holder_type", "plant_km",
                                *PLACE]].assign(holder_key=claims.holder_key, holder_ruc=claims.holder_ruc))
        miner_key = holder_keys(reg["miner"], rules)
        links = contract_links(miner_key, reg["ruc"], host["code"].set_axis(reg.index),
                               tables["contracts"].frame if "contracts" in tables else None, reference, rules)
        reg = reg.assign(**_place_registrations(reg, reg_in.step_fields, hosts, host, links.linked, miner_key, rules))
        reg["mineral"] = minerals(reg["mineral"], rules)
        reg = reg.assign(**_deposits(reg, reg_in.step_fields, rules))
        claim = declared_claims(hosts, coded[0], coded[1])[by_code]
        reg, reg_w = _on_declared_claims(reg, reg_w, by_code, conc.geometry.to_numpy()[claim], crs)
        reg["in_restricted"], every_name = _in_restricted(reg_w, by_code, conc_w[claim], areas_w, areas["restricted_name"])
        prohibited = (areas["restricted_category"] == PROHIBITED).to_numpy()
        reg["_in_prohibited"], prohibited_names = _in_restricted(reg_w, by_code, conc_w[claim], areas_w[prohibited],
                                                                 areas["restricted_name"][prohibited])
        reg["restricted_category"], reg["restricted_name"] = most_restrictive(
            reg["in_restricted"], every_name, reg["_in_prohibited"], prohibited_names)
        reg["in_allowed_zone"] = _in_allowed_zone(zones_in, reg, reg_w, by_code, conc_w[claim], crs, rules)

        evidence, loss = [], None
        for kind in TABLE_KINDS:  # every evidence table given: declared production, ...
            if kind.feeds is Feeds.IDLE and kind.name in tables:
                found, added = EVIDENCE_BUILDERS[kind.name](conc["code"], tables[kind.name].frame, reference, rules)
                evidence.append(found)
                conc = conc.assign(**added)
        sources = None
        if inputs.loss_rasters:
            # The raster modules (rasterio, 0.1 s to import) only when a raster is given.
            from concession_gis.raster.sources import open_loss_sources, read_as

            sources = read_as(open_loss_sources(inputs.loss_rasters, assume_crs=inputs.crs), inputs.since,
                              rules["alerts"]["min_confidence"])
        # From here to the assembly, fronts and loss by zone run beside the other steps, and on a
        # core left over the free extinct ground and the miners' footprint too.
        passes = beside.enter_context(_pixel_passes(sources, conc, evidence, reg.loc[~by_code], reg_w[~by_code], areas,
                                                    zones_in, boundaries, crs, rules, feedback))
        free_ground, near_miners = beside.enter_context(_ground_beside(conc, conc_w, areas, areas_w, reg, reg_w, by_code,
                                                                       crs, boundaries, bounds_w, rules, feedback))

        overlaps, conc["overlap_ha"] = overlapping.result()

        forest_share = None
        if inputs.forest:
            from concession_gis.analysis.forest import forest_cover
            from concession_gis.raster.forest import open_forest_sources

            cover = forest_cover(open_forest_sources(inputs.forest, assume_crs=inputs.crs), conc.geometry, rules,
                                 feedback)
            conc["forest_ha"] = cover["forest_ha"]
            # A share only where the map covers the claim well enough to judge it, as for loss.
            forest_share = (cover["forest_ha"] / conc["area_ha"].where(conc["area_ha"] > 0)).where(
                cover["forest_coverage"] >= rules["idle"]["min_raster_coverage"])
        if sources is not None:
            from concession_gis.analysis.forest_loss import forest_loss

            # No loss around a registration placed on its declared claim: the miner is not there.
            loss = forest_loss(sources, conc,
                               (overlaps["a"].to_numpy(), overlaps["b"].to_numpy()),
                               gpd.GeoSeries(reg_w[~by_code], crs=crs), areas.geometry, crs, rules, feedback, boundaries,
                               pairs_without(on_claims[:2], by_code))
            conc = conc.assign(**loss.per_claim)
            if len(reg):  # an empty layer gets no loss column
                reg["loss_ha_500m"] = np.nan
                reg.loc[~by_code, "loss_ha_500m"] = loss.around_registrations
            if len(areas):
                areas["loss_ha"] = loss.in_restricted
            evidence.append(loss_evidence(conc["area_ha"], conc["loss_by_holder_ha"], conc["loss_by_miners_ha"],
                                          conc["raster_coverage"], forest_share, rules))

        feedback.stage("idle")
        conc["idle"], conc["idle_reason_codes"] = idle_claims(conc["legal_state"], conc["years_since_filed"], evidence, rules)
        conc["idle_evidence"] = spoken(evidence, conc.index)

        feedback.stage("coexistence")
        active = (reg["reg_status"] == RegStatus.ACTIVE).to_numpy()
        conc["n_registrations"] = hosts.per_claim(len(conc))
        conc["n_active_registrations"] = hosts.per_claim(len(conc), active)
        reg = reg.assign(**_judge_registrations(reg, conc, hosts, host, evidence, reference, rules))
        reg["legal_status"] = legal_statuses(reg["reg_status"], reg["conflict_type"])
        reg["nearest_large_code"], reg["nearest_large_km"] = _nearest_large(conc, conc_w, reg_w, hosts, crs, rules)

        feedback.stage("districts")
        conc["n_districts"] = n_districts(conc["district"]) if ground is None else by_ground["n_districts"].to_numpy()
        counted = reg
        if boundaries is not None:
            inside = point_districts(reg_w, bounds_w)
            on_claim = np.full(len(reg), -1, dtype=np.int64)
            on_claim[by_code] = claim  # placed by code: counted where its claim's ground lies
            counted = reg.assign(**registration_places(reg, inside, boundaries, on_claim, by_ground))
        # The other definitions of m (analysis/districts.py): suspended miners count, the miners' footprint.
        present = hosts.per_claim(len(conc), active | (reg["reg_status"] == RegStatus.SUSPENDED).to_numpy())
        (free_layer, free_ha), footprint = free_ground.result(), near_miners.result()
        districts = district_summary(conc, counted, loss.by_district if loss else None, ground, present, footprint)
        districts = with_free_ha(districts, free_ha)
        if boundaries is not None:
            districts = with_ubigeo(districts, boundaries)
        cases = qca_cases(conc, reg, hosts.position, loss.by_year if loss else None, reference, rules)
        fronts, by_zone = passes.result()

    rejected = _all_rejected([conc_in, reg_in, *restricted, *tables.values(), *([bounds_in] if bounds_in else []),
                              *zones_in])

    overlaps_layer = _overlaps_layer(overlaps, crs)
    conc_out = _output_layer(conc, columns.CONCESSIONS)
    reg_out = _output_layer(reg, columns.REGISTRATIONS)
    candidates = reg_out.loc[reg_out["coexistence"]].sort_values("coexistence_score", ascending=False, kind="stable")
    empty_loss = pd.DataFrame({c: pd.Series(dtype=t) for c, t in
                               zip(columns.LOSS_BY_YEAR, ("object", "Int64", "float64", "object"), strict=True)})
    results = Results(
        concessions=conc_out,
        registrations=reg_out,
        concession_overlaps=overlaps_layer,
        coexistence_candidates=candidates.reset_index(drop=True),
        loss_by_year=(loss.by_year if loss else empty_loss).reset_index(drop=True),
        district_summary=districts,
        rejected_rows=rejected,
        restricted_areas=areas.drop(columns=[c for c in areas.columns if c.startswith("_")]),
        extinct_free_ground=free_layer,
        allowed_zones=_allowed_zones_layer(zones_in, rules, crs) if zones_in else None,
        cases=cases,
        **({"production_by_year": production_by_year(conc_out["code"], tables["activity"].frame)}
           if "activity" in tables else {}),
        summary=RunSummary(),  # type: ignore[typeddict-item]  # filled below, from the results
        rules=rules,
        lang=lang,
        clock=clock,
        **({"loss_fronts": fronts, "loss_by_zone": by_zone} if fronts is not None else {}),
    )
    results.summary = _summary(
        results, inputs, {"concessions": [conc_in], "registrations": [reg_in], "restricted": restricted,
                          **{name: [loaded] for name, loaded in tables.items()},
                          **({"districts": [bounds_in]} if bounds_in else {}),
                          **({"allowed_zones": zones_in} if zones_in else {})}, warned,
        started, time.perf_counter() - clock, loss.claimed_ground_ha if loss else None,
        "column" if boundaries is None else "boundaries", links,
        minerals(tables["activity"].frame["mineral"], rules) if "activity" in tables else None,
    )
    if fronts is not None and by_zone is not None:
        from concession_gis.analysis.fronts import fronts_summary

        results.summary["loss_fronts"] = fronts_summary(fronts, by_zone)
    return results


# Rasters of up to this many pixels get their passes over every pixel (fronts, loss by zone)
# beside the zonal measures, the two sharing the cores; larger ones one after the other, as the
# passes alone hold up to 1.7 GB on a whole Hansen tile (1.6 billion pixels). At 800 million
# (8x the region: 80,000 claims) beside took 147 s against 171 s in turn, and peaked lower
# (2.59 GB against 2.68 GB): the passes' peak is not the zonal measures'.
BESIDE_MAX_PIXELS = 1_000_000_000


@contextlib.contextmanager
def _pixel_passes(
    sources: list[LossSource] | None, conc: gpd.GeoDataFrame, evidence: list[Evidence], found: gpd.GeoDataFrame,
    found_w: np.ndarray, areas: gpd.GeoDataFrame, zones_in: list[Loaded], boundaries: gpd.GeoDataFrame | None,
    crs: CRS, rules: Rules, feedback: Feedback,
) -> Iterator[Beside[tuple[gpd.GeoDataFrame | None, pd.DataFrame | None]]]:
    """Fronts and loss by zone (issue 17) of the loss ``sources`` (None: none given), started now
    on a thread of their own with half the cores, the run keeping the other half meanwhile.

    They read the claims' states, the producers, the registrations found on the ground
    (``found``) and the areas as they are now, each from a copy of its own, not the zonal
    measures' columns that the run adds meanwhile. The zonal measures spend much of their time in
    Python between array calls, the passes in GDAL's polygonize and rasterize, so on two cores
    the two side by side take about the time of the longer; more threads than cores would only
    take the interpreter lock from one another.
    """
    if sources is None:
        yield Beside(lambda _: (None, None), feedback, "pixel-passes", concurrent=False)
        return
    from concession_gis.analysis.fronts import loss_fronts
    from concession_gis.analysis.loss_by_zone import loss_by_zone

    zones = gpd.GeoSeries(pd.concat([z.frame.geometry for z in zones_in]).to_numpy(), crs=WGS84) if zones_in else None
    producing = next((e.active for e in evidence if e.name == "activity"), pd.Series(False, index=conc.index))
    claims, areas, found = conc.copy(), areas.copy(), found.copy()
    boundaries = None if boundaries is None else boundaries.copy()

    def passes(feedback: Feedback) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
        fronts = loss_fronts(sources, claims, producing, found, found_w, areas, zones, crs, rules, feedback)
        return fronts, loss_by_zone(sources, claims, areas, zones, boundaries, rules["hosts"]["rank"], feedback)

    pixels = sum(source.width * source.height for source in sources)
    kept = cores_here() // 2 if pixels <= BESIDE_MAX_PIXELS else 0  # the run's cores while the passes work
    with leaving_cores(kept):  # the passes' context: the other cores
        beside = Beside(passes, feedback, "pixel-passes", concurrent=kept > 0)
    with beside, leaving_cores(cores_here() - kept if kept else 0):
        yield beside


@contextlib.contextmanager
def _ground_beside(
    conc: gpd.GeoDataFrame, conc_w: np.ndarray, areas: gpd.GeoDataFrame, areas_w: np.ndarray, reg: gpd.GeoDataFrame,
    reg_w: np.ndarray, by_code: np.ndarray, crs: CRS, boundaries: gpd.GeoDataFrame | None, bounds_w: np.ndarray,
    rules: Rules, feedback: Feedback,
) -> Iterator[tuple[Beside[tuple[gpd.GeoDataFrame, pd.DataFrame]], Beside[np.ndarray]]]:
    """The free extinct ground (layer and hectares per district) and each titled claim's
    footprint of active miners, each started now on a thread of its own where this run has two
    cores or more (on fewer, done in turn where the result is taken).

    Both are unions, differences and buffers in GEOS, which leaves the interpreter's lock: beside
    the steps after them they take the second core. On one thread together they were the
    national run's longest path once the overlaps were quick (5.4 s, the run waiting 4.7 s of
    it with a core idle); on two, each about half. They read copies of the columns they need,
    taken now: the run adds columns to the same frames meanwhile.
    """
    claims = conc[["code", "legal_state", *PLACE]].copy()
    found = reg[["reg_id", "reg_status"]].copy()
    categories = areas[["restricted_category"]].copy()
    places = None if boundaries is None else boundaries[PLACE].copy()
    titled = (claims["legal_state"] == LegalState.TITLED).to_numpy()
    active = (found["reg_status"] == RegStatus.ACTIVE).to_numpy() & ~by_code

    def free_ground(_: Feedback) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
        return free_ground_outputs(claims, conc_w, categories, areas_w, found, reg_w, crs,
                                   *((bounds_w, places) if places is not None else ()))

    def footprint(_: Feedback) -> np.ndarray:
        return footprint_ha(conc_w, titled, reg_w, active, rules["registrations"]["loss_buffer_m"])

    concurrent = cores_here() >= 2
    with Beside(free_ground, feedback, "free-ground", concurrent) as ground, \
            Beside(footprint, feedback, "footprint", concurrent) as near:
        yield ground, near


# --- loading -----------------------------------------------------------------------------------


def _load(
    inputs: Inputs, column_map: dict[str, dict[str, str]], rules: Rules, feedback: Feedback
) -> tuple[Loaded, Loaded, list[Loaded], dict[str, Loaded], Loaded | None]:
    """The spatial inputs as :class:`Loaded`, each table kind given, by kind name, and the
    district boundaries (None when not given)."""
    feedback.stage("load_concessions")
    conc = load_concessions(inputs.concessions, column_map, inputs.crs, rules)
    feedback.stage("load_registrations")
    reg = Loaded(_empty_registrations(), step_fields=pd.DataFrame({"status_text": pd.Series(dtype=object),
                                                                   "deposit_missing_in": pd.Series(dtype=object)}))
    if inputs.registrations:
        # The concessions' extent tells swapped coordinates from real ones.
        extent = tuple(conc.frame.total_bounds)
        reg = load_registrations(inputs.registrations, column_map, rules, inputs.crs, extent=extent,
                                 claim_codes=conc.frame["code"])
    feedback.stage("load_restricted")
    restricted = [load_restricted(s, column_map, inputs.crs) for s in inputs.restricted]
    feedback.stage("load_tables")
    tables = {kind.name: load_table(kind, inputs.specs(kind), column_map) for kind in TABLE_KINDS if inputs.specs(kind)}
    boundaries = None
    if inputs.districts:
        feedback.stage("load_districts")
        boundaries = load_districts(inputs.districts, column_map, inputs.crs)
    return conc, reg, restricted, tables, boundaries


def load_input(name: str, spec: str, column_map: dict[str, dict[str, str]], assume_crs: str | int | None = None) -> Loaded:
    """One file of the kind called ``name``, loaded as :func:`analyze` loads it (the GUI's check)."""
    kind = KIND[name]
    if kind.is_table:
        return load_table(kind, spec, column_map)
    spatial = {  # a raster is opened where it is read, never loaded into a frame
        "concessions": lambda: load_concessions([spec], column_map, assume_crs),
        "registrations": lambda: load_registrations([spec], column_map, load_rules(), assume_crs),
        "restricted": lambda: load_restricted(spec, column_map, assume_crs),
        "districts": lambda: load_districts(spec, column_map, assume_crs),
        "allowed_zones": lambda: load_allowed_zones(spec, column_map, assume_crs),
        "ajam": lambda: load_ajam([spec], column_map, assume_crs),
        "work_sites": lambda: load_work_sites([spec], column_map, load_rules(), assume_crs),
    }
    return spatial[name]()


# --- steps that join several analysis functions ---------------------------------------------


@dataclass(frozen=True)
class Claims:
    """What classifying the concessions found: their new ``columns`` (legal_state, area_ha,
    holder_total_ha, stratum, stratum_source, holder_type, plant_km, years_since_filed), and, row for row, what later steps need that
    no layer shows: each holder's key and RUC and each claim's seniority rank."""

    columns: pd.DataFrame
    holder_key: pd.Series
    holder_ruc: pd.Series
    senior: np.ndarray


def _classify_claims(
    conc: pd.DataFrame, fields: pd.DataFrame, conc_w: np.ndarray, crs: CRS, holders: pd.DataFrame | None,
    reference: dt.date, rules: Rules,
) -> Claims:
    """``conc`` has ``status_code``, ``holder``, ``filed_on`` and ``code``; ``fields`` the
    loader's step fields (``status_text``, ``state_known``, ``holder_ruc``, ``filed_time``); ``conc_w`` the
    shapes in the working ``crs``."""
    state = legal_states(conc["status_code"], fields["status_text"], fields["state_known"], rules)
    hectares = pd.Series(area_ha(conc_w), index=conc.index)
    holder_key = holder_keys(conc["holder"], rules)
    ruc = holder_rucs(holder_key, fields["holder_ruc"], holders, rules)
    strata = holder_strata(holder_key, ruc, state, hectares, rules, holders)
    # A processing plant (concesión de beneficio): legal state `other`, ESTADO code B.
    plant = ((state == LegalState.OTHER) & conc["status_code"].isin(rules["coexistence"]["plant_status_codes"])).to_numpy()
    plant_km = nearest_of_same_key(conc_w, holder_identities(holder_key, ruc), plant, crs)
    columns = pd.DataFrame({"legal_state": state, "area_ha": hectares, **strata,
                            "holder_type": holder_types(conc["holder"], holder_key, ruc, rules),
                            "plant_km": plant_km,
                            "years_since_filed": years_between(conc["filed_on"], reference)}, index=conc.index)
    return Claims(columns, holder_key, ruc, seniority(conc["filed_on"], fields["filed_time"], conc["code"]))


def _place_registrations(
    reg: pd.DataFrame, fields: pd.DataFrame, hosts: Hosts, host: pd.DataFrame, contract: pd.Series,
    miner_key: pd.Series, rules: Rules,
) -> pd.DataFrame:
    """The registrations' status, host and relation columns, and their place where they have
    none (their host's). ``reg`` has ``miner``, ``ruc``, ``declared_code`` and the place
    columns; ``fields`` the loader's ``status_text``; ``host`` the host's columns that
    :func:`relations` reads, ``holder`` and the place columns, row for row; ``contract`` where
    a contract in force links the miner to its host; ``miner_key`` the miners' holder keys."""
    host = host.set_axis(reg.index)
    out = pd.DataFrame(index=reg.index)
    out["reg_status"] = reg_statuses(fields["status_text"].set_axis(reg.index), rules)
    for name in ("code", "holder", "legal_state", "stratum"):  # as values: pandas picks their type
        out[f"host_{name}"] = host[name].to_numpy()
    out["n_hosts"] = hosts.n_hosts
    out["relation"] = relations(miner_key, reg["ruc"], host, contract)
    # Placed by its declared code, a registration matches that code by construction: no evidence.
    by_code = reg["located_by"] == LocatedBy.DECLARED_CODE
    out["declared_code_match"] = declared_code_match(reg["declared_code"], out["host_code"]).mask(by_code, pd.NA)
    for place in PLACE:
        out[place] = reg[place].where(reg[place] != "", host[place].fillna(""))
    return out


def _on_declared_claims(
    reg: gpd.GeoDataFrame, reg_w: np.ndarray, by_code: np.ndarray, claims: np.ndarray, crs: CRS
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """``reg`` and its working shapes with the registrations ``by_code`` drawn on a point inside
    their declared ``claims`` (lon/lat shapes, one each): maps and the GeoPackage keep one point
    layer. The point says which claim, not where the miner works (``located_by``)."""
    if not by_code.any():
        return reg, reg_w
    points = shapely.point_on_surface(claims)
    reg = reg.copy()
    reg.loc[by_code, reg.geometry.name] = gpd.GeoSeries(points, index=reg.index[by_code], crs=WGS84)
    reg_w = reg_w.copy()
    reg_w[by_code] = to_working(gpd.GeoSeries(points, crs=WGS84), crs).to_numpy()
    return reg, reg_w


def _in_restricted(
    reg_w: np.ndarray, by_code: np.ndarray, claims_w: np.ndarray, areas_w: np.ndarray, names: pd.Series
) -> tuple[pd.Series, list[str]]:
    """``in_restricted`` (true/false, <NA> where unknown) and ``restricted_name`` of each
    registration: from its point or shape, or, for those ``by_code``, from their whole declared
    claim (``claims_w``, one each; see :func:`claim_in_restricted`)."""
    inside, labels = in_restricted(reg_w, areas_w, names)
    flags = pd.Series(inside, dtype="boolean")
    if by_code.any():
        on_claim, claim_labels = claim_in_restricted(claims_w, areas_w, names)
        flags[by_code] = on_claim.to_numpy()
        for i, label in zip(np.flatnonzero(by_code), claim_labels, strict=True):
            labels[i] = label
    return flags, labels


def _in_allowed_zone(
    zones_in: list[Loaded], reg: pd.DataFrame, reg_w: np.ndarray, by_code: np.ndarray, claims_w: np.ndarray, crs: CRS,
    rules: Rules,
) -> pd.Series:
    """``in_allowed_zone`` of each registration (:func:`.legal_status.in_allowed_zone`); all
    empty without ``--allowed-zones``. The departments whose line the zones are: those the
    layers' ``department`` column names, else ``allowed_zones.departments``."""
    if not zones_in:
        return pd.Series(pd.NA, index=reg.index, dtype="boolean")
    zones = pd.concat([z.frame for z in zones_in], ignore_index=True)
    named = sorted(set(zones["allowed_zone_department"]) - {""})
    departments = named or [fold(d) for d in rules["allowed_zones"]["departments"]]
    zones_w = to_working(gpd.GeoSeries(zones.geometry.to_numpy(), crs=WGS84), crs).to_numpy()
    return in_allowed_zone(reg_w, by_code, claims_w, zones_w, zones["allowed_zone_name"], reg["department"],
                           departments)


def _allowed_zones_layer(zones_in: list[Loaded], rules: Rules, crs: CRS) -> gpd.GeoDataFrame:
    """The ``allowed_zones`` results layer: each zone's name, the department whose legal line it
    is (its own ``department`` column, else ``allowed_zones.departments``) and its hectares."""
    zones = pd.concat([z.frame for z in zones_in], ignore_index=True)
    named = zones["allowed_zone_department"]
    default = " / ".join(fold(d) for d in rules["allowed_zones"]["departments"])
    geometry = gpd.GeoSeries(zones.geometry.to_numpy(), crs=WGS84)
    return gpd.GeoDataFrame({
        "allowed_zone_name": zones["allowed_zone_name"].to_numpy(),
        "department": named.where(named != "", default).to_numpy(),
        "area_ha": area_ha(to_working(geometry, crs)).round(4),
    }, geometry=geometry.values, crs=WGS84)


def _deposits(reg: pd.DataFrame, fields: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """``deposit_type`` as a code and the deposit column's text as read (``deposit_text``); warns,
    file by file, of registrations left ``unknown`` by a file without a deposit-type column:
    they can be no coexistence candidates (``coexistence.unknown_deposit``)."""
    text = reg["deposit_type"].fillna("").astype(object)
    kind = deposit_types(reg["activity"], text, rules)
    missing_in = fields["deposit_missing_in"].set_axis(reg.index)
    unknown = (kind == DepositType.UNKNOWN) & (missing_in != "")
    aliases = ", ".join(KIND["registrations"].aliases["deposit_type"][:3])
    for path, n in unknown.groupby(missing_in).sum().items():
        if n:
            warn(NoDepositColumnWarning(key="warning.no_deposit_column", path=path, n=int(n),
                                        aliases=aliases))
    return pd.DataFrame({"deposit_type": kind, "deposit_text": text}, index=reg.index)


def _nearest_large(
    conc: pd.DataFrame, conc_w: np.ndarray, reg_w: np.ndarray, hosts: Hosts, crs: CRS, rules: Rules
) -> tuple[pd.Series, pd.Series]:
    """``nearest_large_code`` and ``nearest_large_km`` of each registration on no claim: the
    nearest titled claim of a large or medium holder that is not idle (and is a company's,
    when ``coexistence.require_company_holder``), within ``coexistence.near_large_km``."""
    rule = rules["coexistence"]
    large = (conc["legal_state"] == LegalState.TITLED) & conc["stratum"].isin(LARGE_STRATA)
    large &= ~conc["idle"].fillna(False).astype(bool)
    if rule["require_company_holder"]:
        large &= conc["holder_type"].isin([HolderType.COMPANY, HolderType.STATE])
    targets = np.flatnonzero(large.to_numpy())
    alone = np.flatnonzero(hosts.position < 0)
    found, km = nearest_km(reg_w[alone], conc_w[targets], crs, rule["near_large_km"])
    code = np.full(len(reg_w), None, dtype=object)
    distance = np.full(len(reg_w), np.nan)
    hit = found >= 0
    code[alone[hit]] = conc["code"].to_numpy()[targets[found[hit]]]
    distance[alone[hit]] = np.round(km[hit], 3)
    return pd.Series(code, dtype=object), pd.Series(distance, dtype="float64")


def _judge_registrations(
    reg: pd.DataFrame, conc: pd.DataFrame, hosts: Hosts, host: pd.DataFrame, evidence: list[Evidence],
    reference: dt.date, rules: Rules,
) -> pd.DataFrame:
    """``host_idle``, the coexistence columns and ``conflict_type`` of each registration, from
    what is known of its host: ``conc``'s ``idle`` and ``n_active_registrations``, the idle
    ``evidence`` and ``host``'s ``substance``."""
    said = {e.name: e.active for e in evidence}
    silent = pd.Series(pd.NA, index=conc.index, dtype="boolean")
    hosted = hosts.position >= 0
    facts = pd.DataFrame({
        "idle": hosts.of(conc["idle"]), "substance": host["substance"], "holder_type": host["holder_type"],
        "stratum": host["stratum"], "plant_km": host["plant_km"],
        "recent_production": hosts.of(said.get("activity", silent)),
        # The holder's loss only (loss_evidence): the miners' own clearing is no holder at work.
        "loss_active": hosts.of(said.get("forest_loss", silent)),
        "active_registrations": np.where(
            hosted, conc["n_active_registrations"].to_numpy()[np.maximum(hosts.position, 0)], 0),
    }).set_axis(reg.index)
    out = pd.DataFrame({"host_idle": facts["idle"]}, index=reg.index)
    out["coexistence"], out["coexistence_score"], out["coexistence_reason_codes"] = coexistence(
        reg, facts, reference, rules)
    # Only a prohibited area makes the type `restricted_area`; a conditional one does not override it.
    out["conflict_type"] = conflict_types(reg["_in_prohibited"], reg["relation"], out["coexistence"], out["host_idle"],
                                          reg["in_allowed_zone"])
    return out


# --- assembling outputs ----------------------------------------------------------------------


def _output_layer(frame: gpd.GeoDataFrame, canonical: Sequence[str]) -> gpd.GeoDataFrame:
    """Source columns unchanged, then the canonical columns present, then the geometry."""
    geometry = frame.geometry.name
    source = [c for c in frame.columns if c not in canonical and not str(c).startswith("_") and c != geometry]
    ordered = source + [c for c in canonical if c in frame.columns]
    # Chosen from a plain frame, not copied again: a GeoDataFrame's columns without its geometry
    # come back through geopandas' constructor, which copied and merged the 33 blocks of the
    # national registrations (0.56 s, the claims 0.25 s) for a frame the run only reads.
    out = gpd.GeoDataFrame(pd.DataFrame(frame)[ordered], geometry=frame.geometry.values, crs=WGS84, copy=False)
    return out.reset_index(drop=True)


def _overlaps_layer(pairs: pd.DataFrame, crs: CRS) -> gpd.GeoDataFrame:
    shapes = gpd.GeoSeries(pairs["shape"].to_numpy(), crs=crs)
    return gpd.GeoDataFrame(pairs[list(columns.OVERLAPS)], geometry=shapes.values, crs=crs).to_crs(WGS84)


def _combine_restricted(parts: list[Loaded]) -> gpd.GeoDataFrame:
    if not parts:
        return gpd.GeoDataFrame({"restricted_name": pd.Series(dtype=object), "restricted_category": pd.Series(dtype=object)},
                                geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    frames = [p.frame for p in parts]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=WGS84)


def _empty_registrations() -> gpd.GeoDataFrame:
    names = ["reg_id", "miner", "ruc", "activity", "deposit_type", "mineral", "declared_code", "declared_name",
             "department", "province", "district", "located_by"]
    frame = gpd.GeoDataFrame({n: pd.Series(dtype=object) for n in names}, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    frame["registered_on"] = pd.Series(dtype="datetime64[ns]")
    frame["_row"] = pd.Series(dtype="int64")
    return frame


def _all_rejected(loaded: list[Loaded]) -> pd.DataFrame:
    parts = [item.rejected for item in loaded if len(item.rejected)]
    return pd.concat(parts, ignore_index=True) if parts else empty_rejected()


def _summary(
    results: Results, inputs: Inputs, loaded: dict[str, list[Loaded]], warned: list[ConcessionGisWarning],
    started: dt.datetime, seconds: float, ground_loss_ha: float | None = None, district_source: str = "column",
    links: ContractLinks | None = None, production_minerals: pd.Series | None = None,
) -> RunSummary:
    """``loaded``: what was read of each kind given, by kind name; ``district_source`` how the
    district summary placed the claims: by their cells (``column``) or by ground (``boundaries``);
    ``links`` what the contracts linked; ``production_minerals`` the mineral of each declared
    production record."""
    conc, reg = results.concessions, results.registrations
    rejected = results.rejected_rows
    reg_rejected = len(loaded["registrations"][0].rejected)
    warnings_counted = Counter(type(w).__name__ for w in warned)
    inputs_list = []
    for kind in KINDS:
        inputs_list += [{"kind": kind.name, **f} for part in loaded.get(kind.name, []) for f in part.inputs]
    if inputs.loss_rasters or inputs.forest:
        from concession_gis.raster.forest import parse_forest_spec
        from concession_gis.raster.sources import parse_loss_spec
    for spec in inputs.loss_rasters:
        path, encoding = parse_loss_spec(spec)
        inputs_list += [{"kind": "loss_raster", "encoding": encoding, **f} for f in file_fingerprints(path)]
    for spec in inputs.forest:
        path, encoding = parse_forest_spec(spec)
        inputs_list += [{"kind": "forest", "encoding": encoding, **f} for f in file_fingerprints(path)]

    covered = int(conc["loss_ha"].notna().sum()) if "loss_ha" in conc else 0
    measured = "loss_ha" in conc and covered > 0  # no claim on the rasters: no figure, not 0 ha

    def counts(series: pd.Series, keys: Sequence[str]) -> dict[str, int]:
        found = series.value_counts()
        return {k: int(found.get(k, 0)) for k in keys}

    summary: RunSummary = {
        "tool": "concession-gis",
        "version": __version__,
        "country": "pe",  # the profile this run is (profiles/pe.toml); a Bolivian run's says "bo"
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "language": results.lang,
        "inputs": inputs_list,
        # Inputs written by `concession-gis sample` (or the bundled demo): maps say so.
        "synthetic": is_synthetic(str(item.get("path", "")) for item in inputs_list),
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
            "located_by": counts(reg["located_by"], columns.LOCATED_BY),
            "mineral": counts(reg["mineral"], columns.MINERALS),
            "deposit_type": counts(reg["deposit_type"], columns.DEPOSIT_TYPES),
            "holder_type": counts(conc["holder_type"], columns.HOLDER_TYPES),
            "stratum_source": counts(conc["stratum_source"], columns.STRATUM_SOURCES),
            # Medium and large hosts apart: most coexistence examples are with medium companies.
            "coexistence_by_host_stratum": counts(results.coexistence_candidates["host_stratum"], columns.LARGE_STRATA),
            "near_large_company": int(reg["nearest_large_code"].notna().sum()),
            "legal_status": counts(reg["legal_status"], columns.LEGAL_STATUSES),
            # Registrations where allowed zones are the legal line: inside one, outside all.
            "in_allowed_zone": {"inside": int((reg["in_allowed_zone"] == True).sum()),  # noqa: E712
                                "outside": int((reg["in_allowed_zone"] == False).sum())},  # noqa: E712
            "restricted_category": counts(reg["restricted_category"], columns.RESTRICTED_CATEGORIES),
            "restricted_areas": counts(results.restricted_areas.get("restricted_category", pd.Series(dtype=object)),
                                       columns.RESTRICTED_CATEGORIES),
        },
        "title_or_contract": _title_or_contract(reg),
        "hectares": {
            "concessions": round(float(conc["area_ha"].sum()), 2),
            **{f"{state}": round(float(conc.loc[conc["legal_state"] == state, "area_ha"].sum()), 2)
               for state in columns.LEGAL_STATES},
            "idle": round(float(conc.loc[conc["idle"].fillna(False).astype(bool), "area_ha"].sum()), 2),
            "overlaps": round(float(results.concession_overlaps["overlap_ha"].sum()), 2),
            # Extinct claims' ground under no other claim nor prohibited area, each hectare once.
            "extinct_free": round(float(results.extinct_free_ground["free_ha"].sum()), 2),
            # Summed over claims (a hectare under two claims counts for both), and on the ground.
            **({"forest_loss": round(float(conc["loss_ha"].sum()), 2)} if measured else {}),
            **({"forest_loss_claimed_ground": round(ground_loss_ha, 2)} if ground_loss_ha is not None and measured else {}),
        },
        "district_source": district_source,
        "rules": results.rules,
        "warnings": dict(warnings_counted),
        "warning_messages": [text_of(w, results.lang) for w in warned],
    }
    if inputs.loss_rasters:
        summary["forest_loss"] = {"status": "covered" if covered else "not_covered", "concessions_covered": covered}
    if production_minerals is not None:
        summary["counts"]["production_mineral"] = counts(production_minerals, columns.MINERALS)
    if links is not None and links.counts:
        summary["contracts"] = links.counts
    return summary


def _title_or_contract(reg: pd.DataFrame) -> TitleOrContract:
    """The sources' "with title or contract" share (Malone and Martínez 2022, after Salas-Urviola
    et al. 2021: 9% of ASM in Puno, from official data; docs/domain.md "Contracts"): registrations whose relation is ``own_title``
    or ``contract``, over the active registrations and over all of them (None when there are
    none). Registrations on no claim count in the denominators: they have neither."""
    holds = reg["relation"].isin([columns.Relation.OWN_TITLE, columns.Relation.CONTRACT])
    active = reg["reg_status"] == RegStatus.ACTIVE
    n_all, n_active = len(reg), int(active.sum())
    return {
        "registrations": n_all, "with_title_or_contract": int(holds.sum()),
        "share": round(int(holds.sum()) / n_all, 4) if n_all else None,
        "active_registrations": n_active, "active_with_title_or_contract": int((holds & active).sum()),
        "active_share": round(int((holds & active).sum()) / n_active, 4) if n_active else None,
    }
