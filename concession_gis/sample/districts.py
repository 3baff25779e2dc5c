"""District limits for the synthetic data, in INEI's fields (IDDIST, NOMBDIST, NOMBPROV, NOMBDEP).

The generator names each claim's district by the mining district nearest it among those of its
UTM zone (:func:`~concession_gis.sample.places.nearest_hubs`), so the districts it assigns are the
cells of a Voronoi diagram of the hubs, zone by zone. Those cells (degrees of longitude shrunk by
the cosine of the zone's mean latitude; nearest_hubs takes each point's own, which moves a limit
by well under a kilometre), clipped to the zone's band and the study area, are the limits written. They are not
INEI's shapes, only where the synthetic claims say their districts are; a claim near a limit may
fall across it, as real claims do. Codes follow INEI's shape: department, province and district
numbers of two digits each, fictitious below the department.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from concession_gis.sample.places import HUBS, ZONES

# Latitudes (south, north) the zones' bands are drawn over: all of Peru and more.
BAND_LATITUDES = (-19.0, 0.5)


def build(zones: tuple[str, ...], study_area: BaseGeometry) -> gpd.GeoDataFrame:
    """The districts of the hubs of ``zones`` (EPSG:4326), clipped to ``study_area``; empty
    cells left out."""
    rows = []
    provinces: dict[tuple[int, str], int] = {}
    numbers: dict[tuple[int, str], int] = {}
    for zone in zones:
        hubs = [h for h in HUBS if h.zone == zone]
        band = shapely.intersection(
            shapely.box(ZONES[zone].west, BAND_LATITUDES[0], ZONES[zone].east, BAND_LATITUDES[1]), study_area)
        shrink = float(np.cos(np.radians(np.mean([h.lat for h in hubs]))))
        points = shapely.MultiPoint([(h.lon * shrink, h.lat) for h in hubs])
        frame = shapely.box(-90 * shrink, -30, -50 * shrink, 10)
        cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame))
        for hub in hubs:
            here = shapely.Point(hub.lon * shrink, hub.lat)
            cell = next(c for c in cells if c.contains(here))
            cell = shapely.transform(cell, np.array([1 / shrink, 1.0]).__mul__)  # back to degrees
            shape = shapely.set_precision(shapely.intersection(cell, band), 1e-6)
            if shape.is_empty:
                continue
            province = provinces.setdefault((hub.ubigeo_dept, hub.provi), 1 + sum(
                1 for d, _ in provinces if d == hub.ubigeo_dept))
            number = numbers.setdefault((hub.ubigeo_dept, hub.provi), 0) + 1
            numbers[(hub.ubigeo_dept, hub.provi)] = number
            rows.append((f"{hub.ubigeo_dept:02d}{province:02d}{number:02d}", hub.distri, hub.provi, hub.depa, shape))
    return gpd.GeoDataFrame({"IDDIST": [r[0] for r in rows], "NOMBDIST": [r[1] for r in rows],
                             "NOMBPROV": [r[2] for r in rows], "NOMBDEP": [r[3] for r in rows]},
                            geometry=[r[4] for r in rows], crs=4326)
