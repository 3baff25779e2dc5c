"""Context layers: the bundled base map and the user's own files, drawn under the analysis.

Plain Python (no Qt). A context layer shows where things are (rivers, towns, a road network, an
orthophoto); it is never analysed, never in the attribute table, and a project keeps only its
file's path. Its picture is a drawing object made by :mod:`concession_gis_ui.canvas.context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from concession_gis_ui.layers import Layer

BASEMAP = "basemap"
PREFIX = "context:"
VECTOR_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml", ".fgb")
RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".jp2", ".img")


@dataclass(eq=False)
class ContextLayer(Layer):
    """A layer drawn for orientation only: ``source`` is ``BASEMAP`` or a file's path."""

    source: str = ""
    drawing: Any = None  # canvas.context drawing: paint(painter, view, check), bounds

    @property
    def is_basemap(self) -> bool:
        return self.source == BASEMAP


def context_name(path: str) -> str:
    """The layer name of a user's file: 'context:' and its path."""
    return f"{PREFIX}{path}"


def file_kind(path: str) -> str | None:
    """'vector' or 'raster' from the file's suffix; None for a file no context layer reads."""
    suffix = Path(path).suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        return "vector"
    if suffix in RASTER_SUFFIXES:
        return "raster"
    return None


def user_sources(layers) -> list[str]:
    """The files of the user's context layers, top of the map first (what a project keeps)."""
    return [layer.source for layer in layers if isinstance(layer, ContextLayer) and not layer.is_basemap]


def is_analysis(layer: Layer) -> bool:
    """A layer of the user's data or results (anything but the bundled base map)."""
    return not (isinstance(layer, ContextLayer) and layer.is_basemap)
