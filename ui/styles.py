"""How layers are coloured: categorized palettes per column and the forest-loss year ramp.

Plain data (RGBA tuples), no Qt. The colours are those of the print maps
(``concession_gis.export.cartography``) so the screen and the paper agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from concession_gis import columns
from concession_gis.i18n import tr

RGBA = tuple[int, int, int, int]
FIRST_LOSS_YEAR, LAST_LOSS_YEAR = 2001, 2025
NO_VALUE: RGBA = (189, 189, 189, 255)


def hex_rgba(text: str, alpha: int = 255) -> RGBA:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16), alpha)


PALETTES: dict[str, dict[str, RGBA]] = {
    "legal_state": {"titled": hex_rgba("#2c6fbb"), "pending": hex_rgba("#3aa64a"),
                    "extinct": hex_rgba("#6e6e6e"), "other": hex_rgba("#d9cfb4")},
    "stratum": {"large_medium": hex_rgba("#7b3294"), "small": hex_rgba("#c2a5cf"),
                "artisanal": hex_rgba("#a6dba0")},
    "idle": {"True": hex_rgba("#d7191c"), "False": hex_rgba("#1a9641")},
    "conflict_type": {"coexistence_candidate": hex_rgba("#009E73"), "speculation": hex_rgba("#E69F00"),
                      "blocked": hex_rgba("#000000"), "third_party": hex_rgba("#F0E442"),
                      "restricted_area": hex_rgba("#D55E00"), "pending_claim": hex_rgba("#56B4E9"),
                      "own_title": hex_rgba("#0072B2"), "no_concession": hex_rgba("#bdbdbd")},
    "relation": {"own_title": hex_rgba("#0072B2"), "third_party_large": hex_rgba("#D55E00"),
                 "third_party_small": hex_rgba("#E69F00"), "pending_claim": hex_rgba("#56B4E9"),
                 "extinct_claim": hex_rgba("#000000"), "no_concession": hex_rgba("#bdbdbd")},
    "reg_status": {"active": hex_rgba("#1a9641"), "suspended": hex_rgba("#fdae61"),
                   "excluded": hex_rgba("#d7191c"), "unknown": hex_rgba("#bdbdbd")},
}
ORDER = {
    "legal_state": columns.LEGAL_STATES, "stratum": columns.STRATA, "idle": ("True", "False"),
    "conflict_type": columns.CONFLICT_TYPES, "relation": columns.RELATIONS,
    "reg_status": columns.REG_STATUSES,
}
SINGLE: dict[str, RGBA] = {
    "polygon": hex_rgba("#2c6fbb"), "point": hex_rgba("#E69F00"),
    "restricted_areas": hex_rgba("#2e7d32", 60), "concession_overlaps": hex_rgba("#e31a1c", 140),
}
# Columns a layer can be styled by, per geometry kind; "loss_year" is graduated.
STYLE_COLUMNS = {
    "polygon": ("legal_state", "stratum", "idle", "loss_year"),
    "point": ("conflict_type", "relation", "reg_status"),
}

# Labels for values the core's catalogue has no words for (idle is a boolean there).
_FALLBACK_LABELS = {
    "es": {"True": "Ociosa", "False": "Con actividad"},
    "en": {"True": "Idle", "False": "Active"},
}


def value_label(column: str, value: str, lang: str) -> str:
    """The words for one category value, from the core's catalogue when it has them."""
    key = f"{column}.{value}"
    text = tr(key, lang)
    if text != key:
        return text
    fallback = _FALLBACK_LABELS.get(lang, {})
    return fallback.get(key) or fallback.get(value) or value.replace("_", " ").capitalize()


def loss_year_color(year: float) -> RGBA:
    """Older loss pale pink, recent loss dark purple: the print maps' ramp (#fcc5d9 → #e7298a → #54086b)."""
    stops = np.array([hex_rgba("#fcc5d9"), hex_rgba("#e7298a"), hex_rgba("#54086b")], dtype=float)
    t = float(np.clip((year - FIRST_LOSS_YEAR) / (LAST_LOSS_YEAR - FIRST_LOSS_YEAR), 0, 1)) * 2
    i = min(int(t), 1)
    mix = stops[i] + (stops[i + 1] - stops[i]) * (t - i)
    return tuple(int(round(v)) for v in mix)  # type: ignore[return-value]


def loss_lut(encoding: str = "lossyear") -> np.ndarray:
    """256 RGBA colours for the pixel values of a forest-loss raster; 0 is transparent."""
    lut = np.zeros((256, 4), dtype=np.uint8)
    if encoding == "mask":
        lut[1:] = hex_rgba("#c51b7d")
        return lut
    for value in range(1, 256):
        year = 2000 + value if encoding == "lossyear" else value + 1900
        lut[value] = loss_year_color(year)
    return lut


@dataclass(frozen=True)
class Classes:
    """Each feature's class number and each class's value, label and colour (last class = no value)."""

    codes: np.ndarray
    values: tuple[str, ...]
    labels: tuple[str, ...]
    colors: tuple[RGBA, ...]


def classify(frame: pd.DataFrame, column: str | None, kind: str, layer: str, lang: str) -> Classes:
    """The classes of ``frame`` for a style by ``column`` (None: one colour for every feature)."""
    n = len(frame)
    if column == "loss_year" and column in frame:
        years = pd.to_numeric(frame[column], errors="coerce")
        values = tuple(str(y) for y in range(FIRST_LOSS_YEAR, LAST_LOSS_YEAR + 1))
        codes = (years - FIRST_LOSS_YEAR).clip(0, len(values) - 1)
        codes = codes.fillna(len(values)).to_numpy(dtype=np.int16)
        colors = tuple(loss_year_color(int(v)) for v in values) + (NO_VALUE,)
        return Classes(codes, values, values, colors)
    if column is None or column not in frame or column not in PALETTES:
        color = SINGLE.get(layer, SINGLE[kind])
        return Classes(np.zeros(n, dtype=np.int16), ("",), ("",), (color, NO_VALUE))
    values = tuple(ORDER[column])
    raw = frame[column]
    if column == "idle":
        flags = raw.astype("boolean")
        codes = np.full(n, len(values), dtype=np.int16)
        codes[flags.fillna(False).to_numpy(dtype=bool)] = 0
        codes[(~flags).fillna(False).to_numpy(dtype=bool)] = 1
    else:
        codes = pd.Index(values).get_indexer(raw.to_numpy(dtype=object)).astype(np.int16)  # -1: not in the palette
        codes[codes < 0] = len(values)
    palette = PALETTES[column]
    labels = tuple(value_label(column, v, lang) for v in values)
    return Classes(codes, values, labels, tuple(palette[v] for v in values) + (NO_VALUE,))
