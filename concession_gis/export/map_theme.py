"""A country's terms on the printed sheets: which classes colour the claims and the points, in
which symbols, under which words (issue 20).

The sheets (regional map, case pages, atlas, dossier) are drawn by one machinery; a theme says
what differs. Peru's claims are coloured by legal state and its REINFO registrations by conflict
type; Bolivia's AJAM areas by actor type while in force (cooperative, COMIBOL, private), else by
state, its work sites by their own conflict types, and the reversion candidates outlined with
their rank. The theme is chosen by the run's ``summary['country']``.

>>> theme_of_country("bo").claim_words, theme_of_country("pe").point_words
('map.area_class', 'conflict_type')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from concession_gis import columns
from concession_gis.columns_bo import ActorType, AreaState, SiteConflict
from concession_gis.export import cartography as carto


@dataclass(frozen=True)
class MapTheme:
    """What a country's sheets show, and in which words (each ``*_words`` a messages prefix)."""

    country: str
    claims_layer: str  # the legend's layer for the claims: "concessions" or "areas"
    points_layer: str  # and for the points: "registrations" or "work_sites"
    claim_styles: Mapping[str, carto.FillStyle]
    claim_order: tuple[str, ...]
    claim_words: str
    claim_classes: Callable[[pd.DataFrame], np.ndarray]
    point_styles: Mapping[str, carto.MarkerStyle]
    point_order: tuple[str, ...]
    point_words: str
    no_point_class: str  # the class of a point without one, drawn in the neutral symbol
    always_single: tuple[str, ...]  # drawn one by one even where the rest are aggregated
    # The case table's status and relation columns and their words' prefixes.
    status_column: str
    status_words: str
    relation_words: str
    # Messages: the regional map's title, the subtitle's places, the criteria lines.
    title: str
    places: str
    many_places: str
    rules: tuple[str, ...]
    # Whether reversion candidates are outlined and ranked (Bolivia).
    reversion: bool = False


def legal_state_classes(claims: pd.DataFrame) -> np.ndarray:
    return claims["legal_state"].to_numpy() if "legal_state" in claims else np.full(len(claims), "other", dtype=object)


def area_classes(areas: pd.DataFrame) -> np.ndarray:
    """An area in force by its actor type (``cooperative``, ``state``, ``private``); any other by
    its state (``in_process``, ``reverted``, ``extinct``); ``other`` when neither is known."""
    state = areas["area_state"].fillna("").astype(str).to_numpy() if "area_state" in areas else np.full(len(areas), "")
    actor = areas["actor_type"].fillna("").astype(str).to_numpy() if "actor_type" in areas else np.full(len(areas), "")
    known_actor = np.isin(actor, [ActorType.COOPERATIVE, ActorType.STATE, ActorType.PRIVATE])
    out = np.where(np.isin(state, [AreaState.IN_PROCESS, AreaState.REVERTED, AreaState.EXTINCT]), state, "other")
    return np.where((state == AreaState.IN_FORCE) & known_actor, actor, out).astype(object)


PERU = MapTheme(
    country="pe", claims_layer="concessions", points_layer="registrations",
    claim_styles=carto.LEGAL_STATE, claim_order=carto.LEGAL_ORDER, claim_words="legal_state",
    claim_classes=legal_state_classes,
    point_styles=carto.CONFLICT_TYPE, point_order=carto.CONFLICT_ORDER, point_words="conflict_type",
    no_point_class=columns.ConflictType.NO_CONCESSION.value,
    always_single=(columns.ConflictType.COEXISTENCE_CANDIDATE.value, columns.ConflictType.RESTRICTED_AREA.value),
    status_column="reg_status", status_words="reg_status", relation_words="relation",
    title="map.title.regional", places="map.subtitle.districts", many_places="map.subtitle.many_districts",
    rules=("map.rule.idle", "map.rule.coexistence"),
)

BOLIVIA = MapTheme(
    country="bo", claims_layer="areas", points_layer="work_sites",
    claim_styles=carto.AREA_CLASS, claim_order=carto.AREA_CLASS_ORDER, claim_words="map.area_class",
    claim_classes=area_classes,
    point_styles=carto.SITE_CONFLICT, point_order=carto.SITE_CONFLICT_ORDER, point_words="site_conflict",
    no_point_class=SiteConflict.NO_AREA.value,
    always_single=(SiteConflict.RESTRICTED_AREA.value, SiteConflict.REVERSION_CANDIDATE.value),
    status_column="operator_type", status_words="actor_type", relation_words="site_relation",
    title="map.title.regional_bo", places="map.subtitle.municipalities", many_places="map.subtitle.many_municipalities",
    rules=("map.rule.idle_bo", "map.rule.reversion"), reversion=True,
)

THEMES = {"pe": PERU, "bo": BOLIVIA}


def theme_of_country(country: str | None) -> MapTheme:
    """The theme of ``country`` (``pe``, ``bo``); Peru's for results written before countries."""
    return THEMES.get(country or "pe", PERU)


def theme_of(results: Any) -> MapTheme:
    """The theme of a run's results, by its summary's ``country``."""
    return theme_of_country((getattr(results, "summary", None) or {}).get("country"))
