"""Bolivia (--country bo): AJAM's areas, work sites, cooperatives and the 2016 reversion, on a
hand-built valley in the Tipuani gold belt. Every expected value is written by hand from the
drawing below; areas are compared with pyproj.Geod, an independent computation.

Areas, in cuadrículas of 500 m on the WGS 84 UTM 19S grid (x right, y up, from E0, N0):

    A  BO-001  own cooperative (Tipuani), 2 x 2 = 4 cuadrículas, producing in 2024
    B  BO-002  COMIBOL, 3 x 2 = 6, never producing (idle, but the state's: no reversion)
    C  BO-003  cooperative 15 de Agosto, 2 x 2, leased to MINERA ANDINA S.R.L. since 2018
    D  BO-004  cooperative San Juan, 2 x 2, last production 2012: idle
    E  BO-005  private, 2 x 3 drawn but 8 declared: the cuadrícula check differs
    a national park west of them all
"""

from __future__ import annotations

import csv
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import box

from concession_gis.cli import _guess_country, main
from concession_gis.errors import InputError
from concession_gis.model import Inputs
from concession_gis.pipeline_bolivia import analyze_bolivia
from concession_gis.profile import load_profile
from concession_gis.user_crs import COMMON, EVERY_OFFERED, offered

E0, N0 = 553_000.0, 8_286_000.0  # near Tipuani, La Paz, WGS 84 UTM 19S
CELL = 500.0
GEOD = Geod(ellps="WGS84")
REFERENCE = {"reference_date": "2025-12-31"}


def cells(x: int, y: int, w: int, h: int, e0: float = E0, n0: float = N0):
    return box(e0 + x * CELL, n0 + y * CELL, e0 + (x + w) * CELL, n0 + (y + h) * CELL)


def centre(x: int, y: int, e0: float = E0, n0: float = N0) -> tuple[float, float]:
    """The middle of cuadrícula (x, y)."""
    return e0 + (x + 0.5) * CELL, n0 + (y + 0.5) * CELL


def geod_ha(polygon, epsg: int) -> float:
    """The polygon's area on the WGS 84 ellipsoid, densified every 10 m, by pyproj.Geod."""
    dense = shapely.segmentize(polygon, 10.0)
    to_lonlat = Transformer.from_crs(epsg, 4326, always_xy=True)
    lon, lat = to_lonlat.transform(*np.asarray(dense.exterior.coords).T)
    return abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 10_000


AREAS = pd.DataFrame({
    "CODIGO UNICO": ["BO-001", "BO-002", "BO-003", "BO-004", "BO-005"],
    "NOMBRE DEL AREA": ["Tipuani I", "Cangalli", "Agosto", "San Juan", "Oro Sur"],
    "TITULAR": ["COOPERATIVA MINERA AURIFERA TIPUANI LTDA", "CORPORACION MINERA DE BOLIVIA",
                "COOPERATIVA MINERA 15 DE AGOSTO LTDA", "COOPERATIVA MINERA SAN JUAN LTDA", "EMPRESA MINERA ORO SUR S.A."],
    "TIPO DE ACTOR": ["Cooperativa", "Estatal", "Cooperativa", "", "Privado"],  # D: told by its name
    "TIPO DE DERECHO": ["CAM", "CAM", "ATE", "CAM", "Licencia de prospección y exploración"],
    "ESTADO": ["Vigente", "VIGENTE", "Vigente", "vigente", "En trámite"],
    "CUADRICULAS": [4, 6, 4, 4, 8],
    "FECHA DE OTORGAMIENTO": ["2005-03-01", "1990-01-10", "2008-06-15", "2004-02-02", "2020-09-09"],
    "DEPARTAMENTO": ["La Paz"] * 5,
    "PROVINCIA": ["Larecaja"] * 5,
    "MUNICIPIO": ["Tipuani", "Tipuani", "Tipuani", "Guanay", "Guanay"],
})
SHAPES = [cells(0, 0, 2, 2), cells(2, 0, 3, 2), cells(5, 0, 2, 2), cells(0, 2, 2, 2), cells(2, 2, 2, 3)]
PARK = box(E0 - 6_000, N0, E0 - 2_000, N0 + 4_000)


