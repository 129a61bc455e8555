"""Start-up benchmark: seconds from launch until home is ready (routines listed, every
start-up read done: streak, today's check-in, and today's plan when this coach has plans)
on a 20,000-session log, with and without an active plan. Run with the source tree
to measure on PYTHONPATH:  python benchmarks/bench_home.py [runs] (make bench runs it)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

SESSIONS = 20_000
ROUTINES = ["breathing-control", "chin-tucks", "chair-thoracic-extension", "cat-cow"]
PLAN = """\
schema: 1
plan: bench
title: Bench plan
starts: {starts}
items:
  - routine: breathing-control
    days: daily
    times: 2
  - routine: chin-tucks
    days: [mon, wed, fri]
"""


def build_log(path: Path) -> None:
    from coach.log.store import open_store

    now = datetime.now().astimezone()
    with open_store(path) as store:
        conn = getattr(store, "_conn", None) or store.shared.conn  # one transaction
        conn.execute("BEGIN")
        for i in range(SESSIONS):
            at = now - timedelta(hours=3 * (SESSIONS - i))
            store.add_session(ROUTINES[i % 4], at, pain_before={"ribs": 5}, pain_after={"ribs": 3})
        conn.execute("COMMIT")


async def ready_seconds() -> float:
    from coach.tui.app import build_app

    app = build_app(cursor_blink=False, tick_hz=0, first_launch_notice=False, watch_interval=0)
    start = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while True:
            await pilot.pause()
            if app.library is not None and not any(w.is_running for w in app.workers):
                break
        return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    home = Path(tempfile.mkdtemp())
    os.environ["COACH_HOME"] = str(home)
    (home / "data").mkdir(parents=True)
    t = time.perf_counter()
    try:
        build_log(home / "data" / "coach.db")
    except Exception:  # noqa: BLE001 - slower path: one transaction per session
        from coach.log.store import open_store

        now = datetime.now().astimezone()
        with open_store(home / "data" / "coach.db") as store:
            for i in range(SESSIONS):
                at = now - timedelta(hours=3 * (SESSIONS - i))
                store.add_session(ROUTINES[i % 4], at)
    print(f"log of {SESSIONS} sessions built in {time.perf_counter() - t:.1f}s")
    for label in ("no plan", "with a plan"):
        if label == "with a plan":
            starts = (datetime.now() - timedelta(days=20)).date().isoformat()
            (home / "data" / "plan.yaml").write_text(PLAN.format(starts=starts))
        times = [asyncio.run(ready_seconds()) for _ in range(runs)]
        print(
            f"{label}: median {statistics.median(times):.3f}s, best {min(times):.3f}s  (runs: "
            + ", ".join(f"{x:.3f}" for x in times)
            + ")"
        )
        try:  # the part plans add: today's read, alone
            from coach.log.store import open_store
            from coach.services.plans import home_today
        except ImportError:
            continue
        with open_store(home / "data" / "coach.db") as store:
            t = time.perf_counter()
            for _ in range(20):
                home_today(store)
            print(f"  home_today alone: {(time.perf_counter() - t) / 20 * 1000:.1f} ms")
    shutil.rmtree(home)


if __name__ == "__main__":
    main()
