"""Benchmarks (``make bench``): each bench_*.py module times one part against its peers.

The package is measured as installed: an installed package carries its byte code (pip compiles
it; the desktop bundle too), where an editable checkout run with ``PYTHONDONTWRITEBYTECODE``
compiles its own modules again in every process (0.14 s of a run, which its peers, installed,
never pay). So the benchmarks compile them once before they start.
"""

import compileall
from pathlib import Path

for _package in ("concession_gis", "ui"):
    compileall.compile_dir(Path(__file__).parent.parent / _package, quiet=1)
