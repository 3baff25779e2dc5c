"""Forest loss per polygon and year: exact coverage, true ellipsoidal pixel areas, bounded memory.

Each pixel counts with the fraction of its area inside the polygon (exactextract) times its area
on the WGS84 ellipsoid (:mod:`pixel_area`). Polygons are read one window at a time, in spatial
order so neighbouring claims reuse GDAL's cached blocks, and very large polygons are cut into
pixel-aligned pieces so no single window outgrows memory. Overlapping polygons are independent:
each gets its full count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely

from concession_gis.errors import MissingCRSError
from concession_gis.geodesy import M2_PER_HA, area_ha, lonlat_bounds, to_working, working_crs
from concession_gis.progress import Feedback
from concession_gis.raster.extract import FeatureExtractor
from concession_gis.raster.sources import LossSource, decode_years

# Most features handed to exactextract between two progress reports (and cancellation checks).
CHUNK_FEATURES = 256
# Most pixels of the block read for one batch of features (16 MB for a byte raster).
BATCH_PIXELS = 16 * 2**20
# Largest window (pixels) read for one polygon; bigger polygons are cut into pieces this size.
MAX_PIECE_PIXELS = 2048 * 2048
# GDAL's block cache while extracting (MB): each block is read about once, so a small cache
# loses nothing and keeps memory flat on rasters of billions of pixels.
GDAL_CACHE_MB = 64
# Side, in pixels, of the strips features are ordered by, so consecutive ones share blocks.
ORDER_STRIP_PIXELS = 512


@dataclass
class ZonalLoss:
    """Forest loss of every polygon from one loss source."""

    source: str
    by_year: pd.DataFrame
    coverage: np.ndarray
    encoding: str = "lossyear"


def zonal_loss(
    source: LossSource,
    geometries: gpd.GeoSeries,
    feedback: Feedback | None = None,
    *,
    stage: str = "stage.zonal_loss",
) -> ZonalLoss:
    """Hectares lost per polygon and year, and the share of each polygon on valid pixels."""
    feedback = feedback or Feedback()
    if geometries.crs is None:
        raise MissingCRSError(
            "the polygons given for forest loss have no coordinate reference system; "
            "set one on the input (or give --crs) and run again."
        )
    n = len(geometries)
    values = np.asarray(geometries.values, dtype=object)
    present = np.flatnonzero(~(shapely.is_missing(values) | shapely.is_empty(values)))
    present_series = gpd.GeoSeries(values[present], crs=geometries.crs)
    polygon_m2 = np.zeros(n)
    polygon_m2[present] = _ellipsoidal_m2(present_series)
    in_raster = _polygonal(
        np.asarray(to_working(present_series, source.crs).values, dtype=object)
    )
    positions, pieces = _pieces_on_raster(present, in_raster, source)
    order = _spatial_order(pieces, source)
    positions, pieces = positions[order], pieces[order]

    windows = _pixel_windows(pieces, source)
    feedback.stage(stage, len(pieces))
    tables = []
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB), FeatureExtractor(source) as extractor:
        for part, window in _batches(windows):
            wkbs = list(shapely.to_wkb(pieces[part]))
            tables.extend(extractor.run(positions[part], wkbs, window))
            feedback.advance(part.stop - part.start)
    by_year, valid_m2 = _assemble(tables, n, source.encoding)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(polygon_m2 > 0, np.clip(valid_m2 / polygon_m2, 0.0, 1.0), 0.0)
    return ZonalLoss(source=source.label, by_year=by_year, coverage=coverage, encoding=source.encoding)


def to_raster_crs(geometries, from_crs, to_crs) -> np.ndarray:
    """``geometries`` (array-like) reprojected to ``to_crs``, long edges densified first."""
    series = gpd.GeoSeries(np.asarray(geometries, dtype=object), crs=from_crs)
    return np.asarray(to_working(series, to_crs).values, dtype=object)


def _ellipsoidal_m2(series: gpd.GeoSeries) -> np.ndarray:
    if len(series) == 0:
        return np.zeros(0)
    equal_area = working_crs(lonlat_bounds(series))
    return area_ha(to_working(series, equal_area).values) * M2_PER_HA


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Valid polygonal geometries: repaired where invalid; lines and points dropped."""
    geoms = geoms.copy()
    invalid = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    if invalid.any():
        geoms[invalid] = shapely.make_valid(geoms[invalid])
    kinds = shapely.get_type_id(geoms)
    for i in np.flatnonzero((kinds != 3) & (kinds != 6)):  # not Polygon, not MultiPolygon
        parts = shapely.get_parts(geoms[i])
        polygons = [p for p in parts if shapely.get_type_id(p) in (3, 6)]
        geoms[i] = shapely.union_all(polygons) if polygons else shapely.Polygon()
    return geoms


