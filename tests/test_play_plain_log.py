"""`coach play --plain` records the session: the real CLI in a subprocess, a real SQLite log.

Questions are asked only on a terminal, so the tests that answer them give the
child a pseudo-terminal as its standard input and type the answers into it.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.cli.play_log import (
    PROGRESS_EVERY,
    PlainSession,
    ask_note,
    ask_pain,
    pain_question,
)
from coach.common.vocab import vocabulary
from coach.log.store import open_store
from coach.playback.timeline import compile_routine
from coach.routines.library import load_library
from coach.services.sessions import records_session
from tests.conftest import ROOT, interrupt, run_coach, start_plain_session
from tests.test_play_plain_cli import LONG  # a 10-minute rest, to stop mid-way

TINY = """\
schema: 1
id: tiny-rest
title: Tiny rest
category: breathing
targets: [ribs, upper-back]
steps:
  - rest: {seconds: 1, instruction: Rest.}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-rest.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def _db(coach_home: Path) -> Path:
    return coach_home / "data" / "coach.db"


def _sessions(coach_home: Path) -> list:
    if not _db(coach_home).exists():
        return []
    with open_store(_db(coach_home)) as store:
        return store.sessions()


def _on_a_terminal(*args: str, answers: str) -> subprocess.CompletedProcess[str]:
    """Run coach with a pseudo-terminal as stdin, the answers already typed into it."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coach", *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=dict(os.environ),
        )
        os.close(slave)
        slave = -1
        os.write(master, answers.encode())
        out, err = proc.communicate(timeout=60)
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


# ------------------------------------------------------------ questions on a terminal


def test_pain_before_and_after_and_a_note_are_asked_and_saved(tiny: Path, coach_home: Path):
    # ribs 7, upper back skipped; then a bad answer is asked again; after: ribs 3; a note.
    result = _on_a_terminal(
        "play", str(tiny), "--plain", "--no-voice", answers="7\n\nx\n3\nfelt looser\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Ribs pain now, 0-10 (Enter to skip): " in out
    assert "Upper back pain now, 0-10 (Enter to skip): " in out
    assert "'x' is not a whole number 0-10; try again or press Enter to skip." in out
    assert "Ribs pain after the routine, 0-10 (Enter to skip): " in out
    assert "Upper back pain after" not in out  # only the areas answered before are asked again
    assert (
        out.index("Tiny rest (tiny-rest): 1s, 1 step. Before you start:")
        < out.index("Ribs pain now")
        < out.index("Tiny rest (tiny-rest), 1s.")
        < out.index("Done: 1s")
        < out.index("Ribs pain after")
    )
    assert "Saved to your log." in out
    assert "Streak: 1 day (longest 1)." in out
    [s] = _sessions(coach_home)
    assert (s.routine_id, s.status, s.source, s.speed) == ("tiny-rest", "completed", "plain", 1.0)
    assert s.pain_before == {"ribs": 7}
    assert s.pain_after == {"ribs": 3}
    assert s.note == "felt looser"
    assert s.completed_steps == s.total_steps == 1
    assert s.elapsed_seconds == pytest.approx(1.0, abs=0.05)


def test_the_areas_of_todays_check_in_are_asked_instead_of_the_targets(
    tiny: Path, coach_home: Path
):
    with open_store(_db(coach_home)) as store:
        store.add_checkin({"neck": 6, "ribs": 0})
    result = _on_a_terminal("play", str(tiny), "--plain", "--no-voice", answers="6\n4\n\n")
    assert result.returncode == 0, result.stderr
    assert "Neck pain now, 0-10" in result.stdout
    assert "Ribs pain now" not in result.stdout  # 0 at the check-in: not sore today
    [s] = _sessions(coach_home)
    assert (s.pain_before, s.pain_after, s.note) == ({"neck": 6}, {"neck": 4}, "")


def test_the_routine_is_named_before_pain_and_the_last_score_is_offered(
    tiny: Path, coach_home: Path
):
    # Issue 15: "--plain asks 'Neck pain now' before saying which routine this is".
    with open_store(_db(coach_home)) as store:
        at = store.clock() - timedelta(days=2)
        store.add_session(
            "tiny-rest", at, "Tiny rest", pain_before={"ribs": 6}, pain_after={"ribs": 4}
        )
    # Enter keeps ribs 4; upper back has no score to offer, so Enter skips it.
    result = _on_a_terminal("play", str(tiny), "--plain", "--no-voice", answers="\n\n\n\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Tiny rest (tiny-rest): 1s, 1 step.") < out.index("Ribs pain now")
    assert "Ribs pain now, 0-10 (Enter for 4, - to skip): " in out
    assert "Upper back pain now, 0-10 (Enter to skip): " in out
    newest = max(_sessions(coach_home), key=lambda s: s.id)
    assert newest.pain_before == {"ribs": 4}


def test_without_a_terminal_the_routine_line_and_questions_stay_out(tiny: Path, coach_home: Path):
    result = run_coach("play", str(tiny), "--plain", "--no-voice")
    assert result.returncode == 0, result.stderr
    assert "Before you start" not in result.stdout and "pain now" not in result.stdout


def test_no_prompts_on_a_terminal_still_saves_the_session(tiny: Path, coach_home: Path):
    result = _on_a_terminal(
        "play", str(tiny), "--plain", "--no-voice", "--no-prompts", answers="9\n9\n"
    )
    assert result.returncode == 0, result.stderr
    assert "pain now" not in result.stdout
    [s] = _sessions(coach_home)
    assert s.status == "completed" and not s.pain_before and not s.pain_after


def test_end_of_input_at_a_question_skips_the_rest_of_them(tiny: Path, coach_home: Path):
    # Ctrl-D at "upper back" ends the questions before; then at "ribs after" and the note.
    result = _on_a_terminal("play", str(tiny), "--plain", "--no-voice", answers="5\n\x04\x04\x04")
    assert result.returncode == 0, result.stderr
    assert "Upper back pain after" not in result.stdout
    assert "Saved to your log." in result.stdout
    [s] = _sessions(coach_home)
    assert (s.pain_before, s.pain_after, s.note) == ({"ribs": 5}, {}, "")
    assert s.status == "completed"


# ------------------------------------------------------------ scripts: options, no questions


def test_options_give_pain_and_a_note_without_asking(tiny: Path, coach_home: Path):
    result = run_coach(
        "play",
        str(tiny),
        "--plain",
        "--no-voice",
        "--pain-before",
        "ribs=6",
        "upper-back=4",
        "--pain-after",
        "ribs=3",
        "--note",
        " after a cough ",
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "0-10" not in result.stdout
    assert result.stdout.rstrip().splitlines()[-2:] == [
        "Saved to your log.",
        "Streak: 1 day (longest 1). This week: 1 of 5 days.",
    ]
    [s] = _sessions(coach_home)
    assert s.pain_before == {"ribs": 6, "upper-back": 4}
    assert s.pain_after == {"ribs": 3}
    assert s.note == "after a cough"


def test_a_single_number_is_overall_pain(tiny: Path, coach_home: Path):
    result = run_coach(
        "play", str(tiny), "--plain", "--no-voice", "--pain-before", "5", "--pain-after", "4"
    )
    assert result.returncode == 0, result.stderr
    [s] = _sessions(coach_home)
    assert (s.pain_before, s.pain_after) == ({"overall": 5}, {"overall": 4})


def test_without_a_terminal_nothing_is_asked_and_the_session_is_saved(tiny: Path, coach_home: Path):
    result = run_coach("play", str(tiny), "--plain", "--no-voice", input="7\n3\nnote\n")
    assert result.returncode == 0, result.stderr
    assert "0-10" not in result.stdout
    [s] = _sessions(coach_home)
    assert s.status == "completed" and not s.pain_before and s.note == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ribz=4", "--pain-before: unknown pain area 'ribz' (did you mean 'ribs'?)"),
        ("11", "--pain-before: pain score 11 is outside 0-10"),
        ("ribs=lots", "--pain-before: pain score 'lots' is not a whole number 0-10"),
    ],
)
def test_a_bad_pain_option_is_a_usage_error_before_anything_plays(
    tiny: Path, coach_home: Path, value: str, message: str
):
    result = run_coach("play", str(tiny), "--plain", "--no-voice", "--pain-before", value)
    assert result.returncode == 2
    assert result.stderr.startswith(f"coach: error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert _sessions(coach_home) == []


# ------------------------------------------------------------ previews and --no-log


def test_a_preview_above_normal_speed_is_not_saved_and_says_so(tiny: Path, coach_home: Path):
    result = run_coach("play", str(tiny), "--plain", "--no-voice", "--speed", "20")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "A 20x preview: not saved to your log (add --log to save it)."
    assert lines.count(lines[0]) == 1
    assert "Saved to your log." not in result.stdout
    assert _sessions(coach_home) == []


def test_log_saves_a_preview_with_its_speed(tiny: Path, coach_home: Path):
    result = run_coach("play", str(tiny), "--plain", "--no-voice", "--speed", "20", "--log")
    assert result.returncode == 0, result.stderr
    assert "preview" not in result.stdout
    [s] = _sessions(coach_home)
    assert s.speed == 20.0 and s.status == "completed"


def test_a_slower_pace_is_practice_and_is_saved(tiny: Path, coach_home: Path):
    result = run_coach("play", str(tiny), "--plain", "--no-voice", "--speed", "0.9")
    assert result.returncode == 0, result.stderr
    [s] = _sessions(coach_home)
    assert s.speed == 0.9


def test_no_log_saves_nothing(tiny: Path, coach_home: Path):
    result = run_coach("play", str(tiny), "--plain", "--no-voice", "--no-log")
    assert result.returncode == 0, result.stderr
    assert "Saved" not in result.stdout and "preview" not in result.stdout
    assert _sessions(coach_home) == []


def test_log_and_no_log_together_are_a_usage_error(tiny: Path):
    result = run_coach("play", str(tiny), "--plain", "--log", "--no-log")
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


def test_speed_rule() -> None:
    assert records_session(1.0, None) and records_session(0.5, None)
    assert not records_session(1.5, None)
    assert records_session(50, True) and not records_session(1.0, False)


# ------------------------------------------------------------ endings


def test_ctrl_c_writes_a_stopped_session(tmp_path: Path, coach_home: Path):
    path = tmp_path / "long-rest.yaml"
    path.write_text(LONG, encoding="utf-8")
    proc = start_plain_session(path)
    assert proc.stdout is not None
    while not proc.stdout.readline().startswith("Step 1 of 1"):
        pass
    [running] = _sessions(coach_home)  # written as the routine starts
    assert running.status == "in_progress"
    out, err = interrupt(proc)
    assert proc.returncode == 0, err
    assert err == ""
    assert "Stopped after " in out and "Saved to your log." in out
    assert "Streak" not in out  # a session stopped at once does not count: no streak line
    [s] = _sessions(coach_home)
    assert s.id == running.id
    assert s.status == "stopped" and s.completed_steps == 0 and s.total_steps == 1
    assert 0 <= s.elapsed_seconds < 30
    assert s.ended_utc is not None


def test_a_damaged_log_is_reported_once_and_the_session_goes_into_a_new_one(
    tiny: Path, coach_home: Path
):
    db = _db(coach_home)
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database" * 100)
    result = run_coach("play", str(tiny), "--plain", "--no-voice")
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("coach: warning: the session log was damaged (not an SQLite database)")
    assert "coach.db.damaged-" in line
    assert len(_sessions(coach_home)) == 1


def test_a_log_that_cannot_be_opened_does_not_stop_the_session(tiny: Path, coach_home: Path):
    (coach_home / "data").mkdir(parents=True)
    (coach_home / "data" / "coach.db").mkdir()  # a folder where the file should be
    result = run_coach("play", str(tiny), "--plain", "--no-voice")
    assert result.returncode == 0, result.stderr
    assert "Done: 1s" in result.stdout
    [line] = result.stderr.splitlines()
    assert line.startswith("coach: warning: ") and line.endswith("this session will not be saved")


# ------------------------------------------------------------ in process: the pieces


def test_progress_is_saved_every_few_seconds_while_playing(tmp_path: Path) -> None:
    entry = load_library().get("side-rib-stretch")
    timeline = compile_routine(entry.routine)
    now = [100.0]
    with open_store(tmp_path / "coach.db") as store:
        session = PlainSession(store, entry, 1.0, {"ribs": 5}, clock=lambda: now[0])
        session.start(timeline)
        assert session.tick() is False  # the first beat marks the start
        now[0] += PROGRESS_EVERY - 1
        session.tick()
        assert store.session(session.id).elapsed_seconds == 0  # not yet
        now[0] = 100.0 + timeline.steps[0].end + 1
        session.tick()
        s = store.session(session.id)
        assert s.status == "in_progress"
        assert s.elapsed_seconds == pytest.approx(timeline.steps[0].end + 1)
        assert s.completed_steps == 1
        assert s.pain_before == {"ribs": 5}


def test_ask_pain_asks_again_after_a_bad_answer_and_enter_skips() -> None:
    answers = iter(["", "12", "4"])
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    out = io.StringIO()
    got = ask_pain(["ribs", "upper-back"], vocabulary().areas, "before", ask=ask, out=out)
    assert got == {"upper-back": 4}
    assert (
        asked
        == ["Ribs pain now, 0-10 (Enter to skip): "]
        + ["Upper back pain now, 0-10 (Enter to skip): "] * 2
    )
    assert "'12' is not a whole number 0-10" in out.getvalue()


def test_ask_pain_offers_the_last_score_enter_keeps_it_and_dash_skips() -> None:
    answers = iter(["", "-", "x", "7"])
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    out = io.StringIO()
    defaults = {"neck": 4, "ribs": 6, "chest": 2}
    got = ask_pain(["neck", "ribs", "chest"], {}, "before", ask=ask, out=out, defaults=defaults)
    assert got == {"neck": 4, "chest": 7}
    assert asked[0] == "Neck pain now, 0-10 (Enter for 4, - to skip): "
    assert "'x' is not a whole number 0-10; try again or - to skip." in out.getvalue()


def test_pain_defaults_prefer_todays_check_in_then_the_last_score_after_else_before() -> None:
    from coach.history.records import SessionRecord
    from coach.services.sessions import pain_defaults

    day = date(2026, 11, 20)
    old = SessionRecord(1, "r", "completed", day, pain_before={"neck": 7, "ribs": 5})
    new = SessionRecord(2, "r", "completed", day, pain_before={"neck": 6}, pain_after={"neck": 3})
    assert pain_defaults(["neck", "ribs"], None, [old, new]) == {"neck": 3, "ribs": 5}
    assert pain_defaults(["neck", "ribs"], {"neck": 8, "chest": 2}, [old, new]) == {"neck": 8}
    assert pain_defaults(["chest"], None, [old, new]) == {}


def test_ctrl_c_at_a_question_is_left_to_the_caller() -> None:
    def ask(prompt: str) -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ask_pain(["ribs"], {}, "after", ask=ask)
    with pytest.raises(KeyboardInterrupt):
        ask_note(ask=ask)


def test_questions_name_the_area_in_words() -> None:
    labels = vocabulary().areas
    assert pain_question("flank", labels, "before") == "Flank pain now, 0-10 (Enter to skip): "
    assert pain_question("overall", labels, "after") == (
        "Overall pain after the routine, 0-10 (Enter to skip): "
    )
