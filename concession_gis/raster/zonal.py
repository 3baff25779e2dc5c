"""Forest loss per polygon and year: exact coverage, true ellipsoidal pixel areas, bounded memory.

Each pixel counts with the fraction of its area inside the polygon (:mod:`coverage`) times its
area on the WGS84 ellipsoid (:mod:`pixel_area`). The raster is read in blocks shared by neighbouring
polygons (:mod:`windows`), so memory stays flat whatever the raster's size. Overlapping polygons
are independent: each gets its full count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import ProjError

from concession_gis.errors import MissingCRSError
from concession_gis.geodesy import M2_PER_HA, area_ha, lonlat_bounds, to_working, working_crs
from concession_gis.progress import Beside, Feedback
from concession_gis.raster.extract import BlockSums
from concession_gis.raster.loss_years import impossible
from concession_gis.raster.parallel import extract_batches, extracts_elsewhere
from concession_gis.raster.sources import LossSource
from concession_gis.raster.windows import (
    batches,
    pieces_on_raster,
    pixel_windows,
    polygonal,
    spatial_order,
    touching_raster,
)

# Share of a polygon below which its valid area is round-off (1 m² of a 100 ha claim).
COVERAGE_ROUNDOFF = 1e-6


@dataclass
class ZonalLoss:
    """Forest loss of every polygon from one loss source."""

    source: str
    by_year: pd.DataFrame
    coverage: np.ndarray
    encoding: str = "lossyear"
    # Area on the polygons of pixels whose value the encoding cannot hold (set aside: no loss),
    # and those values, a few.
    impossible_ha: float = 0.0
    impossible_values: tuple[float, ...] = ()


def zonal_loss(
    source: LossSource,
    geometries: gpd.GeoSeries,
    feedback: Feedback | None = None,
    *,
    stage: str = "zonal_loss",
) -> ZonalLoss:
    """Hectares lost per polygon and year, and the share of each polygon on valid pixels."""
    sums, coverage = zonal_sums(source, geometries, feedback, stage=stage)
    by_year = _loss_rows(sums, source)
    outside = impossible(sums.values, source.encoding) & (sums.m2 > 0)
    return ZonalLoss(source=source.label, by_year=by_year, coverage=coverage, encoding=source.encoding,
                     impossible_ha=float(sums.m2[outside].sum() / M2_PER_HA),
                     impossible_values=tuple(float(v) for v in np.unique(sums.values[outside])[:5]))


def zonal_sums(
    source: LossSource,
    geometries: gpd.GeoSeries,
    feedback: Feedback | None = None,
    *,
    stage: str = "zonal_loss",
) -> tuple[BlockSums, np.ndarray]:
    """The m² of each polygon on each non-zero pixel value (:class:`BlockSums`), and the share of
    each polygon on valid pixels: what every zonal measure (loss years, forest) is read from."""
    feedback = feedback or Feedback()
    if geometries.crs is None:
        raise MissingCRSError(key="error.polygons_without_crs")
    n = len(geometries)
    values = np.asarray(geometries.values, dtype=object)
    present = np.flatnonzero(~(shapely.is_missing(values) | shapely.is_empty(values)))
    # Only the polygons on the raster are moved and measured (a region's raster under a national
    # cadastre): first by boxes in their own CRS, then exactly in the raster's.
    present = present[_near_footprint(values[present], geometries.crs, source)]
    # The polygons' ellipsoidal areas (a fifth of a call on the region) need nothing the
    # extraction computes: where other processes extract, they are measured on a thread of their
    # own from here on, beside the moving, cutting and batching and then the wait for the
    # workers; where the calling thread extracts itself, in turn.
    elsewhere = extracts_elsewhere(len(present), len(present))
    with Beside(lambda own: _ellipsoidal_m2(gpd.GeoSeries(values[present], crs=geometries.crs), own), feedback,
                "zonal-areas", concurrent=elsewhere) as areas:
        in_raster = polygonal(to_raster_crs(values[present], geometries.crs, source.crs))
        touching = touching_raster(in_raster, source)
        on, in_raster = present[touching], in_raster[touching]
        positions, pieces = pieces_on_raster(on, in_raster, source)
        order = spatial_order(pieces, source)
        positions, pieces = positions[order], pieces[order]

        windows = pixel_windows(pieces, source)
        feedback.stage(stage, len(pieces))
        work = [(positions[part], list(shapely.to_wkb(pieces[part])), window) for part, window in batches(windows)]
        sums = BlockSums.concatenate(extract_batches(source, work, len(pieces), feedback), source.dtype)
        present_m2 = areas.result()
    polygon_m2, valid_m2 = np.zeros(n), np.zeros(n)
    polygon_m2[on] = present_m2[touching]
    valid_m2[on] = _on_raster_m2(in_raster, polygon_m2[on], source, feedback)
    np.subtract.at(valid_m2, sums.nodata_positions, sums.nodata_m2)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(polygon_m2 > 0, np.clip(valid_m2 / polygon_m2, 0.0, 1.0), 0.0)
    # A claim wholly on nodata is left with the round-off of two ways of measuring its area
    # (about 1e-10 of it): no coverage, so no loss figure rather than 0 ha.
    coverage[coverage < COVERAGE_ROUNDOFF] = 0.0
    return sums, coverage


def to_raster_crs(geometries, from_crs, to_crs) -> np.ndarray:
    """``geometries`` (array-like) reprojected to ``to_crs``, long edges densified first."""
    series = gpd.GeoSeries(np.asarray(geometries, dtype=object), crs=from_crs)
    return np.asarray(to_working(series, to_crs).values, dtype=object)


def _near_footprint(geoms: np.ndarray, crs, source: LossSource) -> np.ndarray:
    """Whether each geometry's box meets the raster's extent moved to ``crs`` (edges densified,
    so the extent only grows); everything when the extent cannot be moved there."""
    near = np.ones(len(geoms), dtype=bool)
    if len(geoms) == 0 or CRS(crs) == source.crs:
        return near
    try:
        to_theirs = Transformer.from_crs(source.crs, crs, always_xy=True)
        left, bottom, right, top = to_theirs.transform_bounds(*source.bounds, densify_pts=21)
    except ProjError:
        return near
    if not np.all(np.isfinite([left, bottom, right, top])) or left > right:
        return near
    bounds = shapely.bounds(geoms)
    return ~((bounds[:, 0] > right) | (bounds[:, 2] < left) | (bounds[:, 1] > top) | (bounds[:, 3] < bottom))


# Polygons measured at a time: a cancelled run stops between them (2,000 claims: about 40 ms).
AREA_CHUNK = 2_000


def _ellipsoidal_m2(series: gpd.GeoSeries, feedback: Feedback | None = None) -> np.ndarray:
    """Each polygon's ellipsoidal m², in an equal-area CRS chosen for them all."""
    out = np.zeros(len(series))
    if len(series) == 0:
        return out
    equal_area = working_crs(lonlat_bounds(series))
    for start in range(0, len(series), AREA_CHUNK):
        part = series.iloc[start:start + AREA_CHUNK]
        out[start:start + len(part)] = area_ha(to_working(part, equal_area).values) * M2_PER_HA
        if feedback is not None:
            feedback.check()
    return out


