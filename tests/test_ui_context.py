"""Context layers in the window: the bundled base map under everything, toggleable, and the
user's own shapefile and GeoTIFF added from File ▸ Add context layer…, reprojected, drawn and
kept in the project.

Truth from outside the drawing code: lon/lat positions from pyproj, pixel colours read back
from the painted image at places computed with the viewport's own arithmetic.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
from pyproj import Transformer
from rasterio.transform import from_origin
from shapely.geometry import LineString

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from concession_gis_ui.canvas.context import BasemapDrawing, RasterDrawing, VectorDrawing  # noqa: E402
from concession_gis_ui.canvas.painter import ContextSnapshot, render_map  # noqa: E402
from concession_gis_ui.canvas.viewport import Viewport  # noqa: E402
from concession_gis_ui.context_layers import BASEMAP, ContextLayer, context_name  # noqa: E402
from PyQt5.QtWidgets import QLabel  # noqa: E402

from concession_gis import basemap  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(120)

PUERTO_MALDONADO = (-69.19, -12.60)
UTM19S = "EPSG:32719"
TO_LONLAT = Transformer.from_crs(UTM19S, 4326, always_xy=True)


def paint(drawing, view: Viewport):
    return render_map(view, [ContextSnapshot(drawing, 1.0)], lambda: None)


def at(image, view: Viewport, lon: float, lat: float):
    px, py = view.to_pixels(lon, lat)
    return image.pixelColor(int(px), int(py))


@pytest.fixture
def river_shapefile(tmp_path) -> Path:
    """A straight 'river' in UTM 19S, 20 km east-west near Puerto Maldonado."""
    path = tmp_path / "rios_locales.shp"
    line = LineString([(470_000, 8_606_000), (490_000, 8_606_000)])
    gpd.GeoDataFrame({"nombre": ["Rio Prueba"]}, geometry=[line], crs=UTM19S).to_file(path)
    return path


@pytest.fixture
def bright_geotiff(tmp_path) -> Path:
    """A 10 km GeoTIFF in UTM 19S: the west half dark (0), the east half bright (200)."""
    path = tmp_path / "ortofoto.tif"
    data = np.zeros((100, 100), dtype=np.uint8)
    data[:, 50:] = 200
    with rasterio.open(path, "w", driver="GTiff", width=100, height=100, count=1, dtype="uint8",
                       crs=UTM19S, transform=from_origin(470_000, 8_615_000, 100, 100)) as ds:
        ds.write(data, 1)
    return path


def test_the_base_map_paints_rivers_towns_and_names_around_a_town(qapp):  # fonts need the application
    drawing = BasemapDrawing()
    view = Viewport(cx=PUERTO_MALDONADO[0], cy=PUERTO_MALDONADO[1], scale=0.003, width=600, height=400,
                    aspect=0.976)
    image = paint(drawing, view)
    assert drawing.drawn["rivers"] > 0 and drawing.drawn["towns"] >= 1
    town = at(image, view, -69.1833, -12.6)  # Puerto Maldonado's dot, Natural Earth's position
    assert town.alpha() > 200 and town.red() < 120
    far = Viewport(cx=-75.0, cy=-10.0, scale=0.03, width=600, height=400)
    paint(drawing, far)
    assert drawing.drawn["departments"] > 5, "zoomed out, the departments are named"
    assert drawing.drawn["department_borders"] > 0, "and their borders drawn"
    paint(drawing, view)
    assert "department_borders" not in drawing.drawn, "not at a claim's scale: they are a few km off"
    assert "district_borders" not in drawing.drawn, "nor, 600 pixels of 0.003 degree, the district borders"


def test_peru_province_and_district_borders_show_as_one_zooms_in(qapp):
    drawing = BasemapDrawing()
    country = Viewport(cx=-75.0, cy=-10.0, scale=0.02, width=800, height=600)
    paint(drawing, country)
    assert "province_borders" not in drawing.drawn and "district_borders" not in drawing.drawn
    region = Viewport(cx=-70.3, cy=-12.8, scale=0.003, width=800, height=600, aspect=0.976)  # ~260 km
    paint(drawing, region)
    assert drawing.drawn["province_borders"] > 0 and "district_borders" not in drawing.drawn
    # ~50 km around Inambari and Laberinto (districts of Tambopata): district borders too.
    near = Viewport(cx=-70.0, cy=-12.85, scale=0.0006, width=800, height=600, aspect=0.976)
    paint(drawing, near)
    assert drawing.drawn["district_borders"] > 0 and "province_borders" in drawing.drawn


def test_zoomed_in_peru_department_borders_are_inei_s(qapp):
    """Where Natural Earth's department lines give way (a few km off), INEI's are drawn: on the
    border of Madre de Dios and Puno (Tambopata / Carabaya), about 50 km across."""
    drawing = BasemapDrawing()
    border = basemap.layer("province_borders").set_index("codes").loc["1701 / 2103"].geometry
    point = border.interpolate(0.5, normalized=True)
    view = Viewport(cx=point.x, cy=point.y, scale=0.0006, width=800, height=600, aspect=0.976)
    image = paint(drawing, view)
    assert "department_borders" not in drawing.drawn and drawing.drawn[basemap.INEI_DEPARTMENT_BORDERS] > 0
    on_line = shapely.get_coordinates(shapely.segmentize(shapely.clip_by_rect(border, *view.extent()), 0.0003))
    px, py = view.to_pixels(on_line[:, 0], on_line[:, 1])
    inked = [max(image.pixelColor(int(x) + dx, int(y) + dy).alpha() for dx in (-1, 0, 1) for dy in (-1, 0, 1)) > 0
             for x, y in zip(px, py, strict=True) if 1 <= x < view.width - 1 and 1 <= y < view.height - 1]
    assert len(inked) > 50 and np.mean(inked) > 0.5, "the dashed line is on the map where the border runs"


def test_a_user_shapefile_is_reprojected_and_drawn(river_shapefile):
    drawing = VectorDrawing(str(river_shapefile))
    west, south = TO_LONLAT.transform(470_000, 8_606_000)
    east, _ = TO_LONLAT.transform(490_000, 8_606_000)
    assert drawing.bounds[0] == pytest.approx(west, abs=1e-6) and drawing.bounds[2] == pytest.approx(east, abs=1e-6)
    view = Viewport(cx=(west + east) / 2, cy=south, scale=0.0002, width=600, height=300, aspect=0.976)
    image = paint(drawing, view)
    mid_lon, mid_lat = TO_LONLAT.transform(480_000, 8_606_000)
    colour = at(image, view, mid_lon, mid_lat)
    assert colour.alpha() > 100 and max(colour.red(), colour.green(), colour.blue()) < 90  # near-black, as printed


def test_a_user_geotiff_is_reprojected_and_drawn_at_screen_resolution(bright_geotiff):
    drawing = RasterDrawing(str(bright_geotiff))
    lon0, lat0 = TO_LONLAT.transform(470_000, 8_605_000)
    lon1, lat1 = TO_LONLAT.transform(480_000, 8_615_000)
    view = Viewport(cx=(lon0 + lon1) / 2, cy=(lat0 + lat1) / 2, scale=0.0003, width=500, height=500, aspect=0.976)
    image = paint(drawing, view)
    dark = at(image, view, *TO_LONLAT.transform(472_000, 8_610_000))
    bright = at(image, view, *TO_LONLAT.transform(478_000, 8_610_000))
    assert dark.alpha() == bright.alpha() == 255
    assert dark.red() < 40 and bright.red() > 200
    outside = at(image, view, *TO_LONLAT.transform(469_000, 8_610_000))
    assert outside.alpha() == 0


def test_the_window_starts_with_the_base_map_under_everything(make_window, gui):
    window = make_window("en")
    base = window.session.layers.get(BASEMAP)
    assert isinstance(base, ContextLayer) and base.visible
    assert window.central.currentWidget() is window.start_area, "the base map alone is no reason to leave the start page"
    gui.open_bundled(window)
    layers = list(window.session.layers)
    assert layers[-1] is base and len(layers) > 1
    assert window.central.currentWidget() is window.canvas
    assert base in window.session.layers.drawing_order()
    tree = window.layer_panel.tree
    titles = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert titles[-1] == "Base map (Natural Earth, INEI)"
    tree.topLevelItem(len(titles) - 1).setCheckState(0, 0)  # the user unticks it
    assert not base.visible and base not in window.session.layers.drawing_order()


def test_add_layer_puts_a_shapefile_and_a_geotiff_over_the_base_map_and_a_project_keeps_them(
        make_window, gui, qtbot, river_shapefile, bright_geotiff, tmp_path):
    window = make_window("es")
    gui.open_bundled(window)
    window.controller.add_context_layer(str(river_shapefile))
    window.controller.add_context_layer(str(bright_geotiff))
    names = [context_name(str(river_shapefile)), context_name(str(bright_geotiff))]
    qtbot.waitUntil(lambda: all(window.session.layers.get(n) for n in names), timeout=20_000)
    layers = list(window.session.layers)
    assert layers[-1].name == BASEMAP
    assert {layer.name for layer in layers[-3:-1]} == set(names), "context goes under the analysis, over the base map"
    assert any("rios_locales.shp" in text for text in window.messages.texts())
    gui.run_and_wait(window)  # the results replace the previews, never the context
    layers = list(window.session.layers)
    assert layers[-1].name == BASEMAP and {layer.name for layer in layers[-3:-1]} == set(names)
    assert window.session.layers.get("concessions") is not None
    window.session.layers.get(BASEMAP).set_visible(False)
    window.session.layers.get(names[1]).set_opacity(0.4)
    gui.wait_idle(window)

    project = tmp_path / "trabajo" / "caso.cgis.json"
    project.parent.mkdir()
    window.save_project(str(project))
    stored = json.loads(project.read_text(encoding="utf-8"))
    assert len(stored["context"]) == 2 and not any(Path(p).is_absolute() for p in stored["context"])

    reopened = make_window("es", paths=[str(project)])
    qtbot.waitUntil(lambda: all(reopened.session.layers.get(n) for n in names), timeout=20_000)
    assert not reopened.session.layers.get(BASEMAP).visible
    assert reopened.session.layers.get(names[1]).opacity == pytest.approx(0.4)
    assert list(reopened.session.layers)[-1].name == BASEMAP


def test_a_file_that_is_no_layer_is_refused_in_words(make_window, qtbot, tmp_path):
    window = make_window("es")
    broken = tmp_path / "roto.shp"
    broken.write_bytes(b"not a shapefile")
    window.controller.add_context_layer(str(broken))
    qtbot.waitUntil(lambda: any("roto.shp" in text for text in window.messages.texts()), timeout=10_000)
    text = next(t for t in window.messages.texts() if "roto.shp" in t)
    assert "No se pudo añadir la capa de contexto" in text and "Traceback" not in text
    assert window.session.layers.get(context_name(str(broken))) is None


def test_a_printed_case_map_carries_the_users_visible_vector_layers(make_window, gui, qtbot, bright_geotiff, tmp_path):
    """What the window shows, the print shows: the user's shapefile goes to the case map (legend
    and sources line), a GeoTIFF of theirs and a hidden layer do not."""
    track = tmp_path / "trocha_karene.shp"  # across the demo's claim 010000198
    gpd.GeoDataFrame(geometry=[LineString([(-70.47, -13.19), (-70.42, -13.15)])], crs=4326).to_file(track)
    window = make_window("es")
    gui.open_bundled(window)
    gui.run_and_wait(window)
    for path in (track, bright_geotiff):
        window.controller.add_context_layer(str(path))
    names = [context_name(str(track)), context_name(str(bright_geotiff))]
    qtbot.waitUntil(lambda: all(window.session.layers.get(n) for n in names), timeout=20_000)
    assert window.controller.printed_context() == [str(track)]
    window.export_dialog()  # says which of the user's layers the prints carry
    note = window.active_dialog.findChild(QLabel, "contextNote")
    assert note.text() == "El mapa y el atlas dibujan también sus capas de contexto visibles: trocha_karene.shp."
    window.active_dialog.reject()
    out = tmp_path / "caso.svg"
    with qtbot.waitSignal(window.controller.export_done, timeout=60_000):
        window.controller.export_map(str(out), "010000198", None)
    svg = out.read_text(encoding="utf-8")
    assert "Capas del usuario: trocha_karene" in svg and "trocha_karene.shp" in svg
    window.session.layers.get(names[0]).set_visible(False)
    assert window.controller.printed_context() == []
