"""The README.txt written beside the synthetic data, in Spanish and English."""

from __future__ import annotations

from pathlib import Path

from concession_gis.sample.lossyear import PixelGrid
from concession_gis.sample.marker import SYNTHETIC_HEADING

ENCODING_NAMES = {"utf-8-sig": ("UTF-8 con BOM", "UTF-8 with BOM"), "latin-1": ("Latin-1", "Latin-1")}
DATE_STYLES = {"date": ("fecha dd/mm/aaaa", "date dd/mm/yyyy"), "year": ("año", "year")}


def readme_text(scale: str, seed: int, size_factor: float, files: dict[str, list[Path]], n_claims: int,
                n_registrations: int, grid: PixelGrid, encoding: str, date_style: str) -> str:
    """README text naming every file written, with counts, encodings and the raster's grid."""
    minx, miny, maxx, maxy = grid.bounds
    box = f"lon {minx:.4f} .. {maxx:.4f}, lat {miny:.4f} .. {maxy:.4f}"
    cadastre = "\n".join(f"    {p.name}" for p in files["concessions"])
    tiles = "\n".join(f"    {p.name}" for p in files["loss_tiles"])
    forest_tiles = "\n".join(f"    {p.name}" for p in files.get("forest_tiles", []))
    alert_tiles = "\n".join(f"    {p.name}" for p in files.get("alert_tiles", []))
    reinfo = files["registrations"][0].name
    listed = files["registration_list"][0].name
    enc_es, enc_en = ENCODING_NAMES[encoding]
    date_es, date_en = DATE_STYLES[date_style]
    return f"""{SYNTHETIC_HEADING}
concession-gis sample --scale {scale} --seed {seed}   (size_factor {size_factor:g})
{n_claims} concesiones / claims, {n_registrations} registros / registrations,
pérdida de bosque / forest loss: {grid.side} x {grid.side} px, {box}

Archivos / Files:
{cadastre}
    {reinfo}
    {listed}
    lossyear.vrt
{tiles}
    treecover2000.vrt
{forest_tiles}
    integrated_alerts.vrt
{alert_tiles}
    ANP_SERNANP.shp
    LIMITE_DISTRITAL_INEI.shp
    CORREDOR_MINERO_DL1100.shp
    activity.csv
    holders.csv
    contratos_mineros.csv

ES
Estos archivos son FICTICIOS. Los nombres de titulares, mineros, concesiones y los RUC son
combinaciones aleatorias; no describen ninguna concesión, persona ni empresa real. Sirven para
probar la herramienta con el tamaño y los formatos de los datos reales. La misma semilla genera
los mismos archivos, byte por byte.

- CatastroMinero_*.shp: catastro minero al estilo INGEMMET, un shapefile por zona UTM. Campos
  CODIGOU (texto, con ceros a la izquierda), CONCESION, TIT_CONCES, FEC_DENU (fecha), HOR_DENU
  (hh:mm o vacío), HECTAGIS, ESTADO, D_ESTADO, LEYENDA, SUSTANCIA, DEPA, PROVI, DISTRI, ZONA,
  CARTA. DBF en Latin-1 SIN archivo .cpg. Los archivos PSAD56 usan el datum antiguo
  (EPSG 24877-24879); los WGS84, EPSG 32717-32719.
- {reinfo}: registros REINFO en {enc_es}, separador ';', coma decimal, líneas CRLF.
  LATITUD_G84 y LONGITUD_G84 en grados WGS84; A_INSCRIPCION como {date_es}; CODIGOU y
  NOMBRE_DERECHO: la concesión declarada (a veces otra o ninguna); TIPO_YAC: ALUVIAL o FILONIANO.
- {listed}: los mismos mineros que declaran una concesión, como la lista REINFO publicada,
  SIN coordenadas (N°, RUC, NOMBRE O RAZÓN SOCIAL, CÓDIGO ÚNICO, NOMBRE DEL DERECHO MINERO,
  DEPARTAMENTO, PROVINCIA, DISTRITO, ESTADO), guardada con Excel: Windows-1252, separador ';'.
  Algunos códigos perdieron el cero inicial y unos pocos no nombran ninguna concesión del
  catastro (se descartan). Con --registrations cada registro se ubica en la concesión que
  declara (located_by = declared_code), no donde trabaja el minero.
- lossyear.vrt y sus teselas: pérdida de bosque al estilo Hansen (EPSG:4326, 0,00025 grados,
  uint8; 0 = sin pérdida, k = pérdida en el año 2000+k, 1..24; SIN valor nodata). Cubre solo
  la caja indicada arriba (Madre de Dios).
- treecover2000.vrt y sus teselas: cobertura arbórea del año 2000 al estilo Hansen, en la misma
  grilla (uint8, porcentaje de copa 0..100; --forest RUTA:treecover). Bosque cerrado en la
  llanura amazónica; casi nada sobre la línea de árboles, en la puna del suroeste (Corani,
  Macusani); toda pérdida cae sobre bosque (al menos 30 %).
- integrated_alerts.vrt y sus teselas: alertas integradas al estilo GFW (GLAD/RADD) en la misma
  grilla (uint16; primer dígito la confianza, 2 baja, 3 alta, 4 máxima; los otros cuatro, los días
  desde el 31-12-2014; 0 = sin alerta; --loss-raster RUTA:alerts): la misma pérdida de 2019 en
  adelante, fechada al día.
- ANP_SERNANP.shp: áreas naturales protegidas y zonas de amortiguamiento (EPSG:4326, UTF-8).
- LIMITE_DISTRITAL_INEI.shp: límites de los distritos que nombran las concesiones, con los campos
  del INEI (IDDIST, NOMBDIST, NOMBPROV, NOMBDEP; EPSG:4326, UTF-8), para --districts. Son celdas
  de Voronoi alrededor de cada distrito minero, no las formas del INEI; los códigos son ficticios.
- CORREDOR_MINERO_DL1100.shp: el corredor minero de Madre de Dios (zonas del D.L. 1100, anexo 1),
  para --allowed-zones: franjas a lo largo de los ríos Madre de Dios, Inambari y Colorado
  (NOMB_ZONA, DEPARTAMEN; EPSG:4326, UTF-8), no las formas del decreto. Fuera de ellas, en
  Madre de Dios, la minería no puede formalizarse.
- activity.csv: producción declarada por concesión y año (code, year, production_t, mineral).
- holders.csv: algunos titulares con su estrato y RUC (holder, stratum, ruc, group): `large` o
  `medium` por encima de 2000 ha, y unos grupos económicos (group) con sus filiales.
- contratos_mineros.csv: contratos de explotación y cesiones entre mineros y titulares (separador
  ';'; CODIGOU, NOMBRE_DERECHO, TITULAR, RUC_MINERO, MINERO, TIPO_CONTRATO, FECHA_INICIO,
  FECHA_FIN en dd/mm/aaaa; sin fin: sin plazo). Algunos vencidos, algunos sin RUC del minero.

EN
These files are FICTITIOUS. Holder, miner and claim names and tax ids are random combinations;
they describe no real claim, person or company. They exist to test the tool at the size and in
the formats of the real data. The same seed writes the same files, byte for byte.

- CatastroMinero_*.shp: INGEMMET-style mining cadastre, one shapefile per UTM zone, fields as
  above. DBF text in Latin-1 with NO .cpg file. PSAD56 files use the old datum
  (EPSG 24877-24879), WGS84 files EPSG 32717-32719.
- {reinfo}: REINFO registrations in {enc_en}, ';' separated, decimal commas, CRLF lines.
  LATITUD_G84 and LONGITUD_G84 in WGS84 degrees; A_INSCRIPCION as a {date_en}; CODIGOU and
  NOMBRE_DERECHO: the declared claim (sometimes another or none); TIPO_YAC: ALUVIAL (placer)
  or FILONIANO (hard rock).
- {listed}: the same miners who declare a claim, as REINFO's published list WITHOUT
  coordinates (headers as above: tax id, miner, claim code and name, department, province,
  district, status), saved by Excel: Windows-1252, ';' separated. Some codes lost their
  leading zero and a few name no claim in the cadastre (set aside). With --registrations each
  registration is placed on the claim it declares (located_by = declared_code), not where the
  miner works.
- lossyear.vrt and its tiles: Hansen-style forest loss (EPSG:4326, 0.00025 degrees, uint8;
  0 = no loss, k = loss in year 2000+k, 1..24; NO nodata value). Covers only the box above
  (Madre de Dios).
- treecover2000.vrt and its tiles: Hansen-style tree cover in 2000 on the same grid (uint8,
  canopy percent 0..100; --forest PATH:treecover). Closed forest on the Amazon lowlands; next to
  none above the tree line, on the puna to the south-west (Corani, Macusani); all loss lies on
  forest (at least 30 %).
- integrated_alerts.vrt and its tiles: GFW-style integrated alerts (GLAD/RADD) on the same grid
  (uint16; leading digit the confidence, 2 low, 3 high, 4 highest; the other four the days since
  2014-12-31; 0 = no alert; --loss-raster PATH:alerts): the same loss from 2019 on, dated to the day.
- ANP_SERNANP.shp: protected areas and buffer zones (EPSG:4326, UTF-8).
- LIMITE_DISTRITAL_INEI.shp: limits of the districts the claims are named after, in INEI's
  fields (IDDIST, NOMBDIST, NOMBPROV, NOMBDEP; EPSG:4326, UTF-8), for --districts. Voronoi
  cells around each mining district, not INEI's shapes; the codes are fictitious.
- CORREDOR_MINERO_DL1100.shp: Madre de Dios' mining corridor (the zones of D.L. 1100, annex 1),
  for --allowed-zones: bands along the Madre de Dios, Inambari and Colorado rivers (NOMB_ZONA,
  DEPARTAMEN; EPSG:4326, UTF-8), not the decree's shapes. Outside them, in Madre de Dios,
  mining cannot be formalized.
- activity.csv: declared production per claim and year (code, year, production_t, mineral).
- holders.csv: some holders with their stratum and tax id (holder, stratum, ruc, group): `large`
  or `medium` above 2,000 ha, and a few economic groups (group) with their subsidiaries.
- contratos_mineros.csv: exploitation contracts and assignments between miners and title holders
  (';' separated; CODIGOU, NOMBRE_DERECHO, TITULAR, RUC_MINERO, MINERO, TIPO_CONTRATO,
  FECHA_INICIO, FECHA_FIN as dd/mm/yyyy; no end: without a term). Some expired, some without the
  miner's RUC.
"""
