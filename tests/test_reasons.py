"""Reasons as codes: encoded, decoded and rendered at the edges in the reader's language."""

import numpy as np
import pandas as pd

from concession_gis.reasons import Reason, decode, encode, encode_each, render, render_column


def test_round_trip_keeps_codes_and_numbers():
    reasons = [Reason("idle.loss", {"ha": np.float64(12.4), "pct": 2.1}), Reason("idle.no_production")]
    cell = encode(reasons)
    assert decode(cell) == [Reason("idle.loss", {"ha": 12.4, "pct": 2.1}), Reason("idle.no_production", {})]
    assert isinstance(decode(cell)[0].values["ha"], float)


def test_empty_and_missing_cells_have_no_reasons():
    assert encode([]) == ""
    for cell in ("", None, pd.NA, float("nan")):
        assert decode(cell) == []
        assert render(cell, "es") == ""


def test_render_in_each_language():
    cell = encode([Reason("idle.no_production")])
    spanish, english = render(cell, "es"), render(cell, "en")
    assert spanish and english and spanish != english


def test_render_column_renders_each_cell():
    cells = encode_each([[Reason("idle.no_production")], [], [Reason("idle.no_production")]])
    words = render_column(cells, "en")
    assert words.iloc[0] == words.iloc[2] == render(cells.iloc[0], "en")
    assert words.iloc[1] == ""
