"""A synthetic Bolivian sample (``concession-gis sample --country bo``), in AJAM's shapes.

Two places, as issue 20 describes them: a gold-cooperative river valley in La Paz (Tipuani and
Guanay, WGS 84 UTM 19S) beside a national park and an indigenous territory, where cooperatives
hold small alluvial areas and some lease them to private firms; and a tin and silver zone in
Potosí (PSAD56 UTM 20S, as older AJAM files are), where COMIBOL holds the large areas and
cooperatives work on them. Areas are whole cuadrículas (500 m) of each zone's UTM grid; a few
declare one cuadrícula more than they are drawn with, as real files do. Cooperative grants grow
after 2006 (seed 003: cooperative area up more than 500% in ten years). Every name is invented.
Same seed, same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from concession_gis.errors import InputError
from concession_gis.sample.marker import SYNTHETIC_HEADING

CELL_M = 500.0


@dataclass(frozen=True)
class Place:
    """One region of the sample: where (its UTM zone and a corner), and who holds what."""

    key: str
    epsg: int
    corner: tuple[float, float]  # easting, northing of the grid's south-west corner
    department: str
    province: str
    municipalities: tuple[str, ...]
    mineral: str
    actors: tuple[float, float, float]  # shares of areas held by the state, private firms, cooperatives
    cells: tuple[int, int]  # the largest area's side, in cuadrículas, for cooperatives and the others


PLACES = (
    Place("lapaz", 32719, (545_000.0, 8_270_000.0), "La Paz", "Larecaja", ("Tipuani", "Guanay", "Mapiri"), "ORO",
          (0.05, 0.2, 0.75), (4, 10)),
    Place("potosi", 24880, (220_000.0, 7_815_000.0), "Potosí", "Tomás Frías", ("Potosí", "Yocalla"),
          "ESTAÑO, PLATA", (0.25, 0.15, 0.6), (3, 16)),
)
SCALES = {"demo": 30, "region": 1_000}  # areas per place
_COOP_WORDS = {"lapaz": ("Aurífera", "Minera Aurífera"), "potosi": ("Minera", "Minera Polimetálica")}
_NAMES = ("San Juan", "Virgen del Carmen", "15 de Agosto", "Tipuani", "Illimani", "Nueva Esperanza", "Cerro Rico",
          "Candelaria", "Unificada", "Huayna Potosí", "Santa Rita", "Villa Rosario", "Pailaviri", "Porvenir", "Kari Kari")
_FIRMS = ("Minera Andina S.R.L.", "Inversiones Auríferas del Sur S.A.", "Metales del Altiplano Ltda.",
          "Minera Kantuta S.A.", "Exploraciones Yungas S.R.L.")


def write_bolivia_sample(scale: str, out_dir: Path, seed: int = 0) -> dict[str, list[Path]]:
    """Write the Bolivian sample of ``scale`` (``demo`` or ``region``) into ``out_dir``; the
    files by kind (ajam, work_sites, restricted, activity, cooperatives, area_contracts, readme)."""
    if scale not in SCALES:
        raise InputError(key="error.unknown_sample_scale", scale=repr(scale), scales=", ".join(SCALES))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    areas, sites, zones, leases = [], [], [], []
    for place in PLACES:
        found = _areas(place, SCALES[scale], rng)
        areas.append(found)
        worked, leased = _sites(place, found, rng)
        sites.append(worked)
        leases += leased
        zones.append(_zones(place, found))
    written: dict[str, list[Path]] = {"ajam": []}
    for place, frame in zip(PLACES, areas, strict=True):
        datum = "PSAD56" if place.epsg < 30000 else "WGS84"
        path = out_dir / f"AJAM_areas_mineras_{datum}_{place.epsg % 100 - (60 if datum == 'PSAD56' else 0)}S.shp"
        frame.to_file(path, encoding="utf-8")
        written["ajam"].append(path)
    every = pd.concat([a.drop(columns="geometry") for a in areas], ignore_index=True)
    sites_paths = [out_dir / f"sitios_de_trabajo_{place.key}.csv" for place in PLACES]
    for path, frame in zip(sites_paths, sites, strict=True):
        frame.to_csv(path, index=False, sep=";", encoding="utf-8-sig")
    zones_path = out_dir / "SERNAP_areas_protegidas_TIOC.gpkg"
    gpd.GeoDataFrame(pd.concat(zones, ignore_index=True), crs=4326).to_file(zones_path)
    written.update(work_sites=sites_paths, restricted=[zones_path])
    # Their own generator: the rasters leave the other files as they were before them.
    written.update(_rasters(PLACES[0], areas[0], sites[0], out_dir, np.random.default_rng(seed + 1)))
    written.update(_tables(every, pd.DataFrame(leases, columns=["CODIGO_UNICO", "COOPERATIVA", "EMPRESA"]), out_dir,
                           rng))
    readme = out_dir / "LEEME.txt"
    readme.write_text(_readme(scale, seed, written, len(every)), encoding="utf-8")
    written["readme"] = [readme]
    return written


def _areas(place: Place, n: int, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """``n`` areas of whole cuadrículas that do not overlap, packed on the place's grid."""
    side = int(np.ceil(np.sqrt(n) * 7))
    taken = np.zeros((side, side), dtype=bool)
    rows: list[tuple[dict, shapely.Geometry]] = []
    while len(rows) < n:
        actor = rng.choice(["state", "private", "cooperative"], p=list(place.actors))
        most = place.cells[0] if actor == "cooperative" else place.cells[1]
        w, h = (int(v) for v in rng.integers(1, most + 1, size=2))
        x, y = (int(v) for v in rng.integers(0, side - max(w, h), size=2))
        if taken[y:y + h, x:x + w].any():
            continue
        taken[y:y + h, x:x + w] = True
        rows.append(_area(place, len(rows), actor, x, y, w, h, rng))
    return gpd.GeoDataFrame(pd.DataFrame([r[0] for r in rows]), geometry=[r[1] for r in rows], crs=place.epsg)


