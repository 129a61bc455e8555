"""What a session costs as a person feels it: the app and plain mode over a real pty, side by side.

Plays bench_player's 70 s routine through `python -m coach play FILE` in a
pseudo-terminal (80x24), three ways: the app, the app with reduced motion, and
plain mode. For each, over ``--seconds`` of the session from the moment it
begins:

- CPU: the process's user + system time over wall time (% of one core);
- terminal output: bytes per second the program wrote to the pty;
- display lateness (app): when each "m:ss left" first reaches the terminal
  against when that second is due, relative to the best second (p99 and max);
- cues: COACH_PLAYER is a script that only logs, so no sound device is needed (cue
  lateness is benchmarks/bench_cues.py's, which tells speech from tones);
- memory: peak RSS of the process and of every child (the voice child included);
- GC: the longest pause of Python's collector during the session (gc.callbacks,
  through benchmarks/probe.py);
- a fourth run, "large", is the app with 1,000 user routine files, where the
  event loop is also timed every 20 ms: its longest stall is a frame held up
  (target under 50 ms).

    .venv/bin/python benchmarks/bench_app.py [--seconds S] [--only app,reduced,plain,large]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_player import ROUTINE
from bench_routines import generate
from common import coach_env, report
from probe import read_events

CPU_TARGET = 5.0  # % of one core
BYTES_TARGET = 10.0  # KiB/s
BYTES_REDUCED_TARGET = 3.0
LATE_TARGET_MS = 20.0
STALL_TARGET_MS = 50.0
LARGE_FILES = 1000
PROBE = Path(__file__).resolve().parent / "probe.py"
_ANSI = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")
_LEFT = re.compile(r"(\d+):(\d\d) left")
_LOGGER = '#!/bin/sh\ndate +%s.%N >> "{log}"\n'


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _peak_mb(pids: list[int]) -> tuple[float, float]:
    """Peak RSS of the first process, and of all of them together (MB)."""
    peaks = []
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            peaks.append(0.0)
            continue
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        peaks.append(int(found.group(1)) / 1024 if found else 0.0)
    return (peaks[0] if peaks else 0.0), sum(peaks)


class Pty:
    """A program in a pseudo-terminal, its output read with arrival times."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(env, TERM="xterm-256color", COLUMNS="80", LINES="24")
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.bytes = 0
        self.text = ""  # printable text seen so far (escape sequences removed)
        self.lefts: dict[int, float] = {}  # "m:ss left" value -> first arrival

    def pump(self, seconds: float, until: re.Pattern[str] | None = None) -> bool:
        """Read for ``seconds`` (or until ``until`` shows); True if it showed."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return False
            now = time.perf_counter()
            self.bytes += len(chunk)
            text = _ANSI.sub(b"", chunk).decode("utf-8", "replace")
            self.text = (self.text + text)[-4000:]
            for m in _LEFT.finditer(self.text[-len(text) - 12 :]):
                value = int(m.group(1)) * 60 + int(m.group(2))
                self.lefts.setdefault(value, now)
            if until is not None and until.search(self.text):
                return True
        return False

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        os.close(self.master)


def _late_ms(seen: list[tuple[float, float]]) -> list[float]:
    """(arrival, due offset) pairs as lateness against the best one, sorted (ms)."""
    if not seen:
        return []
    base = min(t - due for t, due in seen)
    return sorted((t - due - base) * 1000 for t, due in seen)


def _p99(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.99 * (len(values) - 1)))]


def session(mode: str, folder: Path, seconds: float) -> dict[str, float]:
    """One session over a pty; its figures."""
    home = folder / mode
    cue_log = folder / f"{mode}-cues.log"
    logger = folder / "log-player.sh"
    logger.write_text(_LOGGER.format(log=cue_log))
    logger.chmod(0o755)
    env = coach_env(home, COACH_PLAYER=f"{logger} {{}}")
    setup = (
        "from coach.tui.screens.notice import mark_notice_seen; mark_notice_seen('2026-01-01')\n"
        "from coach import locations\n"
        "p = locations.config_file(); p.parent.mkdir(parents=True, exist_ok=True)\n"
        f"p.write_text('reduced_motion: {str(mode == 'reduced').lower()}\\n')\n"
    )
    if mode == "large":
        setup += (
            "d = locations.user_routines_dir(); d.mkdir(parents=True, exist_ok=True)\nprint(d)\n"
        )
    made = subprocess.run(
        [sys.executable, "-c", setup], env=env, check=True, capture_output=True, text=True
    )
    if mode == "large":
        generate(Path(made.stdout.strip()), LARGE_FILES)
    routine = folder / "bench-player.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    probe = folder / f"{mode}-probe.json"
    env["COACH_PROBE_OUT"] = str(probe)
    if mode == "large":
        env["COACH_PROBE_LAG"] = "1"
    argv = [sys.executable, str(PROBE), "play", str(routine)]
    if mode == "plain":
        argv += ["--plain", "--no-prompts"]
    term = Pty(argv, env)
    try:
        if mode != "plain":
            if not term.pump(30, re.compile(r"How is your pain")):
                raise SystemExit(f"bench_app: {mode}: no pain question: {term.text[-300:]!r}")
            term.send(b"s")
            if not term.pump(30, re.compile(r"Press space or enter to begin")):
                raise SystemExit(f"bench_app: {mode}: no start panel: {term.text[-300:]!r}")
            term.pump(0.5)
            term.send(b" ")
        term.pump(1.0)  # the first frame and the first cue
        pids = _tree(term.proc.pid)
        cpu0, bytes0, t0 = _cpu_seconds(pids[:1]), term.bytes, time.perf_counter()
        since = time.time()
        term.pump(max(1.0, seconds - 1.0))
        until = time.time()  # then SIGTERM: the app saves the session and shuts down
        pids = _tree(term.proc.pid)
        wall = time.perf_counter() - t0
        cpu = (_cpu_seconds(pids[:1]) - cpu0) / wall * 100
        kib = (term.bytes - bytes0) / wall / 1024
        own_mb, all_mb = _peak_mb(pids)
    finally:
        term.close()
    out = {"cpu": cpu, "kib_s": kib, "rss_mb": own_mb, "tree_mb": all_mb, "procs": len(pids)}
    if probe.exists():
        seen = read_events(str(probe))
        # Only the measured part of the session: not the shutdown after SIGTERM (saving the
        # session, closing the voice), where the loop has no frame to draw.
        gcs = [e for e in seen["gc"] if since <= e[0] <= until]
        out["gc_max"] = max((e[1] for e in gcs), default=0.0)
        out["gc_full"] = sum(1 for e in gcs if e[2] == 2)
        if mode == "large":
            lags = [e[1] for e in seen["lag"] if since <= e[0] <= until]
            out["stall_max"] = max(lags, default=0.0)
    total = max(term.lefts, default=0)
    display = _late_ms([(t, total - v) for v, t in term.lefts.items() if v < total])
    if display:
        out["display_p99"], out["display_max"] = _p99(display), display[-1]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="of each session measured")
    parser.add_argument("--only", default="app,reduced,plain,large")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coach-bench-app-"))
    labels = {
        "app": "app",
        "reduced": "app, reduced motion",
        "plain": "plain",
        "large": f"app, {LARGE_FILES:,} routine files",
    }
    for mode in args.only.split(","):
        s = session(mode, folder, args.seconds)
        label = labels[mode]
        print(f"{label}: {args.seconds:.0f} s of a session over an 80x24 pty", flush=True)
        report(f"  {label} CPU", s["cpu"], "% of a core", CPU_TARGET)
        target = BYTES_REDUCED_TARGET if mode == "reduced" else BYTES_TARGET
        report(f"  {label} terminal output", s["kib_s"], "KiB/s", target)
        if "display_p99" in s:
            report(f"  {label} display lateness p99", s["display_p99"], "ms", LATE_TARGET_MS)
            report(f"  {label} display lateness max", s["display_max"], "ms")
        report(f"  {label} peak RSS", s["rss_mb"], "MB")
        report(f"  {label} peak RSS with children ({s['procs']:.0f} processes)", s["tree_mb"], "MB")
        if "gc_max" in s:
            report(
                f"  {label} GC pause max ({s['gc_full']:.0f} full collections)", s["gc_max"], "ms"
            )
        if "stall_max" in s:
            report(f"  {label} event loop stall max", s["stall_max"], "ms", STALL_TARGET_MS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
