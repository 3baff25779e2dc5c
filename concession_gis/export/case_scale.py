"""A case map's scale chosen from the claim's size: the largest common map scale at which the
claim, with room around it, fits the frame.

A fixed extent prints a 100 ha claim and a 5,000 ha claim at the same scale, so the first is a
speck; a scale from the list topographers use (1:5 000, 1:10 000, 1:25 000...) keeps the claim
large on the page and its scale easy to read and compare between cases.
"""

from __future__ import annotations

from concession_gis.export.mapframe import Extent

# Representative fractions a reader is used to, largest scale first.
NICE_SCALES = (2_500, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 75_000, 100_000, 150_000, 200_000,
               250_000, 500_000, 1_000_000, 2_000_000, 5_000_000)
# Room around the claim, as a fraction of its size on each side, and the least ground shown
# (metres), so a claim of a few hectares still shows its neighbours.
CLAIM_PAD = 0.2
MIN_SPAN_M = 1_500.0


def claim_scale(bounds: tuple[float, float, float, float], frame_mm: tuple[float, float],
                pad: float = CLAIM_PAD, min_span_m: float = MIN_SPAN_M) -> int:
    """The largest of :data:`NICE_SCALES` at which ``bounds`` (map metres), padded, fit a frame
    of ``frame_mm`` (width, height)."""
    xmin, ymin, xmax, ymax = bounds
    width = max(xmax - xmin, min_span_m) * (1 + 2 * pad)
    height = max(ymax - ymin, min_span_m) * (1 + 2 * pad)
    needed = max(width / (frame_mm[0] / 1000.0), height / (frame_mm[1] / 1000.0))
    return next((s for s in NICE_SCALES if s >= needed), NICE_SCALES[-1])


def claim_extent(bounds: tuple[float, float, float, float], frame_mm: tuple[float, float],
                 pad: float = CLAIM_PAD, min_span_m: float = MIN_SPAN_M) -> Extent:
    """The extent centred on ``bounds`` that prints at :func:`claim_scale` in the frame."""
    scale = claim_scale(bounds, frame_mm, pad, min_span_m)
    cx, cy = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    half_w, half_h = scale * frame_mm[0] / 2000.0, scale * frame_mm[1] / 2000.0
    return Extent(cx - half_w, cy - half_h, cx + half_w, cy + half_h)
