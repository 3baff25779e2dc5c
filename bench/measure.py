"""Timing and peak memory of one command, in its own process.

A forked child's ``ru_maxrss`` keeps the high-water mark of the parent image it was forked
from, so measuring a child of a big benchmark process overstates it. GNU time is a small
launcher: the command it starts inherits nothing big, and ``%M`` is that command's own peak.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


@dataclass(frozen=True)
class Measured:
    wall_s: float
    peak_mib: float
    stdout: str
    cpu_s: float = float("nan")  # user + system seconds of the command (and its children)


def run_measured(command: list[str], env: dict | None = None, cwd=None) -> Measured:
    """Run ``command``; its wall time, its own peak resident memory and what it printed."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = os.path.join(folder, "peak")
        launcher = [GNU_TIME, "-f", "%M %U %S", "-o", peak_file] if GNU_TIME else []
        started = time.perf_counter()
        result = subprocess.run(launcher + command, capture_output=True, text=True, env=env, cwd=cwd)
        wall = time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, command[:3]))} failed: {result.stderr[-2000:]}")
        peak_kib, user, system = (map(float, Path(peak_file).read_text().split()[-3:]) if GNU_TIME
                                  else (float("nan"),) * 3)
    return Measured(wall, peak_kib / 1024, result.stdout, user + system)
