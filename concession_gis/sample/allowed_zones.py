"""Madre de Dios' mining corridor (the zones of D.L. 1100, annex 1) for the synthetic samples:
where mining may be formalized there (``--allowed-zones``). The real corridor follows the
alluvial gold rivers of the south-west (Huepetuhe, Inambari, Colorado and the upper Madre de
Dios) and leaves out the newer fronts east of them (La Pampa along the Interoceanic highway,
Malinowski, Tambopata, Las Piedras), which is why most of today's mining there is illegal. Here:
a band along each corridor river of the sample's map, named as the decree's sectors are, with the
department the line is drawn for.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

from concession_gis.sample.places import MDD_CORRIDORS

# The rivers of places.MDD_CORRIDORS whose banks lie in the corridor, and the band's half width.
CORRIDOR_RIVERS = ("Rio Madre de Dios", "Rio Inambari", "Rio Colorado")
HALF_WIDTH_M = 6_000.0
UTM_19S = "EPSG:32719"


def build() -> gpd.GeoDataFrame:
    """The corridor's sectors: ``NOMB_ZONA`` (the sector's name), ``DEPARTAMEN`` and a
    polygon each, in EPSG:4326, as a regional government publishes them."""
    rivers = [c for c in MDD_CORRIDORS if c.name in CORRIDOR_RIVERS]
    lines = gpd.GeoSeries([shapely.LineString(c.coords) for c in rivers], crs="EPSG:4326").to_crs(UTM_19S)
    bands = lines.buffer(HALF_WIDTH_M, quad_segs=4).to_crs("EPSG:4326")
    return gpd.GeoDataFrame({
        "NOMB_ZONA": [f"Corredor minero - {c.name.replace('Rio', 'Río')}" for c in rivers],
        "DEPARTAMEN": ["MADRE DE DIOS"] * len(rivers),
    }, geometry=bands.to_numpy(), crs="EPSG:4326")
