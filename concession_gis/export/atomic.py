"""Writing files so that a reader never sees half of one: a temporary name, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from concession_gis.errors import disk_error


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed onto it only if the block succeeds.

    The temporary file keeps the target's suffix, so drivers that choose the format by
    extension (GeoPackage, XLSX) still do, and it lives in the same folder so the final
    rename is atomic on the same file system.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=f".tmp{target.suffix}", dir=target.parent)
    except OSError as exc:
        raise disk_error(exc, target.parent) or exc from None
    os.close(handle)
    temporary = Path(name)
    temporary.unlink()  # writers such as GDAL want to create the file themselves
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as exc:  # a full or read-only disk is the user's to fix: say which folder
        raise disk_error(exc, target.parent) or exc from None
    finally:
        for leftover in (temporary, Path(f"{temporary}-journal"), Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def write_text(target: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")


def remove_stale(folder: str | Path, names: list[str]) -> None:
    """Delete temporaries that an interrupted run left for the outputs ``names`` in ``folder``."""
    folder = Path(folder)
    for name in names:
        target = Path(name)
        for leftover in folder.glob(f".{target.stem}-*.tmp{target.suffix}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()
