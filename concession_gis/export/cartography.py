"""The symbology shared by every output: print maps, QGIS styles (QML/SLD) and KML.

One table per layer, so a claim is the same blue on paper, in QGIS and in Google Earth; the
colours themselves come from ``concession_gis.palette``, which the window draws with too. Each
conflict type also has its own marker shape, so the map still reads in grey-scale print.
"""

from __future__ import annotations

from dataclasses import dataclass

from concession_gis import columns, palette
from concession_gis.palette import rgb


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
    "titled": FillStyle(face=palette.LEGAL_STATE["titled"], edge="#1b4a80"),
    "pending": FillStyle(face=palette.LEGAL_STATE["pending"], edge="#23702f"),
    "extinct": FillStyle(face=palette.LEGAL_STATE["extinct"], edge="#262626"),
    "other": FillStyle(face=palette.LEGAL_STATE["other"], edge="#8c8266"),
    "unknown": FillStyle(face=palette.LEGAL_STATE["unknown"], edge="#b36b24"),
}

CONFLICT_TYPE = {
    "coexistence_candidate": MarkerStyle(palette.CONFLICT_TYPE["coexistence_candidate"], "#1a1a1a", "star", 8.5),
    "speculation": MarkerStyle(palette.CONFLICT_TYPE["speculation"], "#1a1a1a", "diamond", 6.0),
    "blocked": MarkerStyle(palette.CONFLICT_TYPE["blocked"], "#ffffff", "square", 5.5),
    "third_party": MarkerStyle(palette.CONFLICT_TYPE["third_party"], "#1a1a1a", "circle", 6.0),
    "restricted_area": MarkerStyle(palette.CONFLICT_TYPE["restricted_area"], "#1a1a1a", "triangle", 6.5),
    "outside_allowed_zone": MarkerStyle(palette.CONFLICT_TYPE["outside_allowed_zone"], "#ffffff", "triangle", 6.5),
    "pending_claim": MarkerStyle(palette.CONFLICT_TYPE["pending_claim"], "#1a1a1a", "circle", 6.0),
    "own_title": MarkerStyle(palette.CONFLICT_TYPE["own_title"], "#ffffff", "pentagon", 6.5),
    "no_concession": MarkerStyle(palette.CONFLICT_TYPE["no_concession"], "#4d4d4d", "circle", 4.5),
    "unknown_state": MarkerStyle(palette.CONFLICT_TYPE["unknown_state"], "#1a1a1a", "circle", 6.0),
    "contract": MarkerStyle(palette.CONFLICT_TYPE["contract"], "#1a1a1a", "pentagon", 6.5),
}

RESTRICTED = FillStyle(face=palette.RESTRICTED, edge=palette.RESTRICTED, face_alpha=0.0, edge_width=0.8, hatch="////")
# Restricted areas by category (rules.toml [restricted.categories]): prohibited ones keep the
# dense hatch, conditional ones (reserves, buffer zones) a light dotted one, so the two read apart.
CONDITIONAL_AREA = FillStyle(face=palette.RESTRICTED, edge=palette.RESTRICTED, face_alpha=0.0, edge_width=0.5,
                             hatch="..")
RESTRICTED_CATEGORY = {"prohibited": RESTRICTED, "conditional": CONDITIONAL_AREA}
# Allowed mining zones: a bold ochre outline over a faint tint, so the corridor's edge reads
# through the claims and the hatches of the protected areas.
ALLOWED_ZONE = FillStyle(face=palette.ALLOWED_ZONE, edge=palette.ALLOWED_ZONE, face_alpha=0.07, edge_width=1.4)
RESTRICTED_ORDER = ("prohibited", "conditional")
# Outline (pt) of a hollow point: a registration placed on the claim whose code it declares,
# drawn without fill in its type's colour (the map, the case pages and the QGIS style alike).
HOLLOW_EDGE_PT = 1.2
OVERLAP = FillStyle(face=palette.OVERLAP, edge=palette.OVERLAP, face_alpha=0.45, edge_width=0.4)
# Forest-loss fronts: outlines by type; the map draws the unexplained types only (UNEXPLAINED_FRONTS).
FRONT_TYPE = {t: FillStyle(face=c, edge=c, face_alpha=0.0, edge_width=0.6) for t, c in palette.FRONT_TYPE.items()}
FRONT_ORDER = columns.FRONT_TYPES
UNEXPLAINED_FRONTS = ("in_prohibited_area", "outside_claims", "unregistered_on_claim")
# The printed map draws them all in one outline and one legend row, so the legend stays short.
FRONT_UNEXPLAINED = FRONT_TYPE["outside_claims"]

