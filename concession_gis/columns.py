"""The canonical columns of each output layer, in output order (docs/contract.md, plus extensions).

Canonical columns are added beside the source columns, which are kept unchanged. A source
column whose name clashes with one of these (GeoPackage names ignore case) is renamed with a
``_src`` suffix.
"""

from __future__ import annotations

CONCESSIONS = (
    "code", "name", "holder", "filed_on", "status_code", "legal_state", "substance",
    "area_ha", "declared_ha", "holder_total_ha", "stratum", "years_since_filed",
    "n_registrations", "n_active_registrations", "loss_ha", "loss_since_filed_ha",
    "idle", "idle_reason", "overlap_ha",
    # extensions
    "department", "province", "district", "raster_coverage", "last_production_year",
)

REGISTRATIONS = (
    "reg_id", "miner", "ruc", "reg_status", "activity", "declared_code", "host_code",
    "host_holder", "host_legal_state", "host_stratum", "n_hosts", "relation",
    "declared_code_match", "in_restricted", "restricted_name", "host_idle", "coexistence",
    "coexistence_score", "coexistence_reasons", "conflict_type", "loss_ha_500m",
    # extensions
    "registered_on", "deposit_type", "department", "province", "district",
)

OVERLAPS = ("code_a", "code_b", "overlap_ha", "senior_code", "legal_state_a", "legal_state_b")

LOSS_BY_YEAR = ("code", "year", "loss_ha", "source")

REJECTED = ("source", "row", "reason")

LEGAL_STATES = ("titled", "pending", "extinct", "other")
STRATA = ("large_medium", "small", "artisanal")
REG_STATUSES = ("active", "suspended", "excluded", "unknown")
RELATIONS = (
    "own_title", "third_party_large", "third_party_small", "pending_claim", "extinct_claim",
    "no_concession",
)
CONFLICT_TYPES = (
    "coexistence_candidate", "speculation", "blocked", "third_party", "restricted_area",
    "pending_claim", "own_title", "no_concession",
)

BY_LAYER = {"concessions": CONCESSIONS, "registrations": REGISTRATIONS}

# Columns whose values are the codes above, with the catalogue entry that names them in words
# (messages.toml: "legal_state.titled" = "Titulada").
CODED = {
    "legal_state": "legal_state", "host_legal_state": "legal_state", "legal_state_a": "legal_state",
    "legal_state_b": "legal_state", "stratum": "stratum", "host_stratum": "stratum",
    "relation": "relation", "conflict_type": "conflict_type", "reg_status": "reg_status",
}
CODES = {"legal_state": LEGAL_STATES, "stratum": STRATA, "relation": RELATIONS,
         "conflict_type": CONFLICT_TYPES, "reg_status": REG_STATUSES}


def clashing(source_columns, canonical) -> list[str]:
    """Source columns whose names equal a canonical column, ignoring case."""
    lowered = {c.lower() for c in canonical}
    return [c for c in source_columns if str(c).lower() in lowered]
