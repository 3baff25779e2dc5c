"""The extraction in worker processes (issue 22, both cores): the sums of one thread to the last
bit, progress by task, a damaged tile named from a worker, and a cancel that stops the tasks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from concession_gis.cores import leaving_cores
from concession_gis.errors import Cancelled
from concession_gis.progress import Feedback
from concession_gis.raster import parallel, processes, windows
from concession_gis.raster.zonal import zonal_loss
from concession_gis.sample.demo import FILES
from tests.test_cluster import analyze, cut_into_tiles, tile_flags
from tests.test_raster_parallel import many_claims  # noqa: F401 - the fixture


@pytest.mark.parametrize(("left", "workers"), [(0, 2), (1, 1)])
def test_processes_give_the_sums_of_one_thread(many_claims, monkeypatch, left, workers):  # noqa: F811
    # Two cores: two worker processes; or one core left to work beside in this process (the
    # pixel passes) and one worker process, not this thread, which would take turns with that
    # work for the interpreter lock. One core alone in its process: this thread.
    source, claims = many_claims
    sent = []
    plain = processes.extract_in_processes
    monkeypatch.setattr(processes, "extract_in_processes", lambda *a: sent.append(a[-1]) or plain(*a))
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "1")
    alone = zonal_loss(source, claims)
    assert sent == []
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    steps = []
    with leaving_cores(left):
        both = zonal_loss(source, claims, Feedback(steps.append))
    assert sent == [workers]
    pd.testing.assert_frame_equal(alone.by_year, both.by_year, check_exact=True)
    np.testing.assert_array_equal(alone.coverage, both.coverage)
    assert steps[-1].done == steps[-1].total == len(claims) and len({s.done for s in steps}) > 3


def test_a_damaged_tile_read_by_a_worker_process_is_named(demo_dir, tmp_path, capsys, monkeypatch):
    # Four cores: two for the zonal measures, two for the passes beside them.
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "4")
    monkeypatch.setenv("CONCESSION_GIS_PARALLEL_MIN_FEATURES", "1")  # the demo's few claims to the workers too
    monkeypatch.setattr(windows, "BATCH_PIXELS", 96 * 96)  # and in many batches
    monkeypatch.setattr(windows, "CHUNK_FEATURES", 4)
    sent = []
    plain = processes.extract_in_processes
    monkeypatch.setattr(processes, "extract_in_processes", lambda *a: sent.append(a[-1]) or plain(*a))
    tiles = cut_into_tiles(demo_dir / FILES["loss_raster"], tmp_path / "tiles", n=2, damaged=(0, 1))
    capsys.readouterr()
    assert analyze(tmp_path / "out", *tile_flags(demo_dir, tiles)) == 2
    assert sent and set(sent) == {2}
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "tile_01.tif" in err and "damaged" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_cancel_stops_the_tasks_not_yet_started(many_claims, monkeypatch):  # noqa: F811
    source, claims = many_claims
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    feedback = Feedback()
    feedback._listener = lambda step: step.done and feedback.cancel()
    with pytest.raises(Cancelled):
        zonal_loss(source, claims, feedback)
    assert parallel.worker_count(len(claims)) == 2


def test_a_worker_killed_between_runs_leaves_a_new_pool_for_the_next(many_claims, monkeypatch):  # noqa: F811
    import os
    import signal
    import time

    source, claims = many_claims
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    before = zonal_loss(source, claims)  # the pool is up
    pool = processes._pool(2)
    for pid in list(pool._processes):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not pool._broken and time.monotonic() < deadline:
        time.sleep(0.05)
    again = zonal_loss(source, claims)
    assert processes._pool(2) is not pool
    np.testing.assert_array_equal(before.coverage, again.coverage)