def _on_raster_m2(geoms: np.ndarray, polygon_m2: np.ndarray, source: LossSource,
                  feedback: Feedback | None = None) -> np.ndarray:
    """Ellipsoidal m² of each polygon (in the raster's CRS) inside the raster's extent."""
    left, bottom, right, top = source.bounds
    bounds = shapely.bounds(geoms)
    inside = (bounds[:, 0] >= left) & (bounds[:, 2] <= right) & (bounds[:, 1] >= bottom) & (bounds[:, 3] <= top)
    m2 = np.where(inside, polygon_m2, 0.0)
    partly = np.flatnonzero(~inside & ~shapely.is_empty(geoms) & np.isfinite(bounds).all(axis=1))
    if partly.size:
        clipped = shapely.clip_by_rect(geoms[partly], left, bottom, right, top)
        m2[partly] = _ellipsoidal_m2(gpd.GeoSeries(clipped, crs=source.crs), feedback)
    return m2


def _loss_rows(sums: BlockSums, source: LossSource) -> pd.DataFrame:
    """Loss rows (feature, year, loss_ha), one per feature and year with loss."""
    empty = pd.DataFrame(
        {
            "feature": pd.Series([], dtype="int64"),
            "year": pd.Series([], dtype="Int64"),
            "loss_ha": pd.Series([], dtype="float64"),
        }
    )
    positions, areas = sums.positions, sums.m2
    years = source.years(sums.values)
    lost = (years != 0) & (areas > 0)
    if not lost.any():
        return empty
    rows = pd.DataFrame(
        {"feature": positions[lost], "year": years[lost], "loss_ha": areas[lost] / M2_PER_HA}
    )
    rows = rows.groupby(["feature", "year"], as_index=False, sort=True)["loss_ha"].sum()
    rows["feature"] = rows["feature"].astype("int64")
    rows["year"] = rows["year"].astype("Int64").mask(rows["year"] < 0)
    return rows.reset_index(drop=True)


