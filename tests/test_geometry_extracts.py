"""Cadastre extracts as they are published: one set of claims in UTM, in rounded degrees and in
PSAD56; claims present in two extracts; claims listed under several districts."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from concession_gis.io.duplicates import same_claims
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.reasons import Reason, decode

E0, N0 = 350_000.0, 8_400_000.0  # UTM 19S, about 14.5° S, 70.4° W (Puno)


def _cell(col0: float, row0: float, col1: float, row1: float) -> shapely.Polygon:
    return shapely.box(E0 + col0 * 1000, N0 + row0 * 1000, E0 + col1 * 1000, N0 + row1 * 1000)


def _extract(rows: list[tuple[str, shapely.Polygon]], **columns) -> gpd.GeoDataFrame:
    """INGEMMET's columns, one claim per (code, shape in UTM 19S); ``columns`` override them."""
    frame = gpd.GeoDataFrame({
        "CODIGOU": [code for code, _ in rows], "CONCESION": [f"MINERA {code}" for code, _ in rows],
        "TIT_CONCES": "COMPANIA MINERA SUR SAC", "ESTADO": "T", "FEC_DENU": "2001-05-14",
        "SUSTANCIA": "M", "DEPA": "PUNO", "PROVI": "SANDIA", "DISTRI": "LIMBANI",
    }, geometry=[shape for _, shape in rows], crs="EPSG:32719")
    for name, values in columns.items():
        frame[name] = values
    return frame


def _rounded(frame: gpd.GeoDataFrame, crs: str, decimals: int) -> gpd.GeoDataFrame:
    moved = frame.to_crs(crs)
    return moved.set_geometry(shapely.transform(moved.geometry.values, lambda xy: np.round(xy, decimals)))


def _pairs(path: Path, **rules) -> dict[tuple[str, str], float]:
    results = analyze(Inputs(concessions=[str(path)], rule_overrides=rules), lang="en")
    found = results.concession_overlaps
    return {tuple(sorted((a, b))): ha for a, b, ha in found[["code_a", "code_b", "overlap_ha"]].itertuples(index=False)}


# --- overlaps ----------------------------------------------------------------------------------

def _grid() -> gpd.GeoDataFrame:
    """S, a strip of 1 x 10 km (1000 ha, the most one claim may hold), with ten 1-km claims along
    its north edge (N0..N9) and ten along its south edge (S0..S9), sharing edges; O50 lies over
    N2's northern half (50 ha) and O2 over N6's northern 20 m (2 ha)."""
    rows = [("S", _cell(0, 0, 10, 1))]
    rows += [(f"N{i}", _cell(i, 1, i + 1, 2)) for i in range(10)]
    rows += [(f"S{i}", _cell(i, -1, i + 1, 0)) for i in range(10)]
    rows += [("O50", _cell(2, 1.5, 3, 2.5)), ("O2", _cell(6, 1.98, 7, 2.98))]
    return _extract(rows)


@pytest.fixture(scope="module")
def one_grid_three_ways(tmp_path_factory) -> dict[str, Path]:
    """The grid in UTM (a shapefile, as INGEMMET publishes it), in degrees rounded to 6 and to 7
    decimals (GeoJSON, as GEOCATMIN downloads come) and in PSAD56 UTM rounded to the centimetre."""
    folder = tmp_path_factory.mktemp("grid")
    grid = _grid()
    files = {"utm": folder / "utm.shp", "degrees_6": folder / "deg6.geojson",
             "degrees_7": folder / "deg7.geojson", "psad56": folder / "psad56.shp"}
    grid.to_file(files["utm"], engine="pyogrio")
    _rounded(grid, "EPSG:4326", 6).to_file(files["degrees_6"], engine="pyogrio")
    _rounded(grid, "EPSG:4326", 7).to_file(files["degrees_7"], engine="pyogrio")
    _rounded(grid, "EPSG:24879", 2).to_file(files["psad56"], engine="pyogrio")
    return files


@pytest.mark.parametrize("label", ["utm", "degrees_6", "degrees_7", "psad56"])
def test_the_same_claims_in_any_crs_give_the_same_overlaps(one_grid_three_ways, label):
    pairs = _pairs(one_grid_three_ways[label])
    assert pairs.keys() == {("N2", "O50"), ("N6", "O2")}
    # 50 and 2 ha on the UTM map; on the ellipsoid, 150 km west of the zone's meridian, 0.025% more.
    assert pairs["N2", "O50"] == pytest.approx(50.0, rel=1e-3)
    assert pairs["N6", "O2"] == pytest.approx(2.0, rel=5e-3)


def test_degrees_leave_slivers_along_the_long_edge_that_the_width_rule_drops(one_grid_three_ways):
    every = _pairs(one_grid_three_ways["degrees_6"], overlap={"min_width_m": 0.0})
    # The strip's north edge, straight in degrees, bows north of the UTM line its neighbours'
    # corners lie on: each of the ten overlaps it by a sliver above min_ha (0.01) and under 0.06 ha.
    slivers = {pair: ha for pair, ha in every.items() if pair not in {("N2", "O50"), ("N6", "O2")}}
    assert slivers.keys() == {(f"N{i}", "S") for i in range(10)}
    assert all(0.01 < ha < 0.06 for ha in slivers.values())


