"""Recognising source columns: which column of a file holds each canonical field.

The names below are those of the real sources (INGEMMET's cadastre, the REINFO registry and its
spreadsheet exports, SERNANP's protected areas) and their common variants. Names are compared
folded (upper case, no accents, spaces and dashes as underscores). A user maps anything else
with ``--map FIELD=COLUMN`` (or ``--map KIND.FIELD=COLUMN`` to aim at one input).
"""

from __future__ import annotations

import re

import pandas as pd

from concession_gis.errors import InputError, SchemaError
from concession_gis.io.values import fold

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "concessions": {
        "code": ("CODIGOU", "CODIGO_U", "CODIGO", "COD_DERECHO", "CODIGO_DM", "CODIGOUNICO", "COD_UNICO", "CODE"),
        "name": ("CONCESION", "NOMBRE", "NOMBRE_DM", "NOM_DERECHO", "DENOMINACION", "NAME"),
        "holder": ("TIT_CONCES", "TITULAR", "TITULAR_DM", "TITULAR_1", "HOLDER", "OWNER"),
        "holder_ruc": ("RUC_TITULAR", "RUC_TIT", "TIT_RUC", "HOLDER_RUC"),
        "filed_on": ("FEC_DENU", "FECHA_DENU", "FEC_FORMUL", "FECHA_FORMULACION", "FEC_PETITORIO", "FILED_ON", "FECHA"),
        "filed_time": ("HOR_DENU", "HORA_DENU", "HORA_FORMUL", "FILED_TIME"),
        "declared_ha": ("HECTAGIS", "HASDATUM", "HAS_DATUM", "HECTAREAS", "HAS", "AREA_HA", "DECLARED_HA"),
        "status_code": ("ESTADO", "COD_ESTADO", "STATUS_CODE"),
        "status_text": ("LEYENDA", "D_ESTADO", "DESC_ESTADO", "SITUACION", "STATUS"),
        "substance": ("SUSTANCIA", "SUST", "TIPO_SUST", "SUBSTANCE"),
        "department": ("DEPA", "DEPARTAMENTO", "DPTO", "DEPARTMENT"),
        "province": ("PROVI", "PROVINCIA", "PROV", "PROVINCE"),
        "district": ("DISTRI", "DISTRITO", "DIST", "DISTRICT"),
    },
    "registrations": {
        "reg_id": ("COD_REINFO", "CODIGO_REINFO", "ID_REINFO", "COD_REGISTRO", "REG_ID", "ID"),
        "miner": ("NOMBRE_MIN", "NOMBRE_MINERO", "MINERO", "NOMBRE_RAZON_SOCIAL", "RAZON_SOCIAL", "NOMBRE", "MINER"),
        "ruc": ("M_RUC", "RUC", "RUC_MINERO", "NUM_RUC", "NRO_RUC"),
        "reg_status": ("ESTADO", "ESTADO_REINFO", "SITUACION", "STATUS"),
        "activity": ("TIPO_ACT", "TIPO_ACTIVIDAD", "ACTIVIDAD", "ACTIVITY"),
        "deposit_type": ("TIPO_YAC", "TIPO_YACIMIENTO", "YACIMIENTO", "TIPO_DEPOSITO", "DEPOSIT_TYPE"),
        "registered_on": ("A_INSCRIPCION", "ANIO_INSCRIPCION", "ANO_INSCRIPCION", "FECHA_INSCRIPCION", "FEC_INSCRIPCION", "REGISTERED_ON"),
        "declared_code": ("CODIGOU", "CODIGO_DERECHO", "COD_DERECHO", "CODIGO_UNICO", "CODIGO_DM", "DECLARED_CODE"),
        "declared_name": ("NOMBRE_DERECHO", "DERECHO_MINERO", "NOMBRE_DM", "CONCESION", "DECLARED_NAME"),
        "department": ("DEPARTAMENTO", "DEPA", "DPTO", "DEPARTMENT"),
        "province": ("PROVINCIA", "PROVI", "PROV", "PROVINCE"),
        "district": ("DISTRITO", "DISTRI", "DIST", "DISTRICT"),
        "latitude": ("LATITUD_G84", "LATITUD_WGS84", "LATITUD", "LAT", "LATITUDE", "LAT_G84", "Y_G84"),
        "longitude": ("LONGITUD_G84", "LONGITUD_WGS84", "LONGITUD", "LON", "LONG", "LNG", "LONGITUDE", "LON_G84", "X_G84"),
        "easting": ("ESTE", "ESTE_UTM", "COORD_ESTE", "X_UTM", "UTM_ESTE", "EASTING"),
        "northing": ("NORTE", "NORTE_UTM", "COORD_NORTE", "Y_UTM", "UTM_NORTE", "NORTHING"),
        "utm_zone": ("ZONA", "ZONA_UTM", "HUSO", "UTM_ZONE", "ZONE"),
        "datum": ("DATUM", "SISTEMA", "DATUM_UTM"),
    },
    "restricted": {
        "name": ("ANP_NOMB", "NOMBRE", "NOMB_ANP", "NOMBRE_ANP", "NAME", "NOMBRE_AREA", "AREA"),
        "category": ("ANP_CATE", "CATEGORIA", "CATEGORY", "TIPO", "ANP_TIPO"),
    },
    "activity": {
        "code": ("CODE", "CODIGOU", "CODIGO", "COD_DERECHO", "CODIGO_UNICO"),
        "year": ("YEAR", "ANIO", "ANO", "PERIODO", "EJERCICIO"),
    },
    "holders": {
        "holder": ("HOLDER", "TITULAR", "TIT_CONCES", "NOMBRE", "RAZON_SOCIAL"),
        "stratum": ("STRATUM", "ESTRATO", "CATEGORIA", "CONDICION"),
        "ruc": ("RUC", "HOLDER_RUC", "RUC_TITULAR"),
    },
}