def _pieces_on_raster(
    positions: np.ndarray, geoms: np.ndarray, source: LossSource
) -> tuple[np.ndarray, np.ndarray]:
    """The geometries that touch the raster, big ones cut along pixel edges into pieces."""
    left, bottom, right, top = source.bounds
    bounds = shapely.bounds(geoms)
    touches = (
        np.isfinite(bounds).all(axis=1)
        & (bounds[:, 0] < right) & (bounds[:, 2] > left)
        & (bounds[:, 1] < top) & (bounds[:, 3] > bottom)
        & ~shapely.is_empty(geoms)
    )
    positions, geoms, bounds = positions[touches], geoms[touches], bounds[touches]
    res_x, res_y = source.res
    pixels = (bounds[:, 2] - bounds[:, 0]) / res_x * (bounds[:, 3] - bounds[:, 1]) / res_y
    big = pixels > MAX_PIECE_PIXELS
    if not big.any():
        return positions, geoms
    out_positions, out_geoms = [positions[~big]], [geoms[~big]]
    for position, geom in zip(positions[big], geoms[big], strict=True):
        cut = _cut_on_pixel_grid(geom, source)
        out_positions.append(np.full(len(cut), position))
        out_geoms.append(cut)
    return np.concatenate(out_positions), np.concatenate(out_geoms)


def _cut_on_pixel_grid(geom, source: LossSource) -> np.ndarray:
    """``geom`` cut by square windows of pixels; coverage fractions add up exactly over pieces."""
    side = int(np.sqrt(MAX_PIECE_PIXELS))
    t = source.transform
    minx, miny, maxx, maxy = geom.bounds
    col0 = int(np.floor((max(minx, source.bounds[0]) - t.c) / t.a))
    col1 = int(np.ceil((min(maxx, source.bounds[2]) - t.c) / t.a))
    row0 = int(np.floor((min(maxy, source.bounds[3]) - t.f) / t.e))
    row1 = int(np.ceil((max(miny, source.bounds[1]) - t.f) / t.e))
    boxes = [
        shapely.box(t.c + c * t.a, t.f + min(r + side, row1) * t.e,
                    t.c + min(c + side, col1) * t.a, t.f + r * t.e)
        for r in range(row0, row1, side)
        for c in range(col0, col1, side)
    ]
    pieces = shapely.intersection(geom, np.array(boxes, dtype=object))
    return _polygonal(pieces[~shapely.is_empty(pieces)])