# --- claims given twice ------------------------------------------------------------------------

def test_a_claim_in_two_extracts_counts_once_and_one_code_on_two_shapes_keeps_both(tmp_path):
    # Two downloads that share claims: the province's extract in UTM, the district's in degrees.
    # 010000003 is in both, the same claim; 010000005 is in both with another shape (moved 500 m).
    province = _extract([("010000001", _cell(0, 0, 1, 1)), ("010000002", _cell(1, 0, 2, 1)),
                         ("010000003", _cell(2, 0, 3, 1)), ("010000005", _cell(4, 0, 5, 1))])
    district = _extract([("010000004", _cell(3, 0, 4, 1)), ("010000003", _cell(2, 0, 3, 1)),
                         ("010000005", _cell(4.5, 0, 5.5, 1))])
    province.to_file(tmp_path / "provincia.shp", engine="pyogrio")
    _rounded(district, "EPSG:4326", 6).to_file(tmp_path / "distrito.geojson", engine="pyogrio")

    results = analyze(Inputs(concessions=[str(tmp_path / "provincia.shp"), str(tmp_path / "distrito.geojson")]),
                      lang="en")

    assert sorted(results.concessions["code"]) == ["010000001", "010000002", "010000003", "010000004",
                                                   "010000005", "010000005"]
    rejected = results.rejected_rows
    assert rejected[["source", "row", "CODIGOU"]].values.tolist() == [["distrito.geojson", 2, "010000003"]]
    assert decode(rejected["reason_codes"].iat[0]) == [Reason("reject.duplicate_claim",
                                                              {"source": "provincia.shp", "row": 3})]
    assert results.summary["warnings"] == {"DuplicateClaimWarning": 1, "DuplicateCodeWarning": 1}
    assert results.summary["hectares"]["concessions"] == pytest.approx(600, rel=1e-3)
    # The claim given twice does not overlap itself; the two shapes of one code overlap by 50 ha.
    pairs = results.concession_overlaps
    assert pairs[["code_a", "code_b"]].values.tolist() == [["010000005", "010000005"]]
    assert pairs["overlap_ha"].iat[0] == pytest.approx(50, rel=1e-3)


def test_same_claims_within_the_tolerance_and_nothing_of_nothing():
    shapes = gpd.GeoSeries([_cell(0, 0, 1, 1), _cell(0.01, 0, 1.01, 1), _cell(0.02, 0, 1.02, 1), _cell(0, 0, 1, 1),
                            _cell(5, 5, 6, 6)], crs="EPSG:32719")
    code = np.array(["A", "A", "A", "B", "C"], dtype=object)
    # The copy 10 m off is the first; the one 20 m off is another shape; B and C are alone.
    assert same_claims(code, shapes, 15.0).tolist() == [-1, 0, -1, -1, -1]
    assert same_claims(code[:0], shapes.iloc[:0], 15.0).tolist() == []


# --- claims under several districts ------------------------------------------------------------

def test_a_claim_under_several_districts_counts_in_each_with_its_area_split(tmp_path):
    # How INGEMMET lists a claim on a district boundary: the districts in one DISTRI cell.
    districts = ["LIMBANI", "LIMBANI", "SANTA ROSA / CARUMAS", "CARUMAS - CUCHUMBAYA", "LIMBANI, PATAMBUCO",
                 "HUAC-HUAS"]
    extract = _extract([(f"0100000{i}", _cell(i, 0, i + 1, 1)) for i in range(6)], DISTRI=districts)
    extract.to_file(tmp_path / "catastro.shp", engine="pyogrio")

    results = analyze(Inputs(concessions=[str(tmp_path / "catastro.shp")]), lang="en")

    assert results.concessions["n_districts"].tolist() == [1, 1, 2, 2, 2, 1]
    table = results.district_summary.set_index("district")
    # Six real districts, no "SANTA ROSA / CARUMAS"; a hyphen inside a name is no separator.
    assert sorted(table.index) == ["CARUMAS", "CUCHUMBAYA", "HUAC-HUAS", "LIMBANI", "PATAMBUCO", "SANTA ROSA"]
    assert table["n_concessions"].to_dict() == {"CARUMAS": 2, "CUCHUMBAYA": 1, "HUAC-HUAS": 1, "LIMBANI": 3,
                                                "PATAMBUCO": 1, "SANTA ROSA": 1}
    # Each claim is 100 ha on the UTM map (100.0125 on the ellipsoid); a shared one gives 50 to each.
    expected = {"CARUMAS": 100, "CUCHUMBAYA": 50, "HUAC-HUAS": 100, "LIMBANI": 250, "PATAMBUCO": 50, "SANTA ROSA": 50}
    assert table["titled_ha"].to_dict() == pytest.approx(expected, rel=1e-3)
    assert table["titled_ha"].sum() == pytest.approx(results.concessions["area_ha"].sum(), rel=1e-9)
    assert (table["department"] == "PUNO").all() and (table["province"] == "SANDIA").all()
