"""Size and start-up time of the built bundle, as the markdown of docs/benchmarks.md's section.

    .venv/bin/python packaging/measure.py [dist/concession-gis]

Every run of the bundle gets a clean environment (PATH=/usr/bin:/bin, a fresh HOME,
QT_QPA_PLATFORM=offscreen). "Cold" runs first drop the bundle's files from the page cache
(posix_fadvise DONTNEED, no root needed; the system's own libraries stay cached), the nearest
this shared machine gets to the first start after a reboot or an installation.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5


def tree_bytes(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files), len(files)


def compressed_sizes(folder: Path) -> dict[str, int]:
    """Bytes of the folder as .tar.gz (gzip level 6; symbolic links kept as links) and as .zip
    (deflate level 6, as Windows' Compress-Archive writes; links left out: Windows builds have none)."""
    with tempfile.TemporaryDirectory() as work:
        tgz, zipped = Path(work) / "bundle.tar.gz", Path(work) / "bundle.zip"
        with tarfile.open(tgz, "w:gz", compresslevel=6) as archive:
            archive.add(folder, arcname=folder.name)
        with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.write(path, path.relative_to(folder.parent))
        return {"tar.gz": tgz.stat().st_size, "zip": zipped.stat().st_size}


def evict(folder: Path) -> None:
    """Drop the folder's files from the page cache (clean pages only; no root needed)."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as handle:
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start


def until_line(command: list[str], env: dict[str, str], cwd: Path, marker: str) -> tuple[float, float]:
    """Seconds until a stdout line starts with ``marker``, and until the process has ended."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seen = None
    for line in process.stdout:
        if seen is None and line.startswith(marker):
            seen = time.perf_counter() - start
    if process.wait(timeout=600) != 0 or seen is None:
        raise SystemExit(f"{' '.join(command)} failed (exit {process.returncode}) or never printed {marker!r}")
    return seen, time.perf_counter() - start


def median_and_range(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main(bundle: Path) -> None:
    exe = bundle / "concession-gis"
    has_gui = (bundle / "_internal" / "PyQt5").is_dir()
    size, count = tree_bytes(bundle)
    packed = compressed_sizes(bundle)
    mib = 1024 * 1024
    rows = []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        home = work / "home"
        home.mkdir()
        env = clean_env(home)

        def cold(command, **kwargs):
            values = []
            for _ in range(3):
                evict(bundle)
                values.append(kwargs.get("measure", timed)(command, env, work))
            return values

        version = [exe, "--version"]
        rows.append(("`concession-gis --version`, cold", median_and_range(cold(version)), 3))
        timed(version, env, work)
        rows.append(("`concession-gis --version`, warm", median_and_range([timed(version, env, work) for _ in range(RUNS)]), RUNS))
        analyze = [exe, "analyze", "--out", str(work / "out"), "--quiet"]
        timed(analyze, env, work)
        rows.append(("`concession-gis analyze` (bundled sample, map included), warm",
                     median_and_range([timed(analyze, env, work) for _ in range(3)]), 3))
        development = [sys.executable, "-m", "concession_gis", "analyze", "--out", str(work / "dev"), "--quiet"]
        timed(development, os.environ.copy(), ROOT)
        rows.append(("same analysis, development install (`python -m concession_gis`), warm",
                     median_and_range([timed(development, os.environ.copy(), ROOT) for _ in range(3)]), 3))
        if has_gui:
            smoke = [exe, "gui", "--smoke-test"]
            shown = []
            for _ in range(3):
                evict(bundle)
                shown.append(until_line(smoke, env, work, "smoke-test: window shown"))
            rows.append(("GUI start-up to a shown, usable window, cold", median_and_range([s for s, _ in shown]), 3))
            warm = [until_line(smoke, env, work, "smoke-test: window shown") for _ in range(RUNS)]
            rows.append(("GUI start-up to a shown, usable window, warm", median_and_range([s for s, _ in warm]), RUNS))
            rows.append(("GUI smoke test (start, open the sample, analyse, close), warm",
                         median_and_range([total for _, total in warm]), RUNS))

    print(f"Bundle `{bundle.relative_to(ROOT) if bundle.is_relative_to(ROOT) else bundle}` "
          f"({platform.system()} {platform.machine()}, Python {platform.python_version()}):\n")
    print("| measure | value |\n|---|---:|")
    print(f"| files | {count:,} |")
    print(f"| size on disk (sum of file sizes) | {size / mib:,.0f} MiB |")
    print(f"| as .tar.gz (gzip -6) | {packed['tar.gz'] / mib:,.0f} MiB |")
    print(f"| as .zip (deflate -6) | {packed['zip'] / mib:,.0f} MiB |")
    print("\n| start-up | seconds, median (min-max) | runs |\n|---|---:|---:|")
    for name, value, runs in rows:
        print(f"| {name} | {value} | {runs} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "dist" / "concession-gis")
