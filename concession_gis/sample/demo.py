"""The bundled demo: a small, hand-built region where every relation and conflict type occurs.

It sits on the border of Carabaya (Puno, hard-rock gold) and Tambopata (Madre de Dios, alluvial
gold) in UTM zone 19S, and is written in the real formats: an INGEMMET-style shapefile with a
Latin-1 DBF and no .cpg, a REINFO-style CSV with ';' and decimal commas, a SERNANP-style
protected-areas GeoPackage, a production table, a holders table, a table of mining contracts and
Hansen-style lossyear and treecover2000 GeoTIFFs. The names are invented; the structure is the real one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from concession_gis.export.atomic import atomic_path
from concession_gis.sample.marker import DEMO_HEADING
from concession_gis.sample.noise import value_noise
from concession_gis.sample.treecover import canopy

UTM = "EPSG:32719"
ORIGIN_E, ORIGIN_N = 340_000.0, 8_540_000.0  # grid corner, about 13.2° S, 70.5° W
KM = 1000.0
PIXEL_DEG = 0.00025  # Hansen Global Forest Change pixel

FILES = {
    "concessions": "CatastroMinero_WGS84_19S.shp",
    "registrations": "REINFO_registros.csv",
    "restricted": "areas_restringidas.gpkg",
    "activity": "produccion_declarada.csv",
    "holders": "titulares.csv",
    "contracts": "contratos_mineros.csv",
    "loss_raster": "hansen_lossyear_demo.tif",
    "forest": "hansen_treecover2000_demo.tif",
}

# Holders: name, RUC.
ANDINA = ("MINERA ANDINA DEL SUR S.A.A.", "20100123456")
INAMBARI = ("CORPORACIÓN AURÍFERA INAMBARI S.A.C.", "20455667788")
PENA = ("COMPAÑÍA MINERA PEÑA DORADA S.A.", "20300445566")
NUNEZ = ("JOSÉ NÚÑEZ QUISPE", "10234567891")
HUAMANI = ("MARÍA HUAMANÍ CCORI", "10456789123")
ANGELES = ("EMPRESA MINERA LOS ÁNGELES E.I.R.L.", "20600111222")
SAN_PEDRO = ("INVERSIONES MINERAS SAN PEDRO S.R.L.", "20499887766")
AMANECER = ("MINERA NUEVO AMANECER S.A.C.", "20611223344")
OLD = ("SOCIEDAD MINERA LA FORTUNA S.R.L.", "")

ESTADO_TEXT = {
    "T": "TITULADO D.L. 708", "N": "TITULADO D.L. 109", "E": "TITULADO D.L. 708", "P": "EN TRAMITE",
    "D": "EN TRAMITE", "F": "EXTINGUIDO", "X": "EXTINGUIDO", "A": "CANTERA", "B": "PLANTA DE BENEFICIO", "": "",
}
LEYENDA = {"T": "TITULADO", "N": "TITULADO", "E": "TITULADO", "P": "EN TRAMITE", "D": "EN TRAMITE",
           "F": "EXTINGUIDO", "X": "EXTINGUIDO", "A": "OTRO", "B": "PLANTA DE BENEFICIO"}

# code, name, holder, ESTADO, filed, hour, cells (col0, row0, col1, row1) of 1-km squares, substance
CLAIMS = [
    ("010000198", "ANDINA I", ANDINA, "T", "1994-03-15", "09:30", (2, 2, 5, 5), "M"),
    ("010000245", "ANDINA II", ANDINA, "T", "1996-07-02", "11:05", (5, 2, 8, 5), "M"),
    ("010003112", "ANDINA III", ANDINA, "N", "1985-11-20", "", (2, 5, 5, 7), "M"),
    ("010004410", "ANDINA IV", ANDINA, "T", "2001-09-12", "15:40", (8, 2, 10, 5), "M"),
    ("010011397", "INAMBARI DORADO 1", INAMBARI, "T", "1998-05-10", "10:15", (12, 2, 16, 5), "M"),
    ("010011398", "INAMBARI DORADO 2", INAMBARI, "T", "1998-05-10", "10:20", (16, 2, 19, 5), "M"),
    ("070004518", "PEÑA DORADA", PENA, "E", "2003-02-14", "08:45", (22, 2, 26, 4), "M"),
    ("010088123", "SAN MARTÍN DE PORRES", AMANECER, "T", "2016-10-10", "", (26, 2, 29, 4), "M"),
    ("010020011", "SAN JOSÉ", NUNEZ, "T", "2008-09-09", "", (2, 10, 9, 11), "M"),
    ("010020012", "SAN JOSÉ II", NUNEZ, "T", "2009-01-30", "", (9, 10, 14, 11), "M"),
    ("010030555", "VIRGEN DEL CARMEN", HUAMANI, "T", "2012-04-18", "", (16, 10, 19, 11), "M"),
    ("010045678", "LOS ÁNGELES 2021", ANGELES, "P", "2021-08-03", "12:00", (22, 10, 26, 13), "M"),
    ("010045990", "NUEVA ESPERANZA", ANGELES, "D", "2022-02-11", "", (18, 4, 21, 6), "M"),
    ("010000001", "LA FORTUNA", OLD, "F", "1978-06-01", "", (30, 2, 34, 6), "M"),
    ("010000077", "SANTA ROSA", OLD, "X", "1981-10-10", "", (3, 3, 4, 4), "M"),
    ("010009999", "EL DORADO", OLD, "", "1983-03-03", "", (34, 2, 36, 4), "M"),
    ("010050001", "CANTERA RÍO INAMBARI", SAN_PEDRO, "A", "2015-06-06", "", (30, 10, 31, 11), "N"),
    ("010060100", "SAN PEDRO", SAN_PEDRO, "", "2000-01-20", "", (30, 15, 33, 18), "M"),
    ("010070707", "NUEVO AMANECER", AMANECER, "T", "2019-05-05", "", (2, 15, 6, 17), "M"),
    # Andina's processing plant (concesión de beneficio, ESTADO B), 2 to 5 km from its claims.
    ("010080808", "PLANTA ANDINA", ANDINA, "B", "2005-04-04", "", (10, 5, 11, 6), "M"),
]
# Claims whose legal state comes only from the LEYENDA text (ESTADO left empty).
LEYENDA_ONLY = {"010009999": "EXTINGUIDO", "010060100": "TITULADO"}

HARD_ROCK, ALLUVIAL = "FILONIANO", "ALUVIAL"
# id, miner, (RUC), ESTADO, registered, x km, y km, deposit, declared code
REGISTRATIONS = [
    ("0010231", "ASOCIACIÓN DE MINEROS ARTESANALES SANTA ROSA", "20601234561", "VIGENTE", "15/03/2017", 3.5, 3.5, HARD_ROCK, "010000198"),
    ("0010232", "JUAN CCAMA MAMANI", "10402233441", "VIGENTE", "02/06/2012", 2.5, 2.5, HARD_ROCK, "10000198"),
    ("0010233", "ROSA QUISPE APAZA", "10412233442", "VIGENTE", "20/01/2024", 6.5, 3.5, HARD_ROCK, ""),
    ("0010234", "COOPERATIVA MINERA CERRO ANDINO", "20602233443", "VIGENTE", "11/11/2017", 3.5, 6.0, HARD_ROCK, "010003112"),
    ("0010235", "PEDRO HUANCA CONDORI", "10422233444", "SUSPENDIDO", "05/05/2018", 4.5, 2.5, HARD_ROCK, "010000198"),
    ("0010236", "LUCIO MAMANI TTITO", "10432233445", "VIGENTE", "14/02/2019", 7.5, 4.5, ALLUVIAL, "010000245"),
    ("0010237", "FELIPE CONDORI LAURA", "10442233446", "VIGENTE", "30/08/2017", 13.5, 3.5, HARD_ROCK, "010011397"),
    ("0010238", "ELENA APAZA CHOQUE", "10452233447", "SUSPENDIDO", "01/03/2018", 14.5, 2.5, HARD_ROCK, ""),
    ("0010239", "MINERA ARTESANAL LOS INCAS E.I.R.L.", "20603344558", "VIGENTE", "22/04/2017", 17.5, 3.5, HARD_ROCK, "010011398"),
    ("0010240", "VÍCTOR QUISPE HUAMÁN", "10462233448", "VIGENTE", "09/09/2020", 18.5, 4.5, HARD_ROCK, "010045990"),
    ("0010241", "SANTOS CHURA PARI", "10472233449", "VIGENTE", "12/12/2017", 23.5, 2.5, ALLUVIAL, "070004518"),
    ("0010242", "AURELIO TICONA MAMANI", "10482233450", "VIGENTE", "03/03/2018", 24.5, 3.5, ALLUVIAL, "070004518"),
    ("0010243", "GLORIA HUAMANI PUMA", "10492233451", "SUSPENDIDO", "15/07/2017", 25.5, 2.5, ALLUVIAL, ""),
    ("0010244", "MARCO ANTONIO CUTIPA", "10502233452", "VIGENTE", "28/02/2017", 3.5, 10.5, HARD_ROCK, "010020011"),
    ("0010245", "ISABEL CCORI QUISPE", "10512233453", "VIGENTE", "19/06/2017", 10.5, 10.5, HARD_ROCK, "010020012"),
    ("0010246", "TEODORO PACCO ROJAS", "10522233454", "SUSPENDIDO", "07/10/2019", 12.5, 10.5, HARD_ROCK, ""),
    ("0010247", "MARIA HUAMANI CCORI", "10456789123", "VIGENTE", "21/01/2017", 17.5, 10.5, HARD_ROCK, "010030555"),
    ("0010248", "NÉSTOR LAURA CHOQUE", "10532233455", "VIGENTE", "15/05/2022", 23.5, 11.5, ALLUVIAL, "010045678"),
    ("0010249", "HILDA MAMANI COAQUIRA", "10542233456", "SUSPENDIDO", "10/10/2021", 24.5, 12.5, ALLUVIAL, ""),
    ("0010250", "EUSEBIO QUISPE CONDORI", "10552233457", "VIGENTE", "04/04/2022", 20.5, 5.5, HARD_ROCK, "010045990"),
    ("0010251", "ASOCIACIÓN MINERA LA FORTUNA", "20604455669", "VIGENTE", "18/08/2017", 31.5, 3.5, ALLUVIAL, "010000001"),
    ("0010252", "WILBER CHOQUE HUANCA", "10562233458", "SUSPENDIDO", "02/02/2018", 32.5, 4.5, ALLUVIAL, ""),
    ("0010253", "RUFINA TTITO CUSI", "10572233459", "VIGENTE", "13/03/2019", 35.0, 3.0, ALLUVIAL, "010009999"),
    ("0010254", "DIONISIO CALLO MAMANI", "10582233460", "VIGENTE", "25/05/2018", 31.5, 16.5, ALLUVIAL, "010060100"),
    ("0010255", "SERGIO APAZA CCAMA", "10592233461", "VIGENTE", "06/06/2020", 3.5, 15.5, HARD_ROCK, "010070707"),
    ("0010256", "=HYPERLINK(\"http://ejemplo\";\"JULIO PARI\")", "10602233462", "VIGENTE", "17/07/2017", 10.0, 20.0, ALLUVIAL, ""),
    ("0010257", "ALBERTO HUAMÁN CHURA", "10612233463", "SUSPENDIDO", "08/08/2017", 15.0, 25.0, ALLUVIAL, ""),
    ("0010258", "CARLOS QUISPE MAMANI", "10622233464", "EXCLUIDO", "01/09/2017", 27.0, 7.0, ALLUVIAL, ""),
    ("0010259", "FLORENCIO CHAMBI PARI", "10632233465", "VIGENTE", "22/02/2019", 40.0, 15.0, ALLUVIAL, ""),
    ("0010260", "TOMASA COAQUIRA LUPACA", "10642233466", "SUSPENDIDO", "30/03/2018", 42.0, 20.0, ALLUVIAL, ""),
    ("0010261", "BENITO CUTIPA CHOQUE", "10652233467", "VIGENTE", "11/11/2018", 30.5, 10.5, ALLUVIAL, "010050001"),
]
# The mineral each registration declares (REINFO-style words); the rest declare gold ("ORO").
# Copper on a company's claims, as in the Apurímac belt (Pachas 2022); one row declares none.
MINERALS = {"0010233": "COBRE", "0010236": "COBRE", "0010234": "POLIMETÁLICO", "0010239": "ORO, PLATA",
            "0010258": ""}
# Miners along the river (alluvial, mostly outside claims), placed by the corridor function.
RIVER_MINERS = 24
# Rows that cannot be used: they must land in rejected_rows, not vanish.
BAD_ROWS = [
    ("0010290", "MINERO SIN COORDENADAS", "10700000001", "VIGENTE", "01/01/2018", "", "", ALLUVIAL),
    ("0010291", "LATITUD Y LONGITUD INVERTIDAS", "10700000002", "VIGENTE", "01/01/2018", "-70,4312", "-13,2104", ALLUVIAL),
]

PRODUCTION = {  # code: years with declared production
    "010000198": range(2015, 2026), "010004410": range(2005, 2026), "010000245": range(2018, 2026), "010003112": range(2010, 2025),
    "070004518": [2022, 2023, 2024], "010020012": [2021, 2023], "010020011": [2013, 2014],
}
# The mineral of each claim's declared production (gold, but copper from ANDINA IV).
PRODUCTION_MINERAL = {"010004410": "COBRE"}
# Contracts between miners and title holders, as registered: claim code and name, holder, miner
# (RUC, name), type in the registry's words, start and end (dd/mm/yyyy; no end: without a term).
CONTRACTS = [
    ("010020012", "SAN JOSÉ II", NUNEZ[0], "10512233453", "ISABEL CCORI QUISPE", "CONTRATO DE EXPLOTACIÓN",
     "01/03/2020", "28/02/2030"),
    # No RUC: matched by the miner's name.
    ("010020012", "SAN JOSÉ II", NUNEZ[0], "", "Teodoro Pacco Rojas", "CESIÓN MINERA", "15/08/2021", ""),
    # Expired: the miner stays on an idle claim (speculation), and the run warns.
    ("10020011", "SAN JOSÉ", NUNEZ[0], "10502233452", "MARCO ANTONIO CUTIPA", "CONTRATO DE EXPLOTACIÓN",
     "01/01/2014", "31/12/2019"),
]
# Holders table: name, stratum, RUC, economic group. Andina is large; Peña Dorada has little
# area here but is a medium miner; Los Ángeles (1,800 ha, small by its area) belongs to Andina's
# group and counts as large; Núñez is a natural person (RUC 10...).
HOLDERS = [(PENA[0], "mediana", PENA[1], ""), (ANDINA[0], "gran minería", ANDINA[1], "GRUPO ANDINO"),
           (ANGELES[0], "pequeña", ANGELES[1], "Grupo Andino"), (NUNEZ[0], "pequeña", NUNEZ[1], "")]

# Forest-loss patches: (x km, y km, radius km, first year, last year) in Hansen year codes.
LOSS_PATCHES = [
    (3.0, 3.5, 0.9, 5, 20), (6.5, 3.0, 0.8, 10, 23), (3.5, 5.8, 0.6, 8, 18),
    (23.5, 3.0, 1.2, 10, 24), (31.5, 16.5, 0.45, 12, 16), (23.8, 11.8, 0.7, 22, 24),
    (32.0, 4.0, 1.1, 19, 24), (40.0, 15.0, 0.8, 20, 24), (35.0, 3.0, 0.5, 21, 24),
]


def grid_box(cells: tuple[int, int, int, int]) -> shapely.Polygon:
    col0, row0, col1, row1 = cells
    return shapely.box(ORIGIN_E + col0 * KM, ORIGIN_N + row0 * KM, ORIGIN_E + col1 * KM, ORIGIN_N + row1 * KM)


def place(x_km: float, y_km: float) -> tuple[float, float]:
    """(lon, lat) of a point given in km from the grid corner."""
    to_lonlat = Transformer.from_crs(UTM, "EPSG:4326", always_xy=True)
    return to_lonlat.transform(ORIGIN_E + x_km * KM, ORIGIN_N + y_km * KM)


def district_of(x_km: float) -> tuple[str, str, str]:
    if x_km < 15:
        return "PUNO", "CARABAYA", "AYAPATA"
    if x_km < 30:
        return "MADRE DE DIOS", "TAMBOPATA", "INAMBARI"
    return "MADRE DE DIOS", "TAMBOPATA", "LABERINTO"


def river_xy(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Inambari-like river: a meander from the south-west to the north-east (km)."""
    x = 8 + 36 * t
    y = 6 + 22 * t + 2.2 * np.sin(9 * t)
    return x, y


