"""A lossyear raster resampled to 300 m (as national overviews are): its loss counts whole pixels of
9 ha, so the analysis warns, and ``validate`` says so; Hansen's own 30 m pixels say nothing."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pytest
from affine import Affine

from concession_gis.analysis.forest_loss import forest_loss
from concession_gis.errors import CoarseRasterWarning
from concession_gis.progress import Feedback
from concession_gis.raster.describe import inspect_raster
from concession_gis.raster.sources import open_loss_sources
from concession_gis.rules import default_rules
from tests.raster_fixtures import HANSEN_RES, NORTH, WEST, write_raster

RES_300M = 0.0027  # 300 m of longitude at the equator is 300 / 111,320 = 0.002695°


def _claims(transform) -> gpd.GeoDataFrame:
    import pandas as pd
    import shapely

    box = shapely.box(transform.c, transform.f + 4 * transform.e, transform.c + 4 * transform.a, transform.f)
    return gpd.GeoDataFrame({"code": ["010000001"], "filed_on": pd.to_datetime(["2005-01-01"]),
                             "department": ["MADRE DE DIOS"], "province": ["TAMBOPATA"], "district": ["INAMBARI"]},
                            geometry=[box], crs="EPSG:4326")


def _warned(path, transform) -> list[CoarseRasterWarning]:
    sources = open_loss_sources([str(path)])
    claims = _claims(transform)
    empty = gpd.GeoSeries([], crs="EPSG:4326")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forest_loss(sources, claims, (np.zeros(0, int), np.zeros(0, int)), empty, empty, "EPSG:32719",
                    default_rules(), Feedback())
    return [w.message for w in caught if isinstance(w.message, CoarseRasterWarning)]


@pytest.mark.parametrize(
    ("res", "metres"),
    [(RES_300M, 300.56), (HANSEN_RES, None), (0.0008, None)],  # 0.0008° = 89 m: under the limit
    ids=["300 m", "Hansen's 30 m", "89 m"],
)
def test_coarse_lossyear_raster_is_warned_about(tmp_path, res, metres):
    transform = Affine(res, 0, WEST, 0, -res, NORTH)
    path = write_raster(tmp_path / "lossyear.tif", np.full((4, 4), 19, np.uint8), transform)
    found = _warned(path, transform)
    assert [w.values["metres"] for w in found] == ([pytest.approx(metres, abs=0.01)] if metres else [])
    _, problems = inspect_raster(path, "lossyear")
    assert ("raster.problem.coarse_pixels" in [p.code for p in problems]) == (metres is not None)


def test_a_projected_raster_at_300_m_is_warned_about(tmp_path):
    transform = Affine(300.0, 0, 300_000.0, 0, -300.0, 8_600_000.0)
    path = write_raster(tmp_path / "lossyear_utm.tif", np.full((4, 4), 19, np.uint8), transform, crs="EPSG:32719")
    _, problems = inspect_raster(path, "lossyear")
    (coarse,) = [p for p in problems if p.code == "raster.problem.coarse_pixels"]
    assert coarse.values["metres"] == pytest.approx(300.0)
