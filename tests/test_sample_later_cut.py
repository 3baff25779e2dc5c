"""The second snapshot cuts claims (a reduced area, a refiled half); a cut through a gap between
a claim's parts must leave polygons only, which a polygon shapefile can hold (the region
sample's feature 9930 once came out as polygon plus line and stopped the generator)."""

import shapely

from concession_gis.sample.later import _cut


def test_a_cut_along_a_parts_edge_keeps_only_the_polygons():
    claim = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(1.4, 0, 2, 1)])
    # The cut at x = 1.4 (70% of the width) touches the second part along its western edge.
    raw = shapely.intersection(claim, shapely.box(0, 0, 1.4, 1))
    assert raw.geom_type == "GeometryCollection"  # polygon and line: what broke the shapefile
    cut = _cut(claim, shapely.box(0, 0, 1.4, 1))
    assert cut.geom_type == "Polygon" and cut.equals(shapely.box(0, 0, 1, 1))


def test_a_cut_with_nothing_polygonal_left_keeps_the_claim():
    claim = shapely.box(0, 0, 1, 1)
    assert _cut(claim, shapely.box(1, 0, 2, 1)).equals(claim)  # only the shared edge remains


def test_two_pieces_stay_one_multipolygon():
    claim = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 0, 3, 1)])
    cut = _cut(claim, shapely.box(0, 0, 2.5, 1))
    assert cut.geom_type == "MultiPolygon" and abs(cut.area - 1.5) < 1e-12
