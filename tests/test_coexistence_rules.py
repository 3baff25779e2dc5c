"""Hand-built cases for issue 15's coexistence rules; expected values written by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

from concession_gis.analysis.deposits import deposit_types
from concession_gis.analysis.holders import holder_keys, holder_strata, holder_types
from concession_gis.analysis.nearest import nearest_km
from concession_gis.geodesy import working_crs
from concession_gis.rules import load_rules

RULES = load_rules(overrides={"reference_date": "2025-01-01"})


def test_no_deposit_column_and_silent_activity_is_unknown():
    activity = pd.Series(["EXPLOTACION", "EXPLOTACION", "EXPLOTACION ALUVIAL"])
    assert deposit_types(activity, pd.Series(["FILONIANO", "", ""]), RULES).tolist() == [
        "hard_rock", "unknown", "alluvial"]
    assert deposit_types(pd.Series(["VETA"]), pd.Series(["AURÍFERO ALUVIAL"]), RULES).tolist() == ["alluvial"]


def test_holder_types_from_ruc_form_and_state_names():
    holder = pd.Series(["JUAN PEREZ", "MINERA X S.A.C.", "ACTIVOS MINEROS S.A.C.", "PEDRO", "ALGO"])
    ruc = pd.Series(["10123456789", "", "20100000001", "", "20555"])
    kinds = holder_types(holder, holder_keys(holder, RULES), ruc, RULES)
    assert kinds.tolist() == ["person", "company", "state", "unknown", "company"]


def test_group_subsidiary_of_900_ha_counts_as_large():
    key = pd.Series(["SUB", "SOLO"])
    strata = holder_strata(key, pd.Series(["", ""]), pd.Series(["titled", "titled"]), pd.Series([900.0, 900.0]),
                           RULES, pd.DataFrame({"holder": ["BIG SA", "SUB"], "stratum": ["large", "artisanal"],
                                                "ruc": ["", ""], "group": ["G", "G"]}))
    assert strata["stratum"].tolist() == ["large", "artisanal"]
    assert strata["stratum_source"].tolist() == ["group", "area"]


def test_nearest_km_against_geod():
    crs = working_crs((-70.1, -13.1, -69.9, -12.9))
    points = shapely.points([-70.0], [-13.0])
    target = shapely.points([-69.98], [-13.01])
    from pyproj import Transformer

    from concession_gis.geodesy import WGS84
    move = Transformer.from_crs(WGS84, crs, always_xy=True)
    src = shapely.transform(points, lambda xy: np.column_stack(move.transform(xy[:, 0], xy[:, 1])))
    tgt = shapely.transform(target, lambda xy: np.column_stack(move.transform(xy[:, 0], xy[:, 1])))
    found, km = nearest_km(src, tgt, crs, 5.0)
    expected = Geod(ellps="WGS84").inv(-70.0, -13.0, -69.98, -13.01)[2] / 1000
    assert found.tolist() == [0] and km[0] == pytest.approx(expected, rel=1e-6)
    assert nearest_km(src, tgt, crs, 1.0)[0].tolist() == [-1]
