"""Write the synthetic data in the formats users receive: shapefiles, CSV exports, GeoTIFF + VRT.

Everything written is a function of the data alone (no clock, no random file order), so the
same seed gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import rasterio
from rasterio.windows import Window

from concession_gis.progress import Feedback
from concession_gis.raster.vrt import Tile, write_mosaic_vrt
from concession_gis.sample.cadastre import STATUSES
from concession_gis.sample.dbf import Field, write_dbf
from concession_gis.sample.lossyear import PIXEL_DEG, LossFields, PixelGrid, loss_window
from concession_gis.sample.treecover import treecover_window

# The DBF header's "last update" date: the cadastre's cut-off, never the clock.
DBF_DATE = dt.date(2025, 6, 30)
TILE_BLOCK = 512

CADASTRE_FIELDS = [
    Field("CODIGOU", "C", 12), Field("CONCESION", "C", 80), Field("TIT_CONCES", "C", 120),
    Field("FEC_DENU", "D", 8), Field("HOR_DENU", "C", 5), Field("HECTAGIS", "N", 18, 4),
    Field("ESTADO", "C", 1), Field("D_ESTADO", "C", 40), Field("LEYENDA", "C", 30),
    Field("SUSTANCIA", "C", 1), Field("DEPA", "C", 30), Field("PROVI", "C", 40),
    Field("DISTRI", "C", 40), Field("ZONA", "N", 2), Field("CARTA", "C", 6),
]


def write_cadastre(path: Path, geometry: gpd.GeoSeries, claims: pd.DataFrame, zone_number: int) -> None:
    """One zone's claims as an INGEMMET-style shapefile: Latin-1 DBF with a Date field and no .cpg."""
    d_estado = [STATUSES[s][1] for s in claims["status"]]
    leyenda = [STATUSES[s][2] for s in claims["status"]]
    pyogrio.write_dataframe(gpd.GeoDataFrame(geometry=geometry.reset_index(drop=True)), path,
                            driver="ESRI Shapefile")
    columns = {
        "CODIGOU": claims["code"].tolist(), "CONCESION": claims["name"].tolist(),
        "TIT_CONCES": claims["holder_written"].tolist(), "FEC_DENU": claims["filed"].tolist(),
        "HOR_DENU": claims["hour"].tolist(), "HECTAGIS": claims["declared_ha"].to_numpy(),
        "ESTADO": claims["status"].tolist(), "D_ESTADO": d_estado, "LEYENDA": leyenda,
        "SUSTANCIA": claims["substance"].tolist(), "DEPA": claims["depa"].tolist(),
        "PROVI": claims["provi"].tolist(), "DISTRI": claims["distri"].tolist(),
        "ZONA": np.full(len(claims), zone_number), "CARTA": claims["carta"].tolist(),
    }
    write_dbf(path.with_suffix(".dbf"), CADASTRE_FIELDS, columns, "latin-1", DBF_DATE)
    path.with_suffix(".cpg").unlink(missing_ok=True)


def write_restricted(path: Path, frame: gpd.GeoDataFrame) -> None:
    """Protected areas as a shapefile in EPSG:4326 with UTF-8 text (declared in a .cpg)."""
    write_polygons(path, frame)


def write_polygons(path: Path, frame: gpd.GeoDataFrame) -> None:
    """Polygons (protected areas, district limits) as a shapefile in EPSG:4326 with UTF-8 text
    (declared in a .cpg), dated by the cadastre's cut-off."""
    pyogrio.write_dataframe(frame, path, driver="ESRI Shapefile", encoding="UTF-8",
                            layer_options={"DBF_DATE_LAST_UPDATE": DBF_DATE.isoformat()})


def write_registrations(path: Path, table: pd.DataFrame, encoding: str, date_style: str) -> None:
    """A REINFO export: ';' separators, decimal commas, CRLF lines, the given encoding."""
    if date_style == "year":
        registered = [d.year for d in table["registered_on"]]
    else:
        registered = [d.strftime("%d/%m/%Y") for d in table["registered_on"]]
    out = table[["COD_REINFO", "NOMBRE_MIN", "M_RUC", "DEPARTAMENTO", "PROVINCIA", "DISTRITO",
                 "TIPO_ACT", "TIPO_YAC", "MINERAL", "ESTADO"]].copy()
    out["A_INSCRIPCION"] = registered
    out["LATITUD_G84"] = [f"{v:.6f}".replace(".", ",") for v in table["lat"]]
    out["LONGITUD_G84"] = [f"{v:.6f}".replace(".", ",") for v in table["lon"]]
    out["CODIGOU"] = table["CODIGOU"].to_numpy()
    out["NOMBRE_DERECHO"] = table["NOMBRE_DERECHO"].to_numpy()
    out.to_csv(path, sep=";", index=False, encoding=encoding, lineterminator="\r\n")


def write_registration_list(path: Path, table: pd.DataFrame) -> None:
    """A REINFO list as Excel saves it in a Spanish locale: ';' separators, Windows-1252, CRLF lines."""
    table.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")


