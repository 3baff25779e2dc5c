"""A sample's second snapshot: the same cadastre and REINFO export some months later.

Written from the first snapshot's files (so the demo and the synthetic scales share it), in
the same formats, into a ``later/`` folder beside them; the rasters and tables stay those of the
first snapshot. What changes is what changes between two downloads of the real sources:

- cadastre: titled and pending claims extinguished (ESTADO F); extinct claims gone from the
  cadastre, their western half filed again as a new claim (ESTADO P, a new code, a new holder);
  one claim given a new code on the same ground (a re-registered claim); claims transferred to
  another holder; claims reduced in area (*reducción de área*, the eastern 30% given up);
- REINFO: registrations excluded (ESTADO EXCLUIDO, as in the 2025 purge), some gone from the
  export, suspended ones back in force, and new ones next to existing miners.

``concession-gis compare`` of the two analyses finds each kind (docs/contract.md, compare).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from concession_gis.sample.demo import write_shapefile

LATER_DIR = "later"
TITLED_OR_PENDING = ("T", "N", "E", "Q", "P", "D")
EXTINCT = ("F", "L", "X", "Y")
NEW_HOLDER = "MINERA NUEVO HORIZONTE S.A.C."


@dataclass(frozen=True)
class Drift:
    """How much changes, as shares of the rows (each at least its minimum)."""

    extinguished: tuple[float, int] = (0.02, 2)
    removed: tuple[float, int] = (0.01, 2)       # extinct claims gone, their ground filed again
    transferred: tuple[float, int] = (0.005, 1)
    reduced: tuple[float, int] = (0.005, 1)
    excluded: tuple[float, int] = (0.10, 3)
    deregistered: tuple[float, int] = (0.02, 2)
    reinstated: tuple[float, int] = (0.05, 1)
    registered: tuple[float, int] = (0.05, 3)


def _count(n: int, share: tuple[float, int]) -> int:
    return min(n, max(share[1], round(n * share[0])))


def write_later(concessions: list[Path], registrations: Path, encoding: str, out_dir: Path, seed: int = 0,
                drift: Drift | None = None) -> dict[str, list[Path]]:
    """The second snapshot of ``concessions`` (shapefiles) and ``registrations`` (a REINFO CSV
    in ``encoding``) in ``out_dir``; returns the files written by kind."""
    drift = drift or Drift()
    rng = np.random.default_rng([seed, 17])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[Path]] = {"concessions": [], "registrations": []}
    for k, path in enumerate(concessions):
        frame = pyogrio.read_dataframe(path, encoding="cp1252" if not path.with_suffix(".cpg").exists() else None)
        later = later_cadastre(frame, rng, drift, recode=k == 0)
        target = out_dir / path.name
        for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            target.with_suffix(suffix).unlink(missing_ok=True)
        write_shapefile(later, target, encoding="cp1252")
        target.with_suffix(".cpg").unlink(missing_ok=True)  # as INGEMMET's downloads come
        written["concessions"].append(target)
    table = pd.read_csv(registrations, sep=";", dtype=str, keep_default_na=False, encoding=encoding)
    target = out_dir / registrations.name
    later_registrations(table, rng, drift).to_csv(target, sep=";", index=False, encoding=encoding, lineterminator="\r\n")
    written["registrations"].append(target)
    return written


def later_cadastre(claims: gpd.GeoDataFrame, rng: np.random.Generator, drift: Drift, recode: bool = True) -> gpd.GeoDataFrame:
    """``claims`` (INGEMMET columns) some months later."""
    claims = claims.copy()
    estado = claims["ESTADO"].fillna("").astype(str)
    alive = np.flatnonzero(estado.isin(TITLED_OR_PENDING).to_numpy())
    dead = np.flatnonzero(estado.isin(EXTINCT).to_numpy())
    picked = rng.permutation(alive)
    n_ext = _count(len(claims), drift.extinguished)
    n_tr, n_red = _count(len(claims), drift.transferred), _count(len(claims), drift.reduced)
    extinguished, transferred = picked[:n_ext], picked[n_ext:n_ext + n_tr]
    reduced = picked[n_ext + n_tr:n_ext + n_tr + n_red]
    recoded = picked[n_ext + n_tr + n_red:n_ext + n_tr + n_red + int(recode)]
    for column, value in (("ESTADO", "F"), ("D_ESTADO", "EXTINGUIDO"), ("LEYENDA", "EXTINGUIDO")):
        if column in claims:
            claims.iloc[extinguished, claims.columns.get_loc(column)] = value
    holders = claims["TIT_CONCES"].to_numpy()
    claims.iloc[transferred, claims.columns.get_loc("TIT_CONCES")] = [
        next((h for h in holders[rng.permutation(len(holders))] if h != holders[i]), NEW_HOLDER) for i in transferred]
    geometry = claims.geometry.to_numpy().copy()
    for i in reduced:
        minx, miny, maxx, maxy = shapely.bounds(geometry[i])
        geometry[i] = _cut(geometry[i], shapely.box(minx, miny, minx + 0.7 * (maxx - minx), maxy))
    codes = claims["CODIGOU"].astype(str).to_numpy()
    for i in recoded:  # re-registered: the same ground under a new code
        claims.iloc[i, claims.columns.get_loc("CODIGOU")] = "69" + codes[i][2:]
    claims = claims.set_geometry(gpd.GeoSeries(geometry, index=claims.index, crs=claims.crs))

    removed = rng.permutation(dead)[:_count(len(claims), drift.removed)]
    refiled = claims.iloc[removed].copy()
    halves = []
    for shape in refiled.geometry.to_numpy():
        minx, miny, maxx, maxy = shapely.bounds(shape)
        halves.append(_cut(shape, shapely.box(minx, miny, (minx + maxx) / 2, maxy)))
    refiled = refiled.set_geometry(gpd.GeoSeries(halves, index=refiled.index, crs=claims.crs))
    refiled["CODIGOU"] = [f"{72_000_000 + 101 * k + int(rng.integers(100)):09d}" for k in range(len(refiled))]
    refiled["CONCESION"] = [f"NUEVO HORIZONTE {k + 1}" for k in range(len(refiled))]
    refiled["TIT_CONCES"] = NEW_HOLDER
    for column, value in (("ESTADO", "P"), ("D_ESTADO", "EN TRAMITE"), ("LEYENDA", "EN TRAMITE"), ("HOR_DENU", "")):
        if column in refiled:
            refiled[column] = value
    if "FEC_DENU" in refiled:
        refiled["FEC_DENU"] = pd.Timestamp("2026-03-02")
    if "HECTAGIS" in refiled:
        refiled["HECTAGIS"] = (refiled["HECTAGIS"].astype(float) / 2).round(4)
    kept = claims.drop(index=claims.index[removed])
    return gpd.GeoDataFrame(pd.concat([kept, refiled], ignore_index=True), geometry=claims.geometry.name, crs=claims.crs)


def later_registrations(table: pd.DataFrame, rng: np.random.Generator, drift: Drift) -> pd.DataFrame:
    """A REINFO export (text cells) some months later."""
    table = table.copy()
    status = table["ESTADO"].str.upper()
    listed = np.flatnonzero(status.isin(["VIGENTE", "SUSPENDIDO"]).to_numpy())
    picked = rng.permutation(listed)
    n_ex = _count(len(table), drift.excluded)
    table.iloc[picked[:n_ex], table.columns.get_loc("ESTADO")] = "EXCLUIDO"
    suspended = [i for i in picked[n_ex:] if status.iat[i] == "SUSPENDIDO"][:_count(len(table), drift.reinstated)]
    table.iloc[suspended, table.columns.get_loc("ESTADO")] = "VIGENTE"
    untouched = picked[n_ex + len(suspended):]
    gone = untouched[:_count(len(table), drift.deregistered)]

    placed = [i for i in untouched[len(gone):] if table["LATITUD_G84"].iat[i] and table["LONGITUD_G84"].iat[i]]
    sources = table.iloc[placed[:_count(len(table), drift.registered)]].copy()
    sources["COD_REINFO"] = [f"{9_000_000 + k:07d}" for k in range(len(sources))]
    sources["NOMBRE_MIN"] = [f"MINERO NUEVO {k + 1:03d}" for k in range(len(sources))]
    sources["M_RUC"] = [f"1080000{k:04d}" for k in range(len(sources))]
    sources["ESTADO"] = "VIGENTE"
    dated = table["A_INSCRIPCION"].str.contains("/").any()
    sources["A_INSCRIPCION"] = "02/03/2026" if dated else "2026"
    for column in ("LATITUD_G84", "LONGITUD_G84"):  # a few hundred metres from the miner copied
        values = sources[column].str.replace(",", ".").astype(float) + rng.uniform(-0.003, 0.003, len(sources))
        sources[column] = [f"{v:.6f}".replace(".", ",") for v in values]
    return pd.concat([table.drop(index=table.index[gone]), sources], ignore_index=True)


def _cut(shape, box):
    """The polygonal part of ``shape`` inside ``box``: a cut through a claim's narrow neck can
    leave a line or a point beside the polygons, which a polygon shapefile cannot hold; the
    shape as it was when nothing polygonal remains."""
    parts = [part for part in shapely.get_parts(shapely.intersection(shape, box))
             if shapely.get_type_id(part) == shapely.GeometryType.POLYGON]
    if not parts:
        return shape
    return parts[0] if len(parts) == 1 else shapely.multipolygons(parts)
