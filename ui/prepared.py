"""A vector layer as flat numpy arrays, ready to be drawn many times without touching GEOS.

Built once per layer (in chunks, off the GUI thread: a GEOS call over 67,000 polygons holds the
GIL for ~0.1 s, longer than the GUI may wait). Drawing then needs only numpy: a bounding-box
test picks the features in view (0.3 ms for 67,000 boxes, faster than an STRtree query at this
size), and the vertices of those features are gathered by mask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely

CHUNK = 4000  # geometries per GEOS call: ~10 ms each, so the GUI thread never waits long


@dataclass(frozen=True)
class PreparedVector:
    """Bounds per feature, and for polygons every ring's vertices with their feature number."""

    kind: str  # "polygon" or "point"
    geometries: np.ndarray  # shapely geometries (for identify)
    bounds: np.ndarray  # (n, 4) minx, miny, maxx, maxy; NaN for empty geometries
    points: np.ndarray  # (n, 2): the point itself, or the centre of a polygon's box
    xy: np.ndarray  # (m, 2) ring vertices, exterior rings counter-clockwise, holes clockwise
    vertex_feature: np.ndarray  # (m,) feature number of each vertex
    ring_start: np.ndarray  # (m,) True at the first vertex of each ring

    def __len__(self) -> int:
        return len(self.geometries)

    def total_bounds(self) -> tuple[float, float, float, float]:
        if not len(self.bounds) or np.isnan(self.bounds).all():
            return (np.nan,) * 4
        b = self.bounds
        return (np.nanmin(b[:, 0]), np.nanmin(b[:, 1]), np.nanmax(b[:, 2]), np.nanmax(b[:, 3]))

    def in_box(self, box: tuple[float, float, float, float]) -> np.ndarray:
        """Mask of the features whose bounding box meets ``box``."""
        minx, miny, maxx, maxy = box
        b = self.bounds
        with np.errstate(invalid="ignore"):
            return (b[:, 0] <= maxx) & (b[:, 2] >= minx) & (b[:, 1] <= maxy) & (b[:, 3] >= miny)

    def features_at(self, x: float, y: float, tolerance: float) -> np.ndarray:
        """Feature numbers at (x, y): polygons containing it, points within ``tolerance`` degrees."""
        near = np.nonzero(self.in_box((x - tolerance, y - tolerance, x + tolerance, y + tolerance)))[0]
        if self.kind == "point":
            d = np.hypot(self.points[near, 0] - x, self.points[near, 1] - y)
            return near[np.argsort(d[d <= tolerance], kind="stable")] if len(near) else near
        inside = shapely.intersects_xy(self.geometries[near], x, y)
        return near[inside]


def prepare(geometries, kind: str, check: Callable[[], None] | None = None) -> PreparedVector:
    """Flatten ``geometries`` (an array of shapely geometries) for drawing; ``check`` runs between chunks."""
    geoms = np.asarray(geometries, dtype=object)
    n = len(geoms)
    bounds = np.empty((n, 4))
    xy_parts, feature_parts, start_parts = [], [], []
    for start in range(0, n, CHUNK):
        chunk = geoms[start:start + CHUNK]
        bounds[start:start + len(chunk)] = shapely.bounds(chunk)
        if kind == "polygon":
            xy, feature, ring_start = _rings(chunk)
            xy_parts.append(xy)
            feature_parts.append(feature + start)
            start_parts.append(ring_start)
        if check is not None:
            check()
    centres = np.column_stack([(bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2])
    if kind == "polygon" and xy_parts:
        xy = np.concatenate(xy_parts)
        vertex_feature = np.concatenate(feature_parts).astype(np.int32)
        ring_start = np.concatenate(start_parts)
    else:
        xy, vertex_feature, ring_start = np.zeros((0, 2)), np.zeros(0, np.int32), np.zeros(0, bool)
    return PreparedVector(kind, geoms, bounds, centres, xy, vertex_feature, ring_start)


def _rings(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    polygons = shapely.orient_polygons(chunk, exterior_cw=False)
    parts, part_feature = shapely.get_parts(polygons, return_index=True)
    is_polygon = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
    parts, part_feature = parts[is_polygon], part_feature[is_polygon]
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, vertex_ring = shapely.get_coordinates(rings, return_index=True)
    ring_start = np.ones(len(xy), dtype=bool)
    ring_start[1:] = vertex_ring[1:] != vertex_ring[:-1]
    return xy, part_feature[ring_part[vertex_ring]], ring_start
