"""What the render thread paints: fills, holes, overlaps, tiny claims as dots, points, rasters at
screen resolution (with max-reduced pyramids), deep zooms, and superseded frames never shown."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from concession_gis_ui.canvas import raster as raster_module  # noqa: E402
from concession_gis_ui.canvas.painter import (  # noqa: E402
    RasterSnapshot,
    VectorSnapshot,
    render_map,
)
from concession_gis_ui.canvas.raster import RasterSource  # noqa: E402
from concession_gis_ui.canvas.viewport import Viewport  # noqa: E402
from concession_gis_ui.prepared import prepare  # noqa: E402
from concession_gis_ui.styles import Classes  # noqa: E402

RED, BLUE = (220, 30, 30, 255), (30, 30, 220, 255)


def classes(codes, colors=(RED, BLUE)):
    return Classes(np.asarray(codes, dtype=np.int16), ("a", "b"), ("a", "b"), (*colors, (0, 0, 0, 255)))


def snapshot(geoms, kind, codes):
    return VectorSnapshot(prepare(np.asarray(geoms, dtype=object), kind), classes(codes), 1.0, np.zeros(0, np.int64))


def pixel(image, view, x, y):
    px, py = view.to_pixels(x, y)
    return image.pixelColor(int(px), int(py))


def never():
    return None


@pytest.fixture(autouse=True)
def _app(qapp):
    return qapp


def test_polygons_are_filled_by_class_with_holes_left_empty():
    donut = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(4, 4), (4, 6), (6, 6), (6, 4)]])
    other = shapely.box(20, 0, 30, 10)
    view = Viewport(cx=15, cy=5, scale=0.05, width=800, height=300)
    image = render_map(view, [snapshot([donut, other], "polygon", [0, 1])], never)
    inside, hole, right = pixel(image, view, 2, 2), pixel(image, view, 5, 5), pixel(image, view, 25, 5)
    assert inside.red() > 150 and inside.blue() < 100
    assert hole.alpha() == 0
    assert right.blue() > 150 and right.red() < 100
    assert pixel(image, view, 15, 5).alpha() == 0


def test_overlapping_claims_of_one_class_stay_filled():
    view = Viewport(cx=5, cy=5, scale=0.05, width=400, height=400)
    image = render_map(view, [snapshot([shapely.box(0, 0, 6, 6), shapely.box(4, 4, 10, 10)], "polygon", [0, 0])], never)
    assert pixel(image, view, 5, 5).alpha() > 0  # in both: winding fill, not even-odd


def test_claims_smaller_than_a_pixel_are_drawn_as_dots():
    tiny = [shapely.box(x, 0, x + 0.001, 0.001) for x in np.arange(0, 10, 1.0)]
    view = Viewport(cx=5, cy=0, scale=0.05, width=400, height=100)
    image = render_map(view, [snapshot(tiny, "polygon", [0] * len(tiny))], never)
    hits = [pixel(image, view, x + 0.0005, 0.0005).alpha() for x in np.arange(0, 10, 1.0)]
    assert min(hits) > 0


def test_points_are_drawn_with_their_class_colour():
    view = Viewport(cx=0, cy=0, scale=0.01, width=200, height=200)
    image = render_map(view, [snapshot(shapely.points([(0, 0), (0.5, 0.5)]), "point", [0, 1])], never)
    assert pixel(image, view, 0, 0).red() > 150
    assert pixel(image, view, 0.5, 0.5).blue() > 150


def test_deep_zoom_into_a_huge_polygon_still_fills_the_view():
    park = shapely.Polygon([(-72, -14), (-69, -14), (-69, -11), (-72, -11)])
    view = Viewport(cx=-70.5, cy=-12.5, scale=1e-7, width=300, height=200)  # about 1 cm per pixel
    image = render_map(view, [snapshot([park], "polygon", [0])], never)
    assert pixel(image, view, -70.5, -12.5).alpha() > 0
    assert image.pixelColor(5, 5).alpha() > 0


@pytest.fixture
def loss_raster(tmp_path):
    """400 × 300 pixels of 0.001°, lossyear: one block of 2010 loss and a lone pixel of 2024."""
    data = np.zeros((300, 400), dtype=np.uint8)
    data[100:150, 100:200] = 10
    data[250, 350] = 24
    path = tmp_path / "lossyear.tif"
    with rasterio.open(path, "w", driver="GTiff", width=400, height=300, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=from_origin(-70.0, -12.0, 0.001, 0.001)) as dst:
        dst.write(data, 1)
    return path


def test_raster_is_read_at_screen_resolution_and_coloured(loss_raster):
    source = RasterSource(loss_raster)
    view = Viewport(width=200, height=150).fitted(source.bounds, margin=0)
    rgba, (left, top, width, height) = source.read(view)
    assert rgba.shape[0] <= 151 and rgba.shape[1] <= 201  # decimated: never more pixels than the screen
    image = render_map(view, [RasterSnapshot(source, 1.0)], never)
    assert pixel(image, view, -70.0 + 0.150, -12.0 - 0.125).alpha() == 255
    assert pixel(image, view, -70.0 + 0.020, -12.0 - 0.020).alpha() == 0


def test_pyramid_keeps_the_latest_loss_of_each_block(loss_raster, tmp_path, monkeypatch):
    monkeypatch.setattr(raster_module, "DIRECT_READ_PIXELS", 1_000)
    monkeypatch.setattr(raster_module, "PYRAMID_MAX_PIXELS", 10_000)
    monkeypatch.setattr(raster_module, "PYRAMID_MIN_SIDE", 8)
    cache = tmp_path / "cache"
    source = RasterSource(loss_raster)
    source.build_pyramid(cache)
    factor, level = source.pyramid[0]
    assert factor == 4 and level.shape == (75, 100)
    assert level[250 // factor, 350 // factor] == 124  # the lone 2024 pixel (code: years since 1900) survives
    assert [f for f, _ in source.pyramid][:3] == [4, 8, 16]
    # Far out, the frame comes from the pyramid and still shows the lone pixel.
    view = Viewport(width=50, height=38).fitted(source.bounds, margin=0)
    rgba, _ = source.read(view)
    assert (rgba[..., 3] > 0).sum() >= 2
    again = RasterSource(loss_raster)
    again.build_pyramid(cache)  # from the cache file: same levels
    assert [f for f, _ in again.pyramid] == [f for f, _ in source.pyramid]
    assert np.array_equal(again.pyramid[0][1], level)


def test_a_newer_request_supersedes_an_older_one(qtbot):
    from concession_gis_ui.canvas.renderer import Renderer

    renderer = Renderer()
    seen = []
    renderer.rendered.connect(lambda request, kind, image, view, seconds: seen.append(request))
    boxes = [shapely.box(x, y, x + 0.5, y + 0.5) for x in range(100) for y in range(100)]
    layer = snapshot(boxes, "polygon", [0] * len(boxes))
    view = Viewport(cx=50, cy=50, scale=0.2, width=600, height=600)
    first = renderer.request("map", view, [layer] * 20)
    last = renderer.request("map", view.zoomed(2.0), [layer])
    qtbot.waitUntil(lambda: last in seen, timeout=10_000)
    renderer.stop()
    assert first not in seen


def test_box_zoom_wheel_and_drag_move_the_view(qtbot):
    from concession_gis_ui.canvas.widget import MapCanvas
    from concession_gis_ui.layers import LayerList, VectorLayer
    from PyQt5.QtCore import QPoint, Qt

    layers = LayerList()
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"legal_state": ["titled"]}, geometry=[shapely.box(0, 0, 10, 10)], crs=4326)
    layers.add(VectorLayer("concessions", "c", "polygon", frame=frame, prepared=prepare(frame.geometry.values, "polygon"),
                           style_column="legal_state"))
    canvas = MapCanvas(layers)
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    canvas.zoom_full()
    qtbot.waitUntil(canvas.is_idle, timeout=5_000)
    # Shift-drag a box: the view becomes that box.
    centre = canvas.view.to_world(150, 140)
    qtbot.mousePress(canvas, Qt.LeftButton, Qt.ShiftModifier, QPoint(100, 100))
    qtbot.mouseMove(canvas, QPoint(200, 180))
    qtbot.mouseRelease(canvas, Qt.LeftButton, Qt.ShiftModifier, QPoint(200, 180))
    assert canvas.view.scale < 0.05
    assert (canvas.view.cx, canvas.view.cy) == pytest.approx(centre)
    # A drag pans by exactly the distance dragged.
    before = canvas.view.to_world(50, 50)
    qtbot.mousePress(canvas, Qt.LeftButton, Qt.NoModifier, QPoint(50, 50))
    qtbot.mouseMove(canvas, QPoint(90, 70))
    qtbot.mouseRelease(canvas, Qt.LeftButton, Qt.NoModifier, QPoint(90, 70))
    assert canvas.view.to_world(90, 70) == pytest.approx(before)
    # Zoom to the layer shows it whole; the scale bar and 1:N follow the view.
    canvas.zoom_to_layer(layers.get("concessions"))
    minx, miny, maxx, maxy = canvas.view.extent()
    assert minx <= 0 and miny <= 0 and maxx >= 10 and maxy >= 10
    assert canvas.view.scale_denominator() > 1e6
    qtbot.waitUntil(canvas.is_idle, timeout=5_000)
