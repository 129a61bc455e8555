"""History's fast path gives the numbers of the full computation, and its table fills by page.

The app reads a long log for History through shortcuts: the streak summary kept from
the home line (``SessionLog._summary``), counted days found through an index
(``Store.counted_days``), marks from the calendar's first day, and the table's rows a
page at a time. Each is checked here against the plain computation over every session
record of a generated log with flare, sick and rest days, several sessions a day,
stopped sessions on both sides of the line, an abandoned one, a running one, and
sessions in zones far from the wall clock's (local dates a day off UTC's, one a day
ahead of today).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.history.overview import active_days, overview, streak_summary, week_start
from coach.log.store import open_store
from coach.tui.screens.history import PAGE, HistoryScreen
from coach.tui.session_log import SessionLog
from tests.test_tui_log import NOW, ZONE, LogApp, _db

TODAY = NOW.date()
GOAL = 4
WEEKS_BACK = 52
RECENT = 40
ROUTINES = ("rib-release", "chin-tucks", "cat-cow")
AREAS = ("ribs", "neck", "upper-back")
#: A day with no other session: only an abandoned session's progress makes it count.
LONE = TODAY - timedelta(days=500)


def _at(day: date, hour: int, zone: timezone | None = None) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 5, tzinfo=zone or ZONE)


def build_log(home: Path, seed: int = 16) -> dict[str, set[date]]:
    """Two and a half years of practice with every kind of day; returns the edge days."""
    rng = random.Random(seed)
    config = home / "config" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"weekly_goal: {GOAL}\nrest_days: [sun]\n")
    edges: dict[str, set[date]] = {"counted_stops": set(), "abandoned": {LONE}}
    with open_store(_db(home), clock=lambda: NOW) as store, store.batch():
        for back in range(900, 0, -1):
            day = TODAY - timedelta(days=back)
            roll = rng.random()
            if roll < 0.15 or day == LONE:
                continue  # a missed day (LONE: the abandoned session's, below)
            if roll < 0.2:
                store.mark_day(day, rng.choice(["flare", "sick", "rest"]))
                if rng.random() < 0.5:
                    continue  # a paused day (else practised on in spite of its mark)
            if roll < 0.25:  # a day with only a stopped session: counts past the line
                long = rng.random() < 0.5
                store.add_session(
                    rng.choice(ROUTINES),
                    _at(day, 9),
                    status="stopped",
                    elapsed_seconds=200 if long else 40,
                    planned_seconds=300,
                    total_steps=5,
                    completed_steps=2,
                )
                if long:
                    edges["counted_stops"].add(day)
                continue
            for n in range(rng.choice([1, 1, 2, 3])):
                before = {a: rng.randint(2, 8) for a in rng.sample(AREAS, rng.randint(0, 2))}
                after = {a: max(0, v - rng.randint(0, 3)) for a, v in before.items()}
                store.add_session(
                    rng.choice(ROUTINES),
                    _at(day, 7 + 4 * n),
                    rng.choice(["", "Rib release", "Chin tucks"]),
                    elapsed_seconds=rng.uniform(30, 900),
                    planned_seconds=300,
                    total_steps=5,
                    pain_before=before,
                    pain_after=after,
                    note="felt looser" if rng.random() < 0.1 else "",
                    status="stopped" if rng.random() < 0.15 else "completed",
                )
        # Time-zone edges: local dates a day off UTC's, and one a day ahead of today's.
        ahead, behind = timezone(timedelta(hours=14)), timezone(timedelta(hours=-11))
        store.add_session("cat-cow", _at(TODAY - timedelta(days=3), 23, ahead), "Cat cow")
        store.add_session("cat-cow", _at(TODAY - timedelta(days=400), 0, behind), "Cat cow")
        store.add_session("cat-cow", _at(TODAY + timedelta(days=1), 6, ahead), "Cat cow")
        store.mark_day(TODAY - timedelta(days=2), "flare")
    return edges


def add_abandoned(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On LONE: two sessions whose process died after real progress, one still running."""
    import coach.log.store as store_module

    with open_store(_db(home), clock=lambda: _at(LONE, 10)) as store:
        sid = store.start_session("rib-release", "Rib release", planned_seconds=600)
        store.update_progress(sid, 150, 2)
        short = store.start_session("chin-tucks", planned_seconds=600)
        store.update_progress(short, 20, 1)
        with monkeypatch.context() as patch:
            patch.setattr(store_module, "owner_alive", lambda *a: False)
            assert store.abandon_stale() == 2
        store.start_session("cat-cow")  # this process's, still running: never counts


