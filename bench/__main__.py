"""Run the benchmarks: ``python -m bench [NAME ...]`` runs bench/bench_NAME.py (all by default).

Each benchmark runs in its own process, so its peak memory is its own, and writes a Markdown
table to bench/results/NAME.md; docs/benchmarks.md quotes those tables.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    failed = []
    for name in names:
        print(f"== bench {name}", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.bench_{name}"], cwd=HERE.parent)
        if code:
            failed.append(name)
    if failed:
        print(f"benchmarks failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
