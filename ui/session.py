"""The session model: the analysis inputs, the results and the layers. No Qt.

Widgets subscribe to its events; only the controller changes it, always on the GUI thread.
"""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import TYPE_CHECKING

from concession_gis_ui.context_layers import BASEMAP, user_sources
from concession_gis_ui.events import Event
from concession_gis_ui.i18n import LANGUAGE
from concession_gis_ui.layers import LayerList
from concession_gis_ui.project import Project

from concession_gis.inputs import BOLIVIAN_KINDS, KIND, KINDS, Format, kinds_of
from concession_gis.model import Inputs, Results
from concession_gis.profile import COUNTRIES, DEFAULT_COUNTRY

if TYPE_CHECKING:
    from concession_gis.pipeline_bolivia import BoliviaResults

# The inputs panel's order: the vector kinds, the rasters, then the tables.
INPUT_KINDS = tuple(kind.name for kind in sorted(KINDS, key=lambda kind: (kind.is_table, Format.RASTER in kind.formats)))


class Session:
    """What the user is working on."""

    def __init__(self) -> None:
        self.inputs = Inputs(concessions=[])
        # The project's country (a profile code), or None: guessed from the inputs (`country`).
        self.country_setting: str | None = None
        self.results: Results | BoliviaResults | None = None
        self.results_path: str | None = None
        self.layers = LayerList()
        self.layers.inserted.connect(self._keep_basemap_below)
        self.inputs_changed = Event()  # ()
        self.results_changed = Event()  # (results or None)

    # -- inputs -----------------------------------------------------------------------------

    @property
    def country(self) -> str:
        """The country the analysis runs as: the project's setting, else, as the command line
        guesses, Bolivia when an input only Bolivia reads (AJAM's cadastre...) is given."""
        if self.country_setting:
            return self.country_setting
        if any(self.inputs.specs(kind) for kind in BOLIVIAN_KINDS):
            return "bo"
        return DEFAULT_COUNTRY

    def set_country(self, country: str | None) -> None:
        """The project's country (``pe``, ``bo``), or None to guess it from the inputs."""
        if country is not None and country not in COUNTRIES:
            raise ValueError(f"unknown country {country!r}")
        self.country_setting = country
        self.inputs_changed.emit()

    def panel_kinds(self) -> tuple[str, ...]:
        """The kinds the inputs panel offers: the country's, in its order, and any other holding
        a file (nothing given is ever hidden)."""
        offered = {kind.name for kind in kinds_of(self.country)}
        return tuple(kind for kind in INPUT_KINDS if kind in offered or self.input_specs(kind))

    def input_specs(self, kind: str) -> list[str]:
        return self.inputs.specs(KIND[kind])

    def all_inputs(self) -> list[tuple[str, str]]:
        return [(kind, spec) for kind in INPUT_KINDS for spec in self.input_specs(kind)]

    def add_input(self, kind: str, spec: str) -> None:
        """Add a file of ``kind``; one of a kind that does not repeat replaces the previous one."""
        if kind not in KIND:
            raise ValueError(f"unknown input kind {kind!r}")
        declared = KIND[kind]
        if not declared.repeats:
            setattr(self.inputs, declared.attribute, spec)
        elif spec not in getattr(self.inputs, declared.attribute):
            getattr(self.inputs, declared.attribute).append(spec)
        self.inputs_changed.emit()

    def remove_input(self, kind: str, spec: str) -> None:
        declared = KIND[kind]
        if declared.repeats:
            specs = getattr(self.inputs, declared.attribute)
            if spec in specs:
                specs.remove(spec)
        elif getattr(self.inputs, declared.attribute) == spec:
            setattr(self.inputs, declared.attribute, None)
        self.inputs_changed.emit()

    def set_crs(self, crs: str | None) -> None:
        self.inputs.crs = crs
        self.inputs_changed.emit()

    def set_column_map(self, items: list[str]) -> None:
        self.inputs.column_map = list(items)
        self.inputs_changed.emit()

    def merge_column_map(self, items: list[str]) -> None:
        """Add ``items`` (KIND.FIELD=COLUMN), replacing earlier ones for the same field."""
        fields = {item.partition("=")[0] for item in items}
        kept = [item for item in self.inputs.column_map if item.partition("=")[0] not in fields]
        self.set_column_map(kept + list(items))

    def set_rules(self, path: str | None, overrides: dict) -> None:
        self.inputs.rules = path
        self.inputs.rule_overrides = copy.deepcopy(overrides)
        self.inputs_changed.emit()

    def inputs_dict(self) -> dict:
        return asdict(self.inputs)

    def can_analyse(self) -> bool:
        """A cadastre is given: Peru's concessions, or Bolivia's AJAM areas (concessions given
        to a Bolivian project are read as AJAM's, as ``analyze --country bo`` reads them)."""
        if self.country == "bo":
            return bool(self.inputs.ajam or self.inputs.concessions)
        return bool(self.inputs.concessions)

    # -- results and language ---------------------------------------------------------------

    def set_results(self, results: Results | BoliviaResults | None, path: str | None) -> None:
        self.results, self.results_path = results, path
        self.results_changed.emit(results)

    @property
    def language(self) -> str:
        """The window's language; its one owner is :data:`concession_gis_ui.i18n.LANGUAGE`."""
        return LANGUAGE.code

    def set_language(self, lang: str) -> None:
        LANGUAGE.set(lang)

    # -- projects ---------------------------------------------------------------------------

    def to_project(self, view_extent=None, view_aspect: float | None = None) -> Project:
        styles = {layer.name: {**layer.style_state(), "order": i} for i, layer in enumerate(self.layers)}
        return Project(inputs=copy.deepcopy(self.inputs), language=self.language, layers=styles,
                       view=[float(v) for v in view_extent] if view_extent is not None else None,
                       view_aspect=view_aspect,
                       results=self.results_path, context=user_sources(self.layers), country=self.country_setting)

    def clear(self) -> None:
        """Forget the inputs, results and layers; the bundled base map stays."""
        self.inputs = Inputs(concessions=[])
        self.country_setting = None
        self.layers.clear(keep=lambda layer: layer.name == BASEMAP)
        self.set_results(None, None)
        self.inputs_changed.emit()

    def _keep_basemap_below(self, layer, index) -> None:
        """A layer added at the bottom (a loss raster) goes above the base map, not under it."""
        base = self.layers.get(BASEMAP)
        if base is not None and layer is not base and self.layers.index(base) != len(self.layers) - 1:
            self.layers.move(base, len(self.layers) - 1)
