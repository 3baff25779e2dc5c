"""The colours of every class drawn, on screen and on paper: one table, so the two agree.

Claims follow the colours GEOCATMIN users know (titled blue, in process green, extinct grey).
Registrations use the Okabe-Ito palette, which stays distinct under the common colour-vision
deficiencies. Forest loss is a pink-to-purple ramp by year (as on Global Forest Watch), a hue
used by no other layer, fixed to calendar years: the same year has the same colour on the
screen, on every map of an atlas and in every legend, whatever years a map happens to show.

Colours are ``'#rrggbb'`` strings; each renderer converts them (``rgb``).

>>> loss_year_colour(2013)
'#e7298a'
"""

from __future__ import annotations

LEGAL_STATE = {"titled": "#2c6fbb", "pending": "#3aa64a", "extinct": "#6e6e6e", "other": "#d9cfb4",
               "unknown": "#ffbf80"}
CONFLICT_TYPE = {
    "coexistence_candidate": "#009E73", "speculation": "#E69F00", "blocked": "#000000",
    "third_party": "#F0E442", "restricted_area": "#D55E00", "pending_claim": "#56B4E9",
    "own_title": "#0072B2", "no_concession": "#bdbdbd", "unknown_state": "#CC79A7",
    # A lighter blue than own_title: lawful access too, through the holder.
    "contract": "#6FA8DC",
    # Issue 16: a darker red than restricted_area, illegal too, for another reason.
    "outside_allowed_zone": "#8B1A1A",
}
# Purple darkening with size (ColorBrewer PRGn): large darkest, the area-only large_medium
# between large and medium, artisanal green.
STRATUM = {"large": "#40004b", "large_medium": "#7b3294", "medium": "#9970ab", "small": "#c2a5cf",
           "artisanal": "#a6dba0", "unknown": "#d9d9d9"}
IDLE = {"True": "#d7191c", "False": "#1a9641"}
RELATION = {
    "own_title": "#0072B2", "third_party_large": "#D55E00", "third_party_small": "#E69F00",
    "pending_claim": "#56B4E9", "extinct_claim": "#000000", "no_concession": "#bdbdbd",
    "unknown_state": "#CC79A7", "contract": "#6FA8DC",
}
REG_STATUS = {"active": "#1a9641", "suspended": "#fdae61", "excluded": "#d7191c", "unknown": "#bdbdbd"}
RESTRICTED = "#2e7d32"
# Restricted areas by category (issue 16): prohibited in the full green, conditional in a pale one.
RESTRICTED_CATEGORY = {"prohibited": RESTRICTED, "conditional": "#a5d6a7"}
# Forest-loss fronts (issue 17): the unexplained ones in warm, strong colours, those a register
# explains in greys; drawn as outlines over the loss pixels' own pink-purple ramp.
FRONT_TYPE = {"in_prohibited_area": "#7f0000", "outside_claims": "#ff7f00", "unregistered_on_claim": "#e6ab02",
              "near_registered_miners": "#737373", "holder_activity": "#404040"}
# Bolivia (issue 20): AJAM's areas in force by actor type (cooperatives in the gold of their
# federations' flags, COMIBOL in the state's blue, private firms in purple), the areas in process
# green and the dead ones grey as Peru's claims; work sites in the Okabe-Ito colours of the
# Peruvian conflict types nearest in meaning.
AREA_CLASS = {"cooperative": "#e8b730", "state": "#2c6fbb", "private": "#8e5ea2", "in_process": "#3aa64a",
              "reverted": "#8c8c8c", "extinct": "#6e6e6e", "other": "#d9cfb4"}
