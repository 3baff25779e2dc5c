"""A layer's :class:`Symbology`, and the QML (QGIS) and SLD 1.1 documents made from it.

Sizes on the printed map are in points; QGIS and SLD symbols are sized in millimetres and
pixels, converted here so both look like the map. Labels copy the map's rule: drawn only where
they fit inside the polygon, and only at scales where there is room for them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from concession_gis import palette
from concession_gis.export import cartography as carto

MM_PER_PT = 25.4 / 72
SLD_PIXEL_MM = 0.28  # the "standardized rendering pixel" SLD sizes are given in
QGIS_VERSION = "3.22.0"
SLD_NS = {"": "http://www.opengis.net/sld", "se": "http://www.opengis.net/se", "ogc": "http://www.opengis.net/ogc",
          "xlink": "http://www.w3.org/1999/xlink", "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
# Qt brush pattern QGIS uses for hatching, and the SLD mark that draws the same lines.
QGIS_HATCH, SLD_HATCH = "b_diagonal", "slash"


@dataclass(frozen=True)
class Category:
    value: str
    label: str
    symbol: carto.FillStyle | carto.MarkerStyle


@dataclass(frozen=True)
class Symbology:
    """How one layer is drawn: by the classes of ``attribute`` (or one symbol), and labelled by a field."""

    layer: str
    geometry: str  # "polygon" or "point"
    attribute: str | None
    categories: list[Category]
    default: carto.FillStyle | carto.MarkerStyle
    label_field: str | None = None
    # Labels show only at scales larger than 1:label_scale, where they have room.
    label_scale: int = 150_000
    title: str = field(default="")
    # Points whose ``attribute = value`` are drawn hollow (no fill, outline in the class's colour),
    # as on the printed map: a registration placed on the claim whose code it declares.
    hollow: tuple[str, str] | None = None
    # The layer's features keep other layers' labels off them (QGIS's "Blocking" labelling):
    # claim names never cover a miner.
    label_obstacle: bool = False
    # The legend words for QGIS's "all other values" class, drawn in ``default`` (see qml_document).
    other_label: str = ""


def qgis_colour(colour: str, alpha: float = 1.0) -> str:
    r, g, b = palette.rgb(colour)
    return f"{r},{g},{b},{round(alpha * 255)}"


def qml_document(spec: Symbology, other_values: bool = True) -> str:
    """The QML of ``spec``. ``other_values``: some features hold a value none of the categories
    names (or none), so QGIS's "all other values" class is added, labelled, to draw them; a layer
    whose values all have their class gets no such class, and its legend no row for it."""
    root = ET.Element("qgis", version=QGIS_VERSION, styleCategories="Symbology|Labeling",
                      labelsEnabled="1" if spec.label_field or spec.label_obstacle else "0")
    if spec.attribute:
        renderer = ET.SubElement(root, "renderer-v2", type="categorizedSymbol", attr=spec.attribute,
                                 symbollevels="0", enableorderby="0", forceraster="0")
        categories = ET.SubElement(renderer, "categories")
        symbols = ET.SubElement(renderer, "symbols")
        for i, category in enumerate(spec.categories):
            ET.SubElement(categories, "category", render="true", value=category.value, symbol=str(i), label=category.label)
            symbols.append(_qgis_symbol(category.symbol, str(i), spec.hollow))
        if other_values:  # an empty value is QGIS's "all other values": nothing is left undrawn
            other = str(len(spec.categories))
            ET.SubElement(categories, "category", render="true", value="", symbol=other, label=spec.other_label)
            symbols.append(_qgis_symbol(spec.default, other, spec.hollow))
        source = ET.SubElement(renderer, "source-symbol")
        source.append(_qgis_symbol(spec.default, "0"))
    else:
        renderer = ET.SubElement(root, "renderer-v2", type="singleSymbol", symbollevels="0",
                                 enableorderby="0", forceraster="0")
        ET.SubElement(renderer, "symbols").append(_qgis_symbol(spec.default, "0"))
    if spec.label_field:
        root.append(_qgis_labeling(spec, spec.label_field))
    elif spec.label_obstacle:
        root.append(_qgis_blocking())
    ET.SubElement(root, "layerGeometryType").text = "2" if spec.geometry == "polygon" else "0"
    ET.indent(root)
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(root, encoding="unicode")


def _qgis_symbol(style: carto.FillStyle | carto.MarkerStyle, name: str,
                 hollow: tuple[str, str] | None = None) -> ET.Element:
    if isinstance(style, carto.FillStyle):
        symbol = ET.Element("symbol", type="fill", name=name, alpha="1", clip_to_extent="1", force_rhr="0")
        hatched = bool(style.hatch)
        props = {
            # A Qt hatch pattern is drawn in the fill colour: the outline colour, opaque.
            "color": qgis_colour(style.edge, 1.0) if hatched else qgis_colour(style.face, style.face_alpha),
            "style": QGIS_HATCH if hatched else "solid",
            "outline_color": qgis_colour(style.edge), "outline_style": "solid",
            "outline_width": f"{style.edge_width * MM_PER_PT:.2f}", "outline_width_unit": "MM",
            "joinstyle": "bevel", "offset": "0,0", "offset_unit": "MM",
        }
        _qgis_layer(symbol, "SimpleFill", props)
    else:
        symbol = ET.Element("symbol", type="marker", name=name, alpha="1", clip_to_extent="1", force_rhr="0")
        props = {
            "name": carto.QGIS_MARKER[style.shape], "color": qgis_colour(style.colour),
            "outline_color": qgis_colour(style.edge), "outline_style": "solid", "outline_width": "0.18",
            "outline_width_unit": "MM", "size": f"{style.size * MM_PER_PT:.2f}", "size_unit": "MM",
            "angle": "0", "scale_method": "diameter", "joinstyle": "bevel", "offset": "0,0", "offset_unit": "MM",
            "horizontal_anchor_point": "1", "vertical_anchor_point": "1",
        }
        layer = _qgis_layer(symbol, "SimpleMarker", props)
        if hollow:
            layer.append(_qgis_hollow(style, *hollow))
    return symbol


def _qgis_hollow(style: carto.MarkerStyle, attribute: str, value: str) -> ET.Element:
    """Data-defined overrides that draw a marker hollow where ``attribute = value``: no fill, a
    thicker outline in the class's colour (the printed map's 1.2 pt). Elsewhere each expression
    is NULL and QGIS keeps the symbol's own value."""
    when = f"CASE WHEN \"{attribute}\" = '{value}' THEN "
    overrides = {"fillColor": f"{when}'0,0,0,0' END", "outlineColor": f"{when}'{qgis_colour(style.colour)}' END",
                 "outlineWidth": f"{when}{carto.HOLLOW_EDGE_PT * MM_PER_PT:.2f} END"}
    defined = ET.Element("data_defined_properties")
    collection = ET.SubElement(defined, "Option", type="Map")
    ET.SubElement(collection, "Option", type="QString", name="name", value="")
    properties = ET.SubElement(collection, "Option", type="Map", name="properties")
    for key, expression in overrides.items():
        prop = ET.SubElement(properties, "Option", type="Map", name=key)
        ET.SubElement(prop, "Option", type="bool", name="active", value="true")
        ET.SubElement(prop, "Option", type="QString", name="expression", value=expression)
        ET.SubElement(prop, "Option", type="int", name="type", value="3")  # an expression-based property
    ET.SubElement(collection, "Option", type="QString", name="type", value="collection")
    return defined


