"""Jobs are function objects and their errors cross the process boundary as values: a kind, a
catalogue key with its values, and the input the error names; the window acts on those only."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

pytest.importorskip("PyQt5")
pytest.importorskip("pytestqt")

from concession_gis_ui import jobs  # noqa: E402
from concession_gis_ui.failure import Failure, FailureKind  # noqa: E402

from concession_gis import errors  # noqa: E402

pytest_plugins = ["tests.gui_helpers"]
pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def cadastre_without_crs(tmp_path):
    from concession_gis.sample.bundled import bundled_inputs

    cadastre = bundled_inputs().concessions[0]
    stem = "CatastroMinero_WGS84_19S"
    for suffix in (".shp", ".shx", ".dbf"):  # no .prj: the CRS is missing
        shutil.copy(cadastre.replace(".shp", suffix), tmp_path / f"{stem}{suffix}")
    return str(tmp_path / f"{stem}.shp")


@pytest.mark.parametrize(("error", "kind"), [
    (errors.MissingCRSError(key="error.raster_without_crs", path="x.tif"), FailureKind.MISSING_CRS),
    (errors.SchemaError(key="error.utm_without_zone", path="r.csv"), FailureKind.SCHEMA),
    (errors.InputNotFoundError(key="error.rules_not_found", path="r.toml"), FailureKind.INPUT),
    (errors.Cancelled(key="error.cancelled"), FailureKind.CANCELLED),
    (ZeroDivisionError("division by zero"), FailureKind.INTERNAL),
])
def test_each_error_class_has_its_kind(error, kind):
    try:
        raise error
    except Exception as exc:  # noqa: BLE001 - the traceback of a real raise
        failure = pickle.loads(pickle.dumps(Failure.from_exception(exc)))
    assert failure.kind is kind
    assert failure.user_error is (kind is not FailureKind.INTERNAL)
    assert bool(failure.details) is (kind is FailureKind.INTERNAL)  # a bug keeps its traceback
    if isinstance(error, errors.Localized):
        assert failure.key == error.key and failure.path == error.values.get("path")
        assert failure.text("es") == error.text("es") and failure.text("en") == str(error)


def test_the_error_names_its_row_and_column():
    error = errors.SchemaError(key="error.mapped_column_missing", path="c.gpkg", field="code", column="IDENT",
                               columns="A, B")
    assert (error.path, error.column, error.row) == ("c.gpkg", "IDENT", None)
    failure = Failure.from_exception(error)
    assert (failure.path, failure.column, failure.row) == ("c.gpkg", "IDENT", None)
    assert errors.InputError(key="validate.rejected_row", row=7, reason="x").row == 7


def test_a_missing_crs_from_a_real_job_reaches_the_window_with_its_path_and_kind(qtbot, cadastre_without_crs, tmp_path):
    from concession_gis_ui.worker import ProcessRunner

    runner = ProcessRunner()
    try:
        job = runner.submit(jobs.check_input_job, spec=cadastre_without_crs, kind="concessions", column_map=[],
                            crs=None, out_path=str(tmp_path / "preview"))
        with qtbot.waitSignal(job.failed, timeout=60_000) as failed:
            pass
    finally:
        runner.shutdown()
    failure = failed.args[0]
    assert failure.kind is FailureKind.MISSING_CRS
    assert failure.path == cadastre_without_crs
    assert failure.key == "error.vector_without_crs" and failure.details == ""


def test_a_failure_in_the_analysis_opens_the_dialog_of_the_input_it_names(make_window, qtbot, cadastre_without_crs):
    """The window finds the culprit by the failure's path, not by reading the message."""
    from concession_gis_ui.control.inputs import names_input
    from concession_gis_ui.dialogs.crs_dialog import CrsDialog

    failure = Failure(FailureKind.MISSING_CRS, "some words no one reads", key="error.vector_without_crs",
                      path=cadastre_without_crs)
    assert names_input(failure, cadastre_without_crs)
    assert not names_input(failure, cadastre_without_crs.replace(".shp", ".gpkg"))
    window = make_window("en")
    window.session.add_input("concessions", cadastre_without_crs)
    window.controller._on_analysis_failed(failure)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, CrsDialog), timeout=30_000)


def test_a_job_is_a_function_object_run_in_the_worker(qtbot, tmp_path):
    from concession_gis_ui.worker import ProcessRunner

    runner = ProcessRunner()
    try:
        job = runner.submit(jobs.file_columns_job, spec=str(tmp_path / "none.csv"))
        assert job.function is jobs.file_columns_job
        with qtbot.waitSignal(job.failed, timeout=60_000) as failed:
            pass
    finally:
        runner.shutdown()
    assert failed.args[0].kind is FailureKind.INPUT
    assert failed.args[0].path == str(tmp_path / "none.csv")


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities (Windows: a priority class)")
def test_the_worker_process_runs_below_the_window(qtbot, tmp_path):
    """When another program keeps the cores busy, the system gives the window a core before
    the analysis (jobserver.below_the_window)."""
    from concession_gis_ui.jobserver import NICENESS
    from concession_gis_ui.worker import ProcessRunner

    runner = ProcessRunner()
    try:
        job = runner.submit(jobs.file_columns_job, spec=str(tmp_path / "none.csv"))
        with qtbot.waitSignal(job.failed, timeout=60_000):
            pass  # the worker has started and run a job
        worker = runner._process.pid
        assert os.getpriority(os.PRIO_PROCESS, worker) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
    finally:
        runner.shutdown()
