"""Realistic synthetic inputs at region or national scale, in the real file formats.

``write_synthetic("region", out_dir)`` writes one UTM zone of INGEMMET-style claims, a REINFO
export, Hansen-style loss and treecover2000 tiles with VRT mosaics, protected areas, a production table and a
holders table, all fictitious, all a function of the seed alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

from concession_gis.errors import InputError
from concession_gis.progress import Feedback
from concession_gis.sample import (
    allowed_zones,
    districts,
    lossyear,
    registrations,
    restricted,
    tables,
    writers,
)
from concession_gis.sample import cadastre as cadastre_model
from concession_gis.sample.places import (
    MDD_CORRIDORS,
    PERU_OUTLINE,
    PROTECTED_AREAS,
    REGION_CENTER,
    ZONES,
    national_weight,
)
from concession_gis.sample.readme import readme_text


@dataclass(frozen=True)
class Scale:
    """Counts and formats of one scale; ``size_factor`` scales counts and the raster's area."""

    claims: int
    registrations: int
    raster_side: int            # pixels per side of the loss raster (0.00025 degrees each)
    zones: tuple[str, ...]
    psad56_zones: tuple[str, ...]  # zones written as older PSAD56 files
    whole_country: bool         # claims over Peru, or only inside the raster's box
    registrations_encoding: str
    registration_date: str      # "date" (dd/mm/yyyy) or "year"


SCALES = {
    "region": Scale(10_000, 15_000, 10_000, ("19S",), (), False, "utf-8-sig", "date"),
    "national": Scale(67_000, 87_000, 10_000, ("17S", "18S", "19S"), ("17S",), True, "latin-1", "year"),
}
TILES_PER_SIDE = 2
MIN_RASTER_SIDE = 256
# Registration weight in the mining-loss field, by REINFO status; hard-rock workings clear
# far less forest than alluvial ones.
LOSS_WEIGHT_BY_STATUS = {"VIGENTE": 1.0, "SUSPENDIDO": 0.8, "EXCLUIDO": 0.6}
HARD_ROCK_LOSS_FACTOR = 0.25


MAX_SIZE_FACTOR = 16


