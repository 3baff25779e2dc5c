"""The inset locator map: where on the continent the main map lies.

Country outlines are Natural Earth's 1:110 million admin-0 countries (public domain), bundled
in ``concession_gis/data`` so the map needs no network.
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources

import geopandas as gpd
import pyogrio
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from concession_gis.analysis.intersecting import in_box
from concession_gis.export.map_layers import polygon_paths
from concession_gis.export.typography import halo

COUNTRIES_FILE = "countries_110m.geojson"
MIN_SPAN_DEG = 14.0


@cache
def countries() -> gpd.GeoDataFrame:
    """Natural Earth admin-0 countries (name, iso_a3, continent), EPSG:4326."""
    with resources.as_file(resources.files("concession_gis").joinpath("data", COUNTRIES_FILE)) as path:
        return pyogrio.read_dataframe(path)


def draw_locator(ax: Axes, lonlat_bounds: tuple[float, float, float, float], fontsize: float) -> None:
    """Countries around the map's extent, that extent in red, the containing countries named."""
    from matplotlib.collections import PathCollection

    minx, miny, maxx, maxy = lonlat_bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    span = max(MIN_SPAN_DEG, 4 * (maxx - minx), 4 * (maxy - miny))
    stretch = 1 / max(0.2, math.cos(math.radians(cy)))
    box_w, box_h = ax.get_position().width, ax.get_position().height
    page = ax.figure
    assert isinstance(page, Figure)  # drawn on a page, never in a subfigure
    fig_w, fig_h = page.get_size_inches()
    aspect = (box_w * fig_w) / (box_h * fig_h)
    half_h = span / 2
    half_w = half_h * aspect * stretch
    view = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    world = countries()
    shown = world[in_box(world.geometry.values, view)]
    here = shown.loc[shown.intersects(shapely.box(*lonlat_bounds))]
    ax.set_facecolor("#dcecf5")
    face = ["#f4f1e8" if i in here.index else "#e3e0d6" for i in shown.index]
    ax.add_collection(PathCollection(polygon_paths(shown.geometry.values), facecolors=face,
                                     edgecolors="#8c8c8c", linewidths=0.4))
    for name, point in zip(shown["name"], shown.geometry.representative_point(), strict=True):
        if view[0] < point.x < view[2] and view[1] < point.y < view[3]:
            ax.text(point.x, point.y, name.upper(), fontsize=fontsize, ha="center", va="center",
                    color="#4d4d4d", path_effects=halo(1.2, "#f4f1e8"), clip_on=True)
    w, h = maxx - minx, maxy - miny
    marker = max(w, h) < span / 40
    ax.add_patch(Rectangle((minx, miny), w, h, facecolor="none", edgecolor="#d7191c", linewidth=1.2, zorder=5))
    if marker:  # a tiny extent would vanish: ring it so the eye finds it
        ax.plot(cx, cy, marker="o", markersize=7, markerfacecolor="none", markeredgecolor="#d7191c",
                markeredgewidth=1.0, zorder=5)
    ax.set_xlim(view[0], view[2])
    ax.set_ylim(view[1], view[3])
    ax.set_aspect(stretch, adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
