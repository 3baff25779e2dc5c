"""The layer models: what the map shows, in which order and style, and what is selected.

Plain Python (no Qt): the layer panel, the attribute table, the details panel and the canvas all
subscribe to these events. Frames are never modified after a layer is made; a new style only
replaces the layer's class arrays, which the render thread reads as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
from concession_gis_ui.events import Event
from concession_gis_ui.i18n import LANGUAGE
from concession_gis_ui.prepared import PreparedVector
from concession_gis_ui.styles import Classes, classify, style_columns

# Result layers in drawing order, bottom first, with the column each is styled by at first.
RESULT_LAYERS = (
    ("restricted_areas", "polygon", "restricted_category"),
    ("allowed_zones", "polygon", None),
    ("concessions", "polygon", "legal_state"),
    ("extinct_free_ground", "polygon", None),
    ("loss_fronts", "polygon", "front_type"),
    ("concession_overlaps", "polygon", None),
    ("registrations", "point", "conflict_type"),
    ("coexistence_candidates", "point", "conflict_type"),
    # A Bolivian run's (concession_gis_ui.bolivia): AJAM's areas by actor, the reversion
    # candidates over them, the work sites by conflict type on top.
    ("areas", "polygon", "actor_type"),
    ("reversion_candidates", "polygon", None),
    ("work_sites", "point", "conflict_type"),
)


@dataclass(eq=False)
class Layer:
    """Something drawn on the map."""

    name: str
    title: str
    kind: str  # "polygon", "point" or "raster"
    visible: bool = True
    opacity: float = 1.0
    changed: Event = field(default_factory=Event, repr=False)

    def set_visible(self, visible: bool) -> None:
        if visible != self.visible:
            self.visible = visible
            self.changed.emit(self, "visible")

    def set_opacity(self, opacity: float) -> None:
        opacity = float(min(1.0, max(0.0, opacity)))
        if opacity != self.opacity:
            self.opacity = opacity
            self.changed.emit(self, "opacity")

    def style_state(self) -> dict[str, Any]:
        return {"visible": self.visible, "opacity": self.opacity}


@dataclass(eq=False)
class VectorLayer(Layer):
    """A frame of polygons or points (EPSG:4326) with a categorized style and a selection."""

    frame: gpd.GeoDataFrame | None = None
    prepared: PreparedVector | None = None
    style_column: str | None = None
    classes: Classes | None = None
    search_text: Any = None  # pandas Series built off the GUI thread (concession_gis_ui.table_data)
    cells: Any = None  # {column: array} built off the GUI thread (concession_gis_ui.table_data)
    selected: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    selection_changed: Event = field(default_factory=Event, repr=False)

    def __post_init__(self) -> None:
        if self.classes is None:
            self.classes = classify(self.frame, self.style_column, self.kind, self.name, LANGUAGE.code)

    @property
    def style_columns(self) -> tuple[str, ...]:
        return tuple(c for c in style_columns(self.kind, self.name) if c in self.frame.columns)

    def set_style(self, column: str | None) -> None:
        """Colour by ``column`` (None: one colour), its classes named in the window's language."""
        self.style_column = column
        self.classes = classify(self.frame, column, self.kind, self.name, LANGUAGE.code)
        self.changed.emit(self, "style")

    def select(self, rows, source: object = None) -> None:
        """Select features by row number (positions in ``frame``); ``source`` says who asked."""
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        if len(rows) == len(self.selected) and np.array_equal(rows, self.selected):
            return
        self.selected = rows
        self.selection_changed.emit(self, source)

    def style_state(self) -> dict[str, Any]:
        return {**super().style_state(), "style": self.style_column}


@dataclass(eq=False)
class RasterLayer(Layer):
    """A forest-loss raster, drawn at the resolution of the screen."""

    path: str = ""
    encoding: str = "lossyear"
    source: Any = None  # canvas.raster.RasterSource


class LayerList:
    """The layers, top of the map first, with events for every change."""

    def __init__(self) -> None:
        self._layers: list[Layer] = []
        self.inserted = Event()  # (layer, index)
        self.removed = Event()  # (layer)
        self.moved = Event()  # ()
        self.changed = Event()  # (layer, what): any layer's visibility, opacity or style

    def __iter__(self):
        return iter(list(self._layers))

    def __len__(self) -> int:
        return len(self._layers)

    def __getitem__(self, index: int) -> Layer:
        return self._layers[index]

    def index(self, layer: Layer) -> int:
        return self._layers.index(layer)

    def get(self, name: str) -> Layer | None:
        return next((layer for layer in self._layers if layer.name == name), None)

    def vector_layers(self) -> list[VectorLayer]:
        return [layer for layer in self._layers if isinstance(layer, VectorLayer)]

    def add(self, layer: Layer, index: int = 0) -> None:
        """Add ``layer`` (replacing one of the same name), on top by default."""
        old = self.get(layer.name)
        if old is not None:
            index = self.index(old)
            self.remove(old)
        index = max(0, min(index, len(self._layers)))
        self._layers.insert(index, layer)
        layer.changed.connect(self.changed.emit)
        self.inserted.emit(layer, index)

    def remove(self, layer: Layer) -> None:
        if layer in self._layers:
            self._layers.remove(layer)
            layer.changed.disconnect(self.changed.emit)
            self.removed.emit(layer)

    def clear(self, keep=lambda layer: False) -> None:
        for layer in list(self._layers):
            if not keep(layer):
                self.remove(layer)

    def move(self, layer: Layer, index: int) -> None:
        index = max(0, min(index, len(self._layers) - 1))
        if self.index(layer) == index:
            return
        self._layers.remove(layer)
        self._layers.insert(index, layer)
        self.moved.emit()

    def drawing_order(self) -> list[Layer]:
        """Visible layers bottom first, as they are painted."""
        return [layer for layer in reversed(self._layers) if layer.visible]
