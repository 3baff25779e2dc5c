"""Load the rules: the packaged defaults (rules.toml), overridden key by key by a user's file.

:class:`Rules` and its sections spell out rules.toml's tables, key for key, so a type checker
knows ``rules["idle"]["min_years"]`` is an int; rules.toml stays the one place the values
and their meaning are written.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict, cast

from concession_gis.errors import InputNotFoundError, RulesError


class LegalStateRules(TypedDict):
    titled: list[str]
    pending: list[str]
    extinct: list[str]
    titled_text: list[str]
    pending_text: list[str]
    extinct_text: list[str]


class HostRules(TypedDict):
    rank: list[str]


class StrataRules(TypedDict):
    large_medium_above_ha: float
    small_above_ha: float
    count_legal_states: list[str]


class HolderRules(TypedDict):
    legal_forms: list[str]
    state_names: list[str]
    person_ruc_prefixes: list[str]
    company_ruc_prefixes: list[str]


class IdleRules(TypedDict):
    min_years: int
    activity_lookback_years: int
    max_loss_fraction: float
    min_raster_coverage: float
    miner_radius_m: float
    min_forest_share: float
    loss_absence_needs_forest: bool


class ForestRules(TypedDict):
    min_canopy_percent: float


class OverlapRules(TypedDict):
    min_ha: float
    min_width_m: float


class DuplicateRules(TypedDict):
    same_shape_m: float


class RegistrationRules(TypedDict):
    loss_buffer_m: float
    active: list[str]
    suspended: list[str]
    excluded: list[str]
    utm_datum: str


class ScoreRules(TypedDict):
    base: int
    host_recent_production: int
    host_loss_since_filed: int
    declared_code_match: int
    single_host: int
    established: int
    group: int
    plant_near: int
    medium_host: int
    conditional_area: int


class CoexistenceRules(TypedDict):
    metallic_substances: list[str]
    alluvial_words: list[str]
    hard_rock_words: list[str]
    unknown_deposit: str
    require_company_holder: bool
    plant_status_codes: list[str]
    plant_km: float
    near_large_km: float
    established_years: int
    score: ScoreRules


class ContractRules(TypedDict):
    types: list[str]


class MineralRules(TypedDict):
    gold: list[str]
    copper: list[str]
    silver: list[str]
    zinc: list[str]
    lead: list[str]
    polymetallic: list[str]
    other: list[str]


class CategoryRules(TypedDict):
    prohibited: list[str]
    conditional: list[str]


class RestrictedRules(TypedDict):
    categories: CategoryRules


class AllowedZoneRules(TypedDict):
    departments: list[str]


class FrontRules(TypedDict):
    gap_m: float
    min_ha: float
    registration_km: float
    min_share: float
    recent_years: int


class AlertRules(TypedDict):
    min_confidence: int


class QcaRules(TypedDict):
    overlap_exclusion: float
    overlap_crossover: float
    overlap_inclusion: float
    miners_exclusion: float
    miners_crossover: float
    miners_inclusion: float
    loss_ratio_exclusion: float
    loss_ratio_crossover: float
    loss_ratio_inclusion: float
    trend_years: int
    holder_production: float
    holder_loss: float
    holder_not_idle: float
    restricted_prohibited: float
    restricted_conditional: float
class CompareRules(TypedDict):
    area_min_ha: float
    area_min_fraction: float
    recode_min_overlap: float


class MapRules(TypedDict):
    aggregate_above_per_cm2: float
    hexagon_mm: float


class GridRules(TypedDict):
    ha_each: float
    tolerance_fraction: float


class ReversionRules(TypedDict):
    contract_types: list[str]


class SourceRules(TypedDict):
    concessions: str
    registrations: str
    restricted: str
    loss_raster: str
    forest: str
    activity: str
    holders: str
    penalties: str
    contracts: str
    districts: str
    allowed_zones: str
    basemap: str
    basemap_admin: str
    ajam: str
    work_sites: str
    cooperatives: str
    area_contracts: str


class Rules(TypedDict):
    """The whole of rules.toml; ``reference_date`` is an ISO date once loaded."""

    reference_date: str
    legal_state: LegalStateRules
    hosts: HostRules
    strata: StrataRules
    holders: HolderRules
    idle: IdleRules
    forest: ForestRules
    overlap: OverlapRules
    duplicates: DuplicateRules
    registrations: RegistrationRules
    coexistence: CoexistenceRules
    contracts: ContractRules
    minerals: MineralRules
    restricted: RestrictedRules
    allowed_zones: AllowedZoneRules
    fronts: FrontRules
    alerts: AlertRules
    qca: QcaRules
    compare: CompareRules
    maps: MapRules
    sources: SourceRules
    cuadriculas: GridRules
    reversion: ReversionRules


# The values each numeric rule may take, lowest and highest, both included (rules.toml's comments
# give them too). Outside them a rule means nothing (a negative age, a fraction above 1, a score
# above the 0-100 scale) or asks for a run that cannot finish (a loss buffer of 100,000 km).
RANGES: dict[str, tuple[float, float]] = {
    "strata.large_medium_above_ha": (0, 1_000_000),
    "strata.small_above_ha": (0, 1_000_000),
    "idle.min_years": (0, 100),
    "idle.activity_lookback_years": (0, 100),
    "idle.max_loss_fraction": (0, 1),
    "idle.min_raster_coverage": (0, 1),
    "idle.miner_radius_m": (1, 10_000),
    "idle.min_forest_share": (0, 1),
    "forest.min_canopy_percent": (1, 100),
    "overlap.min_ha": (0, 10_000),
    "overlap.min_width_m": (0, 1_000),
    "duplicates.same_shape_m": (0, 1_000),
    "registrations.loss_buffer_m": (1, 10_000),
    "coexistence.established_years": (0, 100),
    "coexistence.plant_km": (0, 1_000),
    "coexistence.near_large_km": (0, 100),
    **{f"coexistence.score.{name}": (0, 100) for name in ScoreRules.__annotations__},
    "fronts.gap_m": (0, 1_000),
    "fronts.min_ha": (0, 10_000),
    "fronts.registration_km": (0, 100),
    "fronts.min_share": (0, 1),
    "fronts.recent_years": (1, 50),
    "alerts.min_confidence": (2, 4),
    # A penalty: it lowers the score of a candidate in a conditional area.
    "coexistence.score.conditional_area": (-100, 0),
    **{f"qca.{name}": (0, 1) for name in ("overlap_exclusion", "overlap_crossover", "overlap_inclusion",
                                          "holder_production", "holder_loss", "holder_not_idle",
                                          "restricted_prohibited", "restricted_conditional")},
    **{f"qca.miners_{anchor}": (0, 100_000) for anchor in ("exclusion", "crossover", "inclusion")},
    **{f"qca.loss_ratio_{anchor}": (0, 1_000) for anchor in ("exclusion", "crossover", "inclusion")},
    "qca.trend_years": (1, 20),
    "compare.area_min_ha": (0, 1_000_000),
    "maps.aggregate_above_per_cm2": (0.1, 1000),
    "maps.hexagon_mm": (1, 50),
    "compare.area_min_fraction": (0, 1),
    # Half or less of each claim's ground would pair claims that are not one claim.
    "compare.recode_min_overlap": (0.5, 1),
    "cuadriculas.ha_each": (1, 10_000),
    "cuadriculas.tolerance_fraction": (0, 1),
}
# The words a text rule may take; any other stops the run with exit status 2, naming them.
CHOICES: dict[str, tuple[str, ...]] = {
    "coexistence.unknown_deposit": ("exclude", "include"),
}


def default_rules() -> Rules:
    """The packaged default rules, as a fresh nested dict."""
    text = resources.files("concession_gis").joinpath("rules.toml").read_text(encoding="utf-8")
    return cast(Rules, tomllib.loads(text))


def load_rules(path: str | Path | None = None, overrides: Mapping[str, Any] | None = None) -> Rules:
    """Defaults overridden by the TOML file at ``path`` and then by ``overrides``.

    Every key must exist in the defaults and keep its type; the error names the key and file.
    """
    rules: dict[str, Any] = dict(default_rules())
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise InputNotFoundError(key="error.rules_not_found", path=str(path))
        try:
            user = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RulesError(key="error.rules_not_toml", path=str(path), detail=str(exc)) from None
        _merge(rules, user, source=str(path))
    if overrides:
        _merge(rules, copy.deepcopy(overrides), source="overrides")
    rules["reference_date"] = reference_date(rules)
    # The merge added no key and changed no value's type, so the defaults' shape still holds.
    return cast(Rules, rules)


def reference_date(rules: Mapping[str, Any]) -> str:
    """The ISO reference date of ``rules``; today's date when the rule is empty."""
    value = rules.get("reference_date") or ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if not value:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise RulesError(key="error.bad_reference_date", value=repr(value)) from None


