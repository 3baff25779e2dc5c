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
