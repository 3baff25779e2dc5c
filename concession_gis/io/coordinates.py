"""Points from the coordinate columns of a registry spreadsheet: lon/lat in WGS84, or UTM.

Each row gets a point in EPSG:4326 or a reason why it has none. Nothing is guessed: swapped
latitude and longitude are reported, not swapped back.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer

from concession_gis.errors import InputError, SchemaError
from concession_gis.geodesy import PERU_PSAD56_NAME, peru_psad56_transformer
from concession_gis.io.values import fold, parse_degrees, parse_numbers
from concession_gis.reasons import cell
from concession_gis.rules import Rules
from concession_gis.user_crs import parse_crs
from concession_gis.utm import utm_epsg

# Peru and Bolivia in degrees (west, south, east, north), with about 100 km to spare: a claim
# or a miner whose place lies beyond is in another country, which a wrong CRS, datum or sign
# puts it in.
COUNTRY_BOUNDS = (-82.4, -23.9, -56.5, 1.0)
_ZONE = re.compile(r"(\d{1,2})\s*([A-Z])?")
_PSAD = re.compile(r"PSAD|56")
# The reason of a row whose coordinate cells are empty (not unreadable): one the loader may place
# on the claim it declares instead.
NO_COORDINATES = cell("reject.no_coordinates")


def points_from_table(
    table: pd.DataFrame, found: dict[str, str], rules: Rules, path: str, assume_crs
) -> tuple[np.ndarray, pd.Series, str | None]:
    """(points in EPSG:4326 or None, reason cell per row or '', the datum transformation chosen
    for them: Peru's for PSAD56 rows in Peru, None where PROJ's own choice was used).

    A table with no coordinate columns but a declared claim code (a REINFO list as exported,
    with the code of the claim each miner declares) gives every row ``reject.no_coordinates``:
    the loader places those rows on their declared claims.
    """
    if "latitude" in found and "longitude" in found:
        return (*_from_lonlat(table[found["longitude"]], table[found["latitude"]]), None)
    if "easting" in found and "northing" in found:
        return _from_utm(table, found, rules, path, assume_crs)
    if "declared_code" in found:
        return np.full(len(table), None, dtype=object), pd.Series(NO_COORDINATES, index=table.index, dtype=object), None
    columns = ", ".join(str(c) for c in table.columns if not str(c).startswith("_"))
    raise SchemaError(key="error.no_coordinate_columns", path=str(path), columns=columns)


def _from_lonlat(lon_text: pd.Series, lat_text: pd.Series):
    lon, lon_bad = parse_degrees(lon_text)
    lat, lat_bad = parse_degrees(lat_text)
    reasons = pd.Series("", index=lon_text.index, dtype=object)
    missing = lon.isna() & ~lon_bad | lat.isna() & ~lat_bad
    reasons[missing] = NO_COORDINATES
    reasons[(reasons == "") & lat_bad] = lat_text[lat_bad].map(lambda v: cell("reject.not_a_number", what=lat_text.name, value=v))
    reasons[(reasons == "") & lon_bad] = lon_text[lon_bad].map(lambda v: cell("reject.not_a_number", what=lon_text.name, value=v))
    ok = reasons == ""
    lat_out = ok & ((lat < -90) | (lat > 90))
    lon_out = ok & ((lon < -180) | (lon > 180))
    swapped = lat_out & ~lon_out & (lon.abs() <= 90) & (lat.abs() <= 180)
    reasons[swapped] = [cell("reject.swapped", lat=a, lon=o) for a, o in zip(lat[swapped], lon[swapped], strict=True)]
    reasons[(reasons == "") & lat_out] = lat[(reasons == "") & lat_out].map(lambda v: cell("reject.out_of_range", what=lat_text.name, value=v, low=-90, high=90))
    reasons[(reasons == "") & lon_out] = lon[(reasons == "") & lon_out].map(lambda v: cell("reject.out_of_range", what=lon_text.name, value=v, low=-180, high=180))
    zero = (reasons == "") & (lat == 0) & (lon == 0)
    reasons[zero] = cell("reject.zero_coordinates")
    ok = (reasons == "").to_numpy()
    points = np.full(len(lon), None, dtype=object)
    points[ok] = shapely.points(lon.to_numpy()[ok], lat.to_numpy()[ok])
    return points, reasons


def _from_utm(table, found, rules, path, assume_crs):
    east, east_bad = parse_numbers(table[found["easting"]])
    north, north_bad = parse_numbers(table[found["northing"]])
    reasons = pd.Series("", index=table.index, dtype=object)
    reasons[east.isna() & ~east_bad | north.isna() & ~north_bad] = NO_COORDINATES
    reasons[(reasons == "") & east_bad] = table[found["easting"]][(reasons == "") & east_bad].map(lambda v: cell("reject.not_a_number", what=found["easting"], value=v))
    reasons[(reasons == "") & north_bad] = table[found["northing"]][(reasons == "") & north_bad].map(lambda v: cell("reject.not_a_number", what=found["northing"], value=v))
    bad_east = (reasons == "") & ((east < 100_000) | (east > 900_000))
    reasons[bad_east] = east[bad_east].map(lambda v: cell("reject.out_of_range", what=found["easting"], value=v, low=100_000, high=900_000))
    bad_north = (reasons == "") & ((north < 0) | (north > 10_000_000))
    reasons[bad_north] = north[bad_north].map(lambda v: cell("reject.out_of_range", what=found["northing"], value=v, low=0, high=10_000_000))
    crs_per_row = _utm_crs(table, found, rules, path, assume_crs, reasons)
    points = np.full(len(table), None, dtype=object)
    chosen = None
    for crs, rows in crs_per_row.groupby(crs_per_row, sort=True).groups.items():
        rows = rows[(reasons.loc[rows] == "").to_numpy()]
        if not len(rows):
            continue
        x, y = east.loc[rows].to_numpy(), north.loc[rows].to_numpy()
        source = CRS.from_user_input(crs)
        # PSAD56 rows in Peru: Peru's transformation for every one, as for a layer (io/geometry.to_lonlat);
        # PROJ's own choice would move those north of 5.01 S with Ecuador's, 10-12 m away.
        peru = peru_psad56_transformer(source, np.array([x.min(), y.min(), x.max(), y.max()]))
        transformer = peru or Transformer.from_crs(source, "EPSG:4326", always_xy=True)
        chosen = PERU_PSAD56_NAME if peru is not None else chosen
        lon, lat = transformer.transform(x, y)
        positions = table.index.get_indexer(rows)
        points[positions] = shapely.points(lon, lat)
    return points, reasons, chosen


def _utm_crs(table, found, rules, path, assume_crs, reasons) -> pd.Series:
    """The EPSG code of each row's UTM zone and datum ('' where the zone is unusable)."""
    if "utm_zone" not in found:
        if assume_crs is None:
            raise SchemaError(key="error.utm_without_zone", path=str(path))
        return pd.Series(parse_crs(assume_crs).to_string(), index=table.index)
    default_datum = fold(rules["registrations"]["utm_datum"])
    if default_datum not in {"WGS84", "PSAD56"}:
        raise InputError(key="error.bad_utm_datum", value=repr(default_datum))
    datum = table[found["datum"]].map(fold) if "datum" in found else pd.Series("", index=table.index)
    out = pd.Series("", index=table.index, dtype=object)
    for i, (zone_text, datum_text) in enumerate(zip(table[found["utm_zone"]].map(fold), datum, strict=True)):
        index = table.index[i]
        epsg = _zone_epsg(_ZONE.search(zone_text), datum_text, default_datum)
        if epsg is None:
            if reasons[index] == "":
                reasons[index] = cell("reject.bad_zone", value=zone_text or "''")
            continue
        out[index] = f"EPSG:{epsg}"
    return out