def _merge(base: dict[str, Any], user: Mapping[str, Any], source: str, prefix: str = "") -> None:
    for key, value in user.items():
        name = f"{prefix}{key}"
        if key not in base:
            known = ", ".join(sorted(base))
            raise RulesError(key="error.unknown_rule", source=source, name=name, known=known)
        default = base[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise RulesError(key="error.rule_not_a_table", source=source, name=name)
            _merge(default, value, source, prefix=f"{name}.")
            continue
        base[key] = _coerce(value, default, name, source)


def _coerce(value: Any, default: Any, name: str, source: str) -> Any:
    if name == "reference_date" and isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(default, bool) and isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, type(default))
    if isinstance(default, list) and ok:
        ok = all(isinstance(item, str) for item in value)
    if not ok:
        raise RulesError(key="error.rule_wrong_type", source=source, name=name, type=type(default).__name__,
                         default=repr(default), value=repr(value))
    if name in CHOICES and value not in CHOICES[name]:
        raise RulesError(key="error.rule_not_a_choice", source=source, name=name, value=repr(value),
                         allowed=", ".join(CHOICES[name]))
    low, high = RANGES.get(name, (None, None))
    if low is not None and high is not None and not low <= value <= high:  # NaN is refused too
        raise RulesError(key="error.rule_out_of_range", source=source, name=name, value=repr(value),
                         low=f"{low:g}", high=f"{high:g}")
    return value
