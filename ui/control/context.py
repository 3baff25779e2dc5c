"""Context layers: the bundled base map at the bottom of the map, and the user's own files."""

from __future__ import annotations

from pathlib import Path

from concession_gis_ui.canvas.context import load_drawing
from concession_gis_ui.context_layers import BASEMAP, ContextLayer, context_name
from concession_gis_ui.failure import Failure
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.worker import run_in_thread


class ContextControl:
    """Part of :class:`~concession_gis_ui.controller.Controller`: the base map and added layers."""

    def add_basemap(self) -> ContextLayer:
        """The bundled base map, under every other layer (read here: a few hundred kilobytes)."""
        layer = ContextLayer(BASEMAP, BASEMAP, "context", source=BASEMAP, drawing=load_drawing(BASEMAP))
        self.session.layers.add(layer, len(self.session.layers))
        return layer

    def add_context_layer(self, path: str, state: dict | None = None) -> None:
        """Read a user's vector or raster file off the GUI thread, then put it on the map just
        above the base map (under the analysis layers); ``state`` restores a project's visibility
        and opacity."""
        path = str(path)
        run_in_thread(load_drawing, path,
                      on_done=lambda drawing: self._install_context(path, drawing, state or {}),
                      on_error=lambda failure: self._context_failed(failure))

    def _install_context(self, path: str, drawing, state: dict) -> None:
        layer = ContextLayer(context_name(path), Path(path).name, "context", source=path, drawing=drawing,
                             visible=bool(state.get("visible", True)), opacity=float(state.get("opacity", 1.0)))
        layers = self.session.layers
        base = layers.get(BASEMAP)
        self.session.layers.add(layer, layers.index(base) if base is not None else len(layers))
        self.message.emit("info", words("ui.controller.context_added", name=Path(path).name))

    def _context_failed(self, failure: Failure) -> None:
        self.message.emit("error", words("ui.controller.context_failed", error=failure.text(LANGUAGE.code)))
