"""Issue 16: restricted areas are prohibited or conditional (rules.toml [restricted.categories]).

A hand-built cadastre of 1-km UTM cells: one large company's titled claim (0-5 km square)
with a national park nested inside its buffer zone, and an area whose category is in neither
list. Every expected value is written by hand from the drawing, never taken from the code.

    y km
     5 +-----------------------+
       | D          +--------- | ----+ buffer zone (2-6 km), conditional
       |            |   +---+  |     |
       |            |   | B |  |  park (3.5-4.5 km), prohibited
       |            |   +---+  |     |
     2 |            | A        |     |
       | +--+       +----------------+
       | |C | Zona Reservada (0-1 km): category unknown -> prohibited, warned
     0 +-----------------------+
       0  1         2          5     6   x km
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from concession_gis.analysis.restricted import area_categories, most_restrictive
from concession_gis.errors import UnknownCategoryWarning
from concession_gis.i18n import tr
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from concession_gis.reasons import decode
from concession_gis.rules import load_rules
from tests.builders import cell_box, claims, registrations_csv

RULES = load_rules(overrides={"reference_date": "2025-06-30"})
CLAIMS = [{"code": "010001523", "holder": "MINERA GRANDE S.A.C.", "cells": (0, 0, 5, 5), "filed": "1995-03-01"}]
AREAS = [  # (anp_nomb, anp_cate, cells)
    ("Zona de Amortiguamiento del PN Bahuaja Sonene", "Zona de Amortiguamiento", (2, 2, 6, 6)),
    ("Parque Nacional Bahuaja Sonene", "Parque Nacional", (3.5, 3.5, 4.5, 4.5)),
    ("Sierra del Divisor", "Zona Reservada", (0, 0, 1, 1)),
]
REGISTRATIONS = [
    {"id": "A", "x": 2.5, "y": 2.5},  # in the buffer zone only
    {"id": "B", "x": 4.0, "y": 4.0},  # in the park, inside the buffer zone
    {"id": "C", "x": 0.5, "y": 0.5},  # in the area of unknown category
    {"id": "D", "x": 1.5, "y": 4.5},  # in no area
]


@pytest.fixture()
def results(tmp_path):
    conc = tmp_path / "catastro.gpkg"
    claims(CLAIMS).to_file(conc, driver="GPKG")
    areas = tmp_path / "anp.gpkg"
    gpd.GeoDataFrame({"ANP_NOMB": [a[0] for a in AREAS], "ANP_CATE": [a[1] for a in AREAS]},
                     geometry=[cell_box(*a[2]) for a in AREAS], crs="EPSG:32718").to_file(areas, driver="GPKG")
    regs = registrations_csv(tmp_path / "reinfo.csv", REGISTRATIONS)
    return analyze(Inputs(concessions=[str(conc)], registrations=[str(regs)], restricted=[str(areas)],
                          rule_overrides={"reference_date": "2025-06-30"}), lang="en")


def test_buffer_zone_only_is_conditional_and_coexistence_stays_possible(results):
    a = results.registrations.set_index("reg_id").loc["A"]
    assert a["in_restricted"]
    assert a["restricted_category"] == "conditional"
    assert a["restricted_name"] == "Zona de Amortiguamiento del PN Bahuaja Sonene"
    assert a["conflict_type"] == "coexistence_candidate"
    assert a["coexistence"]
    codes = [r.code for r in decode(a["coexistence_reason_codes"])]
    assert "coexistence.conditional_area" in codes
    assert "compatibility opinion" in tr("coexistence.conditional_area", "en")
    # base 30 + single host 10 + group 10 (A and D active on the claim) - conditional area 15
    assert a["coexistence_score"] == 35


def test_registration_in_no_area_keeps_the_full_score(results):
    d = results.registrations.set_index("reg_id").loc["D"]
    assert not d["in_restricted"]
    assert d["restricted_category"] == "" and d["restricted_name"] == ""
    assert d["conflict_type"] == "coexistence_candidate"
    assert d["coexistence_score"] == 50  # base 30 + single host 10 + group 10


def test_park_inside_the_buffer_zone_is_restricted_area_named_after_the_park(results):
    b = results.registrations.set_index("reg_id").loc["B"]
    assert b["restricted_category"] == "prohibited"
    assert b["restricted_name"] == "Parque Nacional Bahuaja Sonene"  # the most restrictive alone
    assert b["conflict_type"] == "restricted_area"
    assert not b["coexistence"]
    assert "coexistence.fails.restricted" in [r.code for r in decode(b["coexistence_reason_codes"])]


def test_unknown_category_counts_as_prohibited_and_is_warned(results):
    c = results.registrations.set_index("reg_id").loc["C"]
    assert c["restricted_category"] == "prohibited"
    assert c["restricted_name"] == "Zona Reservada Sierra del Divisor"
    assert c["conflict_type"] == "restricted_area"
    assert results.summary["warnings"]["UnknownCategoryWarning"] == 1
    assert any("'Zona Reservada'" in m for m in results.summary["warning_messages"])
    areas = results.restricted_areas.set_index("restricted_name")
    assert areas["restricted_category"].tolist() == ["conditional", "prohibited", "prohibited"]
    assert areas["category_text"].tolist() == ["Zona de Amortiguamiento", "Parque Nacional", "Zona Reservada"]


def test_categories_compared_without_accents_and_case():
    text = pd.Series(["Santuario Histórico", "BOSQUE DE PROTECCIÓN", "reserva comunal", "", "Zona Reservada"])
    with pytest.warns(UnknownCategoryWarning) as caught:
        got = area_categories(text, RULES)
    assert got.tolist() == ["prohibited", "conditional", "conditional", "prohibited", "prohibited"]
    assert len(caught) == 1  # the empty category is no unknown value: only "Zona Reservada"


def test_declared_claim_partly_in_a_prohibited_area_has_no_category():
    any_in = pd.Series([True, pd.NA, pd.NA, False], dtype="boolean")
    prohibited_in = pd.Series([False, pd.NA, False, False], dtype="boolean")
    category, names = most_restrictive(any_in, ["ZA X", "ZA X; PN Y", "ZA X", ""], prohibited_in,
                                       ["", "PN Y", "", ""])
    # wholly in a buffer zone; partly in a park (unknown, named after the park); partly in a
    # buffer zone only (not known to be inside); in none
    assert category.tolist() == ["conditional", "", "", ""]
    assert names == ["ZA X", "PN Y", "ZA X", ""]


def test_map_and_qgis_style_draw_prohibited_and_conditional_apart(results):
    import matplotlib

    matplotlib.use("Agg")
    from collections import Counter

    import matplotlib.pyplot as plt

    from concession_gis.export import cartography as carto
    from concession_gis.export.legend import legend_entries
    from concession_gis.export.map_layers import draw_restricted
    from concession_gis.export.styles import symbology

    fig, ax = plt.subplots()
    drawn = draw_restricted(ax, results.restricted_areas)
    plt.close(fig)
    assert drawn == Counter(prohibited=2, conditional=1)  # the park and the Zona Reservada; the buffer zone
    entries = [e for e in legend_entries("en", Counter(), Counter(), drawn, 0, None) if e.layer == "restricted"]
    assert [(e.key, e.count) for e in entries] == [("prohibited", 2), ("conditional", 1)]
    assert entries[0].label.startswith("Mining prohibited") and entries[1].label.startswith("Conditional use")
    assert carto.RESTRICTED_CATEGORY["prohibited"].hatch != carto.RESTRICTED_CATEGORY["conditional"].hatch
    style = symbology("restricted_areas", "en")
    assert style is not None and style.attribute == "restricted_category"
    assert [c.value for c in style.categories] == ["prohibited", "conditional"]


def test_gui_styles_restricted_areas_by_category(results):
    from concession_gis_ui.layers import RESULT_LAYERS
    from concession_gis_ui.styles import classify

    assert ("restricted_areas", "polygon", "restricted_category") in RESULT_LAYERS
    classes = classify(results.restricted_areas, "restricted_category", "polygon", "restricted_areas", "en")
    assert classes.values == ("prohibited", "conditional")
    assert classes.labels == ("Prohibited", "Conditional")
    assert classes.codes.tolist() == [1, 0, 0]  # buffer zone, park, Zona Reservada
    assert classes.colors[0] != classes.colors[1]


def test_summary_counts_registrations_and_areas_by_category(results):
    counts = results.summary["counts"]
    # A in the buffer zone only; B in the park (most restrictive); C in the unknown-category area.
    assert counts["restricted_category"] == {"prohibited": 2, "conditional": 1}
    # The park and the Zona Reservada (unknown, so prohibited); the buffer zone.
    assert counts["restricted_areas"] == {"prohibited": 2, "conditional": 1}


def test_the_window_table_names_the_category_in_words():
    from concession_gis_ui.table_model import cell_text

    assert cell_text("restricted_category", "conditional", "es") == "Condicionada"
    assert cell_text("restricted_category", "prohibited", "en") == "Prohibited"
    assert cell_text("restricted_category", "", "es") == ""
