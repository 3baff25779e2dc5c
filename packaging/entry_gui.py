"""The bundle's `concession-gis-gui` executable: `concession-gis gui ARGS…`, windowed on Windows.

The Start-menu entry and the project-file association run it. A windowed Windows program has no
standard output or error (``sys.stdout`` is None), so whatever the application would print there
goes to ``gui-console.log`` in the log folder instead of being lost.
"""

import multiprocessing
import sys


def _streams_to_log() -> None:
    if sys.stdout is not None and sys.stderr is not None:
        return
    from concession_gis.logs import log_dir

    stream = open(log_dir() / "gui-console.log", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    sys.stdout = sys.stdout or stream
    sys.stderr = sys.stderr or stream


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a spawned worker runs its task here and exits
    _streams_to_log()
    from concession_gis.cli import main

    sys.exit(main(["gui", *sys.argv[1:]]))
