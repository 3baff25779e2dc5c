"""Issue 16: extinct ground that is really free (``extinct_free_ground``, ``extinct_free_ha``).

A hand-built cadastre of 1-km UTM cells (18S). Two extinct claims overlap (E1, E2); a titled
claim covers E1's east half; a national park (prohibited) cuts E2's north-west corner; a buffer
zone (conditional) lies on E1 and cuts nothing. The districts' line, with ``--districts``, is
x = 0 km.

    y km
     3.5 +----+ park (prohibited)
         |  +-|-------+
     3   +--|-+       |
            | E2      |
     2      |    +----+----+---------+
            |    |    |    |         |
     1      +----+----+    | T1      |
                 | E1      | (titled)|
     0.5         +--+      |         |
                 |BZ|      |         |
     0           +--+------+---------+
        -1.5 -1 -0.5 0 0.5 1         3   x km

Free ground by hand: E1 ∪ E2 is 400 + 400 - 100 (their overlap, 0-1 x 1-2) = 700 ha; T1 takes
E1's east half, 200 ha; the park takes 0.5 x 0.5 km of E2, 25 ha; the buffer zone takes
nothing: 475 ha in UTM metres, west of x = 0 km 200 - 25 = 175, east 300. The expected areas are
also computed independently: the same shapes cut with shapely in UTM, moved to longitude and
latitude with edges cut every 10 m, measured with ``pyproj.Geod``.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer

from concession_gis.analysis.free_ground import interior_pairs
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from tests.builders import E0, N0, cell_box, claims, registrations_csv

CLAIMS = [
    {"code": "E1", "holder": "ANTIGUA UNO SAC", "estado": "F", "cells": (0, 0, 2, 2)},
    {"code": "E2", "holder": "ANTIGUA DOS SAC", "estado": "F", "cells": (-1, 1, 1, 3)},
    {"code": "T1", "holder": "MINERA VIVA SAC", "estado": "T", "cells": (1, 0, 3, 2)},
]
PARK = ("Parque Nacional Otishi", "Parque Nacional", (-1.5, 2.5, -0.5, 3.5))
BUFFER_ZONE = ("Zona de Amortiguamiento del PN Otishi", "Zona de Amortiguamiento", (0, 0, 0.5, 0.5))
REGISTRATIONS = [
    {"id": "R1", "x": 0.25, "y": 0.25},  # on E1's free ground, in the buffer zone: counted
    {"id": "R2", "x": -0.5, "y": 2.0, "estado": "SUSPENDIDO"},  # on E2's free ground: counted, not active
    {"id": "R3", "x": 1.5, "y": 1.0},  # on E1 under T1: not free
    {"id": "R4", "x": -0.9, "y": 2.9},  # on E2 in the park: not free
    {"id": "R5", "x": 6.0, "y": 6.0},  # on no claim
]
HAND_HA, WEST_HA, EAST_HA = 475.0, 175.0, 300.0
# UTM shrinks areas by k² ≈ 0.99945 here (k ≈ 0.99972, 100 km west of the central meridian),
# so hand hectares in UTM metres and ellipsoidal ones differ by 0.055%: within the 0.1% asked.
REL = 1e-3


def geod_ha(shape_utm) -> float:
    """Ellipsoidal hectares of a UTM 18S shape: edges cut every 10 m, moved to lon/lat, pyproj.Geod."""
    to_lonlat = Transformer.from_crs("EPSG:32718", "EPSG:4326", always_xy=True)
    lonlat = shapely.transform(shapely.segmentize(shape_utm, 10.0), lambda xy: np.column_stack(to_lonlat.transform(*xy.T)))
    area, _ = Geod(ellps="WGS84").geometry_area_perimeter(lonlat)
    return abs(area) / 10_000


def expected_free_utm():
    e1, e2, t1 = (cell_box(*c["cells"]) for c in CLAIMS)
    return shapely.union(e1, e2).difference(t1).difference(cell_box(*PARK[2]))


def _inputs(tmp_path, districts: bool = False) -> Inputs:
    conc = tmp_path / "catastro.gpkg"
    claims(CLAIMS).to_file(conc, driver="GPKG")
    areas = tmp_path / "anp.gpkg"
    gpd.GeoDataFrame({"ANP_NOMB": [PARK[0], BUFFER_ZONE[0]], "ANP_CATE": [PARK[1], BUFFER_ZONE[1]]},
                     geometry=[cell_box(*PARK[2]), cell_box(*BUFFER_ZONE[2])], crs="EPSG:32718").to_file(areas)
    regs = registrations_csv(tmp_path / "reinfo.csv", REGISTRATIONS)
    extra = {}
    if districts:
        limits = tmp_path / "limites.gpkg"
        gpd.GeoDataFrame({"IDDIST": ["120601", "120602"], "NOMBDIST": ["OESTE", "ESTE"],
                          "NOMBPROV": ["HUANCAYO"] * 2, "NOMBDEP": ["JUNIN"] * 2},
                         geometry=[cell_box(-10, -10, 0, 10), cell_box(0, -10, 10, 10)], crs="EPSG:32718").to_file(limits)
        extra["districts"] = str(limits)
    return Inputs(concessions=[str(conc)], registrations=[str(regs)], restricted=[str(areas)],
                  rule_overrides={"reference_date": "2025-06-30"}, **extra)


@pytest.fixture()
def results(tmp_path):
    return analyze(_inputs(tmp_path), lang="en")


def test_the_hand_value_and_the_independent_geodesic_one_agree():
    assert geod_ha(expected_free_utm()) == pytest.approx(HAND_HA, rel=REL)


def test_overlapping_extinct_claims_make_one_piece_free_of_live_claims_and_the_park(results):
    layer = results.extinct_free_ground
    assert len(layer) == 1
    piece = layer.iloc[0]
    assert piece["extinct_codes"] == "E1, E2" and piece["n_extinct_claims"] == 2
    assert piece["free_ha"] == pytest.approx(geod_ha(expected_free_utm()), rel=REL)
    assert piece["free_ha"] == pytest.approx(HAND_HA, rel=REL)
    assert piece["district"] == "PARIAHUANCA"
    # The shape written (EPSG:4326) is the free ground: the buffer zone's corner is in it.
    assert layer.crs.to_epsg() == 4326
    inside = gpd.GeoSeries([shapely.Point(E0 + 250, N0 + 250), shapely.Point(E0 + 1500, N0 + 1000),
                            shapely.Point(E0 - 900, N0 + 2900)], crs="EPSG:32718").to_crs(4326)
    assert layer.geometry.iloc[0].contains(inside.to_numpy()).tolist() == [True, False, False]


def test_registrations_on_the_free_ground_are_counted(results):
    piece = results.extinct_free_ground.iloc[0]
    assert (piece["n_registrations"], piece["n_active_registrations"]) == (2, 1)
    assert set(piece["reg_ids"].split(", ")) == {"R1", "R2"}


def test_district_summary_keeps_extinct_ha_and_adds_the_free_hectares_once(results):
    row = results.district_summary.set_index("district").loc["PARIAHUANCA"]
    # Summed over claims the overlap counts twice and the titled half and park are in.
    assert row["extinct_ha"] == pytest.approx(800.0, rel=REL)
    assert row["extinct_free_ha"] == pytest.approx(HAND_HA, rel=REL)
    assert results.summary["hectares"]["extinct_free"] == pytest.approx(HAND_HA, rel=REL)
    columns = list(results.district_summary.columns)
    assert columns.index("extinct_free_ha") == columns.index("extinct_ha") + 1


def test_with_district_boundaries_the_free_ground_is_split_by_ground(tmp_path):
    table = analyze(_inputs(tmp_path, districts=True), lang="en").district_summary.set_index("district")
    west_utm = expected_free_utm().intersection(cell_box(-10, -10, 0, 10))
    assert table.loc["OESTE", "extinct_free_ha"] == pytest.approx(geod_ha(west_utm), rel=REL)
    assert table.loc["OESTE", "extinct_free_ha"] == pytest.approx(WEST_HA, rel=REL)
    assert table.loc["ESTE", "extinct_free_ha"] == pytest.approx(EAST_HA, rel=REL)


def test_claims_that_only_touch_are_no_pair():
    shapes = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(0.5, 0.5, 1.5, 2)], dtype=object)
    a, b = interior_pairs(shapes)
    assert sorted(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 2), (1, 2)]


def test_no_extinct_claim_no_free_ground(tmp_path):
    conc = tmp_path / "catastro.gpkg"
    claims([{"code": "T9", "holder": "MINERA VIVA SAC", "cells": (0, 0, 1, 1)}]).to_file(conc, driver="GPKG")
    results = analyze(Inputs(concessions=[str(conc)], rule_overrides={"reference_date": "2025-06-30"}), lang="en")
    assert len(results.extinct_free_ground) == 0
    assert results.district_summary["extinct_free_ha"].tolist() == [0.0]