@pytest.fixture(scope="module")
def valley(tmp_path_factory):
    folder = tmp_path_factory.mktemp("valley")
    gpd.GeoDataFrame(AREAS, geometry=SHAPES, crs=32719).to_file(folder / "ajam_areas.gpkg")
    gpd.GeoDataFrame({"NOMBRE": ["Madidi"], "CATEGORIA": ["Parque Nacional"]}, geometry=[PARK], crs=32719).to_file(
        folder / "sernap.gpkg")
    sites = [("S1", "COOPERATIVA MINERA AURIFERA TIPUANI LTDA", "", *centre(0, 0)),
             ("S2", "COOPERATIVA MINERA AURIFERA TIPUANI LTDA", "", *centre(3, 1)),
             ("S3", "MINERA ANDINA S.R.L.", "Privado", *centre(5, 1)),
             ("S4", "COOPERATIVA MINERA SAN JUAN LTDA", "Cooperativa", E0 - 4_000, N0 + 2_000),
             ("S5", "JUAN MAMANI", "", E0 + 10_000, N0 + 10_000)]
    pd.DataFrame(sites, columns=["CODIGO SITIO", "OPERADOR", "TIPO DE ACTOR", "ESTE", "NORTE"]).assign(
        ZONA="19S", DATUM="WGS84").to_csv(folder / "sitios.csv", index=False)
    pd.DataFrame({"CODIGO_UNICO": ["BO-001", "BO-003", "BO-004"], "ANIO": [2024, 2024, 2012]}).to_csv(
        folder / "produccion.csv", index=False)
    pd.DataFrame({"CODIGO UNICO": ["BO-003", "BO-001"], "COOPERATIVA": ["COOPERATIVA MINERA 15 DE AGOSTO LTDA"] * 2,
                  "EMPRESA": ["MINERA ANDINA S.R.L.", "OTRA S.A."], "TIPO DE CONTRATO": ["Arrendamiento", "Asociación"],
                  "FECHA INICIO": ["2018-04-01", "2010-01-01"], "FECHA FIN": ["", "2015-01-01"]}).to_csv(
        folder / "contratos.csv", index=False)
    pd.DataFrame({"COOPERATIVA": ["Cooperativa Minera Aurífera Tipuani Ltda"], "NIT": ["1020304050"],
                  "FEDERACION": ["FERRECO"], "SOCIOS": [420]}).to_csv(folder / "cooperativas.csv", index=False)
    inputs = Inputs(ajam=[str(folder / "ajam_areas.gpkg")], work_sites=[str(folder / "sitios.csv")],
                    restricted=[str(folder / "sernap.gpkg")], activity=str(folder / "produccion.csv"),
                    area_contracts=str(folder / "contratos.csv"), cooperatives=str(folder / "cooperativas.csv"),
                    rule_overrides=REFERENCE)
    return folder, inputs, analyze_bolivia(inputs, lang="es")


def _by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame.set_index(column)


def test_areas_read_through_the_profile(valley):
    areas = _by(valley[2].areas, "code")
    assert areas["actor_type"].to_dict() == {"BO-001": "cooperative", "BO-002": "state", "BO-003": "cooperative",
                                             "BO-004": "cooperative", "BO-005": "private"}
    assert areas.loc["BO-004", "actor_type_source"] == "name" and areas.loc["BO-001", "actor_type_source"] == "column"
    assert areas["area_state"].tolist() == ["in_force"] * 4 + ["in_process"]
    assert areas["right_type"].tolist() == ["cam", "cam", "ate", "cam", "licence"]
    assert areas["grant_year"].tolist() == [2005, 1990, 2008, 2004, 2020]
    assert areas["municipality"].tolist() == ["TIPUANI", "TIPUANI", "TIPUANI", "GUANAY", "GUANAY"]


def test_cuadriculas_against_geod_and_the_declared_count(valley):
    areas = _by(valley[2].areas, "code")
    for code, shape in zip(AREAS["CODIGO UNICO"], SHAPES, strict=True):
        assert areas.loc[code, "area_ha"] == pytest.approx(geod_ha(shape, 32719), rel=0.001)
    # 4 cuadrículas are 100 ha declared; the UTM scale factor near 68.5 W makes them ~100.07 ha.
    assert areas.loc["BO-001", "grid_ha"] == 100.0
    assert areas["grid_check"].tolist() == ["agrees"] * 4 + ["differs"]
    assert areas.loc["BO-005", "grid_difference_pct"] == pytest.approx(-25.0, abs=0.2)  # 6 drawn of 8 declared
    assert "BO-005" not in areas.index[areas["grid_reason_codes"] == ""]


