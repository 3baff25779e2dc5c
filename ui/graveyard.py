"""Freeing big layers a little at a time, off the GUI thread. No Qt.

Dropping the last reference to a layer of 87,000 geometries frees everything in one cascade
that holds the GIL for ~0.1 s (measured: 130 ms for the three national previews), however
it is started. Here a thread takes the layers no longer shown, waits until nothing else uses
their frames and arrays (the table, the details panel, a frame being drawn), and then empties
them in slices of a few thousand objects, letting the GUI thread run between slices.
"""

from __future__ import annotations

import sys
import threading
import time

import numpy as np
import pandas as pd

SLICE = 2000
PATIENCE_S = 120.0  # after this long still in use elsewhere: let reference counting have it
POLL_S = 0.2
SETTLE_S = 2.0  # start after the busy moment (results being installed) has passed
PAUSE_S = 0.003  # between slices: the GUI thread must win the GIL, not just be offered it


class Graveyard:
    """``bury(layer)``: the layer's frame, canvas arrays and search text are freed gently."""

    def __init__(self) -> None:
        self._queue: list = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def bury(self, *layers) -> None:
        with self._lock:
            for layer in layers:
                for name in ("frame", "prepared", "search_text", "cells", "results"):
                    value = layer.__dict__.pop(name, None) if hasattr(layer, "__dict__") else None
                    if value is not None:
                        self._queue.append((value, time.monotonic()))
            if self._queue and (self._thread is None or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._run, name="graveyard", daemon=True)
                self._thread.start()

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def _run(self) -> None:
        time.sleep(SETTLE_S)
        while True:
            with self._lock:
                if not self._queue:
                    return
                value, since = self._queue.pop(0)
            # Our references: the local name and getrefcount's argument.
            if sys.getrefcount(value) > 2 and time.monotonic() - since < PATIENCE_S:
                with self._lock:
                    self._queue.append((value, since))
                del value
                time.sleep(POLL_S)
                continue
            dismantle(value)
            del value


def dismantle(value) -> None:
    """Empty ``value`` (a frame, an object array, a dataclass of arrays) slice by slice."""
    if isinstance(value, pd.DataFrame):
        geometry = getattr(value, "_geometry_column_name", None)
        if geometry in value:
            _empty_array(getattr(value[geometry].values, "_data", None))
        for column in [c for c in value.columns if c != geometry]:
            del value[column]
            time.sleep(PAUSE_S)
    elif isinstance(value, pd.Series):
        _empty_array(value.to_numpy(dtype=object, copy=False) if value.dtype == object else None)
    elif isinstance(value, np.ndarray):
        _empty_array(value)
    elif isinstance(value, dict):
        for key in list(value):
            part = value.pop(key)
            if isinstance(part, np.ndarray) and sys.getrefcount(part) <= 2:
                _empty_array(part)
            del part
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            part = getattr(value, name)
            if isinstance(part, np.ndarray) and sys.getrefcount(part) <= 3:
                _empty_array(part)


def _empty_array(array) -> None:
    if not isinstance(array, np.ndarray) or array.dtype != object or not array.flags.writeable:
        return
    for start in range(0, len(array), SLICE):
        array[start:start + SLICE] = None
        time.sleep(PAUSE_S)
