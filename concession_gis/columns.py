"""The canonical columns of each output layer, in output order (docs/contract.md, plus extensions).

Canonical columns are added beside the source columns, which are kept unchanged. A source
column whose name clashes with one of these (GeoPackage names ignore case) is renamed with a
``_src`` suffix.

Reasons are stored as codes with their values (:mod:`concession_gis.reasons`) in the extension
columns of :data:`REASON_WORDS`; the analysis writes only those. The contract's words columns
(``idle_reason``, ``coexistence_reasons``, ``reason``) are rendered from them, in the reader's
language, where results are written or shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

CONCESSIONS = (
    "code", "name", "holder", "filed_on", "status_code", "legal_state", "substance",
    "area_ha", "declared_ha", "holder_total_ha", "stratum", "years_since_filed",
    "n_registrations", "n_active_registrations", "loss_ha", "loss_since_filed_ha",
    "idle", "idle_reason", "overlap_ha",
    # extensions
    "department", "province", "district", "raster_coverage", "last_production_year",
    "idle_reason_codes", "n_districts", "holder_type", "stratum_source", "plant_km",
    # second wave (issue 15): whose loss it is, the forest there was to lose, who spoke for idle
    "loss_by_miners_ha", "loss_by_holder_ha", "forest_ha", "idle_evidence",
    # issue 18: every year of declared production, for the dossier's timeline
    "production_years",
    # issue 18: the date the title was granted, only where the cadastre gives it
    "titled_on",
)

REGISTRATIONS = (
    "reg_id", "miner", "ruc", "reg_status", "activity", "declared_code", "host_code",
    "host_holder", "host_legal_state", "host_stratum", "n_hosts", "relation",
    "declared_code_match", "in_restricted", "restricted_name", "host_idle", "coexistence",
    "coexistence_score", "coexistence_reasons", "conflict_type", "loss_ha_500m",
    # extensions
    "registered_on", "deposit_type", "department", "province", "district",
    "coexistence_reason_codes", "located_by", "mineral", "deposit_text", "nearest_large_code", "nearest_large_km",
    "restricted_category",
    # issue 16 (zones): inside an allowed mining zone (empty where no zone is the legal line), legal status
    "in_allowed_zone", "legal_status",
)

OVERLAPS = ("code_a", "code_b", "overlap_ha", "senior_code", "legal_state_a", "legal_state_b")

LOSS_BY_YEAR = ("code", "year", "loss_ha", "source")

# Extension (issue 18), with --activity: each row of declared production on a claim of the
# results, as the table gives it (mineral, quantity and unit empty where it has none).
PRODUCTION_BY_YEAR = ("code", "year", "mineral", "quantity", "unit")

# Extension (issue 17): patches of forest loss and what they fall on (analysis/fronts.py), ranked
# by recent hectares. Lists of claims are joined by "; ", biggest share first; ``ha_by_year`` is
# a JSON object {"year": hectares}; dates only from day-dated rasters (alerts).
FRONTS = (
    "rank", "front_type", "source", "area_ha", "recent_ha", "first_year", "last_year", "first_date", "last_date",
    "ha_by_year", "claim_codes", "claim_states", "claim_holders", "claim_shares", "on_claims_share",
    "restricted_category", "restricted_name", "prohibited_share", "conditional_share", "in_allowed_zone",
    "allowed_zone_share", "nearest_reg_id", "nearest_reg_km",
)

# Extension (issue 17): loss per year on each kind of ground, each hectare once (analysis/loss_by_zone.py).
LOSS_BY_ZONE = (
    "source", "year", "department", "province", "district", "claim_zone", "restricted_category", "in_allowed_zone",
    "loss_ha",
)

# issue 16: extinct claims' ground under no other claim and no prohibited area, each hectare
# once (analysis/free_ground.py); one row per piece, with the registrations on it.
EXTINCT_FREE_GROUND = ("extinct_codes", "n_extinct_claims", "free_ha", "department", "province", "district",
                       "n_registrations", "n_active_registrations", "reg_ids")

REJECTED = ("source", "row", "reason",
            # extension
            "reason_codes")

# Each column of reason codes and the contract's words column rendered from it.
REASON_WORDS = {
    "idle_reason_codes": "idle_reason",
    "coexistence_reason_codes": "coexistence_reasons",
    "reason_codes": "reason",
}

class LegalState(StrEnum):
    """``legal_state`` of a concession (and ``host_legal_state``, ``legal_state_a``/``_b``)."""

    TITLED = "titled"
    PENDING = "pending"
    EXTINCT = "extinct"
    OTHER = "other"
    # Extension: the claim's file has no state column (docs/contract.md, second wave).
    UNKNOWN = "unknown"


class Stratum(StrEnum):
    """``stratum`` of a holder (and ``host_stratum``)."""

    LARGE_MEDIUM = "large_medium"
    # Extension: a --holders table may tell large from medium miners (the area alone cannot).
    LARGE = "large"
    MEDIUM = "medium"
    SMALL = "small"
    ARTISANAL = "artisanal"
    # Extension: the holder has claims of unknown state, so its total cannot be computed.
    UNKNOWN = "unknown"


# The strata whose claims host `third_party_large` registrations: large and medium miners.
LARGE_STRATA = (Stratum.LARGE_MEDIUM, Stratum.LARGE, Stratum.MEDIUM)


class StratumSource(StrEnum):
    """``stratum_source``: what the stratum comes from (extension)."""

    HOLDERS = "holders"  # the --holders table names the holder
    GROUP = "group"  # the holder's group: a stratum the table gives a member, else the group's hectares
    AREA = "area"  # the holder's own hectares
    UNKNOWN = "unknown"  # neither: a claim of the holder has an unknown legal state


class HolderType(StrEnum):
    """``holder_type`` of a concession's holder (extension)."""

    PERSON = "person"
    COMPANY = "company"
    STATE = "state"
    UNKNOWN = "unknown"


