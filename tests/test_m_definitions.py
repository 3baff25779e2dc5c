"""Issue 16: m under its three definitions, each against a hand computation.

Four titled claims of one district (1-km UTM cells, 18S), buffers of 800 m
(``registrations.loss_buffer_m``):

    A (0-1 x 0-1 km, 100 ha): two active registrations near its centre. The 800 m buffer reaches
      every corner (707 m away), so all of A is footprint, once, though two buffers cover it.
    B (2-6 x 0-1 km, 400 ha): one suspended registration; no footprint.
    C (7-9 x 0-0.1 km, 20 ha, a 100 m wide strip): no registration on it; an active registration
      on no claim 300 m east of its east end, on its middle line. Its buffer covers the strip
      from x = 9.3 - sqrt(800² - t²) to 9.0 km at height t from the line:
      ∫ (sqrt(800² - t²) - 300) dt over t in [-50, 50]
      = [t/2 sqrt(800² - t²) + 800²/2 asin(t/800)] - 300 · 100
      = 50 · 798.436 + 640000 · asin(0.0625) - 30000 = 49,947.8 m² = 4.9948 ha.
    D (12-13 x 0-1 km, 100 ha): nothing (2.7 km from the nearest active registration).

Titled: 620 ha (all four claims lie together, so UTM's scale changes every share by under 1e-6).
    m_informal_share = A / 620 = 100 / 620 = 0.1613
    m_with_suspended = (A + B) / 620 = 500 / 620 = 0.8065
    m_footprint = (100 + 0 + 4.9948 + 0) / 620 = 0.16935
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from concession_gis.analysis.footprint import footprint_ha
from concession_gis.model import Inputs
from concession_gis.pipeline import analyze
from tests.builders import claims, registrations_csv

CLAIMS = [
    {"code": "A", "holder": "MINERA A SAC", "cells": (0, 0, 1, 1)},
    {"code": "B", "holder": "MINERA B SAC", "cells": (2, 0, 6, 1)},
    {"code": "C", "holder": "MINERA C SAC", "cells": (7, 0, 9, 0.1)},
    {"code": "D", "holder": "MINERA D SAC", "cells": (12, 0, 13, 1)},
]
REGISTRATIONS = [
    {"id": "a1", "x": 0.5, "y": 0.5},
    {"id": "a2", "x": 0.6, "y": 0.5},
    {"id": "b1", "x": 4.0, "y": 0.5, "estado": "SUSPENDIDO"},
    {"id": "c1", "x": 9.3, "y": 0.05},
]
STRIP_HA = (50 * math.sqrt(800**2 - 50**2) + 800**2 * math.asin(50 / 800) - 300 * 100) / 10_000


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("m")
    conc = tmp / "catastro.gpkg"
    claims(CLAIMS).to_file(conc, driver="GPKG")
    regs = registrations_csv(tmp / "reinfo.csv", REGISTRATIONS)
    results = analyze(Inputs(concessions=[str(conc)], registrations=[str(regs)],
                             rule_overrides={"reference_date": "2025-06-30", "registrations": {"loss_buffer_m": 800.0}}),
                      lang="en")
    return results.district_summary.set_index("district").loc["PARIAHUANCA"]


def test_the_strip_by_hand():
    assert pytest.approx(4.9948, abs=1e-4) == STRIP_HA


def test_m_informal_share_counts_claims_with_an_active_registration(district):
    assert district["titled_ha"] == pytest.approx(620, rel=1e-3)
    assert district["m_informal_share"] == pytest.approx(100 / 620, abs=1e-4)


def test_m_with_suspended_also_counts_claims_with_a_suspended_registration(district):
    assert district["m_with_suspended"] == pytest.approx(500 / 620, abs=1e-4)


def test_m_footprint_counts_the_titled_ground_near_active_registrations(district):
    assert district["m_footprint"] == pytest.approx((100 + STRIP_HA) / 620, abs=1e-4)


def test_footprint_of_each_claim_buffers_once_titled_only():
    # Planar metres stand for the working CRS here: a 1 km square under two buffers that both
    # cover it, a square half under one buffer (by symmetry: half the 64-gon's area, which is
    # π r² · (32/π) sin(π/32) · 1/2), a pending claim under a buffer, and an inactive registration.
    claims_w = np.array([shapely.box(0, 0, 1000, 1000), shapely.box(5000, 0, 7000, 2000),
                         shapely.box(0, 5000, 1000, 6000), shapely.box(20000, 0, 21000, 1000)], dtype=object)
    titled = np.array([True, True, False, True])
    reg_w = np.array([shapely.Point(500, 500), shapely.Point(400, 500), shapely.Point(6000, 0),
                      shapely.Point(500, 5500), shapely.Point(20500, 500)], dtype=object)
    active = np.array([True, True, True, True, False])
    ha = footprint_ha(claims_w, titled, reg_w, active, 800.0)
    half_64gon = 32 * 800**2 * math.sin(2 * math.pi / 64) / 2 / 10_000
    assert ha[0] == pytest.approx(100.0)
    assert ha[1] == pytest.approx(half_64gon)
    assert ha[2] == 0.0 and ha[3] == 0.0