def _area(place: Place, i: int, actor: str, x: int, y: int, w: int, h: int, rng: np.random.Generator):
    east, north = place.corner
    shape = shapely.box(east + x * CELL_M, north + y * CELL_M, east + (x + w) * CELL_M, north + (y + h) * CELL_M)
    name = _NAMES[int(rng.integers(len(_NAMES)))]
    if actor == "cooperative":
        words = _COOP_WORDS[place.key]
        holder = f"Cooperativa {words[int(rng.integers(len(words)))]} {name} Ltda."
        year = int(rng.choice(np.arange(1995, 2025), p=_growth(np.arange(1995, 2025))))
    elif actor == "state":
        holder = "Corporación Minera de Bolivia (COMIBOL)"
        year = int(rng.integers(1985, 2000))
    else:
        holder = _FIRMS[int(rng.integers(len(_FIRMS)))]
        year = int(rng.integers(1995, 2025))
    state = rng.choice(["VIGENTE", "EN TRÁMITE", "REVERTIDO", "EXTINGUIDO"], p=[0.8, 0.08, 0.07, 0.05])
    right = "CAM" if year >= 2014 else rng.choice(["ATE", "CAM"], p=[0.4, 0.6])
    grids = w * h + (1 if rng.random() < 0.05 else 0)  # a few declare a cuadrícula they are not drawn with
    code = f"{place.key[:2].upper()}-{i + 1:05d}"
    return ({"CODIGO_UNI": code, "NOMBRE_ARE": f"{name} {i + 1}", "TITULAR": holder,
             "TIPO_ACTOR": {"state": "Estatal", "private": "Privado", "cooperative": "Cooperativa"}[actor],
             "TIPO_DEREC": right, "ESTADO": state, "CUADRICULA": grids, "FECHA_OTOR": f"{year}-{int(rng.integers(1, 13)):02d}-15",
             "DEPARTAMEN": place.department, "PROVINCIA": place.province,
             "MUNICIPIO": place.municipalities[int(rng.integers(len(place.municipalities)))],
             "MINERAL": place.mineral}, shape)


def _growth(years: np.ndarray) -> np.ndarray:
    """Cooperative grants by year: few before 2006, then six times as many (seed 003)."""
    weight = np.where(years >= 2006, 6.0, 1.0)
    return weight / weight.sum()


