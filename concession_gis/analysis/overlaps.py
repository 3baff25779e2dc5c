"""Overlapping concessions: pairs whose intersection exceeds the rules' minimum area and width.

The width rule is there for claims stored in degrees. A claim's edges are straight in UTM, where
INGEMMET defines them; a file in longitude/latitude joins the same corners with lines straight in
degrees, which bow away from the UTM ones by up to about half a metre on a 10 km edge, and its
rounded vertices move by up to 5 cm more. Where one claim's corner lies on a neighbour's long
edge, the two then overlap along the edge by a sliver a few hundred square metres large and
under a metre wide, which the same claims in UTM do not have.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from concession_gis.analysis.groups import groups_by
from concession_gis.geodesy import area_ha
from concession_gis.progress import Feedback, chunks

CHUNK = 20_000


def overlap_pairs(
    geoms: np.ndarray, code: pd.Series, legal_state: pd.Series, senior: np.ndarray, min_ha: float,
    min_width_m: float, feedback: Feedback | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """(pairs table, overlapped hectares per concession) for geometries in the working CRS, with
    the concessions' ``code``, ``legal_state`` and ``senior``, their rank by
    :func:`~concession_gis.analysis.legal_state.seniority`. Two claims overlap when their
    intersection exceeds ``min_ha`` and is at least ``min_width_m`` wide somewhere (a disc that
    wide fits inside it): a sliver along a shared edge is no overlap, however long.

    The pairs table has ``a``, ``b`` (positions), ``code_a``, ``code_b``, ``overlap_ha``,
    ``senior_code`` (of the more senior claim), ``legal_state_a`` and ``_b``, and ``shape``, the
    overlap itself in the working CRS.
    The per-concession figure is the area of the union of its overlaps, so a claim covered
    twice over the same ground is not counted twice.
    """
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    if feedback:
        feedback.stage("overlaps", total=len(a))
    # Claims that only touch meet in lines or points, of no area, which the area rule drops: they
    # are cut with the others rather than told apart first (a relate took half as long as the
    # cuts it spared).
    shapes = np.empty(len(a), dtype=object)
    for part in chunks(len(a), CHUNK):
        shapes[part] = shapely.intersection(geoms[a[part]], geoms[b[part]])
        if feedback:
            feedback.advance(part.stop - part.start)
    hectares = area_ha(shapes)
    big = np.flatnonzero(hectares > min_ha)
    # Shrinking the overlap by half the width leaves nothing of a sliver narrower than it.
    wide = big[~shapely.is_empty(shapely.buffer(shapes[big], -min_width_m / 2, quad_segs=2))]
    a, b, shapes, hectares = a[wide], b[wide], shapes[wide], hectares[wide]

    codes = code.to_numpy()
    state = legal_state.to_numpy()
    pairs = pd.DataFrame({
        "a": a, "b": b, "code_a": codes[a], "code_b": codes[b], "overlap_ha": hectares,
        "senior_code": np.where(senior[a] <= senior[b], codes[a], codes[b]),
        "legal_state_a": state[a], "legal_state_b": state[b], "shape": shapes,
    })

    per_concession = np.zeros(len(geoms))
    if len(a):
        owners, parts = groups_by(np.concatenate([a, b]))
        pieces = np.concatenate([shapes, shapes])
        per_concession[owners] = area_ha([shapely.union_all(pieces[part]) for part in parts])
    return pairs, per_concession
