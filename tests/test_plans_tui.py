"""Today on home with a plan (Pilot): one key starts the due session, pain before is
pre-filled and confirmed with one key, and home shows it done as soon as it ends.
Every other start (palette, suggestion) asks pain before the same way."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from coach.log.store import open_store
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.widgets.pain_form import PainForm
from coach.tui.widgets.today import TodayPanel
from tests.test_tui_log import NOW, TODAY, LogApp, _db, _sessions

PLAN = """\
schema: 1
plan: test-plan
title: Test plan
starts: {starts}
items:
  - routine: calm-breathing
    days: daily
  - routine: neck-ease
    days: [mon]
"""


def _write_plan(coach_home: Path, starts=None) -> None:
    (coach_home / "data").mkdir(parents=True, exist_ok=True)
    text = PLAN.format(starts=(starts or TODAY - timedelta(days=3)).isoformat())
    (coach_home / "data" / "plan.yaml").write_text(text, encoding="utf-8")


def _yesterday_with_pain(coach_home: Path) -> None:
    with open_store(_db(coach_home), clock=lambda: NOW) as store:
        store.add_session(
            "calm-breathing",
            NOW - timedelta(days=1),
            title="Calm breathing",
            pain_before={"ribs": 6},
            pain_after={"ribs": 4, "chest": 3},
        )


def _today_text(s: LogApp) -> str:
    return str(s.app.home.query_one(TodayPanel).render())


async def test_one_key_starts_the_due_session_and_home_shows_it_done(coach_home: Path) -> None:
    _write_plan(coach_home)
    _yesterday_with_pain(coach_home)
    async with LogApp() as s:
        assert "Today · Test plan" in _today_text(s)
        assert "○ Calm breathing  (to do)" in _today_text(s)
        assert "Neck ease" not in _today_text(s)  # Mondays only; today is a Friday
        assert "n  start Calm breathing" in _today_text(s)
        await s.press("n")  # one key: the gate is clear, pain before comes up
        assert isinstance(s.app.screen, PainScreen)
        form = s.app.screen.query_one(PainForm)
        assert form.values == {"ribs": 4, "chest": 3}  # yesterday's scores after
        assert "Your last scores are filled in" in s.text
        await s.press("enter")  # confirmed with one key
        assert isinstance(s.app.screen, PlayerScreen)
        await s.play_to_the_end()
        # The session row is finished: home's today is updated under the summary at once.
        assert "✓ Calm breathing  (done)" in _today_text(s)
        assert "All done for today." in _today_text(s)
        await s.press("enter")  # leave the player: the summary
        await s.press("enter")  # and close it
        assert isinstance(s.app.screen, HomeScreen)
        assert s.app.home.query_one(TodayPanel).next_id is None
    todays = [r for r in _sessions(coach_home) if r.local_date == TODAY]
    assert [(r.routine_id, r.status, dict(r.pain_before)) for r in todays] == [
        ("calm-breathing", "completed", {"ribs": 4, "chest": 3})
    ]


async def test_without_a_plan_home_offers_the_last_routine_again(coach_home: Path) -> None:
    _yesterday_with_pain(coach_home)
    async with LogApp() as s:
        assert "Again: Calm breathing (your last routine)" in _today_text(s)
        await s.press("n")
        assert isinstance(s.app.screen, PainScreen)


async def test_a_first_launch_shows_no_today_and_n_does_nothing(coach_home: Path) -> None:
    async with LogApp() as s:
        assert _today_text(s) == ""
        await s.press("n")
        assert isinstance(s.app.screen, HomeScreen)


async def test_a_plan_not_started_yet_offers_nothing(coach_home: Path) -> None:
    _write_plan(coach_home, starts=TODAY + timedelta(days=2))
    async with LogApp() as s:
        assert "Nothing planned today" in _today_text(s)
        assert s.app.home.query_one(TodayPanel).next_id is None


async def test_the_palette_start_asks_pain_before_too(coach_home: Path) -> None:
    async with LogApp() as s:
        s.app.play_gated(s.app.library.get("calm-breathing"))
        await s.settle()
        assert isinstance(s.app.screen, PainScreen)


async def test_typing_a_filter_and_enter_opens_the_highlighted_match() -> None:
    async with LogApp() as s:
        await s.press("/", *"neck", "enter")
        assert isinstance(s.app.screen, DetailScreen)
        assert s.app.screen.entry.routine.id == "neck-ease"


async def test_plan_text_is_data_on_home(coach_home: Path) -> None:
    (coach_home / "data").mkdir(parents=True, exist_ok=True)
    text = PLAN.format(starts=(TODAY - timedelta(days=1)).isoformat()).replace(
        "title: Test plan", 'title: "[b]bold[/b] \\e[31mred"'
    )
    (coach_home / "data" / "plan.yaml").write_text(text, encoding="utf-8")
    async with LogApp() as s:
        shown = _today_text(s)
        assert "[b]bold[/b]" in shown  # markup shown as written, never read
        assert "\x1b" not in shown


async def test_a_suggestion_done_today_moves_down_and_g_starts_the_next(coach_home: Path) -> None:
    from coach.tui.widgets.suggestions import SuggestionsPanel
    from tests.test_tui_checkin import check_in

    async with LogApp() as s:
        await check_in(s.app, s.pilot, {"upper-back": 6, "ribs": 4})
        await s.settle()
        panel = s.app.home.query_one(SuggestionsPanel)
        first = panel.outcome.top
        assert first is not None and len(panel.outcome.ranking.suggestions) >= 2
        await s.press("g")
        assert isinstance(s.app.screen, PainScreen)  # the suggestion asks pain before too
        assert s.app.screen.query_one(PainForm).values == {"upper-back": 6, "ribs": 4}
        await s.press("enter")
        await s.play_to_the_end(seconds=600)
        await s.press("enter")
        await s.press("enter")
        assert isinstance(s.app.screen, HomeScreen)
        outcome = panel.outcome
        assert outcome.done_today == {first.id}
        assert outcome.top is not None and outcome.top.id != first.id
        assert outcome.shown[-1].id == first.id
        assert "✓ done today" in s.text


async def test_history_shows_adherence_to_the_plan(coach_home: Path) -> None:
    from coach.tui.screens.history import HistoryScreen

    _write_plan(coach_home)
    _yesterday_with_pain(coach_home)
    async with LogApp() as s:
        await s.press("h")
        assert isinstance(s.app.screen, HistoryScreen)
        # Started 3 days ago, calm-breathing daily: 1 of 4 so far (neck ease: no Monday yet).
        assert "Plan Test plan: 1 of 4 planned sessions · week 1: 1/4" in s.text
