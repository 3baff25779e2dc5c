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
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.path import Path

from concession_gis.columns import LocatedBy
from concession_gis.density import (
    dominant_class,
    growth,
    hexagon_bins,
    hexagon_corners,
)
from concession_gis.export import cartography as carto
from concession_gis.export.map_theme import PERU, MapTheme
from concession_gis.export.near_features import printed_fronts
from concession_gis.export.typography import halo

Z_CLAIM_FILL, Z_HEXAGONS, Z_LOSS, Z_RESTRICTED, Z_CLAIM_EDGE, Z_OVERLAP, Z_GRID, Z_FOCUS, Z_POINTS, Z_LABELS = (
    2, 2.5, 3, 4, 5, 5.5, 5.8, 6, 7, 8,
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


def draw_concessions(ax, concessions: gpd.GeoDataFrame, mm_per_unit: float, lighter: bool = False,
                     theme: MapTheme = PERU) -> Counter:
    """Claims by legal state (Bolivia's areas by the classes of ``theme``): a translucent fill
    under the loss raster, the outline above it.

    Outlines thin down when claims are only a few millimetres wide on paper, so a region of
    small claims keeps its colours instead of turning into a mesh of lines.
    """
    counts: Counter = Counter()
    widths = shapely.bounds(concessions.geometry.values)
    typical_mm = float(np.median(widths[:, 2] - widths[:, 0])) * mm_per_unit if len(concessions) else 10.0
    thin = float(np.clip(typical_mm / 6.0, 0.35, 1.0))
    states = theme.claim_classes(concessions)
    for state in theme.claim_order:
        hit = states == state
        if not hit.any():
            continue
        style = theme.claim_styles[state]
        if lighter:
            style = carto.FillStyle(style.face, style.edge, style.face_alpha * 0.6, style.edge_width * 0.8)
        geometries = concessions.geometry.values[hit]
        _fill(ax, geometries, carto.FillStyle(style.face, "none", style.face_alpha), Z_CLAIM_FILL, edge=False)
        _fill(ax, geometries, carto.FillStyle("#ffffff", style.edge, 0.0, style.edge_width * thin), Z_CLAIM_EDGE)
        counts[state] = int(hit.sum())
    return counts


def draw_focus(ax, geometries, colour: str = carto.FOCUS_EDGE) -> None:
    """The case's own claim (or the atlas's selected claims, in ``carto.SELECTED_EDGE``): a bold
    outline over everything but the points, on a thin dark casing so a light colour reads too."""
    if colour != carto.FOCUS_EDGE:
        _fill(ax, geometries, carto.FillStyle("#ffffff", "#1a1a1a", 0.0), Z_FOCUS, linewidth=2.6)
    _fill(ax, geometries, carto.FillStyle("#ffffff", colour, 0.0), Z_FOCUS + 0.01, linewidth=1.8)


def draw_reversion(ax, areas: gpd.GeoDataFrame) -> int:
    """Bolivia's reversion candidates: a bold outline in their own colour on a white casing, over
    the areas and the protected areas; how many were drawn (their ranks are labels: sheet.py)."""
    if "reversion_candidate" not in areas or areas.empty:
        return 0
    picked = areas.loc[areas["reversion_candidate"].fillna(False).astype(bool).to_numpy()]
    _fill(ax, picked.geometry.values, carto.FillStyle("#ffffff", "#ffffff", 0.0), Z_FOCUS - 0.02, linewidth=3.0)
    _fill(ax, picked.geometry.values, carto.FillStyle("#ffffff", carto.REVERSION_EDGE, 0.0), Z_FOCUS - 0.01,
          linewidth=1.8)
    return len(picked)


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
    picked = printed_fronts(fronts)
    _fill(ax, picked.geometry.values, carto.FRONT_UNEXPLAINED, Z_OVERLAP)
    return len(picked)


def draw_allowed_zones(ax, zones: gpd.GeoDataFrame) -> int:
    """Allowed mining zones (the corridor); how many were drawn."""
    _fill(ax, zones.geometry.values, carto.ALLOWED_ZONE, Z_RESTRICTED)
    return len(zones)


def draw_overlaps(ax, overlaps: gpd.GeoDataFrame) -> int:
    _fill(ax, overlaps.geometry.values, carto.OVERLAP, Z_OVERLAP)
    return len(overlaps)


def draw_registrations(ax, registrations: gpd.GeoDataFrame, scale: float = 1.0, halo_pt: float = 0.0,
                       theme: MapTheme = PERU) -> Counter:
    """Points by conflict type (``theme``'s: Peru's registrations, Bolivia's work sites); the
    more actionable types are drawn last, on top. Returns how
    many of each type were drawn, and under ``declared_code`` how many were drawn hollow.

    A registration placed on the claim it declares (``located_by`` ``declared_code``: no
    coordinates) is drawn hollow, in its type's colour: the point names the claim, not where
    the miner works. ``scale`` multiplies every symbol (page size times :func:`crowding`);
    ``halo_pt`` (when above 0) rings each symbol in white, to stand out over hexagons.
    """
    counts: Counter = Counter()
    declared = ((registrations["located_by"] == LocatedBy.DECLARED_CODE).to_numpy() if "located_by" in registrations
                else np.zeros(len(registrations), dtype=bool))
    # Coordinates and types as arrays: selecting rows of the whole frame per symbol copied every
    # column, twenty times a map (an atlas draws hundreds).
    points = registrations.geometry.values
    x, y = shapely.get_x(points), shapely.get_y(points)
    types = registrations["conflict_type"].to_numpy()
    for conflict in reversed(theme.point_order):
        of_type = types == conflict
        style = theme.point_styles[conflict]
        zorder = Z_POINTS + theme.point_order[::-1].index(conflict) * 0.01
        for hollow in (False, True):
            chosen = of_type & (declared == hollow)
            if not chosen.any():
                continue
            ax.scatter(
                x[chosen], y[chosen], s=(style.size * scale) ** 2,
                c="none" if hollow else style.colour, marker=carto.MATPLOTLIB_MARKER[style.shape],
                edgecolors=style.colour if hollow else style.edge,
                linewidths=(carto.HOLLOW_EDGE_PT if hollow else 0.5) * min(1.0, scale),
                zorder=zorder + (0.5 if halo_pt else 0), path_effects=halo(halo_pt) if halo_pt else None,
            )
        if of_type.any():
            counts[conflict] = int(of_type.sum())
    if declared.any():  # the legend explains the hollow symbol
        counts[LocatedBy.DECLARED_CODE.value] = int(declared.sum())
    return counts


AGGREGATED = "aggregated"
HEXAGON_ALPHA = 0.75


def draw_registration_hexagons(ax, registrations: gpd.GeoDataFrame, width: float, scale: float = 1.0,
                               theme: MapTheme = PERU) -> Counter:
    """A dense map's registrations: those of :attr:`~.MapTheme.always_single` types (Peru's :data:`~concession_gis.density.ALWAYS_SINGLE`) as their own symbols with
    a white halo, on top; every other one counted in a hexagon ``width`` map units across, in the
    colour of its most frequent conflict type, larger the more registrations it holds, drawn under
    the forest loss so that none of the loss is hidden.

    Returns the counts by type as :func:`draw_registrations` does (the legend still explains the
    colours), plus under :data:`AGGREGATED` how many registrations went into hexagons and under
    ``"hexagons"`` how many hexagons were drawn.
    """
    single = registrations["conflict_type"].isin(theme.always_single).to_numpy()
    pooled = registrations.loc[~single]
    counts: Counter = Counter()
    if not pooled.empty:
        centres, index = hexagon_bins(pooled.geometry.x.to_numpy(), pooled.geometry.y.to_numpy(), width)
        types = pooled["conflict_type"].fillna(theme.no_point_class).to_numpy()
        order = {c: i for i, c in enumerate(theme.point_order)}
        rank = np.array([order.get(t, len(order)) for t in types])
        dominant = dominant_class(index, rank, len(centres))
        n_in = np.bincount(index, minlength=len(centres))
        grow = growth(n_in)
        colours = [carto.rgba(theme.point_styles[theme.point_order[k]].colour if k < len(order)
                              else theme.point_styles[theme.no_point_class].colour, HEXAGON_ALPHA)
                   for k in dominant]
        ring = hexagon_corners(width)
        # Under the loss pixels (drawn after them), so every pixel of loss stays visible.
        ax.add_collection(PolyCollection([c + ring * g for c, g in zip(centres, grow, strict=True)],
                                         facecolors=colours, edgecolors="none", zorder=Z_HEXAGONS))
        counts.update(Counter(str(t) for t in types))
        counts[AGGREGATED] = len(pooled)
        counts["hexagons"] = len(centres)
    on_top = draw_registrations(ax, registrations.loc[single], scale=scale, halo_pt=2.0, theme=theme)
    counts.update(on_top)
    return counts
