"""How layers are coloured: categorized palettes per column and the forest-loss year ramp.

Plain data (RGBA tuples), no Qt. The colours are ``concession_gis.palette``'s, the table the
print maps draw with, so the screen and the paper agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from concession_gis_ui.bolivia import is_bolivian_layer

from concession_gis import columns, palette
from concession_gis.columns_bo import AreaState, SiteConflict, SiteRelation
from concession_gis.i18n import tr
from concession_gis.palette import FIRST_LOSS_YEAR, LAST_LOSS_YEAR
from concession_gis.raster.loss_years import UNDATED

RGBA = tuple[int, int, int, int]
# Canvas loss codes (one byte a pixel): 0 no loss, 1 undated loss, else the year less LOSS_CODE_BASE.
LOSS_CODE_BASE = 1900
LOSS_CODE_UNDATED = 1


def hex_rgba(text: str, alpha: int = 255) -> RGBA:
    return (*palette.rgb(text), alpha)


NO_VALUE: RGBA = hex_rgba(palette.NO_VALUE)


PALETTES: dict[str, dict[str, RGBA]] = {
    column: {value: hex_rgba(colour) for value, colour in table.items()} for column, table in palette.BY_COLUMN.items()
}
# The idle style's classes. The core's ``idle`` is false for every claim that is not titled
# (extinct, pending, quarries...), so false alone cannot be drawn as "worked": those claims are
# a class of their own, and a claim whose idleness is not known says so.
IDLE_CLASSES = ("idle", "worked", "unknown", "not_titled")
ORDER = {
    "legal_state": columns.LEGAL_STATES, "stratum": columns.STRATA,
    "conflict_type": columns.CONFLICT_TYPES, "relation": columns.RELATIONS,
    "reg_status": columns.REG_STATUSES, "restricted_category": ("prohibited", "conditional"),
    "idle": IDLE_CLASSES, "legal_status": columns.LEGAL_STATUSES, "front_type": columns.FRONT_TYPES,
}
# Restricted areas lie under the claims: translucent, as their single colour was.
PALETTES["restricted_category"] = {v: (*c[:3], 90) for v, c in PALETTES["restricted_category"].items()}
# Idle red and titled blue as the print has them; not titled pale grey, unknown the legal
# state's "unknown" (never the green of "pending" elsewhere).
PALETTES["idle"] = {"idle": hex_rgba(palette.IDLE["True"]), "worked": hex_rgba(palette.LEGAL_STATE["titled"]),
                    "unknown": hex_rgba(palette.LEGAL_STATE["unknown"]), "not_titled": hex_rgba("#d9d9d9")}
# A registration's legal status (issue 16): illegal the dark red of "outside an allowed zone",
# formalizable the green of coexistence, informal yellow, suspended orange, unknown mauve.
PALETTES["legal_status"] = {
    "illegal": hex_rgba(palette.CONFLICT_TYPE["outside_allowed_zone"]), "suspended": hex_rgba("#E69F00"),
    "formalizable": hex_rgba("#009E73"), "informal": hex_rgba("#F0E442"), "unknown": hex_rgba("#CC79A7"),
}
# Bolivia's classes, by the catalogue prefix of their words (a work site's ``conflict_type`` is
# ``site_conflict``: its codes are not Peru's), in the order of their enums.
PALETTES.update({key: {v: hex_rgba(c) for v, c in table.items()} for key, table in palette.BY_COLUMN_BO.items()})
ORDER.update({"actor_type": ("cooperative", "state", "private"), "area_state": tuple(AreaState),
              "right_type": ("cam", "ate", "licence", "other"), "site_conflict": tuple(SiteConflict),
              "site_relation": tuple(SiteRelation), "idle_bo": IDLE_CLASSES})
PALETTES["idle_bo"] = PALETTES["idle"]
SINGLE: dict[str, RGBA] = {
    "polygon": hex_rgba(palette.LEGAL_STATE["titled"]), "point": hex_rgba(palette.CONFLICT_TYPE["speculation"]),
    "restricted_areas": hex_rgba(palette.RESTRICTED, 60), "concession_overlaps": hex_rgba(palette.OVERLAP, 140),
    # Allowed mining zones (--allowed-zones): the print's ochre, pale, under the claims.
    "allowed_zones": hex_rgba(palette.ALLOWED_ZONE, 40),
    # Extinct ground under no other claim nor prohibited area (issue 16): the print's yellow.
    "extinct_free_ground": hex_rgba(palette.EXTINCT_FREE, 130),
    # Changes between two moments (compare): the change map's colours (export/change_map.py),
    # claims translucent so that the claims under them still show; recoded claims purple.
    "changes:claims_new": hex_rgba("#1a9641", 190), "changes:claims_extinct": hex_rgba("#d7191c", 150),
    "changes:claims_recoded": hex_rgba("#7b3294", 150),
    "changes:registrations_new": hex_rgba("#2b83ba"), "changes:registrations_excluded": hex_rgba("#1a1a1a"),
    # Bolivia: the reversion candidates over the areas, translucent so that their actor shows.
    "reversion_candidates": hex_rgba(palette.REVERSION_CANDIDATE, 150),
}
# Columns a layer can be styled by, per geometry kind; "loss_year" is graduated.
STYLE_COLUMNS = {
    "polygon": ("legal_state", "stratum", "idle", "loss_year", "restricted_category", "front_type"),
    "point": ("conflict_type", "relation", "reg_status", "legal_status"),
}
# A Bolivian layer's (concession_gis_ui.bolivia): AJAM's areas by actor, state, right; work sites
# by conflict type and relation, in Bolivia's codes.
STYLE_COLUMNS_BO = {
    "polygon": ("actor_type", "area_state", "right_type", "idle", "loss_year", "restricted_category"),
    "point": ("conflict_type", "relation"),
}
# The palette a Bolivian layer's column is drawn with, where it is not the column's own.
_BOLIVIAN_KEYS = {"conflict_type": "site_conflict", "relation": "site_relation", "idle": "idle_bo"}


def style_columns(kind: str, layer: str) -> tuple[str, ...]:
    """The columns a layer of ``kind`` called ``layer`` can be styled by."""
    return (STYLE_COLUMNS_BO if is_bolivian_layer(layer) else STYLE_COLUMNS).get(kind, ())


def palette_key(column: str | None, layer: str) -> str | None:
    """The palette (and catalogue prefix) of ``column`` on ``layer``."""
    if column is not None and is_bolivian_layer(layer):
        return _BOLIVIAN_KEYS.get(column, column)
    return column



def value_label(column: str, value: str, lang: str) -> str:
    """The words for one category value, from the core's catalogue when it has them (the idle
    style's classes and the idle flag have the window's own: ``ui.styles.idle.*``)."""
    key = f"ui.styles.{column}.{value}" if column in ("idle", "idle_bo") else f"{column}.{value}"
    text = tr(key, lang)
    if text == key and column == "idle_bo":  # the classes Bolivia words alike
        return value_label("idle", value, lang)
    return text if text != key else value.replace("_", " ").capitalize()


def loss_year_color(year: float) -> RGBA:
    """The palette's colour of loss in ``year``, as the print maps draw it."""
    return hex_rgba(palette.loss_year_colour(year))