def test_work_sites_relations_and_conflicts(valley):
    sites = _by(valley[2].work_sites, "site_id")
    assert sites["host_code"].fillna("").tolist() == ["BO-001", "BO-002", "BO-003", "", ""]
    assert sites["relation"].to_dict() == {
        "S1": "own_area", "S2": "cooperative_on_state_area", "S3": "on_cooperative_area", "S4": "no_area",
        "S5": "no_area"}
    assert sites["conflict_type"].to_dict() == {
        "S1": "own_area", "S2": "state_area", "S3": "reversion_candidate", "S4": "restricted_area", "S5": "no_area"}
    assert sites["under_contract"].tolist() == [False, False, True, False, False]
    assert sites.loc["S4", "restricted_category"] == "prohibited" and "Madidi" in sites.loc["S4", "restricted_name"]
    assert sites["operator_type"].tolist() == ["cooperative", "cooperative", "private", "cooperative", "private"]


def test_leased_and_idle_cooperative_areas_are_reversion_candidates(valley):
    results = valley[2]
    areas = _by(results.areas, "code")
    assert areas["idle"].tolist() == [False, True, False, True, False]  # B idle but the state's
    assert areas["leased_to_private"].tolist() == [False, False, True, False, False]  # BO-001's contract ended 2015
    assert areas.loc["BO-003", "partner"] == "MINERA ANDINA S.R.L." and areas.loc["BO-003", "contract_type"] == "lease"
    assert areas["reversion_candidate"].tolist() == [False, False, True, True, False]
    # In Bolivian terms: an area in force granted 21 years ago; E, in process, is not in force.
    assert '"code":"idle_bo.idle","years":21' in areas.loc["BO-004", "idle_reason_codes"]
    assert areas.loc["BO-005", "idle_reason_codes"] == '[{"code":"idle_bo.not_in_force"}]'
    # Ranked: C carries a private firm's work site, D none.
    assert results.reversion_candidates["code"].tolist() == ["BO-003", "BO-004"]
    assert results.reversion_candidates["reversion_rank"].tolist() == [1, 2]
    assert results.summary["hectares"]["reversion_candidates"] == pytest.approx(
        geod_ha(SHAPES[2], 32719) + geod_ha(SHAPES[3], 32719), abs=0.02)


def test_each_cooperative_summarised(valley):
    coops = _by(valley[2].cooperatives, "cooperative")
    tipuani = coops.loc["Cooperativa Minera Aurífera Tipuani Ltda"]  # the table's spelling comes first
    assert (tipuani["n_areas"], tipuani["n_work_sites"], tipuani["n_sites_on_own_areas"]) == (1, 2, 1)
    assert tipuani["members"] == 420 and tipuani["federation"] == "FERRECO"
    agosto = coops.loc["COOPERATIVA MINERA 15 DE AGOSTO LTDA"]
    assert (agosto["n_leased_areas"], agosto["n_reversion_candidates"]) == (1, 1)
    assert len(coops) == 3


def test_seed_figures_by_actor_year_and_place(valley):
    results = valley[2]
    by_year = results.area_by_actor_year.set_index(["actor_type", "grant_year"])["n_areas"]
    assert by_year.to_dict() == {("cooperative", 2004): 1, ("cooperative", 2005): 1, ("cooperative", 2008): 1,
                                 ("private", 2020): 1, ("state", 1990): 1}
    place = results.reversion_by_place.set_index("municipality")
    assert place.loc["TIPUANI", "n_areas"] == 3 and place.loc["GUANAY", "n_areas"] == 2
    assert place.loc["GUANAY", "reversion_candidate_ha"] == pytest.approx(geod_ha(SHAPES[3], 32719), abs=0.01)


