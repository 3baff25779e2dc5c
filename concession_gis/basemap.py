"""The offline base map of Peru and Bolivia: rivers, lakes, borders, towns, departments and their
names, and Peru's province and district borders.

Natural Earth 1:10 million data (public domain) and INEI's 2007 limits of Peru's provinces and
districts (MPL 2.0), cut to the two countries and shipped in
``concession_gis/data/basemap_pe_bo.gpkg`` (built by ``packaging/build_basemap.py``; what it
holds, from which versions and under which licences: ``data/SOURCES.txt``), so printed maps and the window show
where a claim lies without any network. Both the print (``export/basemap_layer.py``) and the
window (``ui/basemap_layer.py``) read it through :func:`layer` and :func:`around`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from concession_gis.analysis.intersecting import in_box

BASEMAP_FILE = "basemap_pe_bo.gpkg"
# Drawing order, bottom first: water, then borders (the lower the level, the lower), then the
# places on top.
LAYERS = ("lakes", "rivers", "district_borders", "province_borders", "department_borders", "country_borders",
          "departments", "towns")
# The layers that come from INEI, not Natural Earth: a map that draws one credits INEI.
INEI_LAYERS = ("province_borders", "district_borders")
# What a map drew of province_borders' lines between two departments (level "department"):
# zoomed in, Peru's department borders are INEI's, not Natural Earth's.
INEI_DEPARTMENT_BORDERS = "inei_department_borders"
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
    return {name: layer(name)[in_box(layer(name).geometry.values, lonlat_bounds, _bounds(name))]
            for name in LAYERS}


@cache
def _bounds(name: str) -> np.ndarray:
    """The boxes of :func:`layer`'s features, taken once: an atlas cuts the same layers for each page."""
    return shapely.bounds(np.asarray(layer(name).geometry.values))
