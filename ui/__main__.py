"""``python -m concession_gis_ui [PROJECT_OR_FILES…]``: the same as ``concession-gis gui``."""

import sys

from concession_gis_ui.launch import run

if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:], None))
