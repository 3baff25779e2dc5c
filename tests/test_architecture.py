"""The shape of the code: the import contracts hold, the core runs without Qt, every package is
installed, and the typed rules match rules.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import get_origin, get_type_hints, is_typeddict

from concession_gis.rules import Rules, default_rules

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    """The layers in pyproject's [tool.importlinter]: no Qt or GUI in the core, io/raster/analysis
    below export and the pipeline, no import cycles."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


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


def _typed_shape(typed: type) -> dict[str, object]:
    """Each key's type (list for list[str]), nested for the sections."""
    return {key: _typed_shape(hint) if is_typeddict(hint) else (get_origin(hint) or hint)
            for key, hint in get_type_hints(typed).items()}


def _toml_shape(table: dict[str, object]) -> dict[str, object]:
    return {key: _toml_shape(value) if isinstance(value, dict) else type(value) for key, value in table.items()}


def test_typed_rules_match_rules_toml():
    """Rules names every table and key of rules.toml, with the type of its default value."""
    assert _typed_shape(Rules) == _toml_shape(dict(default_rules()))
