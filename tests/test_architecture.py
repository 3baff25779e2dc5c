"""The shape of the code: the core never imports Qt, and every package is installed."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QT = re.compile(r"^\s*(from|import)\s+(PyQt5|PyQt6|PySide2|PySide6|qtpy)\b", re.MULTILINE)
UI = re.compile(r"^\s*(from|import)\s+concession_gis_ui\b", re.MULTILINE)


def test_core_sources_never_import_qt():
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "concession_gis").rglob("*.py") if QT.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_only_the_gui_command_reaches_into_the_ui():
    users = {str(p.relative_to(REPO)) for p in (REPO / "concession_gis").rglob("*.py") if UI.search(p.read_text(encoding="utf-8"))}
    assert users <= {"concession_gis/cli.py"}
    source = (REPO / "concession_gis" / "cli.py").read_text(encoding="utf-8")
    assert len(UI.findall(source)) == 1 and "def run_gui" in source.split("concession_gis_ui")[0].rsplit("\n\n\n", 1)[-1]


def test_core_runs_with_qt_unavailable():
    """Import every core module with PyQt5 made unimportable, as napari's CI does."""
    code = (
        "import sys, pkgutil, importlib\n"
        "for name in ('PyQt5', 'PyQt6', 'PySide2', 'PySide6'): sys.modules[name] = None\n"
        "import concession_gis\n"
        "for m in pkgutil.walk_packages(concession_gis.__path__, 'concession_gis.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_every_package_is_listed_for_installation():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "concession_gis").rglob("__init__.py")}
    found |= {"concession_gis_ui" + "".join("." + part for part in p.parent.relative_to(REPO / "ui").parts)
              for p in (REPO / "ui").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject packages: {sorted(found - listed)}"
