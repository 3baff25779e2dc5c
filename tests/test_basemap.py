"""The offline base map shipped in the package: what it holds, where, and how small.

Truth from outside the file: the coordinates of Lima, La Paz and Puerto Maldonado as any atlas
gives them (to a tenth of a degree), and the two countries' extent.
"""

from __future__ import annotations

from importlib import resources

import pytest

from concession_gis import basemap

KNOWN_TOWNS = {  # name: (lon, lat), rounded atlas values
    "Lima": (-77.04, -12.05), "La Paz": (-68.15, -16.50), "Puerto Maldonado": (-69.19, -12.60),
    "Cusco": (-71.97, -13.53), "Santa Cruz": (-63.18, -17.78), "Iquitos": (-73.25, -3.75),
}


def test_the_file_is_package_data_and_small():
    path = resources.files("concession_gis").joinpath("data", basemap.BASEMAP_FILE)
    assert path.is_file()
    assert path.stat().st_size < 3_000_000
    notice = resources.files("concession_gis").joinpath("data", "NATURAL_EARTH.txt").read_text(encoding="utf-8")
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
    # Natural Earth 4.0.0 has no label point for Puno (a gap of the source, NATURAL_EARTH.txt).
    assert {"Madre de Dios", "Cusco", "La Paz", "Pando", "Potosí"} <= set(departments["name"])
    assert not departments.duplicated(["name", "country"]).any()
    assert "Lago Titicaca" in set(basemap.layer("lakes")["name"])


def test_around_cuts_to_a_box():
    near = basemap.around((-69.5, -13.0, -68.5, -12.0))
    assert "Puerto Maldonado" in set(near["towns"]["name"]) and "Lima" not in set(near["towns"]["name"])
    assert "Madre de Dios" in set(near["rivers"]["name"])
