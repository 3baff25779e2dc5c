"""Pixel values of a forest-loss raster as loss years: the encodings, their guesser and decoder.

Four encodings are met in practice:

- ``lossyear`` (Hansen Global Forest Change): k > 0 is loss in the year 2000 + k, 0 is none;
- ``year`` (e.g. GEOBOSQUES): the value is the calendar year, 0 or nodata is none;
- ``mask``: any non-zero value is disturbed ground, with no date;
- ``alerts`` (GFW integrated alerts, GLAD-L/S2, RADD): the leading digit is the confidence
  (2 low, 3 high, 4 highest: detected by more than one system), the other four the day, counted
  from 2014-12-31 (day 1 is 2015-01-01); 0 is none. 21847 and 41847 are both 2020-01-21.

Every reader (zonal loss, the print maps, the canvas, ``validate``) decodes through
:func:`decode_years`, so a pixel means the same year everywhere. A value the encoding cannot hold
(lossyear 200, which would be the year 2200; a 255 fill without nodata; a year 7 or 2090) is no
loss: :func:`impossible` finds those pixels, which the analysis sets aside and counts.

>>> decode_years(np.array([0, 1, 24]), "lossyear").tolist()
[0, 2001, 2024]
>>> decode_years(np.array([20001, 30055, 41847]), "alerts").tolist()
[2015, 2015, 2020]
"""

from __future__ import annotations

import datetime

import numpy as np

ENCODINGS = ("lossyear", "year", "mask", "alerts")
DEFAULT_ENCODING = "lossyear"
# The encodings whose 0 is "no loss": a nodata of 0 declared on them is read as that value.
ZERO_IS_NO_LOSS = ("lossyear", "mask", "alerts")
# Decoded value of loss that has no date (a mask, or a value in a year raster that is no year).
UNDATED = -1
HANSEN_BASE_YEAR = 2000
# Calendar years a ``year`` raster can hold (satellite forest-loss records start in the 1980s;
# no loss is recorded after the current year).
FIRST_PLAUSIBLE_YEAR = 1980
MASK_VALUES = (1, 255)
# Alerts: day 0 of the count, the confidences a value's leading digit may hold, and the divisor
# that splits a value into its confidence and its day.
ALERT_EPOCH = datetime.date(2014, 12, 31)
ALERT_CONFIDENCES = (2, 3, 4)
ALERT_LOW = 2
_ALERT_SPLIT = 10_000


def last_year() -> int:
    """The last year a loss raster can record: this one."""
    return datetime.date.today().year


def impossible(values: np.ndarray, encoding: str) -> np.ndarray:
    """Pixels whose positive value the encoding cannot hold: a lossyear code past this year or not
    whole, a year outside 1980..this year or not whole. Every value of a mask is possible."""
    values = np.asarray(values)
    if encoding == "mask":
        return np.zeros(values.shape, dtype=bool)
    finite = np.where(np.isfinite(values), values, 0) if values.dtype.kind == "f" else values
    whole = finite == np.round(finite) if values.dtype.kind == "f" else np.ones(values.shape, dtype=bool)
    if encoding == "alerts":
        confidence, days = np.divmod(np.where(whole, finite, 0).astype(np.int64), _ALERT_SPLIT)
        today = (datetime.date.today() - ALERT_EPOCH).days
        known = np.isin(confidence, ALERT_CONFIDENCES) & (days >= 1) & (days <= today)
        return (finite > 0) & ~(whole & known)
    if encoding == "lossyear":
        low, high = 1, last_year() - HANSEN_BASE_YEAR
    elif encoding == "year":
        low, high = FIRST_PLAUSIBLE_YEAR, last_year()
    else:
        raise ValueError(f"unknown loss encoding {encoding!r}; one of {', '.join(ENCODINGS)}")
    return (finite > 0) & ~(whole & (finite >= low) & (finite <= high))


