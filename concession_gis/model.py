"""What goes into an analysis and what comes out of it: plain values, no I/O.

``Inputs`` is generated from the input kinds declared in :mod:`concession_gis.inputs`: one field
per kind (a list of paths when the kind repeats, one path or None otherwise), then the settings
every run takes. A kind added there is a field here with no edit.

>>> inputs = Inputs(concessions=["cadastre.shp"], activity="production.csv")
>>> inputs.files()
['cadastre.shp', 'production.csv']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, cast

import geopandas as gpd
import pandas as pd

from concession_gis.inputs import KINDS, InputKind
from concession_gis.rules import Rules


class _InputsBase:
    """The methods of :class:`Inputs`; its fields come from the registry of kinds."""

    def specs(self, kind: InputKind) -> list[str]:
        """The paths given for ``kind`` (with their ``:SPEC``), as a list whether it repeats or not."""
        value = getattr(self, kind.attribute)
        if kind.repeats:
            return list(value)
        return [value] if value else []

    def files(self) -> list[str]:
        """Every input file (raster specs with their encoding), in the order of the kinds."""
        order = sorted(KINDS, key=lambda kind: kind.is_table)  # the spatial kinds first
        return [spec for kind in order for spec in self.specs(kind)]


def _kind_field(kind: InputKind) -> tuple[str, Any, Any]:
    if kind.repeats:
        return kind.attribute, list[str], dataclasses.field(default_factory=list)
    return kind.attribute, str | None, dataclasses.field(default=None)


if TYPE_CHECKING:  # what a type checker sees of the generated class: any kind's attribute

    class Inputs(_InputsBase):
        rules: str | None
        column_map: list[str]
        crs: str | None
        rule_overrides: dict[str, Any]
        since: str | None

        def __init__(self, **values: Any) -> None: ...

        def __getattr__(self, name: str) -> Any: ...

else:
    Inputs = dataclasses.make_dataclass(
        "Inputs",
        [
            *(_kind_field(kind) for kind in KINDS),
            ("rules", str | None, dataclasses.field(default=None)),
            ("column_map", list[str], dataclasses.field(default_factory=list)),
            ("crs", str | None, dataclasses.field(default=None)),
            ("rule_overrides", dict, dataclasses.field(default_factory=dict)),
            # Extension (issue 17): only loss on or after this ISO date counts (--since).
            ("since", str | None, dataclasses.field(default=None)),
        ],
        bases=(_InputsBase,),
    )
    Inputs.__doc__ = "What to analyse: paths as given on the command line or picked in the GUI, and the settings."
    Inputs.__module__ = __name__  # pickled by name on its way to the GUI's worker process


def inputs_from(values: Mapping[str, Any]) -> Inputs:
    """``Inputs`` from a mapping (a project file's, the GUI's); keys that are no field are ignored,
    so a project written by a later version with more kinds still opens."""
    known = {f.name for f in dataclasses.fields(cast(Any, Inputs))}  # generated: a dataclass at run time
    return Inputs(**{name: value for name, value in values.items() if name in known})


class Counts(TypedDict):
    concessions: int
    registrations_in: int
    registrations_out: int
    registrations_rejected: int
    rejected_rows: int
    overlapping_pairs: int
    coexistence_candidates: int
    idle_concessions: int
    legal_state: dict[str, int]
    stratum: dict[str, int]
    relation: dict[str, int]
    conflict_type: dict[str, int]
    reg_status: dict[str, int]
    located_by: dict[str, int]  # coordinates | declared_code
    mineral: dict[str, int]  # registrations by mineral
    production_mineral: NotRequired[dict[str, int]]  # declared production records by mineral (--activity)
    deposit_type: dict[str, int]
    holder_type: dict[str, int]
    stratum_source: dict[str, int]
    coexistence_by_host_stratum: dict[str, int]
    near_large_company: int
    legal_status: dict[str, int]  # registrations by legal status (issue 16)
    in_allowed_zone: dict[str, int]  # inside | outside an allowed zone, where zones are the line
    restricted_category: dict[str, int]  # registrations by the most restrictive area they lie in
    restricted_areas: dict[str, int]  # restricted areas by category


class TitleOrContract(TypedDict):
    """The sources' share of registrations with the title or a contract (relation ``own_title`` or
    ``contract``), over all registrations and over the active ones (None when there are none)."""

    registrations: int
    with_title_or_contract: int
    share: float | None
    active_registrations: int
    active_with_title_or_contract: int
    active_share: float | None


class ForestLossCoverage(TypedDict):
    """Whether the loss rasters said anything about the claims."""

    status: str  # "covered" or "not_covered"
    concessions_covered: int


class RunSummary(TypedDict):
    """summary.json: what was read (``inputs``: kind and fingerprint of each file), what was found."""

    tool: str
    version: str
    country: NotRequired[str]  # "pe" (issue 20: a Bolivian run, `--country bo`, writes its own summary)
    started: str  # ISO 8601, UTC
    finished: str
    seconds: float
    language: str
    inputs: list[dict[str, Any]]
    # The inputs are the synthetic sample (concession_gis.sample.marker): maps carry a mark.
    synthetic: NotRequired[bool]
    counts: Counts
    hectares: dict[str, float]  # concessions, each legal state, idle, overlaps; forest loss when a raster covers a claim
    # When rasters were given: "covered" or "not_covered" (no claim on a valid pixel of any raster,
    # so there is no loss figure, not 0 ha), and how many claims have a loss figure.
    forest_loss: NotRequired[ForestLossCoverage]
    # How the district summary placed the claims: "column" (the districts their cells name, a
    # claim's hectares split equally) or "boundaries" (by ground, from --districts).
    district_source: str
    title_or_contract: TitleOrContract
    # With --contracts: contracts by standing at the reference date (rows, in_force, expired,
    # not_started, other_type) and the registrations they link (or would, but expired).
    contracts: NotRequired[dict[str, int]]
    # Extension (issue 17): fronts by type (count, ha), loss outside claims, the largest unexplained.
    loss_fronts: NotRequired[dict[str, Any]]
    rules: Rules
    warnings: dict[str, int]  # warning class name -> how many
    warning_messages: list[str]


@dataclasses.dataclass
class Results:
    """Every output layer (EPSG:4326) and the run's summary.

    Reasons are cells of codes (``idle_reason_codes``, ``coexistence_reason_codes``, rejected
    rows' ``reason_codes``); ``lang`` is the run's language, the one the writers put them in.
    """

    concessions: gpd.GeoDataFrame
    registrations: gpd.GeoDataFrame
    concession_overlaps: gpd.GeoDataFrame
    coexistence_candidates: gpd.GeoDataFrame
    loss_by_year: pd.DataFrame
    district_summary: pd.DataFrame
    rejected_rows: pd.DataFrame
    restricted_areas: gpd.GeoDataFrame
    summary: RunSummary
    rules: Rules
    lang: str
    # ``time.perf_counter()`` when the run began (loading); None for results read back from a file,
    # whose summary keeps the time of the run that made them.
    clock: float | None = dataclasses.field(default=None, repr=False, compare=False)
    # Extension (issue 17), empty without a loss raster: the forest-loss fronts and the loss by
    # zone and year (analysis/fronts.py, analysis/loss_by_zone.py).
    loss_fronts: gpd.GeoDataFrame = dataclasses.field(
        default_factory=lambda: gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326), crs=4326))
    loss_by_zone: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    # Extension (--allowed-zones): the zones where mining may be formalized; None without them.
    allowed_zones: gpd.GeoDataFrame | None = None
    # Extension (issue 18): the QCA-ready cases, one row per LSM-ASM interface claim.
    cases: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    # Extension (issue 18), with --activity: each row of declared production on a claim
    # (columns.PRODUCTION_BY_YEAR); no columns without it, and then not written.
    production_by_year: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    # Extinct claims' ground under no other claim and no prohibited area (issue 16); empty for
    # results read back from a file written before it.
    extinct_free_ground: gpd.GeoDataFrame = dataclasses.field(
        default_factory=lambda: gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326), crs=4326))
    # The user's own layers drawn on prints as context (export/context_layers.py: roads and other
    # references the bundled base map lacks), given to map, atlas and dossier; never written.
    context: tuple[Any, ...] = dataclasses.field(default=(), repr=False, compare=False)

    def stop_clock(self) -> None:
        """The summary's ``finished`` and ``seconds`` set to now: called as the last output is
        written, so that they are the whole run's (loading to maps), not the analysis's alone."""
        if self.clock is None:
            return
        self.summary["seconds"] = round(time.perf_counter() - self.clock, 2)
        self.summary["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    def layers(self) -> dict[str, pd.DataFrame]:
        """The layers in the order they are written to results.gpkg."""
        return {
            "concessions": self.concessions,
            "registrations": self.registrations,
            "concession_overlaps": self.concession_overlaps,
            "coexistence_candidates": self.coexistence_candidates,
            "restricted_areas": self.restricted_areas,
            "extinct_free_ground": self.extinct_free_ground,
            **({"allowed_zones": self.allowed_zones} if self.allowed_zones is not None else {}),
            "loss_by_year": self.loss_by_year,
            **({"production_by_year": self.production_by_year} if len(self.production_by_year.columns) else {}),
            "district_summary": self.district_summary,
            "cases": self.cases,
            "rejected_rows": self.rejected_rows,
            **({"loss_fronts": self.loss_fronts, "loss_by_zone": self.loss_by_zone}
               if len(self.loss_fronts.columns) > 1 else {}),
        }


# The layers of a Bolivian run (pipeline_bolivia), in the order they are written; here, beside
# Peru's Results, so the writers read them without importing the analysis.
BOLIVIA_LAYERS = ("areas", "work_sites", "reversion_candidates", "cooperatives", "area_by_actor_year", "reversion_by_place",
          "restricted_areas", "loss_by_year", "rejected_rows")


@dataclasses.dataclass
class BoliviaResults:
    """Every output of a Bolivian run (layers in EPSG:4326) and its summary."""

    areas: gpd.GeoDataFrame
    work_sites: gpd.GeoDataFrame
    reversion_candidates: gpd.GeoDataFrame
    cooperatives: pd.DataFrame
    area_by_actor_year: pd.DataFrame
    reversion_by_place: pd.DataFrame
    restricted_areas: gpd.GeoDataFrame
    rejected_rows: pd.DataFrame
    loss_by_year: pd.DataFrame
    lang: str
    summary: dict[str, Any] = dataclasses.field(default_factory=dict)

    def layers(self) -> dict[str, pd.DataFrame]:
        """The layers in the order they are written to results.gpkg."""
        return {name: getattr(self, name) for name in BOLIVIA_LAYERS}
