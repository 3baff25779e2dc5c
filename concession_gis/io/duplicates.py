"""Claims given twice: two extracts that share claims, or one extract that lists a claim twice.

A claim with one code and one shape is one claim, whatever file and CRS it came from: its copies
after the first are set aside, so that it is neither counted twice nor taken to overlap itself.
Polygons with one code and different shapes are kept, each (see :func:`same_claims`).
"""

from __future__ import annotations

from collections import defaultdict

import geopandas as gpd
import numpy as np
import shapely

from concession_gis.geodesy import lonlat_bounds, to_working, working_crs


def same_claims(code: np.ndarray, geoms: gpd.GeoSeries, same_shape_m: float) -> np.ndarray:
    """For each claim, the position of an earlier claim it repeats, or -1: one with the same
    ``code`` whose outline is nowhere further than ``same_shape_m`` metres from its own (the
    differences that another CRS, datum or rounding of the same corners makes).

    ``geoms`` are the claims' shapes, in any CRS with metres or degrees.
    """
    first = np.full(len(code), -1, dtype=np.int64)
    repeated = np.flatnonzero(_duplicated(code))
    if not len(repeated):
        return first
    part = geoms.iloc[repeated]
    shapes = to_working(part, working_crs(lonlat_bounds(part))).to_numpy()
    groups: dict[object, list[int]] = defaultdict(list)
    for local, position in enumerate(repeated):
        groups[code[position]].append(local)
    for members in groups.values():
        kept: list[int] = []
        for local in members:
            near = [k for k in kept if shapely.hausdorff_distance(shapes[k], shapes[local]) <= same_shape_m]
            if near:
                first[repeated[local]] = repeated[near[0]]
            else:
                kept.append(local)
    return first


def _duplicated(code: np.ndarray) -> np.ndarray:
    _, inverse, counts = np.unique(code.astype(str), return_inverse=True, return_counts=True)
    return counts[inverse] > 1