def write_synthetic(scale: str, out_dir: Path, seed: int = 0, feedback: Feedback | None = None,
                    size_factor: float = 1.0) -> dict[str, list[Path]]:
    """Write the synthetic inputs of ``scale`` into ``out_dir``; returns the files by kind.

    Kinds: concessions (one .shp per UTM zone), registrations (.csv), loss_rasters (the .vrt
    mosaic), loss_tiles (its GeoTIFF tiles), forest and forest_tiles (Hansen-style treecover2000
    on the same grid), restricted (.shp), districts (.shp, the limits of the districts the claims
    are named after), allowed_zones (.shp, Madre de Dios' mining corridor), registration_list (.csv,
    the same miners as a REINFO list without coordinates), activity, holders and contracts (.csv)
    and readme. Counts are the scale's times ``size_factor``; the raster's area too (its side by
    the square root), so densities stay the same. Same seed, same bytes.
    """
    if scale not in SCALES:
        raise InputError(key="error.unknown_sample_scale", scale=repr(scale), scales=", ".join(SCALES))
    # Up to 16 times a scale: the scaling benchmark's 8x the region (bench/bench_scaling.py).
    if not (isinstance(size_factor, int | float) and 0 < size_factor <= MAX_SIZE_FACTOR):
        raise InputError(key="error.bad_size_factor", value=repr(size_factor), most=MAX_SIZE_FACTOR)
    feedback = feedback or Feedback()
    spec = SCALES[scale]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = {name: np.random.default_rng([seed, k]) for k, name in enumerate(
        ("cadastre", "activity", "registrations", "loss", "restricted", "holders", "contracts", "registration_list"))}

    n_claims = max(20, round(spec.claims * size_factor))
    n_regs = max(20, round(spec.registrations * size_factor))
    grid = _raster_grid(spec, size_factor)
    land = shapely.Polygon(PERU_OUTLINE)
    minx, miny, maxx, maxy = grid.bounds
    box = shapely.box(minx + 0.01, miny + 0.01, maxx - 0.01, maxy - 0.01)
    study_area = land if spec.whole_country else box
    zone_epsg = {z: ZONES[z].epsg_psad56 if z in spec.psad56_zones else ZONES[z].epsg_wgs84 for z in spec.zones}
    protected = restricted.build(rng["restricted"], [a for a in PROTECTED_AREAS if spec.whole_country or _in_region(a)])
    # No claim is granted in a national park or sanctuary (indirect use); reserves and buffer
    # zones do hold claims, and miners work in all of them.
    closed = shapely.union_all(protected.geometry[protected["anp_cate"].isin(restricted.NO_CLAIM_CATEGORIES)])

    weight_factor = national_weight if spec.whole_country else None
    cadastre = cadastre_model.build(rng["cadastre"], n_claims, zone_epsg, shapely.difference(study_area, closed),
                                    feedback, weight_factor)
    claims = cadastre.claims
    feedback.stage("sample_registrations", 1)
    mixture = registrations.registration_mixture(study_area.bounds, list(spec.zones), weight_factor)
    appeal = registrations.claim_appeal(mixture, claims)
    worked = tables.worked_claims(rng["activity"], claims, appeal)
    regs = registrations.build(rng["registrations"], n_regs, cadastre, appeal, worked, mixture, study_area)
    feedback.advance()

    files = {"concessions": _write_cadastre(out_dir, spec, cadastre, zone_epsg)}
    files["registrations"] = [out_dir / "REINFO_registros.csv"]
    writers.write_registrations(files["registrations"][0], regs, spec.registrations_encoding, spec.registration_date)
    # The same miners as the list without coordinates, placed by the claim code they declare.
    files["registration_list"] = [out_dir / "REINFO_lista_sin_coordenadas.csv"]
    writers.write_registration_list(files["registration_list"][0],
                                    registrations.registration_list(rng["registration_list"], regs, claims["code"]))

    fields = _loss_fields(grid, regs, rng["loss"])
    files["loss_tiles"] = writers.write_loss_tiles(out_dir, grid, fields, TILES_PER_SIDE, feedback)
    files["loss_rasters"] = [out_dir / "lossyear.vrt"]
    writers.write_vrt(files["loss_rasters"][0], grid, files["loss_tiles"], TILES_PER_SIDE)
    files["forest_tiles"] = writers.write_treecover_tiles(out_dir, grid, fields, TILES_PER_SIDE, feedback)
    files["forest"] = [out_dir / "treecover2000.vrt"]
    writers.write_vrt(files["forest"][0], grid, files["forest_tiles"], TILES_PER_SIDE)
    # The same clearings from 2019 on as GFW's integrated alerts, dated to the day (--loss-raster PATH:alerts).
    files["alert_tiles"] = writers.write_alert_tiles(out_dir, grid, fields, TILES_PER_SIDE, feedback)
    files["alerts"] = [out_dir / "integrated_alerts.vrt"]
    writers.write_vrt(files["alerts"][0], grid, files["alert_tiles"], TILES_PER_SIDE, dtype="uint16")

    feedback.stage("sample_tables", 4)
    files["restricted"] = [out_dir / "ANP_SERNANP.shp"]
    writers.write_restricted(files["restricted"][0], protected)
    # The limits of the districts the claims are named after (sample/districts.py).
    files["districts"] = [out_dir / "LIMITE_DISTRITAL_INEI.shp"]
    writers.write_polygons(files["districts"][0], districts.build(spec.zones, study_area))
    # Madre de Dios' mining corridor (D.L. 1100, annex 1): the allowed mining zones there.
    files["allowed_zones"] = [out_dir / "CORREDOR_MINERO_DL1100.shp"]
    writers.write_polygons(files["allowed_zones"][0], allowed_zones.build())
    feedback.advance()
    files["activity"] = [out_dir / "activity.csv"]
    writers.write_table(files["activity"][0], tables.activity(rng["activity"], claims, worked))
    feedback.advance()
    # Every holder a miner works for as owner is listed, so own-claim miners can be told by RUC.
    own_holders = set(claims["holder_id"].to_numpy()[regs.loc[regs["own_claim"], "host"].to_numpy()].tolist())
    files["holders"] = [out_dir / "holders.csv"]
    writers.write_table(files["holders"][0], tables.holders_table(rng["holders"], claims, cadastre.holders, own_holders))
    # Contracts as registries export them (the demo's contratos_mineros.csv).
    files["contracts"] = [out_dir / "contratos_mineros.csv"]
    table = tables.contracts(rng["contracts"], claims, regs)
    table.to_csv(files["contracts"][0], sep=";", index=False, encoding="utf-8", lineterminator="\n")
    feedback.advance()

    files["readme"] = [out_dir / "README.txt"]
    text = readme_text(scale, seed, size_factor, files, len(claims), len(regs), grid,
                       spec.registrations_encoding, spec.registration_date)
    files["readme"][0].write_text(text, encoding="utf-8")
    return files


