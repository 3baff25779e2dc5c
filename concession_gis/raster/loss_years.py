"""Pixel values of a forest-loss raster as loss years: the encodings, their guesser and decoder.

Three encodings are met in practice:

- ``lossyear`` (Hansen Global Forest Change): k > 0 is loss in the year 2000 + k, 0 is none;
- ``year`` (e.g. GEOBOSQUES): the value is the calendar year, 0 or nodata is none;
- ``mask``: any non-zero value is disturbed ground, with no date.

Every reader (zonal loss, the print maps, the canvas, ``validate``) decodes through
:func:`decode_years`, so a pixel means the same year everywhere.

>>> decode_years(np.array([0, 1, 24]), "lossyear").tolist()
[0, 2001, 2024]
"""

from __future__ import annotations

import numpy as np

ENCODINGS = ("lossyear", "year", "mask")
DEFAULT_ENCODING = "lossyear"
# Decoded value of loss that has no date (a mask, or a value in a year raster that is no year).
UNDATED = -1
HANSEN_BASE_YEAR = 2000
# Hansen counts years since 2000 in one byte; no release reaches this many years yet.
LAST_LOSSYEAR_CODE = 30
# Calendar years a ``year`` raster can plausibly hold (satellite forest-loss records start in the 1980s).
FIRST_PLAUSIBLE_YEAR, LAST_PLAUSIBLE_YEAR = 1980, 2100
MASK_VALUES = (1, 255)


def decode_years(values: np.ndarray, encoding: str) -> np.ndarray:
    """Loss year of each pixel value: 0 for no loss, ``UNDATED`` (-1) for loss with no date.

    Zero, negative values and NaN are no loss in every encoding. In a ``year`` raster a positive
    value outside the plausible years is loss whose date cannot be read, not loss in year 7.
    """
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = np.where(np.isfinite(values), values, 0)
    loss = values > 0 if encoding != "mask" else values != 0
    values = values.astype(np.int64)  # unsigned pixels could not hold UNDATED
    if encoding == "lossyear":
        years = values + HANSEN_BASE_YEAR
    elif encoding == "year":
        plausible = (values >= FIRST_PLAUSIBLE_YEAR) & (values <= LAST_PLAUSIBLE_YEAR)
        years = np.where(plausible, values, UNDATED)
    elif encoding == "mask":
        years = np.full(values.shape, UNDATED, dtype=np.int64)
    else:
        raise ValueError(f"unknown loss encoding {encoding!r}; one of {', '.join(ENCODINGS)}")
    return np.where(loss, years, 0)


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
    if whole and nonzero.min() >= 1 and nonzero.max() <= LAST_LOSSYEAR_CODE:
        return "lossyear"
    if whole and nonzero.min() >= FIRST_PLAUSIBLE_YEAR and nonzero.max() <= LAST_PLAUSIBLE_YEAR:
        return "year"
    return None
