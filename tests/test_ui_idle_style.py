"""The idle style says only true things: idle, titled and not idle, not known, not titled."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

# (legal_state, idle) and the class a reader must see.
CLAIMS = [
    ("titled", True, "Ociosa"),
    ("titled", True, "Ociosa"),
    ("titled", False, "Titulada, no ociosa"),
    ("titled", None, "Sin saber si está ociosa"),
    ("unknown", None, "Sin saber si está ociosa"),
    ("extinct", False, "No titulada (en trámite, extinguida u otra)"),
    ("pending", False, "No titulada (en trámite, extinguida u otra)"),
    ("other", False, "No titulada (en trámite, extinguida u otra)"),  # quarries and the rest
]


def claims() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": [f"C{i}" for i in range(len(CLAIMS))], "legal_state": [c[0] for c in CLAIMS],
         "idle": [c[1] for c in CLAIMS]},
        geometry=[box(i, 0, i + 0.5, 0.5) for i in range(len(CLAIMS))], crs="EPSG:4326")


def test_the_idle_style_classes_and_their_counts_in_the_legend(qapp):
    from concession_gis_ui.i18n import LANGUAGE
    from concession_gis_ui.layers import VectorLayer
    from concession_gis_ui.panels.layer_panel import legend_entries
    from concession_gis_ui.prepared import prepare

    LANGUAGE.set("es")
    frame = claims()
    layer = VectorLayer("concessions", "concessions", "polygon", frame=frame,
                        prepared=prepare(frame.geometry.to_numpy(), "polygon"),
                        style_column="idle")
    labels = layer.classes.labels
    assert [labels[code] for code in layer.classes.codes] == [c[2] for c in CLAIMS]
    legend = [text for _, text in legend_entries(layer)]
    assert legend == ["Ociosa  (2)", "Titulada, no ociosa  (1)", "Sin saber si está ociosa  (2)",
                      "No titulada (en trámite, extinguida u otra)  (3)"]
    assert not any("actividad" in text for text in legend)
    # Not titled is never drawn in the green of "pending" (nor idle's red).
    colors = dict(zip(layer.classes.values, layer.classes.colors, strict=False))
    from concession_gis_ui.styles import PALETTES
    assert colors["not_titled"] != PALETTES["legal_state"]["pending"]
    assert len(set(colors.values())) == 4
    LANGUAGE.set("en")
    layer.set_style("idle")
    assert layer.classes.labels == ("Idle", "Titled, not idle", "Not known whether idle",
                                    "Not titled (pending, extinct or other)")
    LANGUAGE.set("es")
