"""Finding one's way: the cursor's position in degrees and in UTM (the zone of the place) in the
status bar; Ctrl+G goes to a claim code, "lat, lon", degrees-minutes-seconds or a UTM position."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from pyproj import Transformer  # noqa: E402
from PyQt5.QtCore import QEvent, QPoint, Qt  # noqa: E402
from PyQt5.QtGui import QMouseEvent  # noqa: E402
from PyQt5.QtWidgets import QApplication  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(180)

UTM_TEXT = re.compile(r"UTM (\d+)([NS]) ([\d\u2009 ]+) E ([\d\u2009 ]+) N")


def utm_of(lon: float, lat: float, epsg: int) -> tuple[float, float]:
    """Easting and northing computed here, from pyproj directly."""
    return Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True).transform(lon, lat)


def move_mouse(canvas, x: int, y: int) -> None:
    QApplication.sendEvent(canvas, QMouseEvent(QEvent.MouseMove, QPoint(x, y), Qt.NoButton, Qt.NoButton, Qt.NoModifier))


def centre_on(canvas, lon: float, lat: float) -> None:
    canvas.set_view(replace(canvas.view, cx=lon, cy=lat))


def test_the_status_bar_shows_degrees_and_utm_of_the_zone_under_the_cursor(make_window, gui):
    window = make_window("es")
    gui.open_bundled(window)
    canvas = window.canvas
    centre_on(canvas, -70.4456, -13.1523)  # Madre de Dios: UTM zone 19 south
    w, h = canvas.view.width, canvas.view.height
    assert w % 2 == 0 and h % 2 == 0  # the centre pixel's corner is the view's centre
    assert_status_bar(window, w, h, "13,1523° S 70,4456° O", "19", -70.4456, -13.1523, 32719)
    assert "\u2009" in window.coordinates.text()  # grouped as the window writes numbers
    # Further west, in Junín: zone 18 south, in English.
    window.set_language("en")
    centre_on(canvas, -75.25, -11.5)
    assert_status_bar(window, w, h, "11.5000° S 75.2500° W", "18", -75.25, -11.5, 32718)


def assert_status_bar(window, w, h, degrees, zone, lon, lat, epsg):
    """The mouse at the view's centre: the status bar starts with ``degrees`` and gives the UTM
    zone and the easting and northing pyproj gives here, to the metre."""
    move_mouse(window.canvas, w // 2, h // 2)
    text = window.coordinates.text()
    assert text.startswith(degrees), text
    found_zone, hemisphere, easting, northing = UTM_TEXT.search(text).groups()
    assert (found_zone, hemisphere) == (zone, "S")
    expected = utm_of(lon, lat, epsg)
    assert abs(int(re.sub(r"\D", "", easting)) - expected[0]) <= 1
    assert abs(int(re.sub(r"\D", "", northing)) - expected[1]) <= 1


def test_go_to_a_code_a_coordinate_or_utm_and_a_bad_entry_is_explained(make_window, gui, qtbot):
    window = make_window("es")
    gui.open_bundled(window)
    canvas = window.canvas
    claims = next(layer for layer in window.session.layers.vector_layers() if layer.name.startswith("input:concessions:"))
    row = 3
    code = str(claims.frame["code"].iloc[row])
    assert code.startswith("0") or code.isdigit()
    window.actions["goto"].trigger()  # Ctrl+G
    dialog = window.active_dialog
    assert dialog is not None and dialog.windowTitle() == "Ir a un código o una coordenada"
    # Nonsense: the reason in the dialog, which stays open to fix the entry.
    dialog.entry.setText("hola mundo")
    dialog.accept()
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "«hola mundo» no es el código de una concesión cargada ni una coordenada" in dialog.problem.text()
    # A claim code without its leading zeros: selected, its case open, the map on it.
    dialog.entry.setText(code.lstrip("0"))
    dialog.accept()
    assert not dialog.isVisible() and window.active_dialog is None
    assert list(claims.selected) == [row]
    assert window.details.layer is claims and window.details.row == row
    minx, miny, maxx, maxy = claims.frame.geometry.iloc[row].bounds
    assert abs(canvas.view.cx - (minx + maxx) / 2) < 1e-9 and abs(canvas.view.cy - (miny + maxy) / 2) < 1e-9
    # "lat, lon" in degrees with decimal commas.
    assert window.go_to("-12,6; -69,2") is None
    assert (canvas.view.cx, canvas.view.cy) == pytest.approx((-69.2, -12.6), abs=1e-12)
    assert canvas.view.scale <= 0.0002
    # Degrees, minutes and seconds, west as "O".
    assert window.go_to("13°09'08\"S 70°26'44\"O") is None
    assert (canvas.view.cx, canvas.view.cy) == pytest.approx((-(70 + 26 / 60 + 44 / 3600), -(13 + 9 / 60 + 8 / 3600)), abs=1e-12)
    # UTM: the point whose easting and northing pyproj gives here.
    easting, northing = utm_of(-69.75, -12.25, 32719)
    assert window.go_to(f"UTM 19S {easting:.2f} {northing:.2f}") is None
    assert (canvas.view.cx, canvas.view.cy) == pytest.approx((-69.75, -12.25), abs=1e-7)
    # What the status bar shows can be typed back.
    assert window.go_to("UTM 19S 345 210 E 8 549 870 N") is None
    back = Transformer.from_crs("EPSG:32719", "EPSG:4326", always_xy=True).transform(345210, 8549870)
    assert (canvas.view.cx, canvas.view.cy) == pytest.approx(back, abs=1e-7)
    # Out of range, and an unknown code: explained, the view left where it was.
    before = canvas.view
    assert "«-95, 10»" in window.go_to("-95, 10")
    assert window.go_to("UTM 19S 345210") is not None
    assert window.go_to("99999999999") is not None
    assert canvas.view == before


@pytest.mark.parametrize(("text", "expected"), [
    ("-13.1523, -70.4456", (-70.4456, -13.1523)),
    ("-13,1523, -70,4456", (-70.4456, -13.1523)),
    ("-13,1523;-70,4456", (-70.4456, -13.1523)),
    ("−13.5 −70.25", (-70.25, -13.5)),
    ("13°09'08\"S 70°26'44\"W", (-(70 + 26 / 60 + 44 / 3600), -(13 + 9 / 60 + 8 / 3600))),
    ("13,1523° S 70,4456° O", (-70.4456, -13.1523)),
    ("70°30' W 13°15' S", (-70.5, -13.25)),
])
def test_coordinates_are_read_in_the_usual_ways(text, expected):
    from concession_gis_ui.coordinates import parse_place

    place = parse_place(text)
    assert place is not None and place.code is None
    assert (place.lon, place.lat) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("text", ["", "  ", "-95, 10", "13° S", "UTM 19S 345210", "UTM 61S 345210 8549870", "13°S 70°W 5°N"])
def test_what_is_not_a_place_is_refused(text):
    from concession_gis_ui.coordinates import parse_place

    assert parse_place(text) is None
