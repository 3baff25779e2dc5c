"""Restricted areas (protected areas, buffer zones, reserves) and their categories: mining is
prohibited in some (national parks, sanctuaries, ...) and possible with SERNANP's compatibility
opinion in the others (reserves, buffer zones, ...): rules.toml ``[restricted.categories]``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from concession_gis.analysis.intersecting import intersecting
from concession_gis.analysis.joined import joined_per_key
from concession_gis.columns import RestrictedCategory
from concession_gis.errors import UnknownCategoryWarning, warn
from concession_gis.io.values import fold, fold_series
from concession_gis.rules import Rules


def in_restricted(reg_geoms: np.ndarray, area_geoms: np.ndarray, names: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(inside any restricted area, names of the areas joined by '; ') per registration.

    A registration area counts as inside when it overlaps a restricted area at all.
    """
    inside = np.zeros(len(reg_geoms), dtype=bool)
    labels = [""] * len(reg_geoms)
    if not len(area_geoms) or not len(reg_geoms):
        return inside, labels
    reg, area = intersecting(reg_geoms, area_geoms)
    is_point = shapely.get_type_id(reg_geoms[reg]) == shapely.GeometryType.POINT
    # A registration area that only touches the boundary is not inside.
    real = is_point | shapely.relate_pattern(reg_geoms[reg], area_geoms[area], "T********")
    reg, area = reg[real], area[real]
    inside[reg] = True
    return inside, _names(reg, area, names, len(reg_geoms))


def claim_in_restricted(claim_geoms: np.ndarray, area_geoms: np.ndarray, names: pd.Series) -> tuple[pd.Series, list[str]]:
    """(inside, names of the areas overlapped) for registrations located by the claim they
    declare, one claim shape each: the miner works somewhere on that claim, not known where.

    True only where the whole claim lies inside restricted areas, False where it overlaps none,
    <NA> where it lies partly inside (the miner may be on either part). A claim that only
    touches an area's boundary overlaps none.
    """
    inside = pd.Series(False, index=pd.RangeIndex(len(claim_geoms)), dtype="boolean")
    if not len(area_geoms) or not len(claim_geoms):
        return inside, [""] * len(claim_geoms)
    reg, area = intersecting(claim_geoms, area_geoms)
    real = shapely.relate_pattern(claim_geoms[reg], area_geoms[area], "T********")
    reg, area = reg[real], area[real]
    for r in np.unique(reg):
        covered = shapely.covered_by(claim_geoms[r], shapely.union_all(area_geoms[area[reg == r]]))
        inside[int(r)] = True if covered else pd.NA
    return inside, _names(reg, area, names, len(claim_geoms))


def _names(reg: np.ndarray, area: np.ndarray, names: pd.Series, n: int) -> list[str]:
    """The names of the areas each registration overlaps, joined by '; ', each once."""
    labels = np.full(n, "", dtype=object)
    if len(reg):
        joined = joined_per_key(reg, names.to_numpy()[area], "; ")
        labels[joined.index.to_numpy()] = joined.to_numpy()
    return labels.tolist()


# --- categories: prohibited or conditional (rules.toml [restricted.categories]) ----------------

PROHIBITED = RestrictedCategory.PROHIBITED
CONDITIONAL = RestrictedCategory.CONDITIONAL


def area_categories(category: pd.Series, rules: Rules, words: dict[str, list[str]] | None = None) -> pd.Series:
    """``prohibited`` or ``conditional`` for each restricted area, from its category text
    (compared upper case, without accents). A category in neither list counts as prohibited,
    the strictest reading, and is warned of by value; an area without a category counts as
    prohibited too (as every area did before categories existed). ``words`` are a country
    profile's lists (:meth:`~concession_gis.profile.Profile.restricted_categories`); the rules'
    when None."""
    if words is None:
        words = {"prohibited": rules["restricted"]["categories"]["prohibited"],
                 "conditional": rules["restricted"]["categories"]["conditional"]}
    folded = fold_series(category.fillna("").astype(str))
    conditional = folded.isin([fold(w) for w in words["conditional"]])
    known = conditional | folded.isin([fold(w) for w in words["prohibited"]]) | (folded == "")
    for value, n in category[~known].value_counts().items():
        warn(UnknownCategoryWarning(key="warning.unknown_category", value=str(value), n=int(n)))
    return pd.Series(np.where(conditional, CONDITIONAL, PROHIBITED), index=category.index, dtype=object)


def most_restrictive(
    any_in: pd.Series, any_names: list[str], prohibited_in: pd.Series, prohibited_names: list[str]
) -> tuple[pd.Series, list[str]]:
    """(``restricted_category``, ``restricted_name``) of each registration from where it lies
    among all restricted areas (``any_in``, true/false/<NA>) and among the prohibited ones:
    nested areas report the most restrictive, so a registration in a reserve inside its buffer
    zone is ``prohibited`` and named after the reserve alone. Empty where it lies in none, and
    where it may lie in a prohibited area but it is not known (<NA>): never a guess."""
    in_prohibited = prohibited_in.fillna(False).to_numpy(dtype=bool)
    maybe_prohibited = prohibited_in.isna().to_numpy()
    only_conditional = (prohibited_in == False).fillna(False).to_numpy(dtype=bool)  # noqa: E712
    only_conditional &= any_in.fillna(False).to_numpy(dtype=bool)
    category = np.where(in_prohibited, PROHIBITED, np.where(only_conditional, CONDITIONAL, ""))
    prohibited_text = np.asarray(prohibited_names, dtype=object)
    names = np.where((in_prohibited | maybe_prohibited) & (prohibited_text != ""), prohibited_text,
                     np.asarray(any_names, dtype=object))
    return pd.Series(category, index=any_in.index, dtype=object), names.tolist()
