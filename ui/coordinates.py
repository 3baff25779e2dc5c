"""Where the cursor is, in degrees and in UTM, and where the user asks to go: plain Python, no Qt.

Field teams and the cadastre work in UTM (WGS 84, the zone of the place), officials in degrees;
the status bar shows both. A go-to entry is a claim code, "lat, lon" in decimal degrees (point
or comma decimals), degrees-minutes-seconds with hemisphere letters, or "UTM 19S 345210 8549870".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from pyproj import Transformer

from concession_gis.i18n import format_number
from concession_gis.io.values import DMS, dms_degrees
from concession_gis.utm import utm_epsg

# Hemisphere letters by language: west is "O" (oeste) in Spanish.
LETTERS = {"es": {"N": "N", "S": "S", "E": "E", "W": "O"}, "en": {"N": "N", "S": "S", "E": "E", "W": "W"}}


def utm_zone(lon: float, lat: float) -> tuple[int, bool]:
    """(zone 1-60, south) of the standard 6° zones (no Norway or Svalbard exceptions: the tool
    works in the Andes and the Amazon)."""
    zone = int(math.floor((lon + 180.0) / 6.0)) % 60 + 1
    return zone, lat < 0


@cache
def _transformer(epsg: int, inverse: bool) -> Transformer:
    # Building a transformer takes milliseconds; transforming a point with it, microseconds.
    source, target = (epsg, 4326) if inverse else (4326, epsg)
    return Transformer.from_crs(source, target, always_xy=True)


def to_utm(lon: float, lat: float) -> tuple[int, bool, float, float]:
    """(zone, south, easting, northing) in WGS 84 / UTM of the zone of the point."""
    zone, south = utm_zone(lon, lat)
    epsg = utm_epsg(zone, south)
    assert epsg is not None
    easting, northing = _transformer(epsg, False).transform(lon, lat)
    return zone, south, easting, northing


def from_utm(zone: int, south: bool, easting: float, northing: float) -> tuple[float, float]:
    """(lon, lat) of a WGS 84 / UTM position."""
    epsg = utm_epsg(zone, south)
    if epsg is None:
        raise ValueError(zone)
    lon, lat = _transformer(epsg, True).transform(easting, northing)
    return lon, lat


def format_degrees(lon: float, lat: float, lang: str) -> str:
    """``13,1523° S 70,4456° O`` (Spanish) / ``13.1523° S 70.4456° W`` (English)."""
    letters = LETTERS.get(lang, LETTERS["en"])
    ns = letters["S" if lat < 0 else "N"]
    ew = letters["W" if lon < 0 else "E"]
    return f"{format_number(abs(lat), lang, 4)}° {ns} {format_number(abs(lon), lang, 4)}° {ew}"


def format_utm(lon: float, lat: float, lang: str) -> str:
    """``UTM 19S 345 210 E 8 549 870 N`` (metres, grouped as the language groups numbers)."""
    zone, south, easting, northing = to_utm(lon, lat)
    if not (math.isfinite(easting) and math.isfinite(northing)):
        return ""
    return f"UTM {zone}{'S' if south else 'N'} {format_number(easting, lang, 0)} E {format_number(northing, lang, 0)} N"


@dataclass(frozen=True)
class Place:
    """A parsed go-to entry: a point (lon, lat) or a claim code (``code`` set)."""

    lon: float = math.nan
    lat: float = math.nan
    code: str | None = None


_NUMBER = r"[+\-−]?\d+(?:[.,]\d+)?"
_PAIR = re.compile(rf"\s*({_NUMBER})\s*(?:[;,]\s*|\s+)({_NUMBER})\s*")
_UTM = re.compile(r"\s*UTM\s*(\d{1,2})\s*([NS])\b\s*(.*)", re.IGNORECASE)
_UTM_LABELLED = re.compile(r"([\d\s.,\u2009\u202f]+?)\s*m?E\s*[,;]?\s*([\d\s.,\u2009\u202f]+?)\s*m?N\s*", re.IGNORECASE)
_UTM_PLAIN = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:[;,]\s*|\s+)(\d+(?:[.,]\d+)?)\s*")


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", "."))


def parse_place(text: str) -> Place | None:
    """A point or a claim code from what the user typed; None when it is neither (a point out
    of range included). Anything that is not a coordinate is taken as a code, checked later."""
    text = text.strip()
    if not text:
        return None
    utm = _UTM.fullmatch(text)
    if utm:
        return _parse_utm(int(utm[1]), utm[2].upper() == "S", utm[3])
    if "°" in text or "º" in text:
        return _parse_dms(text)
    pair = _PAIR.fullmatch(text)
    if pair:
        lat, lon = _number(pair[1]), _number(pair[2])
        return Place(lon, lat) if abs(lat) <= 90 and abs(lon) <= 180 else None
    return Place(code=text)


def _parse_utm(zone: int, south: bool, rest: str) -> Place | None:
    labelled = _UTM_LABELLED.fullmatch(rest)
    if labelled:  # as the status bar writes it, digits grouped by spaces: "345 210 E 8 549 870 N"
        values = [re.sub(r"[\s\u2009\u202f]", "", group) for group in labelled.groups()]
    else:
        plain = _UTM_PLAIN.fullmatch(rest)
        if not plain:
            return None
        values = [plain[1], plain[2]]
    try:
        easting, northing = (_number(v) for v in values)
        lon, lat = from_utm(zone, south, easting, northing)
    except ValueError:
        return None
    if not (0 < easting < 1_000_000 and 0 <= northing <= 10_000_000 and math.isfinite(lon) and math.isfinite(lat)):
        return None
    return Place(lon, lat)


def _parse_dms(text: str) -> Place | None:
    found = list(DMS.finditer(text))
    if len(found) != 2 or re.sub(r"[\s,;]", "", DMS.sub("", text)) or not all(m[5] for m in found):
        return None  # two values, each with its hemisphere's letter: which is the latitude
    lon = lat = None
    for match in found:
        if match[5].upper() in "NS":
            lat = dms_degrees(match)
        else:
            lon = dms_degrees(match)
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    return Place(lon, lat)
