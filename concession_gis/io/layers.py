"""Loading each kind of input into frames with canonical fields beside the source columns.

Every loader returns a :class:`Loaded`: the usable rows (spatial ones in EPSG:4326), the fields
read for the analysis that no output layer shows, the rows set aside with their reason as codes
(``reason_codes``, :mod:`concession_gis.reasons`), and each file's fingerprint for summary.json.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis import columns
from concession_gis.errors import (
    ColumnClashWarning,
    DuplicateClaimWarning,
    DuplicateCodeWarning,
    EmptyLayerWarning,
    FilingDateWarning,
    InputError,
    LocatedByCodeWarning,
    NoStateColumnWarning,
    OutsideCountryWarning,
    RepairedGeometryWarning,
    RoundedIdentifierWarning,
    warn,
)
from concession_gis.geodesy import WGS84
from concession_gis.inputs import KIND
from concession_gis.io.claim_codes import is_number_column, restore_claim_codes
from concession_gis.io.coordinates import (
    COUNTRY_BOUNDS,
    NO_COORDINATES,
    misplaced_points,
    points_from_table,
)
from concession_gis.io.duplicates import same_claims
from concession_gis.io.geometry import POLYGONAL, clean_geometries, geometry_reasons, to_lonlat
from concession_gis.io.rejected import empty_rejected, set_aside, set_aside_malformed
from concession_gis.io.schema import resolve_columns
from concession_gis.io.sources import (
    ROW,
    file_fingerprints,
    is_table,
    read_table,
    read_vector,
    split_layer,
)
from concession_gis.io.values import (
    code_key,
    fold_series,
    identifier_digits,
    parse_dates,
    parse_hours,
    parse_numbers,
    read_dates,
    text_column,
)
from concession_gis.reasons import cell, decode
from concession_gis.rules import Rules, load_rules

# The fields of each kind that the steps read but no output layer shows: they travel in
# :attr:`Loaded.step_fields`, never as columns of the layer.
STEP_FIELDS = {
    "concessions": ("status_text", "state_known", "holder_ruc", "filed_time"),
    # deposit_missing_in: the file's name when it has no deposit-type column ('' when it has one).
    "registrations": ("status_text", "deposit_missing_in"),
}


@dataclass
class Loaded:
    """Usable rows, rows set aside, and the fingerprints of the files read.

    ``step_fields`` holds, row for row with ``frame``, the fields of :data:`STEP_FIELDS` (none
    for the other kinds).
    """

    frame: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=empty_rejected)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    step_fields: pd.DataFrame = field(default_factory=pd.DataFrame)


def load_concessions(specs: Sequence[str], column_map: dict, assume_crs=None, rules: Rules | None = None) -> Loaded:
    """Concession polygons from one or more files (e.g. one INGEMMET shapefile per UTM zone).

    A claim given twice (same code, same shape: two extracts that share claims) is kept once;
    its copies are set aside (``rules``' ``duplicates.same_shape_m``; the packaged rules when None).
    """
    parts = [_load_concession_file(spec, column_map, assume_crs) for spec in specs]
    loaded = _combine(parts, crs=WGS84)
    if loaded.frame.empty:
        files = ", ".join(map(str, specs))
        if not len(loaded.rejected):
            raise InputError(key="error.no_usable_concessions", files=files)
        # The row's reason travels as its code and values, put in words where the error is read.
        first = decode(loaded.rejected["reason_codes"].iat[0])[0]
        raise InputError(key="error.no_usable_concessions_row", files=files,
                         row=int(loaded.rejected["row"].iat[0]), reason_key=first.code, **first.values)
    sources = np.repeat([Path(split_layer(spec)[0]).name for spec in specs], [len(p.frame) for p in parts])
    loaded = _set_aside_copies(loaded, sources, (rules or load_rules())["duplicates"]["same_shape_m"])
    codes = loaded.frame["code"]
    repeated = codes[codes.duplicated(keep=False)].unique()
    if len(repeated):
        warn(DuplicateCodeWarning(key="warning.duplicate_codes", n=len(repeated), codes=_listed(repeated)))
    return loaded


def _set_aside_copies(loaded: Loaded, sources: np.ndarray, same_shape_m: float) -> Loaded:
    """``loaded`` without the copies of a claim given twice, which join its rejected rows naming
    the row they repeat; ``sources`` names each row's file."""
    frame = loaded.frame
    first = same_claims(frame["code"].to_numpy(), frame.geometry, same_shape_m)
    copies = first >= 0
    if not copies.any():
        return loaded
    rows = frame[ROW].to_numpy()
    reasons = pd.Series("", index=frame.index, dtype=object)
    reasons[copies] = [cell("reject.duplicate_claim", source=str(sources[k]), row=int(rows[k])) for k in first[copies]]
    set_apart = [set_aside(frame.loc[sources == name], reasons[sources == name], name)
                 for name in dict.fromkeys(sources[copies])]
    warn(DuplicateClaimWarning(key="warning.duplicate_claims", n=int(copies.sum()),
                               codes=_listed(frame["code"][copies].unique())))
    keep = ~copies
    return Loaded(frame.loc[keep].reset_index(drop=True), pd.concat([loaded.rejected, *set_apart], ignore_index=True),
                  loaded.inputs, loaded.step_fields.loc[keep].reset_index(drop=True))


def identifier_keys(text: pd.Series, path: str | None, column: str | None) -> pd.Series:
    """The digits of each identifier of ``column`` (:func:`~concession_gis.io.values.identifier_digits`),
    saying loudly where they were saved in scientific notation (left empty): contracts and
    holders keyed by them would silently find no match. ``path`` None: no warning."""
    digits, rounded = identifier_digits(text)
    if path is not None and rounded.any():
        warn(RoundedIdentifierWarning(key="warning.rounded_identifiers", path=path, column=str(column),
                                      n=int(rounded.sum()), example=str(text[rounded].iat[0]).strip()))
    return digits


def _listed(codes: Sequence[str]) -> str:
    return ", ".join(codes[:5]) + ("..." if len(codes) > 5 else "")


def _load_concession_file(spec: str, column_map: dict, assume_crs) -> Loaded:
    frame = read_vector(spec, "concessions", assume_crs)
    path = str(split_layer(spec)[0])
    found = resolve_columns(frame, "concessions", column_map, path)
    frame, found = _rename_clashes(frame, columns.CONCESSIONS, path, found)
    geoms, problems, repaired = clean_geometries(frame.geometry.values, POLYGONAL)
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    reasons = pd.Series(geometry_reasons(problems), index=frame.index)
    code = text_column(frame, found.get("code"))
    if repaired.any():  # named, so the user can look at each one's area against the declared
        warn(RepairedGeometryWarning(key="warning.repaired_concessions", path=path, n=int(repaired.sum()),
                                     codes=_listed(code[repaired].tolist())))
    reasons = reasons.mask((reasons == "") & (code == ""), cell("reject.no_code", column=found["code"]))
    rejected = set_aside(frame, reasons, Path(path).name)
    frame = frame.loc[reasons == ""].copy()
    frame = to_lonlat(frame)
    inputs = _fingerprints(spec, frame)
    _warn_outside_country(frame, path)
    if "status_code" not in found and "status_text" not in found:
        # Real extracts often carry only code, name, holder and area: say so, never guess a state.
        warn(NoStateColumnWarning(key="warning.no_state_column", path=path, n=len(frame),
                                  aliases=", ".join(KIND["concessions"].aliases["status_code"][:2]
                                                    + KIND["concessions"].aliases["status_text"][:2])))
    canonical = _concession_fields(frame, found, path)
    steps = list(STEP_FIELDS["concessions"])
    frame = pd.concat([frame, canonical.drop(columns=steps)], axis=1)
    return Loaded(frame, rejected, inputs, canonical[steps])


def _concession_fields(frame: pd.DataFrame, found: dict[str, str], path: str) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    column = found.get("code")
    out["code"] = restore_claim_codes(text_column(frame, column), bool(column) and is_number_column(frame[column]),
                                      path, column)
    for name in ("name", "holder", "holder_ruc", "status_text"):
        out[name] = text_column(frame, found.get(name))
    out["status_code"] = text_column(frame, found.get("status_code")).str.upper()
    out["state_known"] = "status_code" in found or "status_text" in found
    out["substance"] = fold_series(text_column(frame, found.get("substance")))
    for name in ("department", "province", "district"):
        out[name] = fold_series(text_column(frame, found.get(name)))
    out["filed_on"] = _checked_dates(_raw(frame, found.get("filed_on")), path, found.get("filed_on"))
    if found.get("titled_on"):  # a column only where the cadastre has one: no title date is ever made up
        titled, _ = parse_dates(_raw(frame, found["titled_on"]))
        out["titled_on"] = titled.mask((titled.dt.year < FIRST_FILING_YEAR) | (titled > pd.Timestamp.today()))
    out["filed_time"] = parse_hours(_raw(frame, found.get("filed_time"))).fillna(0.0)
    out["declared_ha"], _ = parse_numbers(_raw(frame, found.get("declared_ha")))
    return out


def load_registrations(
    specs: Sequence[str], column_map: dict, rules: Rules, assume_crs=None,
    extent: tuple[float, float, float, float] | None = None, claim_codes: pd.Series | None = None,
) -> Loaded:
    """ASM registrations as points (CSV/XLSX coordinates or a point layer) or areas (polygons).

    ``extent`` (lon/lat bounds of the concessions) lets swapped coordinates be told apart.
    A table row whose coordinate cells are empty (or a table with no coordinate columns) but
    that declares a claim code is kept without a geometry, ``located_by`` ``declared_code``:
    the analysis places it on that claim. With ``claim_codes`` (the cadastre's), a declared
    code that names none of them is set aside instead (``reject.unknown_declared_code``);
    without (``validate``), every declared code is taken as it comes.
    """
    keys = set(code_key(claim_codes)) - {""} if claim_codes is not None else None
    parts = [_load_registration_file(spec, column_map, rules, assume_crs, extent, keys) for spec in specs]
    return _combine(parts, crs=WGS84)


def _load_registration_file(spec: str, column_map: dict, rules: Rules, assume_crs, extent,
                            claim_keys: set[str] | None) -> Loaded:
    path = str(split_layer(spec)[0])
    malformed = empty_rejected()
    if is_table(Path(path)):
        table, malformed = set_aside_malformed(read_table(spec, "registrations"), Path(path).name)
        found = resolve_columns(table, "registrations", column_map, path)
        table, found = _rename_clashes(table, columns.REGISTRATIONS, path, found)
        geoms, reasons, moved_with = points_from_table(table, found, rules, path, assume_crs)
        by_code, reasons = _located_by_code(text_column(table, found.get("declared_code")), reasons, claim_keys)
        _warn_located_by_code(path, int(by_code.sum()), len(table), no_columns=not ({"latitude", "easting"} & set(found)))
        frame = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, index=table.index, crs=WGS84))
    else:
        moved_with = None  # a layer's own, if any, is chosen by to_lonlat below
        frame = read_vector(spec, "registrations", assume_crs)
        found = resolve_columns(frame, "registrations", column_map, path)
        frame, found = _rename_clashes(frame, columns.REGISTRATIONS, path, found)
        geoms, problems, repaired = clean_geometries(frame.geometry.values, POLYGONAL | {"Point"})
        if repaired.any():
            warn(RepairedGeometryWarning(key="warning.repaired_registrations", path=path, n=int(repaired.sum())))
        frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
        reasons = pd.Series(geometry_reasons(problems), index=frame.index)
        by_code = pd.Series(False, index=frame.index)
    lonlat = frame.geometry.to_crs(WGS84).to_numpy()
    misplaced = pd.Series(misplaced_points(lonlat, extent), index=frame.index)
    reasons = reasons.where(reasons != "", misplaced)
    rejected = pd.concat([malformed, set_aside(frame, reasons, Path(path).name)], ignore_index=True)
    rejected = rejected.sort_values("row", kind="stable").reset_index(drop=True)
    frame = to_lonlat(frame.loc[reasons == ""].copy())
    if moved_with:
        frame.attrs["datum_transformation"] = moved_with
    inputs = _fingerprints(spec, frame)
    if frame.empty:  # the run goes on, but every answer about miners would be "none"
        warn(EmptyLayerWarning(key="warning.empty_registrations", path=path,
                               total=len(reasons) + len(malformed)))
    canonical = _registration_fields(frame, found, path)
    canonical["located_by"] = np.where(by_code.loc[frame.index], columns.LocatedBy.DECLARED_CODE,
                                       columns.LocatedBy.COORDINATES).astype(object)
    steps = list(STEP_FIELDS["registrations"])
    frame = pd.concat([frame, canonical.drop(columns=steps)], axis=1)
    return Loaded(frame, rejected, inputs, canonical[steps])


