"""Readable at any scale (issue 19): above the `[maps]` density rule the canvas counts the
registrations in hexagons, as the printed regional map does, with every candidate and every miner
in a prohibited area still its own symbol on top; zoomed in, every registration is its symbol,
in the print's shape. The legend says what a hexagon means while the canvas draws them.

The registrations are built here: 20,000 random points in a one-degree box, 30 of them candidates
and 20 in prohibited areas. 20,000 points over an 800 × 600 canvas (about 340 cm² at 96 dpi) are
some 60 per cm², far above the rule's 4; a box a twentieth as wide holds about 50 of them.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

N, N_CANDIDATES, N_RESTRICTED = 20_000, 30, 20
HEXAGON_ALPHA_RANGE = (175, 205)  # a hexagon's fill over nothing: 190 of 255


def registrations() -> gpd.GeoDataFrame:
    rng = np.random.default_rng(19)
    x, y = rng.uniform(-70.5, -69.5, N), rng.uniform(-13.0, -12.0, N)
    types = rng.choice(np.array(["third_party", "no_concession", "speculation"], dtype=object), N)
    types[:N_CANDIDATES] = "coexistence_candidate"
    types[N_CANDIDATES:N_CANDIDATES + N_RESTRICTED] = "restricted_area"
    return gpd.GeoDataFrame({"reg_id": [f"R{i}" for i in range(N)], "conflict_type": types},
                            geometry=gpd.points_from_xy(x, y), crs=4326)


@pytest.fixture
def canvas(qtbot):
    from concession_gis_ui.canvas.widget import MapCanvas
    from concession_gis_ui.i18n import LANGUAGE
    from concession_gis_ui.layers import VectorLayer
    from concession_gis_ui.panels.layer_panel import LayerPanel
    from concession_gis_ui.prepared import prepare
    from concession_gis_ui.session import Session

    LANGUAGE.set("es")
    session = Session()
    widget = MapCanvas(session.layers)
    panel = LayerPanel(session)
    widget.aggregated.connect(lambda names: panel.set_aggregated(names, widget.density))
    qtbot.addWidget(widget)
    qtbot.addWidget(panel)
    widget.resize(800, 600)
    widget.show()
    frame = registrations()
    layer = VectorLayer("registrations", "registrations", "point", frame=frame,
                        prepared=prepare(frame.geometry.to_numpy(), "point"), style_column="conflict_type")
    session.layers.add(layer)
    widget.panel = panel
    widget.frame = frame
    yield widget
    widget.renderer.stop()


def shown(qtbot, canvas, bounds):
    canvas.zoom_to_bounds(bounds, margin=0)
    qtbot.waitUntil(canvas.is_idle, timeout=10_000)
    image, view, _ = canvas._images["map"]
    pixels = np.frombuffer(image.constBits().asstring(image.byteCount()), np.uint8).reshape(image.height(), image.width(), 4)
    return pixels, view  # B, G, R, A (premultiplied)


def colour_at(pixels, view, x, y):
    px, py = view.to_pixels(x, y)
    b, g, r, a = pixels[int(py), int(px)]
    return int(r), int(g), int(b), int(a)


def legend_texts(panel) -> list[str]:
    item = panel.tree.topLevelItem(0)
    return [item.child(i).text(0) for i in range(item.childCount())]


def test_dense_registrations_are_counted_in_hexagons_with_candidates_on_top(qtbot, canvas):
    from concession_gis_ui.styles import PALETTES

    pixels, view = shown(qtbot, canvas, (-70.5, -13.0, -69.5, -12.0))
    assert canvas.aggregated_layers == {"registrations"}
    alpha = pixels[..., 3]
    painted = alpha > 0
    in_hexagons = (alpha >= HEXAGON_ALPHA_RANGE[0]) & (alpha <= HEXAGON_ALPHA_RANGE[1])
    # Most of what is painted is translucent hexagon fill, not 20,000 opaque symbols.
    assert in_hexagons.sum() > 0.6 * painted.sum()
    # Every candidate is its own opaque symbol, in the candidates' colour, at its place.
    candidate = PALETTES["conflict_type"]["coexistence_candidate"][:3]
    frame = canvas.frame
    hits = 0
    for point in frame.geometry.iloc[:N_CANDIDATES]:
        px, py = view.to_pixels(point.x, point.y)
        near = pixels[int(py) - 2:int(py) + 3, int(px) - 2:int(px) + 3].reshape(-1, 4).astype(int)
        hits += bool(((near[:, 3] == 255) & (np.abs(near[:, 2::-1] - candidate).max(axis=1) < 40)).any())
    assert hits >= N_CANDIDATES - 2  # two stars may overlap
    # The legend says what a hexagon means, in the window's language, with the rule's numbers.
    texts = legend_texts(canvas.panel)
    assert any(text.startswith("Hexágono de 4 mm: puntos contados donde hay más de 4 por cm²") for text in texts)


def test_zoomed_in_every_registration_is_its_symbol_in_the_prints_shape(qtbot, canvas):
    from concession_gis_ui.styles import PALETTES

    west, south = -70.0, -12.5
    pixels, view = shown(qtbot, canvas, (west, south, west + 0.05, south + 0.0375))
    assert canvas.aggregated_layers == frozenset()
    alpha = pixels[..., 3]
    assert (alpha == 255).sum() > 5 * ((alpha >= HEXAGON_ALPHA_RANGE[0]) & (alpha <= HEXAGON_ALPHA_RANGE[1])).sum()
    frame = canvas.frame
    inside = frame.cx[west + 0.005:west + 0.045, south + 0.004:south + 0.033]
    assert 20 < len(inside) < 150
    third = PALETTES["conflict_type"]["third_party"][:3]
    centres = [colour_at(pixels, view, p.x, p.y) for p in inside.loc[inside["conflict_type"] == "third_party"].geometry]
    assert sum(c[3] == 255 and max(abs(c[i] - third[i]) for i in range(3)) < 40 for c in centres) >= 0.7 * len(centres)
    # A speculation is a diamond: its tips straight above and beside the centre are painted, the
    # corners of its box are not (a circle or square would paint them, or nearly).
    lone = _lonely(inside.loc[inside["conflict_type"] == "speculation"], frame, view)
    px, py = view.to_pixels(lone.x, lone.y)
    assert alpha[int(py), int(px) + 3] > 0 and alpha[int(py) - 3, int(px)] > 0
    assert alpha[int(py) - 4, int(px) + 4] == 0
    assert not any(text.startswith("Hexágono") for text in legend_texts(canvas.panel))


def _lonely(chosen, frame, view):
    """A point of ``chosen`` with no other registration within 20 pixels."""
    xy = np.column_stack([frame.geometry.x, frame.geometry.y])
    for point in chosen.geometry:
        d = np.hypot((xy[:, 0] - point.x) / view.sx, (xy[:, 1] - point.y) / view.sy)
        if (d < 20).sum() == 1:
            return point
    pytest.skip("no lone speculation in this box")
