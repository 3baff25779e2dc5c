"""The bundle's `concession-gis` executable: the command line (`concession-gis gui` opens the window).

``main`` calls ``multiprocessing.freeze_support()`` first, so the job-server process that the
GUI spawns (this same executable, re-started) runs its task instead of the command line.
"""

import sys

from concession_gis.cli import main

if __name__ == "__main__":
    sys.exit(main())