def _qgis_layer(symbol: ET.Element, kind: str, props: dict[str, str]) -> ET.Element:
    """A symbol layer with its properties both as an Option map (QGIS 3.26+) and as props (older)."""
    layer = ET.SubElement(symbol, "layer", {"class": kind, "enabled": "1", "locked": "0", "pass": "0"})
    options = ET.SubElement(layer, "Option", type="Map")
    for key, value in props.items():
        ET.SubElement(options, "Option", type="QString", name=key, value=value)
    for key, value in props.items():
        ET.SubElement(layer, "prop", k=key, v=value)
    return layer


def _qgis_labeling(spec: Symbology, field: str) -> ET.Element:
    labeling = ET.Element("labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    italic = spec.layer == "restricted_areas"
    text = ET.SubElement(settings, "text-style", fieldName=field, isExpression="0",
                         fontFamily="DejaVu Sans", fontSize="7", fontSizeUnit="Point",
                         textColor="27,94,32,255" if italic else "26,26,26,255", fontItalic="1" if italic else "0",
                         fontWeight="50", textOpacity="1", namedStyle="Italic" if italic else "Book")
    ET.SubElement(text, "text-buffer", bufferDraw="1", bufferSize="0.7", bufferSizeUnits="MM",
                  bufferColor="255,255,255,255", bufferOpacity="1", bufferNoFill="1", bufferJoinStyle="128")
    ET.SubElement(settings, "text-format", wrapChar="", multilineAlign="1", autoWrapLength="18",
                  useMaxLineLengthForAutoWrap="1")
    ET.SubElement(settings, "placement", placement="1", centroidInside="1", centroidWhole="0",
                  fitInPolygonOnly="1", priority="5", dist="0", offsetType="0")
    # QGIS 3 reads scaleMin as the most zoomed-in scale and scaleMax as the most zoomed-out
    # (names flipped against its members, kept for compatibility): labels from 1:label_scale in.
    ET.SubElement(settings, "rendering", scaleVisibility="1", scaleMin="1", scaleMax=str(spec.label_scale),
                  obstacle="1", displayAll="0", upsidedownLabels="0", limitNumLabels="0", mergeLines="0")
    return labeling


def _qgis_blocking() -> ET.Element:
    """QGIS's "Blocking" labelling: no labels of its own, its features an obstacle, of the highest
    weight, to every other layer's labels."""
    labeling = ET.Element("labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    ET.SubElement(settings, "text-style", fieldName="", isExpression="0", fontFamily="DejaVu Sans", fontSize="7",
                  fontSizeUnit="Point")
    ET.SubElement(settings, "rendering", drawLabels="0", obstacle="1", obstacleFactor="2", obstacleType="0",
                  scaleVisibility="0", displayAll="0")
    return labeling


def sld_document(spec: Symbology) -> str:
    for prefix, uri in SLD_NS.items():
        ET.register_namespace(prefix, uri)
    sld, se, ogc = (f"{{{SLD_NS[p]}}}" for p in ("", "se", "ogc"))
    root = ET.Element(f"{sld}StyledLayerDescriptor", {
        "version": "1.1.0",
        f"{{{SLD_NS['xsi']}}}schemaLocation": "http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd",
    })
    layer = ET.SubElement(root, f"{sld}NamedLayer")
    ET.SubElement(layer, f"{se}Name").text = spec.layer
    style = ET.SubElement(layer, f"{sld}UserStyle")
    ET.SubElement(style, f"{se}Name").text = spec.layer
    feature_style = ET.SubElement(style, f"{se}FeatureTypeStyle")
    rules: list[tuple[str | None, str, carto.FillStyle | carto.MarkerStyle]] = (
        [(c.value, c.label, c.symbol) for c in spec.categories] or [(None, spec.title, spec.default)])
    for value, label, symbol in rules:
        rule = ET.SubElement(feature_style, f"{se}Rule")
        ET.SubElement(rule, f"{se}Name").text = value or spec.layer
        ET.SubElement(ET.SubElement(rule, f"{se}Description"), f"{se}Title").text = label
        if value is not None and spec.attribute:
            equal = ET.SubElement(ET.SubElement(rule, f"{ogc}Filter"), f"{ogc}PropertyIsEqualTo")
            ET.SubElement(equal, f"{ogc}PropertyName").text = spec.attribute
            ET.SubElement(equal, f"{ogc}Literal").text = value
        rule.append(_sld_polygon(symbol, se) if isinstance(symbol, carto.FillStyle) else _sld_point(symbol, se))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=False)


