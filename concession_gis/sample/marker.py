"""How a run knows its inputs are the synthetic sample: the note the sample writers leave beside them.

``concession-gis sample`` (and the bundled demo) write a LEEME.txt / README.txt whose first line
says the data are synthetic. A run whose inputs lie beside such a note records ``synthetic: true``
in its summary, and every map drawn from it carries a visible "datos sintéticos" mark, so a
figure made from invented claims and miners is never taken for a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

NOTES = ("LEEME.txt", "README.txt")
# The first line of each sample's note (demo.README, readme.readme_text): one source for both.
DEMO_HEADING = "Datos de demostración de concession-gis / concession-gis demo data"
SYNTHETIC_HEADING = "DATOS SINTÉTICOS / SYNTHETIC DATA"


def is_synthetic(paths: Iterable[str | Path]) -> bool:
    """Whether any of ``paths`` lies beside a sample's note."""
    folders = {Path(path).parent for path in paths if path}
    return any(_says_synthetic(folder / name) for folder in folders for name in NOTES)


def _says_synthetic(note: Path) -> bool:
    try:
        with note.open(encoding="utf-8") as handle:
            first = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return False
    return first in (DEMO_HEADING, SYNTHETIC_HEADING)
