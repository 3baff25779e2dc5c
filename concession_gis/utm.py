"""UTM zone to EPSG code, for the two datums Peruvian and Bolivian mining data use.

INGEMMET publishes per UTM zone, in WGS 84 (EPSG 326zz north, 327zz south) or, in older
files, PSAD56, whose EPSG codes exist only for the zones that cover South America (17-21 north,
17-22 south).

>>> utm_epsg(19), utm_epsg(18, datum="PSAD56"), utm_epsg(18, south=False)
(32719, 24878, 32618)
"""

from __future__ import annotations

DATUMS = ("WGS84", "PSAD56")
# The zones of mainland Peru and Bolivia, from the Pacific coast to the Bolivian lowlands.
PERU_BOLIVIA_ZONES = (17, 18, 19)
_PSAD56_ZONES = {False: range(17, 22), True: range(17, 23)}  # by south


def utm_epsg(zone: int, south: bool = True, datum: str = "WGS84") -> int | None:
    """The EPSG code of UTM ``zone`` (1-60); None for a zone the datum has no code for."""
    if not 1 <= zone <= 60:
        return None
    if datum == "WGS84":
        return (32700 if south else 32600) + zone
    if datum == "PSAD56":
        return (24860 if south else 24800) + zone if zone in _PSAD56_ZONES[south] else None
    raise ValueError(f"unknown datum {datum!r}; one of {', '.join(DATUMS)}")
