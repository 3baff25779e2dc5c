"""GeoJSON and KML exports: files that parse, hold every feature, and carry the map's classes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pyogrio
import pytest

from concession_gis.errors import InputError
from concession_gis.export import cartography as carto
from concession_gis.export.results import parse_formats, write_results
from concession_gis.i18n import tr
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs

KML = "{http://www.opengis.net/kml/2.2}"
SPATIAL = ("concessions", "registrations", "concession_overlaps", "coexistence_candidates", "restricted_areas")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    results = analyze(bundled_inputs(), lang="es")
    out = tmp_path_factory.mktemp("exports")
    return results, out, write_results(results, out, formats=parse_formats("geojson,kml,csv"))


@pytest.mark.parametrize("layer", SPATIAL)
def test_one_rfc7946_geojson_per_spatial_layer_with_every_feature(written, layer):
    results, out, paths = written
    data = json.loads((out / f"{layer}.geojson").read_text(encoding="utf-8"))
    frame = getattr(results, layer)
    assert data["type"] == "FeatureCollection" and "crs" not in data  # RFC 7946: WGS 84 by definition
    assert len(data["features"]) == len(frame)
    for feature in data["features"]:
        coordinates = json.dumps(feature["geometry"]["coordinates"])
        values = [float(v) for v in coordinates.replace("[", " ").replace("]", " ").replace(",", " ").split()]
        assert all(-180 <= v <= 180 for v in values[0::2]) and all(-90 <= v <= 90 for v in values[1::2])
    assert len(pyogrio.read_dataframe(out / f"{layer}.geojson")) == len(frame)


def test_tables_get_no_geojson(written):
    _, out, _ = written
    assert not (out / "loss_by_year.geojson").exists() and not (out / "district_summary.geojson").exists()


def test_geojson_keeps_codes_as_text_with_leading_zeros(written):
    results, out, _ = written
    data = json.loads((out / "concessions.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["code"] for f in data["features"]] == results.concessions["code"].tolist()


def test_kml_parses_and_holds_every_claim_and_registration_in_its_class_folder(written):
    results, out, paths = written
    assert paths["results.kml"] == out / "results.kml"
    root = ET.parse(out / "results.kml").getroot()
    document = root.find(f"{KML}Document")
    style_ids = {s.get("id") for s in document.findall(f"{KML}Style")}
    placemarks = list(root.iter(f"{KML}Placemark"))
    assert len(placemarks) == len(results.concessions) + len(results.registrations)
    for placemark in placemarks:
        assert placemark.find(f"{KML}styleUrl").text.lstrip("#") in style_ids
    folders = {f.find(f"{KML}name").text: f for f in root.iter(f"{KML}Folder")}
    for conflict, count in results.registrations["conflict_type"].value_counts().items():
        folder = folders[f"{tr(f'conflict_type.{conflict}', 'es')} ({count})"]
        marks = folder.findall(f"{KML}Placemark")
        assert len(marks) == count
        assert {m.find(f"{KML}styleUrl").text for m in marks} == {f"#conflict_{conflict}"}
        values = {d.get("name"): d.find(f"{KML}value").text for d in marks[0].iter(f"{KML}Data")}
        assert values["conflict_type"] == conflict
    for state, count in results.concessions["legal_state"].value_counts().items():
        assert len(folders[f"{tr(f'legal_state.{state}', 'es')} ({count})"].findall(f"{KML}Placemark")) == count


def test_kml_colours_are_the_map_colours(written):
    _, out, _ = written
    root = ET.parse(out / "results.kml").getroot()
    styles = {s.get("id"): s for s in root.iter(f"{KML}Style")}
    for conflict, style in carto.CONFLICT_TYPE.items():
        r, g, b = carto.rgb(style.colour)
        assert styles[f"conflict_{conflict}"].find(f"{KML}IconStyle/{KML}color").text == f"ff{b:02x}{g:02x}{r:02x}"
    r, g, b = carto.rgb(carto.LEGAL_STATE["titled"].edge)
    assert styles["legal_titled"].find(f"{KML}LineStyle/{KML}color").text == f"ff{b:02x}{g:02x}{r:02x}"


def test_gdal_reads_the_kml(written):
    results, out, _ = written
    counted = sum(info[1] is not None and pyogrio.read_info(out / "results.kml", layer=info[0])["features"]
                  for info in pyogrio.list_layers(out / "results.kml"))
    assert counted == len(results.concessions) + len(results.registrations)


def test_unknown_formats_are_refused():
    with pytest.raises(InputError, match="geojson"):
        parse_formats("csv,shapefile")


def test_the_workbook_explains_its_columns_and_codes_in_the_run_language(demo_results, tmp_path):
    from openpyxl import load_workbook

    from concession_gis.export.results import write_results

    write_results(demo_results, tmp_path, ["xlsx"])
    book = load_workbook(tmp_path / "results.xlsx", read_only=True)
    assert book.sheetnames[-1] == "columns"  # the demo results are in English
    rows = list(book["columns"].iter_rows(values_only=True))
    assert rows[0] == ("sheet", "column or code", "meaning", "in this workbook")
    assert ("concessions", "legal_state", "Legal state", "Legal state") in rows
    assert ("registrations", "latitude", "Latitude of a point inside the shape (degrees, WGS84)", "Latitude (degrees)") in rows
    assert ("district_summary", "relation_own_title", "Holder (n)", "Holder (n)") in rows
    assert (None, "conflict_type = blocked", "On an extinct claim (blocked)", "On an extinct claim (blocked)") in rows
    assert not [r for r in rows if r[1] in ("CODIGOU", "geometry")]  # source columns keep their own names


@pytest.mark.parametrize("layer", SPATIAL)
def test_each_geojson_layer_is_named_after_its_file_not_its_temporary(written, layer):
    _, out, _ = written
    assert json.loads((out / f"{layer}.geojson").read_text(encoding="utf-8"))["name"] == layer
    assert [name for name, _ in pyogrio.list_layers(out / f"{layer}.geojson")] == [layer]


def test_ogr2ogr_gathers_the_geojson_files_into_one_geopackage(written, tmp_path):
    import shutil
    import subprocess

    ogr2ogr = shutil.which("ogr2ogr")
    if ogr2ogr is None:
        pytest.skip("ogr2ogr (gdal-bin) is not installed")
    results, out, _ = written
    target = tmp_path / "gathered.gpkg"
    for layer in SPATIAL:
        subprocess.run([ogr2ogr, "-f", "GPKG", *(["-update"] if target.exists() else []), str(target),
                        str(out / f"{layer}.geojson")], check=True, capture_output=True)
    layers = dict(pyogrio.list_layers(target))
    assert set(layers) == set(SPATIAL)
    for layer in SPATIAL:
        assert len(pyogrio.read_dataframe(target, layer=layer)) == len(getattr(results, layer))


def test_missing_values_are_written_as_null_never_as_the_text_na(tmp_path):
    """A column of NA alone (a front's in_allowed_zone where no allowed zone was given) was written
    as the text "<NA>"; NaN and None beside text too must arrive as NULL."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    from concession_gis.export.results import _write_layer

    frame = gpd.GeoDataFrame({"unknown": pd.Series([pd.NA, pd.NA, pd.NA], dtype=object),
                              "mixed": pd.Series([True, pd.NA, False], dtype=object),
                              "text": pd.Series(["a", None, float("nan")], dtype=object)},
                             geometry=[Point(0, 0), Point(1, 1), Point(2, 2)], crs=4326)
    _write_layer(frame, tmp_path / "r.gpkg", "fronts")
    back = pyogrio.read_dataframe(tmp_path / "r.gpkg", layer="fronts")
    assert back["unknown"].isna().all()
    assert back["mixed"].tolist()[0::2] == ["True", "False"] and pd.isna(back["mixed"][1])
    assert back["text"][0] == "a" and back["text"][1:].isna().all()
