"""Geography the synthetic data is drawn on: UTM zones, mining districts, rivers and reserves.

Coordinates are approximate (a few kilometres) but in the right places, so that a district name,
a zone and a deposit type always agree with where a feature lies. Names follow INEI's spelling
(upper case, accents dropped, Ñ kept), as the cadastre does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from concession_gis.utm import utm_epsg


@dataclass(frozen=True)
class Zone:
    """One UTM zone of the INGEMMET cadastre: its longitude band and its two datums' EPSG codes."""

    name: str
    number: int
    west: float
    east: float
    epsg_wgs84: int
    epsg_psad56: int


def _zone(number: int) -> Zone:
    wgs84, psad56 = utm_epsg(number), utm_epsg(number, datum="PSAD56")
    assert wgs84 is not None and psad56 is not None  # both datums have codes for zones 17-19 south
    return Zone(f"{number}S", number, -186.0 + 6 * number, -180.0 + 6 * number, wgs84, psad56)


ZONES = {f"{number}S": _zone(number) for number in (17, 18, 19)}


@dataclass(frozen=True)
class Hub:
    """A mining district: claims and registrations gather around it with spread ``sigma_km``.

    ``claims`` and ``registrations`` are relative weights inside the zone; ``alluvial`` is the
    share of placer (alluvial) workings; ``mineral`` the main commodity.
    """

    zone: str
    depa: str
    provi: str
    distri: str
    lon: float
    lat: float
    claims: float
    registrations: float
    sigma_km: float
    alluvial: float
    mineral: str
    ubigeo_dept: int


HubRow = tuple[str, str, float, float, float, float, float, float, str]


def _hubs(zone: str, dept: int, depa: str, rows: list[HubRow]) -> list[Hub]:
    return [Hub(zone, depa, *row, ubigeo_dept=dept) for row in rows]


