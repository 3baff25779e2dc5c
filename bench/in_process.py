"""What a benchmark's driver (a ``python -c`` child started from the repository root) measures
of itself: its peak memory so far, and the time each stage of the analysis took."""

from __future__ import annotations

import time


def high_water_mb() -> float:
    """This process's peak resident memory so far (VmHWM, Linux); NaN elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class StageClock:
    """A Feedback listener that marks when each stage begins (wall and CPU clocks, peak memory);
    :meth:`mark` adds a mark of one's own, such as the end."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float, float, float]] = []

    def __call__(self, step) -> None:
        if not self.marks or self.marks[-1][0] != step.stage:
            self.mark(step.stage)

    def mark(self, name: str) -> float:
        self.marks.append((name, time.perf_counter(), time.process_time(), high_water_mb()))
        return self.marks[-1][1]

    def stages(self) -> dict[str, tuple[float, float, float]]:
        """Each stage's wall and CPU seconds, summed over its visits, and the peak MB at its end."""
        out: dict[str, tuple[float, float, float]] = {}
        for (name, t0, c0, _), (_, t1, c1, peak) in zip(self.marks, self.marks[1:], strict=False):
            wall, cpu, _ = out.get(name, (0.0, 0.0, 0.0))
            out[name] = (wall + t1 - t0, cpu + c1 - c0, peak)
        return out