class DepositType(StrEnum):
    """``deposit_type`` of a registration (extension)."""

    ALLUVIAL = "alluvial"
    HARD_ROCK = "hard_rock"
    UNKNOWN = "unknown"


class RegStatus(StrEnum):
    """``reg_status`` of a registration."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXCLUDED = "excluded"
    UNKNOWN = "unknown"


class Relation(StrEnum):
    """``relation`` between a registration and the claim it lies on."""

    OWN_TITLE = "own_title"
    THIRD_PARTY_LARGE = "third_party_large"
    THIRD_PARTY_SMALL = "third_party_small"
    PENDING_CLAIM = "pending_claim"
    EXTINCT_CLAIM = "extinct_claim"
    NO_CONCESSION = "no_concession"
    # Extension: the host's file has no state column.
    UNKNOWN_STATE = "unknown_state"
    # Extension: a contract in force with the host's holder (--contracts); decided after
    # own_title and before the third-party relations.
    CONTRACT = "contract"


class LocatedBy(StrEnum):
    """``located_by`` of a registration: where its point comes from."""

    COORDINATES = "coordinates"
    # No coordinates: a point inside the claim whose code it declares, not where the miner works.
    DECLARED_CODE = "declared_code"


class ConflictType(StrEnum):
    """``conflict_type`` of a registration."""

    COEXISTENCE_CANDIDATE = "coexistence_candidate"
    SPECULATION = "speculation"
    BLOCKED = "blocked"
    THIRD_PARTY = "third_party"
    RESTRICTED_AREA = "restricted_area"
    # Extension (--allowed-zones): in a department whose allowed mining zones are the legal line
    # (Madre de Dios' corridor) and outside every one of them; decided right after restricted_area.
    OUTSIDE_ALLOWED_ZONE = "outside_allowed_zone"
    PENDING_CLAIM = "pending_claim"
    OWN_TITLE = "own_title"
    NO_CONCESSION = "no_concession"
    # Extension: the host's file has no state column.
    UNKNOWN_STATE = "unknown_state"
    # Extension: on a claim whose holder has a contract in force with the miner.
    CONTRACT = "contract"


class LegalStatus(StrEnum):
    """``legal_status`` of a registration (extension; analysis/legal_status.py)."""

    ILLEGAL = "illegal"  # excluded, in a prohibited area, or outside an allowed zone (D.L. 1451, art. 34)
    SUSPENDED = "suspended"
    FORMALIZABLE = "formalizable"  # active, on its own title or under a contract with the host's holder
    INFORMAL = "informal"  # active, otherwise (D.L. 1336, art. 2.2)
    UNKNOWN = "unknown"


class FrontType(StrEnum):
    """``front_type`` of a forest-loss front (extension; analysis/fronts.py), in the order decided."""

    IN_PROHIBITED_AREA = "in_prohibited_area"
    OUTSIDE_CLAIMS = "outside_claims"
    NEAR_REGISTERED_MINERS = "near_registered_miners"
    HOLDER_ACTIVITY = "holder_activity"
    UNREGISTERED_ON_CLAIM = "unregistered_on_claim"


class RestrictedCategory(StrEnum):
    """``restricted_category`` of a restricted area or a registration (extension; issue 16): what
    the law lets happen there (rules.toml [restricted.categories]). A registration in no area: empty."""

    PROHIBITED = "prohibited"  # no mining: national parks, sanctuaries, indigenous reserves...
    CONDITIONAL = "conditional"  # possible with SERNANP's compatibility opinion: reserves, buffer zones...


class Mineral(StrEnum):
    """``mineral`` of a registration or a production record (analysis/minerals.py)."""

    GOLD = "gold"
    COPPER = "copper"
    SILVER = "silver"
    ZINC = "zinc"
    LEAD = "lead"
    POLYMETALLIC = "polymetallic"
    OTHER = "other"
    # No mineral column, an empty cell, or words the rules do not know: never guessed.
    UNKNOWN = "unknown"


# The codes as plain tuples, in the order summaries and legends list them.
LEGAL_STATES = tuple(LegalState)
STRATA = tuple(Stratum)
REG_STATUSES = tuple(RegStatus)
RELATIONS = tuple(Relation)
CONFLICT_TYPES = tuple(ConflictType)
LOCATED_BY = tuple(LocatedBy)
MINERALS = tuple(Mineral)
HOLDER_TYPES = tuple(HolderType)
DEPOSIT_TYPES = tuple(DepositType)
STRATUM_SOURCES = tuple(StratumSource)
LEGAL_STATUSES = tuple(LegalStatus)
FRONT_TYPES = tuple(FrontType)
RESTRICTED_CATEGORIES = tuple(RestrictedCategory)

BY_LAYER = {"concessions": CONCESSIONS, "registrations": REGISTRATIONS}

# Columns whose values are the codes above, with the catalogue entry that names them in words
# (messages.toml: "legal_state.titled" = "Titulada").
CODED = {
    "legal_state": "legal_state", "host_legal_state": "legal_state", "legal_state_a": "legal_state",
    "legal_state_b": "legal_state", "stratum": "stratum", "host_stratum": "stratum",
    "relation": "relation", "conflict_type": "conflict_type", "reg_status": "reg_status",
    "located_by": "located_by",
    "mineral": "mineral",
    "holder_type": "holder_type", "deposit_type": "deposit_type", "stratum_source": "stratum_source",
    "legal_status": "legal_status", "front_type": "front_type", "restricted_category": "restricted_category",
    "claim_zone": "claim_zone",
}
# Columns holding a list of codes, with the catalogue prefix naming each and the separator the
# list is written with (a front's claims' states follow its "; "-joined claim codes, one for one).
CODED_LISTS = {"idle_evidence": ("idle_evidence", ","), "claim_states": ("legal_state", ";")}
# Columns holding a list of decimal numbers as text ("0.600; 0.400"), with its separator: shown to
# people in their decimal style, since a Spanish Excel reads a lone "1.000" as one thousand.
NUMBER_LISTS = {"claim_shares": ";"}
# Columns holding a JSON object of numbers by year ('{"2019": 2.8485}'), shown to people as
# "2019: 2,8485; 2020: ..." in their decimal style.
YEAR_NUMBERS = frozenset({"ha_by_year"})
# Columns holding a share (0 to 1) beside the ``*_share`` ones: people read them as percentages
# (the workbook's cells, the window's table and details), where "1" read as a count.
SHARES = frozenset({"raster_coverage", "m_with_suspended", "m_footprint"})


def is_share(column: str) -> bool:
    """Whether ``column`` holds a share from 0 to 1 (:data:`SHARES`, every ``*_share``)."""
    return column.endswith("_share") or column in SHARES


# The district code of ground outside every district polygon given (``--districts``; its
# department and province empty). Lower case: never the folded upper-case name of a real district.
OUTSIDE_DISTRICTS = "outside_districts"
# Columns of free text (names) that hold a few codes too, named in words like CODED's
# ("district.outside_districts" = "Fuera de los distritos dados").
CODED_VALUES = {"district": frozenset({OUTSIDE_DISTRICTS})}
CODES = {"legal_state": LEGAL_STATES, "stratum": STRATA, "relation": RELATIONS,
         "conflict_type": CONFLICT_TYPES, "reg_status": REG_STATUSES, "located_by": LOCATED_BY,
         "mineral": MINERALS, "holder_type": HOLDER_TYPES, "deposit_type": DEPOSIT_TYPES,
         "stratum_source": STRATUM_SOURCES, "legal_status": LEGAL_STATUSES,
         "front_type": FRONT_TYPES, "restricted_category": RESTRICTED_CATEGORIES,
         "claim_zone": (*(str(s) for s in LEGAL_STATES), "outside_claims")}


def clashing(source_columns: Iterable[str], canonical: Iterable[str]) -> list[str]:
    """Source columns whose names equal a canonical column, ignoring case."""
    lowered = {c.lower() for c in canonical}
    return [c for c in source_columns if str(c).lower() in lowered]
