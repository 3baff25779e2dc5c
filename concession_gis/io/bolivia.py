"""Loading Bolivia's spatial inputs: AJAM's mining areas and the work sites.

Both follow the loaders of io/layers.py (the same readers, geometry repair, rows set aside with
their reasons, fingerprints): the canonical fields are read through each field's declaration
(:func:`~concession_gis.io.tables.read_values`), the value words left for the profile.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis.columns import LocatedBy
from concession_gis.errors import EmptyLayerWarning, InputError, RepairedGeometryWarning, warn
from concession_gis.geodesy import WGS84
from concession_gis.inputs import KIND
from concession_gis.io.coordinates import misplaced_points, points_from_table
from concession_gis.io.geometry import POLYGONAL, clean_geometries, geometry_reasons, to_lonlat
from concession_gis.io.layers import (
    Loaded,
    _combine,
    _fingerprints,
    _located_by_code,
    _polygon_layer,
    _rename_clashes,
)
from concession_gis.io.rejected import empty_rejected, set_aside, set_aside_malformed
from concession_gis.io.schema import resolve_columns
from concession_gis.io.sources import ROW, is_table, read_table, read_vector, split_layer
from concession_gis.io.tables import read_values
from concession_gis.io.values import code_key
from concession_gis.reasons import cell
from concession_gis.rules import Rules


def _fields(frame: pd.DataFrame, kind: str, found: dict[str, str]) -> pd.DataFrame:
    """Each declared field of ``kind`` as read from its source column (empty where absent)."""
    out = pd.DataFrame(index=frame.index)
    for field in KIND[kind].fields:
        out[field.name], _ = read_values(frame, found.get(field.name), field)
    return out


def load_ajam(specs: Sequence[str], column_map: dict, assume_crs=None) -> Loaded:
    """AJAM's mining areas from one or more polygon files: the source columns, then the canonical
    fields of the ``ajam`` kind. A polygon without a code is set aside (``reject.no_code``)."""
    parts = []
    names = [f.name for f in KIND["ajam"].fields]
    for spec in specs:
        frame, found, path, rejected, inputs = _polygon_layer(spec, column_map, assume_crs, "ajam", "AJAM areas")
        frame, found = _rename_clashes(frame, names, path, found)
        fields = _fields(frame, "ajam", found)
        no_code = fields["code"] == ""
        if no_code.any():
            reasons = pd.Series("", index=frame.index, dtype=object)
            reasons[no_code] = cell("reject.no_code", column=found.get("code", "CODIGO_UNICO"))
            rejected = pd.concat([rejected, set_aside(frame, reasons, Path(path).name)], ignore_index=True)
        keep = ~no_code
        # A file without a state column says nothing of its areas' states: unknown, not "other".
        fields["_state_known"] = "area_state" in found
        frame = pd.concat([frame.loc[keep], fields.loc[keep]], axis=1)
        parts.append(Loaded(gpd.GeoDataFrame(frame, geometry=frame.geometry.name, crs=WGS84).reset_index(drop=True),
                            rejected, inputs))
    loaded = _combine(parts, crs=WGS84)
    if loaded.frame.empty:
        raise InputError(key="error.no_usable_areas", files=", ".join(map(str, specs)))
    return loaded


def load_work_sites(
    specs: Sequence[str], column_map: dict, rules: Rules, assume_crs=None, area_codes: pd.Series | None = None,
) -> Loaded:
    """Work sites as points (a table's lon/lat or UTM columns, a point layer) or areas; a table
    row without coordinates that declares an area code is placed on that area (``located_by``
    ``declared_code``), as a registration is on its declared claim."""
    keys = set(code_key(area_codes)) - {""} if area_codes is not None else None
    return _combine([_load_sites_file(spec, column_map, rules, assume_crs, keys) for spec in specs], crs=WGS84)


def _load_sites_file(spec: str, column_map: dict, rules: Rules, assume_crs, keys: set[str] | None) -> Loaded:
    path = str(split_layer(spec)[0])
    names = [f.name for f in KIND["work_sites"].fields]
    malformed = empty_rejected()
    if is_table(Path(path)):
        table, malformed = set_aside_malformed(read_table(spec, "work sites"), Path(path).name)
        found = resolve_columns(table, "work_sites", column_map, path)
        table, found = _rename_clashes(table, names, path, found)
        geoms, reasons, _ = points_from_table(table, found, rules, path, assume_crs)
        declared = _fields(table, "work_sites", found)["declared_code"]
        by_code, reasons = _located_by_code(declared, reasons, keys)
        frame = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, index=table.index, crs=WGS84))
    else:
        frame = read_vector(spec, "work sites", assume_crs)
        found = resolve_columns(frame, "work_sites", column_map, path)
        frame, found = _rename_clashes(frame, names, path, found)
        geoms, problems, repaired = clean_geometries(frame.geometry.values, POLYGONAL | {"Point"})
        if repaired.any():
            warn(RepairedGeometryWarning(key="warning.repaired_work_sites", path=path, n=int(repaired.sum())))
        frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
        reasons = pd.Series(geometry_reasons(problems), index=frame.index)
        by_code = pd.Series(False, index=frame.index)
    misplaced = pd.Series(misplaced_points(frame.geometry.to_crs(WGS84).to_numpy(), None), index=frame.index)
    reasons = reasons.where(reasons != "", misplaced)
    rejected = pd.concat([malformed, set_aside(frame, reasons, Path(path).name)], ignore_index=True)
    frame = to_lonlat(frame.loc[reasons == ""].copy())
    if frame.empty:
        warn(EmptyLayerWarning(key="warning.empty_work_sites", path=path, total=len(reasons) + len(malformed)))
    fields = _fields(frame, "work_sites", found)
    site_id = fields["site_id"]
    fields["site_id"] = site_id.where(site_id != "", Path(path).stem + ":" + frame[ROW].astype(str))
    fields["located_by"] = np.where(by_code.loc[frame.index], LocatedBy.DECLARED_CODE,
                                    LocatedBy.COORDINATES).astype(object)
    frame = pd.concat([frame.drop(columns=[c for c in fields.columns if c in frame.columns]), fields], axis=1)
    return Loaded(gpd.GeoDataFrame(frame, geometry=frame.geometry.name, crs=WGS84).reset_index(drop=True), rejected,
                  _fingerprints(spec, frame))
