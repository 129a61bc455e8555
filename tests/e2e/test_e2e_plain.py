"""The plain player used as a person would, in a real terminal (tmux)."""

from __future__ import annotations

import sys

import pytest

from tests.e2e.tmux import Tmux, app_env

pytestmark = pytest.mark.e2e


@pytest.fixture
def term(tmp_path):
    t = Tmux(app_env(tmp_path))
    yield t
    t.close()


def test_plain_session_plays_to_the_end_and_returns_the_prompt(term):
    term.type(f"{sys.executable} -m coach play breathing-control --plain --no-voice --speed 50")
    screen = term.wait_for("Breathe in")
    assert "\x1b" not in screen
    term.wait_for("Done: ", timeout=30)
    assert "Well done." in term.screen()
    term.type("echo still-usable")
    term.wait_for("still-usable\n$")


def test_ctrl_c_stops_cleanly(term):
    term.type(f"{sys.executable} -m coach play resonance-breathing --plain --no-voice --speed 2")
    term.wait_for("Breathe in")
    term.keys("C-c")
    screen = term.wait_for("Stopped after")
    assert "Traceback" not in screen and "KeyboardInterrupt" not in screen
    term.type("echo $?")
    term.wait_for("\n0\n")
