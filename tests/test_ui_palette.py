"""The screen and the paper draw with one palette: same forest-loss colour for the same year,
same class colours for legal states and conflict types."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from concession_gis_ui.canvas.raster import RasterSource
from concession_gis_ui.styles import PALETTES, classify, hex_rgba

from concession_gis import columns, palette
from concession_gis.export import cartography as carto
from concession_gis.export.loss_layer import loss_rgba, read_loss_image
from concession_gis.export.mapframe import Extent
from tests.raster_fixtures import hansen_transform, write_raster


def test_loss_ramp_on_hand_written_years():
    assert palette.loss_year_colour(2001) == "#fcc5d9"
    assert palette.loss_year_colour(2013) == "#e7298a"
    assert palette.loss_year_colour(2025) == "#54086b"
    assert palette.loss_year_colour(1990) == "#fcc5d9"  # clamped, not extrapolated
    assert palette.loss_year_colour(2007) == "#f277b2"  # halfway between the first two stops


@pytest.mark.parametrize(
    ("encoding", "dtype", "values"),
    [
        ("lossyear", np.uint8, [[0, 1, 3, 12], [19, 24, 0, 7]]),
        ("year", np.uint16, [[0, 2001, 2003, 2012], [2019, 2024, 0, 7]]),
        ("mask", np.uint8, [[0, 1, 255, 0], [1, 1, 0, 255]]),
    ],
)
def test_screen_and_paper_colour_loss_alike(tmp_path, encoding, dtype, values):
    """A map that shows only some years still colours each year as the screen does."""
    t = hansen_transform()
    array = np.array(values, dtype=dtype)
    path = write_raster(tmp_path / f"{encoding}.tif", array, t)
    source = RasterSource(path, encoding)
    screen = source.lut[source.codes(array)]

    rows, cols = array.shape
    extent = Extent(t.c, t.f + rows * t.e, t.c + cols * t.a, t.f)
    summary = {"inputs": [{"kind": "loss_raster", "path": str(path), "encoding": encoding}]}
    image = read_loss_image(summary, source._dataset().crs, extent, array.shape)
    paper = loss_rgba(image)

    np.testing.assert_array_equal(screen, paper)
    assert tuple(paper[0, 0]) == (0, 0, 0, 0)  # no loss is transparent on both
    if encoding != "mask":
        assert tuple(paper[0, 1]) == hex_rgba("#fcc5d9")  # 2001
        assert tuple(paper[1, 1]) == hex_rgba(palette.loss_year_colour(2024))
    # A year raster's 7 is no year: set aside as no loss (transparent), as the analysis does.
    expected = {"lossyear": hex_rgba("#f277b2"), "year": (0, 0, 0, 0), "mask": hex_rgba(palette.LOSS_UNDATED)}
    assert tuple(paper[1, 3]) == expected[encoding]


def test_class_colours_agree():
    for state, style in carto.LEGAL_STATE.items():
        assert PALETTES["legal_state"][state] == hex_rgba(style.face)
    for conflict, style in carto.CONFLICT_TYPE.items():
        assert PALETTES["conflict_type"][conflict] == hex_rgba(style.colour)
    assert PALETTES["legal_state"]["titled"] == hex_rgba("#2c6fbb")
    assert PALETTES["conflict_type"]["coexistence_candidate"] == hex_rgba("#009E73")



def test_every_stratum_has_a_colour_and_words():
    """Styling claims by stratum draws large and medium holders (a --holders table) too, in
    colours of their own and with words, not codes, in the legend."""
    frame = pd.DataFrame({"stratum": ["large", "medium", "large_medium", "small", "artisanal", "unknown"]})
    classes = classify(frame, "stratum", "polygon", "concessions", "en")
    assert set(palette.STRATUM) == set(columns.STRATA)
    assert len(set(palette.STRATUM.values())) == len(palette.STRATUM)
    labels = dict(zip(classes.values, classes.labels, strict=True))
    assert (labels["large"], labels["medium"]) == ("Large-scale mining", "Medium-scale mining")
    assert (classes.codes < len(classes.values)).all()  # every value has a class of its own
