"""Small helpers shared by the benchmarks."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def coach_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    """An environment with a private COACH_HOME, Python as a user's install runs it.

    PYTHONDONTWRITEBYTECODE is dropped: an installed coach has its modules compiled
    (pip compiles them at install, Python caches them after), while a shell that
    forbids the cache makes every start compile again the modules that changed.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["COACH_HOME"] = str(home or Path(tempfile.mkdtemp(prefix="coach-bench-")))
    env.pop("COACH_ROUTINES_PATH", None)
    env.update(extra)
    return env


def time_command(args: list[str], env: dict[str, str], runs: int = 10) -> tuple[float, float]:
    """Median and best wall time (ms) of running ``python -m coach ARGS`` from process start."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "coach", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def report(name: str, value: float, unit: str, target: float | None = None) -> None:
    """Print one result line, with its target and whether it is met."""
    line = f"{name}: {value:.1f} {unit}"
    if target is not None:
        line += f"  (target < {target:g} {unit}: {'met' if value < target else 'MISSED'})"
    print(line, flush=True)
