"""GeoJSON (one file per spatial layer) and KML for Google Earth.

GeoJSON is written by GDAL in RFC 7946 form: WGS 84 longitude/latitude, polygons wound
counter-clockwise, so web maps and QGIS read it the same way. KML is written here rather than
by GDAL's KML driver, because the driver cannot attach the shared styles that make Google Earth
show claims and miners in the colours of the printed map: claims in one folder per legal
state, registrations in one folder per conflict type, their canonical columns as ExtendedData.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from concession_gis import columns
from concession_gis.export import cartography as carto
from concession_gis.export.atomic import atomic_path
from concession_gis.i18n import tr

VECTOR_FORMATS = ("geojson", "kml")
KML_NS = "http://www.opengis.net/kml/2.2"
COORDINATE_DIGITS = 7  # about 1 cm: finer than any cadastre, coarser than float noise
KML_ICONS = {
    "circle": "placemark_circle.png", "square": "placemark_square.png", "diamond": "open-diamond.png",
    "triangle": "triangle.png", "star": "star.png", "pentagon": "polygon.png",
}
ICON_BASE = "http://maps.google.com/mapfiles/kml/shapes/"


def write_geojson(layers: dict[str, gpd.GeoDataFrame], out_dir: Path) -> dict[str, Path]:
    """``NAME.geojson`` for every spatial layer in ``layers`` (tables are left to CSV/XLSX)."""
    written = {}
    for name, frame in layers.items():
        target = Path(out_dir) / f"{name}.geojson"
        with atomic_path(target) as temporary:
            # The layer is named after the file, not the temporary it is written under: the name
            # travels in the file ("name") and becomes the layer's in QGIS and ogr2ogr.
            pyogrio.write_dataframe(frame.to_crs(4326), temporary, driver="GeoJSON", layer=name,
                                    layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": str(COORDINATE_DIGITS)})
        written[target.name] = target
    return written


def write_kml(concessions: gpd.GeoDataFrame, registrations: gpd.GeoDataFrame, target: Path, lang: str) -> Path:
    """One KML document: claims by legal state and registrations by conflict type, styled as the map."""
    ET.register_namespace("", KML_NS)
    k = f"{{{KML_NS}}}"
    root = ET.Element(f"{k}kml")
    document = ET.SubElement(root, f"{k}Document")
    ET.SubElement(document, f"{k}name").text = tr("map.title.regional", lang)
    for state, fill in carto.LEGAL_STATE.items():
        _polygon_style(document, k, f"legal_{state}", fill)
    for conflict, marker in carto.CONFLICT_TYPE.items():
        _point_style(document, k, f"conflict_{conflict}", marker)
    claims = _folder(document, k, tr("map.legend.concessions", lang))
    for state in carto.LEGAL_ORDER:
        chosen = concessions.loc[concessions["legal_state"] == state] if "legal_state" in concessions else concessions.iloc[:0]
        if len(chosen):
            folder = _folder(claims, k, f"{tr(f'legal_state.{state}', lang)} ({len(chosen)})")
            _placemarks(folder, k, chosen.to_crs(4326), f"#legal_{state}", columns.CONCESSIONS,
                        lambda row: f"{row.get('code', '')} {row.get('name', '') or ''}".strip())
    miners = _folder(document, k, tr("map.legend.registrations", lang))
    for conflict in carto.CONFLICT_ORDER:
        chosen = (registrations.loc[registrations["conflict_type"] == conflict]
                  if "conflict_type" in registrations else registrations.iloc[:0])
        if len(chosen):
            folder = _folder(miners, k, f"{tr(f'conflict_type.{conflict}', lang)} ({len(chosen)})")
            _placemarks(folder, k, chosen.to_crs(4326), f"#conflict_{conflict}", columns.REGISTRATIONS,
                        lambda row: str(row.get("miner", "") or row.get("reg_id", "")))
    with atomic_path(target) as temporary:
        ET.ElementTree(root).write(temporary, encoding="utf-8", xml_declaration=True)
    return target


def _folder(parent: ET.Element, k: str, name: str) -> ET.Element:
    folder = ET.SubElement(parent, f"{k}Folder")
    ET.SubElement(folder, f"{k}name").text = name
    return folder


def _polygon_style(document: ET.Element, k: str, style_id: str, style: carto.FillStyle) -> None:
    element = ET.SubElement(document, f"{k}Style", id=style_id)
    line = ET.SubElement(element, f"{k}LineStyle")
    ET.SubElement(line, f"{k}color").text = carto.kml_colour(style.edge)
    ET.SubElement(line, f"{k}width").text = "1.5"
    poly = ET.SubElement(element, f"{k}PolyStyle")
    # Google Earth draws over imagery: a little more opaque than on paper.
    ET.SubElement(poly, f"{k}color").text = carto.kml_colour(style.face, min(1.0, style.face_alpha + 0.15))


def _point_style(document: ET.Element, k: str, style_id: str, style: carto.MarkerStyle) -> None:
    element = ET.SubElement(document, f"{k}Style", id=style_id)
    icon_style = ET.SubElement(element, f"{k}IconStyle")
    ET.SubElement(icon_style, f"{k}color").text = carto.kml_colour(style.colour)
    ET.SubElement(icon_style, f"{k}scale").text = f"{style.size / 6.0:.2f}"
    ET.SubElement(ET.SubElement(icon_style, f"{k}Icon"), f"{k}href").text = ICON_BASE + KML_ICONS[style.shape]
    ET.SubElement(ET.SubElement(element, f"{k}LabelStyle"), f"{k}scale").text = "0"  # names in the list, not on the globe


def _placemarks(folder: ET.Element, k: str, frame: gpd.GeoDataFrame, style_url: str, canonical, name_of) -> None:
    present = [c for c in canonical if c in frame.columns]
    for row, geometry in zip(frame[present].to_dict("records"), frame.geometry.values, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        placemark = ET.SubElement(folder, f"{k}Placemark")
        ET.SubElement(placemark, f"{k}name").text = name_of(row)
        ET.SubElement(placemark, f"{k}styleUrl").text = style_url
        data = ET.SubElement(placemark, f"{k}ExtendedData")
        for column in present:
            value = _text(row[column])
            if value:
                item = ET.SubElement(data, f"{k}Data", name=column)
                ET.SubElement(item, f"{k}value").text = value
        placemark.append(_kml_geometry(geometry, k))


def _text(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _kml_geometry(geometry, k: str) -> ET.Element:
    if isinstance(geometry, shapely.Point):
        point = ET.Element(f"{k}Point")
        ET.SubElement(point, f"{k}coordinates").text = _coordinates([geometry.coords[0]])
        return point
    if isinstance(geometry, shapely.Polygon):
        polygon = ET.Element(f"{k}Polygon")
        for tag, rings in (("outerBoundaryIs", [geometry.exterior]), ("innerBoundaryIs", list(geometry.interiors))):
            for ring in rings:
                boundary = ET.SubElement(polygon, f"{k}{tag}")
                linear = ET.SubElement(boundary, f"{k}LinearRing")
                ET.SubElement(linear, f"{k}coordinates").text = _coordinates(ring.coords)
        return polygon
    multi = ET.Element(f"{k}MultiGeometry")
    for part in shapely.get_parts(geometry):
        multi.append(_kml_geometry(part, k))
    return multi


def _coordinates(coords) -> str:
    return " ".join(f"{x:.{COORDINATE_DIGITS}f},{y:.{COORDINATE_DIGITS}f}" for x, y, *_ in coords)
