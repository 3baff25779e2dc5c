"""The base map on printed maps: rivers, lakes, country, department, province and district borders
and towns, thin and grey, under the findings.

Drawn first (below the claims' fill) so nothing of the analysis is hidden; town names are
placed last, only where the label board (claim labels, registration symbols, scale bar, north
arrow) leaves room, so a name never covers a finding.
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import LineCollection, PathCollection
from pyproj import CRS

from concession_gis import basemap
from concession_gis.analysis.intersecting import in_box
from concession_gis.export.labels import LabelBoard, inside_frame
from concession_gis.export.map_layers import polygon_paths
from concession_gis.export.mapframe import Extent
from concession_gis.export.typography import halo, line_height_mm, text_width_mm

Z_WATER, Z_BORDERS, Z_TOWNS = 1.2, 1.4, 1.6
RIVER = "#8fb3cc"
LAKE_FACE = "#e3eef5"
BORDER = "#7a7a7a"
TOWN = "#4d4d4d"
TOWN_LABEL = "#404040"
RIVER_PT = 0.6
MAJOR_RIVER_PT = 0.9  # Natural Earth scale rank 0-5: the Amazon's main tributaries
BORDER_PT = 0.8
DEPARTMENT_BORDER_PT = 0.5
DEPARTMENT_DASHES = (0, (4, 2))
# Department borders (Natural Earth's 1:10 million lines, a few kilometres off, an error a map of
# a few claims would show) only on maps at least this wide; Peru's are INEI's wherever its
# province borders are drawn (a district layer given to the analysis is the exact one).
DEPARTMENT_BORDERS_MIN_M = 60_000
# Peru's province and district borders (INEI's), lighter and thinner the lower the level, dashed
# then dotted as atlases draw the lower administrative levels. Provinces on maps narrower than
# 400 km: a region (Madre de Dios is about 400 km across) with its dozen provinces; wider, a
# country's 195 provinces would grey the map. Districts on maps narrower than 80 km: a few
# districts around a claim or a mining corridor (a district of the Andes is 10-30 km across); on
# a whole region's map they would be a mesh hiding the claims.
PROVINCE_BORDER = "#8c8c8c"
DISTRICT_BORDER = "#999999"
PROVINCE_BORDER_PT = 0.4
DISTRICT_BORDER_PT = 0.5
PROVINCE_DASHES = (0, (2, 2))
DISTRICT_DOTS = (0, (0.5, 2.5))
PROVINCE_BORDERS_MAX_M = 400_000
DISTRICT_BORDERS_MAX_M = 80_000
TOWN_DOT_PT = 2.6
MAX_TOWN_LABELS = 25


def draw_basemap(ax, crs: CRS, extent: Extent, lonlat_bounds: tuple[float, float, float, float]
                 ) -> tuple[Counter, gpd.GeoDataFrame]:
    """Lakes, rivers, borders and town dots over ``extent``; what was drawn (by layer) and the
    towns in map coordinates, most important first, for :func:`label_towns`."""
    near = basemap.around(lonlat_bounds)
    box = (extent.xmin, extent.ymin, extent.xmax, extent.ymax)
    drawn: Counter = Counter()
    lakes = _project(near["lakes"], crs, box)
    if len(lakes):
        ax.add_collection(PathCollection(polygon_paths(lakes.geometry.values), facecolors=[LAKE_FACE],
                                         edgecolors=[RIVER], linewidths=0.3, zorder=Z_WATER))
        drawn["lakes"] = len(lakes)
    rivers = _project(near["rivers"], crs, box)
    if len(rivers):
        widths = np.where(rivers["rank"].to_numpy() <= 5, MAJOR_RIVER_PT, RIVER_PT)
        _lines(ax, rivers.geometry.values, widths, RIVER, Z_WATER + 0.05)
        drawn["rivers"] = len(rivers)
    if extent.width < DISTRICT_BORDERS_MAX_M:
        districts = _project(near["district_borders"], crs, box)
        if len(districts):
            _lines(ax, districts.geometry.values, np.full(len(districts), DISTRICT_BORDER_PT), DISTRICT_BORDER,
                   Z_BORDERS - 0.15, linestyle=DISTRICT_DOTS)
            drawn["district_borders"] = len(districts)
    inei = extent.width < PROVINCE_BORDERS_MAX_M
    if inei:
        provinces = _project(near["province_borders"], crs, box)
        if len(provinces):
            # INEI's lines between provinces of two departments are Peru's department borders here.
            is_department = (provinces["level"] == "department").to_numpy()
            own = provinces.loc[~is_department]
            _lines(ax, own.geometry.values, np.full(len(own), PROVINCE_BORDER_PT), PROVINCE_BORDER,
                   Z_BORDERS - 0.1, linestyle=PROVINCE_DASHES)
            _lines(ax, provinces.geometry.values[is_department], np.full(int(is_department.sum()), DEPARTMENT_BORDER_PT),
                   BORDER, Z_BORDERS - 0.05, linestyle=DEPARTMENT_DASHES)
            drawn.update({key: n for key, n in (("province_borders", len(own)),
                                                (basemap.INEI_DEPARTMENT_BORDERS, int(is_department.sum()))) if n})
    departments = _project(near["department_borders"], crs, box)
    if inei:  # Peru's are INEI's at this scale; Bolivia's stay Natural Earth's
        departments = departments.loc[departments["country"] != "PER"]
    if len(departments) and extent.width >= DEPARTMENT_BORDERS_MIN_M:
        _lines(ax, departments.geometry.values, np.full(len(departments), DEPARTMENT_BORDER_PT), BORDER,
               Z_BORDERS - 0.05, linestyle=DEPARTMENT_DASHES)
        drawn["department_borders"] = len(departments)
    borders = _project(near["country_borders"], crs, box)
    if len(borders):
        _lines(ax, borders.geometry.values, np.full(len(borders), BORDER_PT), BORDER, Z_BORDERS,
               linestyle=(0, (6, 2, 1, 2)))
        drawn["borders"] = len(borders)
    towns = _project(near["towns"], crs, box)
    if len(towns):
        ax.scatter(towns.geometry.x, towns.geometry.y, s=TOWN_DOT_PT ** 2, c=TOWN, edgecolors="white",
                   linewidths=0.4, zorder=Z_TOWNS)
        drawn["towns"] = len(towns)
    return drawn, towns


def label_towns(ax, board: LabelBoard, towns: gpd.GeoDataFrame, extent: Extent, mm: float,
                frame_mm: tuple[float, float], fontsize: float) -> int:
    """Town names beside their dots (right, left, above, below), only where the board is free;
    how many were written."""
    height = line_height_mm(fontsize, 1.0)
    written = 0
    for name, point in zip(towns["name"].astype(str), towns.geometry, strict=True):
        if written >= MAX_TOWN_LABELS:
            break
        width = text_width_mm(name, fontsize, "normal")
        px, py = (point.x - extent.xmin) * mm, (point.y - extent.ymin) * mm
        # Beside the dot first, then a little farther out when symbols crowd it.
        spots = [spot for gap in (1.2, 3.0) for spot in
                 ((px + gap, py - height / 2), (px - gap - width, py - height / 2),
                  (px - width / 2, py + gap), (px - width / 2, py - gap - height))]
        for x0, y0 in spots:
            label_box = (x0, y0, x0 + width, y0 + height)
            if inside_frame(label_box, frame_mm) and board.free(label_box):
                ax.text(extent.xmin + x0 / mm, extent.ymin + (y0 + height / 2) / mm, name, ha="left",
                        va="center", fontsize=fontsize, color=TOWN_LABEL, path_effects=halo(1.2),
                        zorder=Z_TOWNS + 0.05)
                board.take(name, label_box)
                written += 1
                break
    return written


def _project(frame: gpd.GeoDataFrame, crs: CRS, box: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """``frame`` in the map CRS, cut to the map's box (points: those inside it)."""
    if frame.empty:
        return frame
    projected = frame.to_crs(crs)
    geometry = projected.geometry.values
    if np.all(shapely.get_type_id(geometry) == 0):
        return projected[in_box(geometry, box)]
    clipped = shapely.clip_by_rect(geometry, *box)
    projected = projected.set_geometry(gpd.GeoSeries(clipped, index=projected.index, crs=crs))
    return projected.loc[~projected.geometry.is_empty]


def _lines(ax, geometries, widths: np.ndarray, colour: str, zorder: float, linestyle="solid") -> None:
    """Every line part as its own segment list, each feature's parts in its width."""
    parts, feature = shapely.get_parts(np.asarray(geometries), return_index=True)
    parts_lines = [np.asarray(shapely.get_coordinates(p)) for p in parts]
    keep = [i for i, c in enumerate(parts_lines) if len(c) > 1]
    ax.add_collection(LineCollection([parts_lines[i] for i in keep], colors=colour,
                                     linewidths=widths[feature[keep]], linestyles=linestyle,
                                     capstyle="round", joinstyle="round", zorder=zorder))
