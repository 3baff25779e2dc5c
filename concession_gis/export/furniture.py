"""Map furniture: scale bar, north arrow and the labelled geographic grid.

The scale bar is measured on the ellipsoid, not on the projection: its map length is the
ground length divided by the local scale factor where it is drawn, so the distance it claims
is true on the ground there (within 0.01%), whatever the projection's distortion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle
from pyproj import CRS

from concession_gis.export.map_layers import Z_GRID, Z_LABELS
from concession_gis.export.mapframe import (
    Extent,
    from_lonlat,
    grid_north_angle,
    ground_per_grid,
    to_lonlat,
)
from concession_gis.export.typography import MM_PER_PT, text_width_mm
from concession_gis.i18n import tr
from concession_gis.scale_bar import nice_length

# Grid intervals in arc minutes, from 1' to 10 degrees.
GRID_MINUTES = (1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600)


@dataclass(frozen=True)
class ScaleBar:
    """The bar as drawn: its ends in map coordinates and the ground length its label states."""

    start: tuple[float, float]
    end: tuple[float, float]
    length_m: float
    label: str


def distance_text(metres: float, lang: str) -> str:
    if metres >= 1000:
        km = metres / 1000
        number = f"{km:g}" if lang == "en" else f"{km:g}".replace(".", ",")
        return f"{number} {tr('map.units.km', lang)}"
    return f"{metres:g} {tr('map.units.m', lang)}"


def draw_scale_bar(ax, crs: CRS, extent: Extent, frame_w_mm: float, lang: str, fontsize: float,
                   max_fraction: float = 0.25) -> ScaleBar:
    """A four-part bar in the lower-left corner, no longer than ``max_fraction`` of the frame."""
    x0 = extent.xmin + extent.width * 0.05
    y0 = extent.ymin + extent.height * 0.055
    factor = ground_per_grid(crs, x0, y0, extent.width * max_fraction)
    length_m = nice_length(extent.width * max_fraction * factor)
    bar_w = length_m / ground_per_grid(crs, x0, y0, length_m / factor)
    mm = extent.width / frame_w_mm  # map metres per millimetre of paper
    bar_h = 1.3 * mm
    label_gap = 1.2 * mm
    text_h = fontsize * MM_PER_PT * mm
    ax.add_patch(FancyBboxPatch(
        (x0 - 2.5 * mm, y0 - 2.2 * mm), bar_w + 8 * mm, bar_h + label_gap + text_h + 3.4 * mm,
        boxstyle=f"round,pad=0,rounding_size={mm}", facecolor="white", edgecolor="#999999",
        linewidth=0.4, alpha=0.88, zorder=Z_LABELS,
    ))
    for i in range(4):
        ax.add_patch(Rectangle((x0 + i * bar_w / 4, y0), bar_w / 4, bar_h, facecolor="black" if i % 2 == 0 else "white",
                               edgecolor="black", linewidth=0.5, zorder=Z_LABELS + 0.1))
    label = distance_text(length_m, lang)
    for fraction, text in ((0.0, "0"), (0.5, distance_text(length_m / 2, lang).split(" ")[0]), (1.0, label)):
        ax.text(x0 + fraction * bar_w, y0 + bar_h + label_gap, text, ha="center", va="bottom",
                fontsize=fontsize, zorder=Z_LABELS + 0.2)
    return ScaleBar((x0, y0), (x0 + bar_w, y0), length_m, label)


def draw_north_arrow(ax, crs: CRS, extent: Extent, frame_w_mm: float, lang: str, fontsize: float) -> float:
    """A half-filled arrow towards true north in the upper-right corner; returns its angle."""
    mm = extent.width / frame_w_mm
    cx, cy = extent.xmax - 8 * mm, extent.ymax - 11 * mm
    angle = grid_north_angle(crs, cx, cy)
    theta = math.radians(angle)

    def turn(dx, dy):
        return (cx + (dx * math.cos(theta) + dy * math.sin(theta)) * mm,
                cy + (-dx * math.sin(theta) + dy * math.cos(theta)) * mm)

    ax.add_patch(FancyBboxPatch((cx - 5 * mm, cy - 6.5 * mm), 10 * mm, 15.5 * mm,
                                boxstyle=f"round,pad=0,rounding_size={mm}", facecolor="white",
                                edgecolor="#999999", linewidth=0.4, alpha=0.88, zorder=Z_LABELS))
    tip, left, right, notch = turn(0, 4.5), turn(-2.4, -4.5), turn(2.4, -4.5), turn(0, -2.6)
    ax.add_patch(Polygon([tip, left, notch], closed=True, facecolor="white", edgecolor="black",
                         linewidth=0.6, zorder=Z_LABELS + 0.1))
    ax.add_patch(Polygon([tip, notch, right], closed=True, facecolor="black", edgecolor="black",
                         linewidth=0.6, zorder=Z_LABELS + 0.1))
    label_x, label_y = turn(0, 6.6)
    ax.text(label_x, label_y, tr("map.north", lang), ha="center", va="center", fontsize=fontsize,
            fontweight="bold", rotation=-angle, zorder=Z_LABELS + 0.2)
    return angle


def degree_text(value: float, axis: str, lang: str) -> str:
    """70°30′W (English) or 70°30′O (Spanish); whole degrees without minutes."""
    if axis == "lon":
        hemisphere = tr("map.west", lang) if value < 0 else tr("map.east", lang)
    else:
        hemisphere = tr("map.south", lang) if value < 0 else tr("map.north_hemisphere", lang)
    total = round(abs(value) * 60)
    degrees, minutes = divmod(total, 60)
    return f"{degrees}°{minutes:02d}′{hemisphere}" if minutes else f"{degrees}°{hemisphere}"


def grid_interval_deg(span_deg: float, most_lines: int = 6) -> float:
    for minutes in GRID_MINUTES:
        if span_deg / (minutes / 60) <= most_lines:
            return minutes / 60
    return GRID_MINUTES[-1] / 60


def draw_graticule(ax, crs: CRS, extent: Extent, frame_w_mm: float, lang: str, fontsize: float,
                   most_lines: int = 6) -> dict:
    """Meridians and parallels over the map, labelled outside the frame (bottom and left).

    A label that would run past a corner of the frame is left off rather than collide with
    the labels of the other side.
    """
    to_ll, from_ll = to_lonlat(crs), from_lonlat(crs)
    edge = np.linspace(0, 1, 241)
    bottom_lon, _ = to_ll.transform(extent.xmin + edge * extent.width, np.full_like(edge, extent.ymin))
    _, left_lat = to_ll.transform(np.full_like(edge, extent.xmin), extent.ymin + edge * extent.height)
    corners_lon, corners_lat = to_ll.transform(
        [extent.xmin, extent.xmax, extent.xmin, extent.xmax], [extent.ymin, extent.ymin, extent.ymax, extent.ymax])
    lon_lo, lon_hi = min(corners_lon), max(corners_lon)
    lat_lo, lat_hi = min(corners_lat), max(corners_lat)
    step = grid_interval_deg(max(lon_hi - lon_lo, lat_hi - lat_lo), most_lines)
    style = {"color": "#7a7a7a", "linewidth": 0.35, "alpha": 0.8, "zorder": Z_GRID}
    units_per_mm = extent.width / frame_w_mm
    labelled: dict[str, list[float]] = {"lon": [], "lat": []}
    dense = np.linspace(0, 1, 60)
    for lon in _multiples(lon_lo, lon_hi, step):
        xs, ys = from_ll.transform(np.full_like(dense, lon), lat_lo + dense * (lat_hi - lat_lo))
        ax.plot(xs, ys, **style)
        text = degree_text(lon, "lon", lang)
        half = text_width_mm(text, fontsize) / 2 * units_per_mm
        x = float(np.interp(lon, bottom_lon, extent.xmin + edge * extent.width))
        if bottom_lon.min() < lon < bottom_lon.max() and extent.xmin + half < x < extent.xmax - half:
            ax.annotate(text, xy=(x, extent.ymin), xycoords="data",
                        xytext=(0, -2.5), textcoords="offset points", ha="center", va="top", fontsize=fontsize,
                        annotation_clip=False)
            labelled["lon"].append(lon)
    for lat in _multiples(lat_lo, lat_hi, step):
        xs, ys = from_ll.transform(lon_lo + dense * (lon_hi - lon_lo), np.full_like(dense, lat))
        ax.plot(xs, ys, **style)
        text = degree_text(lat, "lat", lang)
        half = text_width_mm(text, fontsize) / 2 * units_per_mm
        y = float(np.interp(lat, left_lat, extent.ymin + edge * extent.height))
        if left_lat.min() < lat < left_lat.max() and extent.ymin + half < y < extent.ymax - half:
            ax.annotate(text, xy=(extent.xmin, y), xycoords="data",
                        xytext=(-2.5, 0), textcoords="offset points", ha="center", va="bottom", rotation=90,
                        rotation_mode="anchor", fontsize=fontsize, annotation_clip=False)
            labelled["lat"].append(lat)
    ax.set_xlim(extent.xmin, extent.xmax)
    ax.set_ylim(extent.ymin, extent.ymax)
    return labelled


def _multiples(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def neat_frame(ax) -> None:
    """A crisp black frame around the map with no ticks: the grid labels do the ticking."""
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color("black")
        spine.set_zorder(Z_LABELS + 1)


def draw_synthetic_mark(ax, extent: Extent, frame_w_mm: float, frame_h_mm: float, lang: str,
                        fontsize: float) -> tuple[float, float, float, float]:
    """"DATOS SINTÉTICOS" in the frame's upper-left corner, on white, in the red of a warning:
    a map made from the synthetic sample is never taken for a finding. Returns its box in frame
    millimetres, where no label may go."""
    text = tr("map.synthetic", lang)
    pad = 1.2
    width = text_width_mm(text, fontsize, "bold") + 2 * pad
    height = fontsize * MM_PER_PT * 1.3 + 2 * pad
    units_per_mm = extent.width / frame_w_mm
    x, y = 2.0 + pad, frame_h_mm - 2.0 - pad
    ax.text(extent.xmin + x * units_per_mm, extent.ymin + y * units_per_mm, text, ha="left", va="top",
            fontsize=fontsize, fontweight="bold", color=SYNTHETIC_COLOUR, zorder=Z_LABELS + 1,
            bbox={"boxstyle": "square,pad=0.35", "facecolor": "white", "edgecolor": SYNTHETIC_COLOUR,
                  "linewidth": 0.8})
    return (2.0, frame_h_mm - 2.0 - height, 2.0 + width, frame_h_mm - 2.0)


SYNTHETIC_COLOUR = "#b71c1c"