def _zone_epsg(match: re.Match | None, datum_text: str, default_datum: str) -> int | None:
    """The EPSG code of a zone as written ('19', '19S', '19L'); None for no zone or one without a code."""
    if not match:
        return None
    band = match[2]
    # MGRS latitude bands C-M are south of the equator; N-X north. No band means south.
    north = band is not None and band >= "N" and band not in {"S"}
    psad = bool(_PSAD.search(datum_text)) if datum_text else default_datum == "PSAD56"
    return utm_epsg(int(match[1]), south=not north, datum="PSAD56" if psad else "WGS84")


def misplaced_points(points: np.ndarray, extent: tuple[float, float, float, float] | None) -> list[str]:
    """A reason cell for each geometry (EPSG:4326) that cannot lie where it says: far outside
    ``extent`` but inside it once x and y swap (``reject.swapped``) or once the minus signs an
    export lost are put back (``reject.sign_missing``: Peru and Bolivia are all south and west);
    without ``extent``, once inside the countries; else far from both countries
    (``reject.outside_country``, :data:`COUNTRY_BOUNDS`).

    Both orders can be valid coordinates (latitude -70 is Antarctica), so the swap and the sign
    are told from where the other inputs are: ``extent`` is (min lon, min lat, max lon, max lat)
    of the concessions, widened by one degree. Nothing is put back: the row is set aside.
    """
    if not len(points):
        return []
    present = ~shapely.is_missing(points) & ~shapely.is_empty(points)
    bounds = np.full((len(points), 4), np.nan)
    bounds[present] = shapely.bounds(points[present])
    x, y = (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2  # a polygon's box centre

    def within(box, xs, ys):
        return (xs >= box[0]) & (xs <= box[2]) & (ys >= box[1]) & (ys <= box[3])

    def told(box, among):
        """Of ``among``, those inside ``box`` once swapped, and those inside once signed."""
        swapped = among & within(box, y, x)
        return swapped, among & ~swapped & within(box, -np.abs(x), -np.abs(y))

    none = np.zeros(len(points), dtype=bool)
    swapped, signed = none, none
    if extent is not None and np.all(np.isfinite(extent)):
        near = (extent[0] - 1, extent[1] - 1, extent[2] + 1, extent[3] + 1)
        swapped, signed = told(near, present & ~within(near, x, y))
    abroad = present & ~swapped & ~signed & ~within(COUNTRY_BOUNDS, x, y)
    swapped_abroad, signed_abroad = told(COUNTRY_BOUNDS, abroad)
    keys = np.full(len(points), "", dtype=object)
    keys[abroad] = "reject.outside_country"
    keys[swapped | swapped_abroad] = "reject.swapped"
    keys[signed | signed_abroad] = "reject.sign_missing"
    reasons = [""] * len(points)
    for i in np.flatnonzero(keys != ""):
        reasons[i] = cell(keys[i], lat=round(float(y[i]), 6), lon=round(float(x[i]), 6))
    return reasons