# Extinct claims' ground that is really free (issue 16), in QGIS: filled, over the grey extinct claims.
EXTINCT_FREE = FillStyle(face=palette.EXTINCT_FREE, edge=palette.EXTINCT_FREE, face_alpha=0.5, edge_width=0.4)
# The claim a case page is about.
FOCUS_EDGE = "#d7191c"
# The claims an atlas selected: a colour of their own (palette.SELECTED), on a dark casing.
SELECTED_EDGE = palette.SELECTED

# Shape names are neutral; each renderer maps them to its own vocabulary.
MATPLOTLIB_MARKER = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^", "star": "*", "pentagon": "p"}
QGIS_MARKER = {"circle": "circle", "square": "square", "diamond": "diamond", "triangle": "triangle",
               "star": "star", "pentagon": "pentagon"}
# SLD 1.0 well-known names: no diamond or pentagon, so a square turned 45 degrees and a circle.
SLD_MARKER = {"circle": ("circle", 0), "square": ("square", 0), "diamond": ("square", 45),
              "triangle": ("triangle", 0), "star": ("star", 0), "pentagon": ("circle", 0)}

# Bolivia (issue 20): areas by actor type while in force, then by state (export/map_theme.py);
# work sites by conflict type, each in its own shape as Peru's registrations.
AREA_CLASS = {
    "cooperative": FillStyle(face=palette.AREA_CLASS["cooperative"], edge="#8a6a10"),
    "state": FillStyle(face=palette.AREA_CLASS["state"], edge="#1b4a80"),
    "private": FillStyle(face=palette.AREA_CLASS["private"], edge="#5a3568"),
    "in_process": FillStyle(face=palette.AREA_CLASS["in_process"], edge="#23702f"),
    "reverted": FillStyle(face=palette.AREA_CLASS["reverted"], edge="#262626"),
    "extinct": FillStyle(face=palette.AREA_CLASS["extinct"], edge="#262626"),
    "other": FillStyle(face=palette.AREA_CLASS["other"], edge="#8c8266"),
}
AREA_CLASS_ORDER = tuple(AREA_CLASS)
SITE_CONFLICT = {
    "restricted_area": MarkerStyle(palette.SITE_CONFLICT["restricted_area"], "#1a1a1a", "triangle", 6.5),
    "reversion_candidate": MarkerStyle(palette.SITE_CONFLICT["reversion_candidate"], "#1a1a1a", "star", 8.5),
    "state_area": MarkerStyle(palette.SITE_CONFLICT["state_area"], "#1a1a1a", "diamond", 6.0),
    "third_party": MarkerStyle(palette.SITE_CONFLICT["third_party"], "#1a1a1a", "circle", 6.0),
    "contract": MarkerStyle(palette.SITE_CONFLICT["contract"], "#1a1a1a", "pentagon", 6.5),
    "extinct_area": MarkerStyle(palette.SITE_CONFLICT["extinct_area"], "#ffffff", "square", 5.5),
    "own_area": MarkerStyle(palette.SITE_CONFLICT["own_area"], "#ffffff", "pentagon", 6.5),
    "no_area": MarkerStyle(palette.SITE_CONFLICT["no_area"], "#4d4d4d", "circle", 4.5),
}
SITE_CONFLICT_ORDER = tuple(SITE_CONFLICT)
# A reversion candidate: a bold outline in its own colour, its rank in bold beside it.
REVERSION_EDGE = palette.REVERSION

# Drawing order on maps and in the legend: the most actionable cases first.
CONFLICT_ORDER = columns.CONFLICT_TYPES
LEGAL_ORDER = columns.LEGAL_STATES


def rgba(colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """'#rrggbb' and an opacity as matplotlib's 0-1 tuple."""
    r, g, b = rgb(colour)
    return r / 255, g / 255, b / 255, alpha


def kml_colour(colour: str, alpha: float = 1.0) -> str:
    """KML writes colours as aabbggrr."""
    r, g, b = rgb(colour)
    return f"{round(alpha * 255):02x}{b:02x}{g:02x}{r:02x}"
