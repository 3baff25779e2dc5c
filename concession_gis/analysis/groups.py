"""Positions grouped by key: the one sort the overlaps, the free ground, the fronts and the
nearest plants use to work key by key without scanning every key for every distinct one."""

from __future__ import annotations

import numpy as np


def groups_by(keys: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct ``keys`` (sorted) and the positions of each: one sort, not a scan of every
    key for every distinct one."""
    if not len(keys):
        return keys, []
    order = np.argsort(keys, kind="stable")
    starts = np.flatnonzero(np.r_[True, keys[order][1:] != keys[order][:-1]])
    return keys[order][starts], np.split(order, starts[1:])
