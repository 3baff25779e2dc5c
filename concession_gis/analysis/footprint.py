"""The miners' footprint on titled ground, for ``m_footprint``: each titled claim's hectares within
``registrations.loss_buffer_m`` of an active registration.

``m_informal_share`` counts a whole claim as held by informal miners as soon as one active
registration lies on it; the footprint counts only the ground around the miners, the same radius
their forest loss is measured in (``loss_ha_500m``). Buffers of several registrations that
overlap count once (their union), and a buffer reaching over a claim's edge counts on each claim
it reaches, whichever claim hosts the registration.

A registration placed by its declared code (``located_by`` = ``declared_code``) has no point of
its own, only a point somewhere in its claim: it has no footprint, as it has no
``loss_ha_500m``.

Shapes are in the working equal-area CRS: planar areas are ellipsoidal hectares.
"""

from __future__ import annotations

import numpy as np
import shapely

from concession_gis.analysis.free_ground import unions_by
from concession_gis.geodesy import area_ha

# Segments per quarter circle of a buffer, as forest_loss.py draws them: the 64-gon's area is
# 0.16% under the circle's.
QUAD_SEGS = 16


def footprint_ha(claims_w: np.ndarray, titled: np.ndarray, reg_w: np.ndarray, active: np.ndarray,
                 radius_m: float) -> np.ndarray:
    """Per claim (0 for those not ``titled``): its hectares within ``radius_m`` of an ``active``
    registration (``reg_w`` in the working CRS)."""
    out = np.zeros(len(claims_w))
    claims = np.flatnonzero(titled)
    if not len(claims) or not active.any():
        return out
    buffers = shapely.buffer(reg_w[active], radius_m, quad_segs=QUAD_SEGS)
    valid = shapely.make_valid(claims_w[claims])
    claim, near = shapely.STRtree(buffers).query(valid, predicate="intersects")
    if not len(claim):
        return out
    hit, reach = unions_by(claim, buffers[near])
    out[claims[hit]] = area_ha(shapely.intersection(valid[hit], reach))
    return out
