"""The check-in's warning-sign path in the Textual app (Pilot, 80x24): the advice screen
for emergency, urgent and review verdicts, a session log that cannot be opened, and the
first-launch notice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from coach.care.checkin import make_checkin
from coach.care.safety import screen
from coach.log.store import StoreError, open_store
from coach.tui.screens.advice import AdviceScreen
from coach.tui.screens.notice import NOTICE_META_KEY, FirstLaunchNotice
from coach.tui.screens.player import PlayerScreen
from tests.test_tui_checkin import SIZE, check_in, settle
from tests.test_tui_support import make_app, screen_text

# --------------------------------------------------------- warning signs


@pytest.mark.parametrize(
    ("scores", "conditions", "flag", "first_step"),
    [
        ({"upper-back": 6}, [], "tearing-pain", "Call your local emergency number now."),
        ({"ribs": 3}, ["asthma"], "asthma-attack", "Call your local emergency number now."),
        ({"lower-back": 5}, [], "fever", "See a doctor today."),
    ],
)
async def test_emergency_and_urgent_answers_show_advice_with_no_way_to_start_a_routine(
    scores: dict[str, int], conditions: list[str], flag: str, first_step: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(app, pilot, scores, conditions=conditions, yes=(flag,))
        advice = app.screen
        assert isinstance(advice, AdviceScreen)
        assert advice.verdict.blocks_exercise and advice.verdict.flags[0] == flag
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert f"┃ {first_step}" in lines[5]  # the first step on its own line, in words
        assert "No exercise is suggested today. Please follow the advice above first." in lines
        assert f"• {screen_reason(flag)}" in lines
        assert "Continue to suggestions" not in screen_text(app)
        assert "enter Back home" in screen_text(app)

        stack = list(app.screen_stack)
        await pilot.press("g", "p", "space", "n", "s", "y", "c", "r", "tab")
        await settle(app, pilot)
        assert app.screen_stack == stack
        assert not any(isinstance(s, PlayerScreen) for s in app.screen_stack)

        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen_stack == [app.home]
        assert app.checkin_outcome.top is None
        assert app.checkin_outcome.ranking.suggestions == ()
        shown = screen_text(app)
        assert "No exercise is suggested today." in shown
        assert "g Start suggested" not in shown
        await pilot.press("g")  # home's key does nothing either: there is no suggestion
        await settle(app, pilot)
        assert app.screen_stack == [app.home]


def screen_reason(flag: str) -> str:
    return screen(make_checkin(red_flags=[flag])).reasons[0]


async def test_severe_pain_shows_advice_first_then_the_suggestions() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(app, pilot, {"ribs": 9})
        advice = app.screen
        assert isinstance(advice, AdviceScreen) and advice.verdict.level == "review"
        shown = screen_text(app)
        assert "Worth getting checked" in shown
        assert "Pain of 8 or more is severe" in shown
        assert "severe pain: ribs 9/10" in shown
        assert "enter Continue to suggestions" in shown
        await pilot.press("g", "p")  # nothing starts from the advice itself
        await settle(app, pilot)
        assert app.screen is advice
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen_stack == [app.home]
        shown = screen_text(app)
        assert "Worth getting checked: severe pain: ribs 9/10." in shown
        assert "Calm breathing" in shown and "targets your ribs (9/10)" in shown
        assert app.checkin_outcome.top is not None


async def test_a_log_that_cannot_be_opened_still_screens_and_suggests(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise StoreError("cannot open the session log: disk full", "free some space")

    monkeypatch.setattr("coach.log.store.open_store", broken)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await check_in(app, pilot, {"ribs": 5})
        assert app.checkin_outcome.checkin_id is None
        assert [s.id for s in app.checkin_outcome.ranking.suggestions][:1] == [
            "rib-release"
        ]  # aimed at ribs
        notices = [n.message for n in app._notifications]
        assert any("disk full (free some space)" in n for n in notices)
        await check_in(app, pilot, {"upper-back": 5}, yes=("tearing-pain",))
        assert isinstance(app.screen, AdviceScreen)  # the screen never depends on the log


# ------------------------------------------------------- first launch


async def test_first_launch_notice_shows_once(coach_home: Path) -> None:
    app = make_app(first_launch_notice=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstLaunchNotice)
        shown = " ".join(screen_text(app).split())
        assert "not medical advice" in shown
        assert "Keep taking your medicines as prescribed." in shown
        assert "In an emergency, call your local emergency number." in shown
        await pilot.press("c", "g")  # nothing behind the notice reacts
        assert isinstance(app.screen, FirstLaunchNotice)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen_stack == [app.home]
    with open_store() as log:
        seen = log.get_meta(NOTICE_META_KEY)
    assert seen and datetime.fromisoformat(seen)

    app = make_app(first_launch_notice=True)  # a second start with the same COACH_HOME
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen_stack == [app.home]


async def test_first_launch_notice_can_be_turned_off_and_stays_until_read() -> None:
    app = make_app(first_launch_notice=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen_stack == [app.home]
    app = make_app(first_launch_notice=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstLaunchNotice)  # not read yet: shown
    app = make_app(first_launch_notice=True)  # quit without reading: shown again
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FirstLaunchNotice)