def _parameter(parent: ET.Element, se: str, name: str, value: str) -> None:
    ET.SubElement(parent, f"{se}SvgParameter", name=name).text = value


def _sld_polygon(style: carto.FillStyle, se: str) -> ET.Element:
    symbolizer = ET.Element(f"{se}PolygonSymbolizer")
    fill = ET.SubElement(symbolizer, f"{se}Fill")
    if style.hatch:
        mark = ET.SubElement(ET.SubElement(ET.SubElement(fill, f"{se}GraphicFill"), f"{se}Graphic"), f"{se}Mark")
        ET.SubElement(mark, f"{se}WellKnownName").text = SLD_HATCH
        stroke = ET.SubElement(mark, f"{se}Stroke")
        _parameter(stroke, se, "stroke", style.edge)
    else:
        _parameter(fill, se, "fill", style.face)
        _parameter(fill, se, "fill-opacity", f"{style.face_alpha:.2f}")
    stroke = ET.SubElement(symbolizer, f"{se}Stroke")
    _parameter(stroke, se, "stroke", style.edge)
    _parameter(stroke, se, "stroke-width", f"{_pixels(style.edge_width):.1f}")
    return symbolizer


def _sld_point(style: carto.MarkerStyle, se: str) -> ET.Element:
    symbolizer = ET.Element(f"{se}PointSymbolizer")
    graphic = ET.SubElement(symbolizer, f"{se}Graphic")
    mark = ET.SubElement(graphic, f"{se}Mark")
    name, rotation = carto.SLD_MARKER[style.shape]
    ET.SubElement(mark, f"{se}WellKnownName").text = name
    _parameter(ET.SubElement(mark, f"{se}Fill"), se, "fill", style.colour)
    stroke = ET.SubElement(mark, f"{se}Stroke")
    _parameter(stroke, se, "stroke", style.edge)
    _parameter(stroke, se, "stroke-width", "0.6")
    ET.SubElement(graphic, f"{se}Size").text = f"{_pixels(style.size):.1f}"
    if rotation:
        ET.SubElement(graphic, f"{se}Rotation").text = str(rotation)
    return symbolizer


def _pixels(points: float) -> float:
    return points * MM_PER_PT / SLD_PIXEL_MM
