"""The map canvas widget: shows the newest rendered image, and turns mouse and wheel into views.

It never draws features itself. A finished image is shown at once and, while the next one is
being drawn, the last image is shown moved and scaled to the current view (so pan and zoom feel
immediate even when a frame of the whole country takes a fifth of a second).
"""

from __future__ import annotations

import math
import weakref

import numpy as np
from concession_gis_ui.canvas.painter import (
    ContextSnapshot,
    RasterSnapshot,
    VectorSnapshot,
    aggregates,
    points_in_view,
)
from concession_gis_ui.canvas.renderer import Renderer
from concession_gis_ui.canvas.symbols import always_single, symbols_for
from concession_gis_ui.canvas.viewport import Viewport, format_length
from concession_gis_ui.context_layers import ContextLayer
from concession_gis_ui.i18n import LANGUAGE
from concession_gis_ui.layers import LayerList, RasterLayer, VectorLayer
from PyQt5.QtCore import QPoint, QPointF, QRect, QRectF, Qt, pyqtSignal
from PyQt5.QtGui import QColor, QFont, QPainter, QPen
from PyQt5.QtWidgets import QWidget

from concession_gis.i18n import format_number
from concession_gis.rules import default_rules
from concession_gis.scale_bar import nice_length

BACKGROUND = QColor(246, 244, 238)
WHEEL_STEP = 1.25
DRAG_START_PX = 4