def concessions_frame() -> gpd.GeoDataFrame:
    rows = []
    for code, name, (holder, _), estado, filed, hour, cells, substance in CLAIMS:
        depa, provi, distri = district_of((cells[0] + cells[2]) / 2)
        leyenda = LEYENDA_ONLY.get(code, LEYENDA.get(estado, ""))
        rows.append({
            "CODIGOU": code, "CONCESION": name, "TIT_CONCES": holder,
            "FEC_DENU": pd.Timestamp(filed), "HOR_DENU": hour,
            "HECTAGIS": float((cells[2] - cells[0]) * (cells[3] - cells[1]) * 100),
            "ESTADO": estado, "D_ESTADO": ESTADO_TEXT.get(estado, ""), "LEYENDA": leyenda,
            "SUSTANCIA": substance, "DEPA": depa, "PROVI": provi, "DISTRI": distri,
            "ZONA": "19", "CARTA": "27-V" if cells[0] < 20 else "27-X",
            "geometry": grid_box(cells),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=UTM)


def registrations_frame(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for reg_id, miner, ruc, estado, registered, x, y, deposit, declared in REGISTRATIONS:
        row = _registration_row(reg_id, miner, ruc, estado, registered, x, y, deposit, declared)
        rows.append(row | {"TIPO_MINERAL": MINERALS.get(reg_id, "ORO")})
    t = np.sort(rng.uniform(0.05, 0.95, RIVER_MINERS))
    xs, ys = river_xy(t)
    for i, (x, y) in enumerate(zip(xs + rng.normal(0, 0.3, len(t)), ys + rng.normal(0, 0.3, len(t)), strict=True)):
        estado = "VIGENTE" if i % 4 == 0 else "SUSPENDIDO"
        year = 2017 + i % 5
        rows.append(_registration_row(
            f"00103{i:02d}", f"MINERO ARTESANAL DEL RÍO {i + 1:02d}", f"1071000{i:04d}", estado,
            f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}", float(x), float(y), ALLUVIAL, "",
        ))
    for reg_id, miner, ruc, estado, registered, lat, lon, deposit in BAD_ROWS:
        row = _registration_row(reg_id, miner, ruc, estado, registered, 0, 0, deposit, "")
        row["LATITUD_G84"], row["LONGITUD_G84"] = lat, lon
        rows.append(row)
    return pd.DataFrame(rows)


def _registration_row(reg_id, miner, ruc, estado, registered, x, y, deposit, declared) -> dict:
    lon, lat = place(x, y)
    depa, provi, distri = district_of(x)
    declared_name = next((c[1] for c in CLAIMS if c[0].lstrip("0") == declared.lstrip("0")), "") if declared else ""
    return {
        "COD_REINFO": reg_id, "NOMBRE_MIN": miner, "M_RUC": ruc, "DEPARTAMENTO": depa,
        "PROVINCIA": provi, "DISTRITO": distri, "TIPO_ACT": "EXPLOTACIÓN", "TIPO_YAC": deposit,
        "ESTADO": estado, "A_INSCRIPCION": registered,
        "LATITUD_G84": f"{lat:.6f}".replace(".", ","), "LONGITUD_G84": f"{lon:.6f}".replace(".", ","),
        "CODIGOU": declared, "NOMBRE_DERECHO": declared_name, "TIPO_MINERAL": "ORO",
    }


def restricted_frame() -> gpd.GeoDataFrame:
    reserve = shapely.box(ORIGIN_E + 38 * KM, ORIGIN_N + 12 * KM, ORIGIN_E + 46 * KM, ORIGIN_N + 28 * KM)
    buffer_zone = reserve.buffer(2 * KM, join_style="mitre").difference(reserve)
    frame = gpd.GeoDataFrame(
        {
            # A national park (prohibited) in its buffer zone (conditional): restricted.categories.
            "anp_codi": ["PN05", "ZA05"],
            "anp_nomb": ["Parque Nacional Bahuaja Sonene (demo)", "Zona de Amortiguamiento del PN Bahuaja Sonene (demo)"],
            "anp_cate": ["Parque Nacional", "Zona de Amortiguamiento"],
        },
        geometry=[reserve, buffer_zone], crs=UTM,
    )
    return frame.to_crs("EPSG:4326")


def demo_grid() -> tuple[object, np.ndarray, np.ndarray]:
    """The demo rasters' Hansen grid: its transform and each pixel centre's grid km (x, y)."""
    from rasterio.transform import from_origin

    west, south = place(-3, -3)
    east, north = place(49, 31)
    west = np.floor(west / PIXEL_DEG) * PIXEL_DEG
    north = np.ceil(north / PIXEL_DEG) * PIXEL_DEG
    width = int(np.ceil((east - west) / PIXEL_DEG))
    height = int(np.ceil((north - south) / PIXEL_DEG))
    transform = from_origin(west, north, PIXEL_DEG, PIXEL_DEG)
    lon = west + (np.arange(width) + 0.5) * PIXEL_DEG
    lat = north - (np.arange(height) + 0.5) * PIXEL_DEG
    lon_grid, lat_grid = np.meshgrid(lon, lat)
    to_utm = Transformer.from_crs("EPSG:4326", UTM, always_xy=True)
    east_m, north_m = to_utm.transform(lon_grid, lat_grid)
    return transform, (east_m - ORIGIN_E) / KM, (north_m - ORIGIN_N) / KM


def loss_raster(seed: int = 11) -> tuple[np.ndarray, object]:
    """A Hansen-style lossyear array (uint8, 0 none, k = 2000+k) and its transform."""
    transform, x_km, y_km = demo_grid()
    height, width = x_km.shape
    rng = np.random.default_rng(seed)
    years = np.zeros((height, width), dtype=np.uint8)
    noise = rng.random((height, width))
    for cx, cy, radius, first, last in LOSS_PATCHES:
        distance = np.hypot(x_km - cx, y_km - cy) / radius
        hit = (distance < 1) & (noise > 0.25 + 0.5 * distance)
        years[hit] = (first + (last - first) * distance[hit]).round().astype(np.uint8)
    # Alluvial mining along the river, moving downstream over the years (displacement).
    river = shapely.LineString(np.column_stack(river_xy(np.linspace(0, 1, 400))))
    rows, cols = np.nonzero((noise < 0.12) & (years == 0))
    corridor = river.buffer(0.6)
    shapely.prepare(corridor)
    near = shapely.contains_xy(corridor, x_km[rows, cols], y_km[rows, cols])
    points = shapely.points(x_km[rows, cols][near], y_km[rows, cols][near])
    downstream = shapely.line_locate_point(river, points, normalized=True)
    years[rows[near], cols[near]] = (8 + np.round(16 * downstream)).astype(np.uint8)
    return years, transform


# Above the tree line: the north of the Carabaya side (x < 15 km, y > 8 km, a 1 km margin of
# cloud forest), the puna of the San José claims; the rest is Amazon forest.
PUNA_KM = (15.0, 8.0)


def treecover_raster(loss: np.ndarray, seed: int = 13) -> np.ndarray:
    """A Hansen-style treecover2000 array (uint8 percent) on the loss raster's grid."""
    _, x_km, y_km = demo_grid()
    highland = np.clip(PUNA_KM[0] - x_km, 0, 1) * np.clip(y_km - PUNA_KM[1], 0, 1)
    height, width = x_km.shape
    noise = value_noise(0, 0, height, width, 40.0, seed)
    return canopy(highland, loss > 0, noise)


def write_shapefile(frame: gpd.GeoDataFrame, path: Path, encoding: str) -> None:
    """A shapefile whose date columns are DBF date fields, as in INGEMMET's downloads.

    geopandas would write them as text (a shapefile has no date-time type), so write through
    pyogrio's array interface with day-resolution dates.
    """
    from pyogrio.raw import write

    fields, data = [], []
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            data.append(values.to_numpy().astype("datetime64[D]"))
        elif pd.api.types.is_float_dtype(values):
            data.append(values.to_numpy(dtype=float))
        else:
            data.append(values.astype(object).to_numpy())
        fields.append(column)
    write(
        path, shapely.to_wkb(frame.geometry.values), field_data=data, fields=fields,
        crs=frame.crs.to_wkt(), geometry_type="Polygon", encoding=encoding, driver="ESRI Shapefile",
    )


def write_demo(out_dir: str | Path) -> dict[str, list[Path]]:
    """Write the demo inputs into ``out_dir``; returns the files written by kind."""
    import rasterio

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    concessions = concessions_frame()
    shp = out / FILES["concessions"]
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        shp.with_suffix(suffix).unlink(missing_ok=True)
    write_shapefile(concessions, shp, encoding="cp1252")
    # INGEMMET's downloads come without a .cpg; the reader must cope with Latin-1 on its own.
    shp.with_suffix(".cpg").unlink(missing_ok=True)

    registrations = registrations_frame()
    with atomic_path(out / FILES["registrations"]) as temporary:
        registrations.to_csv(temporary, sep=";", index=False, encoding="cp1252")

    restricted = out / FILES["restricted"]
    restricted.unlink(missing_ok=True)
    restricted_frame().to_file(restricted, layer="anp", driver="GPKG", engine="pyogrio")

    production = [(code, year, PRODUCTION_MINERAL.get(code, "ORO"), round(1000 + 37.5 * (year - 2000), 1))
                  for code, years in PRODUCTION.items() for year in years]
    table = pd.DataFrame(production, columns=["CODIGOU", "ANIO", "MINERAL", "PRODUCCION_T"])
    with atomic_path(out / FILES["activity"]) as temporary:
        table.to_csv(temporary, sep=";", index=False, decimal=",", encoding="utf-8")

    holders = pd.DataFrame(HOLDERS, columns=["holder", "estrato", "ruc", "grupo"])
    with atomic_path(out / FILES["holders"]) as temporary:
        holders.to_csv(temporary, index=False, encoding="utf-8")

    contracts = pd.DataFrame(CONTRACTS, columns=["CODIGOU", "NOMBRE_DERECHO", "TITULAR", "RUC_MINERO", "MINERO",
                                                 "TIPO_CONTRATO", "FECHA_INICIO", "FECHA_FIN"])
    with atomic_path(out / FILES["contracts"]) as temporary:
        contracts.to_csv(temporary, sep=";", index=False, encoding="utf-8")

    years, transform = loss_raster()
    profile = {
        "driver": "GTiff", "width": years.shape[1], "height": years.shape[0], "count": 1, "dtype": "uint8",
        "crs": "EPSG:4326", "transform": transform, "tiled": True, "blockxsize": 256, "blockysize": 256,
        "compress": "deflate", "nodata": None,
    }
    for name, band in (("loss_raster", years), ("forest", treecover_raster(years))):
        with atomic_path(out / FILES[name]) as temporary, rasterio.open(temporary, "w", **profile) as dataset:
            dataset.write(band, 1)
            dataset.update_tags(TIFFTAG_DATETIME=dt.date(2025, 1, 1).strftime("%Y:%m:%d 00:00:00"))

    (out / "LEEME.txt").write_text(README, encoding="utf-8")
    return {kind: [out / name] for kind, name in FILES.items()}


README = f"""{DEMO_HEADING}

ES: Datos SINTÉTICOS con la estructura de las fuentes reales: catastro minero de INGEMMET
(shapefile, DBF en Latin-1 sin .cpg), registros REINFO (CSV con ';' y coma decimal), áreas
naturales protegidas (GeoPackage), producción declarada (con su mineral), titulares, contratos
de explotación y cesiones mineras, y rásteres Hansen lossyear y treecover2000 (cobertura
arbórea: puna sin bosque al noroeste).
Los nombres son inventados. Se regeneran con: concession-gis sample --scale demo --out DIR

EN: SYNTHETIC data with the structure of the real sources: INGEMMET's mining cadastre
(shapefile, Latin-1 DBF without .cpg), REINFO registrations (CSV with ';' and decimal commas),
protected areas (GeoPackage), declared production (with its mineral), holders, exploitation
contracts and assignments, and Hansen lossyear and treecover2000 rasters (tree cover: puna
without forest in the north-west).
The names are invented. Regenerate with: concession-gis sample --scale demo --out DIR
"""