def _located_by_code(declared: pd.Series, reasons: pd.Series, claim_keys: set[str] | None) -> tuple[pd.Series, pd.Series]:
    """(which rows are located by the claim code they declare, the reasons without theirs).

    Only a row whose coordinate cells are empty qualifies (an unreadable coordinate is a
    mistake to fix, not a missing survey); it needs a declared code, and one of ``claim_keys``
    (:func:`code_key`, so '010001523' and Excel's '10001523' agree) when they are given.
    """
    keys = code_key(declared)
    by_code = (reasons == NO_COORDINATES) & (keys != "")
    reasons = reasons.copy()
    if claim_keys is not None:
        unknown = by_code & ~keys.isin(claim_keys)
        reasons[unknown] = [cell("reject.unknown_declared_code", declared=code) for code in declared[unknown]]
        by_code &= ~unknown
    reasons[by_code] = ""
    return by_code, reasons


def _warn_located_by_code(path: str, n: int, total: int, no_columns: bool) -> None:
    """Say loudly that registrations have no surveyed point: what is measured around a miner
    cannot be measured around them."""
    if no_columns:
        warn(LocatedByCodeWarning(key="warning.no_coordinate_columns", path=path, n=n, total=total))
    elif n:
        warn(LocatedByCodeWarning(key="warning.located_by_declared_code", path=path, n=n, total=total))


