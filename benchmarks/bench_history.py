"""Session log benchmark: 20,000 sessions (about 18 years of practice, 3 a day).

Prints insert time per session, `coach streak` and `coach history --json` wall
time from process start (target under 300 ms each), the cost of the integrity
checks on open, and the database size.

    .venv/bin/python benchmarks/bench_history.py [--sessions N]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

TARGET_MS = 300
PER_DAY = 3
TIMED_INSERTS = 300  # sessions written one by one through the real path


@dataclass(frozen=True)
class Fake:
    routine_id: str
    title: str
    sha256: str
    before: dict[str, int]
    after: dict[str, int]
    note: str


def _fake(rng: random.Random, i: int) -> Fake:
    rid = rng.choice(["rib-release", "box-breathing", "chin-tucks", "cat-cow", "open-book"])
    areas = rng.sample(["neck", "ribs", "upper-back", "mid-back", "lower-back"], rng.randint(0, 2))
    before = {a: rng.randint(2, 8) for a in areas}
    after = {a: max(0, v - rng.randint(0, 3)) for a, v in before.items()}
    note = "felt looser" if rng.random() < 0.05 else ""
    return Fake(rid, rid.replace("-", " ").capitalize(), f"{i:064x}", before, after, note)


def build(db: Path, count: int, seed: int = 7) -> tuple[float, float]:
    """Fill ``db``; returns (ms per timed single session, ms per session in bulk)."""
    from coach.log.store import open_store

    rng = random.Random(seed)
    tz = timezone(timedelta(hours=1))
    days = count // PER_DAY + 1
    morning = datetime.now(tz).replace(hour=8, minute=0, second=0, microsecond=0)
    first = morning - timedelta(days=days)
    moments = [first + timedelta(days=i // PER_DAY, hours=4 * (i % PER_DAY)) for i in range(count)]
    store = open_store(db, clock=lambda: datetime.now(tz))
    bulk = moments[:-TIMED_INSERTS]
    t0 = time.perf_counter()
    with store.batch():
        for i, at in enumerate(bulk):
            f = _fake(rng, i)
            status = "stopped" if rng.random() < 0.05 else "completed"
            store.add_session(
                f.routine_id,
                at,
                f.title,
                2,
                f.sha256,
                "bench",
                5,
                elapsed_seconds=rng.uniform(60, 300),
                planned_seconds=300.0,
                pain_before=f.before,
                pain_after=f.after,
                note=f.note,
                status=status,
            )
        for d in range(0, days, 23):
            store.mark_day((first + timedelta(days=d)).date(), rng.choice(["flare", "sick"]))
    bulk_ms = (time.perf_counter() - t0) * 1000 / max(1, len(bulk))
    # The real path, one transaction each: start (in_progress), then finish.
    t0 = time.perf_counter()
    for i, at in enumerate(moments[-TIMED_INSERTS:]):
        f = _fake(rng, i)
        sid = store.start_session(
            f.routine_id,
            f.title,
            2,
            f.sha256,
            "bench",
            5,
            "plain",
            1.0,
            f.before,
            at,
            planned_seconds=300.0,
        )
        store.finish_session(sid, "completed", 300.0, 5, f.after, f.note, at + timedelta(minutes=5))
    single_ms = (time.perf_counter() - t0) * 1000 / TIMED_INSERTS
    store.close()
    return single_ms, bulk_ms


def wall_ms(args: list[str], env: dict[str, str], runs: int = 7) -> tuple[float, float]:
    """Median and best wall time of `python -m coach ARGS`, from process start."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "coach", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        times.append((time.perf_counter() - t0) * 1000)
        if done.returncode:
            raise SystemExit(f"coach {' '.join(args)} failed: {done.stderr.strip()}")
    return statistics.median(times), min(times)


def check_ms(db: Path, pragma: str) -> float:
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    conn.execute(f"PRAGMA {pragma}").fetchall()
    ms = (time.perf_counter() - t0) * 1000
    conn.close()
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = dict(os.environ, COACH_HOME=str(home))
        os.environ["COACH_HOME"] = str(home)
        db = home / "data" / "coach.db"
        single_ms, bulk_ms = build(db, opts.sessions)
        print(f"sessions: {opts.sessions}")
        print(f"insert (start + finish, own transactions): {single_ms:.2f} ms/session")
        print(f"insert (bulk, one transaction): {bulk_ms:.3f} ms/session")
        for pragma in ("quick_check", "integrity_check"):
            print(f"{pragma} on open: {check_ms(db, pragma):.0f} ms")
        from coach.log.store import open_store

        t0 = time.perf_counter()
        open_store(db).close()
        print(
            f"open_store (checks, migrations, stale sessions): "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        for args in (["streak"], ["streak", "--json"], ["history", "--json"]):
            med, best = wall_ms(args, env)
            verdict = "ok" if med < TARGET_MS else "over"
            print(
                f"coach {' '.join(args)}: {med:.0f} ms median, {best:.0f} ms best "
                f"(target < {TARGET_MS} ms: {verdict})"
            )
        med, best = wall_ms(["--version"], env)
        print(f"python -m coach --version (interpreter floor): {med:.0f} ms median")
        size = sum(p.stat().st_size for p in db.parent.glob("coach.db*"))
        print(f"database size: {size / 1e6:.1f} MB ({size / opts.sessions:.0f} bytes/session)")


if __name__ == "__main__":
    main()
