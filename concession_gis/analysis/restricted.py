"""Restricted areas (protected areas, buffer zones, reserves): all mining in them is illegal."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely


def in_restricted(reg_geoms: np.ndarray, area_geoms: np.ndarray, names: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(inside any restricted area, names of the areas joined by '; ') per registration.

    A registration area counts as inside when it overlaps a restricted area at all.
    """
    inside = np.zeros(len(reg_geoms), dtype=bool)
    labels = [""] * len(reg_geoms)
    if not len(area_geoms) or not len(reg_geoms):
        return inside, labels
    tree = shapely.STRtree(area_geoms)
    reg, area = tree.query(reg_geoms, predicate="intersects")
    is_point = shapely.get_type_id(reg_geoms[reg]) == shapely.GeometryType.POINT
    # A registration area that only touches the boundary is not inside.
    real = is_point | shapely.relate_pattern(reg_geoms[reg], area_geoms[area], "T********")
    reg, area = reg[real], area[real]
    inside[reg] = True
    names = names.to_numpy()
    grouped: dict[int, list[str]] = {}
    for r, a in zip(reg, area, strict=True):
        grouped.setdefault(int(r), [])
        if names[a] not in grouped[int(r)]:
            grouped[int(r)].append(names[a])
    for r, found in grouped.items():
        labels[r] = "; ".join(found)
    return inside, labels
