"""Cases where the eye is: a double-click on a row opens its case; the map highlights the
selection even on a hidden layer, and an old highlight goes."""

from __future__ import annotations

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from PyQt5.QtCore import QItemSelectionModel, Qt  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(180)


def double_click(qtbot, view, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())


def highlighted(canvas, layer, feature) -> bool:
    """The newest selection image has paint at the feature's centre."""
    image, view, _ = canvas._images["selection"]
    minx, miny, maxx, maxy = layer.prepared.bounds[feature]
    px, py = view.to_pixels((minx + maxx) / 2, (miny + maxy) / 2)
    return any(image.pixelColor(int(px) + dx, int(py) + dy).alpha() > 0 for dx in range(-3, 4) for dy in range(-3, 4))


def test_double_click_on_a_row_opens_its_case_and_the_map_shows_it(make_window, gui, qtbot):
    window = make_window("es")
    gui.open_bundled(window)
    gui.run_and_wait(window)
    canvas, table = window.canvas, window.table
    claims = window.session.layers.get("concessions")
    registrations = window.session.layers.get("registrations")
    # A claim chosen first: its highlight must go when a registration is opened.
    table.show_layer(claims)
    table.view.selectionModel().select(table.model.index(0, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    assert len(claims.selected) == 1
    # The registrations' layer hidden: its case still shows on the map.
    registrations.set_visible(False)
    table.show_layer(registrations)
    window.docks["dashboard"].raise_()
    double_click(qtbot, table.view, 2)
    feature = table.model.feature(2)
    assert list(registrations.selected) == [feature]
    assert len(claims.selected) == 0  # the old highlight cleared
    details = window.details
    assert details.layer is registrations and details.row == feature
    assert details.isVisible()  # the details dock raised over the results
    reg_id = str(registrations.frame["reg_id"].iloc[feature])
    assert reg_id in details.title.text()
    qtbot.waitUntil(lambda: canvas._images.get("selection", (None, None, -1))[2] == canvas.renderer.latest("selection"))
    assert highlighted(canvas, registrations, feature)
    # A claim's case offers its case page.
    table.show_layer(claims)
    double_click(qtbot, table.view, 1)
    assert details.layer is claims and details.row == table.model.feature(1)
    assert details.export_case.isVisible() and details.export_case.text() == "Exportar mapa del caso…"
