"""Bolivian results as the printed sheets read them (issue 20): the map, case page, atlas and
dossier machinery draws :class:`~concession_gis.model.Results`; a Bolivian run's areas and work
sites are handed to it as its claims and points, every Bolivian column kept, with the few
shared names the sheets read added beside them (the area's name, its municipality where Peru
has its district, the grant where Peru has the filing, the site's id and operator). The
country's terms come from the summary's ``country`` (:mod:`~concession_gis.export.map_theme`).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from concession_gis.model import Results

# Shared name the sheets read ← the Bolivian column it is taken from.
AREA_ALIASES = {"name": "area_name", "district": "municipality", "filed_on": "granted_on",
                "years_since_filed": "years_since_granted"}
SITE_ALIASES = {"reg_id": "site_id", "miner": "operator"}
# GeoPackage keeps booleans as integers: read back as true/false/<NA>.
BOOLEAN_COLUMNS = ("idle", "reversion_candidate", "leased_to_private", "under_contract", "in_restricted")


def sheet_results(layers: dict[str, pd.DataFrame], summary: dict[str, Any], lang: str | None = None) -> Results:
    """A :class:`Results` whose claims are ``layers['areas']`` and points ``layers['work_sites']``
    (and the restricted areas and loss by year), for the sheets; ``summary`` the run's."""
    empty = gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326), crs=4326)
    areas = _aliased(_booleans(layers.get("areas", empty)), AREA_ALIASES)
    sites = _aliased(_booleans(layers.get("work_sites", empty)), SITE_ALIASES)
    for column in ("code", "legal_state", "area_state", "actor_type", "reversion_candidate", "reversion_rank"):
        if column not in areas:
            areas[column] = pd.Series(dtype=object)
    for column in ("reg_id", "conflict_type", "host_code"):
        if column not in sites:
            sites[column] = pd.Series(dtype=object)
    restricted = _booleans(layers.get("restricted_areas", empty))
    summary = {**summary, "country": "bo"}
    return Results(
        concessions=areas, registrations=sites, concession_overlaps=empty.copy(), coexistence_candidates=empty.copy(),
        loss_by_year=layers.get("loss_by_year", pd.DataFrame()), district_summary=pd.DataFrame(),
        rejected_rows=layers.get("rejected_rows", pd.DataFrame()), restricted_areas=restricted, summary=summary,  # type: ignore[arg-type]
        rules=summary.get("rules", {}), lang=lang or summary.get("language", "es"),
    )


def _aliased(frame: pd.DataFrame, aliases: dict[str, str]) -> gpd.GeoDataFrame:
    frame = frame.copy()
    for shared, own in aliases.items():
        if own in frame and shared not in frame:
            frame[shared] = frame[own]
    return frame


def _booleans(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in BOOLEAN_COLUMNS:
        if column in frame and frame[column].dtype.kind in "fiu":
            frame[column] = frame[column].map({1: True, 0: False}).astype("boolean")
    return frame
