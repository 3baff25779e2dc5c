"""QGIS styles inside results.gpkg: a layer_styles row per spatial layer, QML and SLD in the map's colours."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET

import pyogrio
import pytest

from concession_gis.export import cartography as carto
from concession_gis.export.results import read_results, write_results
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs

QGIS_COLUMNS = ["id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"]
SE = "{http://www.opengis.net/se}"
OGC = "{http://www.opengis.net/ogc}"


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    out = tmp_path_factory.mktemp("styled")
    write_results(analyze(bundled_inputs(), lang="en"), out)
    return out / "results.gpkg"


def rows(gpkg) -> dict[str, sqlite3.Row]:
    with sqlite3.connect(gpkg) as db:
        db.row_factory = sqlite3.Row
        return {row["f_table_name"]: row for row in db.execute("SELECT * FROM layer_styles")}


def test_layer_styles_has_the_qgis_columns_and_one_default_row_per_spatial_layer(gpkg):
    with sqlite3.connect(gpkg) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(layer_styles)")]
        spatial = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
    assert columns == QGIS_COLUMNS
    styles = rows(gpkg)
    assert set(styles) == set(spatial) == {"concessions", "registrations", "concession_overlaps",
                                           "coexistence_candidates", "restricted_areas", "extinct_free_ground",
                                           "loss_fronts"}
    for table, row in styles.items():
        assert row["f_geometry_column"] == spatial[table]
        assert row["useAsDefault"] == 1 and row["f_table_schema"] == "" and row["styleName"]


def test_gdal_lists_layer_styles_as_a_table_and_the_results_still_read_back(gpkg):
    layers = dict(pyogrio.list_layers(gpkg))
    assert "layer_styles" in layers and layers["layer_styles"] is None
    assert len(pyogrio.read_dataframe(gpkg, layer="layer_styles")) == 7  # with the loss fronts (issue 17)
    assert len(read_results(gpkg).concessions) == 20  # the demo has a processing plant (issue 15)


def qml_categories(qml: str) -> tuple[str, dict[str, str]]:
    root = ET.fromstring(qml.split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    colours = {}
    for category in renderer.find("categories"):
        layer = symbols[category.get("symbol")].find("layer")
        colours[category.get("value")] = {p.get("k"): p.get("v") for p in layer.findall("prop")}
    return renderer.get("attr"), colours


def test_concessions_qml_is_categorized_by_legal_state_in_the_map_colours(gpkg):
    attr, categories = qml_categories(rows(gpkg)["concessions"]["styleQML"])
    assert attr == "legal_state"
    for state, style in carto.LEGAL_STATE.items():
        r, g, b = carto.rgb(style.face)
        assert categories[state]["color"] == f"{r},{g},{b},{round(style.face_alpha * 255)}"
        assert categories[state]["outline_color"].startswith(",".join(str(c) for c in carto.rgb(style.edge)))
    # Every claim's state has its class: no "all other values" class, no empty legend row.
    assert "" not in categories


def test_all_other_values_is_a_labelled_class_only_where_some_value_has_none():
    from concession_gis.export.style_documents import qml_document
    from concession_gis.export.styles import symbology

    spec = symbology("registrations", "es")
    for other_values, expected in ((True, ["Otros valores"]), (False, [])):
        root = ET.fromstring(qml_document(spec, other_values).split("\n", 1)[1])
        categories = root.findall("renderer-v2/categories/category")
        assert [c.get("label") for c in categories if c.get("value") == ""] == expected
        assert all(c.get("label") for c in categories)  # no legend row without words


def test_a_registration_of_no_known_class_gets_the_labelled_other_class(tmp_path):
    results = analyze(bundled_inputs(), lang="en")
    results.registrations.loc[results.registrations.index[0], "conflict_type"] = None
    write_results(results, tmp_path)
    root = ET.fromstring(rows(tmp_path / "results.gpkg")["registrations"]["styleQML"].split("\n", 1)[1])
    labels = {c.get("value"): c.get("label") for c in root.findall("renderer-v2/categories/category")}
    assert labels[""] == "Other values"


def test_registrations_block_other_layers_labels_and_draw_none(gpkg):
    for layer in ("registrations", "coexistence_candidates"):
        root = ET.fromstring(rows(gpkg)[layer]["styleQML"].split("\n", 1)[1])
        assert root.get("labelsEnabled") == "1"
        rendering = root.find("labeling/settings/rendering")
        assert rendering.get("drawLabels") == "0" and rendering.get("obstacle") == "1"
        assert float(rendering.get("obstacleFactor")) == 2.0  # QGIS's highest weight
    claims = ET.fromstring(rows(gpkg)["concessions"]["styleQML"].split("\n", 1)[1])
    assert claims.find("labeling/settings/rendering").get("drawLabels") != "0"


def test_registrations_qml_has_every_conflict_type_with_its_shape(gpkg):
    attr, categories = qml_categories(rows(gpkg)["registrations"]["styleQML"])
    assert attr == "conflict_type"
    for conflict, style in carto.CONFLICT_TYPE.items():
        assert categories[conflict]["name"] == carto.QGIS_MARKER[style.shape]
        assert categories[conflict]["color"] == ",".join(str(c) for c in carto.rgb(style.colour)) + ",255"


def test_restricted_areas_are_hatched_and_labelled(gpkg):
    root = ET.fromstring(rows(gpkg)["restricted_areas"]["styleQML"].split("\n", 1)[1])
    props = {p.get("k"): p.get("v") for p in root.iter("prop")}
    assert props["style"] == "b_diagonal"
    assert root.get("labelsEnabled") == "1"
    assert root.find("labeling/settings/text-style").get("fieldName") == "restricted_name"


def test_claim_labels_show_only_from_a_scale_with_room_for_them(gpkg):
    root = ET.fromstring(rows(gpkg)["concessions"]["styleQML"].split("\n", 1)[1])
    rendering = root.find("labeling/settings/rendering")
    # QGIS 3: scaleMax is the most zoomed-out denominator at which labels still show.
    assert rendering.get("scaleVisibility") == "1" and int(rendering.get("scaleMax")) > int(rendering.get("scaleMin"))


def test_sld_rules_filter_on_the_same_classes(gpkg):
    sld = ET.fromstring(rows(gpkg)["registrations"]["styleSLD"])
    literals = [rule.find(f"{OGC}Filter/{OGC}PropertyIsEqualTo/{OGC}Literal").text for rule in sld.iter(f"{SE}Rule")]
    assert literals == list(carto.CONFLICT_ORDER)
    fills = [p.text for p in sld.iter(f"{SE}SvgParameter") if p.get("name") == "fill"]
    assert fills == [carto.CONFLICT_TYPE[c].colour for c in carto.CONFLICT_ORDER]


def test_no_temporary_file_is_left_beside_the_geopackage(gpkg):
    assert not [p.name for p in gpkg.parent.iterdir() if p.name.startswith(".") or ".tmp" in p.name]


def test_registrations_placed_by_declared_code_are_hollow_in_qgis(gpkg):
    """Every class's marker carries data-defined overrides on ``located_by``: where it is
    ``declared_code`` no fill, a 1.2 pt outline in the class's own colour (as the printed map);
    elsewhere the expressions are NULL and the symbol keeps its own values."""
    for layer in ("registrations", "coexistence_candidates"):
        root = ET.fromstring(rows(gpkg)[layer]["styleQML"].split("\n", 1)[1])
        renderer = root.find("renderer-v2")
        symbols = {s.get("name"): s for s in renderer.find("symbols")}
        for category in renderer.find("categories"):
            layer_el = symbols[category.get("symbol")].find("layer")
            defined = layer_el.find("data_defined_properties/Option")
            options = {o.get("name"): o for o in defined}
            assert options["type"].get("value") == "collection"
            props = {p.get("name"): {o.get("name"): o.get("value") for o in p} for p in options["properties"]}
            assert set(props) == {"fillColor", "outlineColor", "outlineWidth"}
            assert all(p["active"] == "true" and p["type"] == "3" for p in props.values())
            value = category.get("value")
            style = carto.CONFLICT_TYPE.get(value, carto.CONFLICT_TYPE["no_concession"])
            colour = ",".join(str(c) for c in carto.rgb(style.colour)) + ",255"
            when = "CASE WHEN \"located_by\" = 'declared_code' THEN "
            assert props["fillColor"]["expression"] == when + "'0,0,0,0' END"
            assert props["outlineColor"]["expression"] == when + f"'{colour}' END"
            assert props["outlineWidth"]["expression"] == when + "0.42 END"  # 1.2 pt in mm
    # Polygons carry none.
    assert "data_defined_properties" not in rows(gpkg)["concessions"]["styleQML"]


def test_loss_fronts_are_styled_by_type_in_the_maps_colours(gpkg):
    attribute, colours = qml_categories(rows(gpkg)["loss_fronts"]["styleQML"])
    assert attribute == "front_type"
    assert set(colours) - {""} == {str(t) for t in carto.FRONT_ORDER}
