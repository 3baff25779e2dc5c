"""The synthetic INGEMMET cadastre: claims with their legal state, dates, holders and geometry.

Shares follow docs/domain.md: about 64% titled, 20% in process, 13% extinct, 3% other; claims of
1 to 10 whole 100-ha cells; a few old off-grid claims overlapping newer ones; filing dates from
1970 to 2025, extinct claims older, pending ones recent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from concession_gis.progress import Feedback
from concession_gis.sample import layout, names
from concession_gis.sample.holders import Holders, allocate, exact_counts
from concession_gis.sample.mixture import Mixture
from concession_gis.sample.places import HUBS, MDD_CORRIDORS, ZONE_CLAIM_SHARE, ZONES, nearest_hubs

CUTOFF = dt.date(2025, 6, 30)  # the date the synthetic cadastre is "downloaded"

# ESTADO: share of claims, D_ESTADO text, LEYENDA text.
STATUSES = {
    "T": (0.48, "TITULADO D.L. 708", "TITULADO"),
    "E": (0.08, "TITULADO D.S. 014-92-EM", "TITULADO"),
    "N": (0.05, "TITULADO D.L. 109", "TITULADO"),
    "Q": (0.03, "ACUMULACION TITULADA", "TITULADO"),
    "P": (0.18, "PETITORIO EN TRAMITE", "EN TRAMITE"),
    "D": (0.02, "DENUNCIO EN TRAMITE", "EN TRAMITE"),
    "F": (0.06, "EXTINGUIDO POR CADUCIDAD", "EXTINGUIDO"),
    "L": (0.03, "EXTINGUIDO POR ABANDONO", "EXTINGUIDO"),
    "X": (0.02, "EXTINGUIDO POR NULIDAD", "EXTINGUIDO"),
    "Y": (0.02, "EXTINGUIDO POR RENUNCIA", "EXTINGUIDO"),
    "A": (0.015, "CANTERA", "CANTERA"),
    "B": (0.008, "PLANTA DE BENEFICIO", "PLANTA DE BENEFICIO"),
    "R": (0.003, "DEPOSITO DE RELAVES", "DEPOSITO DE RELAVES"),
    "H": (0.004, "AVISO DE RETIRO", "AVISO DE RETIRO"),
}
LEGAL_STATE = {**dict.fromkeys("TENQ", "titled"), **dict.fromkeys("PD", "pending"),
               **dict.fromkeys("FLXY", "extinct"), **dict.fromkeys("ABRH", "other")}

# (width, height, left-out corner?, share) in 1-km cells: 100 to 1,000 ha, mean about 390 ha.
CLAIM_SHAPES = (
    (1, 1, False, 0.32), (1, 2, False, 0.16), (1, 3, False, 0.08), (2, 2, False, 0.08),
    (1, 4, False, 0.03), (1, 5, False, 0.04), (2, 3, False, 0.07), (2, 4, False, 0.05),
    (3, 3, False, 0.03), (2, 5, False, 0.10),
    (2, 2, True, 0.01), (2, 3, True, 0.01), (3, 3, True, 0.01), (2, 5, True, 0.01),
)
OFF_GRID_SHARE = 0.012           # old claims not on the grid; they make the overlaps
HOLDER_VARIANT_SHARE = 0.05      # company claims whose holder is spelled another way
LARGE_HA, SMALL_HA = 2000.0, 1000.0   # strata thresholds of rules.toml


@dataclass
class Cadastre:
    """All claims (one row each, geometry in lon/lat) and their per-zone native geometries."""

    claims: gpd.GeoDataFrame
    native: dict[str, gpd.GeoSeries]
    holders: pd.DataFrame


def build(rng: np.random.Generator, n_claims: int, zone_epsg: dict[str, int],
          allowed: BaseGeometry, feedback: Feedback, weight_factor=None) -> Cadastre:
    """Claims in the zones of ``zone_epsg`` (zone -> EPSG of its file), inside ``allowed`` (lon/lat).

    ``weight_factor(component)`` rescales districts and corridors (see places.national_weight).
    """
    holders = allocate(rng, n_claims, set(), set())
    status = _statuses(rng, n_claims)
    filed = _filing_dates(rng, status)
    width, height, notch = _shapes(rng, status)
    off_grid = _off_grid(rng, filed)
    zone_of_block = _zones_of_blocks(rng, holders, list(zone_epsg))
    zone = np.empty(n_claims, dtype=object)
    for block, z in zip(holders.blocks, zone_of_block, strict=True):
        zone[block] = z

    native = np.empty(n_claims, dtype=object)
    feedback.stage("sample_concessions", len(zone_epsg))
    for z, epsg in zone_epsg.items():
        grid = layout.ZoneGrid.build(epsg, (ZONES[z].west, ZONES[z].east), allowed)
        mixture = _claim_mixture(z, allowed.bounds, weight_factor)
        if not (~off_grid[zone == z]).any():
            off_grid[zone == z] = False  # nothing on the grid to overlap: lay them on the grid
        blocks = [b[~off_grid[b]] for b, bz in zip(holders.blocks, zone_of_block, strict=True) if bz == z]
        _place_zone(rng, grid, mixture, blocks, width, height, notch, native, feedback)
        on_grid = np.flatnonzero((zone == z) & ~off_grid)
        for i in np.flatnonzero((zone == z) & off_grid):
            native[i] = _old_claim_over_another(rng, grid, allowed, native[on_grid])
        feedback.advance()

    claims = _attributes(rng, holders, status, filed, zone, native, zone_epsg)
    per_zone = {z: gpd.GeoSeries(claims.loc[claims["zone"] == z, "native"].to_list(),
                                 index=claims.index[claims["zone"] == z], crs=zone_epsg[z])
                for z in zone_epsg}
    lonlat = pd.concat([s.to_crs(4326) for s in per_zone.values()]).reindex(claims.index)
    claims = gpd.GeoDataFrame(claims.drop(columns="native"), geometry=lonlat.to_numpy(), crs=4326)
    return Cadastre(claims, per_zone, holders.table)


def _old_claim_over_another(rng, grid: layout.ZoneGrid, allowed, targets) -> shapely.Polygon:
    """An old off-grid claim lying over a newer one of the zone, inside ``allowed`` if it can."""
    for _ in range(20):
        claim = layout.place_off_grid(targets[rng.integers(len(targets))], float(rng.integers(100, 1001)), rng)
        corners = shapely.get_coordinates(claim)
        if shapely.contains_xy(allowed, *grid.to_lonlat.transform(corners[:, 0], corners[:, 1])).all():
            return claim
    return claim


def _statuses(rng, n):
    codes = np.array(list(STATUSES))
    counts = exact_counts(n, np.array([v[0] for v in STATUSES.values()]))
    return rng.permutation(np.repeat(codes, counts))


def _filing_dates(rng, status):
    n = len(status)
    year = np.empty(n, dtype=int)
    u = rng.random(n)
    post92 = np.where(u < 0.35, rng.integers(1992, 2005, n),
                      np.where(u < 0.85, rng.integers(2005, 2016, n), rng.integers(2016, 2023, n)))
    rules = {
        "TE": post92,
        "N": rng.integers(1970, 1992, n),
        "Q": rng.integers(1993, 2016, n),
        "P": np.minimum(2016 + np.floor(10 * rng.beta(2.5, 1.2, n)).astype(int), CUTOFF.year),
        "D": rng.integers(1975, 1992, n),
        "FLXY": 1970 + np.floor(46 * rng.beta(1.5, 2.2, n)).astype(int),
        "ABRH": rng.integers(1985, 2025, n),
    }
    for codes, years in rules.items():
        mask = np.isin(status, list(codes))
        year[mask] = years[mask]
    day = rng.integers(0, 365, n)
    dates = [min(dt.date(int(y), 1, 1) + dt.timedelta(days=int(d)), CUTOFF) for y, d in zip(year, day, strict=True)]
    return np.array(dates, dtype=object)


def _shapes(rng, status):
    n = len(status)
    table = np.array([s[:3] for s in CLAIM_SHAPES], dtype=int)
    pick = rng.choice(len(CLAIM_SHAPES), size=n, p=np.array([s[3] for s in CLAIM_SHAPES]))
    w, h, has_notch = table[pick].T
    # Quarries, plants, tailings and withdrawals are small.
    small = np.isin(status, list("ABRH"))
    w[small], h[small], has_notch[small] = 1, 1, 0
    turn = rng.random(n) < 0.5
    w, h = np.where(turn, h, w), np.where(turn, w, h)
    notch = np.where(has_notch == 1, rng.integers(0, 4, n), -1)
    return w, h, notch


def _off_grid(rng, filed):
    old = np.flatnonzero(np.array([d.year < 1992 for d in filed]))
    n_off = min(len(old), round(OFF_GRID_SHARE * len(filed)))
    flag = np.zeros(len(filed), dtype=bool)
    flag[rng.choice(old, size=n_off, replace=False)] = True
    return flag


def _zones_of_blocks(rng, holders: Holders, zones: list[str]) -> list[str]:
    if len(zones) == 1:
        return [zones[0]] * len(holders.blocks)
    shares = np.array([ZONE_CLAIM_SHARE[z] for z in zones])
    picks = rng.choice(len(zones), size=len(holders.blocks), p=shares / shares.sum())
    return [zones[k] for k in picks]


def _claim_mixture(zone: str, bounds, weight_factor) -> Mixture:
    minx, miny, maxx, maxy = bounds
    reach = 0.3  # degrees: a hub just outside the area still sends claims into it
    hubs = [h for h in HUBS if h.zone == zone
            and minx - reach <= h.lon <= maxx + reach and miny - reach <= h.lat <= maxy + reach]
    corridors = MDD_CORRIDORS if zone == "19S" else []
    # Claims spread wider than workings: whole valleys are claimed around a mining district.
    return Mixture.build(hubs, corridors, "claims", background_share=0.12, background_km=45.0,
                         spread=1.6, factor=weight_factor)


def _place_zone(rng, grid, mixture, blocks, width, height, notch, native, feedback):
    pool: list[tuple[int, int]] = []

    def anchors():
        while not pool:
            lon, lat = mixture.sample(rng, 4096)
            col, row, free = grid.cells(lon, lat)
            pool.extend(zip(col[free][::-1].tolist(), row[free][::-1].tolist(), strict=True))
        return pool.pop()

    failed = []
    for k, block in enumerate(blocks):
        sizes = [(int(width[i]), int(height[i]), int(notch[i])) for i in block]
        for i, spot in zip(block, layout.place_block(grid, sizes, anchors, rng), strict=True):
            if spot is None:
                failed.append(i)
            else:
                native[i] = spot
        if k % 500 == 0:
            feedback.check()
    sizes = [(int(width[i]), int(height[i]), int(notch[i])) for i in failed]
    for i, spot in zip(failed, layout.place_anywhere(grid, sizes, rng), strict=True):
        native[i] = spot if spot is not None else layout.place_anywhere(grid, [(1, 1, -1)], rng)[0]
    spots = [i for block in blocks for i in block]
    for i, poly in zip(spots, layout.grid_polygons(grid, [native[i] for i in spots]), strict=True):
        native[i] = poly


def _attributes(rng, holders: Holders, status, filed, zone, native, zone_epsg) -> pd.DataFrame:
    n = len(status)
    table = holders.table
    holder = holders.claim_holder
    holder_name = table["name"].to_numpy()[holder]
    written = holder_name.copy()
    variant = (rng.random(n) < HOLDER_VARIANT_SHARE) & table["is_company"].to_numpy()[holder]
    for i in np.flatnonzero(variant):
        written[i] = names.spelling_variant(holder_name[i], rng)

    centroid = np.empty((n, 2))
    for z, epsg in zone_epsg.items():
        idx = np.flatnonzero(zone == z)
        c = shapely.centroid(np.array(list(native[idx]), dtype=object))
        lon, lat = Transformer.from_crs(epsg, 4326, always_xy=True).transform(shapely.get_x(c), shapely.get_y(c))
        centroid[idx] = np.column_stack([lon, lat])
    hub = nearest_hubs(centroid[:, 0], centroid[:, 1], zone)
    area_ha = np.round(shapely.area(np.array(list(native), dtype=object)) / 10_000, 4)

    name = names.claim_names(rng, n)
    prefix = {"Q": "ACUMULACION ", "A": "CANTERA ", "B": "PLANTA ", "R": "RELAVERA "}
    name = np.array([prefix.get(s, "") + nm for s, nm in zip(status, name, strict=True)], dtype=object)
    hour = _filing_hours(rng, filed)
    substance = np.where((status == "A") | (rng.random(n) < 0.05), "N", "M")

    claims = pd.DataFrame({
        "code": _codes(rng, filed, status, hub, holders.table["is_large"].to_numpy()[holder]),
        "name": name,
        "holder": holder_name,
        "holder_written": written,
        "holder_id": holder,
        "filed": filed,
        "hour": hour,
        "declared_ha": area_ha,
        "status": status,
        "legal_state": [LEGAL_STATE[s] for s in status],
        "substance": substance,
        "depa": [h.depa for h in hub],
        "provi": [h.provi for h in hub],
        "distri": [h.distri for h in hub],
        "zone": zone,
        "carta": [_carta(lon, lat) for lon, lat in centroid],
        "lon": centroid[:, 0],
        "lat": centroid[:, 1],
        "alluvial": [h.alluvial for h in hub],
        "mineral": [h.mineral for h in hub],
        "native": native,
    })
    claims["stratum"] = _strata(claims)
    return claims


def _carta(lon: float, lat: float) -> str:
    """IGN 1:100,000 sheet name (row number from the north, column letter from the west)."""
    row = int(np.floor(-lat / 0.5)) + 1
    col = int(np.clip(np.floor((lon + 81.5) / 0.5), 0, 25))
    return f"{row}-{chr(ord('a') + col)}"


def _filing_hours(rng, filed):
    minutes = rng.integers(8 * 60, 16 * 60 + 30, len(filed))
    missing = rng.random(len(filed)) < np.where([d.year < 1992 for d in filed], 0.8, 0.15)
    return np.array(["" if m else f"{t // 60:02d}:{t % 60:02d}" for t, m in zip(minutes, missing, strict=True)],
                    dtype=object)


def _codes(rng, filed, status, hub, is_large):
    """CODIGOU: old offices 02-12 + 7 digits before 1992; then 01 + number + year, or 6 + region."""
    n = len(filed)
    order = np.argsort(np.array([d.toordinal() for d in filed]), kind="stable")
    regional = (np.array([d.year >= 2008 for d in filed]) & ~is_large & (status != "Q")
                & (rng.random(n) < 0.5))
    counters: dict[tuple[str | int, ...], int] = {}
    codes = np.empty(n, dtype=object)
    for i in order:
        year = filed[i].year
        dept = hub[i].ubigeo_dept
        key: tuple[str | int, ...]
        if year < 1992:
            key = ("old", 2 + dept % 11)
            counters[key] = counters.get(key, int(rng.integers(100, 5000))) + 1
            codes[i] = f"{key[1]:02d}{counters[key]:07d}"
        elif regional[i]:
            key = ("gr", dept, year)
            counters[key] = counters.get(key, 0) + 1
            codes[i] = f"6{dept:02d}{counters[key]:04d}{year % 100:02d}"
        else:
            key = ("ingemmet", year)
            counters[key] = counters.get(key, 0) + 1
            codes[i] = f"01{counters[key]:05d}{year % 100:02d}"
    return codes


def _strata(claims: pd.DataFrame) -> np.ndarray:
    """Stratum of each claim's holder from its titled and pending hectares (names compared normalized)."""
    key = claims["holder_written"].map(names.name_key)
    counted = claims["legal_state"].isin(["titled", "pending"])
    total = claims["declared_ha"].where(counted, 0.0).groupby(key).transform("sum")
    return np.where(total > LARGE_HA, "large_medium", np.where(total > SMALL_HA, "small", "artisanal"))
