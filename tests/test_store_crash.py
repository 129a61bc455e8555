"""Crash test: SIGKILL a playing `coach play --plain` at random moments; the log survives.

After every kill the next start must find a database that passes
integrity_check, every finished session still there, and the interrupted
session (if it had started) marked abandoned.

It needs `coach play --plain` to record sessions. Until the player is wired to
the log, the module fixture runs one play, finds no session and skips with that
reason, so the test switches itself on once the wiring lands.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coach.log.store import open_store

SEED = 20261120
KILLS = 24
ROUTINE = """\
schema: 1
id: crash-test
title: Crash test
category: breathing
targets: [ribs]
steps:
  - breathe:
      name: Slow breathing
      pattern: {inhale: 4, exhale: 6}
      cycles: 2
  - hold:
      name: Side stretch
      seconds: 10
      sides: [left, right]
  - rest: {seconds: 5}
"""


def _play(routine: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "coach",
            "play",
            str(routine),
            "--plain",
            "--no-voice",
            "--speed",
            "50",
            "--log",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _has_sessions(db: Path) -> bool:
    with open_store(db) as s:
        return bool(s.sessions())


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, str], Path, int]:
    """A routine file, an environment with its own COACH_HOME, and one full play's line count."""
    routine = tmp_path / "crash-test.yaml"
    routine.write_text(ROUTINE)
    env = dict(os.environ, COACH_HOME=str(tmp_path / "home"))
    db = tmp_path / "home" / "data" / "coach.db"
    probe = _play(routine, env)
    out, _ = probe.communicate(timeout=120)
    if not db.exists() or not _has_sessions(db):
        pytest.skip("`coach play --plain` does not record sessions yet (the lead wires it)")
    return routine, env, db, len(out.splitlines())


def test_sigkill_at_random_moments_never_loses_or_corrupts_the_log(setup):
    routine, env, db, lines = setup
    rng = random.Random(SEED)
    with open_store(db) as s:
        known = {x.id: x.status for x in s.sessions()}
    assert set(known.values()) <= {"completed", "stopped"}, "the probe play should have finished"
    killed_running = 0
    for attempt in range(KILLS):
        stop_after = rng.randint(0, lines + 2)  # past the end: let it finish on its own
        proc = _play(routine, env)
        for _ in range(stop_after):
            if not proc.stdout.readline():
                break
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.stdout.close()
        proc.wait(timeout=60)

        with open_store(db) as s:  # the next start
            assert s.integrity_check(full=True) == [], f"attempt {attempt}"
            sessions = {x.id: x for x in s.sessions()}
        for sid, status in known.items():  # finished and abandoned ones stay as they were
            assert sessions[sid].status == status, f"attempt {attempt}: session {sid} changed"
        new = [x for sid, x in sessions.items() if sid not in known]
        assert len(new) <= 1, f"attempt {attempt}: {new}"
        for x in new:
            assert x.status in ("completed", "stopped", "abandoned"), f"attempt {attempt}: {x}"
            killed_running += x.status == "abandoned"
            known[x.id] = x.status
    assert killed_running >= 5, "too few kills landed while a session was running"
