"""Benchmarks (``make bench``): each bench_*.py module times one part against its peers.

The package is measured as installed: an installed package carries its byte code (pip compiles
it; the desktop bundle too), where an editable checkout run with ``PYTHONDONTWRITEBYTECODE``
compiles its own modules again in every process (0.14 s of a run, which its peers, installed,
never pay). So the benchmarks compile them once before they start, in the first process only:
the measured processes they start (which import ``bench`` too) inherit the mark and skip the
check of every file (28 ms that would count in their times).
"""

import compileall
import os
from pathlib import Path

if not os.environ.get("CONCESSION_GIS_BENCH_COMPILED"):
    for _package in ("concession_gis", "ui"):
        compileall.compile_dir(Path(__file__).parent.parent / _package, quiet=1)
    os.environ["CONCESSION_GIS_BENCH_COMPILED"] = "1"
