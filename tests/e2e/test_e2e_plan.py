"""A returning patient with a plan, in a real terminal (tmux): launch, one key starts the
session due today, pain before comes pre-filled and is confirmed with one key, and home
shows the session done when it ends."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from tests.e2e.tmux import Tmux, app_env

pytestmark = pytest.mark.e2e

TINY = """\
schema: 1
title: Tiny breath
summary: Two short breaths, for this test.
category: breathing
targets: [ribs]
steps:
  - breathe:
      name: Two breaths
      prepare: 0
      pattern: {inhale: 1, exhale: 1}
      cycles: 2
"""

PLAN = """\
schema: 1
plan: e2e-plan
title: Breathing every day
starts: {starts}
items:
  - routine: tiny-breath
    days: daily
"""


def _prepare(tmp_path, env) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "tiny-breath.yaml").write_text(TINY, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.format(starts=date.today() - timedelta(days=3)), encoding="utf-8")
    yesterday = (datetime.now() - timedelta(days=1)).strftime("%Y-%m-%d 09:00")

    def coach(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "coach", *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr

    coach("plan", "import", str(plan))
    coach(
        "log", "tiny-breath", "--at", yesterday, "--pain-before", "ribs=5", "--pain-after", "ribs=3"
    )
    # A returning user has read the wellness notice before.
    code = "from coach.tui.screens.notice import mark_notice_seen; mark_notice_seen('2026-01-01')"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def test_returning_user_starts_the_due_session_with_one_key_and_home_shows_it_done(tmp_path):
    env = app_env(
        tmp_path, {"COACH_PLAYER": "true", "COACH_ROUTINES_PATH": str(tmp_path / "routines")}
    )
    _prepare(tmp_path, env)
    term = Tmux(env)
    try:
        term.type("coach")
        screen = term.wait_for("n  start Tiny breath")
        assert "Today · Breathing every day" in screen
        assert "○ Tiny breath  (to do)" in screen
        term.keys("n")  # the one key
        screen = term.wait_for("How is your pain before you start?")
        assert "Your last scores are filled in" in screen
        assert "3" in screen.split("Ribs", 1)[1].splitlines()[0]  # yesterday's score after
        term.keys("Enter")  # confirmed with one key
        term.wait_for("Press space or enter to begin.")
        term.keys("Space")
        term.wait_for("Well done.", timeout=30)
        term.keys("Enter")
        term.wait_for("How is your pain now?")
        term.keys("Enter")
        screen = term.wait_for("All done for today.")
        assert "✓ Tiny breath  (done)" in screen
        assert "n  start" not in screen
        term.keys("C-q")
        term.wait_for_prompt()
    finally:
        term.close()
    today = subprocess.run(
        [sys.executable, "-m", "coach", "plan", "today", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert '"all_done": true' in today.stdout
