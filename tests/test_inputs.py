"""The registry of input kinds drives every front end: flags, validate, guessing, projects, panel, loading."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from concession_gis.cli import build_parser
from concession_gis.errors import SchemaError
from concession_gis.i18n import LANGUAGES, tr
from concession_gis.inputs import (
    KIND,
    KINDS,
    Feeds,
    Field,
    Format,
    InputKind,
    Spec,
    Value,
    split_spec,
)
from concession_gis.io.tables import load_table
from concession_gis.model import Inputs, inputs_from
from concession_gis.reasons import Reason, decode
from concession_gis.validate import guess_kind


def _subcommand(name: str):
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    return commands.choices[name]


# --- declarations ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_declares_words_in_both_languages(kind):
    for lang in LANGUAGES:
        assert tr(kind.label, lang) != kind.label and tr(kind.help, lang) != kind.help
        for field in kind.fields:
            if field.required:
                assert field.reject and tr(field.reject, lang, column="X", allowed="a") != field.reject


def test_inputs_has_one_field_per_kind_then_the_settings():
    names = [f.name for f in dataclasses.fields(Inputs)]
    assert names == [*(k.attribute for k in KINDS), "rules", "column_map", "crs", "rule_overrides", "since"]
    inputs = Inputs(concessions=["c.shp"], activity="x.csv")
    assert inputs.concessions == ["c.shp"] and inputs.activity == "x.csv" and inputs.holders is None
    assert inputs_from({"concessions": ["c.shp"], "a_later_kind": ["y.csv"]}) == Inputs(concessions=["c.shp"])


@pytest.mark.parametrize(("spec", "parts"), [
    ("cadastre.gpkg:zone18", ("cadastre.gpkg", "zone18")),
    ("book.xlsx:Hoja 1", ("book.xlsx", "Hoja 1")),
    ("hansen.tif:year", ("hansen.tif", "year")),
    ("hansen.tif:", ("hansen.tif", None)),
    (r"C:\datos\reinfo.csv", (r"C:\datos\reinfo.csv", None)),
    ("C:/datos/anp.gpkg:anp", ("C:/datos/anp.gpkg", "anp")),
    ("/vsizip/tiles.zip/a.tif", ("/vsizip/tiles.zip/a.tif", None)),
])
def test_one_reading_of_path_spec(spec, parts):
    assert split_spec(spec) == parts


def test_a_file_whose_name_holds_a_colon_is_no_spec(tmp_path):
    path = tmp_path / "a:b.csv"
    path.write_text("x\n")
    assert split_spec(str(path)) == (str(path), None)


# --- command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_has_its_analyze_flag(kind, tmp_path):
    analyze = _subcommand("analyze")
    assert kind.flag in analyze.format_help()
    args = analyze.parse_args([kind.flag, "a", *([kind.flag, "b"] if kind.repeats else []), "--out", str(tmp_path)])
    assert getattr(args, kind.attribute) == (["a", "b"] if kind.repeats else "a")


def test_analyze_keeps_the_public_flags():
    help_text = _subcommand("analyze").format_help()
    for flag in ("--concessions", "--registrations", "--loss-raster", "--restricted", "--activity", "--holders"):
        assert flag in help_text
    assert "PATH[:ENCODING]" in help_text


def test_validate_kind_choices_are_the_kind_names():
    kind = next(a for a in _subcommand("validate")._actions if a.dest == "kind")
    assert list(kind.choices) == [k.name for k in KINDS]
    assert {"concessions", "registrations", "raster", "restricted"} <= set(kind.choices)


# --- guessing ------------------------------------------------------------------------------------

def _write(kind: str, folder):
    if kind == "concessions":
        path = folder / "catastro.gpkg"
        gpd.GeoDataFrame({"CODIGOU": ["010000198"], "TIT_CONCES": ["X"]}, geometry=[box(-70, -13, -69.9, -12.9)],
                         crs=4326).to_file(path)
    elif kind == "registrations":
        path = folder / "reinfo.csv"
        path.write_text("COD_REINFO,NOMBRE_MIN,LATITUD,LONGITUD\nR1,JUAN,-13.1,-70.2\n", encoding="utf-8")
    elif kind == "raster":
        path = folder / "hansen.tif"  # told by its suffix, never opened
    elif kind == "forest":
        path = folder / "Hansen_GFC-2024-v1.12_treecover2000_10S_070W.tif"  # told by its suffix and name
    elif kind == "restricted":
        path = folder / "anp.gpkg"
        gpd.GeoDataFrame({"ANP_NOMB": ["Tambopata"], "ANP_CATE": ["RN"]}, geometry=[box(-70, -13, -69, -12)],
                         crs=4326).to_file(path)
    elif kind == "activity":
        path = folder / "produccion.csv"
        path.write_text("CODIGOU;ANIO;TM\n010000198;2021;12\n", encoding="utf-8")
    elif kind == "districts":
        path = folder / "limites_distritales.gpkg"  # INEI's columns: names and the district's code
        gpd.GeoDataFrame({"IDDIST": ["170101"], "NOMBDIST": ["TAMBOPATA"], "NOMBPROV": ["TAMBOPATA"],
                          "NOMBDEP": ["MADRE DE DIOS"]}, geometry=[box(-70, -13, -69, -12)], crs=4326).to_file(path)
    elif kind == "allowed_zones":
        path = folder / "corredor_minero.gpkg"  # Madre de Dios' corridor: the zone's name and department
        gpd.GeoDataFrame({"ZONA_MINERA": ["Zona 1"], "DEPARTAMENTO": ["MADRE DE DIOS"]},
                         geometry=[box(-70, -13, -69, -12)], crs=4326).to_file(path)
    elif kind == "penalties":
        path = folder / "padron_penalidades.csv"  # code and year as production, told by the amount
        path.write_text("CODIGOU;ANIO;PENALIDAD\n010000198;2023;1200,50\n", encoding="utf-8")
    elif kind == "contracts":
        path = folder / "contratos.csv"
        path.write_text("CODIGOU;RUC_MINERO;MINERO;TIPO_CONTRATO;FECHA_INICIO;FECHA_FIN\n"
                        "010000198;10402233441;JUAN CCAMA;CESIÓN MINERA;01/03/2020;\n", encoding="utf-8")
    elif kind == "ajam":
        path = folder / "areas_ajam.gpkg"  # AJAM's columns: unique code, cuadrículas, actor type
        gpd.GeoDataFrame({"CODIGO UNICO": ["01-2345"], "TITULAR": ["COOPERATIVA MINERA X LTDA"], "TIPO DE ACTOR": ["Cooperativa"],
                          "CUADRICULAS": [4], "MUNICIPIO": ["Tipuani"]}, geometry=[box(-68.5, -15.5, -68.48, -15.48)],
                         crs=4326).to_file(path)
    elif kind == "work_sites":
        path = folder / "sitios.csv"  # an operator and its point
        path.write_text("OPERADOR,TIPO DE ACTOR,LATITUD,LONGITUD\nCOOPERATIVA X,Cooperativa,-15.5,-68.5\n", encoding="utf-8")
    elif kind == "cooperatives":
        path = folder / "cooperativas.csv"
        path.write_text("COOPERATIVA;NIT;FEDERACION;SOCIOS\nCOOPERATIVA MINERA X LTDA;1020304050;FERRECO;120\n",
                        encoding="utf-8")
    elif kind == "area_contracts":
        path = folder / "contratos_cooperativas.csv"
        path.write_text("CODIGO UNICO;COOPERATIVA;EMPRESA;TIPO DE CONTRATO;FECHA INICIO\n"
                        "01-2345;COOPERATIVA MINERA X LTDA;MINERA Y SRL;Arrendamiento;01/03/2018\n", encoding="utf-8")
    else:
        path = folder / "titulares.csv"
        path.write_text("TITULAR,ESTRATO,RUC\nMINERA X SAC,pequeño productor,20100000001\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_each_kind_is_guessed_from_a_small_file(kind, tmp_path):
    assert guess_kind(str(_write(kind, tmp_path))) == kind


def test_points_are_registrations_and_unnamed_polygons_restricted(tmp_path):
    gpd.GeoDataFrame({"NOMBRE": ["x"]}, geometry=[Point(-70, -13)], crs=4326).to_file(tmp_path / "p.gpkg")
    gpd.GeoDataFrame({"NOMBRE": ["x"]}, geometry=[box(-70, -13, -69, -12)], crs=4326).to_file(tmp_path / "a.gpkg")
    assert guess_kind(str(tmp_path / "p.gpkg")) == "registrations"
    assert guess_kind(str(tmp_path / "a.gpkg")) == "restricted"


def test_a_table_that_fits_no_kind_is_taken_for_registrations(tmp_path):
    (tmp_path / "t.csv").write_text("A,B\n1,2\n", encoding="utf-8")
    assert guess_kind(str(tmp_path / "t.csv")) == "registrations"


# --- projects ------------------------------------------------------------------------------------

def test_project_round_trip_keeps_every_kind(tmp_path):
    from concession_gis_ui.project import Project, load_project, save_project

    given = {}
    for kind in KINDS:
        path = tmp_path / "datos" / f"{kind.name}.x"
        given[kind.attribute] = [str(path), str(path) + "2"] if kind.repeats else str(path)
    given["loss_rasters"] = [str(tmp_path / "datos" / "hansen.tif") + ":year"]
    save_project(Project(inputs=Inputs(**given)), tmp_path / "caso.cgis.json")
    document = (tmp_path / "caso.cgis.json").read_text(encoding="utf-8")
    assert all(f'"{kind.attribute}"' in document for kind in KINDS)
    assert '"datos/hansen.tif:year"' in document  # relative to the project, the encoding kept
    assert load_project(tmp_path / "caso.cgis.json").inputs == Inputs(**given)


# --- the generic table loader ----------------------------------------------------------------

PENALTIES = InputKind(
    name="penalties", attribute="penalties", flag="--penalties", metavar="PATH",
    help="input_help.activity", label="input_kind.activity", formats=frozenset({Format.TABLE}),
    spec=(Spec.SHEET,), feeds=Feeds.IDLE,
    fields=(
        Field("code", ("CODIGOU", "CODIGO"), required=True, reject="reject.no_code"),
        Field("year", ("ANIO", "YEAR"), Value.INTEGER, required=True, reject="reject.bad_year"),
        Field("amount", ("MONTO",), Value.NUMBER),
    ),
)


def test_a_kind_declared_anywhere_loads_through_the_one_table_loader(tmp_path):
    (tmp_path / "p.csv").write_text("CODIGOU,ANIO,MONTO\n010000198,2022,\"1.234,5\"\n010000199,2023,\n",
                                    encoding="utf-8")
    loaded = load_table(PENALTIES, str(tmp_path / "p.csv"), {})
    assert loaded.frame.columns.tolist() == ["code", "year", "amount"]
    assert loaded.frame["year"].tolist() == [2022, 2023] and loaded.frame["amount"].iloc[0] == pytest.approx(1234.5)
    assert len(loaded.rejected) == 0 and loaded.inputs[0]["path"].endswith("p.csv")


def test_a_missing_required_column_names_the_column(tmp_path):
    (tmp_path / "a.csv").write_text("CODIGOU,TONELADAS\n010000198,12\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="year") as raised:
        load_table(KIND["activity"], str(tmp_path / "a.csv"), {})
    assert "TONELADAS" in str(raised.value)


def test_a_bad_row_is_set_aside_with_its_reason_code(tmp_path):
    (tmp_path / "a.csv").write_text("CODIGOU;ANIO\n010000198;2021\n010000198;2021.5\n;2020\n", encoding="utf-8")
    loaded = load_table(KIND["activity"], str(tmp_path / "a.csv"), {})
    assert loaded.frame[["code", "year"]].values.tolist() == [["010000198", 2021]]
    assert loaded.rejected["row"].tolist() == [3, 4]
    assert [decode(cell) for cell in loaded.rejected["reason_codes"]] == [
        [Reason("reject.bad_year", {"column": "ANIO"})], [Reason("reject.no_code", {"column": "CODIGOU"})]]


def test_mapped_columns_and_choices_with_synonyms(tmp_path):
    (tmp_path / "h.csv").write_text("empresa,tamaño\nMINERA X,Pequeña\nY,enorme\n", encoding="utf-8")
    loaded = load_table(KIND["holders"], str(tmp_path / "h.csv"), {"*": {"holder": "empresa", "stratum": "tamaño"}})
    assert loaded.frame[["holder", "stratum"]].values.tolist() == [["MINERA X", "small"]]
    assert decode(loaded.rejected["reason_codes"][0])[0].code == "reject.bad_stratum"


def test_malformed_csv_rows_are_set_aside_with_a_code(tmp_path):
    (tmp_path / "a.csv").write_text('CODIGOU,ANIO\n010000198,2021\n"0100,2020,x,y\n', encoding="utf-8")
    loaded = load_table(KIND["activity"], str(tmp_path / "a.csv"), {})
    codes = [r.code for cell in loaded.rejected["reason_codes"] for r in decode(cell)]
    assert len(loaded.frame) == 1 and codes and set(codes) <= {"reject.fields", "reject.no_code", "reject.bad_year"}


# --- the worked example: the penalty roll, added with its declaration and its idle step --------

def test_penalty_roll_from_the_command_line_makes_a_paying_claim_idle(tmp_path, capsys):
    import json

    import pandas as pd
    import pyogrio

    from concession_gis.cli import main
    from tests.builders import claims

    claims([
        {"code": "010000001", "holder": "MINERA PAGADORA SAC", "cells": (0, 0, 2, 2), "filed": "2000-03-01"},
        {"code": "010000002", "holder": "MINERA ANTIGUA SAC", "cells": (3, 0, 5, 2), "filed": "2000-03-01"},
        {"code": "010000003", "holder": "MINERA NUEVA SAC", "cells": (6, 0, 8, 2), "filed": "2021-03-01"},
    ]).to_file(tmp_path / "catastro.gpkg")
    # As INGEMMET's roll comes: codes without their leading zero (Excel), semicolons, amounts.
    (tmp_path / "padron.csv").write_text(
        "CODIGOU;ANIO;PENALIDAD\n10000001;2023;1200,50\n10000002;2012;600\n10000003;2024;300\n", encoding="utf-8")
    (tmp_path / "rules.toml").write_text('reference_date = "2025-06-30"\n', encoding="utf-8")
    code = main(["analyze", "--concessions", str(tmp_path / "catastro.gpkg"), "--penalties", str(tmp_path / "padron.csv"),
                 "--rules", str(tmp_path / "rules.toml"), "--no-map", "--out", str(tmp_path / "out"), "--lang", "en"])
    assert code == 0, capsys.readouterr().err
    conc = pyogrio.read_dataframe(tmp_path / "out" / "results.gpkg", layer="concessions").set_index("code")
    # Paid in the lookback window (2020 on): idle. Paid in 2012 only: the roll is silent, no other
    # source: unknown. Filed in 2021: too young, whatever it paid.
    assert conc.loc["010000001", "idle"] == 1 and conc.loc["010000003", "idle"] == 0
    assert pd.isna(conc.loc["010000002", "idle"])
    assert [r.code for r in decode(conc.loc["010000001", "idle_reason_codes"])] == ["idle.idle", "idle.penalty"]
    assert conc.loc["010000001", "idle_reason"] == (
        "titled 25 years ago with no evidence of activity; paid the penalty for not producing in 2023")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [i["kind"] for i in summary["inputs"]] == ["concessions", "penalties"]
