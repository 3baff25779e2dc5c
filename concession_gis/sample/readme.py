"""The README.txt written beside the synthetic data, in Spanish and English."""

from __future__ import annotations

from pathlib import Path

from concession_gis.sample.lossyear import PixelGrid


def readme_text(scale: str, seed: int, size_factor: float, files: dict[str, list[Path]],
                n_claims: int, n_registrations: int, grid: PixelGrid) -> str:
    """README text naming every file written, with counts, encodings and the raster's grid."""
    minx, miny, maxx, maxy = grid.bounds
    raster = f"{grid.side} x {grid.side} px, lon {minx:.4f}..{maxx:.4f}, lat {miny:.4f}..{maxy:.4f}"
    shapefiles = ", ".join(p.name for p in files["concessions"])
    tiles = ", ".join(p.name for p in files["loss_tiles"])
    reinfo = files["registrations"][0].name
    return f"""DATOS SINTÉTICOS / SYNTHETIC DATA
concession-gis sample --scale {scale} --seed {seed} (size_factor {size_factor:g})

ES
Estos archivos son FICTICIOS. Los nombres de titulares, mineros, concesiones y RUC son
combinaciones aleatorias; no describen ninguna concesión, persona ni empresa real. Sirven para
probar la herramienta con el tamaño y los formatos de los datos reales. La misma semilla genera
los mismos archivos, byte por byte.

- {shapefiles}: catastro minero al estilo INGEMMET, un shapefile por zona UTM
  ({n_claims} concesiones). Campos CODIGOU (texto, con ceros a la izquierda), CONCESION,
  TIT_CONCES, FEC_DENU (fecha), HOR_DENU, HECTAGIS, ESTADO, D_ESTADO, LEYENDA, SUSTANCIA, DEPA,
  PROVI, DISTRI, ZONA, CARTA. DBF en Latin-1 SIN archivo .cpg. Los archivos PSAD56 usan el
  datum antiguo (EPSG 24877-24879); los WGS84, EPSG 32717-32719.
- {reinfo}: registros REINFO ({n_registrations}), separador ';', coma decimal
  (LATITUD_G84, LONGITUD_G84 en grados WGS84), CODIGOU y NOMBRE_DERECHO declarados.
- lossyear.vrt y {tiles}: pérdida de bosque al estilo Hansen (EPSG:4326, 0,00025 grados, uint8;
  0 = sin pérdida, k = pérdida en el año 2000+k, 1..24; SIN valor nodata). {raster}.
- ANP_SERNANP.shp: áreas naturales protegidas y zonas de amortiguamiento (EPSG:4326, UTF-8).
- activity.csv: producción declarada (code, year, production_t, mineral).
- holders.csv: titulares con estrato (holder, stratum, ruc).

EN
These files are FICTITIOUS. Holder, miner and claim names and tax ids are random combinations;
they describe no real claim, person or company. They exist to test the tool at the size and in
the formats of the real data. The same seed writes the same files, byte for byte.

- {shapefiles}: INGEMMET-style mining cadastre, one shapefile per UTM zone
  ({n_claims} claims). Fields as above; DBF text in Latin-1 with NO .cpg file; PSAD56 files
  use the old datum (EPSG 24877-24879), WGS84 files EPSG 32717-32719.
- {reinfo}: REINFO registrations ({n_registrations}), ';' separated, decimal commas,
  coordinates in WGS84 degrees, declared concession code and name.
- lossyear.vrt and its tiles: Hansen-style forest loss (EPSG:4326, 0.00025 degrees, uint8;
  0 = no loss, k = loss in year 2000+k, 1..24; NO nodata value). {raster}.
- ANP_SERNANP.shp: protected areas and buffer zones (EPSG:4326, UTF-8).
- activity.csv: declared production (code, year, production_t, mineral).
- holders.csv: holders with their stratum (holder, stratum, ruc).
"""
