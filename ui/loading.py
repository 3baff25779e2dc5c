"""Bringing results and previews into the GUI process without stalling its GUI thread. No Qt.

The worker process writes them as frame folders (:mod:`concession_gis_ui.frames`: a .npy file
per column); here they are read back a column, or a thousand geometries, at a time, and the
canvas arrays and search texts are built in chunks too. The GUI process never parses a
GeoPackage: with pyogrio that holds the GIL for 30-70 µs per feature.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from concession_gis_ui.bolivia import MAP_LAYERS as BOLIVIAN_MAP_LAYERS
from concession_gis_ui.frames import read_frame, write_frame
from concession_gis_ui.heartbeat import make_way
from concession_gis_ui.prepared import PreparedVector, prepare
from concession_gis_ui.table_data import cell_arrays, search_text

from concession_gis.errors import InputError
from concession_gis.model import Results
from concession_gis.pipeline_bolivia import LAYERS as BOLIVIAN_LAYERS
from concession_gis.pipeline_bolivia import BoliviaResults

SPATIAL = ("concessions", "registrations", "concession_overlaps", "coexistence_candidates", "restricted_areas",
           "extinct_free_ground")
# Spatial layers a run writes only when their input was given (None otherwise, no empty layer).
OPTIONAL = ("allowed_zones", "loss_fronts")
TABLES = ("loss_by_year", "district_summary", "rejected_rows", "production_by_year")


def _yield() -> None:
    make_way()


_gc_lock = threading.Lock()
_gc_pausers = 0


@contextmanager
def big_allocations() -> Iterator[None]:
    """No cyclic garbage collection while a layer of 100,000 geometries is built, then freeze it.

    Shapely geometries are tracked by the garbage collector: with the national layers loaded, a
    full collection walks ~400,000 objects and holds the GIL for 50-140 ms (measured), freezing
    the GUI thread. Collections are paused during the load and what was loaded is moved to the
    permanent generation (``gc.freeze``), which later collections skip. Those objects are still
    freed by reference counting when their layer goes.
    """
    global _gc_pausers
    with _gc_lock:
        _gc_pausers += 1
        gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0:
                gc.freeze()
                gc.enable()


def write_display(results: Results | BoliviaResults, folder: str | Path) -> Path:
    """Every layer of ``results`` as frame folders, and the summary, in ``folder`` (worker side)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in results.layers().items():
        write_frame(frame, folder / name)
    (folder / "summary.json").write_text(json.dumps(results.summary, ensure_ascii=False, default=str), encoding="utf-8")
    return folder


def read_display(folder: str | Path, check: Callable[[], None] = _yield) -> Results | BoliviaResults:
    """The :class:`Results` (a Bolivian run's :class:`BoliviaResults`) written by :func:`write_display`."""
    folder = Path(folder)
    if not (folder / "summary.json").is_file():
        raise InputError(key="error.no_results_here", path=str(folder))
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    if summary.get("country") == "bo":
        return _read_bolivian_display(folder, summary, check)
    layers = {}
    for name in SPATIAL + OPTIONAL + TABLES:
        if (folder / name / "frame.json").is_file():
            layers[name] = read_frame(folder / name, check)
    for name in SPATIAL:
        layers.setdefault(name, gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326), crs=4326))
    for name in TABLES:
        layers.setdefault(name, pd.DataFrame())
    return Results(**layers, summary=summary, rules=summary.get("rules", {}), lang=summary.get("language", "es"))


def _read_bolivian_display(folder: Path, summary: dict, check: Callable[[], None]) -> BoliviaResults:
    layers = {name: read_frame(folder / name, check) for name in BOLIVIAN_LAYERS}
    return BoliviaResults(**layers, lang=summary.get("language", "es"), summary=summary)


def add_display_columns(results: Results | BoliviaResults) -> None:
    """Columns the map can be styled by that the results do not hold as such.

    ``loss_year``: the latest year with forest loss on each claim (from ``loss_by_year``).
    """
    if isinstance(results, BoliviaResults):
        return
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
    results: Results | BoliviaResults | None = None
    source: str = ""
    classes: dict = field(default_factory=dict)  # name -> styles.Classes, when worked out off the GUI thread
    cells: dict = field(default_factory=dict)  # name -> column -> array (table_data.cell_arrays)


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


def load_results_for_display(folder: str | Path, source: str = "", check: Callable[[], None] = _yield) -> LoadedLayers:
    """Results from a display folder, with everything the canvas and the table need."""
    with big_allocations():
        results = read_display(folder, check)
        add_display_columns(results)
        names = BOLIVIAN_MAP_LAYERS if isinstance(results, BoliviaResults) else SPATIAL + OPTIONAL
        frames = {name: getattr(results, name) for name in names}
        frames = {name: frame for name, frame in frames.items() if isinstance(frame, gpd.GeoDataFrame)
                  and (name in SPATIAL or name in BOLIVIAN_MAP_LAYERS or len(frame.columns) > 1)}
        loaded = LoadedLayers(frames, prepare_frames(frames, check), search_texts(frames), results, source or str(folder))
        loaded.cells = {name: cell_arrays(frame, check) for name, frame in frames.items()}
        return loaded


def load_preview_for_display(folder: str | Path, name: str, check: Callable[[], None] = _yield) -> LoadedLayers:
    with big_allocations():
        frames = {name: read_frame(folder, check)}
        loaded = LoadedLayers(frames, prepare_frames(frames, check), search_texts(frames), None, str(folder))
        loaded.cells = {name: cell_arrays(frames[name], check)}
        return loaded


def search_texts(frames: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    return {name: search_text(frame) for name, frame in frames.items()}