def _spatial_order(geoms: np.ndarray, source: LossSource) -> np.ndarray:
    """Order that visits features strip by strip of rows, west to east within a strip."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=np.intp)
    bounds = shapely.bounds(geoms)
    t = source.transform
    row = ((bounds[:, 1] + bounds[:, 3]) / 2 - t.f) / t.e
    col = ((bounds[:, 0] + bounds[:, 2]) / 2 - t.c) / t.a
    return np.lexsort((col, np.floor(row / ORDER_STRIP_PIXELS)))


def _pixel_windows(geoms: np.ndarray, source: LossSource) -> np.ndarray:
    """Rows of (col0, row0, col1, row1): each geometry's pixel window, clipped to the raster."""
    if len(geoms) == 0:
        return np.zeros((0, 4), dtype=np.int64)
    t = source.transform
    minx, miny, maxx, maxy = shapely.bounds(geoms).T
    # One pixel of margin: exactextract may round a window outwards.
    col0 = np.floor((minx - t.c) / t.a) - 1
    col1 = np.ceil((maxx - t.c) / t.a) + 1
    row0 = np.floor((maxy - t.f) / t.e) - 1
    row1 = np.ceil((miny - t.f) / t.e) + 1
    windows = np.column_stack([col0, row0, col1, row1])
    upper = np.array([source.width, source.height, source.width, source.height])
    return np.clip(windows, 0, upper).astype(np.int64)


def _batches(windows: np.ndarray):
    """Consecutive runs of features whose joint window stays small, with that window."""
    start, n = 0, len(windows)
    while start < n:
        box = windows[start].copy()
        stop = start + 1
        while stop < n and stop - start < CHUNK_FEATURES:
            grown = np.concatenate([np.minimum(box[:2], windows[stop, :2]),
                                    np.maximum(box[2:], windows[stop, 2:])])
            if (grown[2] - grown[0]) * (grown[3] - grown[1]) > BATCH_PIXELS:
                break
            box, stop = grown, stop + 1
        col0, row0, col1, row1 = (int(v) for v in box)
        yield slice(start, stop), (col0, row0, col1 - col0, row1 - row0)
        start = stop


def _assemble(tables: list, n: int, encoding: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Loss rows (feature, year, loss_ha) and each feature's valid area in m²."""
    valid_m2 = np.zeros(n)
    empty = pd.DataFrame(
        {
            "feature": pd.Series([], dtype="int64"),
            "year": pd.Series([], dtype="Int64"),
            "loss_ha": pd.Series([], dtype="float64"),
        }
    )
    if not tables:
        return empty, valid_m2
    positions = np.concatenate([np.full(len(keys), p) for p, keys, _ in tables])
    keys = np.concatenate([keys for _, keys, _ in tables])
    areas = np.concatenate([areas for _, _, areas in tables])
    np.add.at(valid_m2, positions, areas)
    years = decode_years(keys, encoding)
    lost = (years != 0) & (areas > 0)
    if not lost.any():
        return empty, valid_m2
    rows = pd.DataFrame(
        {"feature": positions[lost], "year": years[lost], "loss_ha": areas[lost] / M2_PER_HA}
    )
    rows = rows.groupby(["feature", "year"], as_index=False, sort=True)["loss_ha"].sum()
    rows["feature"] = rows["feature"].astype("int64")
    rows["year"] = rows["year"].astype("Int64").mask(rows["year"] < 0)
    return rows.reset_index(drop=True), valid_m2


def loss_summary(
    zonals: Sequence[ZonalLoss],
    n_features: int,
    since_year: np.ndarray | None,
    min_coverage: float,
) -> pd.DataFrame:
    """One row per feature: loss, loss since filing, coverage and source, from the best source.

    A feature takes its numbers from the first source covering at least ``min_coverage`` of it,
    else from the source covering most of it; with none touching it, loss is NaN.
    """
    coverage = np.zeros((len(zonals), n_features))
    for k, zonal in enumerate(zonals):
        coverage[k] = zonal.coverage
    chosen = np.full(n_features, -1)
    for k in range(len(zonals) - 1, -1, -1):  # the first qualifying source wins
        chosen[coverage[k] >= min_coverage] = k
    fallback = (chosen < 0) & (coverage.max(axis=0, initial=0.0) > 0)
    if fallback.any():
        chosen[fallback] = coverage[:, fallback].argmax(axis=0)

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
