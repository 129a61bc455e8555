"""Textual app benchmark: start-up to a ready home screen.

- headless: a fresh `python` process builds the app the way the CLI does, runs it headless
  at 80x24 and reports when the routine table is filled (median of several runs);
- terminal: the real `coach` command under a pseudo-terminal, timed until the routine
  count is drawn (the voice opens in the background meanwhile), then quit with Ctrl-Q.

What a session costs (CPU, terminal output, display lateness, memory with the voice
child, GC pauses) is measured over a real pty by bench_app.py; the headless "frame"
figure this file used to print (tick() at 64x speed, no terminal) measured none of it.

    .venv/bin/python benchmarks/bench_tui.py [--runs N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import coach_env, report

STARTUP_TARGET_S = 1.0

_HEADLESS_READY = r"""
import sys, time
from coach.tui.app import build_app
from coach.voice.speech import SilentVoice

app = build_app(voice=SilentVoice())

async def ready(pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.screen.table.row_count > 0
    print("ready", app.screen.table.row_count, flush=True)
    app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=ready)
"""


def headless_startup(env: dict[str, str]) -> float:
    """Seconds from starting a Python process to the home table being filled."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _HEADLESS_READY],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    # The process has printed "ready" before it tears down; time to that line, not to exit.
    elapsed = time.perf_counter() - t0
    if "ready" not in out:
        raise SystemExit(f"bench_tui: the headless app never became ready: {out!r}")
    return elapsed


def _read_until(fd: int, marker: re.Pattern[bytes], timeout: float) -> tuple[bool, bytes]:
    seen = b""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if marker.search(seen):
                return True, seen
    return False, seen


def terminal_startup(env: dict[str, str]) -> float | None:
    """Seconds from launching `coach` in a pseudo-terminal to the routine count on screen."""
    coach = Path(sys.executable).with_name("coach")
    if not coach.exists():
        return None
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    term_env = dict(env, TERM="xterm-256color", COLUMNS="80", LINES="24")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(coach)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=term_env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    try:
        # The status line under the table ("24 routines") is drawn once the library is in.
        found, _ = _read_until(master, re.compile(rb"\d+ routines"), timeout=20)
        elapsed = time.perf_counter() - t0
        os.write(master, b"\x11")  # Ctrl-Q
        _read_until(master, re.compile(rb"\x00never"), timeout=0.5)  # drain while it exits
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    finally:
        os.close(master)
    return elapsed if found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs (median is shown)")
    args = parser.parse_args()
    env = coach_env()
    # A returning user: the one-time "wellness aid" notice was read before.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from coach.tui.screens.notice import mark_notice_seen; mark_notice_seen('2026-01-01')",
        ],
        env=env,
        check=True,
    )

    headless_startup(env)  # warm the file cache and byte-code, as a second launch would be
    times = [headless_startup(env) for _ in range(args.runs)]
    report(
        f"tui start-up to home ready, headless (median of {args.runs})",
        statistics.median(times),
        "s",
        STARTUP_TARGET_S,
    )
    report("tui start-up to home ready, headless (best)", min(times), "s")

    term = [t for t in (terminal_startup(env) for _ in range(3)) if t is not None]
    if term:
        report(
            "tui start-up to home drawn, `coach` in a terminal (median of 3)",
            statistics.median(term),
            "s",
            STARTUP_TARGET_S,
        )
    else:
        print("tui start-up in a terminal: not measured (no `coach` script or no home screen)")

    return 0


if __name__ == "__main__":
    sys.exit(main())