def _registration_fields(frame: pd.DataFrame, found: dict[str, str], path: str) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    reg_id = text_column(frame, found.get("reg_id"))
    fallback = Path(path).stem + ":" + frame[ROW].astype(str)
    out["reg_id"] = reg_id.where(reg_id != "", fallback)
    for name in ("miner", "activity", "deposit_type", "mineral", "declared_code", "declared_name"):
        out[name] = text_column(frame, found.get(name))
    column = found.get("declared_code")  # a table's cells are text: its numbers are digits without a zero
    numbers = bool(column) and (is_table(Path(path)) or is_number_column(frame[column]))
    out["declared_code"] = restore_claim_codes(out["declared_code"], numbers, path, column)
    out["ruc"] = identifier_keys(text_column(frame, found.get("ruc")), path, found.get("ruc"))
    out["status_text"] = fold_series(text_column(frame, found.get("reg_status")))
    out["deposit_missing_in"] = "" if found.get("deposit_type") else Path(path).name
    for name in ("department", "province", "district"):
        out[name] = fold_series(text_column(frame, found.get(name)))
    out["registered_on"], _ = parse_dates(_raw(frame, found.get("registered_on")))
    return out


def load_restricted(spec: str, column_map: dict, assume_crs=None) -> Loaded:
    """Protected areas, buffer zones and reserves: polygons with a name (and category)."""
    frame, found, path, rejected, inputs = _polygon_layer(spec, column_map, assume_crs, "restricted", "restricted areas")
    name = text_column(frame, found.get("name"))
    category = text_column(frame, found.get("category"))
    # The exact area: SERNANP's anp_nomb says "Tambopata" for the reserve; with its category,
    # "Reserva Nacional Tambopata", apart from "Zona de Amortiguamiento de la RN Tambopata".
    bare = pd.Series([c != "" and c not in n for n, c in zip(fold_series(name), fold_series(category), strict=True)],
                     index=frame.index, dtype=bool)
    name = name.where(~bare | (name == ""), category + " " + name)
    frame["restricted_name"] = name.where(name != "", Path(path).stem + " #" + frame[ROW].astype(str))
    frame["restricted_category"] = category
    return Loaded(frame.reset_index(drop=True), rejected, inputs)