SITE_CONFLICT = {
    "restricted_area": "#D55E00", "reversion_candidate": "#CC79A7", "state_area": "#56B4E9",
    "third_party": "#F0E442", "contract": "#6FA8DC", "extinct_area": "#000000", "own_area": "#0072B2",
    "no_area": "#bdbdbd",
}
# The outline of an area that is a reversion candidate, and its rank beside it.
REVERSION = "#c2185b"
# The class tables by the column they colour.
BY_COLUMN = {
    "legal_state": LEGAL_STATE, "stratum": STRATUM, "idle": IDLE,
    "conflict_type": CONFLICT_TYPE, "relation": RELATION, "reg_status": REG_STATUS,
    "restricted_category": RESTRICTED_CATEGORY, "front_type": FRONT_TYPE,
}
# Allowed mining zones (--allowed-zones, Madre de Dios' corridor): an ochre line no class uses.
ALLOWED_ZONE = "#b8860b"
OVERLAP = "#e31a1c"
# Extinct ground under no other claim nor prohibited area (issue 16): a warm yellow, apart from every state.
EXTINCT_FREE = "#e6ab02"
NO_VALUE = "#bdbdbd"
# The claims an atlas selected (issue 18): an electric cyan no class, claim state, area or loss
# year uses, so the selection reads apart from the red of overlaps and of a case's own claim.
SELECTED = "#00e5ff"

# Forest loss: FIRST_LOSS_YEAR in the first colour, LAST_LOSS_YEAR (and later) in the last.
FIRST_LOSS_YEAR, LAST_LOSS_YEAR = 2001, 2025
LOSS_RAMP = ("#fcc5d9", "#e7298a", "#54086b")
LOSS_UNDATED = "#c51b7d"


def rgb(colour: str) -> tuple[int, int, int]:
    """'#rrggbb' as a tuple of 0-255 integers."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def loss_year_colour(year: float) -> str:
    """The ramp's colour for loss in ``year``: linear in RGB between the three stops, clamped."""
    span = LAST_LOSS_YEAR - FIRST_LOSS_YEAR
    t = min(max((year - FIRST_LOSS_YEAR) / span, 0.0), 1.0) * (len(LOSS_RAMP) - 1)
    i = min(int(t), len(LOSS_RAMP) - 2)
    low, high = rgb(LOSS_RAMP[i]), rgb(LOSS_RAMP[i + 1])
    mix = (round(a + (b - a) * (t - i)) for a, b in zip(low, high, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*mix)


def loss_year_colours(first: int, last: int) -> list[str]:
    """The colours of the years ``first`` to ``last``, one per year."""
    return [loss_year_colour(year) for year in range(first, last + 1)]

# Bolivia (issue 20), by the catalogue prefix of each code's words (export/bolivia.BO_VALUE_WORDS):
# areas by actor the colours of docs/bolivia_map.py (cooperatives gold, COMIBOL blue, private
# mauve); states as Peru's legal states (in force the titled blue, in process green, extinct grey)
# with reverted orange, ground that went back to the state.
ACTOR_TYPE = {"cooperative": "#f2c14e", "state": "#5b8fd9", "private": "#b48ead"}
AREA_STATE = {"in_force": LEGAL_STATE["titled"], "in_process": LEGAL_STATE["pending"], "reverted": "#ff7f00",
              "extinct": LEGAL_STATE["extinct"], "other": LEGAL_STATE["other"], "unknown": LEGAL_STATE["unknown"]}
RIGHT_TYPE = {"cam": "#1f78b4", "ate": "#a6cee3", "licence": "#b2df8a", "other": LEGAL_STATE["other"]}
SITE_CONFLICT = {
    "restricted_area": "#000000", "own_area": "#2e7d32", "reversion_candidate": "#c62828", "contract": "#6FA8DC",
    "state_area": "#1565c0", "third_party": "#6a1b9a", "extinct_area": "#795548", "no_area": "#9e9e9e",
}
SITE_RELATION = {
    "no_area": "#9e9e9e", "extinct_area": "#795548", "own_area": "#2e7d32", "cooperative_on_state_area": "#1565c0",
    "on_cooperative_area": "#E69F00", "on_private_area": "#6a1b9a", "on_state_area": "#56B4E9",
}
# The reversion candidates: the red their rank is printed in on docs/bolivia_map.py.
REVERSION_CANDIDATE = "#c62828"
BY_COLUMN_BO = {"actor_type": ACTOR_TYPE, "area_state": AREA_STATE, "right_type": RIGHT_TYPE,
                "site_conflict": SITE_CONFLICT, "site_relation": SITE_RELATION}
