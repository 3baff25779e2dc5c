"""Scale-bar lengths, one rule for the print maps and the canvas."""

from __future__ import annotations

import math

import pytest

from concession_gis.scale_bar import nice_length


@pytest.mark.parametrize(
    ("room_m", "length_m"),
    [(0.9, 0.5), (1, 1), (140, 100), (2_400, 2_000), (3_900, 2_500), (7_500, 5_000), (10_000, 10_000),
     (0, 0), (-5, 0), (math.inf, 0), (math.nan, 0)],
)
def test_nice_length(room_m, length_m):
    assert nice_length(room_m) == pytest.approx(length_m)
