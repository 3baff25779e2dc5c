"""Feature labels that never smear: a label is kept only where it fits its feature and no other label.

Candidates are taken in priority order (larger claims first); a label goes in only if its box
fits inside the feature's box on paper and overlaps no label already placed. At regional
scale most claims are a few millimetres wide and simply stay unlabelled, which is what a
cartographer would do by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from concession_gis.export.map_layers import Z_LABELS
from concession_gis.export.typography import halo, line_height_mm, text_width_mm, wrap

MAX_CANDIDATES = 400
# Fallback label positions as fractions of the feature's box, nearest the centre first.
SPOTS = ((0.5, 0.5), (0.5, 0.72), (0.5, 0.28), (0.3, 0.5), (0.7, 0.5), (0.3, 0.72), (0.7, 0.72),
         (0.3, 0.28), (0.7, 0.28))


@dataclass(frozen=True)
class PlacedLabel:
    text: str
    box_mm: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax on the frame, millimetres


class LabelBoard:
    """Boxes already taken on one map frame (labels, symbols, furniture), in millimetres."""

    def __init__(self, reserved=None):
        self._boxes = np.empty((0, 4))
        self.placed: list[PlacedLabel] = []
        if reserved is not None and len(reserved):
            self.reserve(reserved)

    def reserve(self, boxes) -> None:
        """Mark ``boxes`` (rows of xmin, ymin, xmax, ymax) as taken without labelling them."""
        self._boxes = np.vstack([self._boxes, np.asarray(boxes, dtype=float).reshape(-1, 4)])

    def free(self, box) -> bool:
        x0, y0, x1, y1 = box
        b = self._boxes
        return not np.any((x1 > b[:, 0]) & (x0 < b[:, 2]) & (y1 > b[:, 1]) & (y0 < b[:, 3]))

    def take(self, text: str, box) -> None:
        self.reserve([box])
        x0, y0, x1, y1 = box
        self.placed.append(PlacedLabel(text, (float(x0), float(y0), float(x1), float(y1))))


def label_features(ax, board: LabelBoard, geometries, texts, priority, mm_per_unit: float,
                   origin: tuple[float, float], frame_mm: tuple[float, float], fontsize: float,
                   colour: str = "#1a1a1a", style: str = "normal", weight: str = "normal") -> int:
    """Label polygons whose text fits; returns how many were labelled.

    ``mm_per_unit`` converts map metres to paper millimetres; ``origin`` is the map coordinate of
    the frame's lower-left corner and ``frame_mm`` its size.
    """
    geometries = np.asarray(geometries)
    if len(geometries) == 0:
        return 0
    # Only the part on the map can carry the label.
    frame_box = shapely.box(origin[0], origin[1], origin[0] + frame_mm[0] / mm_per_unit, origin[1] + frame_mm[1] / mm_per_unit)
    geometries = shapely.intersection(geometries, frame_box)
    bounds = shapely.bounds(geometries)
    w_mm = (bounds[:, 2] - bounds[:, 0]) * mm_per_unit
    h_mm = (bounds[:, 3] - bounds[:, 1]) * mm_per_unit
    line_h = line_height_mm(fontsize, 1.15)
    big_enough = (w_mm >= 6.0) & (h_mm >= line_h * 1.3) & ~shapely.is_empty(geometries)
    order = [i for i in np.argsort(-np.asarray(priority, dtype=float), kind="stable") if big_enough[i]]
    drawn = 0
    for i in order[:MAX_CANDIDATES]:
        text = str(texts[i]).strip()
        if not text:
            continue
        for lines in _layouts(text, w_mm[i], fontsize, weight):
            width = max(text_width_mm(line, fontsize, weight) for line in lines)
            height = line_h * len(lines)
            if width > w_mm[i] or height > h_mm[i] * 0.9:
                continue
            spot = _free_spot(board, geometries[i], width, height, mm_per_unit, origin, frame_mm)
            if spot is not None:
                (x, y), box = spot
                ax.text(x, y, "\n".join(lines), ha="center", va="center", fontsize=fontsize,
                        color=colour, fontstyle=style, fontweight=weight, linespacing=1.0,
                        path_effects=halo(1.4), zorder=Z_LABELS, clip_on=True)
                board.take(text, box)
                drawn += 1
                break
    return drawn


def inside_frame(box, frame_mm: tuple[float, float]) -> bool:
    """Whether a box (millimetres) lies wholly on the map frame."""
    return box[0] >= 0 and box[1] >= 0 and box[2] <= frame_mm[0] and box[3] <= frame_mm[1]


def _free_spot(board: LabelBoard, geometry, width: float, height: float, mm_per_unit: float, origin, frame_mm):
    """The first free position for a label inside ``geometry``: its centre, then nearby spots."""
    minx, miny, maxx, maxy = geometry.bounds
    centre = shapely.point_on_surface(geometry)
    for x, y in [(centre.x, centre.y)] + [(minx + fx * (maxx - minx), miny + fy * (maxy - miny)) for fx, fy in SPOTS]:
        cx, cy = (x - origin[0]) * mm_per_unit, (y - origin[1]) * mm_per_unit
        box = (cx - width / 2 - 0.4, cy - height / 2 - 0.2, cx + width / 2 + 0.4, cy + height / 2 + 0.2)
        if inside_frame(box, frame_mm) and geometry.contains(shapely.Point(x, y)) and board.free(box):
            return (x, y), box
    return None


def _layouts(text: str, width_mm: float, fontsize: float, weight: str) -> list[list[str]]:
    """One line, then the same text wrapped onto two or three lines to fit narrower features."""
    options = [[text]]
    wrapped = wrap(text, max(width_mm, 1.0), fontsize, weight)
    if 1 < len(wrapped) <= 3:
        options.append(wrapped)
    return options
