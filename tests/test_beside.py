"""Work beside the run's stages (issue 22, both cores): the passes over every pixel run on a thread
of their own while the zonal measures go on, with the tables of the passes done in turn; the run's
progress, cancel and warnings hold across the two threads."""

from __future__ import annotations

import contextvars
import threading
import time
import warnings

import pytest

from concession_gis import pipeline
from concession_gis.errors import Cancelled, ConcessionGisWarning, collecting_warnings, warn
from concession_gis.progress import Beside, Feedback
from concession_gis.sample.demo import FILES
from tests.conftest import demo_inputs
from tests.test_cluster import analyze as analyze_cli
from tests.test_cluster import assert_same_tables


@pytest.fixture
def fronts_ran_on(monkeypatch) -> list[str]:
    """The names of the threads that computed fronts, in order."""
    from concession_gis.analysis import fronts

    ran_on: list[str] = []
    plain_fronts = fronts.loss_fronts
    monkeypatch.setattr(fronts, "loss_fronts", lambda *a, **k: ran_on.append(threading.current_thread().name)
                        or plain_fronts(*a, **k))
    return ran_on


def test_the_passes_beside_the_zonal_measures_give_the_tables_of_the_passes_in_turn(fronts_ran_on, monkeypatch,
                                                                                     tmp_path):
    ran_on = fronts_ran_on
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    assert analyze_cli(tmp_path / "beside") == 0
    monkeypatch.setattr(pipeline, "BESIDE_MAX_PIXELS", 0)  # every raster too large: one after the other
    assert analyze_cli(tmp_path / "in_turn") == 0
    assert ran_on[0].startswith("pixel-passes") and ran_on[1] == "MainThread"
    assert_same_tables(tmp_path / "in_turn", tmp_path / "beside", rtol=0)


def test_one_core_runs_the_passes_in_turn(fronts_ran_on, monkeypatch, demo_dir):
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "1")
    pipeline.analyze(demo_inputs(demo_dir, loss_rasters=[str(demo_dir / FILES["loss_raster"])]), lang="en")
    assert fronts_ran_on == ["MainThread"]


@pytest.fixture
def vector_work_ran_on(monkeypatch) -> dict[str, list[str]]:
    """The threads the claims' overlaps, the free extinct ground and the miners' footprint were
    computed on."""
    ran_on: dict[str, list[str]] = {"overlaps": [], "free_ground": [], "footprint": []}
    for name, attribute in (("overlaps", "overlap_pairs"), ("free_ground", "free_ground_outputs"),
                            ("footprint", "footprint_ha")):
        plain = getattr(pipeline, attribute)
        monkeypatch.setattr(pipeline, attribute, lambda *a, _plain=plain, _name=name, **k: ran_on[_name].append(
            threading.current_thread().name) or _plain(*a, **k))
    return ran_on


def test_overlaps_free_ground_and_footprint_beside_the_run_give_the_tables_of_one_core(vector_work_ran_on,
                                                                                        monkeypatch, tmp_path):
    # Four cores: the passes over every pixel take two, the run keeps two, so both go beside it
    # (on two, the run keeps one: the overlaps still start beside, the free ground and the
    # footprint wait their turn).
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "4")
    assert analyze_cli(tmp_path / "beside") == 0
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    assert analyze_cli(tmp_path / "two") == 0
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "1")
    assert analyze_cli(tmp_path / "in_turn") == 0
    threads = {name: [thread.split("_")[0] for thread in ran] for name, ran in vector_work_ran_on.items()}
    assert threads == {"overlaps": ["overlaps", "overlaps", "MainThread"],
                       "free_ground": ["free-ground", "MainThread", "MainThread"],
                       "footprint": ["footprint", "MainThread", "MainThread"]}
    assert_same_tables(tmp_path / "in_turn", tmp_path / "two", rtol=0)
    assert_same_tables(tmp_path / "in_turn", tmp_path / "beside", rtol=0)


def test_cancelling_the_run_stops_the_passes_beside_it(monkeypatch, demo_dir):
    monkeypatch.setenv("CONCESSION_GIS_WORKERS", "2")
    inputs = demo_inputs(demo_dir, loss_rasters=[str(demo_dir / FILES["loss_raster"])])
    feedback = Feedback()
    feedback._listener = lambda step: step.stage == "zonal_loss" and feedback.cancel()
    with pytest.raises(Cancelled):
        pipeline.analyze(inputs, feedback, lang="en")
    assert not [t for t in threading.enumerate() if t.name.startswith("pixel-passes")]


def test_waiting_shows_the_work_progress_and_returns_its_result():
    steps = []
    feedback = Feedback(steps.append)

    def work(own: Feedback) -> str:
        own.stage("loss_fronts", total=5)
        for _ in range(5):
            time.sleep(0.05)
            own.advance()
        return "done"

    with Beside(work, feedback, "test") as beside:
        assert beside.result() == "done"
    shown = [s for s in steps if s.stage == "loss_fronts"]
    assert shown and shown[0].total == 5 and [s.done for s in shown] == sorted(s.done for s in shown)


def test_the_work_error_is_raised_where_its_result_is_taken():
    def work(own: Feedback) -> None:
        raise ValueError("broken tile")

    with Beside(work, Feedback(), "test") as beside, pytest.raises(ValueError, match="broken tile"):
        beside.result()


def test_a_run_failing_before_it_needs_the_result_stops_the_work():
    checks = []

    def work(own: Feedback) -> None:
        while True:
            time.sleep(0.01)
            checks.append(1)
            own.check()

    with pytest.raises(RuntimeError), Beside(work, Feedback(), "test-stop"):
        time.sleep(0.05)
        raise RuntimeError("the run failed")
    assert checks and not [t for t in threading.enumerate() if t.name.startswith("test-stop")]


def test_the_work_sees_the_run_context():
    flag: contextvars.ContextVar[str] = contextvars.ContextVar("flag", default="unset")
    flag.set("the run's")
    with Beside(lambda own: flag.get(), Feedback(), "test") as beside:
        assert beside.result() == "the run's"


def test_warnings_beside_and_under_another_thread_ignore_filter_all_reach_the_run():
    """Libraries set Python's warning filters to "ignore" around their own calls
    (``catch_warnings``, one filter list per process): a warning said by another thread then was
    lost. The run's warnings go to the run's own list instead."""
    stop = threading.Event()

    def library_calls() -> None:
        while not stop.is_set():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                time.sleep(0.001)

    noisy = threading.Thread(target=library_calls)
    noisy.start()
    try:
        with (collecting_warnings() as collected,
              Beside(lambda own: [warn(ConcessionGisWarning(key="warning.beside", n=k)) for k in range(100)],
                     Feedback(), "test") as beside):
            for k in range(100):
                warn(ConcessionGisWarning(key="warning.run", n=k))
                time.sleep(0.0005)
            beside.result()
    finally:
        stop.set()
        noisy.join()
    assert sorted(w.key for w in collected) == ["warning.beside"] * 100 + ["warning.run"] * 100


def test_outside_a_run_a_warning_is_a_python_warning():
    with pytest.warns(ConcessionGisWarning):
        warn(ConcessionGisWarning(key="warning.alone"))
