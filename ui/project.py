"""Project files (the whole session as a small JSON file) and the crash-recovery autosave.

No Qt here. Paths inside a project are written relative to the project file, so a folder holding
the project and its data can be moved or copied to another computer and still opens.
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from concession_gis.errors import InputError
from concession_gis.export.atomic import running
from concession_gis.inputs import KINDS, split_spec
from concession_gis.model import Inputs, inputs_from
from concession_gis.profile import COUNTRIES

FORMAT = "concession-gis-project"
VERSION = 1
SUFFIXES = (".cgis.json", ".cgisproj")
# The keys of "inputs" that hold paths: one per input kind (its Inputs attribute), and the rules.
PATH_FIELDS = (*(kind.attribute for kind in KINDS), "rules")


@dataclass
class Project:
    """Everything needed to reopen a session as it was."""

    inputs: Inputs = field(default_factory=lambda: Inputs(concessions=[]))
    language: str = "es"
    layers: dict[str, dict] = field(default_factory=dict)  # name -> visible, opacity, style, order
    view: list[float] | None = None  # minx, miny, maxx, maxy in degrees
    view_aspect: float | None = None  # the map's x shrink, cos(latitude of the data)
    results: str | None = None  # a results.gpkg written by concession-gis
    context: list[str] = field(default_factory=list)  # the user's context layers' files, top first
    country: str | None = None  # "pe" or "bo"; None: guessed from the inputs, as the command line does


def is_project_file(path: str | os.PathLike) -> bool:
    name = str(path).lower()
    return name.endswith(SUFFIXES)


def save_project(project: Project, path: str | os.PathLike, extra: dict | None = None) -> Path:
    """Write ``project`` to ``path`` (under a temporary name first), paths relative to it."""
    path = Path(path)
    base = path.resolve().parent
    inputs = asdict(project.inputs)
    for name in PATH_FIELDS:
        inputs[name] = _map_paths(inputs[name], lambda p: _relative(p, base))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "saved": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "language": project.language,
        "inputs": inputs,
        "layers": project.layers,
        "view": project.view,
        "view_aspect": project.view_aspect,
        "results": _relative(project.results, base) if project.results else None,
        "context": [_relative(p, base) for p in project.context],
        "country": project.country,
        **(extra or {}),
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)
    return path


def load_project(path: str | os.PathLike) -> Project:
    """Read a project file; relative paths are taken from the project file's folder."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(key="error.project_not_found", path=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(key="error.project_unreadable", path=str(path), detail=str(exc)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(key="error.not_a_project", path=str(path), format=FORMAT)
    if int(document.get("version", 0)) > VERSION:
        raise InputError(key="error.project_too_new", path=str(path), version=document["version"])
    base = path.resolve().parent
    raw = dict(document.get("inputs") or {})
    for name in PATH_FIELDS:
        if name in raw:
            raw[name] = _map_paths(raw[name], lambda p: _absolute(p, base))
    inputs = inputs_from(raw)
    results = document.get("results")
    country = document.get("country")
    if country is not None and country not in COUNTRIES:
        raise InputError(key="error.unknown_country", value=str(country), allowed=", ".join(COUNTRIES))
    return Project(
        inputs=inputs,
        language=document.get("language") or "es",
        layers=document.get("layers") or {},
        view=document.get("view"),
        view_aspect=document.get("view_aspect"),
        results=_absolute(results, base) if results else None,
        context=[_absolute(p, base) for p in document.get("context") or []],
        country=country,
    )


def _map_paths(value, convert):
    if value is None:
        return None
    if isinstance(value, list):
        return [convert(v) for v in value]
    return convert(value)


def _split_suffix(spec: str) -> tuple[str, str]:
    """'PATH' or 'PATH:LAYER' / 'PATH:ENCODING' → (path, ':LAYER')."""
    path, suffix = split_spec(spec)
    return path, f":{suffix}" if suffix else ""


def _relative(spec: str, base: Path) -> str:
    path, suffix = _split_suffix(str(spec))
    try:
        relative = os.path.relpath(Path(path).resolve(), base)
    except ValueError:  # another drive on Windows: keep it absolute
        return str(spec)
    return Path(relative).as_posix() + suffix


def _absolute(spec: str, base: Path) -> str:
    path, suffix = _split_suffix(str(spec))
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = (base / candidate).resolve()
    return str(candidate) + suffix


# --- autosave ----------------------------------------------------------------------------------


def user_data_dir() -> Path:
    """Where the autosave and session files live (CONCESSION_GIS_DATA_DIR overrides it)."""
    if os.environ.get("CONCESSION_GIS_DATA_DIR"):
        base = Path(os.environ["CONCESSION_GIS_DATA_DIR"])
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "concession-gis"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "concession-gis"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "concession-gis"
    base.mkdir(parents=True, exist_ok=True)
    return base


def cache_dir() -> Path:
    path = user_data_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Autosave:
    """This session's autosave file and work folder; the files of crashed sessions, for recovery."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else user_data_dir()
        self.id = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.work_dir = self.root / "sessions" / self.id
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.file = self.root / "autosave" / f"{self.id}.cgis.json"
        # The window writes its autosave on a thread (a write may wait on a busy disk): the lock
        # keeps two writes, or a write and the clean exit's discard, from crossing.
        self._lock = threading.Lock()
        self._taken = -math.inf
        self._ended = False

    def save(self, project: Project, taken: float | None = None) -> Path | None:
        """Write ``project`` as this session's autosave. ``taken``: when it was taken from the
        window (``time.monotonic()``); a project older than the one written last is not written,
        nor is any after :meth:`discard` (None then)."""
        taken = time.monotonic() if taken is None else taken
        with self._lock:
            if self._ended or taken < self._taken:
                return None
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self._taken = taken
            return save_project(project, self.file, extra={"pid": os.getpid()})

    def discard(self) -> None:
        """A clean exit: forget this session's autosave and work files."""
        with self._lock:
            self._ended = True
            self.file.unlink(missing_ok=True)
            _remove_tree(self.work_dir)

    def orphans(self) -> list[Path]:
        """Autosaves of sessions that did not end cleanly (their process is gone), newest first."""
        folder = self.root / "autosave"
        found = []
        for path in folder.glob("*.cgis.json") if folder.exists() else []:
            if path == self.file:
                continue
            try:
                pid = int(json.loads(path.read_text(encoding="utf-8")).get("pid", 0))
            except (OSError, ValueError, json.JSONDecodeError):
                continue
            if not running(pid):
                found.append(path)
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def sweep(self) -> int:
        """Remove the work folders of ended sessions that left no autosave; how many went."""
        kept = {p.name.removesuffix(".cgis.json") for p in (self.root / "autosave").glob("*.cgis.json")} \
            if (self.root / "autosave").exists() else set()
        removed = 0
        for folder in (self.root / "sessions").iterdir():
            parts = folder.name.split("-")
            pid = int(parts[2]) if len(parts) == 4 and parts[2].isdigit() else 0
            if folder != self.work_dir and folder.name not in kept and not running(pid):
                _remove_tree(folder)
                removed += 1
        return removed

    def forget(self, orphan: Path) -> None:
        """Remove a crashed session's autosave and its work folder (after recovery or refusal)."""
        orphan.unlink(missing_ok=True)
        _remove_tree(self.root / "sessions" / orphan.name.removesuffix(".cgis.json"))


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
