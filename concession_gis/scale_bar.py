"""The length a scale bar states: a round number of metres, on the print maps and on the canvas.

The longest 1, 2, 2.5 or 5 times a power of ten that fits the room given, so the bar is never
shorter than half its room and its label is a number people read at a glance (2.5 km is as
familiar on topographic sheets as 2 or 5 km).

>>> nice_length(3_900), nice_length(140), nice_length(0.9)
(2500.0, 100.0, 0.5)
"""

from __future__ import annotations

import math

NICE_STEPS = (1, 2, 2.5, 5)


def nice_length(limit_m: float) -> float:
    """The largest of NICE_STEPS times a power of ten not above ``limit_m`` metres; 0 for no room."""
    if not limit_m > 0 or not math.isfinite(limit_m):
        return 0.0
    power = 10.0 ** math.floor(math.log10(limit_m))
    return max(step * power for step in NICE_STEPS if step * power <= limit_m)
