"""Timing precision of `coach play --plain`: cue lateness, end drift and memory, at real speed.

Plays a generated routine of about 70 s through the real CLI with --trace, then
reads the trace. Runs again with the voice on (cues played to a null device)
when the voice adapter works here.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import coach_env, report

# About 70 s with a cue every 1-4 s: breaths, a paced hold on both sides, timed reps.
ROUTINE = """\
schema: 1
id: bench-player
title: Player benchmark
category: mixed
targets: [ribs, upper-back]
steps:
  - breathe:
      name: Paced breathing
      instruction: Sit tall and breathe gently.
      prepare: 2
      pattern: {inhale: 2, hold: 1, exhale: 3}
      cycles: 4
  - hold:
      name: Side stretch
      prepare: 2
      seconds: 8
      sides: [left, right]
      switch_rest: 2
      breathe: {inhale: 2, exhale: 2}
  - reps:
      name: Chin tucks
      prepare: 2
      count: 4
      tempo: {out: 1, hold: 2, back: 1}
      halfway: true
  - rest: {seconds: 5, cues: [{at: 2.5, say: Relax your shoulders}]}
"""
NULL_PLAYER = "aplay -q -D null"


def play(path: Path, trace: Path, env: dict[str, str], voice: bool) -> tuple[int, str]:
    """Run one session; returns the exit code and stderr."""
    args = [sys.executable, "-m", "coach", "play", str(path), "--plain", "--trace", str(trace)]
    if not voice:
        args.append("--no-voice")
    proc = subprocess.run(
        args,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return proc.returncode, proc.stdout + proc.stderr


def analyse(label: str, trace: Path) -> None:
    """Print cue lateness (median, p99, max) and end-of-routine drift from a trace."""
    records = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    late = sorted((r["actual"] - r["scheduled"]) * 1000 for r in records if r["kind"] == "cue")
    end = [r for r in records if r["kind"] == "finished"]
    if not late or not end:
        print(f"{label}: trace incomplete ({len(late)} cues, finished: {bool(end)})")
        return
    p99 = late[min(len(late) - 1, round(0.99 * (len(late) - 1)))]
    print(f"{label} cues: {len(late)}, routine: {end[0]['scheduled']:.1f} s", flush=True)
    report(f"{label} cue lateness median", statistics.median(late), "ms")
    report(f"{label} cue lateness p99", p99, "ms", 5)
    report(f"{label} cue lateness max", late[-1], "ms", 20)
    report(
        f"{label} end-of-routine drift", (end[0]["actual"] - end[0]["scheduled"]) * 1000, "ms", 10
    )


def voice_works(env: dict[str, str]) -> str:
    """'' when a speaking voice opens here with the null player, else why not."""
    code = (
        "from coach.voice.speech import open_voice\n"
        "v = open_voice(enabled=True)\n"
        "print(v.notice or type(v).__name__)\n"
        "v.close()\n"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "the voice took over a minute to open"
    text = out.stdout.strip() or out.stderr.strip().splitlines()[-1:] or ["no output"]
    text = text if isinstance(text, str) else text[0]
    return "" if out.returncode == 0 and text == "SpeakingVoice" else text


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="coach-bench-player-"))
    path = folder / "bench-player.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    env = coach_env(folder / "home")

    t0 = time.perf_counter()
    code, output = play(path, folder / "plain.jsonl", env, voice=False)
    if code != 0:
        print(f"plain run failed (exit {code}):\n{output}")
        return 1
    print(f"plain run: {time.perf_counter() - t0:.1f} s wall", flush=True)
    analyse("plain", folder / "plain.jsonl")
    # ru_maxrss is the peak of the largest child waited for so far: only the plain run here.
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report("plain session peak RSS", rss_mb, "MB", 40)

    env_voice = dict(env, COACH_PLAYER=NULL_PLAYER)
    why_not = voice_works(env_voice)
    if why_not:
        print(f"voice run: skipped (voice adapter not available: {why_not})")
        return 0
    code, output = play(path, folder / "voice.jsonl", env_voice, voice=True)
    if code != 0:
        print(f"voice run failed (exit {code}):\n{output}")
        return 1
    analyse("voice", folder / "voice.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
