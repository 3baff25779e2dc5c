"""The parallel extraction gives the serial numbers, reports progress and stops when cancelled."""

from __future__ import annotations

import os
import threading
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from concession_gis import cores
from concession_gis.errors import Cancelled
from concession_gis.progress import Feedback
from concession_gis.raster import parallel, windows
from concession_gis.raster.sources import open_loss_sources
from concession_gis.raster.zonal import zonal_loss
from tests.raster_fixtures import HANSEN_RES, hansen_transform, write_raster


@pytest.fixture(scope="module")
def many_claims(tmp_path_factory):
    """A 600 x 600 lossyear raster and 2,500 small tilted claims over it."""
    rng = np.random.default_rng(3)
    codes = np.where(rng.random((600, 600)) < 0.2, rng.integers(1, 25, (600, 600)), 0).astype("uint8")
    path = write_raster(tmp_path_factory.mktemp("par") / "loss.tif", codes, hansen_transform())
    west, north = hansen_transform().c, hansen_transform().f
    centres = rng.uniform(0.01, 0.14, (2_500, 2))
    boxes = [shapely.affinity.rotate(shapely.box(west + x - 0.002, north - y - 0.002, west + x + 0.002, north - y + 0.002), 7)
             for x, y in centres]
    claims = gpd.GeoSeries(boxes, crs="EPSG:4326")
    assert 600 * HANSEN_RES > 0.14
    return open_loss_sources([str(path)])[0], claims


def test_parallel_equals_serial(many_claims, monkeypatch):
    source, claims = many_claims
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "1")
    serial = zonal_loss(source, claims)
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    steps = []
    both = zonal_loss(source, claims, Feedback(steps.append))
    pd.testing.assert_frame_equal(serial.by_year, both.by_year)
    np.testing.assert_array_equal(serial.coverage, both.coverage)
    assert steps[-1].done == steps[-1].total == len(claims)
    assert len({s.done for s in steps}) > 5  # progress arrives job by job, not all at the end


def test_cancelling_stops_the_threads_within_a_second(many_claims, monkeypatch):
    source, claims = many_claims
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    monkeypatch.setattr(windows, "CHUNK_FEATURES", 16)  # many small batches: work outlasts the cancel
    big = gpd.GeoSeries(np.tile(claims.values, 40), crs=claims.crs)
    feedback = Feedback()
    started = threading.Event()
    feedback._listener = lambda step: step.done and started.set()
    timer = {}

    def cancel_once_running():
        started.wait(120)
        timer["cancelled"] = time.monotonic()
        feedback.cancel()

    threading.Thread(target=cancel_once_running, daemon=True).start()
    with pytest.raises(Cancelled):
        zonal_loss(source, big, feedback)
    assert time.monotonic() - timer["cancelled"] < 1.0
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("zonal-")]


def test_the_threshold_for_workers_can_be_lowered(monkeypatch):
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    assert parallel.worker_count(19) == 1
    monkeypatch.setenv("CONCESSION_GIS_PARALLEL_MIN_FEATURES", "10")
    assert parallel.worker_count(19) == 2
    assert parallel.worker_count(9) == 1


def test_the_cores_are_those_the_process_may_run_on(monkeypatch):
    # Pinned to one CPU of several (taskset, a container's share): one core, and none to leave.
    monkeypatch.delenv("CONCESSION_GIS_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert cores.usable_cores() == 1 and cores.cores_here() == 1
    with cores.leaving_cores(1):
        assert cores.cores_here() == 1 and cores.sharing_process()
    assert not cores.sharing_process()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert cores.cores_here() == 4 and parallel.worker_count(10_000) == 4
