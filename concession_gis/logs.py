"""Where the tool writes its log files: the user's data folder, never the working folder."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path


def log_dir() -> Path:
    """%LOCALAPPDATA%\\concession-gis\\logs on Windows, ~/.local/state/concession-gis/logs elsewhere."""
    if os.environ.get("CONCESSION_GIS_LOG_DIR"):
        base = Path(os.environ["CONCESSION_GIS_LOG_DIR"])
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "concession-gis" / "logs"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Logs" / "concession-gis"
    else:
        base = Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "concession-gis" / "logs"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:  # a home folder that is read-only or full: the details still land somewhere
        base = Path(tempfile.gettempdir()) / "concession-gis-logs"
        base.mkdir(parents=True, exist_ok=True)
    return base


def log_path(prefix: str = "error") -> Path:
    """A new log file name stamped with the current time."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return log_dir() / f"{prefix}-{stamp}.log"
