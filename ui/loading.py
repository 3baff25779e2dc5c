"""Reading results and previews into the GUI process without stalling its GUI thread. No Qt.

``read_results`` of the core reads each layer in one call; for 67,000 polygons that call holds
the GIL for about half a second, and the GUI thread (which needs the GIL for every event it
handles in Python) would freeze that long. Here layers are read in chunks of a few thousand
features, so the GUI thread gets the GIL back every ~20 ms. The result is the same
:class:`~concession_gis.pipeline.Results`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from concession_gis_ui.canvas.prepared import PreparedVector, prepare
from concession_gis_ui.search import search_text

from concession_gis.errors import InputError
from concession_gis.export.results import SUMMARY_KEY
from concession_gis.pipeline import Results

CHUNK = 3000
BOOLEAN_COLUMNS = ("idle", "host_idle", "coexistence", "in_restricted", "declared_code_match")
SPATIAL = ("concessions", "registrations", "concession_overlaps", "coexistence_candidates", "restricted_areas")
TABLES = ("loss_by_year", "district_summary", "rejected_rows")


def _yield() -> None:
    time.sleep(0)


def read_layer(path: str | Path, layer: str | None = None, check: Callable[[], None] = _yield) -> pd.DataFrame:
    """One layer of a GeoPackage read in chunks of ``CHUNK`` features."""
    info = pyogrio.read_info(path, layer=layer)
    total = int(info["features"])
    parts = []
    for start in range(0, max(total, 1), CHUNK):
        parts.append(pyogrio.read_dataframe(path, layer=layer, skip_features=start, max_features=CHUNK))
        check()
    if len(parts) == 1:
        return parts[0]
    frame = pd.concat(parts, ignore_index=True)
    if isinstance(parts[0], gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=parts[0].geometry.name, crs=parts[0].crs)
    return frame


def read_results_gently(path: str | Path, check: Callable[[], None] = _yield) -> Results:
    """The same as ``concession_gis.export.results.read_results``, in chunks."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: results file not found. Run the analysis first.")
    try:
        names = {name for name, _ in pyogrio.list_layers(path)}
        info = pyogrio.read_info(path, layer="concessions")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError):
        raise InputError(f"{path}: not a concession-gis results.gpkg (no concessions layer).") from None
    summary = json.loads((info.get("dataset_metadata") or {}).get(SUMMARY_KEY, "{}"))
    layers = {}
    for name in SPATIAL + TABLES:
        if name in names:
            layers[name] = read_layer(path, name, check)
    for name in SPATIAL:
        layers.setdefault(name, gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326), crs=4326))
        frame = layers[name]
        for column in BOOLEAN_COLUMNS:
            if column in frame and frame[column].dtype.kind == "f":
                frame[column] = frame[column].map({1.0: True, 0.0: False}).astype("boolean")
    for name in TABLES:
        layers.setdefault(name, pd.DataFrame())
    return Results(**layers, summary=summary, rules=summary.get("rules", {}), lang=summary.get("language", "es"))


def add_display_columns(results: Results) -> None:
    """Columns the map can be styled by that the results do not hold as such.

    ``loss_year``: the latest year with forest loss on each claim (from ``loss_by_year``).
    """
    conc, loss = results.concessions, results.loss_by_year
    if len(conc) and len(loss) and {"code", "year", "loss_ha"} <= set(loss.columns):
        with_loss = loss.loc[pd.to_numeric(loss["loss_ha"], errors="coerce") > 0]
        latest = with_loss.groupby("code")["year"].max()
        conc["loss_year"] = conc["code"].map(latest).astype("Float64")


@dataclass
class LoadedLayers:
    """Frames and their canvas arrays, ready to become layers on the GUI thread."""

    frames: dict[str, gpd.GeoDataFrame]
    prepared: dict[str, PreparedVector]
    search: dict[str, pd.Series]
    results: Results | None = None
    source: str = ""


def geometry_kind(frame: gpd.GeoDataFrame) -> str:
    """'polygon' when every geometry is polygonal, else 'point' (areas among points become points)."""
    types = set(frame.geom_type.dropna().unique()) if len(frame) else set()
    return "polygon" if types and types <= {"Polygon", "MultiPolygon"} else "point"


def prepare_frames(frames: dict[str, gpd.GeoDataFrame], check: Callable[[], None] = _yield) -> dict[str, PreparedVector]:
    prepared = {}
    for name, frame in frames.items():
        kind = geometry_kind(frame)
        geoms = frame.geometry.values
        if kind == "point" and len(frame):
            # Multi-points and areas among registrations: draw each at a point on it.
            types = frame.geom_type.to_numpy()
            if not np.all(types == "Point"):
                geoms = frame.geometry.representative_point().values
        prepared[name] = prepare(np.asarray(geoms), kind, check)
    return prepared


def load_results_for_display(path: str | Path, check: Callable[[], None] = _yield) -> LoadedLayers:
    results = read_results_gently(path, check)
    add_display_columns(results)
    frames = {name: getattr(results, name) for name in SPATIAL}
    frames = {name: frame for name, frame in frames.items() if isinstance(frame, gpd.GeoDataFrame)}
    return LoadedLayers(frames, prepare_frames(frames, check), search_texts(frames), results, str(path))


def load_preview_for_display(path: str | Path, name: str, check: Callable[[], None] = _yield) -> LoadedLayers:
    frame = read_layer(path, None, check)
    frames = {name: frame}
    return LoadedLayers(frames, prepare_frames(frames, check), search_texts(frames), None, str(path))


def search_texts(frames: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    return {name: search_text(frame) for name, frame in frames.items()}
