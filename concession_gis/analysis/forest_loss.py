"""Forest loss measured for every layer at once: per claim (and year), around each registration,
inside each restricted area, and on the ground the claims cover (per district and overall), where
a hectare under two overlapping claims counts once (:func:`~.districts.claimed_ground`)."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from concession_gis import columns
from concession_gis.analysis.boundaries import OUTSIDE
from concession_gis.analysis.districts import PLACE, claimed_ground
from concession_gis.analysis.hosts import candidate_pairs
from concession_gis.errors import (
    CoarseRasterWarning,
    ImpossibleValuesWarning,
    NoOverlapWarning,
    warn,
)
from concession_gis.geodesy import WGS84, to_working
from concession_gis.progress import Feedback
from concession_gis.raster.sources import COARSE_PIXEL_M, LossSource
from concession_gis.raster.zonal import ZonalLoss, choose_sources, loss_summary, zonal_loss
from concession_gis.rules import Rules


@dataclass(frozen=True)
class ForestLoss:
    """What :func:`forest_loss` measured; each array is row for row with the layer it names."""

    # loss_ha, loss_since_filed_ha, loss_by_miners_ha, loss_by_holder_ha, raster_coverage (the claims' index)
    per_claim: pd.DataFrame
    by_year: pd.DataFrame  # columns.LOSS_BY_YEAR
    around_registrations: np.ndarray  # loss_ha_500m
    in_restricted: np.ndarray  # the restricted areas' loss_ha
    by_district: pd.DataFrame  # PLACE and loss_ha, each hectare once per district
    claimed_ground_ha: float  # on all claims, each hectare once


def forest_loss(
    sources: list[LossSource],
    claims: gpd.GeoDataFrame,
    overlapping: tuple[np.ndarray, np.ndarray],
    registrations: gpd.GeoSeries,
    restricted: gpd.GeoSeries,
    crs: CRS,
    rules: Rules,
    feedback: Feedback,
    boundaries: gpd.GeoDataFrame | None = None,
    on_claims: tuple[np.ndarray, np.ndarray] | None = None,
) -> ForestLoss:
    """Loss on every layer. ``claims`` has ``code``, ``filed_on``, the place columns and the
    shapes (lon/lat); ``overlapping`` the positions (a, b) of the pairs of claims that overlap
    by more than the rules' ``overlap.min_ha`` (below it two claims are not taken to overlap,
    here as everywhere else); ``registrations`` are already in ``crs``, the working CRS their
    buffers are drawn in (the pipeline moved them there once, for every step).
    ``boundaries``, district polygons with the place columns (lon/lat), cut the claimed ground
    into districts by ground (:func:`_cut_by_districts`); without them the claims' own place
    columns group it.
    ``on_claims`` the positions (registration, claim) of every registration lying on a claim
    (:func:`~.hosts.candidate_pairs`; found here when None).
    """
    min_coverage = rules["idle"]["min_raster_coverage"]
    for source in sources:
        if source.pixel_m > COARSE_PIXEL_M:
            warn(CoarseRasterWarning(key="warning.raster_coarse_pixels", source=source.label,
                                     metres=source.pixel_m, limit=COARSE_PIXEL_M))
    zonals = [zonal_loss(source, claims.geometry, feedback) for source in sources]
    for zonal in zonals:
        if not (zonal.coverage > 0).any():
            warn(NoOverlapWarning(key="warning.raster_covers_no_concession", source=zonal.source))
        warn_impossible_values(zonal)
    since = claims["filed_on"].dt.year.to_numpy(dtype=float, na_value=np.nan)
    chosen = choose_sources(np.array([z.coverage for z in zonals]).reshape(len(zonals), len(claims)), min_coverage)
    summary = loss_summary(zonals, len(claims), since, min_coverage, chosen)
    if on_claims is None:
        on_claims = candidate_pairs(to_working(registrations, crs).to_numpy(), to_working(claims.geometry, crs).to_numpy())[:2]
    miners = _miners_loss(sources, claims, registrations, on_claims, since, chosen, crs, rules, feedback)
    loss_since = summary["loss_since_filed_ha"].to_numpy()
    per_claim = pd.DataFrame({
        "loss_ha": summary["loss_ha"].to_numpy(), "loss_since_filed_ha": loss_since,
        "loss_by_miners_ha": miners,
        # The two parts are measured apart, so the miners' can pass the whole by round-off.
        "loss_by_holder_ha": np.maximum(loss_since - miners, 0.0),
        "raster_coverage": summary["raster_coverage"].to_numpy(),
    }, index=claims.index)
    rows = []
    for zonal in zonals:
        frame = zonal.by_year.copy()
        frame["code"] = claims["code"].to_numpy()[frame["feature"].to_numpy()]
        frame["source"] = zonal.source
        rows.append(frame[list(columns.LOSS_BY_YEAR)])
    by_year = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns.LOSS_BY_YEAR)

    around = np.full(len(registrations), np.nan)
    if len(registrations):
        radius = rules["registrations"]["loss_buffer_m"]
        buffers = registrations.buffer(radius, quad_segs=16).set_crs(crs, allow_override=True)
        zonals = [zonal_loss(s, buffers, feedback, stage="registration_loss") for s in sources]
        around = loss_summary(zonals, len(registrations), None, min_coverage)["loss_ha"].to_numpy()
    inside = np.full(len(restricted), np.nan)
    if len(restricted):
        zonals = [zonal_loss(s, restricted, feedback, stage="restricted_loss") for s in sources]
        inside = loss_summary(zonals, len(restricted), None, min_coverage)["loss_ha"].to_numpy()
    own = per_claim["loss_ha"].to_numpy()
    everywhere, shapes = _ground_loss(claims, own, overlapping, sources, min_coverage, feedback, [], "ground_loss")
    if boundaries is None:
        districts, _ = _ground_loss(claims, own, overlapping, sources, min_coverage, feedback, PLACE, "district_loss")
    else:
        districts = _cut_by_districts(everywhere["loss_ha"].to_numpy(), shapes, boundaries, sources, min_coverage,
                                      feedback)
    return ForestLoss(
        per_claim, by_year, around, inside,
        districts.groupby(PLACE, sort=False)["loss_ha"].sum(min_count=1).reset_index(),
        float(everywhere["loss_ha"].sum()),
    )


def _miners_loss(
    sources: list[LossSource], claims: gpd.GeoDataFrame, registrations: gpd.GeoSeries,
    on_claims: tuple[np.ndarray, np.ndarray], since: np.ndarray, chosen: np.ndarray, crs: CRS, rules: Rules,
    feedback: Feedback,
) -> np.ndarray:
    """Loss since filing within ``idle.miner_radius_m`` of the registrations lying on each claim:
    the claim cut to the union of their buffers, measured like the claim (on its source, with
    its filing year). 0 ha on a claim without registrations, NaN where the claim's loss since
    filing is unknown."""
    miners = np.where(np.isnan(since), np.nan, 0.0)
    reg, claim = (np.asarray(a, dtype=np.int64) for a in on_claims)
    if len(reg) == 0 or not sources:
        return miners
    radius = rules["idle"]["miner_radius_m"]
    # Drawn in the working CRS (metres), then cut in lon/lat, so each piece shares the claim's edges.
    buffers = to_working(to_working(registrations, crs).buffer(radius, quad_segs=16).set_crs(crs, allow_override=True),
                         WGS84).to_numpy()
    shapes = claims.geometry.to_numpy()
    order = np.argsort(claim, kind="stable")
    reg, claim = reg[order], claim[order]
    starts = np.flatnonzero(np.r_[True, claim[1:] != claim[:-1]])
    owners = claim[starts]
    rings = [shapely.union_all(buffers[part]) for part in np.split(reg, starts[1:])]
    pieces = gpd.GeoSeries(shapely.intersection(shapes[owners], np.asarray(rings, dtype=object)), crs=WGS84)
    zonals = [zonal_loss(s, pieces, feedback, stage="miner_loss") for s in sources]
    min_coverage = rules["idle"]["min_raster_coverage"]
    measured = loss_summary(zonals, len(pieces), since[owners], min_coverage, chosen[owners])
    miners[owners] = measured["loss_since_filed_ha"].to_numpy()
    miners[np.isnan(since)] = np.nan
    return miners


def warn_impossible_values(zonal: ZonalLoss) -> None:
    """Say how much of the claims lies on pixels the encoding cannot hold (read as no loss)."""
    if zonal.impossible_ha > 0:
        values = ", ".join(f"{v:g}" for v in zonal.impossible_values)
        warn(ImpossibleValuesWarning(key="warning.raster_impossible_values", source=zonal.source,
                                     encoding=zonal.encoding, ha=zonal.impossible_ha, values=values))


def _ground_loss(
    claims: gpd.GeoDataFrame, own: np.ndarray, overlapping: tuple[np.ndarray, np.ndarray],
    sources: list[LossSource], min_coverage: float, feedback: Feedback, by: list[str], stage: str,
) -> tuple[pd.DataFrame, gpd.GeoSeries]:
    """The pieces of :func:`claimed_ground` with their loss, each hectare once per place: claims
    that overlap no other claim of their place keep their own loss (``own``); each group that
    does is measured whole. Also the pieces' shapes, row for row (lon/lat)."""
    pieces, unions = claimed_ground(claims, overlapping, by)
    claim = pieces["claim"].to_numpy()
    united = claim < 0
    loss = np.full(len(pieces), np.nan)
    loss[~united] = own[claim[~united]]
    on_unions = [zonal_loss(s, unions, feedback, stage=stage) for s in sources]
    loss[united] = loss_summary(on_unions, len(unions), None, min_coverage)["loss_ha"].to_numpy()
    shapes = np.empty(len(pieces), dtype=object)
    shapes[~united] = np.asarray(claims.geometry.values, dtype=object)[claim[~united]]
    shapes[united] = np.asarray(unions.values, dtype=object)
    return pieces.assign(loss_ha=loss), gpd.GeoSeries(shapes, crs=claims.crs)


