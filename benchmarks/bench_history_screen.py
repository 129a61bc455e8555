"""History screen benchmark: how soon the screen shows its data on a log of 100,000 sessions.

Builds the log through the store API (one transaction, as bench_history.py does),
opens the app headless at 80x24, presses h on the home screen and times until the
screen has drawn its streaks, calendar, pain trends and table. The first opening
includes importing the screen's modules; later ones are the steady cost.

    .venv/bin/python benchmarks/bench_history_screen.py [--sessions N] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_history import build
from common import report

TARGET_MS = 500.0


def measure(runs: int) -> tuple[float, list[float], float]:
    """(first opening ms, later openings ms, worker-only ms) on the log under COACH_HOME."""
    from coach.tui.app import build_app
    from coach.tui.screens.history import HistoryScreen
    from coach.tui.screens.home import HomeScreen
    from coach.tui.session_log import SessionLog
    from coach.voice.speech import SilentVoice

    times: list[float] = []

    async def drive(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(runs + 1):
            assert isinstance(app.screen, HomeScreen)
            t0 = time.perf_counter()
            await pilot.press("h")
            while not (isinstance(app.screen, HistoryScreen) and app.screen.data is not None):
                await asyncio.sleep(0.001)
            await pilot.pause()  # the drawn frame
            times.append((time.perf_counter() - t0) * 1000)
            await pilot.press("escape")
            await app.workers.wait_for_complete()
        app.exit()

    app = build_app(voice=SilentVoice(), first_launch_notice=False, watch_interval=0)
    app.run(headless=True, size=(80, 24), auto_pilot=drive)

    log = SessionLog()
    t0 = time.perf_counter()
    log.history()
    worker_ms = (time.perf_counter() - t0) * 1000
    log.close()
    return times[0], times[1:], worker_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COACH_HOME"] = tmp
        os.environ.pop("COACH_ROUTINES_PATH", None)
        build(Path(tmp) / "data" / "coach.db", opts.sessions)
        print(f"sessions: {opts.sessions}")
        first, later, worker = measure(opts.runs)
        report("history screen ready time (first opening)", first, "ms", TARGET_MS)
        report(
            "history screen ready time (median of later openings)",
            statistics.median(later),
            "ms",
            TARGET_MS,
        )
        report("history data in the worker (read and compute)", worker, "ms")


if __name__ == "__main__":
    main()
