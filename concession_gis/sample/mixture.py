"""Where things gather: a mixture of mining districts (Gaussian spots) and corridors (lines).

The same mixture places claim blocks, REINFO registrations and forest loss, so miners end up
where the claims and rivers are. Distances use a local equirectangular approximation in km,
which is plenty for a spread of a few kilometres.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike

from concession_gis.sample.places import Corridor, Hub

KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON_EQUATOR = 111.32


def _km_xy(lon: ArrayLike, lat: ArrayLike, lat_ref: float) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude as km on a local plane around latitude ``lat_ref``."""
    return (np.asarray(lon) * KM_PER_DEG_LON_EQUATOR * np.cos(np.radians(lat_ref)),
            np.asarray(lat) * KM_PER_DEG_LAT)


@dataclass(frozen=True)
class Mixture:
    """Weighted hubs and corridors, plus a wide background share around the hubs."""

    hubs: tuple[Hub, ...]
    hub_weights: np.ndarray
    corridors: tuple[Corridor, ...]
    corridor_weights: np.ndarray
    background_share: float
    background_km: float
    spread: float = 1.0

    @classmethod
    def build(cls, hubs, corridors, purpose: str, background_share: float = 0.05,
              background_km: float = 40.0, spread: float = 1.0, factor=None) -> Mixture:
        """A mixture weighting each component by its ``purpose`` weight ('claims' or 'registrations').

        ``spread`` multiplies every component's sigma; ``factor(component)``, when given,
        multiplies its weight. The background scatters ``background_share`` of the points
        ``background_km`` around the hubs: mining country, not the whole Amazon.
        """
        hubs = tuple(hubs)
        corridors = tuple(corridors)
        factor = factor or (lambda component: 1.0)
        return cls(
            hubs, np.array([getattr(h, purpose) * factor(h) for h in hubs], dtype=float),
            corridors, np.array([getattr(c, purpose) * factor(c) for c in corridors], dtype=float),
            background_share, background_km, spread,
        )

    def sample(self, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
        """``n`` random points (lon, lat) from the mixture."""
        weights = np.concatenate([self.hub_weights, self.corridor_weights])
        share = weights / weights.sum() * (1 - self.background_share)
        n_components = len(weights)
        pick = rng.choice(n_components + 1, size=n, p=np.append(share, 1 - share.sum()))
        lon = np.empty(n)
        lat = np.empty(n)
        for k in range(n_components + 1):
            idx = np.flatnonzero(pick == k)
            if not len(idx):
                continue
            x0: float | np.ndarray
            y0: float | np.ndarray
            if k < len(self.hubs):
                hub = self.hubs[k]
                x0, y0, sigma = hub.lon, hub.lat, hub.sigma_km * self.spread
            elif k < n_components:
                corridor = self.corridors[k - len(self.hubs)]
                line = shapely.LineString(corridor.coords)
                points = shapely.line_interpolate_point(line, rng.random(len(idx)), normalized=True)
                x0, y0 = shapely.get_x(points), shapely.get_y(points)
                sigma = corridor.sigma_km * self.spread
            else:
                centre = rng.choice(len(self.hubs), size=len(idx), p=self.hub_weights / self.hub_weights.sum())
                x0 = np.array([h.lon for h in self.hubs])[centre]
                y0 = np.array([h.lat for h in self.hubs])[centre]
                sigma = self.background_km
            cos_lat = np.cos(np.radians(y0))
            lon[idx] = x0 + rng.normal(0, sigma, len(idx)) / (KM_PER_DEG_LON_EQUATOR * cos_lat)
            lat[idx] = y0 + rng.normal(0, sigma, len(idx)) / KM_PER_DEG_LAT
        return lon, lat

    def density(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Relative density of the mixture at each point (per km², without the background)."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        total = np.zeros(len(lon))
        lat_ref = float(np.mean(lat)) if len(lat) else 0.0
        x, y = _km_xy(lon, lat, lat_ref)
        for hub, w in zip(self.hubs, self.hub_weights, strict=True):
            hx, hy = _km_xy(hub.lon, hub.lat, lat_ref)
            d2 = (x - hx) ** 2 + (y - hy) ** 2
            s = hub.sigma_km * self.spread
            total += w * np.exp(-d2 / (2 * s**2)) / (2 * np.pi * s**2)
        points = shapely.points(x, y)
        for corridor, w in zip(self.corridors, self.corridor_weights, strict=True):
            lons, lats = np.array(corridor.coords).T
            cx, cy = _km_xy(lons, lats, lat_ref)
            line = shapely.LineString(np.column_stack([cx, cy]))
            d = shapely.distance(points, line)
            s = corridor.sigma_km * self.spread
            total += w / line.length * np.exp(-(d**2) / (2 * s**2)) / (np.sqrt(2 * np.pi) * s)
        return total
