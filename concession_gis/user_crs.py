"""A coordinate reference system as a person gives it: ``--crs``, the project file, the CRS dialog.

The CLI, the analysis and the window all read what was typed through :func:`parse_crs`, so a
code the dialog accepts is one the analysis can use. :func:`suggest_crs` proposes a system for a
file that has none, from its coordinates and its name (INGEMMET names files by datum and zone,
e.g. ``CatastroMinero_WGS84_19S.shp``); :data:`COMMON` is the short list people choose from.

>>> parse_crs("EPSG:32719") == parse_crs(32719) == parse_crs("32719")
True
>>> suggest_crs((320_000, 8_500_000, 480_000, 8_650_000), "Catastro_PSAD56_19S.shp")
'24879'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pyproj import CRS

from concession_gis.errors import InputError
from concession_gis.profile import COUNTRIES, DEFAULT_COUNTRY, load_profile
from concession_gis.utm import PERU_BOLIVIA_ZONES, utm_epsg

LONLAT = 4326
# The zone assumed for UTM-sized coordinates whose file name gives none: the middle of Peru.
DEFAULT_ZONE = 18


def offered(country: str = DEFAULT_COUNTRY) -> tuple[tuple[str, str], ...]:
    """The systems a country's mining data come in, as (EPSG code, name): its profile's list."""
    return tuple((str(code), crs_name(CRS.from_epsg(code))) for code in load_profile(country).crs_offered)


def crs_name(crs: CRS) -> str:
    """'WGS 84 / UTM 19S' for a UTM zone, as the messages, the window and the sheets write it
    in either language (pyproj's "UTM zone 19S" is English); else pyproj's name."""
    if crs.utm_zone:
        return f"{crs.geodetic_crs.name if crs.geodetic_crs else 'WGS 84'} / UTM {crs.utm_zone}"
    return crs.name


# The systems Peruvian mining data come in (Peru's profile), as (EPSG code, name).
COMMON: tuple[tuple[str, str], ...] = offered(DEFAULT_COUNTRY)
# Every country's, Peru's first: the CRS dialog's list (Bolivia adds UTM 20S and 21S).
EVERY_OFFERED: tuple[tuple[str, str], ...] = tuple(dict.fromkeys(pair for c in COUNTRIES for pair in offered(c)))

_ZONE_IN_NAME = re.compile(r"(?<!\d)(\d{2})\s*S(?![A-Z])")
# UTM coordinates of the southern hemisphere: eastings around 500 km, northings below 10,000 km.
_UTM_SOUTH = (100_000, 7_000_000, 900_000, 10_000_000)


def parse_crs(value: str | int) -> CRS:
    """A CRS from 'EPSG:32718', '32718', 32718 or any text pyproj understands (WKT, PROJ).

    Raises ``InputError`` (``error.not_a_crs``) naming the value when it is none of those.
    """
    text = str(value).strip()
    try:
        return CRS.from_epsg(int(text)) if text.isdigit() else CRS.from_user_input(text)
    except Exception:
        raise InputError(key="error.not_a_crs", value=str(value), example=32718) from None


def is_crs(value: str | int) -> bool:
    """Whether :func:`parse_crs` accepts ``value``."""
    try:
        parse_crs(value)
    except InputError:
        return False
    return True


def suggest_crs(bounds: Sequence[float] | None, filename: str = "", zones: Sequence[object] = ()) -> str | None:
    """A likely EPSG code (as text) from a layer's (minx, miny, maxx, maxy), its file name and
    the values of its zone column (``ZONA``: INGEMMET's extracts say each claim's zone).

    Coordinates within ±180/±90 are longitude/latitude. UTM-sized southern coordinates take the
    zone the name gives, else the one the zone column gives every row (zone 18 when neither
    does), and the datum the name gives (WGS 84 when it gives none). With no usable bounds, a
    zone in the name alone still decides. None when nothing points anywhere.
    """
    name = Path(filename).name.upper()
    found = _ZONE_IN_NAME.search(name)
    zone = int(found.group(1)) if found and int(found.group(1)) in PERU_BOLIVIA_ZONES else None
    if zone is None:
        said = {int(match[1]) for value in zones if (match := re.match(r"\s*(\d{1,2})", str(value)))}
        zone = said.pop() if len(said) == 1 and said <= set(PERU_BOLIVIA_ZONES) else None
    datum = "PSAD56" if "PSAD" in name else "WGS84"
    if bounds is not None and len(bounds) == 4:
        minx, miny, maxx, maxy = bounds
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            return str(LONLAT)
        low_x, low_y, high_x, high_y = _UTM_SOUTH
        if low_x <= minx <= maxx <= high_x and low_y <= miny <= maxy <= high_y:
            return str(utm_epsg(zone or DEFAULT_ZONE, datum=datum))
    return str(utm_epsg(zone, datum=datum)) if zone else None