# Fields without which an input is useless; the rest are used when present.
REQUIRED = {
    "concessions": ("code",),
    "registrations": (),
    "restricted": (),
    "activity": ("code", "year"),
    "holders": ("holder", "stratum"),
}


def key(name: str) -> str:
    """A column name folded for comparison: 'Latitud G84' and 'LATITUD_G84' are the same."""
    return re.sub(r"[^0-9A-Z]+", "_", fold(name)).strip("_")


def known_column_keys() -> set[str]:
    """Every column name the tool recognises, folded, for finding header rows."""
    return {alias for fields in ALIASES.values() for aliases in fields.values() for alias in aliases}


def parse_column_map(items: list[str] | None) -> dict[str, dict[str, str]]:
    """``--map`` items ('FIELD=COLUMN' or 'KIND.FIELD=COLUMN') as {kind or '*': {field: column}}."""
    mapping: dict[str, dict[str, str]] = {}
    for item in items or []:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(key="error.column_map_syntax", item=item)
        kind, dot, field = field.strip().rpartition(".")
        kind = kind if dot else "*"
        known = {f for fields in ALIASES.values() for f in fields}
        if field not in known or (kind != "*" and field not in ALIASES.get(kind, {})):
            fields = ", ".join(sorted(known))
            if kind == "*":
                raise InputError(key="error.unknown_field", item=item, field=field, fields=fields)
            raise InputError(key="error.unknown_field_of_kind", item=item, field=field, kind=kind, fields=fields)
        mapping.setdefault(kind, {})[field] = column.strip()
    return mapping


def resolve_columns(
    frame: pd.DataFrame, kind: str, column_map: dict[str, dict[str, str]], path: str
) -> dict[str, str]:
    """{field: source column} for the fields of ``kind`` found in ``frame``.

    Columns given with --map win; then the known names in order. A mapped column that does not
    exist, or a required field that is not found, is an error that lists the file's columns.
    """
    by_key = {key(c): c for c in frame.columns if not str(c).startswith("_") and c != getattr(frame, "_geometry_column_name", None)}
    explicit = {**column_map.get("*", {}), **column_map.get(kind, {})}
    found: dict[str, str] = {}
    for field, aliases in ALIASES[kind].items():
        if field in explicit:
            wanted = explicit[field]
            column = wanted if wanted in frame.columns else by_key.get(key(wanted))
            if column is None:
                if field in column_map.get(kind, {}):
                    raise SchemaError(key="error.mapped_column_missing", path=str(path), field=field, column=wanted,
                                      columns=", ".join(map(str, by_key.values())))
            else:
                found[field] = column
                continue
        for alias in aliases:
            if alias in by_key:
                found[field] = by_key[alias]
                break
    for field in REQUIRED[kind]:
        if field not in found:
            raise SchemaError(key="error.required_column_missing", path=str(path), kind_key=f"input_kind.{kind}",
                              field=field, aliases=", ".join(ALIASES[kind][field][:4]),
                              columns=", ".join(map(str, by_key.values())))
    return found
