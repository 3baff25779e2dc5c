"""The new result columns of issue 16 in the window: each registration's legal status (words,
a colour per status, a filter), in_allowed_zone and restricted_category in the filters, and
the allowed zones (--allowed-zones) as a layer with its legend, kept beside the results."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(180)

WORDS = {"illegal": "Ilegal", "suspended": "Suspendido", "formalizable": "Formalizable", "informal": "Informal",
         "unknown": "Desconocido"}


def test_legal_status_and_allowed_zones_in_the_window(make_window, gui, qtbot, tmp_path):
    window = make_window("es")
    gui.open_bundled(window)
    claims = next(layer for layer in window.session.layers if layer.name.startswith("input:concessions:"))
    minx, miny, maxx, maxy = claims.prepared.total_bounds()
    zone = tmp_path / "corredor.gpkg"  # the western half of the demo's claims is an allowed zone
    gpd.GeoDataFrame({"ZONA_MINERA": ["Corredor"]}, geometry=[box(minx, miny, (minx + maxx) / 2, maxy)],
                     crs="EPSG:4326").to_file(zone)
    window.controller.add_input("allowed_zones", str(zone))
    name = f"input:allowed_zones:{zone}"
    qtbot.waitUntil(lambda: window.session.layers.get(name) is not None, timeout=30_000)
    gui.run_and_wait(window)
    # The results hold the zones: their layer replaces the input's preview, named in the legend.
    assert window.session.layers.get(name) is None
    assert len(window.session.layers.get("allowed_zones").frame) == 1
    tree = window.layer_panel.tree
    qtbot.waitUntil(lambda: any(tree.topLevelItem(i).text(0) == "Zonas mineras permitidas"
                                for i in range(tree.topLevelItemCount())))
    # Registrations styled by legal status: a colour per status, each named in words.
    registrations = window.session.layers.get("registrations")
    frame = registrations.frame
    assert "legal_status" in registrations.style_columns
    registrations.set_style("legal_status")
    classes = registrations.classes
    assert classes.labels == tuple(WORDS.values())
    assert len(set(classes.colors[:-1])) == len(WORDS)
    found = frame["legal_status"].value_counts().to_dict()
    assert found.get("illegal", 0) > 0  # outside the corridor, in its department
    for code, status in enumerate(classes.values):
        assert int((classes.codes == code).sum()) == found.get(status, 0), status
    # The table filters by legal status and by being in an allowed zone, in words.
    table = window.table
    table.show_layer(registrations)
    offered = [table.filter_column.itemData(i) for i in range(table.filter_column.count())]
    assert {"legal_status", "in_allowed_zone"} <= set(offered)
    table.filter_column.setCurrentIndex(offered.index("legal_status"))
    table.filter_column.activated.emit(offered.index("legal_status"))  # as a user's choice does
    labels = {table.filter_value.itemData(i): table.filter_value.itemText(i) for i in range(table.filter_value.count())}
    assert labels["illegal"] == "Ilegal"
    table.filter_value.setCurrentIndex(table.filter_value.findData("illegal"))
    table.apply_filter()
    assert table.model.rowCount() == found["illegal"]
    table.filter_column.setCurrentIndex(offered.index("in_allowed_zone"))
    table.filter_column.activated.emit(offered.index("in_allowed_zone"))
    zone_labels = {table.filter_value.itemText(i) for i in range(table.filter_value.count())}
    assert zone_labels <= {"sí", "no"} and zone_labels
    headings = {table.model.headerData(j, 1) for j in range(table.model.columnCount())}
    assert {"Situación legal del minero", "En zona minera permitida"} <= headings
