"""The session log in the app: pain before, the recorded session, the summary, home line, history.

Driven with Pilot on the test routines, a fake monotonic clock for the player and a
fixed wall clock for dates; every session lands in a real SQLite file under COACH_HOME.
calm-breathing targets chest and ribs and lasts 68 s.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Self
from zoneinfo import ZoneInfo

import pytest

from coach.care.checkin import CheckIn
from coach.common.vocab import vocabulary
from coach.log.store import open_store
from coach.tui.screens.history import HistoryScreen, column_widths, pain_cell, session_row
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.pain import PainScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.summary import SAVED, SummaryScreen
from coach.tui.session_log import area_words
from coach.tui.widgets.pain_form import PainForm
from coach.tui.widgets.streak import NO_SESSIONS, StreakLine
from tests.test_tui_support import FakeClock, RecordingVoice, make_app, screen_text, settle

SIZE = (80, 24)
ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=ZONE)  # a Friday
TODAY = NOW.date()
CALM_SECONDS = 68


def _db(coach_home: Path) -> Path:
    return coach_home / "data" / "coach.db"


def _sessions(coach_home: Path) -> list:
    # The app's fixed date: with today's real clock a running session would look 12 h stale.
    with open_store(_db(coach_home), clock=lambda: NOW) as store:
        return store.sessions()


class LogApp:
    """The app with sessions recorded, a fake player clock and a fixed date."""

    def __init__(self, **kwargs: object) -> None:
        self.clock = FakeClock()
        self.voice = RecordingVoice()
        options: dict[str, object] = {"record_sessions": None, "wall_clock": lambda: NOW}
        options.update(kwargs)
        self.app = make_app(self.clock, self.voice, **options)

    async def __aenter__(self) -> Self:
        self._ctx = self.app.run_test(size=SIZE)
        self.pilot = await self._ctx.__aenter__()
        await self.settle()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ctx.__aexit__(*exc)

    async def settle(self) -> None:
        await self.pilot.pause()
        await settle(self.app)
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.settle()

    async def play_to_the_end(self, seconds: float = CALM_SECONDS) -> PlayerScreen:
        screen = self.app.screen
        assert isinstance(screen, PlayerScreen)
        await self.press("space")
        self.clock.advance(seconds + 1)
        screen.tick()
        await self.settle()
        return screen

    @property
    def text(self) -> str:
        return screen_text(self.app)

    @property
    def home_line(self) -> str:
        return str(self.app.home.query_one(StreakLine).render())


# ------------------------------------------------------------ the pain form


async def test_pain_form_keys_choose_an_area_and_set_scores() -> None:
    async with LogApp() as s:
        answers: list[object] = []
        s.app.push_screen(
            PainScreen(["ribs", "upper-back", "neck"], area_words(vocabulary().areas)),
            answers.append,
        )
        await s.settle()
        assert "How is your pain before you start?" in s.text
        assert "Upper back" in s.text
        form = s.app.screen.query_one(PainForm)
        await s.press("7")  # ribs 7
        await s.press("down", "right", "right", "right")  # upper back: unset -> 0 -> 1 -> 2
        await s.press("down", "9", "right", "right")  # neck: 9 -> 10, and no further
        assert form.values == {"ribs": 7, "upper-back": 2, "neck": 10}
        await s.press("up", "left", "backspace")  # upper back cleared
        await s.press("up", "up", "3")  # past the top stays on ribs
        assert form.values == {"ribs": 3, "neck": 10}
        await s.press("enter")
        assert answers == [{"ribs": 3, "neck": 10}]
        assert not isinstance(s.app.screen, PainScreen)


@pytest.mark.parametrize("key", ["s", "escape"])
async def test_pain_form_is_skipped_with_one_key(key: str) -> None:
    async with LogApp() as s:
        answers: list[object] = []
        s.app.push_screen(PainScreen(["ribs"], {"ribs": "Ribs"}), answers.append)
        await s.settle()
        await s.press("5", key)
        assert answers == [None]


# ------------------------------------------------------------ a recorded session


async def test_a_session_is_recorded_from_pain_before_to_the_summary(coach_home: Path) -> None:
    async with LogApp() as s:
        assert isinstance(s.app.screen, HomeScreen)
        assert s.home_line == NO_SESSIONS
        await s.press("enter", "p")  # calm-breathing's details, then play
        assert isinstance(s.app.screen, PainScreen)
        assert "Chest" in s.text and "Ribs" in s.text  # the routine's targets
        await s.press("6", "down", "4", "enter")
        assert isinstance(s.app.screen, PlayerScreen)
        assert not _db(coach_home).exists() or _sessions(coach_home) == []  # not started yet
        await s.press("space")
        [running] = _sessions(coach_home)
        assert running.status == "in_progress"
        assert running.pain_before == {"chest": 6, "ribs": 4}
        assert running.local_date == TODAY and running.source == "tui"
        s.clock.advance(CALM_SECONDS + 1)
        s.app.screen.tick()
        await s.settle()
        [done] = _sessions(coach_home)
        assert done.status == "completed" and done.completed_steps == done.total_steps == 3
        assert done.elapsed_seconds == pytest.approx(CALM_SECONDS)

        await s.press("enter")  # close the player: the summary
        assert isinstance(s.app.screen, SummaryScreen)
        assert "Well done." in s.text
        assert "You did 1m08s of Calm breathing: 3 of 3 steps." in s.text
        assert SAVED in s.text
        assert "before 6" in s.text and "before 4" in s.text
        await s.press("3", "down", "4", "tab")
        await s.pilot.press(*"less tight")
        await s.press("enter")
        assert isinstance(s.app.screen, HomeScreen)
        assert s.home_line == "Streak 1 day · 1 of 5 this week · done today ✓"
    [saved] = _sessions(coach_home)
    assert saved.pain_after == {"chest": 3, "ribs": 4}
    assert saved.pain_before == {"chest": 6, "ribs": 4}
    assert saved.note == "less tight"


async def test_a_stopped_session_is_saved_and_escape_keeps_the_note(coach_home: Path) -> None:
    async with LogApp() as s:
        await s.press("enter", "p", "s")  # skip the pain question
        await s.press("space")
        s.clock.advance(20)
        s.app.screen.tick()
        await s.press("q", "y")
        [stopped] = _sessions(coach_home)
        assert stopped.status == "stopped" and stopped.pain_before == {}
        assert stopped.elapsed_seconds == pytest.approx(20)
        await s.press("enter")
        assert "Session stopped." in s.text
        assert "You did 20s of Calm breathing: 0 of 3 steps." in s.text
        await s.press("tab")
        await s.pilot.press(*"chest tight")
        await s.press("escape")
        assert isinstance(s.app.screen, HomeScreen)
        assert s.home_line == "0 of 5 this week"  # 20 s stopped does not count; no reproach
    [saved] = _sessions(coach_home)
    assert (saved.status, saved.note, saved.pain_after) == ("stopped", "chest tight", {})


async def test_todays_check_in_areas_are_asked_before(coach_home: Path) -> None:
    with open_store(_db(coach_home), clock=lambda: NOW) as store:
        store.add_checkin({"neck": 5, "ribs": 0, "mid-back": 3})
    async with LogApp() as s:
        await s.press("enter", "p")
        form = s.app.screen.query_one(PainForm)
        assert form.areas == ["neck", "mid-back"]


async def test_a_suggested_routine_takes_its_pain_from_the_check_in(coach_home: Path) -> None:
    async with LogApp() as s:
        s.app.checkin_outcome = SimpleNamespace(checkin=CheckIn(pain={"ribs": 6, "neck": 0}))
        entry = s.app.library.get("rib-release")
        s.app.open_player(entry)  # as start_suggestion does
        await s.settle()
        await s.press("space")
        [running] = _sessions(coach_home)
        assert running.routine_id == "rib-release" and running.pain_before == {"ribs": 6}


async def test_a_preview_is_not_recorded(coach_home: Path) -> None:
    async with LogApp(speed=5.0) as s:
        await s.press("enter", "p")
        assert isinstance(s.app.screen, PlayerScreen)  # no pain question for a preview
        await s.play_to_the_end()
        await s.press("enter")
        assert isinstance(s.app.screen, HomeScreen)
        assert any("preview: not saved" in n.message for n in s.app._notifications)
    assert _sessions(coach_home) == []


async def test_closing_the_app_mid_session_saves_it_as_stopped(coach_home: Path) -> None:
    async with LogApp() as s:
        await s.press("enter", "p", "s", "space")
        s.clock.advance(30)
        s.app.screen.tick()
        await s.settle()
    [saved] = _sessions(coach_home)
    assert saved.status == "stopped"
    assert saved.elapsed_seconds == pytest.approx(30)


async def test_coach_play_shows_the_summary_then_leaves(coach_home: Path) -> None:
    from coach.routines.library import load_library
    from tests.test_tui_support import TEST_LIBRARY

    entry = load_library(TEST_LIBRARY).get("calm-breathing")
    s = LogApp(play=entry)
    async with s:
        assert isinstance(s.app.screen, PainScreen)
        await s.press("s")
        await s.play_to_the_end()
        await s.press("enter")
        assert isinstance(s.app.screen, SummaryScreen)
        await s.press("2", "enter")
    assert s.app.return_code == 0
    [saved] = _sessions(coach_home)
    assert saved.status == "completed" and saved.pain_after == {"chest": 2}


# ------------------------------------------------------------ history


def fill_log(db: Path) -> None:
    """Four weeks of sessions up to yesterday, with a flare day and pain before and after.

    Days: Oct 26 - Nov 19, practice on every day except Nov 11 (a declared flare
    day, which pauses) and Nov 7-8 (a weekend off, which breaks the streak).
    """
    with open_store(db, clock=lambda: NOW) as store, store.batch():
        day = date(2026, 10, 26)
        n = 0
        while day < TODAY:
            if day not in (date(2026, 11, 7), date(2026, 11, 8), date(2026, 11, 11)):
                at = datetime(day.year, day.month, day.day, 8, 15, tzinfo=ZONE)
                before = {"ribs": 6 - min(n // 6, 3)}
                after = {"ribs": before["ribs"] - 2}
                if n % 3 == 0:
                    before["neck"], after["neck"] = 3, 3
                store.add_session(
                    "calm-breathing",
                    at,
                    "Calm breathing",
                    1,
                    elapsed_seconds=600 + 60 * (n % 3),
                    planned_seconds=600,
                    total_steps=3,
                    pain_before=before,
                    pain_after=after,
                    source="tui",
                )
                n += 1
            day += timedelta(days=1)
        store.mark_day(date(2026, 11, 11), "flare", "lupus flare")


async def test_history_shows_streaks_calendar_pain_and_recent_sessions(coach_home: Path) -> None:
    fill_log(_db(coach_home))
    async with LogApp() as s:
        assert s.home_line == "Streak 10 days · 4 of 5 this week"
        await s.press("h")
        screen = s.app.screen
        assert isinstance(screen, HistoryScreen)
        assert screen.data is not None
        text = s.text
        # Nov 9-19 without the flare day: 10 days, and the flare day pauses rather than breaks.
        assert "Streak 10 days · longest 12 · 4 of 5 this week · 3 weeks at goal" in text
        assert "Habit strength" in text and "%" in text
        assert "Pain before→after" in text
        assert "4.6→2.6 ✓" in text  # ribs: a meaningful drop
        assert "3.0→3.0" in text  # neck: no change, no mark
        table = screen.query_one("#history-recent")
        assert table.row_count == 22  # every session of the log (up to RECENT)
        row = [str(cell) for cell in table.get_row_at(0)]  # cells are literal Text
        assert row[:5] == ["19 Nov 08:15", "Calm breathing", "done", "10m", ""]  # 80 wide
        assert "Ribs 3→1" in row[5]
        assert "~" in text  # the flare day in the calendar
        await s.press("escape")
        assert isinstance(s.app.screen, HomeScreen)


async def test_declaring_a_flare_day_asks_then_pauses_the_streak(coach_home: Path) -> None:
    fill_log(_db(coach_home))
    async with LogApp() as s:
        await s.press("h", "f")
        assert "Mark a day" in s.text and "today" in s.text and "not marked" in s.text
        await s.press("enter")  # today, a flare day (the first choice)
        assert "today: flare day (paused)" in s.text
        await s.press("escape")
        assert s.home_line == "Streak 10 days · 4 of 5 this week · flare day: the streak is paused"
        await s.press("h", "f")
        assert "marked as a flare day" in s.text
        await s.press("down", "down", "down", "enter")  # no mark: cleared
        assert "today: flare" not in s.text
    with open_store(_db(coach_home)) as store:
        assert [m.local_date for m in store.day_marks()] == [date(2026, 11, 11)]


async def test_history_of_an_empty_log_says_what_will_show(coach_home: Path) -> None:
    async with LogApp() as s:
        await s.press("h")
        assert NO_SESSIONS in s.text
        assert "No pain scores yet" in s.text
        assert s.app.screen.query_one("#history-recent").row_count == 0


async def test_h_types_into_the_filter_box_after_slash() -> None:
    async with LogApp() as s:
        await s.press("/", "h")
        assert isinstance(s.app.screen, HomeScreen)
        assert s.app.screen.query_one("#filter").value == "h"


# ------------------------------------------------------------ words


def test_table_cells_name_the_areas_and_never_cut_a_score() -> None:
    from coach.history.overview import SessionRecord

    record = SessionRecord(
        1,
        "rib-release",
        "abandoned",
        TODAY,
        routine_title="Rib release",
        local_time="07:05:00",
        elapsed_seconds=95,
        pain_before={"ribs": 6, "upper-back": 5},
        pain_after={"ribs": 4},
    )
    labels = area_words(vocabulary().areas)
    assert session_row(record, labels, column_widths(100, 11)) == (
        "Fri 20 Nov 07:05",
        "Rib release",
        "interrupted",
        "1m35s",
        "",
        "Ribs 6→4, Upper back 5→-",
    )
    assert pain_cell(record, labels, width=40) == "Ribs 6→4, Upper back 5→-"
    assert pain_cell(record, labels, width=17) == "Ribs 6→4\nUpper back 5→-"  # wraps, never cut
    with_note = session_row(replace(record, note="sore after"), labels, column_widths(80, 11))
    assert with_note[0] == "20 Nov 07:05" and with_note[4] == "✎"


def test_home_line_encourages_and_never_counts_misses() -> None:
    from coach.history.overview import StreakSummary
    from coach.tui.widgets.streak import home_line, strength_bar

    def summary(**kw: object) -> StreakSummary:
        base: dict[str, object] = {
            "current": 4,
            "longest": 9,
            "week_done": 2,
            "week_goal": 5,
            "weekly_goal": 5,
            "weeks_met": 0,
            "strength": 0.5,
            "today_done": False,
            "today_mark": "",
        }
        base.update(kw)
        return StreakSummary(**base)  # type: ignore[arg-type]

    assert home_line(None) == "No sessions yet — a short routine is a fine start"
    assert home_line(summary(today_done=True)) == (
        "Streak 4 days · 2 of 5 this week · done today ✓"
    )
    assert home_line(summary()) == "Streak 4 days · 2 of 5 this week"
    assert home_line(summary(current=0, week_done=0)) == "0 of 5 this week"
    assert home_line(summary(current=1, today_mark="sick")) == (
        "Streak 1 day · 2 of 5 this week · sick day: the streak is paused"
    )
    assert home_line(summary(week_goal=0, today_mark="off")) == (
        "Streak 4 days · this week is paused · rest day"
    )
    assert strength_bar(0.62) == "██████░░░░ 62%"
    assert strength_bar(1.7) == "██████████ 100%"


def test_calendar_cells_shade_minutes_and_mark_paused_days() -> None:
    from coach.history.overview import CalendarDay
    from coach.tui.widgets.calendar import cell_for, grid, weeks_that_fit

    def day(d: date, minutes: float = 0, sessions: int = 0, mark: str = "") -> CalendarDay:
        return CalendarDay(d, sessions, minutes, sessions > 0, mark)

    mon = date(2026, 11, 16)
    assert cell_for(day(mon, 3, 1), mon, TODAY).kind == "level-1"
    assert cell_for(day(mon, 5, 1), mon, TODAY).kind == "level-2"
    assert cell_for(day(mon, 20, 2), mon, TODAY).kind == "level-3"
    assert cell_for(day(mon, 10, 1, "flare"), mon, TODAY).kind == "level-2"  # practice wins
    assert cell_for(day(mon, mark="sick"), mon, TODAY).char == "~"
    assert cell_for(day(mon, mark="off"), mon, TODAY).char == "−"
    assert cell_for(None, mon, TODAY).kind == "empty"
    assert cell_for(None, TODAY + timedelta(days=1), TODAY).kind == "future"
    assert weeks_that_fit(37) == 17
    header, rows = grid([day(mon, 12, 1), day(TODAY, mark="flare")], TODAY, weeks=6)
    assert len(rows) == 7 and all(len(r) == 6 for r in rows)
    assert rows[0][-1].kind == "level-2"  # Monday of this week, the last column
    assert rows[4][-1].kind == "flare"  # today, a Friday
    assert rows[5][-1].kind == rows[6][-1].kind == "future"
    # Columns start on Monday 12 October: October's name first, then November's at its week.
    assert header.split() == ["Oct", "Nov"]
    assert header.index("Nov") == 3 + 2 * 2  # the week of Sunday 1 November


def test_pain_change_words_mark_meaningful_drops_and_rises() -> None:
    from coach.history.overview import PainChange
    from coach.tui.widgets.pain_trend import change_text

    assert change_text(PainChange(4, 6.0, 3.5)) == "6.0→3.5 ✓"
    assert change_text(PainChange(4, 3.0, 5.0)) == "3.0→5.0 ▲"
    assert change_text(PainChange(4, 4.0, 3.0)) == "4.0→3.0"
    assert change_text(None) == "–"
