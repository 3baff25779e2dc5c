"""The offline base map shipped in the package: what it holds, where, and how small.

Truth from outside the file: the coordinates of Lima, La Paz and Puerto Maldonado as any atlas
gives them (to a tenth of a degree), and the two countries' extent.
"""

from __future__ import annotations

from importlib import resources

import pytest
import shapely

from concession_gis import basemap

KNOWN_TOWNS = {  # name: (lon, lat), rounded atlas values
    "Lima": (-77.04, -12.05), "La Paz": (-68.15, -16.50), "Puerto Maldonado": (-69.19, -12.60),
    "Cusco": (-71.97, -13.53), "Santa Cruz": (-63.18, -17.78), "Iquitos": (-73.25, -3.75),
}


def test_the_file_is_package_data_and_small():
    path = resources.files("concession_gis").joinpath("data", basemap.BASEMAP_FILE)
    assert path.is_file()
    assert path.stat().st_size < 3_000_000
    notice = resources.files("concession_gis").joinpath("data", "SOURCES.txt").read_text(encoding="utf-8")
    assert basemap.BASEMAP_FILE in notice and "public domain" in notice


@pytest.mark.parametrize("name", basemap.LAYERS)
def test_every_layer_has_features_inside_the_covered_box(name):
    frame = basemap.layer(name)
    assert len(frame) > 0 and frame.crs.to_epsg() == 4326
    west, south, east, north = frame.total_bounds
    cw, cs, ce, cn = basemap.COVERAGE
    assert cw <= west and cs <= south and east <= ce and north <= cn


def test_the_towns_are_where_an_atlas_puts_them():
    towns = basemap.layer("towns").set_index("name")
    for name, (lon, lat) in KNOWN_TOWNS.items():
        point = towns.geometry[name]
        point = point.iloc[0] if hasattr(point, "iloc") else point
        assert abs(point.x - lon) < 0.1 and abs(point.y - lat) < 0.1, name
    assert set(towns["country"]) == {"PER", "BOL"}
    # The most important first: Lima (the capital, rank 1) leads.
    assert basemap.layer("towns")["name"].iloc[0] == "Lima"


def test_rivers_departments_and_borders_of_the_region():
    rivers = set(basemap.layer("rivers")["name"])
    assert {"Madre de Dios", "Ucayali", "Marañón"} <= rivers
    departments = basemap.layer("departments")
    assert {"Madre de Dios", "Cusco", "La Paz", "Pando", "Potosí"} <= set(departments["name"])
    assert not departments.duplicated(["name", "country"]).any()
    assert "Lago Titicaca" in set(basemap.layer("lakes")["name"])


def test_around_cuts_to_a_box():
    near = basemap.around((-69.5, -13.0, -68.5, -12.0))
    assert "Puerto Maldonado" in set(near["towns"]["name"]) and "Lima" not in set(near["towns"]["name"])
    assert "Madre de Dios" in set(near["rivers"]["name"])


# Peru's 24 departments, Lima Province and Callao (26 names, as Natural Earth has them), and
# Bolivia's 9 departments.
PERU = {"Amazonas", "Ancash", "Apurímac", "Arequipa", "Ayacucho", "Cajamarca", "Callao", "Cusco", "Huancavelica",
        "Huánuco", "Ica", "Junín", "La Libertad", "Lambayeque", "Lima", "Lima Province", "Loreto", "Madre de Dios",
        "Moquegua", "Pasco", "Piura", "Puno", "San Martín", "Tacna", "Tumbes", "Ucayali"}
BOLIVIA = {"Chuquisaca", "Cochabamba", "El Beni", "La Paz", "Oruro", "Pando", "Potosí", "Santa Cruz", "Tarija"}
# Where an atlas puts a point of each name (lon, lat, to a tenth of a degree or so): the label
# must lie near its own department, not on another's (Natural Earth 4.0.0 wrote Callao on Puno).
NEAR = {"Callao": (-77.1, -12.0), "Puno": (-70.0, -15.0), "Madre de Dios": (-70.5, -12.0),
        "La Paz": (-68.0, -15.0), "Pando": (-67.5, -11.0)}


def test_every_department_of_both_countries_is_named_once_where_it_lies():
    departments = basemap.layer("departments")
    named = {country: set(departments.loc[departments["country"] == country, "name"]) for country in ("PER", "BOL")}
    assert named == {"PER": PERU, "BOL": BOLIVIA}
    at = departments.set_index("name").geometry
    for name, (lon, lat) in NEAR.items():
        assert abs(at[name].x - lon) < 1.5 and abs(at[name].y - lat) < 1.5, name