def _write_cadastre(out_dir: Path, spec: Scale, cadastre: cadastre_model.Cadastre,
                    zone_epsg: dict[str, int]) -> list[Path]:
    """One INGEMMET-style shapefile per zone, rows in code order."""
    paths = []
    claims = cadastre.claims
    for z in zone_epsg:
        datum = "PSAD56" if z in spec.psad56_zones else "WGS84"
        path = out_dir / f"CatastroMinero_{datum}_{z}.shp"
        in_zone = claims[claims["zone"] == z].sort_values("code")
        writers.write_cadastre(path, cadastre.native[z].loc[in_zone.index], in_zone, ZONES[z].number)
        paths.append(path)
    return paths


def _raster_grid(spec: Scale, size_factor: float) -> lossyear.PixelGrid:
    """The raster's pixel grid: a square around the region's centre, aligned to Hansen's grid."""
    side = int(round(spec.raster_side * math.sqrt(size_factor) / (2 * TILES_PER_SIDE))) * 2 * TILES_PER_SIDE
    side = max(side, MIN_RASTER_SIDE)
    cx, cy = REGION_CENTER
    half = side // 2 * lossyear.PIXEL_DEG
    # Round to whole pixels of the global grid so tiles line up with real Hansen tiles.
    west = round((cx - half) / lossyear.PIXEL_DEG) * lossyear.PIXEL_DEG
    north = round((cy + half) / lossyear.PIXEL_DEG) * lossyear.PIXEL_DEG
    return lossyear.PixelGrid(round(west, 6), round(north, 6), side)


def _in_region(area, reach_deg: float = 1.5) -> bool:
    """Whether a protected area belongs to the region (whatever the size factor)."""
    cx, cy = REGION_CENTER
    return abs(area.lon - cx) <= reach_deg and abs(area.lat - cy) <= reach_deg


def _loss_fields(grid, regs, rng) -> lossyear.LossFields:
    """Mining loss follows the rivers and the registrations (years around their inscription)."""
    minx, miny, maxx, maxy = grid.bounds
    inside = regs["lon"].between(minx, maxx) & regs["lat"].between(miny, maxy)
    r = regs[inside]
    weight = r["ESTADO"].map(LOSS_WEIGHT_BY_STATUS).to_numpy() * np.where(
        r["TIPO_YAC"].to_numpy() == "ALUVIAL", 1.0, HARD_ROCK_LOSS_FACTOR)
    # Miners dug for years before they registered, and went on digging after.
    year = np.array([d.year - 2000 for d in r["registered_on"]]) + rng.uniform(-5, 5, len(r))
    return lossyear.build_fields(grid, MDD_CORRIDORS, r["lon"].to_numpy(), r["lat"].to_numpy(),
                                 weight, np.clip(year, 1, lossyear.LAST_YEAR_CODE), rng)
