"""Shapes chosen by a map's box (``in_box``) are those ``GeoSeries.cx`` chooses: the ones that
intersect the box, its edges included. Each case's answer is written by hand; ``.cx`` is asked
too, as the behaviour replaced."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from concession_gis import basemap
from concession_gis.analysis.intersecting import in_box

BOX = (0.0, 0.0, 10.0, 10.0)
SHAPES = {  # shape: does it meet the box (0..10, 0..10)?
    "inside": (box(2, 2, 4, 4), True),
    "outside": (box(20, 20, 24, 24), False),
    "across an edge": (box(8, 8, 12, 12), True),
    "on the edge from outside": (box(10, 2, 12, 4), True),
    "point on a corner": (Point(10, 10), True),
    "point just outside": (Point(10.001, 5), False),
    # Its own box overlaps the map's corner, the line itself passes it by.
    "diagonal missing the corner": (LineString([(9, 11.5), (11.5, 9)]), False),
    "L missing the box": (Polygon([(11, -5), (15, -5), (15, 15), (-5, 15), (-5, 11), (11, 11)]), False),
    "around the box": (box(-1, -1, 11, 11), True),
    "empty": (Polygon(), False),
    "none": (None, False),
}


def test_shapes_meeting_the_box_are_chosen_as_written():
    shapes = np.array([shape for shape, _ in SHAPES.values()], dtype=object)
    expected = [meets for _, meets in SHAPES.values()]
    assert in_box(shapes, BOX).tolist() == expected
    assert in_box(shapes, (10.0, 10.0, 0.0, 0.0)).tolist() == expected  # corners in either order
    series = gpd.GeoSeries(shapes)
    assert series.index.isin(series.cx[0:10, 0:10].index).tolist() == expected


def test_the_base_map_around_a_box_is_what_cx_gave():
    box_ = (-70.5, -13.2, -69.0, -12.2)  # around Puerto Maldonado
    for name, frame in basemap.around(box_).items():
        layer = basemap.layer(name)
        west, south, east, north = box_
        assert frame.index.tolist() == layer.cx[west:east, south:north].index.tolist(), name
    assert len(basemap.around(box_)["towns"]) > 0
    assert shapely.box(*box_).contains(basemap.around(box_)["towns"].geometry).all()
