"""A page's text boxes: millimetres of their own, drawn on one axes per page, clipped to the box.

Expected positions are worked out by hand: a point (x, y) mm inside a box whose lower-left corner
is (bx, by) mm lies (bx + x, by + y) mm from the page's corner, that is (bx + x) / 25.4 * dpi
pixels.
"""

from __future__ import annotations

import pytest
from matplotlib.patches import Rectangle

from concession_gis.export.layout import Box, add_axes_mm, make_page

DPI = 72.0


def px(mm: float) -> float:
    return mm / 25.4 * DPI


def test_boxes_draw_in_their_own_millimetres_on_one_axes_per_page():
    page = make_page("A4", "portrait")
    fig = page.figure(dpi=DPI)
    title = add_axes_mm(fig, page, Box(10.0, 20.0, 50.0, 30.0))
    legend = add_axes_mm(fig, page, Box(100.0, 200.0, 40.0, 10.0))
    text = title.text(5.0, 5.0, "Caso")
    swatch = legend.add_patch(Rectangle((1.0, 2.0), 7.0, 3.0))
    dots = legend.scatter([4.0], [6.0])

    assert len(fig.axes) == 1  # one layer, however many boxes
    assert text.get_transform().transform((5.0, 5.0)) == pytest.approx((px(15.0), px(25.0)))
    assert swatch.get_data_transform().transform((1.0, 2.0)) == pytest.approx((px(101.0), px(202.0)))
    assert dots.get_offset_transform().transform((4.0, 6.0)) == pytest.approx((px(104.0), px(206.0)))
    assert title.transAxes.transform((1.0, 1.0)) == pytest.approx((px(60.0), px(50.0)))


def test_lines_and_patches_are_clipped_to_their_box_unless_asked_not_to_be():
    page = make_page("A4", "landscape")
    fig = page.figure(dpi=DPI)
    box = add_axes_mm(fig, page, Box(30.0, 40.0, 20.0, 10.0))
    clipped, = box.plot([0.0, 90.0], [5.0, 5.0])
    free, = box.plot([0.0, 90.0], [5.0, 5.0], clip_on=False)
    patch = box.add_patch(Rectangle((0.0, 0.0), 50.0, 5.0))

    in_box = pytest.approx((px(30.0), px(40.0), px(20.0), px(10.0)))
    assert clipped.get_clip_on() and clipped.get_clip_box().bounds == in_box
    assert patch.get_clip_on() and patch.get_clip_box().bounds == in_box
    assert not free.get_clip_on() and free.get_clip_box().bounds != in_box
