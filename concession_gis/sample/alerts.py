"""Near-real-time deforestation alerts in GFW's integrated encoding, from the sample's own loss.

The integrated alerts (GLAD-L, GLAD-S2, RADD) come as one integer per pixel: the leading digit
is the confidence (2 low, 3 high, 4 highest, when two systems agree), the other four the days
since 2014-12-31 (20001 = low confidence, 2015-01-01); 0 is no alert. They start in 2019 here,
so the sample's alerts are its loss of 2019 onwards, each on a day of its year and with a
confidence drawn per pixel: the same clearings as ``lossyear``, dated to the day.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from concession_gis.sample.lossyear import LossFields, loss_window
from concession_gis.sample.noise import hashed_uniform

EPOCH = dt.date(2014, 12, 31)
FIRST_YEAR = 2019
# Shares of low, high and highest confidence among the alerts (a tool choice for the sample).
CONFIDENCE_SHARES = ((2, 0.45), (3, 0.35), (4, 0.20))


def alerts_window(fields: LossFields, row0: int, col0: int, height: int, width: int) -> np.ndarray:
    """Encoded alerts (uint16) of one window at global pixel offset (row0, col0)."""
    year = loss_window(fields, row0, col0, height, width).astype(np.int64) + 2000
    alerted = year >= FIRST_YEAR
    rows = np.arange(row0, row0 + height)[:, None]
    cols = np.arange(col0, col0 + width)[None, :]
    start = np.array([(dt.date(int(y), 1, 1) - EPOCH).days for y in range(2000, 2100)])
    length = np.array([366 if dt.date(int(y), 12, 31).timetuple().tm_yday == 366 else 365 for y in range(2000, 2100)])
    index = np.clip(year - 2000, 0, 99)
    day = start[index] + (hashed_uniform(rows, cols, fields.salt + 23) * length[index]).astype(np.int64)
    draw = hashed_uniform(rows, cols, fields.salt + 29)
    bounds = np.cumsum([share for _, share in CONFIDENCE_SHARES])
    confidence = np.array([digit for digit, _ in CONFIDENCE_SHARES])[np.searchsorted(bounds, draw, side="right").clip(0, 2)]
    return np.where(alerted, confidence * 10_000 + day, 0).astype(np.uint16)
