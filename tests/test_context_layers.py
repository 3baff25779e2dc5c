"""The user's own layers on prints (``--context``; issues 18 and 19: the roads the bundled base
map cannot carry): drawn where pyproj puts them, polygons as outlines, points as squares, named
in the legend and the sources line as the user's; a file without a usable CRS, a missing file
and a layer far from the results are said in words.

Truth from outside the drawing code: the roads' vertices moved by a pyproj Transformer of their
own, the expected texts written by hand.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
from matplotlib.path import Path
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon

from concession_gis.cli import main
from concession_gis.errors import ContextOutsideWarning, InputError, collecting_warnings
from concession_gis.export import context_layers
from concession_gis.export.case_page import render_case
from concession_gis.export.context_layers import read_context, with_context
from concession_gis.export.results import read_results, write_results

UTM19S = "EPSG:32719"
CASE = "010000198"  # the demo's claim around 70.444° W, 13.171° S
# A track across the case's claim, as the MTC's network would give it: UTM 19S, with its .prj.
ROAD_LONLAT = [(-70.47, -13.19), (-70.445, -13.172), (-70.42, -13.15)]


@pytest.fixture(scope="module")
def gpkg(demo_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    write_results(demo_results, out)
    return out / "results.gpkg"


@pytest.fixture
def roads(tmp_path):
    to_utm = Transformer.from_crs(4326, UTM19S, always_xy=True)
    line = LineString([to_utm.transform(lon, lat) for lon, lat in ROAD_LONLAT])
    path = tmp_path / "RedVial_Vecinal.shp"
    gpd.GeoDataFrame({"CODRUTA": ["R17"], "SUPERFICIE": ["AFIRMADO"]}, geometry=[line], crs=UTM19S).to_file(path)
    return path


def context_lines(sheet) -> list[np.ndarray]:
    """The parts of the user's lines as drawn: one compound path, each part from a MOVETO."""
    paths = [path for ax in sheet.figure.axes for c in ax.collections if c.get_zorder() == context_layers.Z_CONTEXT
             for path in c.get_paths()]
    return [xy for path in paths for xy in np.split(path.vertices, np.flatnonzero(path.codes == Path.MOVETO)[1:])]


def test_a_case_page_draws_the_users_road_where_pyproj_puts_it(gpkg, roads):
    results = with_context(read_results(gpkg, for_prints=True), [str(roads)])
    sheet = render_case(results, CASE, lang="es", dpi=50)
    frame = sheet.frame
    assert frame.context == {"RedVial_Vecinal.shp": 1}
    (segment,) = context_lines(sheet)
    # The middle vertex, well inside the map, moved by a Transformer of the test's own.
    expected = Transformer.from_crs(4326, frame.crs, always_xy=True).transform(*ROAD_LONLAT[1])
    assert np.min(np.hypot(*(segment - expected).T)) < 0.01  # metres
    # Every drawn vertex within the map's frame (the line is cut at its edges).
    assert (segment[:, 0] >= frame.extent.xmin - 1e-6).all() and (segment[:, 0] <= frame.extent.xmax + 1e-6).all()
    row = next(entry for entry in frame.legend if entry.layer == "context")
    assert (row.key, row.label) == ("lines", "Capas del usuario: RedVial_Vecinal")


def test_polygons_are_outlined_and_points_drawn_as_squares(tmp_path):
    community = Polygon([(-70.45, -13.18), (-70.44, -13.18), (-70.44, -13.17), (-70.45, -13.17)])
    gpd.GeoDataFrame(geometry=[community], crs=4326).to_file(tmp_path / "comunidad.gpkg")
    gpd.GeoDataFrame(geometry=[Point(-70.444, -13.171)], crs=4326).to_file(tmp_path / "poblados.geojson")
    outline, towns = read_context([str(tmp_path / "comunidad.gpkg"), str(tmp_path / "poblados.geojson")])
    assert (outline.name, outline.source, outline.kinds) == ("comunidad", "comunidad.gpkg", "lines")
    assert outline.frame.geometry.iloc[0].geom_type == "LineString"  # the ring, no fill
    assert (towns.kinds, context_layers.DOT_MARKER) == ("points", "s")


def test_the_sources_line_and_legend_of_a_printed_map_name_the_users_file(gpkg, roads, tmp_path, capsys):
    out = tmp_path / "caso.svg"  # SVG keeps its words as <text>
    assert main(["map", str(gpkg), "--case", CASE, "--out", str(out), "--context", str(roads), "--lang", "es"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "Capas del usuario: RedVial_Vecinal" in svg
    assert "Capas de contexto del usuario:" in svg and "RedVial_Vecinal.shp" in svg
    assert capsys.readouterr().err == ""


def test_a_utm_geojson_without_its_crs_is_refused_by_name(gpkg, roads, tmp_path, capsys):
    """GeoJSON is degrees by definition: GDAL calls EPSG:4326 a file another program wrote in
    UTM; drawn, it would land nowhere, silently."""
    collection = json.loads(gpd.read_file(roads).to_json(drop_id=True))
    collection.pop("crs", None)
    bad = tmp_path / "vias_utm.geojson"
    bad.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(InputError):
        read_context([str(bad)])
    assert main(["atlas", str(gpkg), "--out", str(tmp_path / "a.pdf"), "--context", str(bad), "--lang", "es",
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "no son grados" in err and "Traceback" not in err
    assert not (tmp_path / "a.pdf").exists()


def test_a_missing_context_file_exits_2_naming_it(gpkg, tmp_path, capsys):
    missing = tmp_path / "red_vial.shp"
    assert main(["dossier", str(gpkg), "--case", CASE, "--out", str(tmp_path / "d.pdf"), "--context", str(missing),
                 "--lang", "es"]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "capa de contexto" in err


def test_a_layer_far_from_the_results_is_warned_of(gpkg, tmp_path, capsys):
    cusco = tmp_path / "vias_cusco.gpkg"
    gpd.GeoDataFrame(geometry=[LineString([(-72.0, -13.5), (-71.9, -13.6)])], crs=4326).to_file(cusco)
    with collecting_warnings() as said:
        with_context(read_results(gpkg, for_prints=True), [str(cusco)])
    assert [type(w) for w in said] == [ContextOutsideWarning]
    assert main(["map", str(gpkg), "--out", str(tmp_path / "m.png"), "--dpi", "50", "--context", str(cusco),
                 "--lang", "es"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "aviso" in err and "vias_cusco.gpkg" in err and "otra región" in err


def test_a_google_earth_kml_gives_every_folder_unless_one_is_named(tmp_path):
    """Field staff draw tracks and camps in Google Earth: a KML of two folders is drawn whole,
    where an analysis input would have to name its layer."""
    import pyogrio

    kml = tmp_path / "recorrido.kml"
    track = gpd.GeoDataFrame({"Name": ["Trocha"]}, geometry=[LineString(ROAD_LONLAT)], crs=4326)
    camp = gpd.GeoDataFrame({"Name": ["Campamento"]}, geometry=[Point(-70.44, -13.17)], crs=4326)
    pyogrio.write_dataframe(track, kml, layer="Caminos", driver="KML")
    pyogrio.write_dataframe(camp, kml, layer="Campamentos", driver="KML", append=True)
    (whole,) = read_context([str(kml)])
    assert (whole.name, whole.kinds, len(whole.frame)) == ("recorrido", "lines+points", 2)
    (tracks,) = read_context([f"{kml}:Caminos"])
    assert (tracks.kinds, len(tracks.frame)) == ("lines", 1)