# (province, district, lon, lat, claim weight, registration weight, sigma km, alluvial share, mineral)
HUBS: list[Hub] = [
    *_hubs("19S", 17, "MADRE DE DIOS", [
        ("TAMBOPATA", "INAMBARI", -70.37, -13.05, 3.0, 8.0, 10, 0.97, "ORO"),
        ("TAMBOPATA", "LABERINTO", -69.58, -12.72, 2.5, 7.0, 9, 0.97, "ORO"),
        ("TAMBOPATA", "TAMBOPATA", -69.25, -12.62, 1.5, 4.0, 14, 0.95, "ORO"),
        ("TAMBOPATA", "LAS PIEDRAS", -69.30, -12.20, 1.0, 2.5, 16, 0.95, "ORO"),
        ("MANU", "HUEPETUHE", -70.53, -12.98, 3.0, 9.0, 8, 0.98, "ORO"),
        ("MANU", "MADRE DE DIOS", -70.48, -12.55, 2.5, 7.0, 11, 0.98, "ORO"),
        ("MANU", "FITZCARRALD", -70.95, -12.20, 0.5, 1.0, 16, 0.95, "ORO"),
        ("MANU", "MANU", -71.25, -12.80, 0.4, 0.5, 14, 0.90, "ORO"),
        ("TAHUAMANU", "IBERIA", -69.49, -11.41, 0.3, 0.6, 16, 0.95, "ORO"),
        ("TAHUAMANU", "IÑAPARI", -69.58, -10.95, 0.2, 0.3, 14, 0.95, "ORO"),
    ]),
    *_hubs("19S", 8, "CUSCO", [
        ("QUISPICANCHI", "CAMANTI", -70.75, -13.23, 2.0, 4.0, 9, 0.90, "ORO"),
        ("QUISPICANCHI", "MARCAPATA", -70.97, -13.50, 0.8, 1.0, 9, 0.60, "ORO"),
        ("ESPINAR", "ESPINAR", -71.41, -14.79, 3.0, 1.0, 14, 0.05, "COBRE"),
        ("CHUMBIVILCAS", "LIVITACA", -71.69, -14.31, 2.0, 1.0, 12, 0.10, "COBRE"),
    ]),
    *_hubs("19S", 21, "PUNO", [
        ("CARABAYA", "SAN GABAN", -70.40, -13.43, 1.5, 2.0, 9, 0.80, "ORO"),
        ("CARABAYA", "AYAPATA", -70.32, -13.78, 1.5, 3.0, 9, 0.70, "ORO"),
        ("CARABAYA", "CRUCERO", -70.02, -14.36, 2.0, 3.0, 10, 0.40, "ORO"),
        ("CARABAYA", "CORANI", -70.60, -13.87, 1.0, 0.5, 11, 0.20, "PLATA"),
        ("CARABAYA", "MACUSANI", -70.43, -14.07, 1.0, 0.5, 11, 0.20, "ORO"),
        ("SAN ANTONIO DE PUTINA", "ANANEA", -69.53, -14.68, 4.0, 10.0, 8, 0.50, "ORO"),
        ("SAN ANTONIO DE PUTINA", "QUILCAPUNCU", -69.73, -14.90, 1.0, 1.0, 10, 0.30, "ORO"),
        ("SANDIA", "CUYOCUYO", -69.54, -14.47, 1.0, 2.0, 8, 0.50, "ORO"),
        ("SANDIA", "SANDIA", -69.47, -14.32, 1.0, 2.0, 8, 0.60, "ORO"),
        ("SANDIA", "ALTO INAMBARI", -69.33, -14.02, 1.5, 3.0, 10, 0.90, "ORO"),
        ("SANDIA", "SAN JUAN DEL ORO", -69.15, -14.22, 1.0, 2.0, 8, 0.85, "ORO"),
        ("SANDIA", "YANAHUAYA", -69.24, -14.30, 1.0, 1.5, 8, 0.85, "ORO"),
        ("LAMPA", "PARATIA", -70.60, -15.45, 1.0, 1.0, 10, 0.10, "ORO"),
    ]),
    *_hubs("19S", 4, "AREQUIPA", [
        ("CAYLLOMA", "CAYLLOMA", -71.77, -15.19, 2.0, 2.0, 12, 0.05, "PLATA"),
        ("AREQUIPA", "YARABAMBA", -71.48, -16.55, 2.0, 0.5, 10, 0.00, "COBRE"),
        ("AREQUIPA", "YURA", -71.68, -16.25, 1.0, 0.5, 12, 0.00, "COBRE"),
    ]),
    *_hubs("19S", 18, "MOQUEGUA", [
        ("MARISCAL NIETO", "TORATA", -70.84, -17.08, 2.0, 0.5, 12, 0.00, "COBRE"),
        ("MARISCAL NIETO", "MOQUEGUA", -70.93, -17.19, 1.0, 0.5, 12, 0.00, "COBRE"),
        ("GENERAL SANCHEZ CERRO", "ICHUÑA", -70.54, -16.14, 1.0, 0.5, 12, 0.05, "ORO"),
    ]),
    *_hubs("19S", 23, "TACNA", [
        ("JORGE BASADRE", "ILABAYA", -70.51, -17.42, 2.0, 0.5, 12, 0.00, "COBRE"),
        ("CANDARAVE", "CAMILACA", -70.60, -17.27, 1.0, 0.3, 10, 0.00, "COBRE"),
        ("TACNA", "PALCA", -70.00, -17.78, 1.0, 0.5, 10, 0.05, "ORO"),
    ]),
    *_hubs("18S", 3, "APURIMAC", [
        ("COTABAMBAS", "CHALLHUAHUACHO", -72.25, -14.12, 3.0, 2.0, 10, 0.00, "COBRE"),
        ("COTABAMBAS", "TAMBOBAMBA", -72.17, -13.94, 2.0, 2.0, 10, 0.05, "COBRE"),
        ("GRAU", "PROGRESO", -72.50, -14.07, 2.0, 2.0, 10, 0.05, "COBRE"),
        ("ANDAHUAYLAS", "ANDAHUAYLAS", -73.38, -13.66, 1.0, 1.0, 12, 0.05, "COBRE"),
        ("AYMARAES", "CHALHUANCA", -73.24, -14.29, 2.0, 2.0, 12, 0.05, "ORO"),
        ("ANTABAMBA", "ANTABAMBA", -72.88, -14.36, 2.0, 2.0, 12, 0.10, "ORO"),
        ("ABANCAY", "CURAHUASI", -72.69, -13.54, 1.0, 1.0, 10, 0.00, "COBRE"),
    ]),
    *_hubs("18S", 5, "AYACUCHO", [
        ("LUCANAS", "SANCOS", -73.95, -15.06, 2.0, 4.0, 12, 0.05, "ORO"),
        ("LUCANAS", "PUQUIO", -74.13, -14.70, 1.5, 2.0, 12, 0.05, "ORO"),
        ("LUCANAS", "SAISA", -73.88, -14.90, 1.0, 2.0, 10, 0.05, "ORO"),
        ("PARINACOCHAS", "CORACORA", -73.78, -15.02, 1.5, 3.0, 12, 0.05, "ORO"),
        ("PARINACOCHAS", "PULLO", -73.83, -15.22, 1.5, 3.0, 12, 0.05, "ORO"),
        ("PAUCAR DEL SARA SARA", "PAUSA", -73.34, -15.28, 1.0, 1.0, 10, 0.05, "ORO"),
    ]),
    *_hubs("18S", 4, "AREQUIPA", [
        ("CARAVELI", "CHALA", -74.25, -15.85, 2.0, 5.0, 12, 0.00, "ORO"),
        ("CARAVELI", "ATICO", -73.70, -16.20, 1.5, 3.0, 12, 0.00, "ORO"),
        ("CARAVELI", "CARAVELI", -73.36, -15.77, 1.5, 3.0, 12, 0.00, "ORO"),
        ("CARAVELI", "HUANUHUANU", -74.10, -15.60, 1.5, 4.0, 12, 0.00, "ORO"),
        ("CARAVELI", "YAUCA", -74.50, -15.65, 1.0, 3.0, 10, 0.00, "ORO"),
        ("CONDESUYOS", "YANAQUIHUA", -72.88, -15.78, 1.5, 4.0, 10, 0.00, "ORO"),
        ("CONDESUYOS", "CHUQUIBAMBA", -72.65, -15.84, 1.0, 1.0, 10, 0.00, "ORO"),
        ("CAMANA", "OCOÑA", -73.10, -16.43, 1.0, 2.0, 12, 0.05, "ORO"),
        ("CAMANA", "MARIANO NICOLAS VALCARCEL", -72.90, -16.20, 1.5, 4.0, 10, 0.00, "ORO"),
    ]),
    *_hubs("18S", 11, "ICA", [
        ("NASCA", "VISTA ALEGRE", -74.95, -14.85, 1.5, 3.0, 12, 0.00, "ORO"),
        ("NASCA", "MARCONA", -75.17, -15.35, 1.5, 1.0, 12, 0.00, "HIERRO"),
        ("PALPA", "PALPA", -75.18, -14.53, 1.0, 2.0, 10, 0.00, "COBRE"),
        ("ICA", "SANTIAGO", -75.70, -14.20, 1.0, 2.0, 12, 0.00, "ORO"),
    ]),
    *_hubs("18S", 9, "HUANCAVELICA", [
        ("HUANCAVELICA", "HUANCAVELICA", -74.97, -12.79, 1.0, 0.5, 12, 0.00, "PLATA"),
        ("HUAYTARA", "HUAYTARA", -75.35, -13.60, 1.0, 1.0, 12, 0.00, "ORO"),
        ("ANGARAES", "LIRCAY", -74.72, -12.98, 1.0, 0.5, 12, 0.00, "PLATA"),
        ("CASTROVIRREYNA", "CASTROVIRREYNA", -75.31, -13.28, 1.5, 0.5, 12, 0.00, "PLATA"),
    ]),
    *_hubs("18S", 12, "JUNIN", [
        ("YAULI", "MOROCOCHA", -76.14, -11.60, 2.0, 0.3, 10, 0.00, "ZINC"),
        ("YAULI", "LA OROYA", -75.90, -11.52, 1.0, 0.2, 10, 0.00, "ZINC"),
    ]),
    *_hubs("18S", 19, "PASCO", [
        ("PASCO", "YANACANCHA", -76.25, -10.67, 2.0, 0.3, 10, 0.00, "PLATA"),
        ("DANIEL ALCIDES CARRION", "YANAHUANCA", -76.51, -10.49, 1.0, 0.3, 10, 0.00, "PLATA"),
    ]),
    *_hubs("18S", 15, "LIMA", [
        ("HUAROCHIRI", "SAN MATEO", -76.30, -11.76, 1.0, 0.3, 10, 0.00, "ZINC"),
        ("OYON", "OYON", -76.77, -10.67, 1.5, 0.3, 10, 0.00, "PLATA"),
        ("CAJATAMBO", "CAJATAMBO", -76.99, -10.47, 1.0, 0.2, 10, 0.00, "PLATA"),
    ]),
    *_hubs("18S", 2, "ANCASH", [
        ("HUARI", "SAN MARCOS", -77.16, -9.52, 2.0, 0.3, 10, 0.00, "COBRE"),
        ("RECUAY", "CATAC", -77.43, -9.80, 1.0, 0.3, 10, 0.00, "PLATA"),
        ("BOLOGNESI", "HUALLANCA", -76.94, -9.90, 1.5, 0.5, 10, 0.00, "ZINC"),
        ("HUARAZ", "INDEPENDENCIA", -77.53, -9.52, 1.0, 0.5, 10, 0.00, "ORO"),
        ("PALLASCA", "PALLASCA", -77.90, -8.25, 1.0, 1.0, 8, 0.00, "ORO"),
    ]),
    *_hubs("18S", 13, "LA LIBERTAD", [
        ("PATAZ", "PATAZ", -77.60, -7.78, 3.0, 5.0, 12, 0.05, "ORO"),
        ("PATAZ", "PARCOY", -77.48, -8.03, 2.0, 4.0, 10, 0.05, "ORO"),
        ("PATAZ", "TAYABAMBA", -77.30, -8.28, 1.5, 3.0, 10, 0.05, "ORO"),
        ("SANCHEZ CARRION", "SARTIMBAMBA", -77.75, -7.70, 1.0, 1.5, 8, 0.05, "ORO"),
    ]),
    *_hubs("18S", 8, "CUSCO", [
        ("CHUMBIVILCAS", "SANTO TOMAS", -72.08, -14.45, 2.0, 2.0, 10, 0.05, "COBRE"),
        ("CHUMBIVILCAS", "COLQUEMARCA", -72.04, -14.28, 1.5, 1.5, 10, 0.05, "COBRE"),
    ]),
    *_hubs("17S", 6, "CAJAMARCA", [
        ("CAJAMARCA", "LA ENCAÑADA", -78.33, -7.09, 3.0, 1.0, 10, 0.00, "ORO"),
        ("CAJAMARCA", "CAJAMARCA", -78.52, -7.16, 2.0, 1.0, 10, 0.00, "ORO"),
        ("CELENDIN", "SOROCHUCO", -78.26, -6.91, 2.0, 1.0, 10, 0.00, "COBRE"),
        ("HUALGAYOC", "HUALGAYOC", -78.60, -6.76, 2.0, 2.0, 10, 0.00, "PLATA"),
        ("CAJABAMBA", "CAJABAMBA", -78.05, -7.62, 1.0, 1.0, 10, 0.00, "ORO"),
        ("SAN IGNACIO", "SAN IGNACIO", -79.00, -5.15, 1.0, 2.0, 12, 0.30, "ORO"),
        ("CHOTA", "QUEROCOTO", -79.04, -6.36, 1.0, 1.0, 10, 0.00, "COBRE"),
    ]),
    *_hubs("17S", 13, "LA LIBERTAD", [
        ("SANTIAGO DE CHUCO", "QUIRUVILCA", -78.31, -8.00, 2.0, 1.5, 10, 0.00, "PLATA"),
        ("OTUZCO", "USQUIL", -78.42, -7.82, 1.5, 1.5, 10, 0.00, "ORO"),
        ("SANCHEZ CARRION", "HUAMACHUCO", -78.05, -7.81, 2.0, 2.0, 10, 0.00, "ORO"),
        ("GRAN CHIMU", "LUCMA", -78.55, -7.64, 1.0, 1.5, 10, 0.00, "ORO"),
    ]),
    *_hubs("17S", 20, "PIURA", [
        ("AYABACA", "SUYO", -80.00, -4.51, 1.5, 4.0, 10, 0.10, "ORO"),
        ("AYABACA", "PAIMAS", -79.95, -4.62, 1.0, 3.0, 10, 0.05, "ORO"),
        ("AYABACA", "SAPILLICA", -79.98, -4.78, 1.0, 2.0, 10, 0.05, "ORO"),
        ("HUANCABAMBA", "HUANCABAMBA", -79.45, -5.24, 1.0, 1.0, 12, 0.00, "COBRE"),
        ("SULLANA", "LANCONES", -80.48, -4.58, 1.0, 1.0, 12, 0.00, "COBRE"),
        ("PIURA", "TAMBO GRANDE", -80.34, -4.93, 1.0, 1.0, 10, 0.00, "ORO"),
    ]),
    *_hubs("17S", 14, "LAMBAYEQUE", [
        ("FERREÑAFE", "CAÑARIS", -79.26, -6.05, 1.0, 0.5, 12, 0.00, "COBRE"),
    ]),
    *_hubs("17S", 2, "ANCASH", [
        ("HUARMEY", "HUARMEY", -78.15, -10.07, 1.0, 1.0, 12, 0.00, "COBRE"),
        ("SANTA", "MACATE", -78.06, -8.76, 1.0, 1.0, 10, 0.00, "ORO"),
        ("CASMA", "YAUTAN", -78.01, -9.51, 1.0, 1.0, 10, 0.00, "COBRE"),
    ]),
    *_hubs("17S", 1, "AMAZONAS", [
        ("CONDORCANQUI", "EL CENEPA", -78.20, -4.45, 1.0, 2.0, 15, 0.80, "ORO"),
        ("BAGUA", "IMAZA", -78.30, -5.17, 0.5, 0.5, 12, 0.50, "ORO"),
    ]),
]

