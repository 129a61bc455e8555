"""The whole product used as a person would, in a real terminal (tmux, 80x24).

First launch, a check-in with a red-flag answer and its advice, a benign check-in and
its suggestions, starting the suggestion, a routine played at speed with pain before
and after, the history showing the new session and streak, and quitting with the
terminal restored. Each step waits for what a person would see on the screen.
"""

from __future__ import annotations

import pytest

from tests.e2e.tmux import Tmux, app_env

pytestmark = pytest.mark.e2e


@pytest.fixture
def term(tmp_path):
    # A player command that discards the audio: the real voice is synthesised, never heard.
    t = Tmux(app_env(tmp_path, {"COACH_PLAYER": "true"}))
    yield t
    t.close()


def assert_terminal_restored(term: Tmux) -> None:
    """Back at the shell: no alternate screen, no mouse reporting, keys echo normally."""
    assert term.info("#{alternate_on}") == "0"
    assert term.info("#{mouse_any_flag}") == "0"
    term.type("echo terminal-ok")
    term.wait_for("terminal-ok\n$")


def check_in_upper_back_6(term: Tmux) -> None:
    """Open the check-in, set upper back to 6, and go on to the warning-sign questions."""
    term.keys("c")
    term.wait_for("Where does it hurt today")
    term.keys("Down", "Down", "6")
    term.wait_for("Upper back ██████░░░░  6 moderate")
    term.keys("Enter")
    term.wait_for("Do any of these apply today?")


def test_first_launch_check_in_red_flag_suggestion_play_history(term):
    term.type("coach")
    term.wait_for("Welcome to coach")
    screen = term.screen()
    assert "not medical advice" in screen
    term.keys("Enter")
    term.wait_for("24 routines")

    # A check-in that answers yes to a warning sign: advice, and no way to start exercise.
    check_in_upper_back_6(term)
    term.keys(*["Down"] * 10, "y")  # sudden tearing pain between the shoulder blades
    term.wait_for("[YES] Did a sudden, severe, tearing")
    term.keys("a")  # every other question answered no, as an explicit act
    term.wait_for("no with a (all the rest)")
    term.keys("Enter")
    term.wait_for("Call your local emergency number now.")
    assert "No exercise is suggested today" in term.screen()
    term.keys("g", "space", "p")  # nothing here starts a routine
    assert "Call your local emergency number now." in term.screen()
    term.keys("Enter")
    term.wait_for("24 routines")

    # A benign check-in: suggestions with their reasons; g starts the first one.
    check_in_upper_back_6(term)
    term.keys("Enter")  # questions start unanswered: enter alone does not go on
    term.wait_for("not answered yet")
    term.keys("a")
    term.wait_for("no with a (all the rest)")
    term.keys("Enter")
    screen = term.wait_for("targets your upper back (6/10)")
    assert "May help today" in screen
    term.keys("g")
    term.wait_for("How is your pain before you start?")  # every start asks, pre-filled
    assert "Your last scores are filled in" in term.screen()
    term.keys("Enter")
    term.wait_for("Press space or enter to begin.")
    term.keys("Space")
    term.wait_for("left in this step")
    term.keys("q")
    term.wait_for("Stop this session?")
    term.keys("y")
    term.wait_for("Session stopped.")
    term.keys("Enter")
    term.wait_for("How is your pain now?")  # the summary; a stopped session is kept too
    term.keys("Enter")
    term.wait_for("24 routines")
    term.keys("C-q")
    term.wait_for_prompt()
    assert_terminal_restored(term)

    # A short routine played at 30x and logged, with pain before and after.
    term.type("clear; coach play breathing-control --speed 30 --log")
    term.wait_for("How is your pain before you start?")
    term.keys("5", "Enter")
    term.wait_for("Press space or enter to begin.")
    term.keys("Space")
    term.wait_for("Well done.", timeout=30)
    term.keys("Enter")
    term.wait_for("How is your pain now?")
    term.keys("3")
    term.wait_for(
        lambda s: any(
            "Upper back" in line and "3" in line.split("before")[0]
            for line in s.splitlines()
            if "before 5" in line
        )
    )
    term.keys("Enter")
    term.wait_for_prompt()
    assert_terminal_restored(term)

    # History shows the session, the pain change and the streak.
    term.type("clear; coach")
    term.wait_for("Streak 1 day")
    term.keys("h")
    term.wait_for("Habit strength")
    # The pain chart: before (b) and after (a) rows on the fixed 0-10 scale, averages beside.
    screen = term.wait_for(
        lambda s: any("Upper back" in line and "5.0→3.0" in line for line in s.splitlines())
    )
    assert "Streak 1 day · longest 1" in screen
    assert "Breathing control" in screen
    assert "done today" in screen
    term.keys("Escape")
    term.wait_for("24 routines")
    term.keys("C-q")
    term.wait_for_prompt()
    assert_terminal_restored(term)


def test_player_keys_and_a_clean_screen(term):
    term.type("coach play box-breathing --no-log")
    term.wait_for("Press space or enter to begin.")
    term.keys("Space")
    term.wait_for("Breathe in", timeout=20)
    screen = term.screen()
    assert "left in this step" in screen and "Next:" in screen
    # No library or ALSA chatter written over the app.
    for noise in ("ALSA", "espeak", "Traceback", "Warning"):
        assert noise not in screen
    term.keys("Space")
    term.wait_for("space Resume")
    paused = term.screen()
    term.keys("n")
    term.wait_for(lambda s: s != paused and "Step 2 of" in s)
    term.keys("b")
    term.wait_for("Step 1 of")
    term.keys("m")
    term.wait_for("Voice off")
    term.keys("m")
    term.wait_for("Voice on")
    term.keys("q")
    term.wait_for("Stop this session?")
    term.keys("n")
    term.wait_for("space Resume")
    term.keys("q", "y")
    term.wait_for("Session stopped.")
    term.keys("Enter")
    term.wait_for_prompt()
    assert_terminal_restored(term)
