"""Point symbols as the print draws them, and hexagons where registrations are too dense to read.

Plain data and numpy, no Qt: which shape, rim and size each class gets (the print's table in
``concession_gis.export.cartography``), which points are never counted away, and the hexagon
cells of a view (the binning of :mod:`concession_gis.density`, the printed map's own).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from concession_gis import density
from concession_gis.export import cartography as carto
from concession_gis.palette import rgb

RGBA = tuple[int, int, int, int]
PX_PER_PT = density.SCREEN_DPI / 72
HEXAGON_ALPHA = 190  # as the print's 0.75


@dataclass(frozen=True)
class Symbol:
    shape: str  # a key of SHAPES
    edge: RGBA
    size: float  # pixels across


DEFAULT = Symbol("circle", (30, 30, 30, 200), 8.0)


def _regular(n: int, start_deg: float = 90.0) -> np.ndarray:
    angles = np.deg2rad(start_deg + 360.0 * np.arange(n) / n)
    return np.column_stack([np.cos(angles), -np.sin(angles)]) / 2  # y down, as pixels


def _star() -> np.ndarray:
    outer, inner = _regular(5), _regular(5, 90 + 36) * 0.42
    return np.stack([outer, inner], axis=1).reshape(-1, 2)


# Outlines one unit across, centred, pixel y downwards (a triangle points up on the screen).
SHAPES = {
    "circle": _regular(12), "square": _regular(4, 45) * np.sqrt(2), "diamond": _regular(4),
    "triangle": _regular(3) * 1.15, "star": _star() * 1.2, "pentagon": _regular(5),
}


def symbols_for(column: str | None, values: tuple[str, ...]) -> tuple[Symbol, ...]:
    """A symbol per class of a point style (and one more for "no value"): by conflict type the
    print's shape, rim and size; every other style the default circle."""
    if column != "conflict_type":
        return (DEFAULT,) * (len(values) + 1)
    chosen = []
    for value in values:
        style = carto.CONFLICT_TYPE.get(value)
        chosen.append(DEFAULT if style is None else
                      Symbol(style.shape, (*rgb(style.edge), 255), max(6.0, style.size * PX_PER_PT)))
    return (*chosen, DEFAULT)


def always_single(frame: pd.DataFrame | None) -> np.ndarray | None:
    """The rows never counted in hexagons (candidates, miners in prohibited areas); None when the
    frame has no conflict type."""
    if frame is None or "conflict_type" not in frame:
        return None
    return frame["conflict_type"].isin(density.ALWAYS_SINGLE).to_numpy(dtype=bool)


@dataclass(frozen=True)
class Hexagons:
    """The hexagons of one view: centres in world units, sizes (fraction of the cell), classes."""

    centres: np.ndarray  # (n, 2) longitude, latitude
    grow: np.ndarray
    codes: np.ndarray
    counts: np.ndarray
    width_px: float


def hexagons(points: np.ndarray, codes: np.ndarray, sx: float, sy: float, width_px: float) -> Hexagons:
    """Count ``points`` (lon, lat) in hexagons ``width_px`` wide on the screen at ``sx``/``sy``
    degrees per pixel. Binned in world units divided by the pixel size, so the cells stay put
    while the view pans; each takes its most frequent class (ties: the class listed first)."""
    centres, index = density.hexagon_bins(points[:, 0] / sx, points[:, 1] / sy, width_px)
    counts = np.bincount(index, minlength=len(centres))
    dominant = density.dominant_class(index, codes.astype(np.int64), len(centres))
    world = np.column_stack([centres[:, 0] * sx, centres[:, 1] * sy]) if len(centres) else np.zeros((0, 2))
    return Hexagons(world, density.growth(counts), dominant, counts, width_px)


def hexagon_width_px(hexagon_mm: float) -> float:
    return hexagon_mm / 10 * density.PX_PER_CM


def screen_cm2(width_px: int, height_px: int) -> float:
    return width_px * height_px / density.PX_PER_CM ** 2


def density_rule(results) -> dict:
    """The ``[maps]`` rules the canvas counts dense points by: those of the results shown (as
    their printed maps do), else the defaults of ``rules.toml``."""
    from concession_gis.rules import default_rules

    rules = getattr(results, "rules", None) or {}
    return rules.get("maps") or default_rules()["maps"]
