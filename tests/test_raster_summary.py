"""loss_summary: which source a claim's numbers come from, and loss since filing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from concession_gis.raster.zonal import ZonalLoss, loss_summary


def zonal(label: str, rows: list[tuple[int, int | None, float]], coverage, encoding="lossyear"):
    by_year = pd.DataFrame(
        {
            "feature": pd.Series([r[0] for r in rows], dtype="int64"),
            "year": pd.Series([r[1] for r in rows], dtype="Int64"),
            "loss_ha": pd.Series([r[2] for r in rows], dtype="float64"),
        }
    )
    return ZonalLoss(label, by_year, np.asarray(coverage, dtype=float), encoding)


HANSEN = zonal(
    "hansen.tif",
    [(0, 2005, 1.0), (0, 2015, 2.0), (1, 2010, 4.0), (2, 2020, 8.0)],
    coverage=[1.0, 0.6, 0.3, 0.0, 0.0],
)
GEOBOSQUES = zonal(
    "geobosques.tif",
    [(0, 2016, 16.0), (1, 2012, 32.0), (2, 2021, 64.0), (3, 2001, 128.0)],
    coverage=[1.0, 0.995, 0.1, 0.2, 0.0],
)


def test_first_source_reaching_min_coverage_wins_else_largest_coverage():
    summary = loss_summary([HANSEN, GEOBOSQUES], 5, np.array([2010.0] * 5), min_coverage=0.99)
    assert isinstance(summary.index, pd.RangeIndex) and len(summary) == 5
    assert list(summary.columns) == ["loss_ha", "loss_since_filed_ha", "raster_coverage", "loss_source"]
    # 0: both qualify, the first given wins; 1: only the second qualifies;
    # 2 and 3: none qualifies, the largest coverage wins; 4: no source touches it.
    assert summary["loss_source"].tolist()[:4] == [
        "hansen.tif", "geobosques.tif", "hansen.tif", "geobosques.tif",
    ]
    assert pd.isna(summary["loss_source"].iloc[4])
    assert summary["loss_ha"].tolist()[:4] == [3.0, 32.0, 8.0, 128.0]
    assert np.isnan(summary["loss_ha"].iloc[4])
    assert summary["raster_coverage"].tolist() == [1.0, 0.995, 0.3, 0.2, 0.0]


def test_loss_since_filed_counts_years_from_the_filing_year_on():
    since = np.array([2015.0, 2013.0, np.nan, 2001.0, 2000.0])
    summary = loss_summary([HANSEN, GEOBOSQUES], 5, since, min_coverage=0.99)
    assert summary["loss_since_filed_ha"].iloc[0] == 2.0  # 2015 counts, 2005 does not
    assert summary["loss_since_filed_ha"].iloc[1] == 0.0  # 2012 is before 2013
    assert np.isnan(summary["loss_since_filed_ha"].iloc[2])  # no filing year
    assert summary["loss_since_filed_ha"].iloc[3] == 128.0
    assert np.isnan(summary["loss_since_filed_ha"].iloc[4])  # no raster


def test_without_filing_years_loss_since_filed_is_unknown():
    summary = loss_summary([HANSEN], 5, None, min_coverage=0.99)
    assert summary["loss_since_filed_ha"].isna().all()
    assert summary["loss_ha"].iloc[0] == 3.0


def test_undated_mask_loss_counts_in_loss_only():
    scars = zonal("scars.tif", [(0, None, 5.0)], coverage=[1.0, 1.0], encoding="mask")
    summary = loss_summary([scars], 2, np.array([2010.0, 2010.0]), min_coverage=0.99)
    assert summary["loss_ha"].tolist() == [5.0, 0.0]
    assert summary["loss_since_filed_ha"].isna().all()


def test_no_sources_at_all():
    summary = loss_summary([], 3, np.array([2010.0] * 3), min_coverage=0.99)
    assert summary["loss_ha"].isna().all()
    assert summary["raster_coverage"].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_inputs(n):
    empty = zonal("x.tif", [], coverage=np.zeros(n))
    summary = loss_summary([empty], n, np.full(n, 2010.0), min_coverage=0.99)
    assert len(summary) == n