# Share of the national cadastre's claims in each zone file.
ZONE_CLAIM_SHARE = {"17S": 0.22, "18S": 0.45, "19S": 0.33}


@dataclass(frozen=True)
class Corridor:
    """A river or road along which claims and miners gather, and forest is lost.

    ``years`` gives the loss year at the first and last vertex (mining moves along the line);
    ``mining`` says whether the loss along it is mining (pits) or clearing (farms, roads).
    """

    name: str
    coords: tuple[tuple[float, float], ...]
    claims: float
    registrations: float
    sigma_km: float
    years: tuple[int, int]
    mining: bool = True


# Madre de Dios: the rivers where alluvial gold is dug, the Interoceanic highway, and the
# path along which the mining front moved (Huepetuhe, then Inambari and La Pampa, then
# Malinowski and Pariamanu after the 2019 operations: displacement, not decline).
MDD_CORRIDORS: list[Corridor] = [
    Corridor("Rio Madre de Dios", ((-70.92, -12.27), (-70.65, -12.45), (-70.50, -12.53),
             (-70.20, -12.60), (-69.90, -12.72), (-69.58, -12.72), (-69.40, -12.62),
             (-69.18, -12.60), (-68.90, -12.50), (-68.66, -12.50)), 3.0, 5.0, 2.5, (2004, 2018)),
    Corridor("Rio Inambari", ((-70.37, -13.08), (-70.20, -12.95), (-70.05, -12.85),
             (-69.90, -12.72)), 2.5, 5.0, 2.0, (2003, 2016)),
    Corridor("Rio Colorado", ((-70.70, -13.05), (-70.53, -12.98), (-70.50, -12.75),
             (-70.50, -12.53)), 2.0, 4.0, 2.0, (2001, 2012)),
    Corridor("Rio Tambopata", ((-69.75, -13.70), (-69.60, -13.20), (-69.40, -12.90),
             (-69.18, -12.60)), 0.6, 1.0, 2.0, (2022, 2016)),
    Corridor("Rio Malinowski", ((-70.00, -13.15), (-69.85, -13.00), (-69.65, -12.92),
             (-69.50, -12.95)), 0.6, 2.0, 2.0, (2017, 2024)),
    Corridor("Rio Las Piedras", ((-69.90, -11.70), (-69.40, -12.20), (-69.20, -12.55)),
             0.3, 0.5, 2.5, (2015, 2023)),
    Corridor("Frente minero", ((-70.53, -12.98), (-70.45, -12.62), (-70.05, -12.85),
             (-70.08, -12.98), (-69.95, -12.93), (-69.85, -13.05), (-69.55, -12.45),
             (-69.33, -12.32), (-69.25, -12.20)), 1.0, 4.0, 1.5, (2001, 2024)),
    Corridor("Carretera Interoceanica", ((-70.75, -13.23), (-70.37, -13.08), (-70.10, -12.99),
             (-69.90, -12.93), (-69.60, -12.80), (-69.19, -12.60), (-69.30, -12.00),
             (-69.49, -11.41), (-69.58, -10.95)), 0.5, 2.0, 3.0, (2004, 2020), mining=False),
]

