"""The symbology shared by every output: print maps, QGIS styles (QML/SLD) and KML.

One table per layer, so a claim is the same blue on paper, in QGIS and in Google Earth.
Claims follow the colours GEOCATMIN users know (titled blue, in process green, extinct grey).
Registrations use the Okabe-Ito palette, which stays distinct under the common colour-vision
deficiencies, and each conflict type also has its own marker shape, so the map still reads in
grey-scale print. Forest loss is a pink-to-purple ramp by year (as on Global Forest Watch), a hue
used by no other layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from concession_gis import columns


@dataclass(frozen=True)
class FillStyle:
    """A polygon symbol: face colour and its opacity, outline colour and width (points)."""

    face: str
    edge: str
    face_alpha: float = 0.35
    edge_width: float = 0.6
    hatch: str = ""


@dataclass(frozen=True)
class MarkerStyle:
    """A point symbol: fill colour, outline colour, shape name and diameter (points)."""

    colour: str
    edge: str
    shape: str
    size: float


LEGAL_STATE = {
    "titled": FillStyle(face="#2c6fbb", edge="#1b4a80"),
    "pending": FillStyle(face="#3aa64a", edge="#23702f"),
    "extinct": FillStyle(face="#6e6e6e", edge="#262626"),
    "other": FillStyle(face="#d9cfb4", edge="#8c8266"),
}

CONFLICT_TYPE = {
    "coexistence_candidate": MarkerStyle("#009E73", "#1a1a1a", "star", 8.5),
    "speculation": MarkerStyle("#E69F00", "#1a1a1a", "diamond", 6.0),
    "blocked": MarkerStyle("#000000", "#ffffff", "square", 5.5),
    "third_party": MarkerStyle("#F0E442", "#1a1a1a", "circle", 6.0),
    "restricted_area": MarkerStyle("#D55E00", "#1a1a1a", "triangle", 6.5),
    "pending_claim": MarkerStyle("#56B4E9", "#1a1a1a", "circle", 6.0),
    "own_title": MarkerStyle("#0072B2", "#ffffff", "pentagon", 6.5),
    "no_concession": MarkerStyle("#bdbdbd", "#4d4d4d", "circle", 4.5),
}

RESTRICTED = FillStyle(face="#2e7d32", edge="#2e7d32", face_alpha=0.0, edge_width=0.8, hatch="////")
OVERLAP = FillStyle(face="#e31a1c", edge="#e31a1c", face_alpha=0.45, edge_width=0.4)
# Forest loss: the earliest year in the first colour, the latest in the last.
LOSS_RAMP = ("#fcc5d9", "#e7298a", "#54086b")
LOSS_UNDATED = "#c51b7d"
# The claim a case page is about.
FOCUS_EDGE = "#d7191c"

# Shape names are neutral; each renderer maps them to its own vocabulary.
MATPLOTLIB_MARKER = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^", "star": "*", "pentagon": "p"}
QGIS_MARKER = {"circle": "circle", "square": "square", "diamond": "diamond", "triangle": "triangle",
               "star": "star", "pentagon": "pentagon"}
# SLD 1.0 well-known names: no diamond or pentagon, so a square turned 45 degrees and a circle.
SLD_MARKER = {"circle": ("circle", 0), "square": ("square", 0), "diamond": ("square", 45),
              "triangle": ("triangle", 0), "star": ("star", 0), "pentagon": ("circle", 0)}

# Drawing order on maps and in the legend: the most actionable cases first.
CONFLICT_ORDER = columns.CONFLICT_TYPES
LEGAL_ORDER = columns.LEGAL_STATES


def rgb(colour: str) -> tuple[int, int, int]:
    """'#rrggbb' as a tuple of 0-255 integers."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def rgba(colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """'#rrggbb' and an opacity as matplotlib's 0-1 tuple."""
    r, g, b = rgb(colour)
    return r / 255, g / 255, b / 255, alpha


def kml_colour(colour: str, alpha: float = 1.0) -> str:
    """KML writes colours as aabbggrr."""
    r, g, b = rgb(colour)
    return f"{round(alpha * 255):02x}{b:02x}{g:02x}{r:02x}"