def _cut_by_districts(
    loss: np.ndarray, shapes: gpd.GeoSeries, boundaries: gpd.GeoDataFrame, sources: list[LossSource],
    min_coverage: float, feedback: Feedback,
) -> pd.DataFrame:
    """The loss of each district on the claimed ground (``shapes``, pieces that do not overlap,
    with their ``loss``) cut by the district polygons of ``boundaries``.

    A piece inside one district keeps its loss; a piece across districts is cut, and each cut
    (and its part outside every district, under :data:`.boundaries.OUTSIDE`) measured again by
    the raster engine. Exact: the engine counts each pixel by the share of its area inside a
    polygon, so the cuts of a piece add up to the piece's loss; apportioning a claim's loss by
    its shares of ground would instead assume the loss spread evenly over the claim.
    """
    geoms = np.asarray(shapes.values, dtype=object)
    districts = np.asarray(boundaries.geometry.values, dtype=object)
    piece, district = shapely.STRtree(districts).query(geoms, predicate="intersects")
    # Ground that only touches a district (along its boundary) is not in it.
    real = shapely.relate_pattern(geoms[piece], districts[district], "T********")
    piece, district = piece[real], district[real]
    whole = shapely.covered_by(geoms[piece], districts[district])
    kept = piece[whole]
    cut = np.setdiff1d(np.arange(len(geoms)), kept)
    places = boundaries[PLACE].reset_index(drop=True)
    rows = [places.iloc[district[whole]].assign(loss_ha=loss[kept])]
    across = ~np.isin(piece, kept)
    cuts = shapely.intersection(geoms[piece[across]], districts[district[across]])
    of_piece = pd.Series(district).groupby(piece).apply(np.asarray).to_dict() if len(piece) else {}
    covering = np.empty(len(cut), dtype=object)
    covering[:] = [shapely.union_all(districts[of_piece.get(p, [])]) for p in cut]
    outside = shapely.difference(geoms[cut], covering)
    outside = outside[shapely.area(outside) > 0]
    measured = gpd.GeoSeries(np.concatenate([cuts, outside]), crs=shapes.crs)
    cut_loss = np.full(len(measured), np.nan)
    if len(measured):
        on_cuts = [zonal_loss(s, measured, feedback, stage="district_loss") for s in sources]
        cut_loss = loss_summary(on_cuts, len(measured), None, min_coverage)["loss_ha"].to_numpy()
    rows.append(places.iloc[district[across]].assign(loss_ha=cut_loss[:len(cuts)]))
    rows.append(pd.DataFrame({"department": "", "province": "", "district": OUTSIDE,
                              "loss_ha": cut_loss[len(cuts):]}))
    return pd.concat(rows, ignore_index=True)
