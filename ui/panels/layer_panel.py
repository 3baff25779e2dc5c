"""The layer panel: visibility, order, opacity and style of each layer, with its legend."""

from __future__ import annotations

import numpy as np
from concession_gis_ui.canvas.symbols import DEFAULT, SHAPES, Symbol, symbols_for
from concession_gis_ui.context_layers import ContextLayer
from concession_gis_ui.heartbeat import beat_timer
from concession_gis_ui.i18n import LANGUAGE, words
from concession_gis_ui.layers import Layer, RasterLayer, VectorLayer
from concession_gis_ui.names import layer_title, style_title
from concession_gis_ui.session import Session
from concession_gis_ui.styles import loss_year_color
from PyQt5.QtCore import QPointF, Qt, pyqtSignal
from PyQt5.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PyQt5.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from concession_gis.density import hexagon_corners
from concession_gis.export import basemap_layer as basemap_style
from concession_gis.i18n import format_number

LAYER_ROLE = Qt.UserRole + 1
# The first change of a burst waits this long for the others (less than a person notices).
REBUILD_AFTER_MS = 30


def swatch(rgba, kind: str = "polygon", symbol: Symbol | None = None) -> QIcon:
    """A legend icon: a square for areas, a point layer's symbol (the print's shape) for points."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    color = QColor(*rgba)
    painter.setBrush(color)
    painter.setPen(color.darker(150))
    if kind == "point":
        symbol = symbol or DEFAULT
        if symbol.shape != "circle":
            painter.setPen(QColor(*symbol.edge))
        outline = SHAPES.get(symbol.shape, SHAPES["circle"]) * 11 + 7
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in outline]))
    elif kind == "hexagon":  # three hexagons, smaller to larger, as counts grow
        painter.setPen(Qt.NoPen)
        for x, y, r in ((3, 10, 2.2), (7, 4, 3.0), (10.5, 10, 3.6)):
            painter.drawPolygon(QPolygonF([QPointF(x + cx, y + cy) for cx, cy in hexagon_corners(r * np.sqrt(3))]))
    elif kind == "line":
        painter.setPen(QPen(color, 2))
        painter.drawLine(1, 10, 13, 4)
    else:
        painter.drawRect(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


class LayerPanel(QWidget):
    """A tree of layers (checkbox = visible) with their legends; controls for the chosen one."""

    layer_activated = pyqtSignal(object)
    zoom_requested = pyqtSignal(object)
    user_changed = pyqtSignal()  # the user showed, hid, restyled, faded or moved a layer

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.setObjectName("layerPanel")
        self.session = session
        self.aggregated: frozenset[str] = frozenset()  # point layers the canvas draws as hexagons
        self.hexagons: tuple[float, float] | None = None  # and the rule it counts them by
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setObjectName("layerTree")
        self.style_box = QComboBox()
        self.opacity = QSlider(Qt.Horizontal)
        self.opacity.setRange(0, 100)
        self.up, self.down, self.zoom = QToolButton(), QToolButton(), QToolButton()
        self.up.setArrowType(Qt.UpArrow)
        self.down.setArrowType(Qt.DownArrow)
        buttons = QHBoxLayout()
        for button in (self.up, self.down, self.zoom):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.style_label, self.opacity_label = QLabel(), QLabel()
        self.form = QFormLayout()
        self.form.addRow(self.style_label, self.style_box)
        self.form.addRow(self.opacity_label, self.opacity)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addLayout(self.form)

        self._seen: set[str] = set()
        # Rebuilt once for a burst of changes, on the GUI thread's beat: the results' layers come
        # one per turn of the event loop, and a rebuild after each took 8-15 ms of every turn.
        self._rebuild_timer = beat_timer(self, self.rebuild, REBUILD_AFTER_MS)
        layers = session.layers
        for event in (layers.inserted, layers.removed, layers.moved, layers.changed):
            event.connect(lambda *args: self._rebuild_timer.isActive() or self._rebuild_timer.start())
        self.tree.itemChanged.connect(self._on_item_changed)
        self.tree.currentItemChanged.connect(lambda *args: self._on_current_changed())
        self.style_box.activated.connect(self._on_style_chosen)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(+1))
        self.zoom.clicked.connect(lambda: self.current_layer() and self.zoom_requested.emit(self.current_layer()))
        self.retranslate()
        LANGUAGE.follow(self.retranslate)

    def current_layer(self) -> Layer | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return self.session.layers.get(item.data(0, LAYER_ROLE)) if item is not None else None

    def set_current(self, layer: Layer) -> None:
        if self._rebuild_timer.isActive():  # a layer just added: its item first
            self._rebuild_timer.stop()
            self.rebuild()
        for i in range(self.tree.topLevelItemCount()):
            if self.tree.topLevelItem(i).data(0, LAYER_ROLE) == layer.name:
                self.tree.setCurrentItem(self.tree.topLevelItem(i))

    def set_aggregated(self, names: frozenset[str], rule: tuple[float, float] | None) -> None:
        """The point layers the canvas now counts in hexagons, under ``rule`` (per cm2, mm): their
        legends say what a hexagon means."""
        self.aggregated, self.hexagons = frozenset(names), rule
        self.rebuild()

    def rebuild(self) -> None:
        current = self.current_layer()
        expanded = {self.tree.topLevelItem(i).data(0, LAYER_ROLE) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        seen = self._seen
        self.tree.blockSignals(True)
        self.tree.clear()
        for layer in self.session.layers:
            item = QTreeWidgetItem([layer_title(layer.name)])
            item.setData(0, LAYER_ROLE, layer.name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(0, Qt.Checked if layer.visible else Qt.Unchecked)
            self.tree.addTopLevelItem(item)
            hexagons = self.hexagons if layer.name in self.aggregated else None
            for icon, text in legend_entries(layer, hexagons):
                child = QTreeWidgetItem([text])
                child.setToolTip(0, text)  # the whole class name and count, when the panel cuts it
                child.setIcon(0, icon)
                child.setFlags(Qt.ItemIsEnabled)
                item.addChild(child)
            item.setExpanded(layer.name not in seen or layer.name in expanded)  # new layers show their legend
            seen.add(layer.name)
        self.tree.blockSignals(False)
        if current is not None and self.session.layers.get(current.name) is not None:
            self.set_current(current)
        elif self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._on_current_changed()

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        layer = self.session.layers.get(item.data(0, LAYER_ROLE))
        if layer is not None:
            layer.set_visible(item.checkState(0) == Qt.Checked)
            self.user_changed.emit()

    def _on_current_changed(self) -> None:
        layer = self.current_layer()
        self.style_box.blockSignals(True)
        self.opacity.blockSignals(True)
        self.style_box.clear()
        if isinstance(layer, VectorLayer):
            for column in (None, *layer.style_columns):
                self.style_box.addItem(style_title(column, layer.name), column)
            self.style_box.setCurrentIndex(max(0, self.style_box.findData(layer.style_column)))
        self.style_box.setEnabled(isinstance(layer, VectorLayer))
        self.opacity.setEnabled(layer is not None)
        self.opacity.setValue(int(round((layer.opacity if layer else 1.0) * 100)))
        for widget in (self.up, self.down, self.zoom):
            widget.setEnabled(layer is not None)
        self.style_box.blockSignals(False)
        self.opacity.blockSignals(False)
        if layer is not None:
            self.layer_activated.emit(layer)

    def _on_style_chosen(self, index: int) -> None:
        layer = self.current_layer()
        if isinstance(layer, VectorLayer):
            layer.set_style(self.style_box.itemData(index))
            self.user_changed.emit()

    def _on_opacity(self, value: int) -> None:
        layer = self.current_layer()
        if layer is not None:
            layer.set_opacity(value / 100)
            self.user_changed.emit()

    def _move(self, step: int) -> None:
        layer = self.current_layer()
        if layer is not None:
            self.session.layers.move(layer, self.session.layers.index(layer) + step)
            self.user_changed.emit()

    def retranslate(self) -> None:
        self.style_label.setText(words("ui.layer_panel.style_by"))
        self.opacity_label.setText(words("ui.layer_panel.opacity"))
        self.up.setToolTip(words("ui.layer_panel.move_layer_up"))
        self.down.setToolTip(words("ui.layer_panel.move_layer_down"))
        self.zoom.setText(words("ui.layer_panel.zoom_layer"))
        # Later, once: a change of language also restyles every layer and the canvas's
        # hexagons, each of which asks for the list again (two whole rebuilds in one event).
        self._rebuild_timer.start()



def legend_entries(layer: Layer, hexagons: tuple[float, float] | None = None) -> list[tuple[QIcon, str]]:
    """Icons and texts of ``layer``'s classes with their counts; ``hexagons`` (per cm2, mm) adds
    what a hexagon means, while the canvas draws the layer as hexagons."""
    if isinstance(layer, ContextLayer):
        return context_legend(layer)
    if isinstance(layer, RasterLayer):
        if layer.encoding == "mask":
            return [(swatch((197, 27, 125, 255)), words("ui.layer_panel.disturbed_no_date"))]
        return [(swatch(loss_year_color(year)), str(year)) for year in (2001, 2005, 2010, 2015, 2020, 2025)]
    if not isinstance(layer, VectorLayer) or layer.classes is None:
        return []
    classes = layer.classes
    lang = LANGUAGE.code  # counts grouped by thousands in its style: "Titulada (6 792)"
    counts = np.bincount(classes.codes, minlength=len(classes.colors)) if len(classes.codes) else np.zeros(len(classes.colors), int)
    symbols = symbols_for(layer.style_column, classes.values)
    entries = []
    if layer.style_column is None or classes.values == ("",):  # "Todos (2)", where a bare "2" stood
        entries = [(swatch(classes.colors[0], layer.kind), f"{words('ui.layer_panel.all')}  ({format_number(len(classes.codes), lang)})")]
    else:
        for code, label in enumerate(classes.labels):
            if not counts[code]:
                continue  # what occurs only: the candidates' layer listed ten conflict types at (0)
            entries.append((swatch(classes.colors[code], layer.kind, symbols[code]), f"{label}  ({format_number(counts[code], lang)})"))
        if counts[-1]:
            no_value = words("ui.layer_panel.no_value")
            entries.append((swatch(classes.colors[-1], layer.kind), f"{no_value}  ({format_number(counts[-1], lang)})"))
    if hexagons is not None and layer.kind == "point":
        per_cm2, mm = hexagons
        entries.append((swatch((120, 120, 120, 255), "hexagon"),
                        words("ui.layer_panel.hexagons", mm=format_number(mm, lang, None),
                              per_cm2=format_number(per_cm2, lang, None))))
    return entries


def context_legend(layer: ContextLayer) -> list[tuple[QIcon, str]]:
    """The base map's parts in the print's colours; a user's layer says it is only context."""
    if not layer.is_basemap:
        return [(swatch((106, 61, 154, 255), "line"), words("ui.layer_panel.context_file"))]
    def rgba(colour: str) -> tuple[int, int, int, int]:
        c = QColor(colour)
        return c.red(), c.green(), c.blue(), 255

    return [(swatch(rgba(basemap_style.RIVER), "line"), words("ui.layer_panel.basemap_rivers")),
            (swatch(rgba(basemap_style.TOWN), "point"), words("ui.layer_panel.basemap_towns")),
            (swatch(rgba(basemap_style.BORDER), "line"), words("ui.layer_panel.basemap_borders")),
            (swatch((150, 150, 150, 255), "line"), words("ui.layer_panel.basemap_departments")),
            (swatch(rgba(basemap_style.PROVINCE_BORDER), "line"), words("ui.layer_panel.basemap_provinces")),
            (swatch(rgba(basemap_style.DISTRICT_BORDER), "line"), words("ui.layer_panel.basemap_districts"))]
