"""Pixel values to loss years: one decoder and one guesser for every reader, on hand-written values."""

from __future__ import annotations

import numpy as np
import pytest

from concession_gis.raster.loss_years import UNDATED, decode_years, guess_encoding, impossible


@pytest.mark.parametrize(
    ("encoding", "values", "years"),
    [
        # 200 would be the year 2200 and 255 a fill without nodata: no loss (set aside and counted).
        ("lossyear", [0, 1, 19, 24, -3, 200, 255], [0, 2001, 2019, 2024, 0, 0, 0]),
        # A year raster's 7 is no year, nor 2255: no loss, not loss in the year 7.
        ("year", [0, 2019, 1985, 7, -1, 2255], [0, 2019, 1985, 0, 0, 0]),
        ("mask", [0, 1, 255, 7], [0, UNDATED, UNDATED, UNDATED]),
    ],
)
def test_decode_years(encoding, values, years):
    assert decode_years(np.array(values), encoding).tolist() == years


@pytest.mark.parametrize(
    ("encoding", "values", "outside"),
    [
        ("lossyear", [0, 1, 24, 99, 200, 255, -3], [False, False, False, True, True, True, False]),
        ("year", [0, 1979, 1980, 2024, 2255, 7], [False, True, False, False, True, True]),
        ("year", [2019.5, np.nan, 2019.0], [True, False, False]),
        ("mask", [0, 1, 255, 7], [False, False, False, False]),
    ],
)
def test_impossible_values(encoding, values, outside):
    assert impossible(np.array(values), encoding).tolist() == outside


def test_decode_years_reads_nan_as_no_loss():
    assert decode_years(np.array([np.nan, 2019.0, np.inf]), "year").tolist() == [0, 2019, 0]


def test_decode_years_refuses_an_unknown_encoding():
    with pytest.raises(ValueError, match="lossyear, year, mask"):
        decode_years(np.array([1]), "hansen")


@pytest.mark.parametrize(
    ("values", "guess"),
    [
        ([0, 1, 5, 23], "lossyear"),
        ([0, 7], "lossyear"),  # one year of Hansen loss, not a mask
        ([0, 2001, 2019, 2024], "year"),
        ([0, 1985, 1985], "year"),
        ([0, 1], "mask"),
        ([0, 255], "mask"),
        ([0, 1, 255], "mask"),
        ([0, 140, 3000], None),
        ([0, 200], None),
        ([0, 2.5], None),
        ([0], None),
        ([], None),
    ],
)
def test_guess_encoding(values, guess):
    assert guess_encoding(np.array(values)) == guess
