"""Pixel values to loss years: one decoder and one guesser for every reader, on hand-written values."""

from __future__ import annotations

import numpy as np
import pytest

from concession_gis.raster.loss_years import UNDATED, decode_years, guess_encoding


@pytest.mark.parametrize(
    ("encoding", "values", "years"),
    [
        ("lossyear", [0, 1, 19, 24, -3], [0, 2001, 2019, 2024, 0]),
        # A year raster's 7 is no year: undated loss, not loss in the year 7 nor no loss at all.
        ("year", [0, 2019, 1985, 7, -1], [0, 2019, 1985, UNDATED, 0]),
        ("mask", [0, 1, 255, 7], [0, UNDATED, UNDATED, UNDATED]),
    ],
)
def test_decode_years(encoding, values, years):
    assert decode_years(np.array(values), encoding).tolist() == years


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
