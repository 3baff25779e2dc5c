"""Hansen-style ``lossyear`` rasters: where and when forest was lost, drawn from mining and roads.

The pixel grid is Hansen's (EPSG:4326, 0.00025 degrees, uint8, 0 = no loss, k = loss in 2000+k,
1..24, no nodata value). Loss is decided from a few coarse fields (probability and year of
mining loss, of clearing loss) built once at 8x coarser resolution, then refined per window with
position-addressed noise, so each 512 x 512 window is computed and written on its own and memory
stays bounded whatever the raster's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from concession_gis.sample.noise import box_blur, hashed_uniform, value_noise
from concession_gis.sample.places import Corridor

PIXEL_DEG = 0.00025
COARSE = 8                   # pixels per coarse cell (about 220 m)
LAST_YEAR_CODE = 24          # Hansen GFC-2024: losses up to 2024
# Loss intensity scales: weight per coarse cell that gives a 63% chance of loss.
MINING_SCALE = 0.35
CLEARING_SCALE = 0.25
CLEARING_MAX = 0.35          # farms never clear more than this share of an area
MINING_SPREAD_YEARS = 8.0    # a mine grows from its core outwards over about this many years
CLEARING_SPREAD_YEARS = 6.0


@dataclass(frozen=True)
class PixelGrid:
    """A north-up grid of ``side`` x ``side`` pixels with its north-west corner at (west, north)."""

    west: float
    north: float
    side: int

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.west, self.north - self.side * PIXEL_DEG, self.west + self.side * PIXEL_DEG, self.north)


@dataclass
class LossFields:
    """Coarse fields: chance and mean year code of mining loss and of clearing loss."""

    mining_p: np.ndarray
    mining_year: np.ndarray
    clearing_p: np.ndarray
    clearing_year: np.ndarray
    salt: int


def build_fields(grid: PixelGrid, corridors: list[Corridor], reg_lon, reg_lat, reg_weight, reg_year,
                 rng: np.random.Generator) -> LossFields:
    """Coarse loss fields from rivers and roads (their years move along them) and registrations."""
    mine = [c for c in corridors if c.mining]
    farm = [c for c in corridors if not c.mining]
    m_lon, m_lat, m_w, m_y = _corridor_sources(mine, rng)
    f_lon, f_lat, f_w, f_y = _corridor_sources(farm, rng)
    mining_w, mining_y = _field(grid, np.r_[m_lon, reg_lon], np.r_[m_lat, reg_lat],
                                np.r_[m_w, reg_weight], np.r_[m_y, reg_year], radius=2)
    clearing_w, clearing_y = _field(grid, f_lon, f_lat, f_w, f_y, radius=10)
    return LossFields(
        mining_p=(1 - np.exp(-mining_w / MINING_SCALE)).astype(np.float32),
        mining_year=mining_y.astype(np.float32),
        clearing_p=(CLEARING_MAX * (1 - np.exp(-clearing_w / CLEARING_SCALE))).astype(np.float32),
        clearing_year=clearing_y.astype(np.float32),
        salt=int(rng.integers(1, 2**62)),
    )


def _corridor_sources(corridors: list[Corridor], rng: np.random.Generator):
    """Points every ~110 m along each corridor, in patches, with years moving along the line."""
    lon, lat, weight, year = [], [], [], []
    for c in corridors:
        line = shapely.LineString(c.coords)
        n = max(2, int(line.length / 0.001))
        t = np.linspace(0, 1, n)
        points = shapely.line_interpolate_point(line, t, normalized=True)
        # Mining along a river is patchy: a random strength per ~2 km stretch.
        stretch = rng.gamma(0.6, 1 / 0.6, size=n // 20 + 1)
        lon.append(shapely.get_x(points))
        lat.append(shapely.get_y(points))
        weight.append(c.registrations * 0.12 * stretch[np.arange(n) // 20])
        year.append(c.years[0] + t * (c.years[1] - c.years[0]) - 2000)
    if not lon:
        return (np.empty(0),) * 4
    return np.concatenate(lon), np.concatenate(lat), np.concatenate(weight), np.concatenate(year)


def _field(grid: PixelGrid, lon, lat, weight, year, radius: int):
    """Blurred weight per coarse cell and the weight-averaged year code there."""
    n = -(-grid.side // COARSE)
    minx, miny, maxx, maxy = grid.bounds
    cell = COARSE * PIXEL_DEG
    col = np.floor((np.asarray(lon) - minx) / cell).astype(int)
    row = np.floor((maxy - np.asarray(lat)) / cell).astype(int)
    ok = (col >= 0) & (row >= 0) & (col < n) & (row < n)
    w = np.zeros((n, n))
    wy = np.zeros((n, n))
    np.add.at(w, (row[ok], col[ok]), np.asarray(weight)[ok])
    np.add.at(wy, (row[ok], col[ok]), (np.asarray(weight) * np.asarray(year))[ok])
    w = box_blur(w, radius)
    wy = box_blur(wy, radius)
    # Where there is little weight the year falls back to the mean, not to zero.
    floor = 1e-3
    mean_year = wy.sum() / w.sum() if w.sum() > 0 else 12.0
    return w, (wy + floor * mean_year) / (w + floor)


def loss_window(fields: LossFields, row0: int, col0: int, height: int, width: int) -> np.ndarray:
    """Loss-year codes (uint8) of one window at global pixel offset (row0, col0)."""
    p_mine = _upsample(fields.mining_p, row0, col0, height, width)
    y_mine = _upsample(fields.mining_year, row0, col0, height, width)
    p_farm = _upsample(fields.clearing_p, row0, col0, height, width)
    y_farm = _upsample(fields.clearing_year, row0, col0, height, width)
    salt = fields.salt
    u_mine = _uniform_noise(row0, col0, height, width, (6.0, 21.0), salt)
    u_farm = _uniform_noise(row0, col0, height, width, (4.0, 13.0), salt + 7)
    rows = np.arange(row0, row0 + height)[:, None]
    cols = np.arange(col0, col0 + width)[None, :]
    jitter = hashed_uniform(rows, cols, salt + 11) * 2 - 1

    mined = u_mine < p_mine
    cleared = ~mined & (u_farm < p_farm)
    with np.errstate(divide="ignore", invalid="ignore"):
        year_mine = y_mine + (u_mine / p_mine - 0.5) * MINING_SPREAD_YEARS + jitter
        year_farm = y_farm + (u_farm / p_farm - 0.5) * CLEARING_SPREAD_YEARS + jitter
    year = np.where(mined, year_mine, np.where(cleared, year_farm, 0))
    code = np.clip(np.rint(year), 1, LAST_YEAR_CODE)
    return np.where(mined | cleared, code, 0).astype(np.uint8)


def _upsample(coarse: np.ndarray, row0: int, col0: int, height: int, width: int) -> np.ndarray:
    fr, r = _coarse_coords(row0, height, coarse.shape[0])
    fc, c = _coarse_coords(col0, width, coarse.shape[1])
    top = coarse[r][:, c] * (1 - fc) + coarse[r][:, c + 1] * fc
    bottom = coarse[r + 1][:, c] * (1 - fc) + coarse[r + 1][:, c + 1] * fc
    return top * (1 - fr)[:, None] + bottom * fr[:, None]


def _coarse_coords(start: int, length: int, n: int):
    position = (np.arange(start, start + length) + 0.5) / COARSE - 0.5
    index = np.clip(np.floor(position).astype(int), 0, max(n - 2, 0))
    frac = np.clip(position - index, 0, 1).astype(np.float32)
    return frac, index


# Lookup tables from two-octave value noise to its quantile, so that thresholding the result at
# p marks a share p of pixels (the raw noise is bunched around 0.5).
LUT_SIZE = 4096
_LUTS: dict[tuple[float, float], np.ndarray] = {}


def _uniform_noise(row0, col0, height, width, spacings, salt) -> np.ndarray:
    raw = _two_octaves(row0, col0, height, width, spacings, salt)
    if spacings not in _LUTS:
        sample = np.sort(_two_octaves(0, 0, 1024, 1024, spacings, 12345).ravel())
        levels = (np.arange(LUT_SIZE) + 0.5) / LUT_SIZE
        _LUTS[spacings] = (np.searchsorted(sample, levels) / sample.size).astype(np.float32)
    index = np.minimum((raw * LUT_SIZE).astype(np.int32), LUT_SIZE - 1)
    return _LUTS[spacings][index]


def _two_octaves(row0, col0, height, width, spacings, salt):
    fine = value_noise(row0, col0, height, width, spacings[0], salt)
    coarse = value_noise(row0, col0, height, width, spacings[1], salt + 1)
    return 0.45 * fine + 0.55 * coarse