def write_table(path: Path, table: pd.DataFrame) -> None:
    """A plain UTF-8, comma-separated table (the tool's own activity and holders formats)."""
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def write_loss_tiles(out_dir: Path, grid: PixelGrid, fields: LossFields, tiles_per_side: int,
                     feedback: Feedback) -> list[Path]:
    """The raster as tiles_per_side² GeoTIFF tiles, each written window by window."""
    return write_tiles(out_dir, grid, lambda r, c, h, w: loss_window(fields, r, c, h, w), tiles_per_side,
                       feedback, "lossyear", "sample_loss_raster")


def write_alert_tiles(out_dir: Path, grid: PixelGrid, fields: LossFields, tiles_per_side: int,
                      feedback: Feedback) -> list[Path]:
    """GFW-style integrated alerts (uint16, :mod:`.alerts`) on the loss raster's grid, tile for tile."""
    from concession_gis.sample.alerts import alerts_window

    return write_tiles(out_dir, grid, lambda r, c, h, w: alerts_window(fields, r, c, h, w), tiles_per_side,
                       feedback, "integrated_alerts", "sample_loss_raster", dtype="uint16")


def write_treecover_tiles(out_dir: Path, grid: PixelGrid, fields: LossFields, tiles_per_side: int,
                          feedback: Feedback) -> list[Path]:
    """Hansen-style treecover2000 tiles on the loss raster's grid, tile for tile."""
    return write_tiles(out_dir, grid, lambda r, c, h, w: treecover_window(fields, grid.west, grid.north, r, c, h, w),
                       tiles_per_side, feedback, "treecover2000", "sample_treecover_raster")


def write_tiles(out_dir: Path, grid: PixelGrid, window: Callable[[int, int, int, int], np.ndarray],
                tiles_per_side: int, feedback: Feedback, layer: str, stage: str, dtype: str = "uint8") -> list[Path]:
    """The raster ``window(row0, col0, height, width)`` draws (uint8, global pixel offsets) as
    tiles_per_side² GeoTIFF tiles named like Hansen's ``layer`` tiles, each written window by window."""
    tile_side = grid.side // tiles_per_side
    n_windows = tiles_per_side**2 * (-(-tile_side // TILE_BLOCK)) ** 2
    feedback.stage(stage, n_windows)
    paths = []
    with rasterio.Env(GDAL_CACHEMAX=64):
        for ti in range(tiles_per_side):
            for tj in range(tiles_per_side):
                row0, col0 = ti * tile_side, tj * tile_side
                west = grid.west + col0 * PIXEL_DEG
                north = grid.north - row0 * PIXEL_DEG
                path = out_dir / tile_name(west, north, layer)
                _write_tile(path, window, row0, col0, tile_side, west, north, feedback, dtype)
                paths.append(path)
    return paths


def tile_name(west: float, north: float, layer: str = "lossyear") -> str:
    """Hansen-like name from the tile's north-west corner, e.g. lossyear_11_6000S_071_4000W.tif."""
    lat = f"{abs(north):07.4f}".replace(".", "_") + ("S" if north <= 0 else "N")
    lon = f"{abs(west):08.4f}".replace(".", "_") + ("W" if west <= 0 else "E")
    return f"{layer}_{lat}_{lon}.tif"


def _write_tile(path, window, row0, col0, side, west, north, feedback, dtype="uint8"):
    profile = {
        "driver": "GTiff", "width": side, "height": side, "count": 1, "dtype": dtype,
        "crs": "EPSG:4326", "transform": rasterio.transform.from_origin(west, north, PIXEL_DEG, PIXEL_DEG),
        "tiled": True, "blockxsize": TILE_BLOCK, "blockysize": TILE_BLOCK, "compress": "deflate",
    }
    with rasterio.open(path, "w", **profile) as dst:
        for r in range(0, side, TILE_BLOCK):
            for c in range(0, side, TILE_BLOCK):
                h, w = min(TILE_BLOCK, side - r), min(TILE_BLOCK, side - c)
                dst.write(window(row0 + r, col0 + c, h, w), 1, window=Window(c, r, w, h))
                feedback.advance()


def write_vrt(path: Path, grid: PixelGrid, tiles: list[Path], tiles_per_side: int, dtype: str = "uint8") -> None:
    """A VRT mosaic of the tiles (as written by :func:`write_loss_tiles`), naming them from its folder."""
    tile_side = grid.side // tiles_per_side
    placed = []
    for k, tile in enumerate(tiles):
        row0, col0 = (k // tiles_per_side) * tile_side, (k % tiles_per_side) * tile_side
        transform = rasterio.transform.from_origin(grid.west + col0 * PIXEL_DEG, grid.north - row0 * PIXEL_DEG,
                                                   PIXEL_DEG, PIXEL_DEG)
        placed.append(Tile(tile, transform, tile_side, tile_side, dtype, None))
    write_mosaic_vrt(placed, rasterio.crs.CRS.from_epsg(4326).to_wkt(), path, relative=True)