def load_districts(spec: str, column_map: dict, assume_crs=None) -> Loaded:
    """District boundaries (INEI's limits): polygons with a district name, and its province,
    department and INEI code (``ubigeo``) where the layer has them, names folded as the cadastre's
    are. A district in several rows (islands, parts) stays in several rows: the analysis joins
    them by name. A polygon without a district name is set aside."""
    frame = read_vector(spec, "districts", assume_crs)
    path = str(split_layer(spec)[0])
    found = resolve_columns(frame, "districts", column_map, path)
    frame, found = _rename_clashes(frame, ("department", "province", "district", "ubigeo"), path, found)
    geoms, problems, repaired = clean_geometries(frame.geometry.values, POLYGONAL)
    if repaired.any():
        warn(RepairedGeometryWarning(key="warning.repaired_districts", path=path, n=int(repaired.sum())))
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    reasons = pd.Series(geometry_reasons(problems), index=frame.index)
    name = fold_series(text_column(frame, found["district"]))
    reasons = reasons.mask((reasons == "") & (name == ""), cell("reject.no_district_name", column=found["district"]))
    rejected = set_aside(frame, reasons, Path(path).name)
    frame = to_lonlat(frame.loc[reasons == ""].copy())
    inputs = _fingerprints(spec, frame)
    if frame.empty:  # the run goes on, its districts from the claims' columns as without the layer
        warn(EmptyLayerWarning(key="warning.empty_districts", path=path, total=len(reasons)))
    for place in ("department", "province", "district"):
        frame[place] = fold_series(text_column(frame, found.get(place)))
    frame["ubigeo"] = text_column(frame, found.get("ubigeo"))
    return Loaded(frame.reset_index(drop=True), rejected, inputs)

