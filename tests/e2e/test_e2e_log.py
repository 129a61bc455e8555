"""The session log, used as a person would, in a real terminal (tmux).

- A session playing in the app when the process is sent SIGTERM, or its
  terminal is closed (SIGHUP), is recorded as stopped with the time played, and
  SIGTERM leaves the terminal usable (no alternate screen, cursor shown, no mouse
  reporting).
- The README's promise: the app open and playing while scripts log, suggest
  and read the same log, with some of them killed mid-write. Every session a
  command reported as logged is there, the file passes integrity_check, nothing
  is moved aside. COACH_SOAK_SECONDS sets the length (short in `make test`,
  `make soak` runs it for 90 s).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.tmux import Tmux, app_env

pytestmark = pytest.mark.e2e


@pytest.fixture
def term(tmp_path):
    t = Tmux(app_env(tmp_path, {"COACH_PLAYER": "true"}))
    yield t
    t.close()


def _db(tmp_path: Path) -> Path:
    return tmp_path / "coach" / "data" / "coach.db"


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _app_pid(term: Tmux) -> int:
    shell = term.info("#{pane_pid}")
    found = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True)
    pids = [int(p) for p in found.stdout.split()]
    assert len(pids) == 1, found.stdout
    return pids[0]


def _start_playing(term: Tmux) -> int:
    term.type("coach play box-breathing")
    term.wait_for("How is your pain before you start?", timeout=20)
    term.keys("4", "Enter")
    term.wait_for("Press space or enter to begin.")
    term.keys("Space")
    term.wait_for("left in this step")
    return _app_pid(term)


def test_sigterm_records_the_session_and_restores_the_terminal(term, tmp_path):
    pid = _start_playing(term)
    term.wait_for(lambda s: "Step 1 of" in s and "Breathe" in s)
    os.kill(pid, signal.SIGTERM)
    term.wait_for_prompt()
    assert term.info("#{alternate_on}") == "0"
    assert term.info("#{mouse_any_flag}") == "0"
    assert term.info("#{cursor_flag}") == "1"
    term.type("echo terminal-ok")
    term.wait_for("terminal-ok\n$")
    [(status, elapsed, before)] = _rows(
        _db(tmp_path),
        "SELECT status, elapsed_seconds, (SELECT pain_before FROM session_pain "
        "WHERE session_id = sessions.id) FROM sessions",
    )
    assert status == "stopped" and elapsed > 0 and before == 4


def test_a_closed_terminal_records_the_session(term, tmp_path):
    pid = _start_playing(term)
    term._run("kill-pane", "-t", "t")  # the terminal window goes away: SIGHUP
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.05)  # polling another process: no clock of ours to inject
    [(status, elapsed)] = _rows(_db(tmp_path), "SELECT status, elapsed_seconds FROM sessions")
    assert status == "stopped" and elapsed > 0


# ------------------------------------------------------------ the soak


def _coach(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "coach", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )


class Loop(threading.Thread):
    """Runs one kind of CLI command over and over; some runs are SIGKILLed at random."""

    def __init__(
        self,
        name: str,
        commands: list[list[str]],
        env: dict[str, str],
        until: float,
        rng: random.Random,
        kill_chance: float,
    ) -> None:
        super().__init__(name=name, daemon=True)
        self.commands, self.env, self.until = commands, env, until
        self.rng, self.kill_chance = rng, kill_chance
        self.runs = self.kills = 0
        self.logged: list[str] = []  # notes of sessions the command said it logged
        self.failures: list[str] = []

    def run(self) -> None:
        n = 0
        while time.monotonic() < self.until:
            n += 1
            args = [
                a.replace("{n}", f"{self.name}-{n}") for a in self.commands[n % len(self.commands)]
            ]
            proc = _coach(*args, env=self.env)
            kill = self.rng.random() < self.kill_chance
            try:
                out, err = proc.communicate(timeout=self.rng.uniform(0.05, 0.6) if kill else 60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                self.kills += 1
                continue
            self.runs += 1
            if proc.returncode != 0 or "Traceback" in err or "damaged" in err:
                self.failures.append(f"{' '.join(args)} -> {proc.returncode}: {err.strip()}")
            elif args[0] == "log" and out.startswith("Logged"):
                self.logged.append(args[args.index("--note") + 1])


def _app_session(term: Tmux) -> None:
    """From home: open the first routine, play it a moment, stop, skip pain after, home."""
    term.keys("Enter")
    term.wait_for("p Play")
    term.keys("p")
    term.wait_for("How is your pain before you start?")
    term.keys("s")
    term.wait_for("Press space or enter to begin.")
    term.keys("Space")
    term.wait_for("left in this step")
    term.keys("q")
    term.wait_for("Stop this session?")
    term.keys("y")
    term.wait_for("Session stopped.")
    term.keys("Enter")
    term.wait_for("How is your pain now?")
    term.keys("Escape")
    term.wait_for("routines")


def test_soak_app_and_scripts_share_the_log(term, tmp_path, capsys):
    seconds = float(os.environ.get("COACH_SOAK_SECONDS", "15"))
    env = {**os.environ, **app_env(tmp_path), "COACH_PLAYER": "true"}
    term.type("coach")
    term.wait_for("Welcome to coach")
    term.keys("Enter")
    term.wait_for("routines")
    until = time.monotonic() + seconds
    loops = [
        Loop(
            "log",
            [["log", "chin-tucks", "--pain-before", "4", "--pain-after", "3", "--note", "{n}"]],
            env,
            until,
            random.Random(1),
            0.25,
        ),
        Loop(
            "suggest",
            [
                ["suggest", "--pain", "upper-back=4", "--json"],
                ["suggest", "--pain", "neck=3", "ribs=2"],
            ],
            env,
            until,
            random.Random(2),
            0.25,
        ),
        Loop(
            "read",
            [["history", "--json"], ["streak"], ["report"], ["history"]],
            env,
            until,
            random.Random(3),
            0.25,
        ),
    ]
    for loop in loops:
        loop.start()
    app_sessions = 0
    while time.monotonic() < until:
        _app_session(term)
        app_sessions += 1
    for loop in loops:
        loop.join(timeout=120)
    term.keys("C-q")
    term.wait_for_prompt()

    db = _db(tmp_path)
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    notes = {r[0] for r in _rows(db, "SELECT note FROM sessions WHERE source = 'log'")}
    logged = loops[0].logged
    lost = [n for n in logged if n not in notes]
    app_rows = _rows(
        db, "SELECT count(*) FROM sessions WHERE source = 'tui' AND status = 'stopped'"
    )[0][0]
    kills = sum(loop.kills for loop in loops)
    with capsys.disabled():
        print(
            f"\nsoak {seconds:.0f} s: app sessions {app_sessions} (rows {app_rows}), "
            f"logged {len(logged)}, CLI runs {sum(loop.runs for loop in loops)}, "
            f"SIGKILLs {kills}, rows lost {len(lost)}, "
            f"moved aside {len(list(db.parent.glob('*.damaged-*')))}"
        )
    assert not lost
    assert app_rows == app_sessions and app_sessions >= 1
    assert not list(db.parent.glob("*.damaged-*"))
    failures = [f for loop in loops for f in loop.failures]
    assert not failures, failures[:5]
    assert len(logged) >= 3 and kills >= 1
