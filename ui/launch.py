"""Starting the application: the window, or the unattended smoke test that checks an installation.

Kept apart from app.py, which the smoke test itself drives: ``concession-gis gui`` comes in here.
"""

from __future__ import annotations

import multiprocessing

from concession_gis_ui.app import create_app, install_excepthook, make_window
from concession_gis_ui.smoke import run_smoke_test


def run(paths: list[str], lang: str | None, smoke_test_started: float | None = None) -> int:
    """Open the window and run until it is closed; the exit status of the event loop. With
    ``smoke_test_started`` (a ``time.perf_counter()``), the unattended smoke test instead."""
    multiprocessing.freeze_support()
    if smoke_test_started is not None:
        return run_smoke_test(lang, smoke_test_started)
    app = create_app()
    window = make_window(lang, paths)
    install_excepthook(window)
    window.show()
    return app.exec_()
