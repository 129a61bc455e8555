"""Issue 11: one gate before exercise (coach/care/gate.py) through the command line and the
app; the linter's safety warnings; every condition changes something; sources listed."""

from __future__ import annotations

import json
from pathlib import Path

from coach.care.checkin import make_checkin
from coach.care.gate import check
from coach.care.safety import red_flags, screen
from coach.care.suggest import rank
from coach.common.vocab import vocabulary
from coach.routines.library import load_library
from coach.routines.lint import safety_warnings
from coach.routines.reader import parse_routine
from coach.tui.screens.checkin import CheckInScreen
from coach.tui.screens.gate import GateScreen
from coach.tui.screens.player import PlayerScreen
from tests.conftest import run_coach
from tests.test_tui_checkin import SIZE, check_in, settle
from tests.test_tui_support import make_app, screen_text

HARMFUL = """\
schema: 1
id: harmful
title: Harmful twist
category: mixed
targets: [lower-back, mid-back, upper-back]
good_for: [asthma, asthma-flare, osteoporosis]
positions: [sitting]
cautions: This cures kidney pain. Stop your steroids.
steps:
  - breathe:
      name: Fast breathing
      pattern: {inhale: 1, hold: 0, exhale: 1}
      duration: 10m
  - breathe:
      name: Long holds
      pattern: {inhale: 4, hold: 30, exhale: 4}
      cycles: 20
  - breathe:
      name: Many 4-7-8
      pattern: 4-7-8
      cycles: 30
  - hold:
      name: Deep twist on hands and knees
      instruction: Twist as far as you can.
      seconds: 120
"""


def harmful_routine():  # type: ignore[no-untyped-def]
    result = parse_routine(HARMFUL, "harmful.yaml")
    assert not result.errors, result.errors
    return result.routine


def test_the_linter_warns_about_each_harm_in_the_issue() -> None:
    text = "\n".join(safety_warnings(harmful_routine()))
    assert "30 breaths a minute" in text  # 1 s in, 1 s out for 10 minutes
    assert "holds the breath for 30s, 20 times" in text
    assert "4-7-8 breathing 30 times" in text
    assert "marked good for osteoporosis, but it includes 'twist'" in text
    assert "claims a cure" in text
    assert "change their medicines" in text and "Stop your steroids" in text


def test_built_ins_have_no_safety_warnings() -> None:
    for routine in load_library().routines:
        assert safety_warnings(routine) == [], routine.id


def test_a_routine_with_a_safety_warning_is_never_suggested() -> None:
    routines = [*load_library().routines, harmful_routine()]
    for checkin in (
        make_checkin({"lower-back": 6}, conditions=["osteoporosis"]),
        make_checkin({"upper-back": 5}, ["asthma-flare"], ["asthma"]),
    ):
        ranking = rank(checkin, routines)
        assert "harmful" not in [s.id for s in ranking.suggestions]
        assert ranking.excluded["harmful"].startswith("the routine file has a safety warning")


def test_every_condition_and_limitation_changes_something() -> None:
    """Each word in the vocabulary changes the suggestions, what is left out, or the questions."""
    routines = load_library().routines
    vocab = vocabulary()

    def outcome(pain, contexts=(), conditions=()):  # type: ignore[no-untyped-def]
        checkin = make_checkin(pain, contexts, conditions)
        ranking = rank(checkin, routines, limit=30)
        return (
            [s.id for s in ranking.suggestions],
            sorted(ranking.excluded),
            [q.id for q in red_flags().questions if q.applies_to(checkin)],
        )

    for pain in ({"upper-back": 5, "lower-back": 5, "chest": 3},):
        base = outcome(pain)
        for cond, kind in vocab.condition_kinds.items():
            if kind == "context":
                changed = outcome(pain, contexts=[cond])
            else:
                changed = outcome(pain, conditions=[cond])
            assert changed[1] != base[1] or changed[2] != base[2] or changed[0] != base[0], cond
    # the two limitations the review found empty now rule something out
    assert "wall-angels" in outcome({"upper-back": 5}, conditions=["shoulder-pain"])[1]
    assert "open-book" in outcome({"upper-back": 5}, conditions=["rib-pain"])[1]


def test_kidney_advice_names_lupus_only_to_people_with_lupus() -> None:
    without = screen(make_checkin({"flank": 4}, red_flags=["kidney-signs"])).advice
    with_lupus = screen(
        make_checkin({"flank": 4}, conditions=["lupus"], red_flags=["kidney-signs"])
    ).advice
    assert "lupus" not in without.lower()
    assert "lupus" in with_lupus


def test_gate_names_the_clash_blocks_after_advice_and_shows_warnings() -> None:
    lib = load_library()
    cat_cow = lib.get("cat-cow").routine
    result = check(cat_cow, None, ["osteoporosis"])
    assert not result.clear and not result.blocked
    assert result.clashes == (
        "You have osteoporosis or long-term steroids: this routine is not advised for you.",
    )
    flare = check(lib.get("four-seven-eight").routine, make_checkin({"neck": 3}, ["asthma-flare"]))
    assert (
        "You have an asthma flare today: this routine is not advised for you today."
        in flare.clashes
    )
    blocked = check(lib.get("chin-tucks").routine, make_checkin({"neck": 3}, red_flags=["fever"]))
    assert blocked.blocked and "See a doctor today." in blocked.lines()
    severe = check(cat_cow, make_checkin({"lower-back": 9}))
    assert any("pain of 8 or more" in c for c in severe.clashes)
    assert check(lib.get("chin-tucks").routine, make_checkin({"neck": 3})).clear
    assert check(harmful_routine(), None).warnings


# ------------------------------------------------------------------ command line


