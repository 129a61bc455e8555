"""A large routine folder (a clinic's shared folder): 1, 100 and 1,000 user routine files.

For each size, from process start: `coach list`, the app's home screen filled
(the routine count drawn, `python -m coach` in an 80x24 pty) and `coach play ID`
to its first screen (the pain question), medians of a few runs.

    .venv/bin/python benchmarks/bench_folders.py [--runs N] [--sizes 1,100,1000]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import Pty
from bench_routines import generate
from common import coach_env, report, time_command

LIST_TARGET_MS = 600.0
SCREEN_TARGET_MS = 1500.0


def screen_ms(args: list[str], env: dict[str, str], marker: str) -> float | None:
    """Milliseconds from starting `python -m coach ARGS` in a pty to ``marker`` on screen."""
    t0 = time.perf_counter()
    term = Pty([sys.executable, "-m", "coach", *args], env)
    try:
        found = term.pump(30, re.compile(marker))
        elapsed = (time.perf_counter() - t0) * 1000
    finally:
        term.close()
    return elapsed if found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,100,1000")
    args = parser.parse_args()
    for n in (int(x) for x in args.sizes.split(",")):
        home = Path(tempfile.mkdtemp(prefix=f"coach-bench-folders-{n}-"))
        env = coach_env(home)
        seen = (
            "from coach.tui.screens.notice import mark_notice_seen; mark_notice_seen('2026-01-01')"
        )
        subprocess.run([sys.executable, "-c", seen], env=env, check=True)
        where = "from coach import locations; print(locations.user_routines_dir())"
        folder = Path(
            subprocess.run(
                [sys.executable, "-c", where], env=env, capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, n)
        print(f"{n} user routine file(s):", flush=True)
        median, _ = time_command(["list"], env, runs=args.runs)
        report(f"  coach list ({n} files)", median, "ms", LIST_TARGET_MS)
        home_ms = [screen_ms([], env, r"\d+ routines") for _ in range(args.runs)]
        found = [t for t in home_ms if t is not None]
        if found:
            report(f"  home filled ({n} files)", statistics.median(found), "ms", SCREEN_TARGET_MS)
        play = ["play", "gen-0001" if n > 1 else "box-breathing"]
        play_ms = [screen_ms(play, env, r"How is your pain") for _ in range(args.runs)]
        found = [t for t in play_ms if t is not None]
        if found:
            report(
                f"  coach play ID to its first screen ({n} files)",
                statistics.median(found),
                "ms",
                SCREEN_TARGET_MS,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
