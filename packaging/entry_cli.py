"""The bundle's `concession-gis` executable: the command line (`concession-gis gui` opens the window).

``main`` calls ``multiprocessing.freeze_support()`` first, so the worker processes that the
zonal statistics and the GUI's job server spawn (this same executable, re-started) run their
task instead of the command line.
"""

import sys

from concession_gis.cli import main

if __name__ == "__main__":
    sys.exit(main())
