"""What part of the world the canvas shows: pure arithmetic, no Qt.

The map is drawn in longitude/latitude (every result layer is EPSG:4326) with the longitude
axis shrunk by cos(latitude) at the data's centre, so that shapes look as on a local projection
(a 1 km square stays square in southern Peru) while every raster and vector read stays a plain
affine transform.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from concession_gis.i18n import format_number

METRES_PER_DEGREE = 111_320.0  # along a meridian, close enough for a scale bar (±0.5%)
MIN_SCALE = 1e-7  # degrees per pixel (~1 cm): a floor so zooming in never divides by zero


@dataclass(frozen=True)
class Viewport:
    """Centre (degrees), scale (degrees of latitude per pixel), size (pixels) and x shrink."""

    cx: float = -72.0
    cy: float = -12.0
    scale: float = 0.01
    width: int = 800
    height: int = 600
    aspect: float = 1.0  # cos(latitude) of the data: pixels per degree of longitude / of latitude

    @property
    def sx(self) -> float:
        """Degrees of longitude per pixel."""
        return self.scale / self.aspect

    @property
    def sy(self) -> float:
        return self.scale

    def extent(self) -> tuple[float, float, float, float]:
        half_w, half_h = self.width * self.sx / 2, self.height * self.sy / 2
        return (self.cx - half_w, self.cy - half_h, self.cx + half_w, self.cy + half_h)

    def origin(self) -> tuple[float, float]:
        """World coordinates of the top-left corner of pixel (0, 0)."""
        minx, _, _, maxy = self.extent()
        return minx, maxy

    def to_pixels(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        x0, y0 = self.origin()
        return (np.asarray(x) - x0) / self.sx, (y0 - np.asarray(y)) / self.sy

    def to_world(self, px: float, py: float) -> tuple[float, float]:
        x0, y0 = self.origin()
        return x0 + px * self.sx, y0 - py * self.sy

    def resized(self, width: int, height: int) -> Viewport:
        return replace(self, width=max(1, int(width)), height=max(1, int(height)))

    def panned(self, dx_px: float, dy_px: float) -> Viewport:
        """The view after dragging the map by (dx, dy) pixels."""
        return replace(self, cx=self.cx - dx_px * self.sx, cy=self.cy + dy_px * self.sy)

    def zoomed(self, factor: float, anchor_px: tuple[float, float] | None = None) -> Viewport:
        """Zoom in by ``factor`` (>1 in, <1 out) keeping the point under ``anchor_px`` still."""
        ax, ay = anchor_px if anchor_px is not None else (self.width / 2, self.height / 2)
        wx, wy = self.to_world(ax, ay)
        scale = max(MIN_SCALE, self.scale / factor)
        view = replace(self, scale=scale)
        # Put (wx, wy) back under the anchor pixel.
        nx, ny = view.to_world(ax, ay)
        return replace(view, cx=view.cx + wx - nx, cy=view.cy + wy - ny)

    def fitted(self, bounds, margin: float = 0.05) -> Viewport:
        """The view showing ``bounds`` (minx, miny, maxx, maxy) whole, with a margin."""
        minx, miny, maxx, maxy = (float(v) for v in bounds)
        if not all(map(math.isfinite, (minx, miny, maxx, maxy))):
            return self
        w = max(maxx - minx, 1e-6) * self.aspect
        h = max(maxy - miny, 1e-6)
        scale = max(w / self.width, h / self.height) * (1 + 2 * margin)
        return replace(self, cx=(minx + maxx) / 2, cy=(miny + maxy) / 2, scale=max(scale, MIN_SCALE))

    def with_aspect_for(self, bounds) -> Viewport:
        """Fix the x shrink from the latitude at the middle of ``bounds``."""
        lat = (float(bounds[1]) + float(bounds[3])) / 2
        if not math.isfinite(lat):
            return self
        return replace(self, aspect=max(0.05, math.cos(math.radians(lat))))

    def metres_per_pixel(self) -> float:
        return self.scale * METRES_PER_DEGREE

    def scale_denominator(self, dpi: float = 96.0) -> float:
        """The map scale 1:N on a screen of ``dpi``."""
        return self.metres_per_pixel() * dpi / 0.0254

    def mapping_from(self, other: Viewport) -> tuple[float, float, float, float]:
        """(scale_x, scale_y, offset_x, offset_y): where a picture drawn for ``other`` lands in this view."""
        kx, ky = other.sx / self.sx, other.sy / self.sy
        x0, y0 = other.origin()
        ox, oy = self.to_pixels(x0, y0)
        return kx, ky, float(ox), float(oy)


def format_length(metres: float, lang: str = "en") -> str:
    """A scale bar's length in ``lang``'s number style ("0,5 km" in Spanish)."""
    return f"{format_number(metres / 1000, lang, None)} km" if metres >= 1000 else f"{format_number(metres, lang, None)} m"