@pytest.mark.parametrize("epsg", [32720, 24880, 32721, 24881])
def test_utm_20s_and_21s_in_psad56_and_wgs84(tmp_path, epsg):
    """An area of 3 x 2 cuadrículas drawn in the zone's own grid, and a work site given by its
    UTM coordinates with zone and datum, land where they should."""
    psad = epsg < 30000
    zone, datum = epsg % 100 - (60 if psad else 0), "PSAD56" if psad else "WGS84"  # 24880: PSAD56 zone 20S
    e0, n0 = 480_000.0, 8_100_000.0
    shape = cells(0, 0, 3, 2, e0, n0)
    gpd.GeoDataFrame({"CODIGO_UNICO": ["Z1"], "TITULAR": ["COOPERATIVA X"], "ESTADO": ["VIGENTE"], "CUADRICULAS": [6]},
                     geometry=[shape], crs=epsg).to_file(tmp_path / "areas.gpkg")
    # A second file without a state column: its area's state is unknown, and it hosts no site.
    gpd.GeoDataFrame({"CODIGO_UNICO": ["Z2"], "TITULAR": ["Y"]}, geometry=[cells(6, 0, 2, 2, e0, n0)],
                     crs=epsg).to_file(tmp_path / "sin_estado.gpkg")
    east, north = centre(1, 1, e0, n0)
    pd.DataFrame({"OPERADOR": ["COOPERATIVA X", "Y"], "ESTE": [east, east + 5_000], "NORTE": [north, north],
                  "ZONA": [f"{zone}S"] * 2, "DATUM": [datum] * 2}).to_csv(tmp_path / "sitios.csv", index=False)
    results = analyze_bolivia(Inputs(ajam=[str(tmp_path / "areas.gpkg"), str(tmp_path / "sin_estado.gpkg")],
                                     work_sites=[str(tmp_path / "sitios.csv")]), lang="en")
    assert results.areas["area_state"].tolist() == ["in_force", "unknown"]
    area = results.areas.iloc[0]
    assert area["area_ha"] == pytest.approx(geod_ha(shape, epsg), rel=0.001)
    assert area["grid_check"] == "agrees"
    assert results.work_sites["relation"].tolist() == ["own_area", "no_area"]


def test_profiles_and_coordinate_systems():
    assert [c for c, _ in offered("bo")] == ["4326", "32719", "32720", "32721", "24879", "24880", "24881"]
    assert offered("pe") == COMMON  # Peru's list unchanged
    assert [c for c, _ in EVERY_OFFERED][-4:] == ["32720", "32721", "24880", "24881"]
    assert load_profile("bo").admin_levels == ["department", "province", "municipality"]