def _polygon_layer(spec: str, column_map: dict, assume_crs, kind: str, what: str):
    """A polygon layer of input ``kind`` read, its columns found, its geometries repaired (warned)
    and the unusable ones set aside: (the rest in lon/lat, the columns found, the file's path, the
    rejected rows, the file's fingerprints). An empty result is warned of; the run goes on."""
    frame = read_vector(spec, what, assume_crs)
    path = str(split_layer(spec)[0])
    found = resolve_columns(frame, kind, column_map, path)
    geoms, problems, repaired = clean_geometries(frame.geometry.values, POLYGONAL)
    if repaired.any():
        warn(RepairedGeometryWarning(key=f"warning.repaired_{kind}", path=path, n=int(repaired.sum())))
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    reasons = pd.Series(geometry_reasons(problems), index=frame.index)
    rejected = set_aside(frame, reasons, Path(path).name)
    frame = to_lonlat(frame.loc[reasons == ""].copy())
    inputs = _fingerprints(spec, frame)
    if frame.empty:
        warn(EmptyLayerWarning(key=f"warning.empty_{kind}", path=path, total=len(reasons)))
    return frame, found, path, rejected, inputs


# --- helpers ----------------------------------------------------------------------------------

# A filing date before this year is taken for a typing slip (1998 typed 1898), not a claim of
# the nineteenth century.
FIRST_FILING_YEAR = 1900


def _fingerprints(spec: str, lonlat: pd.DataFrame) -> list[dict[str, Any]]:
    """The file's fingerprints, with the datum transformation its geometries were moved with
    when one was chosen for them (see :func:`to_lonlat`)."""
    chosen = lonlat.attrs.get("datum_transformation")
    return [f | ({"datum_transformation": chosen} if chosen else {}) for f in file_fingerprints(spec)]


def _warn_outside_country(frame: gpd.GeoDataFrame, path: str) -> None:
    west, south, east, north = COUNTRY_BOUNDS
    # Centres of the bounding boxes: cheap, and a claim is never 100 km wide.
    box = frame.geometry.bounds
    lon, lat = (box["minx"] + box["maxx"]) / 2, (box["miny"] + box["maxy"]) / 2
    outside = ~(lon.between(west, east) & lat.between(south, north))
    if outside.any():
        first = outside.to_numpy().argmax()
        warn(OutsideCountryWarning(
            key="warning.concessions_outside_country", path=path, n=int(outside.sum()), total=len(frame),
            row=int(frame[ROW].iat[first]), lon=float(lon.iat[first]), lat=float(lat.iat[first])))