class MapCanvas(QWidget):
    """Pan (drag), zoom (wheel, box with Shift or the box tool), identify (click)."""

    identified = pyqtSignal(object, int)  # layer, feature row (-1: nothing there)
    cursor_moved = pyqtSignal(float, float)  # longitude, latitude
    view_changed = pyqtSignal(object)  # Viewport
    frame_rendered = pyqtSignal(float)  # seconds the render thread spent on a map frame
    render_failed = pyqtSignal(str)
    aggregated = pyqtSignal(object)  # frozenset of the names of the point layers drawn as hexagons

    def __init__(self, layers: LayerList, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mapCanvas")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMinimumSize(200, 150)
        self.layers = layers
        self.view = Viewport(width=max(1, self.width()), height=max(1, self.height()))
        self.box_zoom_tool = False
        self._images: dict[str, tuple] = {}  # kind -> (QImage, Viewport)
        self._press: QPoint | None = None
        self._drag_view: Viewport | None = None
        self._box: QRect | None = None
        self.last_render_seconds = 0.0
        self._fit_bounds = None  # bounds kept in view through resizes until the user pans or zooms
        maps = default_rules()["maps"]
        self.density: tuple[float, float] | None = (maps["aggregate_above_per_cm2"], maps["hexagon_mm"])
        self._single: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.aggregated_layers: frozenset[str] = frozenset()
        self.renderer = Renderer(self)
        self.renderer.rendered.connect(self._on_rendered)
        self.renderer.failed.connect(self.render_failed)
        layers.inserted.connect(self._on_layer_inserted)
        layers.removed.connect(self._on_layer_removed)
        layers.moved.connect(self.refresh)
        layers.changed.connect(lambda layer, what: self.refresh())
        LANGUAGE.follow(self._on_language)

    # -- requests ---------------------------------------------------------------------------

    def refresh(self) -> int:
        """Ask for a new map frame of the current view; returns its request id."""
        snapshots = []
        for layer in self.layers.drawing_order():
            if isinstance(layer, VectorLayer) and layer.prepared is not None:
                snapshots.append(self._vector_snapshot(layer))
            elif isinstance(layer, RasterLayer) and layer.source is not None:
                snapshots.append(RasterSnapshot(layer.source, layer.opacity))
            elif isinstance(layer, ContextLayer) and layer.drawing is not None:
                snapshots.append(ContextSnapshot(layer.drawing, layer.opacity))
        request = self.renderer.request("map", self.view, snapshots)
        self._note_aggregated()
        self.refresh_selection()
        return request

    def _vector_snapshot(self, layer: VectorLayer) -> VectorSnapshot:
        if layer.kind != "point":
            return VectorSnapshot(layer.prepared, layer.classes, layer.opacity, layer.selected)
        if layer not in self._single:  # worked out once per layer (its frame never changes)
            self._single[layer] = always_single(layer.frame)
        symbols = symbols_for(layer.style_column, layer.classes.values)
        return VectorSnapshot(layer.prepared, layer.classes, layer.opacity, layer.selected, symbols,
                              self._single[layer], self.density)

    def _note_aggregated(self) -> None:
        """Tell the legend which point layers this view counts in hexagons (as the render thread
        will decide: the same test on the same points), when that changes."""
        names = frozenset(layer.name for layer in self.layers.drawing_order()
                          if isinstance(layer, VectorLayer) and layer.kind == "point" and layer.prepared is not None
                          and aggregates(points_in_view(layer.prepared, self.view), self.view, self.density))
        if names != self.aggregated_layers:
            self.aggregated_layers = names
            self.aggregated.emit(names)

    def set_density_rule(self, maps) -> None:
        """The ``[maps]`` rules (``aggregate_above_per_cm2``, ``hexagon_mm``) the canvas counts
        dense registrations by, as the printed map does; None draws every point."""
        density = None if maps is None else (float(maps["aggregate_above_per_cm2"]), float(maps["hexagon_mm"]))
        if density != self.density:
            self.density = density
            self.refresh()

    def refresh_selection(self) -> int:
        """Ask for the highlight of the selection; a hidden layer's selection is highlighted too
        (chosen in the table, it must show where it is)."""
        snapshots = [VectorSnapshot(layer.prepared, layer.classes, 1.0, layer.selected)
                     for layer in reversed(list(self.layers))
                     if isinstance(layer, VectorLayer) and layer.prepared is not None and len(layer.selected)]
        return self.renderer.request("selection", self.view, snapshots)

    def is_idle(self) -> bool:
        """True when the image shown is the newest asked for (tests and benchmarks wait on it)."""
        shown = self._images.get("map")
        return shown is not None and shown[2] == self.renderer.latest("map")

    def _on_rendered(self, request_id: int, kind: str, image, view, seconds: float) -> None:
        if request_id != self.renderer.latest(kind):
            return  # an older frame finished after a newer request: never show it
        self._images[kind] = (image, view, request_id)
        if kind == "map":
            self.last_render_seconds = seconds
            self.frame_rendered.emit(seconds)
        self.update()

    def _on_layer_inserted(self, layer, index) -> None:
        if isinstance(layer, VectorLayer):
            layer.selection_changed.connect(self._on_selection_changed)
        self.refresh()

    def _on_layer_removed(self, layer) -> None:
        if isinstance(layer, VectorLayer):
            layer.selection_changed.disconnect(self._on_selection_changed)
        self.refresh()

    def _on_selection_changed(self, layer, source) -> None:
        if len(layer.selected):
            # One layer's selection at a time: choosing in one clears the old highlight of another.
            for other in self.layers.vector_layers():
                if other is not layer and len(other.selected):
                    other.select([], source=self)
        self.refresh_selection()

    # -- views ------------------------------------------------------------------------------

    def set_view(self, view: Viewport, keep_fit: bool = False) -> None:
        if not keep_fit:
            self._fit_bounds = None
        self.view = view.resized(self.width(), self.height())
        self.view_changed.emit(self.view)
        self.refresh()

    def data_bounds(self, layers=None) -> tuple[float, float, float, float]:
        boxes = []
        for layer in layers if layers is not None else self.layers:
            if isinstance(layer, VectorLayer) and layer.prepared is not None and len(layer.prepared):
                boxes.append(layer.prepared.total_bounds())
            elif isinstance(layer, RasterLayer) and layer.source is not None:
                boxes.append(layer.source.bounds)
            elif isinstance(layer, ContextLayer) and layer.drawing is not None and not layer.is_basemap:
                boxes.append(layer.drawing.bounds)  # the base map would zoom every view out to two countries
        boxes = [b for b in boxes if all(map(math.isfinite, b))]
        if not boxes:
            return (math.nan,) * 4
        b = np.array(boxes)
        return (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())

    def zoom_to_bounds(self, bounds, margin: float = 0.05) -> None:
        """Show ``bounds`` whole, and keep them whole if the canvas is resized before the user moves."""
        if not all(map(math.isfinite, bounds)):
            return
        self._fit_bounds = (tuple(bounds), margin)
        self.set_view(self.view.resized(self.width(), self.height()).fitted(bounds, margin), keep_fit=True)

    def zoom_full(self) -> None:
        self.zoom_to_bounds(self.data_bounds())

    def zoom_to_layer(self, layer) -> None:
        self.zoom_to_bounds(self.data_bounds([layer]))

    def zoom_to_selection(self) -> bool:
        boxes = [layer.prepared.bounds[layer.selected] for layer in self.layers.vector_layers()
                 if layer.prepared is not None and len(layer.selected)]
        if not boxes:
            return False
        b = np.concatenate(boxes)
        minx, miny, maxx, maxy = np.nanmin(b[:, 0]), np.nanmin(b[:, 1]), np.nanmax(b[:, 2]), np.nanmax(b[:, 3])
        pad = max(maxx - minx, maxy - miny, 0.01) * 0.5  # a point or a small claim: show its surroundings
        self.zoom_to_bounds((minx - pad, miny - pad, maxx + pad, maxy + pad))
        return True

    def zoom(self, factor: float, anchor: tuple[float, float] | None = None) -> None:
        self.set_view(self.view.zoomed(factor, anchor))

    # -- identify ---------------------------------------------------------------------------

    def identify(self, px: float, py: float) -> tuple[VectorLayer | None, int]:
        """The top-most visible feature under pixel (px, py), selected; (None, -1) when none."""
        x, y = self.view.to_world(px, py)
        for layer in self.layers:
            if not (isinstance(layer, VectorLayer) and layer.visible and layer.prepared is not None):
                continue
            tolerance = (7 if layer.kind == "point" else 1) * self.view.sx
            rows = layer.prepared.features_at(x, y, tolerance)
            if len(rows):
                row = int(rows[-1] if layer.kind == "polygon" else rows[0])
                self.select_only(layer, [row])
                self.identified.emit(layer, row)
                return layer, row
        self.select_only(None, [])
        self.identified.emit(None, -1)
        return None, -1

    def select_only(self, chosen, rows) -> None:
        for layer in self.layers.vector_layers():
            layer.select(rows if layer is chosen else [], source=self)

    # -- events -----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.view = self.view.resized(self.width(), self.height())
        if self._fit_bounds is not None:
            bounds, margin = self._fit_bounds
            self.view = self.view.fitted(bounds, margin)
        if len(self.layers):
            self.refresh()
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            pos = event.pos()
            self.zoom(WHEEL_STEP ** steps, (pos.x(), pos.y()))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton:
            self._press = event.pos()
            self._drag_view = self.view
            if self.box_zoom_tool or event.modifiers() & Qt.ShiftModifier:
                self._box = QRect(event.pos(), event.pos())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        lon, lat = self.view.to_world(event.pos().x(), event.pos().y())
        self.cursor_moved.emit(lon, lat)
        if self._press is None:
            return
        if self._box is not None:
            self._box = QRect(self._press, event.pos()).normalized()
            self.update()
            return
        delta = event.pos() - self._press
        if delta.manhattanLength() >= DRAG_START_PX:
            self.view = self._drag_view.panned(delta.x(), delta.y())
            self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.LeftButton or self._press is None:
            return
        press, self._press = self._press, None
        if self._box is not None:
            self._box = None
            box = QRect(press, event.pos()).normalized()
            if box.width() > DRAG_START_PX and box.height() > DRAG_START_PX:
                (x0, y0), (x1, y1) = self.view.to_world(box.left(), box.bottom()), self.view.to_world(box.right(), box.top())
                self.zoom_to_bounds((x0, y0, x1, y1))
                return
        delta = event.pos() - press
        if delta.manhattanLength() < DRAG_START_PX:
            self.identify(event.pos().x(), event.pos().y())
        else:
            # From the release point, so a drag counts in full even if move events were dropped.
            self.set_view(self._drag_view.panned(delta.x(), delta.y()))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Plus, Qt.Key_Equal):
            self.zoom(2.0)
        elif event.key() == Qt.Key_Minus:
            self.zoom(0.5)
        else:
            super().keyPressEvent(event)

    def _on_language(self) -> None:
        """The scale bar's numbers in the new language's style."""
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        for kind in ("map", "selection"):
            if kind in self._images:
                image, view, _ = self._images[kind]
                kx, ky, ox, oy = self.view.mapping_from(view)
                painter.drawImage(QRectF(ox, oy, image.width() * kx, image.height() * ky), image)
        if self._box is not None:
            painter.setPen(QPen(QColor(20, 20, 20), 1, Qt.DashLine))
            painter.setBrush(QColor(60, 120, 220, 40))
            painter.drawRect(self._box)
        self._draw_scale_bar(painter)
        painter.end()

    def _draw_scale_bar(self, painter: QPainter) -> None:
        metres = nice_length(self.view.metres_per_pixel() * 140)
        if not metres:
            return
        length = metres / self.view.metres_per_pixel()
        x, y = 14.0, self.height() - 16.0
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(QRectF(x - 6, y - 22, length + 12 + 70, 30), 3, 3)
        painter.setPen(QPen(QColor(20, 20, 20), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + length, y))
        painter.drawLine(QPointF(x, y - 5), QPointF(x, y))
        painter.drawLine(QPointF(x + length, y - 5), QPointF(x + length, y))
        painter.setFont(QFont(self.font().family(), 8))
        lang = LANGUAGE.code
        painter.drawText(QPointF(x + length + 6, y), format_length(metres, lang))
        painter.drawText(QPointF(x, y - 8), scale_text(self.view.scale_denominator(), lang))


def scale_text(denominator: float, lang: str) -> str:
    """The map's scale as ``1:321 075``, grouped in ``lang``'s number style."""
    return f"1:{format_number(denominator, lang, 0)}"