def reference(home: Path):  # type: ignore[no-untyped-def]
    """The plain computation: every session record, every mark, nothing kept."""
    with open_store(_db(home), clock=lambda: NOW) as store:
        everything = store.sessions()
        marks = store.day_marks()
    since = week_start(TODAY) - timedelta(weeks=WEEKS_BACK - 1)
    year = [s for s in everything if s.local_date >= since]
    rest = frozenset({6})
    view = overview(
        year,
        TODAY,
        GOAL,
        marks,
        rest,
        weeks_back=WEEKS_BACK,
        recent=RECENT,
        activity=everything,
    )
    return view, everything, marks, rest


@pytest.fixture
def long_log(coach_home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, set[date]]:
    edges = build_log(coach_home)
    add_abandoned(coach_home, monkeypatch)
    return edges


def test_fast_history_equals_the_full_computation(
    coach_home: Path, long_log: dict[str, set[date]]
) -> None:
    view, everything, marks, rest = reference(coach_home)
    statuses = {s.status for s in everything}
    assert statuses == {"completed", "stopped", "abandoned", "in_progress"}, statuses
    assert max(s.local_date for s in everything) > TODAY  # a zone ahead of today's
    log = SessionLog(_db(coach_home), lambda: NOW)
    try:
        home_line = log.streak()  # the home line computes the summary History reuses
        warm = log.history(weeks_back=WEEKS_BACK, recent=RECENT)
        assert warm.overview == view
        assert home_line == view.summary
        log._kept_summary = log._kept_overview = None  # nothing kept: the cold path
        cold = log.history(weeks_back=WEEKS_BACK, recent=RECENT)
        assert cold.overview == view
        assert cold.has_sessions and cold.weekly_goal == GOAL
    finally:
        log.close()
    # The log exercises the rules a shortcut could get wrong: without the stopped
    # sessions past the line and the abandoned one, the figures would differ.
    with open_store(_db(coach_home), clock=lambda: NOW) as store:
        days = store.counted_days()
    assert days == active_days(everything)
    assert long_log["counted_stops"] <= days and long_log["abandoned"] <= days
    without = days - long_log["counted_stops"] - long_log["abandoned"]
    assert streak_summary((), TODAY, GOAL, marks, rest, active=without) != view.summary


async def test_the_table_fills_by_page_as_the_cursor_nears_its_end(coach_home: Path) -> None:
    with open_store(_db(coach_home), clock=lambda: NOW) as store, store.batch():
        for n in range(2 * PAGE + 10):
            store.add_session("rib-release", NOW - timedelta(hours=5 * n + 1), "Rib release")
        with_all = store.sessions()
    newest_first = [str(s.id) for s in reversed(with_all)]
    s = LogApp()
    async with s:
        await s.press("h")
        screen = s.app.screen
        assert isinstance(screen, HistoryScreen) and screen.data is not None
        table = screen.query_one("#history-recent")
        assert table.row_count == PAGE
        await s.press("ctrl+end")  # the cursor on the last row shown: the next page joins
        assert table.row_count == 2 * PAGE
        await s.press("ctrl+end")
        assert table.row_count == 2 * PAGE + 10
        await s.press("ctrl+end")
        assert table.row_count == 2 * PAGE + 10
        assert [str(k.value) for k in table.rows] == newest_first
        await s.pilot.resize_terminal(100, 30)  # refilled for the new width: rows kept
        await s.settle()
        assert table.row_count == 2 * PAGE + 10


async def test_scrolling_to_the_end_adds_the_next_page(coach_home: Path) -> None:
    with open_store(_db(coach_home), clock=lambda: NOW) as store, store.batch():
        for n in range(PAGE + 5):
            store.add_session("rib-release", NOW - timedelta(hours=5 * n + 1), "Rib release")
    s = LogApp()
    async with s:
        await s.press("h")
        screen = s.app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-recent")
        assert table.row_count == PAGE and table.cursor_row == 0
        table.scroll_end(animate=False)  # the wheel or the scroll bar, not the cursor
        await s.settle()
        assert table.row_count == PAGE + 5 and table.cursor_row == 0
