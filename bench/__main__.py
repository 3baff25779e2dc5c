"""Run the benchmarks: ``python -m bench [NAME ...]`` runs bench/bench_NAME.py (all by default).

Each benchmark runs in its own process, so its peak memory is its own, and writes a Markdown
table to bench/results/NAME.md; docs/benchmarks.md quotes those tables.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

# Benchmarks run more than once, each time with these arguments (issue 22: the GUI thread's gaps
# measured again beside a process burning a core).
VARIANTS = {"canvas": [[], ["--burn", "1"]], "gui_actions": [[], ["--burn", "1"]]}


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    failed = []
    for name in names:
        for arguments in VARIANTS.get(name, [[]]):
            print(f"== bench {' '.join([name, *arguments])}", flush=True)
            code = subprocess.call([sys.executable, "-m", f"bench.bench_{name}", *arguments], cwd=HERE.parent)
            if code:
                failed.append(" ".join([name, *arguments]))
    if failed:
        print(f"benchmarks failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