def test_command_line_country_bo(valley, tmp_path, capsys):
    folder, inputs, _ = valley
    out = tmp_path / "out"
    status = main(["analyze", "--country", "bo", "--ajam", inputs.ajam[0], "--work-sites", inputs.work_sites[0],
                   "--restricted", inputs.restricted[0], "--area-contracts", inputs.area_contracts,
                   "--activity", inputs.activity, "--out", str(out), "--quiet", "--lang", "es", "--format", "xlsx"])
    assert status == 0
    from openpyxl import load_workbook

    book = load_workbook(out / "resultados.xlsx", read_only=True)
    assert book.sheetnames[:3] == ["areas_mineras", "sitios_de_trabajo", "candidatos_reversion"]
    assert next(book["candidatos_reversion"].values)[:2] == ("Orden de reversión", "Código único")
    assert "Bolivia: 5 áreas mineras" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["country"] == "bo" and summary["counts"]["areas"] == 5
    assert {"areas", "work_sites", "reversion_candidates", "cooperatives"} <= set(
        gpd.list_layers(out / "results.gpkg")["name"])
    table = (out / "candidatos_reversion.csv").read_text(encoding="utf-8-sig")  # for people: Spanish words
    assert table.startswith("Orden de reversión;Código único;")
    assert "MINERA ANDINA" in table and "contrato de arrendamiento" in table and ";Cooperativa;Vigente;" in table
    sites = (out / "sitios_de_trabajo.csv").read_text(encoding="utf-8-sig")
    assert "Cooperativa en área de COMIBOL" in sites and "Área protegida (prohibido)" in sites
    areas = list(csv.DictReader((out / "areas_mineras.csv").read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert {row["Fuentes con información (ociosa)"] for row in areas} == {"producción declarada"}  # not the code 'activity'


def test_country_bo_reads_the_concessions_flag_as_ajams_cadastre(valley, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", "--country", "bo", "--concessions", valley[1].ajam[0], "--out", str(out), "--quiet"]) == 0
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["counts"]["areas"] == 5


def test_unknown_country_is_refused(tmp_path):
    with pytest.raises(SystemExit) as refused:
        main(["analyze", "--country", "xx", "--out", str(tmp_path)])
    assert refused.value.code == 2
    with pytest.raises(InputError, match="xx"):
        load_profile("xx")


def test_a_run_is_bolivian_when_a_bolivian_input_is_given(valley, tmp_path):
    assert _guess_country(Inputs(ajam=["a.gpkg"])) == "bo"
    assert _guess_country(Inputs(concessions=[str(tmp_path / "missing.shp")])) == "pe"  # refused later, as before
    inputs = Inputs(concessions=valley[1].ajam)  # AJAM's cadastre given as --concessions: told by its columns
    assert _guess_country(inputs) == "bo" and inputs.ajam == valley[1].ajam and inputs.concessions == []
    peru = tmp_path / "catastro.gpkg"
    gpd.GeoDataFrame({"CODIGOU": ["010000198"], "TIT_CONCES": ["X"]}, geometry=[box(-70, -13, -69.9, -12.9)],
                     crs=4326).to_file(peru)
    assert _guess_country(Inputs(concessions=[str(peru)])) == "pe"


def test_forest_loss_evidence_makes_idle_areas_as_in_peru(valley, tmp_path):
    """No production table: the holder's loss speaks. A 300 m x 300 m block lost in 2015 in A's
    far corner (more than 500 m from its work site S1: the holder's, not the miners') shows A
    worked; no loss on forest shows the others idle. 20 m pixels on the same UTM grid."""
    from affine import Affine

    from tests.raster_fixtures import write_raster

    folder, inputs, _ = valley
    west, north, size = E0 - 1_000, N0 + 3_000, 20.0
    transform = Affine(size, 0, west, 0, -size, north)
    rows, cols = int(4_000 / size), int(5_000 / size)
    loss = np.zeros((rows, cols), dtype=np.uint8)
    col0, row0 = int((E0 + 700 - west) / size), int((north - (N0 + 1_000)) / size)
    loss[row0:row0 + 15, col0:col0 + 15] = 15  # E0+700..E0+1000, N0+700..N0+1000: A's far corner, in 2015
    write_raster(tmp_path / "lossyear.tif", loss, transform, "EPSG:32719")
    write_raster(tmp_path / "treecover2000.tif", np.full((rows, cols), 90, dtype=np.uint8), transform, "EPSG:32719")
    given = Inputs(ajam=inputs.ajam, work_sites=inputs.work_sites, area_contracts=inputs.area_contracts,
                   loss_rasters=[str(tmp_path / "lossyear.tif")], forest=[str(tmp_path / "treecover2000.tif")],
                   rule_overrides=REFERENCE)
    results = analyze_bolivia(given, lang="en")
    areas = _by(results.areas, "code")
    block = box(E0 + 700, N0 + 700, E0 + 1_000, N0 + 1_000)
    assert areas.loc["BO-001", "loss_by_holder_ha"] == pytest.approx(geod_ha(block, 32719), rel=0.001)
    assert areas.loc["BO-001", "loss_by_miners_ha"] == 0
    # E covers cuadrículas up to N0+2500: all on the raster (which reaches N0+3000)
    assert areas["idle"].tolist() == [False, True, True, True, False]
    assert areas["idle_evidence"].tolist() == ["forest_loss"] * 5  # spoke for E too, which is in process
    # C is leased and idle: both reasons rank it first; D idle only.
    assert results.reversion_candidates["code"].tolist() == ["BO-003", "BO-004"]
    lost = results.loss_by_year
    assert set(lost.loc[lost["loss_ha"] > 0.001, "code"]) == {"BO-001"}  # B only touches the block


def test_bolivian_sample_in_ajams_shapes(tmp_path):
    """`sample --country bo`: La Paz in WGS 84 UTM 19S and Potosí in PSAD56 UTM 20S, whole
    cuadrículas, analysed as a user would."""
    out = tmp_path / "muestra"
    assert main(["sample", "--country", "bo", "--out", str(out), "--quiet"]) == 0
    lapaz, potosi = (gpd.read_file(out / name) for name in ("AJAM_areas_mineras_WGS84_19S.shp",
                                                              "AJAM_areas_mineras_PSAD56_20S.shp"))
    assert (lapaz.crs.to_epsg(), potosi.crs.to_epsg()) == (32719, 24880)
    cells = lapaz.geometry.area / (CELL * CELL)
    assert np.allclose(cells, cells.round()) and (lapaz["CUADRICULA"] >= cells.round()).all()
    assert "DATOS SINTÉTICOS" in (out / "LEEME.txt").read_text(encoding="utf-8")
    given = [f"--{kind}={out / name}" for kind, name in (
        ("ajam", "AJAM_areas_mineras_WGS84_19S.shp"), ("ajam", "AJAM_areas_mineras_PSAD56_20S.shp"),
        ("work-sites", "sitios_de_trabajo_lapaz.csv"), ("work-sites", "sitios_de_trabajo_potosi.csv"),
        ("restricted", "SERNAP_areas_protegidas_TIOC.gpkg"), ("activity", "produccion_minera.csv"),
        ("cooperatives", "cooperativas.csv"), ("area-contracts", "contratos_cooperativas.csv"),
        ("loss-raster", "lossyear_lapaz.tif"), ("forest", "treecover2000_lapaz.tif"))]
    assert main(["analyze", *given, "--out", str(tmp_path / "out"), "--quiet", "--lang", "en"]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    counts = summary["counts"]
    assert counts["areas"] == 60 and counts["rejected_rows"] == 0
    assert counts["grid_check"]["differs"] >= 1 and counts["grid_check"]["agrees"] > 50
    assert {"own_area", "cooperative_on_state_area", "on_cooperative_area", "no_area"} <= set(counts["relation"])
    assert counts["reversion_candidates"] > 0 and counts["conflict_type"]["restricted_area"] > 0
    assert summary["contracts"]["work_sites_linked"] > 0
    areas = gpd.read_file(tmp_path / "out" / "results.gpkg", layer="areas")
    lapaz = areas["department"] == "LA PAZ"  # the rasters cover La Paz only: Potosí is puna
    assert (areas.loc[lapaz, "idle_evidence"] == "activity,forest_loss").all()
    assert (areas.loc[~lapaz, "idle_evidence"] == "activity").all()


def test_m_per_municipality_by_hand():
    """Bolivia's m: hectares in force a cooperative holds or works, over hectares in force. A
    cooperative's 100 ha, COMIBOL's 200 ha without cooperative sites, a firm's 100 ha with one,
    and a reverted cooperative area left out: (100 + 100) / 400."""
    from concession_gis.analysis.bolivia_figures import reversion_by_place

    areas = pd.DataFrame({
        "department": ["LA PAZ"] * 4, "municipality": ["GUANAY"] * 4, "area_ha": [100.0, 200.0, 100.0, 50.0],
        "actor_type": ["cooperative", "state", "private", "cooperative"],
        "area_state": ["in_force", "in_force", "in_force", "reverted"], "n_cooperative_sites": [0, 0, 1, 0],
        "reversion_candidate": [False, False, False, False]})
    row = reversion_by_place(areas).iloc[0]
    assert row["m_cooperative_share"] == 0.5 and row["in_force_ha"] == 400.0
    assert (row["cooperative_ha"], row["reverted_ha"]) == (150.0, 50.0)


def test_a_run_never_writes_over_its_inputs(tmp_path, capsys):
    """The sample's cooperativas.csv is also the name of the Spanish cooperatives table: a run
    into the sample's own folder is refused before anything is written."""
    out = tmp_path / "muestra"
    assert main(["sample", "--country", "bo", "--out", str(out), "--quiet"]) == 0
    before = (out / "cooperativas.csv").read_bytes()
    status = main(["analyze", "--ajam", str(out / "AJAM_areas_mineras_WGS84_19S.shp"),
                   "--cooperatives", str(out / "cooperativas.csv"), "--out", str(out), "--quiet", "--lang", "es"])
    assert status == 2 and "cooperativas.csv" in capsys.readouterr().err
    assert (out / "cooperativas.csv").read_bytes() == before and not (out / "results.gpkg").exists()
