"""A CRS as people give it (--crs, the project file, the CRS dialog) and UTM zones to EPSG codes."""

from __future__ import annotations

import pytest

from concession_gis.errors import InputError
from concession_gis.user_crs import COMMON, is_crs, parse_crs, suggest_crs
from concession_gis.utm import utm_epsg


@pytest.mark.parametrize(
    ("zone", "south", "datum", "epsg"),
    [
        (17, True, "WGS84", 32717),
        (19, True, "WGS84", 32719),
        (18, False, "WGS84", 32618),
        (1, True, "WGS84", 32701),
        (17, True, "PSAD56", 24877),
        (19, True, "PSAD56", 24879),
        (22, True, "PSAD56", 24882),
        (21, False, "PSAD56", 24821),
        (22, False, "PSAD56", None),  # PSAD56 has no code there
        (5, True, "PSAD56", None),
        (0, True, "WGS84", None),
        (61, True, "WGS84", None),
    ],
)
def test_utm_epsg(zone, south, datum, epsg):
    assert utm_epsg(zone, south, datum) == epsg


@pytest.mark.parametrize("value", ["EPSG:32718", "32718", 32718, " epsg:32718 ", "WGS 84 / UTM zone 18S"])
def test_parse_crs_accepts_the_usual_spellings(value):
    assert parse_crs(value).to_epsg() == 32718


def test_parse_crs_names_a_value_it_cannot_read():
    with pytest.raises(InputError, match="not a code"):
        parse_crs("not a code")
    assert not is_crs("not a code") and not is_crs("99999999")
    assert is_crs("EPSG:24879")


def test_the_common_list():
    assert [code for code, _ in COMMON] == ["4326", "32717", "32718", "32719", "24877", "24878", "24879"]
    assert dict(COMMON)["24878"] == "PSAD56 / UTM 18S"


@pytest.mark.parametrize(
    ("bounds", "name", "suggestion"),
    [
        ((-71.0, -13.5, -69.0, -12.0), "Catastro_WGS84_19S.shp", "4326"),  # degrees win over the name
        ((320_000, 8_500_000, 480_000, 8_650_000), "CatastroMinero_WGS84_19S.shp", "32719"),
        ((320_000, 8_500_000, 480_000, 8_650_000), "Catastro_PSAD56_17S.shp", "24877"),
        ((320_000, 8_500_000, 480_000, 8_650_000), "catastro.shp", "32718"),  # no zone named: the middle one
        (None, "Catastro_PSAD56_19 S.shp", "24879"),
        (None, "catastro.shp", None),
        ((0, 0, 5_000_000, 5_000_000), "catastro_20S.shp", None),  # neither degrees nor a zone of ours
        (None, "catastro_2019S.shp", None),  # a year, not a zone
    ],
)
def test_suggest_crs(bounds, name, suggestion):
    assert suggest_crs(bounds, name) == suggestion


def test_utm_epsg_refuses_an_unknown_datum():
    with pytest.raises(ValueError, match="WGS84, PSAD56"):
        utm_epsg(18, datum="SAD69")


def test_the_zone_column_tells_the_zone_a_renamed_file_no_longer_does():
    """A cadastre saved as "catastro_sin_prj.shp" (its .prj lost) had 18S offered, every claim
    in the wrong zone on one click, though its ZONA column says 19 on every row."""
    utm = (320_000, 8_500_000, 480_000, 8_650_000)
    assert suggest_crs(utm, "catastro_sin_prj.shp", ["19"]) == "32719"
    assert suggest_crs(utm, "catastro_sin_prj.shp", ["19.0", " 19S"]) == "32719"
    assert suggest_crs(utm, "catastro_sin_prj.shp", ["18", "19"]) == "32718"  # two zones: nothing told
    assert suggest_crs(utm, "Catastro_17S.shp", ["19"]) == "32717"  # the name, written by a person, first
    assert suggest_crs(utm, "catastro_PSAD56.shp", ["19"]) == "24879"