def decode_years(values: np.ndarray, encoding: str, min_confidence: int = ALERT_LOW) -> np.ndarray:
    """Loss year of each pixel value: 0 for no loss, ``UNDATED`` (-1) for loss with no date.

    Zero, negative values, NaN and values the encoding cannot hold (:func:`impossible`) are no
    loss in every encoding; so is an alert below ``min_confidence``.
    """
    if encoding == "alerts":
        dates = alert_dates(values, min_confidence)
        years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        return np.where(np.isnat(dates), 0, years)
    values = np.asarray(values)
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown loss encoding {encoding!r}; one of {', '.join(ENCODINGS)}")
    outside = impossible(values, encoding)
    if values.dtype.kind == "f":
        values = np.where(np.isfinite(values), values, 0)
    loss = (values > 0 if encoding != "mask" else values != 0) & ~outside
    values = values.astype(np.int64)  # unsigned pixels could not hold UNDATED
    if encoding == "lossyear":
        years = values + HANSEN_BASE_YEAR
    elif encoding == "year":
        years = values
    else:
        years = np.full(values.shape, UNDATED, dtype=np.int64)
    return np.where(loss, years, 0)


def alert_confidence(values: np.ndarray) -> np.ndarray:
    """The confidence (2, 3 or 4) of each alert value; 0 where the value is no alert."""
    values = np.asarray(values)
    finite = np.where(np.isfinite(values), values, 0) if values.dtype.kind == "f" else values
    confidence = np.asarray(finite, dtype=np.int64) // _ALERT_SPLIT
    return np.where(impossible(values, "alerts") | (finite <= 0), 0, confidence)


def alert_dates(values: np.ndarray, min_confidence: int = ALERT_LOW) -> np.ndarray:
    """The day (numpy datetime64[D]) of each alert value of at least ``min_confidence``; NaT
    elsewhere.

    >>> alert_dates(np.array([20001, 30055, 21847, 41847, 0])).astype(str).tolist()
    ['2015-01-01', '2015-02-24', '2020-01-21', '2020-01-21', 'NaT']
    """
    values = np.asarray(values)
    confidence = alert_confidence(values)
    finite = np.where(np.isfinite(values), values, 0) if values.dtype.kind == "f" else values
    days = np.asarray(finite, dtype=np.int64) % _ALERT_SPLIT
    dates = np.datetime64(ALERT_EPOCH, "D") + days.astype("timedelta64[D]")
    return np.where((confidence >= min_confidence) & (confidence > 0), dates, np.datetime64("NaT", "D"))


def kept_after(values: np.ndarray, encoding: str, since: datetime.date | None) -> np.ndarray:
    """Whether each pixel value is loss on or after ``since`` (everything when None): by the day
    for alerts, by the year for yearly encodings (loss in the year of ``since`` counts, the
    raster cannot say which day), never for undated loss (a mask)."""
    values = np.asarray(values)
    if since is None:
        return np.ones(values.shape, dtype=bool)
    if encoding == "alerts":
        return alert_dates(values) >= np.datetime64(since, "D")
    return decode_years(values, encoding) >= since.year


def guess_encoding(values: np.ndarray) -> str | None:
    """'mask', 'lossyear' or 'year' from the valid values seen (any order, repeats allowed).

    None when no encoding fits, or when there is no non-zero value to judge by. A lone 1 reads
    as a mask (a mask is the likelier file with a single value), any other lone small value as
    Hansen loss in one year.
    """
    values = np.asarray(values, dtype=float)
    nonzero = np.unique(values[(values != 0) & np.isfinite(values)])
    if nonzero.size == 0:
        return None
    if np.isin(nonzero, MASK_VALUES).all():
        return "mask"
    whole = bool(np.all(nonzero == np.round(nonzero)))
    if whole and nonzero.min() >= 1 and nonzero.max() <= last_year() - HANSEN_BASE_YEAR:
        return "lossyear"
    if whole and nonzero.min() >= FIRST_PLAUSIBLE_YEAR and nonzero.max() <= last_year():
        return "year"
    if whole and not impossible(nonzero, "alerts").any():
        return "alerts"
    return None
