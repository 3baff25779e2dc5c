"""Refresh the .ts files from the source and compile them: ``python -m concession_gis_ui.i18n.update``.

pylupdate5 (shipped with PyQt5) collects every ``translate("Context", "text")`` and
``QT_TRANSLATE_NOOP`` into concession_gis_ui_{es,en}.ts, keeping the translations already
there; lrelease (Debian: qttools5-dev-tools) compiles them into the .qm files the application
loads. The .qm files are committed, so neither tool is needed to build or run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from concession_gis_ui.i18n import HERE

LANGUAGES = ("es", "en")


def sources() -> list[str]:
    root = HERE.parent
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if "i18n" not in p.parts)


def main() -> int:
    root = HERE.parent
    pylupdate = shutil.which("pylupdate5") or str(Path(sys.executable).with_name("pylupdate5"))
    ts_files = [str((HERE / f"concession_gis_ui_{lang}.ts").relative_to(root)) for lang in LANGUAGES]
    subprocess.run([pylupdate, "-noobsolete", *sources(), "-ts", *ts_files], cwd=root, check=True)
    lrelease = shutil.which("lrelease") or shutil.which("lrelease-qt5")
    if lrelease is None:
        print("lrelease not found (apt-get install qttools5-dev-tools): the .qm files were not rebuilt", file=sys.stderr)
        return 1
    for ts in ts_files:
        subprocess.run([lrelease, ts], cwd=root, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
