"""``concession-gis gui --smoke-test`` (what the bundle's checks run), from the development install."""

from __future__ import annotations

import os
import subprocess
import sys


def test_smoke_test_opens_analyses_and_closes(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONCESSION_GIS_DATA_DIR": str(tmp_path / "data"),
           "CONCESSION_GIS_LOG_DIR": str(tmp_path / "logs"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([sys.executable, "-m", "concession_gis", "gui", "--smoke-test", "--lang", "en"],
                            env=env, cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = [line.removeprefix("smoke-test: ").rsplit(" ", 2)[0] for line in result.stdout.splitlines()
             if line.startswith("smoke-test:")]
    assert steps == ["window shown", "sample opened", "analysis done, results drawn"]
    (log,) = (tmp_path / "logs").glob("smoke-test-*.log")
    assert "results drawn" in log.read_text(encoding="utf-8")
    assert not any((tmp_path / "data" / "autosave").iterdir())  # a clean exit leaves no autosave
    assert not any(work.iterdir())
