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
    return inside, _names(reg, area, names, len(reg_geoms))


def claim_in_restricted(claim_geoms: np.ndarray, area_geoms: np.ndarray, names: pd.Series) -> tuple[pd.Series, list[str]]:
    """(inside, names of the areas overlapped) for registrations located by the claim they
    declare, one claim shape each: the miner works somewhere on that claim, not known where.

    True only where the whole claim lies inside restricted areas, False where it overlaps none,
    <NA> where it lies partly inside (the miner may be on either part). A claim that only
    touches an area's boundary overlaps none.
    """
    inside = pd.Series(False, index=pd.RangeIndex(len(claim_geoms)), dtype="boolean")
    if not len(area_geoms) or not len(claim_geoms):
        return inside, [""] * len(claim_geoms)
    reg, area = shapely.STRtree(area_geoms).query(claim_geoms, predicate="intersects")
    real = shapely.relate_pattern(claim_geoms[reg], area_geoms[area], "T********")
    reg, area = reg[real], area[real]
    for r in np.unique(reg):
        covered = shapely.covered_by(claim_geoms[r], shapely.union_all(area_geoms[area[reg == r]]))
        inside[int(r)] = True if covered else pd.NA
    return inside, _names(reg, area, names, len(claim_geoms))


def _names(reg: np.ndarray, area: np.ndarray, names: pd.Series, n: int) -> list[str]:
    """The names of the areas each registration overlaps, joined by '; ', each once."""
    labels = [""] * n
    names = names.to_numpy()
    grouped: dict[int, list[str]] = {}
    for r, a in zip(reg, area, strict=True):
        grouped.setdefault(int(r), [])
        if names[a] not in grouped[int(r)]:
            grouped[int(r)].append(names[a])
    for r, found in grouped.items():
        labels[r] = "; ".join(found)
    return labels
