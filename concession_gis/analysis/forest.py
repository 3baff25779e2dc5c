"""Forest on each claim, from forest baseline rasters (``--forest``): where loss could be seen.

A claim takes its forest from the first source covering at least ``idle.min_raster_coverage``
of it, else from the source covering most of it (as loss does, :func:`~.zonal.choose_sources`);
a claim no source touches has no figure (NaN), never 0 ha.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from concession_gis.progress import Feedback
from concession_gis.raster.forest import zonal_forest
from concession_gis.raster.sources import LossSource
from concession_gis.raster.zonal import choose_sources
from concession_gis.rules import Rules


def forest_cover(sources: list[LossSource], claims: gpd.GeoSeries, rules: Rules, feedback: Feedback) -> pd.DataFrame:
    """``forest_ha`` and ``forest_coverage`` (the share of the claim on the chosen source's valid
    pixels) per claim, on ``claims``' index."""
    canopy = rules["forest"]["min_canopy_percent"]
    zonals = [zonal_forest(source, claims, canopy, feedback) for source in sources]
    coverage = np.array([z.coverage for z in zonals]).reshape(len(zonals), len(claims))
    chosen = choose_sources(coverage, rules["idle"]["min_raster_coverage"])
    forest = np.full(len(claims), np.nan)
    covered = np.zeros(len(claims))
    for k, zonal in enumerate(zonals):
        mine = chosen == k
        forest[mine] = zonal.forest_ha[mine]
        covered[mine] = zonal.coverage[mine]
    return pd.DataFrame({"forest_ha": forest, "forest_coverage": covered}, index=claims.index)
