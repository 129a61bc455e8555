"""Text is data, in a real terminal: the raw byte stream the app sends to tmux (pipe-pane)
carries the hostile titles as visible characters, never as the escape sequences they hold."""

from __future__ import annotations

import sys

import pytest

from tests.e2e.tmux import Tmux, app_env
from tests.hostile import write_routines

pytestmark = pytest.mark.e2e


def test_the_app_never_sends_a_routine_files_escape_sequences_to_the_terminal(tmp_path):
    folder = tmp_path / "clinic"
    write_routines(folder)
    stream = tmp_path / "stream.bin"
    term = Tmux(
        app_env(tmp_path, {"COACH_ROUTINES_PATH": str(folder), "COACH_PLAYER": "true"}),
        width=160,
        height=50,
    )
    try:
        term._run("pipe-pane", "-o", "-t", "t", f"cat >> {stream}")
        term.type(f"{sys.executable} -m coach")
        term.wait_for("Welcome to coach")
        term.keys("Enter")
        term.keys("/")
        term.type("T1", enter=False)  # T10-T19: CSI, OSC 52, title, OSC 8, DCS, BEL, C1
        screen = term.wait_for("T13 clip␛]52;c;aGVsbG8=␇ board")
        assert "T15 ␛]8;;http://evil/␛\\hyper" in screen
        assert term.info("#{pane_title}") != "pwned"
        term.keys("C-q")
        term.wait_for_prompt()
    finally:
        term.close()
    raw = stream.read_bytes()
    assert "clip␛]52;c;aGVsbG8=".encode() in raw  # drawn, as visible characters
    for sequence in (
        b"\x1b]52;c;aGVsbG8=",
        b"\x1b]0;pwned",
        b"\x1b]8;;http://evil",
        b"\x1bP+q544e",
        b"\x07dong",
        "\u009b2J".encode(),
        "\u202e".encode(),
    ):
        assert sequence not in raw, sequence