def loss_codes(years: np.ndarray) -> np.ndarray:
    """Decoded loss years (``raster.loss_years.decode_years``) as the canvas's one-byte codes.

    A later year gets a larger code, so keeping the largest code of a block keeps its latest loss.
    """
    codes = np.clip(years - LOSS_CODE_BASE, LOSS_CODE_UNDATED + 1, 255)
    codes = np.where(years == UNDATED, LOSS_CODE_UNDATED, codes)
    return np.where(years == 0, 0, codes).astype(np.uint8)


def loss_lut() -> np.ndarray:
    """256 RGBA colours for the canvas's loss codes; 0 is transparent."""
    lut = np.zeros((256, 4), dtype=np.uint8)
    lut[LOSS_CODE_UNDATED] = hex_rgba(palette.LOSS_UNDATED)
    for code in range(LOSS_CODE_UNDATED + 1, 256):
        lut[code] = loss_year_color(LOSS_CODE_BASE + code)
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
    key = palette_key(column, layer)
    if column is None or column not in frame or key not in PALETTES:
        input_kind = layer.split(":")[1] if layer.startswith("input:") else layer  # an input's preview
        color = SINGLE.get(layer, SINGLE.get(input_kind, SINGLE[kind]))
        return Classes(np.zeros(n, dtype=np.int16), ("",), ("",), (color, NO_VALUE))
    values = tuple(str(v) for v in ORDER[key])
    raw = frame[column]
    if column == "idle":
        codes = idle_classes(raw, frame.get("legal_state"))
    else:
        codes = pd.Index(values).get_indexer(raw.to_numpy(dtype=object)).astype(np.int16)  # -1: not in the palette
        codes[codes < 0] = len(values)
    colours = PALETTES[key]
    labels = tuple(value_label(key, v, lang) for v in values)
    return Classes(codes, values, labels, tuple(colours[v] for v in values) + (NO_VALUE,))


def idle_classes(idle: pd.Series, legal_state: pd.Series | None) -> np.ndarray:
    """Each claim's class number in :data:`IDLE_CLASSES`: idle; titled and not idle; not known
    (idle missing); not titled (idle false on a claim whose legal state is known and not titled)."""
    flags = idle.astype("boolean")
    titled = np.ones(len(idle), dtype=bool) if legal_state is None else (legal_state == "titled").to_numpy(dtype=bool)
    codes = np.full(len(idle), IDLE_CLASSES.index("unknown"), dtype=np.int16)
    codes[flags.fillna(False).to_numpy(dtype=bool)] = IDLE_CLASSES.index("idle")
    not_idle = (~flags).fillna(False).to_numpy(dtype=bool)
    codes[not_idle & titled] = IDLE_CLASSES.index("worked")
    codes[not_idle & ~titled] = IDLE_CLASSES.index("not_titled")
    return codes
