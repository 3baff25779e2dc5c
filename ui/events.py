"""A tiny event type for the models: plain Python, no Qt, so the models work without a window.

Widgets subscribe with :meth:`Event.connect`; a widget that writes to a model while handling that
model's event wraps the write in :meth:`Event.blocked` so the two never ping-pong (napari's rule).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Event:
    """A list of callbacks called in order with the emitted values."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []
        self._blocked = 0

    def connect(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[..., Any]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *values: Any) -> None:
        if self._blocked:
            return
        for callback in list(self._callbacks):
            callback(*values)

    @contextmanager
    def blocked(self) -> Iterator[None]:
        """Emit nothing inside the block."""
        self._blocked += 1
        try:
            yield
        finally:
            self._blocked -= 1