def test_department_borders_run_between_neighbours_of_one_country():
    borders = basemap.layer("department_borders")
    assert set(borders["country"]) == {"PER", "BOL"}
    assert set(borders.geom_type) <= {"LineString", "MultiLineString"}
    by_name = borders.set_index("name").geometry
    # Cusco and Madre de Dios meet along the Andes' eastern foot; the border passes near
    # (-71.5, -12.9), north of Pilcopata (an atlas point on it, within 15 km here).
    cusco_mdd = by_name["Cusco / Madre de Dios"]
    assert cusco_mdd.distance(shapely.Point(-71.5, -12.9)) < 0.15
    # Puno and La Paz are in two countries: their border is the country border, not drawn twice.
    assert not any("Puno" in n and "La Paz" in n for n in borders["name"])
    # No border of a department with itself, and each pair once.
    assert not borders["name"].duplicated().any()


# Peru's extent (lon/lat degrees, an atlas's rounded values) with a margin of a few kilometres.
PERU_BOX = (-81.5, -18.5, -68.5, 0.1)


@pytest.mark.parametrize("name", ["province_borders", "district_borders"])
def test_peru_admin_borders_are_lines_in_lonlat_inside_peru(name):
    borders = basemap.layer(name)
    assert borders.crs.to_epsg() == 4326 and len(borders) > 100
    assert set(borders.geom_type) <= {"LineString", "MultiLineString"}
    west, south, east, north = borders.total_bounds
    assert PERU_BOX[0] <= west and PERU_BOX[1] <= south and east <= PERU_BOX[2] and north <= PERU_BOX[3]
    assert set(borders["country"]) == {"PER"}
    assert not borders["codes"].duplicated().any()


def test_known_neighbours_have_a_border_and_the_levels_nest():
    provinces = basemap.layer("province_borders").set_index("codes")
    districts = basemap.layer("district_borders").set_index("codes")
    # Tambopata (1701) and Manu (1702), provinces of Madre de Dios; Inambari (170102) and
    # Laberinto (170104), districts of Tambopata, neighbours on any map of the department.
    assert provinces.loc["1701 / 1702", "name"] == "TAMBOPATA / MANU"
    assert districts.loc["170102 / 170104", "name"] == "INAMBARI / LABERINTO"
    madre_de_dios = shapely.box(-72.5, -13.4, -68.6, -9.8)
    assert madre_de_dios.contains(provinces.loc["1701 / 1702"].geometry)
    assert madre_de_dios.contains(districts.loc["170102 / 170104"].geometry)
    # INEI codes: department 2 digits, province 4, district 6. A province border joins two
    # provinces, of one department ("province") or of two ("department": Madre de Dios'
    # Tambopata and Puno's Carabaya); a district border joins two districts of one province.
    assert provinces.loc["1701 / 2103", "level"] == "department"
    first, second = zip(*(c.split(" / ") for c in provinces.index), strict=True)
    own_department = [a[:2] == b[:2] and "1501" not in (a, b) for a, b in zip(first, second, strict=True)]
    assert list(provinces["level"]) == ["province" if same else "department" for same in own_department]
    assert all(a != b for a, b in zip(first, second, strict=True))
    first, second = zip(*(c.split(" / ") for c in districts.index), strict=True)
    assert all(a[:4] == b[:4] and a != b for a, b in zip(first, second, strict=True))


def test_inei_department_borders_follow_natural_earths_and_province_borders_do_not():
    """A border between departments is marked as one: INEI's department lines lie within 5 km of
    Natural Earth's for about 80 % of their length (measured when the layers were built), the
    borders between provinces of one department for less than 15 %."""
    departments = basemap.layer("department_borders")
    near = shapely.union_all(departments.loc[departments["country"] == "PER"].geometry.values).buffer(0.05)
    borders = basemap.layer("province_borders")
    is_department = borders["level"] == "department"
    provinces = shapely.union_all(borders.loc[~is_department].geometry.values)
    assert shapely.intersection(provinces, near).length < 0.15 * provinces.length
    inei = shapely.union_all(borders.loc[is_department].geometry.values)
    assert shapely.intersection(inei, near).length > 0.7 * inei.length
    # Lima Metropolitana (1501) is its own department in Natural Earth ("Lima Province"): its
    # borders with Lima's other provinces are department borders.
    assert set(borders.loc[borders["codes"].str.contains("1501"), "level"]) == {"department"}