def _checked_dates(raw: pd.Series, path: str, column: str | None) -> pd.Series:
    """Filing dates, each odd case warned about with its count: a column writing both day/month
    and month/day (its dates that read either way unreadable), Excel day numbers (read as
    dates), dates before 1900 or after today (set aside as unreadable), and claims left without
    a readable date (their seniority and idleness cannot be judged)."""
    reading = read_dates(raw)
    dates = reading.dates
    if reading.order == "mixed":  # its undated claims are counted below with the others
        warn(FilingDateWarning(key="warning.mixed_day_month", path=path, column=column))
    serials = int(reading.serials.sum())
    if serials:
        warn(FilingDateWarning(key="warning.excel_serial_dates", path=path, column=column, n=serials))
    today = pd.Timestamp.today().normalize()
    impossible = (dates.dt.year < FIRST_FILING_YEAR) | (dates > today)
    if impossible.any():
        example = dates[impossible].iat[0]
        warn(FilingDateWarning(key="warning.impossible_dates", path=path, column=column,
                               n=int(impossible.sum()), example=f"{example:%Y-%m-%d}"))
        dates = dates.mask(impossible)
    undated = int(dates.isna().sum())
    if column is None and len(dates):
        warn(FilingDateWarning(key="warning.no_date_column", path=path, n=len(dates)))
    elif undated:
        warn(FilingDateWarning(key="warning.undated_concessions", path=path, column=column, n=undated,
                               total=len(dates)))
    return dates



def _raw(frame: pd.DataFrame, column: str | None) -> pd.Series:
    return frame[column] if column else pd.Series(np.nan, index=frame.index, dtype=object)



def _rename_clashes(
    frame: pd.DataFrame, canonical, path: str, found: dict[str, str]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """``frame`` with its source columns named like a canonical column (ignoring case: a GeoPackage
    cannot hold both) kept as ``NAME_src``, and ``found`` following them. A column that is itself
    the source of the field it is named after (REINFO's ``MINERAL`` for ``mineral``) is renamed
    without a warning: nothing the user should know is lost."""
    clashes = columns.clashing(frame.columns, canonical)
    if not clashes:
        return frame, found
    own = {c for f, c in found.items() if str(c).lower() == f.lower()}
    if surprising := [c for c in clashes if c not in own]:
        warn(ColumnClashWarning(key="warning.column_clash", path=path, columns=", ".join(surprising),
                                renamed=", ".join(c + "_src" for c in surprising)))
    frame = frame.rename(columns={c: f"{c}_src" for c in clashes})
    return frame, {f: (c if c in frame.columns else f"{c}_src") for f, c in found.items()}


def _combine(parts: list[Loaded], crs) -> Loaded:
    if not parts:
        raise InputError(key="error.no_input_files")
    frames = [p.frame for p in parts]
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry=frames[0].geometry.name, crs=crs)
    rejected = pd.concat([p.rejected for p in parts], ignore_index=True)
    step_fields = pd.concat([p.step_fields for p in parts], ignore_index=True)
    return Loaded(frame, rejected, [f for p in parts for f in p.inputs], step_fields)


def load_allowed_zones(spec: str, column_map: dict, assume_crs=None) -> Loaded:
    """Allowed mining zones (Madre de Dios' corridor): polygons with a name (the file's and row
    where none) and the department each is the legal line of (folded; empty where the layer has
    no department column: rules.toml ``allowed_zones.departments`` says which, then)."""
    frame, found, path, rejected, inputs = _polygon_layer(spec, column_map, assume_crs, "allowed_zones", "allowed zones")
    name = text_column(frame, found.get("name"))
    frame["allowed_zone_name"] = name.where(name != "", Path(path).stem + " #" + frame[ROW].astype(str))
    frame["allowed_zone_department"] = fold_series(text_column(frame, found.get("department")))
    return Loaded(frame.reset_index(drop=True), rejected, inputs)
