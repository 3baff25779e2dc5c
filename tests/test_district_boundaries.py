"""District boundaries (``--districts``): hectares and forest loss split among districts by ground.

Two square districts side by side on a Hansen-style grid (INAMBARI west of column 40, LABERINTO
east of it, nothing east of column 80). Expected hectares are pyproj.Geod areas of the pieces
(their edges densified along the parallels, as the files' straight lon/lat edges run), computed
once and written here; expected loss is the Geod area of the exact pixels set to a loss year.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from concession_gis.analysis.boundaries import OUTSIDE, claim_districts, district_shares
from concession_gis.cli import main
from concession_gis.errors import MissingCRSError
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.validate import guess_kind, validate_file
from tests.raster_fixtures import hansen_transform, pixel_box, write_raster

T = hansen_transform()
PLACE = ["department", "province", "district"]
WEST_D, EAST_D = "INAMBARI", "LABERINTO"

# Geod areas (ha) of the pieces, in pixel columns/rows of T (see the module's docstring).
S_WEST_HA = 9.004680728199332  # claim S, columns 28-40, rows 10-20: 30% of it
S_EAST_HA = 21.010921699115634  # columns 40-68: 70%
M_HA = 7.503790937316976  # claim M, columns 5-15, rows 25-35, all west
O_EAST_HA = 3.0015046748059104  # claim O, columns 75-80, rows 30-38
O_OUT_HA = 3.0015046748059104  # columns 80-85: outside both districts
# Geod areas (ha) of the pixels set to a loss year.
LOSS_WEST_HA = 0.3001567553028464  # row 12, columns 30-33, on S in the west
LOSS_EAST_HA = 0.4502338171392679 + 0.07503765343800187  # row 15, columns 50-55 (S); row 33, column 77 (O)
LOSS_OUT_HA = 0.07503765344172716  # row 33, column 82 (O, outside both districts)


def _boundaries(tmp_path, crs="EPSG:4326", rows=None):
    """INEI-style district limits: NOMBDIST, NOMBPROV, NOMBDEP, IDDIST."""
    rows = rows if rows is not None else [("170101", WEST_D, pixel_box(T, 0, 0, 40, 40)),
                                          ("170102", EAST_D, pixel_box(T, 40, 0, 80, 40))]
    frame = gpd.GeoDataFrame({"IDDIST": [r[0] for r in rows], "NOMBDIST": [r[1] for r in rows],
                              "NOMBPROV": ["TAMBOPATA"] * len(rows), "NOMBDEP": ["MADRE DE DIOS"] * len(rows)},
                             geometry=gpd.GeoSeries([r[2] for r in rows]), crs=crs)
    path = tmp_path / "limites_distritales.gpkg"
    frame.to_file(path)
    return path


def _claims(tmp_path, with_places=True):
    frame = gpd.GeoDataFrame({
        "CODIGOU": ["S", "M", "O"], "TIT_CONCES": ["MINERA S SAC", "MINERA M SAC", "MINERA O SAC"],
        "ESTADO": ["T", "T", "T"], "FEC_DENU": ["2000-01-01"] * 3,
        "DEPA": ["MADRE DE DIOS"] * 3, "PROVI": ["TAMBOPATA"] * 3,
        # S says one district, M two (though all of it lies in the west), O the east.
        "DISTRI": [EAST_D, f"{WEST_D} / {EAST_D}", EAST_D],
    }, geometry=[pixel_box(T, 28, 10, 68, 20), pixel_box(T, 5, 25, 15, 35), pixel_box(T, 75, 30, 85, 38)],
        crs=4326)
    if not with_places:
        frame = frame.drop(columns=["DEPA", "PROVI", "DISTRI"])
    path = tmp_path / "catastro.gpkg"
    frame.to_file(path)
    return path


def _registrations(tmp_path):
    """R1 in the west on no claim, R2 in the east on S, R3 on O outside both districts."""
    def centre(col, row):
        return T.c + (col + 0.5) * T.a, T.f + (row + 0.5) * T.e
    rows = [("R1", *centre(20, 5)), ("R2", *centre(60, 15)), ("R3", *centre(83, 34))]
    table = pd.DataFrame({"COD_REINFO": [r[0] for r in rows], "NOMBRE_MIN": ["JUAN", "PEDRO", "LUIS"],
                          "ESTADO": ["VIGENTE"] * 3, "LONGITUD_G84": [r[1] for r in rows],
                          "LATITUD_G84": [r[2] for r in rows]})
    path = tmp_path / "reinfo.csv"
    table.to_csv(path, index=False)
    return path


def _loss_raster(tmp_path):
    years = np.zeros((40, 90), dtype=np.uint8)
    years[12, 30:34] = 5
    years[15, 50:56] = 10
    years[33, 77] = 15
    years[33, 82] = 15
    years[2, 2] = 20  # on no claim: counts nowhere
    return write_raster(tmp_path / "lossyear.tif", years, T)


def _run(tmp_path, **extra):
    inputs = Inputs(concessions=[str(_claims(tmp_path, extra.pop("with_places", True)))],
                    registrations=[str(_registrations(tmp_path))],
                    loss_rasters=[str(_loss_raster(tmp_path))], **extra)
    return analyze(inputs, lang="en")


def test_hectares_loss_and_registrations_split_by_ground(tmp_path):
    results = _run(tmp_path, districts=str(_boundaries(tmp_path)))
    table = results.district_summary.set_index("district")
    assert sorted(table.index) == [WEST_D, EAST_D, OUTSIDE]
    west, east, out = table.loc[WEST_D], table.loc[EAST_D], table.loc[OUTSIDE]
    # Claims: S in both, M (its cell names both) only in the west, O in the east and outside.
    assert (west["n_concessions"], east["n_concessions"], out["n_concessions"]) == (2, 2, 1)
    assert west["titled_ha"] == pytest.approx(S_WEST_HA + M_HA, rel=1e-5)
    assert east["titled_ha"] == pytest.approx(S_EAST_HA + O_EAST_HA, rel=1e-5)
    assert out["titled_ha"] == pytest.approx(O_OUT_HA, rel=1e-5)
    assert table["titled_ha"].sum() == pytest.approx(results.concessions["area_ha"].sum(), rel=1e-9)
    # Forest loss: the exact pixels on each side.
    assert west["loss_ha"] == pytest.approx(LOSS_WEST_HA, rel=1e-6)
    assert east["loss_ha"] == pytest.approx(LOSS_EAST_HA, rel=1e-6)
    assert out["loss_ha"] == pytest.approx(LOSS_OUT_HA, rel=1e-6)
    # Registrations: R1 by its point (it has no host), R2 by its point (its host's cell says
    # east too), R3 outside every polygon by its host's district, as without the layer.
    assert (west["n_registrations"], east["n_registrations"], out["n_registrations"]) == (1, 2, 0)
    # m: S's titled ground hosts active R2, M's does not; O hosts R3.
    assert west["m_informal_share"] == pytest.approx(round(S_WEST_HA / (S_WEST_HA + M_HA), 4))
    assert out["department"] == "" and out["province"] == "" and out["ubigeo"] == ""
    assert (west["ubigeo"], east["ubigeo"], west["province"]) == ("170101", "170102", "TAMBOPATA")
    # The claims keep their cells; n_districts counts the polygons their ground lies in.
    conc = results.concessions.set_index("code")
    assert conc["n_districts"].to_dict() == {"S": 2, "M": 1, "O": 1}
    assert conc.loc["M", "district"] == f"{WEST_D} / {EAST_D}" and conc.loc["S", "district"] == EAST_D
    assert results.summary["district_source"] == "boundaries"
    assert [f["path"] for f in results.summary["inputs"] if f["kind"] == "districts"] == [
        str(tmp_path / "limites_distritales.gpkg")]


def test_without_the_layer_the_cells_split_equally(tmp_path):
    results = _run(tmp_path)
    table = results.district_summary.set_index("district")
    assert sorted(table.index) == ["", WEST_D, EAST_D]  # R1, on no claim, has no district without the layer
    # M's hectares half in each; S (its cell names the east) all in the east.
    assert table.loc[WEST_D, "titled_ha"] == pytest.approx(M_HA / 2, rel=1e-5)
    assert results.concessions.set_index("code")["n_districts"].to_dict() == {"S": 1, "M": 2, "O": 1}
    assert results.summary["district_source"] == "column" and "ubigeo" not in table


def test_claims_without_place_columns_take_the_layers_names(tmp_path):
    results = _run(tmp_path, districts=str(_boundaries(tmp_path)), with_places=False)
    conc = results.concessions.set_index("code")
    # Largest share first: S lies 70% in the east.
    assert conc.loc["S", "district"] == f"{EAST_D} / {WEST_D}"
    assert (conc.loc["M", "district"], conc.loc["M", "province"]) == (WEST_D, "TAMBOPATA")
    assert conc.loc["O", "district"] == EAST_D
    table = results.district_summary.set_index("district")
    # R3 lies outside both districts on O, whose place now comes from the layer: the east.
    assert table.loc[EAST_D, "n_registrations"] == 2


def test_shares_by_hand():
    """district_shares on shapes in metres: a 10 x 10 claim across x = 3, half of it past y = 5."""
    import shapely

    claims = np.array([shapely.box(0, 0, 10, 10)], dtype=object)
    districts = np.array([shapely.box(-5, 0, 3, 5), shapely.box(3, 0, 20, 5)], dtype=object)
    places = pd.DataFrame({"department": ["D", "D"], "province": ["P", "P"], "district": ["A", "B"]})
    shares = district_shares(claims, districts, places, np.array([0.01]), pd.Series(["C"]))
    assert shares[["district", "ground_ha"]].values.tolist() == [[OUTSIDE, 0.005], ["B", 0.0035], ["A", 0.0015]]
    assert claim_districts(shares, 1).to_dict("records") == [
        {"n_districts": 2, "department": "D", "province": "P", "district": "B / A"}]


def test_an_empty_layer_is_warned_and_the_cells_are_used(tmp_path):
    path = _boundaries(tmp_path, rows=[("170101", "", pixel_box(T, 0, 0, 40, 40))])  # its only row has no name
    results = _run(tmp_path, districts=str(path))
    assert results.summary["district_source"] == "column"
    assert results.summary["warnings"]["EmptyLayerWarning"] == 1
    assert any("limites_distritales" in m and "--districts" in m for m in results.summary["warning_messages"])
    assert results.rejected_rows["source"].tolist() == ["limites_distritales.gpkg"]


def test_a_layer_without_crs_is_refused_naming_it(tmp_path, capsys):
    path = _boundaries(tmp_path, crs=None)
    with pytest.raises(MissingCRSError):
        _run(tmp_path, districts=str(path))
    code = main(["analyze", "--concessions", str(_claims(tmp_path)), "--districts", str(path),
                 "--out", str(tmp_path / "out"), "--lang", "en"])
    assert code == 2 and "limites_distritales" in capsys.readouterr().err


def test_cli_writes_district_source(tmp_path):
    code = main(["analyze", "--concessions", str(_claims(tmp_path)), "--districts", str(_boundaries(tmp_path)),
                 "--out", str(tmp_path / "out"), "--lang", "en"])
    assert code == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["district_source"] == "boundaries"


def test_validate_and_guess(tmp_path):
    path = _boundaries(tmp_path)
    assert guess_kind(str(path)) == "districts"
    report = validate_file(str(path), "districts", [], None, "en")
    facts = dict(report.facts)
    assert report.usable and not report.problems
    assert facts["districts"] == "2" and facts["names"] == f"{WEST_D}, {EAST_D}"
    assert "district=NOMBDIST" in facts["columns recognised"] and "ubigeo=IDDIST" in facts["columns recognised"]
    empty = validate_file(str(_boundaries(tmp_path, rows=[("1", "", pixel_box(T, 0, 0, 1, 1))])), "districts", [],
                          None, "en")
    assert not empty.usable


def test_registrations_placed_by_code_count_where_their_claims_ground_lies(tmp_path):
    """A list without coordinates: each miner is placed on the claim it declares, a point that
    says nothing of where in the claim the miner works. P1 declares S (30% west, 70% east): it
    counts in both districts, as S does; P3 declares M (its cell names both, its ground is all
    west): the west only; P2 declares O (east, and ground outside both): the east. Their own
    DISTRITO cell (LAS PIEDRAS) is the miner's, not the claim's: unused while the claim's ground
    lies in a polygon."""
    table = pd.DataFrame({"COD_REINFO": ["P1", "P2", "P3"], "NOMBRE_MIN": ["ANA", "BETO", "CIRO"],
                          "ESTADO": ["VIGENTE"] * 3, "CODIGOU": ["S", "O", "M"],
                          "DEPARTAMENTO": ["MADRE DE DIOS"] * 3, "PROVINCIA": ["TAMBOPATA"] * 3,
                          "DISTRITO": ["LAS PIEDRAS"] * 3})
    regs = tmp_path / "reinfo_lista.csv"
    table.to_csv(regs, index=False)
    results = analyze(Inputs(concessions=[str(_claims(tmp_path))], registrations=[str(regs)],
                             districts=str(_boundaries(tmp_path))), lang="en")
    assert list(results.registrations["located_by"]) == ["declared_code"] * 3
    table = results.district_summary.set_index("district")
    assert table["n_registrations"].to_dict() == {WEST_D: 2, EAST_D: 2, OUTSIDE: 0}
    assert table["n_active_registrations"].to_dict() == {WEST_D: 2, EAST_D: 2, OUTSIDE: 0}
    # The registrations keep their own place columns; only the summary counts them by ground.
    assert set(results.registrations["district"]) == {"LAS PIEDRAS"}
