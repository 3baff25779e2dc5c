"""The offline base map of Peru and Bolivia: rivers, lakes, borders, towns, departments and their names.

Natural Earth 1:10 million data (public domain), cut to the two countries and shipped in
``concession_gis/data/basemap_pe_bo.gpkg`` (built by ``packaging/build_basemap.py``; what it
holds and from which versions: ``data/NATURAL_EARTH.txt``), so printed maps and the window show
where a claim lies without any network. Both the print (``export/basemap_layer.py``) and the
window (``ui/basemap_layer.py``) read it through :func:`layer` and :func:`around`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import geopandas as gpd
import pyogrio

BASEMAP_FILE = "basemap_pe_bo.gpkg"
# Drawing order, bottom first: water, then borders, then the places on top.
LAYERS = ("lakes", "rivers", "department_borders", "country_borders", "departments", "towns")
# The box the file covers (lon/lat degrees): outside it the base map is empty.
COVERAGE = (-82.0, -23.5, -57.0, 0.5)


@cache
def layer(name: str) -> gpd.GeoDataFrame:
    """One layer of the base map, EPSG:4326, in the file's order (towns: most important first)."""
    if name not in LAYERS:
        raise KeyError(name)
    with resources.as_file(resources.files("concession_gis").joinpath("data", BASEMAP_FILE)) as path:
        return pyogrio.read_dataframe(path, layer=name)


def around(lonlat_bounds: tuple[float, float, float, float]) -> dict[str, gpd.GeoDataFrame]:
    """Each layer's features whose boxes touch ``lonlat_bounds`` (west, south, east, north)."""
    west, south, east, north = lonlat_bounds
    return {name: layer(name).cx[west:east, south:north] for name in LAYERS}
