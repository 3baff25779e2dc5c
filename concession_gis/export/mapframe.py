"""The map's projection and extent: a conformal CRS fitted to the data, an extent fitted to the frame.

Maps are drawn in the UTM zone of the extent's centre, the grid INGEMMET's cadastre uses, so
distances read off the map are true to well under 0.1% within the zone. An extent that reaches
far outside that zone (a national map) gets a transverse Mercator centred on it instead, which
keeps the scale error at the edges as small as the extent allows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Geod, Transformer

from concession_gis.utm import utm_epsg

WGS84_GEOD = Geod(ellps="WGS84")
# How far (degrees of longitude) the extent may reach past the zone's central meridian before
# the zone's own CRS is given up for a centred transverse Mercator.
MAX_ZONE_REACH_DEG = 4.5


@dataclass(frozen=True)
class Extent:
    """A rectangle in map coordinates (metres)."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin


def map_crs(lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> CRS:
    """The UTM zone of the extent's centre, or a transverse Mercator centred on a wide extent."""
    lon0, lat0 = (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    zone = min(60, max(1, math.floor((lon0 + 180) / 6) + 1))
    central = -183 + 6 * zone
    epsg = utm_epsg(zone, south=lat0 < 0)
    if epsg is not None and max(abs(lon_min - central), abs(lon_max - central)) <= MAX_ZONE_REACH_DEG:
        return CRS.from_epsg(epsg)
    false_northing = 10_000_000 if lat0 < 0 else 0
    return CRS.from_proj4(f"+proj=tmerc +lat_0=0 +lon_0={lon0:.3f} +k=0.9996 +x_0=500000 "
                          f"+y_0={false_northing} +datum=WGS84 +units=m +no_defs")


def fit_extent(bounds: tuple[float, float, float, float], aspect: float, pad: float = 0.06,
               min_span_m: float = 2_000.0) -> Extent:
    """``bounds`` padded, then widened along one side so width / height equals ``aspect``.

    Widening, never cropping: everything asked for stays on the map, centred.
    """
    xmin, ymin, xmax, ymax = bounds
    if not np.all(np.isfinite(bounds)):
        raise ValueError("cannot fit an extent to empty bounds")
    w = max(xmax - xmin, min_span_m) * (1 + 2 * pad)
    h = max(ymax - ymin, min_span_m) * (1 + 2 * pad)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return Extent(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def scale_denominator(extent: Extent, frame_width_mm: float) -> float:
    """The representative fraction of the printed map (grid metres per metre of paper)."""
    return extent.width / (frame_width_mm / 1000.0)


def to_lonlat(crs: CRS) -> Transformer:
    return Transformer.from_crs(crs, 4326, always_xy=True)


def from_lonlat(crs: CRS) -> Transformer:
    return Transformer.from_crs(4326, crs, always_xy=True)


def projected_bounds(lonlat: tuple[float, float, float, float], crs: CRS) -> tuple[float, float, float, float]:
    """The map-coordinate box that holds the lon/lat box ``lonlat``, its edges sampled (they curve)."""
    minx, miny, maxx, maxy = lonlat
    t = np.linspace(0, 1, 21)
    lon = np.r_[minx + t * (maxx - minx), np.full_like(t, maxx), maxx - t * (maxx - minx), np.full_like(t, minx)]
    lat = np.r_[np.full_like(t, miny), miny + t * (maxy - miny), np.full_like(t, maxy), maxy - t * (maxy - miny)]
    x, y = from_lonlat(crs).transform(lon, lat)
    return float(np.min(x)), float(np.min(y)), float(np.max(x)), float(np.max(y))


def ground_per_grid(crs: CRS, x: float, y: float, dx: float) -> float:
    """Metres on the ellipsoid per map metre along a horizontal line from (x, y) of length dx."""
    lon, lat = to_lonlat(crs).transform([x, x + dx], [y, y])
    _, _, distance = WGS84_GEOD.inv(lon[0], lat[0], lon[1], lat[1])
    return float(distance) / dx


def grid_north_angle(crs: CRS, x: float, y: float) -> float:
    """Degrees that true north lies clockwise of the map's up direction at (x, y)."""
    to_ll, from_ll = to_lonlat(crs), from_lonlat(crs)
    lon, lat = to_ll.transform(x, y)
    nx, ny = from_ll.transform(lon, min(lat + 0.01, 89.9))
    return math.degrees(math.atan2(nx - x, ny - y))
