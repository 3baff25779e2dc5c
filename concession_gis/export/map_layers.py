"""Drawing the result layers on a map axes already in the map CRS.

Polygons become one matplotlib path per feature (holes kept) in one collection per class, so
a region of 10,000 claims is a handful of draw calls. Each function returns how many features
of each class it drew; the legend lists exactly those.
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import PathCollection
from matplotlib.path import Path

from concession_gis.columns import LocatedBy
from concession_gis.export import cartography as carto

Z_CLAIM_FILL, Z_LOSS, Z_RESTRICTED, Z_CLAIM_EDGE, Z_OVERLAP, Z_GRID, Z_FOCUS, Z_POINTS, Z_LABELS = (
    2, 3, 4, 5, 5.5, 5.8, 6, 7, 8,
)


def polygon_paths(geometries) -> list[Path]:
    """One compound path per (multi)polygon, rings closed, holes kept."""
    geometries = np.asarray(geometries)
    if len(geometries) == 0:
        return []
    parts, part_feature = shapely.get_parts(geometries, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    codes = np.full(len(coords), Path.LINETO, dtype=np.uint8)
    starts = np.r_[0, np.flatnonzero(np.diff(coord_ring)) + 1]
    codes[starts] = Path.MOVETO
    codes[np.r_[starts[1:] - 1, len(coords) - 1]] = Path.CLOSEPOLY
    coord_feature = part_feature[ring_part[coord_ring]]
    cuts = np.searchsorted(coord_feature, np.arange(1, len(geometries)))
    return [Path(v, c) for v, c in zip(np.split(coords, cuts), np.split(codes, cuts), strict=True)]


def _fill(ax, geometries, style: carto.FillStyle, zorder: float, edge: bool = True, linewidth=None):
    paths = polygon_paths(geometries)
    if not paths:
        return
    face = carto.rgba(style.face, style.face_alpha)
    ax.add_collection(PathCollection(
        paths, facecolors=[face], edgecolors=[style.edge] if edge else ["none"],
        linewidths=linewidth if linewidth is not None else style.edge_width,
        hatch=style.hatch or None, zorder=zorder,
    ))


def crowding(n_points: int, frame_area_cm2: float) -> float:
    """Symbol size factor: 1 up to 2 points per square centimetre of map, then shrinking with the
    square root of the density (down to 0.3), so dense districts read as a texture, not a smear."""
    density = n_points / max(frame_area_cm2, 1e-9)
    return 1.0 if density <= 2.0 else float(np.clip(np.sqrt(2.0 / density), 0.3, 1.0))


def draw_concessions(ax, concessions: gpd.GeoDataFrame, mm_per_unit: float, lighter: bool = False) -> Counter:
    """Claims by legal state: a translucent fill under the loss raster, the outline above it.

    Outlines thin down when claims are only a few millimetres wide on paper, so a region of
    small claims keeps its colours instead of turning into a mesh of lines.
    """
    counts: Counter = Counter()
    widths = shapely.bounds(concessions.geometry.values)
    typical_mm = float(np.median(widths[:, 2] - widths[:, 0])) * mm_per_unit if len(concessions) else 10.0
    thin = float(np.clip(typical_mm / 6.0, 0.35, 1.0))
    for state in carto.LEGAL_ORDER:
        chosen = concessions.loc[concessions["legal_state"] == state]
        if chosen.empty:
            continue
        style = carto.LEGAL_STATE[state]
        if lighter:
            style = carto.FillStyle(style.face, style.edge, style.face_alpha * 0.6, style.edge_width * 0.8)
        geometries = chosen.geometry.values
        _fill(ax, geometries, carto.FillStyle(style.face, "none", style.face_alpha), Z_CLAIM_FILL, edge=False)
        _fill(ax, geometries, carto.FillStyle("#ffffff", style.edge, 0.0, style.edge_width * thin), Z_CLAIM_EDGE)
        counts[state] = len(chosen)
    return counts


def draw_focus(ax, geometries) -> None:
    """The case's own claim: a bold outline over everything but the points."""
    _fill(ax, geometries, carto.FillStyle("#ffffff", carto.FOCUS_EDGE, 0.0), Z_FOCUS, linewidth=1.8)


def draw_restricted(ax, areas: gpd.GeoDataFrame) -> Counter:
    """Prohibited and conditional areas, each in its style; how many of each were drawn. An area
    without a category (a layer written before categories) is drawn as prohibited."""
    category = (areas["restricted_category"] if "restricted_category" in areas
                else pd.Series("prohibited", index=areas.index))
    category = category.where(category.isin(carto.RESTRICTED_ORDER), "prohibited")
    counts: Counter = Counter()
    for key in carto.RESTRICTED_ORDER:
        hit = (category == key).to_numpy()
        if hit.any():
            _fill(ax, areas.geometry.values[hit], carto.RESTRICTED_CATEGORY[key], Z_RESTRICTED)
            counts[key] = int(hit.sum())
    return counts


def draw_fronts(ax, fronts: gpd.GeoDataFrame) -> int:
    """The forest-loss fronts no register explains, outlined; returns how many were drawn."""
    if "front_type" not in fronts:
        return 0
    picked = fronts.loc[fronts["front_type"].isin(carto.UNEXPLAINED_FRONTS)]
    _fill(ax, picked.geometry.values, carto.FRONT_UNEXPLAINED, Z_OVERLAP)
    return len(picked)


def draw_allowed_zones(ax, zones: gpd.GeoDataFrame) -> int:
    """Allowed mining zones (the corridor); how many were drawn."""
    _fill(ax, zones.geometry.values, carto.ALLOWED_ZONE, Z_RESTRICTED)
    return len(zones)


def draw_overlaps(ax, overlaps: gpd.GeoDataFrame) -> int:
    _fill(ax, overlaps.geometry.values, carto.OVERLAP, Z_OVERLAP)
    return len(overlaps)


def draw_registrations(ax, registrations: gpd.GeoDataFrame, scale: float = 1.0) -> Counter:
    """Points by conflict type; the more actionable types are drawn last, on top. Returns how
    many of each type were drawn, and under ``declared_code`` how many were drawn hollow.

    A registration placed on the claim it declares (``located_by`` ``declared_code``: no
    coordinates) is drawn hollow, in its type's colour: the point names the claim, not where
    the miner works. ``scale`` multiplies every symbol (page size times :func:`crowding`).
    """
    counts: Counter = Counter()
    declared = (registrations["located_by"] == LocatedBy.DECLARED_CODE if "located_by" in registrations
                else pd.Series(False, index=registrations.index))
    for conflict in reversed(carto.CONFLICT_ORDER):
        of_type = registrations["conflict_type"] == conflict
        style = carto.CONFLICT_TYPE[conflict]
        zorder = Z_POINTS + carto.CONFLICT_ORDER[::-1].index(conflict) * 0.01
        for hollow in (False, True):
            chosen = registrations.loc[of_type & (declared == hollow)]
            if chosen.empty:
                continue
            ax.scatter(
                chosen.geometry.x, chosen.geometry.y, s=(style.size * scale) ** 2,
                c="none" if hollow else style.colour, marker=carto.MATPLOTLIB_MARKER[style.shape],
                edgecolors=style.colour if hollow else style.edge,
                linewidths=(carto.HOLLOW_EDGE_PT if hollow else 0.5) * min(1.0, scale), zorder=zorder,
            )
        if of_type.any():
            counts[conflict] = int(of_type.sum())
    if declared.any():  # the legend explains the hollow symbol
        counts[LocatedBy.DECLARED_CODE.value] = int(declared.sum())
    return counts