def _sites(place: Place, areas: gpd.GeoDataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, list[tuple]]:
    """Work sites: on most cooperative areas their own, on COMIBOL's areas cooperatives, on some
    cooperative areas a private firm (leased to it, mostly: the leases are returned), a few on no
    area; La Paz's by lon/lat, Potosí's in UTM with zone and datum (as field surveys write them)."""
    rows, leases = [], []
    for _, area in areas.iterrows():
        if area["ESTADO"] not in ("VIGENTE", "EN TRÁMITE") or (area["TIPO_ACTOR"] != "Estatal" and rng.random() < 0.3):
            continue
        point = area.geometry.centroid
        operator = area["TITULAR"]
        if area["TIPO_ACTOR"] == "Estatal":
            operator = f"Cooperativa Minera {_NAMES[int(rng.integers(len(_NAMES)))]} Ltda."
        elif area["TIPO_ACTOR"] == "Cooperativa" and rng.random() < 0.15:
            operator = _FIRMS[int(rng.integers(len(_FIRMS)))]
            if rng.random() < 0.8:  # the others work there with no contract on file
                leases.append((area["CODIGO_UNI"], area["TITULAR"], operator))
        rows.append((operator, point.x + rng.uniform(-100, 100), point.y + rng.uniform(-100, 100)))
    east, north = place.corner
    for _ in range(max(2, len(rows) // 10)):  # workings on no area, along the valley
        rows.append(("Trabajadores independientes", east - rng.uniform(500, 3_000), north + rng.uniform(0, 20_000)))
    frame = pd.DataFrame(rows, columns=["OPERADOR", "x", "y"])
    frame.insert(0, "CODIGO_SITIO", [f"{place.key[:2].upper()}-S{i + 1:04d}" for i in range(len(frame))])
    if place.epsg > 30000:
        lon, lat = Transformer.from_crs(place.epsg, 4326, always_xy=True).transform(frame["x"], frame["y"])
        frame = frame.assign(LONGITUD=np.round(lon, 6), LATITUD=np.round(lat, 6))
    else:
        frame = frame.assign(ESTE=frame["x"].round(1), NORTE=frame["y"].round(1), ZONA="20S", DATUM="PSAD56")
    return frame.drop(columns=["x", "y"]).assign(DEPARTAMENTO=place.department), leases


PIXEL_M = 30.0


def _rasters(place: Place, areas: gpd.GeoDataFrame, sites: pd.DataFrame, out_dir: Path,
             rng: np.random.Generator) -> dict[str, list[Path]]:
    """La Paz's forest (Yungas: 70-95% canopy) and its loss, Hansen-style (``lossyear``: year -
    2000, 0 none) on a 30 m grid of WGS 84 UTM 19S: the workings cleared around each work site
    (within 150 m, 2012-2024), and a block cleared by the holder on about a third of the areas in
    force, after their grant. Potosí lies on the puna: no forest, no raster."""
    import rasterio
    from affine import Affine

    west, south, east, north = areas.total_bounds
    west, south, east, north = west - 3_000, south - 3_000, east + 3_000, north + 3_000
    cols, rows = int((east - west) / PIXEL_M), int((north - south) / PIXEL_M)
    transform = Affine(PIXEL_M, 0, west, 0, -PIXEL_M, north)
    x = west + (np.arange(cols) + 0.5) * PIXEL_M
    y = north - (np.arange(rows) + 0.5) * PIXEL_M
    loss = np.zeros((rows, cols), dtype=np.uint8)
    to_utm = Transformer.from_crs(4326, place.epsg, always_xy=True)
    for lon, lat in zip(sites["LONGITUD"], sites["LATITUD"], strict=True):
        sx, sy = to_utm.transform(lon, lat)
        near = ((x[None, :] - sx) ** 2 + (y[:, None] - sy) ** 2) <= 150.0 ** 2
        loss[near & (loss == 0)] = int(rng.integers(12, 25))
    for _, area in areas.loc[areas["ESTADO"] == "VIGENTE"].iterrows():
        if rng.random() > 0.35:
            continue
        granted = int(area["FECHA_OTOR"][:4])
        if granted >= 2024:
            continue
        x0, y0, x1, y1 = area.geometry.bounds
        bx, by = rng.uniform(x0, x1 - 150), rng.uniform(y0, y1 - 150)
        block = (x[None, :] >= bx) & (x[None, :] < bx + 150) & (y[:, None] >= by) & (y[:, None] < by + 150)
        loss[block & (loss == 0)] = int(rng.integers(max(granted, 2001), 2025)) - 2000
    cover = rng.integers(70, 96, size=(rows, cols)).astype(np.uint8)
    written = {}
    for kind, name, array in (("loss_rasters", "lossyear_lapaz.tif", loss), ("forest", "treecover2000_lapaz.tif", cover)):
        path = out_dir / name
        with rasterio.open(path, "w", driver="GTiff", width=cols, height=rows, count=1, dtype="uint8",
                           crs=f"EPSG:{place.epsg}", transform=transform, nodata=None, compress="deflate") as ds:
            ds.write(array, 1)
        written[kind] = [path]
    return written


def _zones(place: Place, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A national park (and ANMI) west of La Paz's areas and an indigenous territory to their
    north; in Potosí, a municipal protected area on the hills (conditional)."""
    west, south, east, north = areas.total_bounds
    if place.key == "lapaz":
        shapes = [shapely.box(west - 12_000, south, west - 500, north), shapely.box(west, north + 500, east, north + 8_000)]
        names, kinds = ["Madidi", "Leco de Larecaja"], ["Parque Nacional y Área Natural de Manejo Integrado", "TIOC"]
    else:
        shapes = [shapely.box(east + 500, south, east + 6_000, (south + north) / 2)]
        names, kinds = ["Kari Kari"], ["Área Protegida Municipal"]
    frame = gpd.GeoDataFrame({"NOMBRE": names, "CATEGORIA": kinds}, geometry=shapes, crs=place.epsg)
    return frame.to_crs(4326)


def _tables(areas: pd.DataFrame, leases: pd.DataFrame, out_dir: Path, rng: np.random.Generator) -> dict[str, list[Path]]:
    """Production by area and year (recent for most, old for some: idle ones), the cooperatives,
    and their contracts with the private firms working their areas (``leases``)."""
    alive = areas.loc[areas["ESTADO"].isin(["VIGENTE", "EN TRÁMITE"])]
    produced = alive.sample(frac=0.75, random_state=int(rng.integers(1 << 31)))
    years = np.where(rng.random(len(produced)) < 0.85, rng.integers(2021, 2026, len(produced)),
                     rng.integers(2008, 2016, len(produced)))
    activity = out_dir / "produccion_minera.csv"
    pd.DataFrame({"CODIGO_UNICO": produced["CODIGO_UNI"], "ANIO": years, "MINERAL": produced["MINERAL"]}).to_csv(
        activity, index=False, sep=";", encoding="utf-8-sig")
    coops = areas.loc[areas["TIPO_ACTOR"] == "Cooperativa"]
    names = coops["TITULAR"].drop_duplicates().sort_values()
    cooperatives = out_dir / "cooperativas.csv"
    pd.DataFrame({"COOPERATIVA": names, "NIT": [f"{1_000_000_000 + i * 7919}" for i in range(len(names))],
                  "FEDERACION": np.where(names.str.contains("Aurífera"), "FECOMAN", "FEDECOMIN POTOSÍ"),
                  "SOCIOS": rng.integers(25, 900, len(names))}).to_csv(cooperatives, index=False, sep=";",
                                                                       encoding="utf-8-sig")
    contracts = out_dir / "contratos_cooperativas.csv"
    leases.assign(TIPO_DE_CONTRATO=rng.choice(["Arrendamiento", "Subcontrato", "Contrato de asociación"], size=len(leases)),
                  FECHA_INICIO=[f"{y}-03-01" for y in rng.integers(2008, 2020, len(leases))],
                  FECHA_FIN="").to_csv(contracts, index=False, sep=";", encoding="utf-8-sig")
    return {"activity": [activity], "cooperatives": [cooperatives], "area_contracts": [contracts]}


def _readme(scale: str, seed: int, written: dict[str, list[Path]], n_areas: int) -> str:
    files = "\n".join(f"    {p.name}" for paths in written.values() for p in paths)
    return f"""{SYNTHETIC_HEADING}
concession-gis sample --country bo --scale {scale} --seed {seed}
{n_areas} áreas mineras / mining areas (AJAM), en La Paz (WGS 84 UTM 19S) y Potosí (PSAD56 UTM 20S)

Archivos / Files:
{files}

ES
Estos archivos son FICTICIOS: titulares, cooperativas, empresas, códigos y NIT son inventados.
Sirven para probar la herramienta con los formatos de la AJAM. Analícelos con:
    concession-gis analyze --country bo --ajam AJAM_areas_mineras_WGS84_19S.shp \\
      --ajam AJAM_areas_mineras_PSAD56_20S.shp --work-sites sitios_de_trabajo_lapaz.csv \\
      --work-sites sitios_de_trabajo_potosi.csv \\
      --restricted SERNAP_areas_protegidas_TIOC.gpkg --activity produccion_minera.csv \\
      --cooperatives cooperativas.csv --area-contracts contratos_cooperativas.csv \\
      --loss-raster lossyear_lapaz.tif --forest treecover2000_lapaz.tif --out resultados

EN
These files are FICTITIOUS: holders, cooperatives, firms, codes and NITs are invented. They are
for trying the tool with AJAM's formats; analyse them with the command above.
"""
