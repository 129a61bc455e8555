"""Cue lateness at real speed: the app and plain mode side by side, from the same run.

Plays the first ``--seconds`` (60) of a built-in routine twice through the real
CLI in an 80x24 pty: `coach play ROUTINE --plain` and then the app
(`coach play ROUTINE`, begun with space). COACH_PLAYER is a bash script that
appends its start time ($EPOCHREALTIME, wall clock) and the WAV path to a log,
then exits; COACH_CUE_TRACE makes both front ends write when each spoken cue
was due (coach/services/cue_trace.py). The n-th spoken cue is paired with the
n-th speech WAV the player was started on (tone and chime WAVs are left out),
so lateness = player start - due time: everything between the clock's
deadline and the sound starting (the wake-up, the voice's kill and spawn, the
shell starting), the same for both front ends. The second row, "handed to the
voice", is the front end's own share (due -> voice.say), from the trace alone.

    .venv/bin/python benchmarks/bench_cues.py [--seconds S] [--routine ID]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_app import Pty
from common import coach_env, report

P99_TARGET_MS = 5.0
MAX_TARGET_MS = 20.0
_LOGGER = '#!/bin/bash\necho "$EPOCHREALTIME $1" >> "{log}"\n'


def _p99(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.99 * (len(values) - 1)))]


def session(front: str, folder: Path, routine: str, seconds: float) -> dict[str, list[float]]:
    """One session; lateness of each spoken cue: at the player, and when handed to the voice."""
    home = folder / "home"  # shared: plain mode runs first and warms the cue cache
    log = folder / f"{front}-player.log"
    trace = folder / f"{front}-trace.jsonl"
    logger = folder / f"{front}-player.sh"
    logger.write_text(_LOGGER.format(log=log))
    logger.chmod(0o755)
    env = coach_env(home, COACH_PLAYER=f"{logger} {{}}", COACH_CUE_TRACE=str(trace))
    setup = "from coach.tui.screens.notice import mark_notice_seen; mark_notice_seen('2026-01-01')"
    subprocess.run([sys.executable, "-c", setup], env=env, check=True)
    argv = [sys.executable, "-m", "coach", "play", routine]
    if front == "plain":
        argv += ["--plain", "--no-prompts"]
    term = Pty(argv, env)
    try:
        if front == "app":
            if not term.pump(60, re.compile(r"How is your pain")):
                raise SystemExit(f"bench_cues: app: no pain question: {term.text[-300:]!r}")
            term.send(b"s")
            if not term.pump(60, re.compile(r"Press space or enter to begin")):
                raise SystemExit(f"bench_cues: app: no start panel: {term.text[-300:]!r}")
            term.pump(2.0)  # the voice prepares the (already cached) cues
            term.send(b" ")
        term.pump(seconds)
    finally:
        term.close()
    due = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    starts = []
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        stamp, _, wav = line.partition(" ")
        if not Path(wav).name.startswith("tone"):  # breath tones and chimes are not cues
            starts.append(float(stamp))
    if len(starts) != len(due):
        print(f"  {front}: {len(due)} cues traced, {len(starts)} speech WAVs played", flush=True)
    return {
        "player": sorted((s - d["due"]) * 1000 for s, d in zip(starts, due, strict=False)),
        "voice": sorted((d["fired"] - d["due"]) * 1000 for d in due),
    }


def _row(name: str, values: dict[str, list[float]], pick: str) -> str:
    cells = []
    for front in ("app", "plain"):
        v = values[front][pick] if front in values else []
        cells.append(f"{statistics.median(v):7.1f} {_p99(v):7.1f} {v[-1]:7.1f}" if v else " " * 23)
    return f"{name:<22}" + "   ".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="of each session")
    parser.add_argument("--routine", default="breathing-control", help="a built-in routine")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="coach-bench-cues-"))
    figures = {}
    for front in ("plain", "app"):
        figures[front] = session(front, folder, args.routine, args.seconds)
    print(f"{args.routine}, {args.seconds:.0f} s each at real speed, 80x24 pty", flush=True)
    print(f"{'cue lateness (ms)':<22}{'app: median p99 max':>23}   {'plain: median p99 max':>23}")
    print(_row("  at the player", figures, "player"))
    print(_row("  handed to the voice", figures, "voice"), flush=True)
    for front in ("app", "plain"):
        late = figures[front]["player"]
        if not late:
            print(f"{front}: no cue reached the player (no voice here?)")
            continue
        report(f"{front} cue lateness median ({len(late)} cues)", statistics.median(late), "ms")
        report(f"{front} cue lateness p99", _p99(late), "ms", P99_TARGET_MS)
        report(f"{front} cue lateness max", late[-1], "ms", MAX_TARGET_MS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
