"""The two results.gpkg `concession-gis compare` reads: only the layers and columns it compares.

Reading 67,000 claims and 87,000 registrations with their thirty-odd columns each would take
most of a comparison's time; the columns compared are a handful.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from concession_gis.analysis.changes import (
    CLAIM_COLUMNS,
    OPTIONAL_REGISTRATION_COLUMNS,
    REGISTRATION_COLUMNS,
)
from concession_gis.errors import InputError
from concession_gis.export.results import SUMMARY_KEY

FRONTS_LAYER = "loss_fronts"


@dataclass
class Snapshot:
    """The layers of one results.gpkg a comparison needs, and where they came from."""

    path: Path
    claims: gpd.GeoDataFrame
    registrations: gpd.GeoDataFrame
    fronts: gpd.GeoDataFrame | None
    summary: dict = field(default_factory=dict)

    def data_date(self) -> str | None:
        """The date of the data compared: the newest file date among the run's claims and
        registrations inputs (when they were downloaded or saved); None where it has none."""
        dates = [str(entry.get("modified"))[:10] for entry in self.summary.get("inputs", [])
                 if entry.get("kind") in ("concessions", "registrations") and entry.get("modified")]
        return max(dates) if dates else None

    def moment(self) -> str:
        """When the analysis was run (its summary's start), else the file's date."""
        started = str(self.summary.get("started") or "")
        if started:
            return started[:10]
        return dt.datetime.fromtimestamp(self.path.stat().st_mtime, dt.UTC).date().isoformat()


def read_snapshot(path: str | Path) -> Snapshot:
    """The claims, registrations (and loss fronts, where there are) of a results.gpkg; refused
    with one message naming the file and what is missing when it is not one."""
    path = Path(path)
    if not path.is_file():
        raise InputError(key="error.results_not_found", path=str(path))
    try:
        names = {str(name) for name, _ in pyogrio.list_layers(path)}
    except (DataSourceError, DataLayerError):
        raise InputError(key="error.not_results", path=str(path)) from None
    if "concessions" not in names:
        raise InputError(key="error.not_results", path=str(path))
    if "registrations" not in names:
        raise InputError(key="error.results_missing_layer", path=str(path), layer="registrations")
    claims, metadata = _read(path, "concessions", CLAIM_COLUMNS)
    registrations, _ = _read(path, "registrations", REGISTRATION_COLUMNS, OPTIONAL_REGISTRATION_COLUMNS)
    fronts = pyogrio.read_dataframe(path, layer=FRONTS_LAYER) if FRONTS_LAYER in names else None
    summary = json.loads((metadata or {}).get(SUMMARY_KEY, "{}") or "{}")
    return Snapshot(path, claims, registrations, fronts, summary)


def _read(path: Path, layer: str, required: Sequence[str], optional: Sequence[str] = ()) -> tuple[gpd.GeoDataFrame, dict | None]:
    try:
        info = pyogrio.read_info(path, layer=layer)
    except (DataSourceError, DataLayerError):
        raise InputError(key="error.not_results", path=str(path)) from None
    fields = set(info["fields"])
    missing = [c for c in required if c not in fields]
    if missing or info.get("geometry_type") is None:
        raise InputError(key="error.results_missing_column", path=str(path), layer=layer,
                         columns=", ".join(missing or ["geometry"]))
    columns = [*required, *(c for c in optional if c in fields)]
    frame = pyogrio.read_dataframe(path, layer=layer, columns=columns)
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame, info.get("dataset_metadata")
