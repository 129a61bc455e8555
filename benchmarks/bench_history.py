"""Session log benchmark: logs of 1,000, 20,000 and 100,000 sessions (3 a day).

For each: insert time per session, `coach streak`, `coach report` and `coach
history --json` wall time from process start (target under 500 ms at 100,000;
history --json has no time target but must stream: its peak memory is printed
and should stay flat as the log grows), the cost of the full checks an open no
longer runs, and the database size.

    .venv/bin/python benchmarks/bench_history.py [--sessions N[,N...]]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import coach_env, report

TARGET_MS = 500
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


def wall_ms(args: list[str], env: dict[str, str], runs: int = 5) -> tuple[float, float]:
    """Median wall time and median peak RSS (MB) of `python -m coach ARGS`, from process start."""
    times, peaks = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "coach", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        times.append((time.perf_counter() - t0) * 1000)
        peaks.append(usage.ru_maxrss / 1024)
        err = proc.stderr.read() if proc.stderr else ""
        if status:
            raise SystemExit(f"coach {' '.join(args)} failed: {err.strip()}")
    return statistics.median(times), statistics.median(peaks)


def check_ms(db: Path, pragma: str) -> float:
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    conn.execute(f"PRAGMA {pragma}").fetchall()
    ms = (time.perf_counter() - t0) * 1000
    conn.close()
    return ms


def one_log(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = coach_env(home)
        os.environ["COACH_HOME"] = str(home)
        db = home / "data" / "coach.db"
        single_ms, bulk_ms = build(db, count)
        print(f"sessions: {count}", flush=True)
        print(f"  insert (start + finish, own transactions): {single_ms:.2f} ms/session")
        print(f"  insert (bulk, one transaction): {bulk_ms:.3f} ms/session")
        for pragma in ("quick_check", "integrity_check"):
            print(f"  {pragma} (doctor, or an open after a crash): {check_ms(db, pragma):.0f} ms")
        from coach.log.store import open_store

        t0 = time.perf_counter()
        open_store(db).close()
        print(
            f"  open_store (light check, migrations, stale sessions): "
            f"{(time.perf_counter() - t0) * 1000:.0f} ms"
        )
        for args in (["streak"], ["report"], ["history", "--json"]):
            med, peak = wall_ms(args, env)
            target = TARGET_MS if count >= 100_000 and args[0] != "history" else None
            report(f"  coach {' '.join(args)} ({count} sessions)", med, "ms", target)
            report(f"  coach {' '.join(args)} peak RSS ({count} sessions)", peak, "MB")
        size = sum(p.stat().st_size for p in db.parent.glob("coach.db*"))
        print(f"  database size: {size / 1e6:.1f} MB ({size / count:.0f} bytes/session)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1000,20000,100000")
    opts = parser.parse_args()
    for count in (int(x) for x in opts.sessions.split(",")):
        one_log(count)
    med, _ = wall_ms(["--version"], dict(os.environ))
    print(f"python -m coach --version (interpreter floor): {med:.0f} ms median")


if __name__ == "__main__":
    main()
