"""Hosts: on whose concession each registration lies.

validate → index pairs from an STRtree → pick one host per registration, as geopandas' sjoin
does. A point is hosted by the senior concession of the best legal state that contains it
(titled before pending before extinct; within a state the earliest filing date and hour, then
the code). A registration area is hosted by the concession it overlaps most.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from concession_gis.analysis.legal_state import state_rank
from concession_gis.progress import Feedback, chunks

CHUNK = 20_000


def candidate_pairs(
    reg_geoms: np.ndarray, conc_geoms: np.ndarray, feedback: Feedback | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(registration, concession, overlap m²) for every registration lying on a concession.

    Points count on a concession's boundary too; areas need an overlap of positive area.
    The overlap is 0 for points.
    """
    tree = shapely.STRtree(conc_geoms)
    if feedback:
        feedback.stage("hosts", total=len(reg_geoms))
    regs, concs = [], []
    for part in chunks(len(reg_geoms), CHUNK):
        r, c = tree.query(reg_geoms[part], predicate="intersects")
        regs.append(r + part.start)
        concs.append(c)
        if feedback:
            feedback.advance(part.stop - part.start)
    reg = np.concatenate(regs) if regs else np.empty(0, np.int64)
    conc = np.concatenate(concs) if concs else np.empty(0, np.int64)
    overlap = np.zeros(len(reg))
    areas = shapely.get_type_id(reg_geoms[reg]) != shapely.GeometryType.POINT
    if areas.any():
        overlap[areas] = shapely.area(shapely.intersection(reg_geoms[reg[areas]], conc_geoms[conc[areas]]))
        keep = ~areas | (overlap > 0)
        reg, conc, overlap = reg[keep], conc[keep], overlap[keep]
    return reg, conc, overlap


def pick_hosts(
    n_registrations: int,
    reg: np.ndarray,
    conc: np.ndarray,
    overlap: np.ndarray,
    concessions: pd.DataFrame,
    rank: list[str],
) -> pd.DataFrame:
    """``host`` (position in ``concessions``, -1 for none) and ``n_hosts`` per registration.

    ``concessions`` needs ``legal_state``, ``filed_on``, ``_filed_time`` and ``code``.
    """
    n_hosts = np.bincount(reg, minlength=n_registrations)
    states = state_rank(concessions["legal_state"], rank)[conc]
    eligible = states < len(rank)
    reg, conc, overlap, states = reg[eligible], conc[eligible], overlap[eligible], states[eligible]
    filed = concessions["filed_on"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    filed = np.where(concessions["filed_on"].isna().to_numpy(), np.iinfo(np.int64).max, filed)[conc]
    hour = concessions["_filed_time"].to_numpy(dtype=float)[conc]
    code_order = pd.Series(concessions["code"]).rank(method="dense").to_numpy()[conc]
    # Sort keys from least to most significant; the first pair of each registration wins.
    order = np.lexsort((code_order, hour, filed, states, -overlap, reg))
    reg, conc = reg[order], conc[order]
    first = np.ones(len(reg), dtype=bool)
    first[1:] = reg[1:] != reg[:-1]
    host = np.full(n_registrations, -1, dtype=np.int64)
    host[reg[first]] = conc[first]
    return pd.DataFrame({"host": host, "n_hosts": n_hosts.astype(np.int64)})