def loss_summary(
    zonals: Sequence[ZonalLoss],
    n_features: int,
    since_year: np.ndarray | None,
    min_coverage: float,
    chosen: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per feature: loss, loss since filing, coverage and source, from the best source
    (:func:`choose_sources`), or from the source ``chosen`` for it (-1: none) when given: a part
    of a claim is measured on the claim's source."""
    coverage = np.zeros((len(zonals), n_features))
    for k, zonal in enumerate(zonals):
        coverage[k] = zonal.coverage
    if chosen is None:
        chosen = choose_sources(coverage, min_coverage)

    since = np.full(n_features, np.nan) if since_year is None else np.asarray(since_year, float)
    loss = np.full(n_features, np.nan)
    loss_since = np.full(n_features, np.nan)
    labels = np.full(n_features, None, dtype=object)
    for k, zonal in enumerate(zonals):
        mine = np.flatnonzero(chosen == k)
        if mine.size == 0:
            continue
        labels[mine] = zonal.source
        rows = zonal.by_year[zonal.by_year["feature"].isin(mine)]
        loss[mine] = 0.0
        np.add.at(loss, rows["feature"].to_numpy(), rows["loss_ha"].to_numpy())
        if zonal.encoding == "mask":
            continue  # undated loss says nothing about the years since filing
        dated = rows[rows["year"].notna()]
        feature = dated["feature"].to_numpy()
        after = dated["year"].to_numpy(dtype=float) >= since[feature]
        loss_since[mine] = 0.0
        np.add.at(loss_since, feature[after], dated["loss_ha"].to_numpy()[after])
    loss_since[np.isnan(since)] = np.nan
    rows_coverage = np.zeros(n_features)
    touched = np.flatnonzero(chosen >= 0)
    rows_coverage[touched] = coverage[chosen[touched], touched]
    return pd.DataFrame(
        {
            "loss_ha": loss,
            "loss_since_filed_ha": loss_since,
            "raster_coverage": rows_coverage,
            "loss_source": pd.Series(labels, dtype="str"),
        },
        index=pd.RangeIndex(n_features),
    )


def choose_sources(coverage: np.ndarray, min_coverage: float) -> np.ndarray:
    """The source each feature takes its numbers from, by position (-1: none touches it), from
    ``coverage`` (sources x features): the first covering at least ``min_coverage`` of it, else
    the one covering most of it."""
    n_sources, n_features = coverage.shape
    chosen = np.full(n_features, -1)
    for k in range(n_sources - 1, -1, -1):  # the first qualifying source wins
        chosen[coverage[k] >= min_coverage] = k
    fallback = (chosen < 0) & (coverage.max(axis=0, initial=0.0) > 0)
    if fallback.any():
        chosen[fallback] = coverage[:, fallback].argmax(axis=0)
    return chosen
