"""Natural protected areas and their buffer zones, as irregular polygons in SERNANP's fields.

Shapes are smooth random blobs around the real areas' approximate centres and sizes; buffer
zones are rings around their area, without the protected areas themselves.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from concession_gis.sample.places import ProtectedArea

BUFFER_CATEGORY = "Zona de Amortiguamiento"
NO_CLAIM_CATEGORIES = ("Parque Nacional", "Santuario Nacional")


def build(rng: np.random.Generator, areas: list[ProtectedArea]) -> gpd.GeoDataFrame:
    """Protected areas and buffer zones (EPSG:4326): anp_codi, anp_nomb, anp_cate, anp_ubpo.

    Buffer zones of neighbouring areas may overlap each other, as Tambopata's and Bahuaja
    Sonene's do in reality.
    """
    cores = [_blob(rng, a) for a in areas]
    all_cores = shapely.union_all(cores)
    rows: list[tuple[str, str, str, str, BaseGeometry]] = []
    for area, core in zip(areas, cores, strict=True):
        rows.append((area.code, area.name, area.category, area.departments, core))
    for area, core in zip(areas, cores, strict=True):
        if area.buffer_km <= 0:
            continue
        ring = shapely.difference(_buffer_km(core, area.buffer_km), all_cores)
        rows.append((f"ZA-{area.code}", buffer_zone_name(area), BUFFER_CATEGORY, area.departments, ring))
    return gpd.GeoDataFrame(
        {"anp_codi": [r[0] for r in rows], "anp_nomb": [r[1] for r in rows],
         "anp_cate": [r[2] for r in rows], "anp_ubpo": [r[3] for r in rows]},
        geometry=[r[4] for r in rows], crs=4326,
    )


def buffer_zone_name(area: ProtectedArea) -> str:
    """The buffer zone's own name, as SERNANP writes it: "Zona de Amortiguamiento de la RN
    Tambopata", "... del PN Bahuaja Sonene" (the area's category by its initials)."""
    initials = "".join(word[0] for word in area.category.split() if word[0].isupper())
    article = "de la" if area.category.split()[0] in ("Reserva", "Zona") else "del"
    return f"{BUFFER_CATEGORY} {article} {initials} {area.name}"


def _blob(rng: np.random.Generator, area: ProtectedArea) -> BaseGeometry:
    """A smooth irregular polygon of about ``radius_km``, elongated and turned, in lon/lat."""
    theta = np.linspace(0, 2 * np.pi, 181)[:-1]
    radius = np.ones_like(theta)
    for k in range(2, 7):
        radius += rng.uniform(0, 0.18 / np.sqrt(k)) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    x = area.radius_km * radius * np.cos(theta) * np.sqrt(area.elongation)
    y = area.radius_km * radius * np.sin(theta) / np.sqrt(area.elongation)
    turn = np.radians(area.angle_deg)
    xr = x * np.cos(turn) - y * np.sin(turn)
    yr = x * np.sin(turn) + y * np.cos(turn)
    lon = area.lon + xr / (111.32 * np.cos(np.radians(area.lat)))
    lat = area.lat + yr / 110.57
    return shapely.make_valid(shapely.Polygon(np.column_stack([np.round(lon, 6), np.round(lat, 6)])))


def _buffer_km(polygon: BaseGeometry, km: float) -> BaseGeometry:
    """``polygon`` grown by ``km``, computed in a local equal-area projection."""
    c = polygon.centroid
    local = CRS.from_proj4(f"+proj=laea +lat_0={c.y:.3f} +lon_0={c.x:.3f} +datum=WGS84 +units=m")
    series = gpd.GeoSeries([polygon], crs=4326).to_crs(local).buffer(km * 1000, quad_segs=8)
    grown = series.to_crs(4326).iloc[0]
    return shapely.set_precision(grown, 1e-6)