def test_list_red_flags_json_gives_every_question_its_source() -> None:
    done = run_coach("suggest", "--list-red-flags", "--json")
    assert done.returncode == 0
    listed = json.loads(done.stdout)
    assert [q["id"] for q in listed] == [q.id for q in red_flags().questions]
    assert all(q["source"].strip() for q in listed)
    assert any("NHS: Chest pain" in q["source"] for q in listed)


def test_coach_play_after_a_blocking_check_in_exits_1_with_the_advice() -> None:
    assert run_coach("suggest", "--pain", "upper-back=5", "--red-flag", "fever").returncode == 1
    done = run_coach("play", "chin-tucks", "--plain", "--no-voice", "--speed", "100", "--no-log")
    assert done.returncode == 1
    assert "See a doctor today." in done.stderr
    assert "coach: error: not started: today's check-in found a warning sign" in done.stderr
    assert "Step 1" not in done.stdout and "Traceback" not in done.stderr
    # my answer was a mistake: a new clear check-in today lets it start
    assert run_coach("suggest", "--pain", "neck=3").returncode == 0
    done = run_coach("play", "chin-tucks", "--plain", "--no-voice", "--speed", "100", "--no-log")
    assert done.returncode == 0, done.stderr
    assert "Step 1" in done.stdout


def test_coach_play_names_the_persons_condition_and_exits_1_without_a_terminal(
    coach_home: Path,
) -> None:
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("conditions: [osteoporosis]\n")
    done = run_coach("play", "cat-cow", "--plain", "--no-voice", "--speed", "100", "--no-log")
    assert done.returncode == 1
    assert (
        "You have osteoporosis or long-term steroids: this routine is not advised for you."
        in done.stderr
    )
    assert "Step 1" not in done.stdout


def test_coach_play_shows_a_routine_files_safety_warning_first(tmp_path: Path) -> None:
    path = tmp_path / "harmful.yaml"
    path.write_text(HARMFUL)
    done = run_coach("play", str(path), "--plain", "--no-voice", "--speed", "100", "--no-log")
    assert done.returncode == 1
    assert "Warning about this routine file:" in done.stderr
    assert "claims a cure" in done.stderr


def test_plain_mode_prints_the_one_stop_rule() -> None:
    from coach.care.safety import STOP_RULE

    done = run_coach("play", "chin-tucks", "--plain", "--no-voice", "--speed", "100", "--no-log")
    assert done.returncode == 0
    assert " ".join(STOP_RULE.split()) in " ".join(done.stdout.split())


# ------------------------------------------------------------------------ the app


async def test_after_a_blocking_check_in_the_palette_shows_the_advice_and_asks() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(app, pilot, {"upper-back": 6}, yes=("fever",))
        await pilot.press("enter")  # the advice screen: back home
        await settle(app, pilot)
        entry = app.library.get("calm-breathing")
        app.play_gated(entry)  # what the palette's "Play: Calm breathing" runs
        await pilot.pause()
        gate = app.screen
        assert isinstance(gate, GateScreen) and gate.result.blocked
        shown = screen_text(app)
        assert "See a doctor today." in shown
        assert "I have been checked" in shown and "check in again" in shown
        await pilot.press("enter", "space", "g")  # no stray key starts it
        await pilot.pause()
        assert app.screen is gate
        await pilot.press("a")  # my answer was a mistake: check in again
        await settle(app, pilot)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        await settle(app, pilot)

        app.play_gated(entry)
        await pilot.pause()
        await pilot.press("c")  # I have been checked
        await settle(app, pilot)
        assert isinstance(app.screen, PlayerScreen)


async def test_the_app_names_a_clash_with_the_persons_conditions() -> None:
    from coach.settings.config import Config

    app = make_app(config=Config(conditions=("osteoporosis",)), library_dirs=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.play_gated(app.library.get("cat-cow"))
        await pilot.pause()
        assert isinstance(app.screen, GateScreen)
        assert (
            "You have osteoporosis or long-term steroids: this routine is not advised "
            "for you." in " ".join(screen_text(app).replace("│", " ").split())
        )
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen_stack == [app.home]
        app.play_gated(app.library.get("cat-cow"))
        await pilot.pause()
        await pilot.press("y")  # an explicit choice
        await settle(app, pilot)
        assert isinstance(app.screen, PlayerScreen)


async def test_a_preview_from_the_routine_files_view_passes_the_gate_too() -> None:
    from coach.settings.config import Config
    from coach.tui.screens.routines import RoutinesScreen

    app = make_app(config=Config(conditions=("osteoporosis",)), library_dirs=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.on_routines_screen_preview_chosen(
            RoutinesScreen.PreviewChosen(app.library.get("cat-cow"), 4.0)
        )
        await pilot.pause()
        assert isinstance(app.screen, GateScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, PlayerScreen) and app.screen.player.speed == 4.0


async def test_a_start_before_todays_check_in_has_loaded_still_sees_its_verdict(coach_home) -> None:  # type: ignore[no-untyped-def]
    """The stored check-in is read at once if the start-up worker has not brought it yet."""
    from coach.care.checkin import make_checkin
    from coach.care.safety import screen as red_flag_screen
    from coach.log.store import open_store

    blocked = make_checkin({"upper-back": 6}, red_flags={"fever": True})
    assert red_flag_screen(blocked).blocks_exercise
    with open_store() as log:
        log.add_checkin(
            {"upper-back": 6},
            red_flags={"fever": True},
            verdict_level=red_flag_screen(blocked).level,
        )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.checkin_outcome, app._today_loaded = None, False  # as if the worker were late
        app.play_gated(app.library.get("calm-breathing"))
        await pilot.pause()
        assert isinstance(app.screen, GateScreen) and app.screen.result.blocked
