"""Writing files so that a reader never sees half of one, and no run spoils another's.

Each file is written under a temporary name beside its target that carries the writing
process's id (``.results-4242-x1y2z3w4.tmp.gpkg``), then renamed onto the target. A temporary
whose process is no longer running is stale: the next writer of that target removes it. A live
run's temporaries are never touched, so two runs never delete each other's work.

An output folder is locked while a run writes into it (:func:`output_lock`, a file holding the
process id), so two runs never interleave their results; a second run is refused, and the lock of
a killed run is taken over. Inside :func:`staged`, the renames wait for the end of the block: a
run that fails leaves the folder's previous outputs as they were, and ``summary.json``, the mark
of a finished run, is removed first and renamed into place last.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from concession_gis.errors import InputError, disk_error

LOCK_NAME = ".concession-gis.lock"
FINISHED_MARK = "summary.json"
_SIDECARS = ("-journal", "-wal", "-shm")  # SQLite's, while a GeoPackage is open


class _Stage:
    """The renames a :func:`staged` block has put off, in the order the files were finished."""

    def __init__(self, folder: Path, last: str):
        self.given, self.folder, self.last = folder, folder.resolve(), last
        self.renames: list[tuple[Path, Path]] = []

    def commit(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.folder / self.last).unlink()
        for temporary, target in sorted(self.renames, key=lambda pair: pair[1].name == self.last):
            os.replace(temporary, target)
        self.renames.clear()

    def discard(self) -> None:
        for temporary, _ in self.renames:
            _remove(temporary)
        self.renames.clear()


_stage: ContextVar[_Stage | None] = ContextVar("concession_gis_stage", default=None)


@contextlib.contextmanager
def staged(folder: str | Path, last: str = FINISHED_MARK) -> Iterator[None]:
    """Every :func:`atomic_path` into ``folder`` within the block is renamed into place only when
    the block ends without error, ``last`` after all others; on error, none is."""
    stage = _Stage(Path(folder), last)
    token = _stage.set(stage)
    finished = False
    try:
        yield
        finished = True
    finally:
        _stage.reset(token)
        if not finished:
            stage.discard()
    try:
        stage.commit()
    except OSError as exc:  # a full or read-only disk is the user's to fix: say which folder
        raise disk_error(exc, stage.given) or exc from None
    finally:
        stage.discard()


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed onto it only if the block succeeds.

    The temporary file keeps the target's suffix, so drivers that choose the format by
    extension (GeoPackage, XLSX) still do, and it lives in the same folder so the final
    rename is atomic on the same file system. Stale temporaries of ``target`` go first.
    """
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target.parent, [target.name])
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-{os.getpid()}-", suffix=f".tmp{target.suffix}",
                                        dir=target.parent)
    except OSError as exc:
        raise disk_error(exc, target.parent) or exc from None
    os.close(handle)
    temporary = Path(name)
    temporary.unlink()  # writers such as GDAL want to create the file themselves
    stage = _stage.get()
    kept = False
    try:
        yield temporary
        if stage is not None and target.parent.resolve() == stage.folder:
            stage.renames.append((temporary, target))
            kept = True
        else:
            os.replace(temporary, target)
    except OSError as exc:  # a full or read-only disk is the user's to fix: say which folder
        raise disk_error(exc, target.parent) or exc from None
    finally:
        _remove(temporary, keep=kept)


def _remove(temporary: Path, keep: bool = False) -> None:
    for leftover in ([] if keep else [temporary]) + [Path(f"{temporary}{tail}") for tail in _SIDECARS]:
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def write_text(target: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")


def _temporary_pattern(target: Path) -> re.Pattern[str]:
    # Names from before temporaries carried a process id (".results-x1y2z3w4.tmp.gpkg") are stale too.
    return re.compile(rf"\.{re.escape(target.stem)}-(?:(?P<pid>\d+)-)?[a-z0-9_]{{8}}"
                      rf"\.tmp{re.escape(target.suffix)}(?:{'|'.join(_SIDECARS)})?")


def remove_stale(folder: str | Path, names: list[str]) -> None:
    """Delete the temporaries that runs no longer running left for the outputs ``names`` in ``folder``."""
    folder = Path(folder)
    for name in names:
        target = Path(name)
        pattern = _temporary_pattern(target)
        for leftover in folder.glob(f".{glob.escape(target.stem)}-*.tmp{glob.escape(target.suffix)}*"):
            match = pattern.fullmatch(leftover.name)
            if match and not (match["pid"] and running(int(match["pid"]))):
                with contextlib.suppress(OSError):
                    leftover.unlink()


_held: dict[Path, int] = {}


@contextlib.contextmanager
def output_lock(folder: str | Path) -> Iterator[Path]:
    """Hold ``folder`` (created if needed) for this process's run; another run is refused.

    Re-entrant within a process, so a command can lock its whole run and the writers it calls
    lock again. The lock of a process that is no longer running is taken over. A folder created
    here and still empty at the end is removed.
    """
    folder = Path(folder)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, folder) or InputError(key="error.cannot_create_output", path=str(folder),
                                                    detail=str(exc.strerror)) from None
    key = folder.resolve()
    lock = folder / LOCK_NAME
    if key not in _held:
        _acquire(lock)
    _held[key] = _held.get(key, 0) + 1
    try:
        yield lock
    finally:
        _held[key] -= 1
        if not _held[key]:
            del _held[key]
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
            if created:  # a run that wrote nothing leaves no empty folder behind
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _acquire(lock: Path) -> None:
    for _ in range(2):
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _owner(lock)
            if owner is None or running(owner):
                break
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
            continue
        except OSError as exc:
            raise disk_error(exc, lock.parent) or exc from None
        with os.fdopen(handle, "w") as stream:
            stream.write(f"{os.getpid()}\n")
        return
    raise InputError(key="error.output_locked", path=str(lock.parent), pid=str(_owner(lock) or "?"), lock=str(lock))


def _owner(lock: Path) -> int | None:
    """The process id a lock file names; None when it names none (being written, or damaged)."""
    try:
        text = lock.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def running(pid: int) -> bool:
    """Whether a process ``pid`` is running on this machine (no number below 1 names one)."""
    if pid == os.getpid():
        return True
    if pid <= 0:  # os.kill(0, 0) would ask about this process's whole group
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process on Windows; ask for its exit code instead.
        import ctypes

        kernel32 = ctypes.windll.kernel32
        process = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not process:
            return kernel32.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        alive = bool(kernel32.GetExitCodeProcess(process, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        kernel32.CloseHandle(process)
        return alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
