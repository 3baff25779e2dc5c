"""A dense regional map (issue 18): above the `[maps]` density rule the registrations are counted
in hexagons, while every candidate and every miner in a prohibited area stays its own symbol.

The dense case is built here: 10,000 random points in a small box of the demo's district, 35 of
them candidates and 20 in prohibited areas; the counts the test expects are those it put in.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pytest
from matplotlib.collections import PathCollection, PolyCollection

from concession_gis import palette
from concession_gis.density import hexagon_bins
from concession_gis.export import cartography as carto
from concession_gis.export.maps import render_regional
from concession_gis.i18n import tr
from concession_gis.pipeline import analyze
from concession_gis.sample.bundled import bundled_inputs

N_POINTS, N_CANDIDATES, N_RESTRICTED = 10_000, 35, 20


@pytest.fixture(scope="module")
def demo():
    return analyze(bundled_inputs(), lang="es")


def with_points(results, n: int):
    """``results`` with ``n`` registrations spread over the middle of the demo's extent."""
    rng = np.random.default_rng(18)
    west, south, east, north = results.registrations.total_bounds
    x = rng.uniform(west, east, n)
    y = rng.uniform(south, north, n)
    types = rng.choice(np.array(["third_party", "no_concession", "speculation", "pending_claim"], dtype=object), n)
    types[:N_CANDIDATES] = "coexistence_candidate"
    types[N_CANDIDATES:N_CANDIDATES + N_RESTRICTED] = "restricted_area"
    reg = gpd.GeoDataFrame({"reg_id": [f"R{i}" for i in range(n)], "conflict_type": types,
                            "located_by": "coordinates", "host_code": None},
                           geometry=gpd.points_from_xy(x, y), crs=4326)
    return dataclasses.replace(results, registrations=reg)


def symbols_of(fig, conflict: str) -> int:
    """How many points are drawn with ``conflict``'s fill colour (the scatter offsets)."""
    face = carto.rgba(carto.CONFLICT_TYPE[conflict].colour)
    total = 0
    for coll in fig.axes[0].collections:  # the map frame, not the legend
        if (isinstance(coll, PathCollection) and len(coll.get_offsets()) and len(coll.get_facecolors())
                and np.allclose(coll.get_facecolors()[0], face)):
            total += len(coll.get_offsets())
    return total


def hexagons_of(fig) -> int:
    return sum(len(c.get_paths()) for c in fig.axes[0].collections if type(c) is PolyCollection)


def test_a_dense_map_counts_registrations_in_hexagons_and_keeps_every_candidate(demo):
    sheet = render_regional(with_points(demo, N_POINTS), lang="es", page="A3", dpi=40)
    legend = {e.key: e for e in sheet.frame.legend if e.layer == "registrations"}
    assert legend["aggregated"].count == N_POINTS - N_CANDIDATES - N_RESTRICTED
    assert legend["aggregated"].label == tr("map.legend.aggregated", "es", mm="4")
    assert legend["aggregated"].label.startswith("Registros agregados por hexágono")
    assert legend["coexistence_candidate"].count == N_CANDIDATES
    # Every candidate and prohibited-area miner is its own symbol, with a white halo.
    assert symbols_of(sheet.figure, "coexistence_candidate") == N_CANDIDATES
    assert symbols_of(sheet.figure, "restricted_area") == N_RESTRICTED
    assert symbols_of(sheet.figure, "third_party") == 0
    haloed = [c for c in sheet.figure.axes[0].collections if isinstance(c, PathCollection) and c.get_path_effects()]
    assert sum(len(c.get_offsets()) for c in haloed) == N_CANDIDATES + N_RESTRICTED
    # Hexagons 4 mm across on an A3 frame: far fewer cells than points, but more than a handful.
    assert 50 < hexagons_of(sheet.figure) < N_POINTS / 4


def test_a_sparse_map_draws_every_registration_as_its_own_symbol(demo):
    sheet = render_regional(with_points(demo, 300), lang="en", page="A3", dpi=40)
    assert "aggregated" not in {e.key for e in sheet.frame.legend}
    assert hexagons_of(sheet.figure) == 0
    assert symbols_of(sheet.figure, "coexistence_candidate") == N_CANDIDATES


def test_hexagon_bins_put_each_point_in_the_nearest_centre():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-50, 50, 2000), rng.uniform(-50, 50, 2000)
    centres, index = hexagon_bins(x, y, width=10.0)
    # A regular hexagonal lattice's cell is the Voronoi cell of its centre: no other centre is nearer.
    near = np.hypot(x - centres[index, 0], y - centres[index, 1])
    nearest = np.min(np.hypot(x[:, None] - centres[None, :, 0], y[:, None] - centres[None, :, 1]), axis=1)
    assert np.allclose(near, nearest)
    spacing = np.hypot(*(centres[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    assert np.isclose(spacing[spacing > 1e-9].min(), 10.0)  # centres one width apart


def test_the_atlas_selection_has_a_colour_no_other_layer_uses():
    def distance(a: str, b: str) -> float:
        return float(np.linalg.norm(np.subtract(palette.rgb(a), palette.rgb(b))))

    others = [c for table in palette.BY_COLUMN.values() for c in table.values()]
    others += [palette.RESTRICTED, palette.ALLOWED_ZONE, palette.OVERLAP, palette.EXTINCT_FREE, carto.FOCUS_EDGE,
               *palette.LOSS_RAMP, palette.LOSS_UNDATED, *palette.loss_year_colours(2001, 2025)]
    assert min(distance(carto.SELECTED_EDGE, c) for c in others) > 90
