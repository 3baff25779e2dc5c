"""The canonical columns and codes of a Bolivian run (``analyze --country bo``), in output order
(docs/contract.md, "Bolivia"). As for Peru's layers, the source columns come first, unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class ActorType(StrEnum):
    """The productive actor holding an area or working a site (Ley 535)."""

    STATE = "state"  # COMIBOL and its subsidiaries
    PRIVATE = "private"
    COOPERATIVE = "cooperative"
    UNKNOWN = ""


class AreaState(StrEnum):
    IN_FORCE = "in_force"
    IN_PROCESS = "in_process"
    REVERTED = "reverted"
    EXTINCT = "extinct"
    OTHER = "other"  # a state the profile does not list
    UNKNOWN = "unknown"  # the file has no state column


class GridCheck(StrEnum):
    """Declared cuadrículas x 25 ha against the measured ellipsoidal hectares."""

    AGREES = "agrees"
    DIFFERS = "differs"
    NO_COUNT = "no_count"  # no cuadrículas declared


class SiteRelation(StrEnum):
    """A work site's relation to the area it lies on: the first that applies."""

    NO_AREA = "no_area"
    EXTINCT_AREA = "extinct_area"  # reverted or extinct
    OWN_AREA = "own_area"
    COOPERATIVE_ON_STATE_AREA = "cooperative_on_state_area"
    ON_COOPERATIVE_AREA = "on_cooperative_area"
    ON_PRIVATE_AREA = "on_private_area"
    ON_STATE_AREA = "on_state_area"  # a private or unknown operator on COMIBOL's area


class SiteConflict(StrEnum):
    """A work site's conflict type: the first that applies."""

    RESTRICTED_AREA = "restricted_area"  # in a prohibited area
    OWN_AREA = "own_area"
    REVERSION_CANDIDATE = "reversion_candidate"  # its area is a reversion candidate
    CONTRACT = "contract"  # a contract in force with the area's cooperative
    STATE_AREA = "state_area"  # a cooperative on COMIBOL's area
    THIRD_PARTY = "third_party"
    EXTINCT_AREA = "extinct_area"
    NO_AREA = "no_area"


AREAS = (
    "code", "area_name", "holder", "holder_nit", "actor_type", "actor_type_source", "right_type", "area_state",
    "legal_state", "grids", "grid_ha", "area_ha", "grid_difference_pct", "grid_check", "grid_reason_codes",
    "granted_on", "grant_year", "years_since_granted", "mineral", "department", "province", "municipality",
    "n_work_sites", "n_private_sites", "n_cooperative_sites", "leased_to_private", "partner", "contract_type", "last_production_year",
    "loss_ha", "loss_by_miners_ha", "loss_by_holder_ha", "raster_coverage", "forest_ha",
    "idle", "idle_reason_codes", "idle_evidence", "reversion_candidate", "reversion_reason_codes", "reversion_rank",
)

WORK_SITES = (
    "site_id", "operator", "operator_nit", "operator_type", "declared_code", "mineral", "department", "province",
    "municipality", "located_by", "host_code", "host_holder", "host_actor_type", "host_area_state", "n_hosts",
    "relation", "under_contract", "in_restricted", "restricted_category", "restricted_name", "conflict_type",
)

COOPERATIVES = (
    "cooperative", "nit", "federation", "members", "n_areas", "area_ha", "n_work_sites", "n_sites_on_own_areas",
    "n_leased_areas", "leased_ha", "n_reversion_candidates", "reversion_candidate_ha",
)

REVERSION = ("reversion_rank", "code", "area_name", "holder", "actor_type", "area_state", "area_ha", "idle",
             "leased_to_private", "partner", "contract_type", "n_private_sites", "department", "province",
             "municipality", "reversion_reason_codes")

# Seed 003's figures: hectares by actor type and grant year; reverted and revertible by place.
AREA_BY_ACTOR_YEAR = ("actor_type", "grant_year", "n_areas", "area_ha")
REVERSION_BY_PLACE = ("department", "municipality", "n_areas", "area_ha", "cooperative_ha", "reverted_ha",
                      "reversion_candidate_ha", "in_force_ha", "m_cooperative_share")

# The canonical columns of each layer of a Bolivian run, by its name in results.gpkg.
BY_LAYER = {"areas": AREAS, "work_sites": WORK_SITES, "reversion_candidates": REVERSION, "cooperatives": COOPERATIVES,
            "area_by_actor_year": AREA_BY_ACTOR_YEAR, "reversion_by_place": REVERSION_BY_PLACE}