# In the national cadastre Madre de Dios weighs less than at region scale, where it is the
# whole picture: about 11% of claims and 12% of registrations nationally.
NATIONAL_MDD_FACTOR = 0.4


def national_weight(component: Hub | Corridor) -> float:
    """Weight factor of a district or corridor in the national mixtures."""
    if isinstance(component, Corridor) or component.depa == "MADRE DE DIOS":
        return NATIONAL_MDD_FACTOR
    return 1.0


# The region scale is a box of this centre (and the national scale's raster covers the same box);
# the full-size box is 2.5 degrees wide: Huepetuhe, La Pampa, Puerto Maldonado, Camanti, Ayapata.
REGION_CENTER = (-70.15, -12.85)
REGION_ZONE = "19S"

# A coarse outline of Peru (lon, lat), enough to keep claims off the sea and out of neighbours.
PERU_OUTLINE = (
    (-80.30, -3.38), (-81.10, -4.05), (-81.33, -4.67), (-81.10, -5.10), (-80.85, -5.60),
    (-81.18, -5.90), (-79.95, -6.80), (-79.55, -7.45), (-79.05, -8.15), (-78.60, -9.10),
    (-78.15, -10.05), (-77.65, -11.00), (-77.15, -12.05), (-76.50, -12.80), (-76.20, -13.70),
    (-76.30, -13.95), (-75.90, -14.70), (-75.15, -15.40), (-74.25, -15.90), (-73.70, -16.25),
    (-72.70, -16.65), (-72.00, -17.05), (-71.35, -17.65), (-70.40, -18.35), (-69.48, -17.50),
    (-69.04, -16.57), (-69.25, -15.90), (-69.25, -15.50), (-68.95, -14.75), (-68.85, -14.25),
    (-68.97, -13.50), (-68.67, -12.50), (-68.75, -11.80), (-69.57, -10.95), (-70.55, -11.00),
    (-70.60, -9.45), (-71.40, -9.95), (-72.20, -9.20), (-73.20, -9.40), (-74.00, -7.35),
    (-72.90, -5.30), (-70.00, -4.30), (-70.60, -3.80), (-72.00, -2.40), (-73.60, -1.80),
    (-75.20, -0.10), (-75.60, -0.45), (-75.30, -0.95), (-76.00, -2.20), (-77.00, -2.80),
    (-78.30, -3.40), (-78.60, -4.60), (-79.00, -5.00), (-79.40, -4.50), (-80.00, -4.30),
    (-80.45, -4.45), (-80.30, -3.38),
)


