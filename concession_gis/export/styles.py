"""QGIS styles embedded in results.gpkg, so QGIS opens every layer styled as on the printed map.

QGIS keeps styles in a ``layer_styles`` table inside the GeoPackage (the convention its
"Save style to database" writes, also read by the GeoPackage plugin of ArcGIS Pro's QGIS
users and by GeoServer importers via the SLD column). Each spatial layer gets one default row
holding a QML document (categorized renderer) and the same symbology as SLD 1.1.

The symbology itself is declared once per layer (:func:`symbology`) from
:mod:`~concession_gis.export.cartography`; :mod:`~concession_gis.export.style_documents`
defines what a symbology holds and turns it into QML and SLD.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from concession_gis.columns import ConflictType, LocatedBy
from concession_gis.export import cartography as carto
from concession_gis.export.style_documents import Category, Symbology, qml_document, sld_document
from concession_gis.i18n import tr

STYLE_TABLE = "layer_styles"
STYLE_NAME = "concession-gis"
CREATE_TABLE = f"""
CREATE TABLE IF NOT EXISTS "{STYLE_TABLE}" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "f_table_catalog" TEXT(256),
    "f_table_schema" TEXT(256),
    "f_table_name" TEXT(256),
    "f_geometry_column" TEXT(256),
    "styleName" TEXT(30),
    "styleQML" TEXT,
    "styleSLD" TEXT,
    "useAsDefault" BOOLEAN,
    "description" TEXT,
    "owner" TEXT(30),
    "ui" TEXT(30),
    "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)"""


def symbology(layer: str, lang: str) -> Symbology | None:
    """The symbology of one results layer; None for a layer with no geometry."""
    if layer == "concessions":
        return Symbology(layer, "polygon", "legal_state",
                         [Category(s, tr(f"legal_state.{s}", lang), carto.LEGAL_STATE[s]) for s in carto.LEGAL_ORDER],
                         carto.LEGAL_STATE["other"], label_field="name", title=tr("map.legend.concessions", lang),
                         other_label=tr("map.legend.other_values", lang))
    if layer in ("registrations", "coexistence_candidates"):
        return Symbology(layer, "point", "conflict_type",
                         [Category(c, tr(f"conflict_type.{c}", lang), carto.CONFLICT_TYPE[c]) for c in carto.CONFLICT_ORDER],
                         carto.CONFLICT_TYPE[ConflictType.NO_CONCESSION], title=tr("map.legend.registrations", lang),
                         hollow=("located_by", LocatedBy.DECLARED_CODE.value), label_obstacle=True,
                         other_label=tr("map.legend.other_values", lang))
    if layer == "restricted_areas":
        return Symbology(layer, "polygon", "restricted_category",
                         [Category(c, tr(f"map.legend.restricted_{c}", lang), carto.RESTRICTED_CATEGORY[c])
                          for c in carto.RESTRICTED_ORDER], carto.RESTRICTED, label_field="restricted_name",
                         label_scale=1_000_000, title=tr("map.legend.restricted", lang),
                         other_label=tr("map.legend.other_values", lang))
    if layer == "loss_fronts":
        return Symbology(layer, "polygon", "front_type",
                         [Category(t, tr(f"front_type.{t}", lang), carto.FRONT_TYPE[t]) for t in carto.FRONT_ORDER],
                         carto.FRONT_TYPE["near_registered_miners"], title=tr("map.legend.fronts_all", lang),
                         other_label=tr("map.legend.other_values", lang))
    if layer == "allowed_zones":
        return Symbology(layer, "polygon", None, [], carto.ALLOWED_ZONE, label_field="allowed_zone_name",
                         label_scale=1_000_000, title=tr("map.legend.allowed_zones", lang))
    if layer == "concession_overlaps":
        return Symbology(layer, "polygon", None, [], carto.OVERLAP, title=tr("map.legend.overlaps", lang))
    if layer == "extinct_free_ground":
        return Symbology(layer, "polygon", None, [], carto.EXTINCT_FREE, title=tr("map.legend.extinct_free", lang))
    return None


def _other_values(db: sqlite3.Connection, table: str, spec: Symbology) -> bool:
    """Whether some feature of ``table`` holds a value (or none) that no category of ``spec`` names."""
    if not spec.attribute:
        return False
    named = {category.value for category in spec.categories}
    try:
        values = {row[0] for row in db.execute(f'SELECT DISTINCT "{spec.attribute}" FROM "{table}"')}
    except sqlite3.OperationalError:  # no such column: every feature is "other"
        return True
    return bool(values - named)


def write_layer_styles(gpkg: Path, lang: str) -> list[str]:
    """Add a default style row for every styled spatial layer of ``gpkg``; returns those layers.

    Run on the GeoPackage's temporary file, before it is renamed into place, so the styles
    arrive with the data or not at all.
    """
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
    with contextlib.closing(sqlite3.connect(gpkg)) as db, db:  # closed before the rename (Windows)
        geometry_columns = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
        db.execute(CREATE_TABLE)
        styled = []
        for table, column in geometry_columns.items():
            spec = symbology(table, lang)
            if spec is None:
                continue
            db.execute(
                f'INSERT INTO "{STYLE_TABLE}" (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, '
                'styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) '
                "VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, '', NULL, ?)",
                (table, column, STYLE_NAME, qml_document(spec, _other_values(db, table, spec)), sld_document(spec),
                 f"{spec.title} (concession-gis)", now),
            )
            styled.append(table)
        # Registered as an attribute table, so GDAL and QGIS list it like any other table.
        db.execute(
            "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES (?, 'attributes', ?, 'QGIS layer styles', ?)", (STYLE_TABLE, STYLE_TABLE, now),
        )
    return styled
