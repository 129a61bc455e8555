"""Voice benchmark: a routine's cues (cold and warm cache), say() latency, `coach audio`.

Run: .venv/bin/python benchmarks/bench_voice.py
Uses the longest built-in routine, a throw-away COACH_HOME, and a player that
discards audio, so it runs without a sound card. Prints `name: value unit (target)`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_PREPARE = 1.0  # seconds for all of a routine's cues, cold cache
TARGET_SAY = 0.005  # seconds a say() call may hold the caller (a frame at 30 Hz is 0.033)


def longest_builtin() -> tuple[str, object]:
    from coach import locations
    from coach.playback.timeline import compile_routine
    from coach.routines.library import load_library

    lib = load_library([("builtin", locations.builtin_routines_dir())])
    if not lib.entries:
        sys.exit("bench_voice: no built-in routines found")
    entry = max(lib.entries.values(), key=lambda e: e.routine.total_seconds)
    return entry.routine.id, compile_routine(entry.routine)


def discard_player() -> str:
    return "aplay -q -D null" if shutil.which("aplay") else "true"


def line(name: str, value: float, unit: str, target: str = "") -> None:
    print(f"{name}: {value:.3f} {unit}" + (f" ({target})" if target else ""))


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="coach-bench-voice-"))
    os.environ["COACH_HOME"] = str(home)
    os.environ["COACH_PLAYER"] = discard_player()
    from coach.voice.speech import SpeakingVoice, open_voice

    try:
        routine_id, tl = longest_builtin()
        texts = [c.text for c in tl.cues]
        unique = list(dict.fromkeys(texts))
        print(
            f"routine: {routine_id} ({tl.total:.0f} s, {len(texts)} cues, "
            f"{len(unique)} distinct texts); player: {os.environ['COACH_PLAYER']}"
        )

        t0 = time.perf_counter()
        voice = open_voice()
        t1 = time.perf_counter()
        if not isinstance(voice, SpeakingVoice):
            print(f"voice unavailable: {voice.notice}")
            return 1
        voice.prepare(texts)
        t2 = time.perf_counter()
        made = voice.synthesised
        line("voice_open_engine_start", t1 - t0, "s")
        line(
            "voice_prepare_cold", t2 - t1, "s", f"target < {TARGET_PREPARE:g} s; {made} synthesised"
        )
        line("voice_per_utterance", (t2 - t1) / max(made, 1), "s")
        line("voice_open_plus_prepare_cold", t2 - t0, "s", f"target < {TARGET_PREPARE:g} s")
        voice.close()

        t0 = time.perf_counter()
        warm = open_voice()
        t1 = time.perf_counter()
        warm.prepare(texts)
        t2 = time.perf_counter()
        line("voice_prepare_warm", t2 - t1, "s", f"{warm.synthesised} synthesised")
        line("voice_open_plus_prepare_warm", t2 - t0, "s")

        # say() on a quiet voice, as at most cues: each starts a player process. (A say()
        # while a cue plays only queues its text; stop() between, untimed, keeps this honest.)
        calls = []
        for text in texts:
            warm.stop()
            a = time.perf_counter()
            warm.say(text)
            calls.append(time.perf_counter() - a)
        warm.close()
        line(
            "voice_say_median",
            statistics.median(calls),
            "s",
            f"target < {TARGET_SAY:g} s, never blocks on synthesis",
        )
        line("voice_say_max", max(calls), "s")

        shutil.rmtree(home / "cache", ignore_errors=True)
        for label in ("cold", "warm"):
            a = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "coach", "audio", routine_id, "-o", str(home / "t.wav")],
                capture_output=True,
                text=True,
            )
            took = time.perf_counter() - a
            if done.returncode:
                print(f"coach audio failed: {done.stderr.strip()}")
                return 1
            line(f"coach_audio_{label}", took, "s", f"{tl.total:.0f} s of audio")

        slow = (t2 - t0) - TARGET_PREPARE
        if slow > 0:
            print(f"note: cold prepare missed the target by {slow:.3f} s")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
