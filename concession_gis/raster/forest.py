"""Forest baseline rasters (``--forest PATH[:ENCODING]``): which pixels were forest, and how much
forest each polygon holds.

Two encodings are met in practice:

- ``treecover`` (Hansen Global Forest Change, ``treecover2000``): the pixel's canopy cover in
  percent, 0..100; forest where it is at least the rules' ``forest.min_canopy_percent``;
- ``mask``: a forest / non-forest map (e.g. MINAM's or GEOBOSQUES' forest cover): any non-zero
  value is forest.

The rasters are opened, checked and mosaicked exactly as loss rasters are (:mod:`.sources`), and
measured by the same engine (:func:`~.zonal.zonal_sums`): exact coverage, each pixel's true area.

>>> forest_pixels(np.array([0, 29, 30, 100, 200]), "treecover", 30).tolist()
[False, False, True, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np

from concession_gis.geodesy import M2_PER_HA
from concession_gis.progress import Feedback
from concession_gis.raster.sources import LossSource, open_raster_sources, parse_raster_spec
from concession_gis.raster.zonal import zonal_sums

FOREST_ENCODINGS = ("treecover", "mask")
# Hansen's treecover2000 holds percentages; a larger value is no canopy cover (a fill value).
MAX_PERCENT = 100


def parse_forest_spec(spec: str) -> tuple[Path, str]:
    """Split ``PATH[:ENCODING]`` into the path and the encoding (``treecover`` when none)."""
    return parse_raster_spec(spec, FOREST_ENCODINGS, "error.unknown_forest_encoding")


def open_forest_sources(
    specs: Sequence[str], assume_crs: str | int | None = None, workdir: Path | None = None
) -> list[LossSource]:
    """Check every forest raster of ``specs`` and group tiles of one grid into one source each."""
    return open_raster_sources(specs, parse_forest_spec, assume_crs, workdir)


def forest_pixels(values: np.ndarray, encoding: str, min_canopy_percent: float) -> np.ndarray:
    """Whether each pixel value is forest: canopy cover of at least ``min_canopy_percent`` (and
    at most 100) for ``treecover``, any non-zero value for ``mask``; NaN is never forest."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = np.where(np.isfinite(values), values, 0)
    if encoding == "treecover":
        return (values >= min_canopy_percent) & (values <= MAX_PERCENT) & (values > 0)
    if encoding == "mask":
        return values != 0
    raise ValueError(f"unknown forest encoding {encoding!r}; one of {', '.join(FOREST_ENCODINGS)}")


@dataclass(frozen=True)
class ZonalForest:
    """Forest of every polygon from one forest source: hectares, and the share on valid pixels."""

    source: str
    forest_ha: np.ndarray
    coverage: np.ndarray


def zonal_forest(
    source: LossSource, geometries: gpd.GeoSeries, min_canopy_percent: float, feedback: Feedback | None = None
) -> ZonalForest:
    """Hectares of forest in each polygon: the covered area of each forest pixel, on the ellipsoid."""
    sums, coverage = zonal_sums(source, geometries, feedback, stage="zonal_forest")
    forest = forest_pixels(sums.values, source.encoding, min_canopy_percent) & (sums.m2 > 0)
    m2 = np.bincount(sums.positions[forest], weights=sums.m2[forest], minlength=len(geometries))
    return ZonalForest(source.label, m2 / M2_PER_HA, coverage)
