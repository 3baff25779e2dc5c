"""Tiny hand-built inputs for tests: claims as 1-km UTM cells, registrations as CSV rows."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

E0, N0 = 400_000.0, 8_600_000.0  # UTM 18S, about 12.6° S, 75.9° W


def cell_box(col0, row0, col1, row1, e0=E0, n0=N0) -> shapely.Polygon:
    return shapely.box(e0 + col0 * 1000, n0 + row0 * 1000, e0 + col1 * 1000, n0 + row1 * 1000)


def claims(rows: list[dict], crs: str = "EPSG:32718") -> gpd.GeoDataFrame:
    """INGEMMET-style claims; each row gives CODIGOU, TIT_CONCES, ESTADO, FEC_DENU and cells."""
    records = []
    for row in rows:
        record = {
            "CODIGOU": row["code"], "CONCESION": row.get("name", row["code"]), "TIT_CONCES": row["holder"],
            "ESTADO": row.get("estado", "T"), "FEC_DENU": row.get("filed", "2000-01-01"),
            "SUSTANCIA": row.get("substance", "M"), "DEPA": "JUNIN", "PROVI": "HUANCAYO", "DISTRI": "PARIAHUANCA",
            "geometry": row.get("geometry") or cell_box(*row["cells"]),
        }
        records.append(record)
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:32718").to_crs(crs)


def lonlat(x_km: float, y_km: float) -> tuple[float, float]:
    return Transformer.from_crs("EPSG:32718", "EPSG:4326", always_xy=True).transform(E0 + x_km * 1000, N0 + y_km * 1000)


def registrations_csv(path: Path, rows: list[dict], sep: str = ";", decimal: str = ",", encoding: str = "utf-8") -> Path:
    """A REINFO-style CSV; each row gives id, miner, estado and x/y in km from the grid corner."""
    records = []
    for row in rows:
        lon, lat = lonlat(row["x"], row["y"])
        records.append({
            "COD_REINFO": row["id"], "NOMBRE_MIN": row.get("miner", "MINERO " + row["id"]),
            "M_RUC": row.get("ruc", ""), "ESTADO": row.get("estado", "VIGENTE"),
            "TIPO_ACT": "EXPLOTACION", "TIPO_YAC": row.get("deposit", "FILONIANO"),
            "LATITUD_G84": f"{lat:.7f}".replace(".", decimal), "LONGITUD_G84": f"{lon:.7f}".replace(".", decimal),
            "CODIGOU": row.get("declared", ""),
            # The mineral column only where a test gives one, under REINFO-style MINERAL.
            **({"MINERAL": row["mineral"]} if "mineral" in row else {}),
        })
    pd.DataFrame(records).to_csv(path, sep=sep, index=False, encoding=encoding)
    return path


def bare_extract(rows: list[dict], crs: str = "EPSG:32718") -> gpd.GeoDataFrame:
    """A cadastre extract as many are published: code, name, holder and area (CODIGOU,
    CONCESION, TIT_CONCES, HECTAGIS) and no legal-state column (no ESTADO, LEYENDA, D_ESTADO)."""
    frame = claims(rows, crs)
    frame["HECTAGIS"] = [100.0] * len(frame)
    return frame[["CODIGOU", "CONCESION", "TIT_CONCES", "HECTAGIS", "geometry"]]