@dataclass(frozen=True)
class ProtectedArea:
    """A natural protected area (SERNANP style) drawn as an irregular blob of ``radius_km``."""

    code: str
    name: str
    category: str
    departments: str
    lon: float
    lat: float
    radius_km: float
    elongation: float
    angle_deg: float
    buffer_km: float


PROTECTED_AREAS = [
    ProtectedArea("RN05", "Tambopata", "Reserva Nacional", "Madre de Dios", -69.62, -13.05, 26, 1.5, 10, 15),
    ProtectedArea("PN11", "Bahuaja Sonene", "Parque Nacional", "Madre de Dios, Puno", -69.45, -13.62, 32, 1.6, 15, 10),
    ProtectedArea("RC09", "Amarakaeri", "Reserva Comunal", "Madre de Dios, Cusco", -71.02, -12.78, 30, 1.4, -35, 8),
    ProtectedArea("PN02", "Del Manu", "Parque Nacional", "Madre de Dios, Cusco", -71.70, -12.10, 60, 1.3, -40, 10),
    ProtectedArea("SN08", "Tabaconas Namballe", "Santuario Nacional", "Cajamarca", -79.10, -5.20, 10, 1.3, 60, 8),
    ProtectedArea("RN14", "Calipuy", "Reserva Nacional", "La Libertad", -78.45, -8.45, 13, 1.2, 10, 8),
    ProtectedArea("PN03", "Huascarán", "Parque Nacional", "Ancash", -77.45, -9.30, 22, 2.5, -60, 10),
    ProtectedArea("RN06", "Pampa Galeras Bárbara D'Achille", "Reserva Nacional", "Ayacucho", -74.40, -14.65, 8, 1.2, 0, 8),
    ProtectedArea("RP02", "Subcuenca del Cotahuasi", "Reserva Paisajística", "Arequipa", -72.90, -15.20, 22, 1.5, 45, 10),
    ProtectedArea("RP01", "Nor Yauyos Cochas", "Reserva Paisajística", "Lima, Junín", -75.90, -12.10, 22, 1.4, -30, 10),
    ProtectedArea("SN03", "Ampay", "Santuario Nacional", "Apurímac", -72.88, -13.58, 3.5, 1.1, 0, 5),
    ProtectedArea("RN15", "San Fernando", "Reserva Nacional", "Ica", -75.25, -15.05, 18, 1.5, 45, 8),
    ProtectedArea("RN04", "Salinas y Aguada Blanca", "Reserva Nacional", "Arequipa, Moquegua", -71.30, -16.05, 33, 1.3, 20, 0),
    ProtectedArea("RN03", "Titicaca", "Reserva Nacional", "Puno", -69.95, -15.75, 12, 1.4, 0, 0),
]


def nearest_hubs(lon: np.ndarray, lat: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """The mining district nearest each point, among the districts of the point's UTM zone."""
    out = np.empty(len(lon), dtype=object)
    for z in np.unique(zone):
        hubs = [h for h in HUBS if h.zone == z]
        idx = np.flatnonzero(zone == z)
        hx = np.array([h.lon for h in hubs])
        hy = np.array([h.lat for h in hubs])
        # Degrees of longitude shrink with latitude: scale them before comparing distances.
        cos_lat = np.cos(np.radians(lat[idx, None]))
        d2 = ((lon[idx, None] - hx) * cos_lat) ** 2 + (lat[idx, None] - hy) ** 2
        out[idx] = [hubs[k] for k in np.argmin(d2, axis=1)]
    return out
