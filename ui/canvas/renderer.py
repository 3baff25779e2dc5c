"""The render thread: paints the newest request into a QImage and hands it to the GUI thread.

The GUI thread posts requests (a viewport and snapshots of the layers) and never waits. A newer
request of the same kind supersedes an older one: the thread checks between chunks of work and
drops a frame as soon as a newer one is waiting, so a burst of wheel steps costs one redraw.
"""

from __future__ import annotations

import threading
import time
import traceback

from concession_gis_ui.canvas.painter import Superseded, render_map, render_selection
from concession_gis_ui.heartbeat import make_way
from PyQt5.QtCore import QObject, pyqtSignal

KINDS = ("map", "selection")


class Renderer(QObject):
    """One background thread drawing "map" and "selection" images."""

    # request id, kind, QImage, Viewport, seconds spent
    rendered = pyqtSignal(int, str, object, object, float)
    failed = pyqtSignal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Condition()
        self._pending: dict[str, tuple] = {}
        self._latest: dict[str, int] = dict.fromkeys(KINDS, 0)
        self._next_id = 0
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name="map-renderer", daemon=True)
        self._thread.start()

    def request(self, kind: str, view, layers: list) -> int:
        """Ask for a ``kind`` image of ``layers`` in ``view``; returns the request id."""
        with self._lock:
            self._next_id += 1
            self._pending[kind] = (self._next_id, view, layers)
            self._latest[kind] = self._next_id
            self._lock.notify()
            return self._next_id

    def latest(self, kind: str) -> int:
        return self._latest[kind]

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._pending and not self._stopping:
                    self._lock.wait()
                if self._stopping:
                    return
                # Selection frames are cheap and show the user's click: draw them first.
                kind = "selection" if "selection" in self._pending else "map"
                request_id, view, layers = self._pending.pop(kind)
            self._render(kind, request_id, view, layers)

    def _render(self, kind: str, request_id: int, view, layers) -> None:
        def check() -> None:
            if self._latest[kind] != request_id or self._stopping:
                raise Superseded
            make_way()  # the GUI thread first, between chunks

        started = time.perf_counter()
        try:
            draw = render_map if kind == "map" else render_selection
            image = draw(view, layers, check)
        except Superseded:
            return
        except Exception:  # noqa: BLE001 - relayed to the message panel, never lost
            self.failed.emit(traceback.format_exc())
            return
        self.rendered.emit(request_id, kind, image, view, time.perf_counter() - started)
