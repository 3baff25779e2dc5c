"""What the loss rasters say of a claim, in words: how much of it they cover, and, with no loss
on it, whether that is no data or none found. Ground with no pixel is never printed as ground
with no loss (issue 18: a claim half off the raster read "no forest loss").
"""

from __future__ import annotations

import pandas as pd

from concession_gis.export.typography import format_number
from concession_gis.i18n import tr

# Below this share of a claim off the rasters (round-off at its edge), a claim counts as covered.
UNCOVERED_TOLERANCE = 0.005


def uncovered_share(claim: pd.Series) -> float | None:
    """The share of the claim on no valid pixel of the loss rasters; None when it was not measured
    (no raster given, or a results file from before coverage was recorded)."""
    value = pd.to_numeric(pd.Series([claim.get("raster_coverage")]), errors="coerce").iloc[0]
    if pd.isna(value):
        return None
    return float(min(1.0, max(0.0, 1.0 - value)))


def coverage_note(claim: pd.Series, lang: str) -> str | None:
    """"No data for X % of the claim" when the loss rasters cover only part of it, else None."""
    share = uncovered_share(claim)
    if share is None or share <= UNCOVERED_TOLERANCE or share >= 1 - UNCOVERED_TOLERANCE:
        return None
    return tr(_words("case.loss_partial", claim), lang, pct=format_number(100 * share, lang, 0))


def loss_statement(claim: pd.Series, lang: str) -> str:
    """What the rasters say of a claim with no loss on it: no data (for all or part of it), or
    none found on a claim they wholly cover. Never "no loss" for ground they do not cover."""
    partial = coverage_note(claim, lang)
    if partial:
        return f"{partial} {tr('case.no_loss_found_covered', lang)}"
    share = uncovered_share(claim)
    value = claim.get("loss_ha")
    measured = value is not None and not pd.isna(value) and (share is None or share < 1 - UNCOVERED_TOLERANCE)
    return tr(_words("case.no_loss_found" if measured else "case.no_loss", claim), lang)


def _words(key: str, claim: pd.Series) -> str:
    """The message ``key`` naming a Peruvian claim "concession", or its ``_area`` variant naming
    a Bolivian one "mining area" (an AJAM area is the one with an area state)."""
    return f"{key}_area" if "area_state" in claim.index else key
