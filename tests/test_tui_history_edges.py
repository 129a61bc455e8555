"""The history screen's rough edges: columns sized to the terminal, notes shown, pain drawn on
a fixed scale with dates, and any recent day marked flare, sick or rest, or cleared.

On a real log (tests/test_tui_log.py's four weeks) with a long multi-area session and a note.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from coach.log.store import open_store
from coach.tui.screens.day_mark import DayMarkScreen
from coach.tui.screens.history import COLUMNS, NOTE_MARK, HistoryScreen
from coach.tui.screens.session_detail import SessionDetailScreen
from coach.tui.widgets.pain_trend import PainTrend, glyph
from tests.test_tui_log import NOW, ZONE, LogApp, _db, fill_log

NOTE = "Ribs eased after the second set [/] — try it before bed"


def fill(coach_home: Path) -> None:
    fill_log(_db(coach_home))
    with open_store(_db(coach_home), clock=lambda: NOW) as store:
        store.add_session(
            "rib-release",
            datetime(2026, 11, 20, 7, 5, tzinfo=ZONE),
            "Rib release",
            1,
            elapsed_seconds=300,
            planned_seconds=300,
            total_steps=3,
            pain_before={"ribs": 6, "upper-back": 5, "neck": 4},
            pain_after={"ribs": 4, "upper-back": 3, "neck": 4},
            note=NOTE,
            source="tui",
        )
        store.add_session(  # a long name, stopped early: both whole in the table at 80x24
            "scapular-retraction",
            datetime(2026, 11, 19, 7, 5, tzinfo=ZONE),
            "Shoulder blade squeeze",
            1,
            elapsed_seconds=60,
            planned_seconds=240,
            total_steps=3,
            status="stopped",
            pain_before={"upper-back": 6},
            source="tui",
        )


async def _history(s: LogApp) -> HistoryScreen:
    await s.press("h")
    screen = s.app.screen
    assert isinstance(screen, HistoryScreen) and screen.data is not None
    return screen


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_columns_fit_the_terminal_with_headers_and_scores_whole(
    coach_home: Path, size: tuple[int, int]
) -> None:
    fill(coach_home)
    app = LogApp()
    async with app.app.run_test(size=size) as pilot:
        app.pilot = pilot
        await app.settle()
        screen = await _history(app)
        table = screen.query_one("#history-recent")
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= table.size.width
        text = app.text
        shown = [name for name in COLUMNS if name in screen._widths]
        for header in shown:
            assert header in text, header
        # At 80 columns the longest name needs the time played's room (Enter shows it).
        assert ("Played" in shown) == (size[0] >= 100)
        rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
        assert ["Shoulder blade squeeze", "stopped"] in [row[1:3] for row in rows]
        top = [str(c) for c in table.get_row_at(0)]
        assert "…" not in top[-1]
        for part in ("Ribs 6→4", "Upper back 5→3", "Neck 4→4"):
            assert part in top[-1] and part in text, part
        assert top[1] == "Rib release" and top[-2] == NOTE_MARK
        if size[0] >= 100:  # room for the weekday and the time played
            assert top[0] == "Fri 20 Nov 07:05" and top[3] == "5m"


async def test_enter_on_a_session_shows_its_note_in_full(coach_home: Path) -> None:
    fill(coach_home)
    async with LogApp() as s:
        await _history(s)
        await s.press("enter")  # the first row: the latest session
        assert isinstance(s.app.screen, SessionDetailScreen)
        text = s.app.screen.query_one("#session-note").render()
        assert str(text) == f"Note: {NOTE}"  # literal: the [/] is shown, not read
        assert "Rib release" in s.text and "Ribs 6→4" in s.text
        await s.press("escape")
        assert isinstance(s.app.screen, HistoryScreen)
        await s.press("down", "enter")  # a session without a note says so
        assert "No note." in s.text


async def test_a_past_day_is_marked_sick_then_rest_then_cleared(coach_home: Path) -> None:
    fill(coach_home)
    async with LogApp() as s:
        await _history(s)
        await s.press("f")
        assert isinstance(s.app.screen, DayMarkScreen)
        await s.press("left", "left", "down", "enter")  # Wednesday 18 November: sick
        with open_store(_db(coach_home)) as store:
            marks = {m.local_date: m.kind for m in store.day_marks()}
        assert marks[date(2026, 11, 18)] == "sick"
        await s.press("f", "left", "left")
        assert "Wed 18 Nov 2026" in s.text and "marked as a sick day" in s.text
        await s.press("down", "enter")  # rest
        await s.press("f", "left", "left", "down", "enter")  # from rest, down: clear
        await s.press("f", "left", "left")
        assert "not marked" in s.text
        await s.press(*["left"] * 60)
        day_line = str(s.app.screen.query_one("#daymark-day").render())
        assert "Fri 09 Oct 2026" in day_line  # six weeks back, no further
        await s.press(*["right"] * 60)
        assert "today" in str(s.app.screen.query_one("#daymark-day").render())  # never ahead
        await s.press("escape")
        assert isinstance(s.app.screen, HistoryScreen)
    with open_store(_db(coach_home)) as store:
        marks = {m.local_date: m.kind for m in store.day_marks()}
    assert date(2026, 11, 18) not in marks and marks[date(2026, 11, 11)] == "flare"


async def test_pain_is_drawn_on_a_fixed_scale_with_dates(coach_home: Path) -> None:
    fill(coach_home)
    async with LogApp() as s:
        screen = await _history(s)
        drawn = str(screen.query_one(PainTrend).render())
        assert "▁0 ▅5 █10" in drawn
        neck_before = next(line for line in drawn.splitlines() if line.startswith("Neck"))
        assert glyph(3) in neck_before and glyph(4) in neck_before and "3.1→3.1" in neck_before
        assert "20 Nov" in drawn.splitlines()[-1]  # the time axis ends on the last day


def test_glyphs_keep_a_fixed_scale() -> None:
    assert [glyph(v) for v in (0, 5, 10)] == ["▁", "▅", "█"]
    assert glyph(None) == " "
    assert glyph(6) == "▅" and glyph(1) == "▂"  # a steady 6 is a steady middle line, not ▁▁▁


def test_history_data_is_kept_until_the_log_changes(coach_home: Path) -> None:
    from coach.tui.session_log import SessionLog

    fill(coach_home)
    log = SessionLog(_db(coach_home), lambda: NOW)
    try:
        first = log.history(recent=5)
        assert log.history(recent=5).overview is first.overview  # nothing changed: kept
        log.mark_day(date(2026, 11, 19), "rest")  # this process wrote: read again
        again = log.history(recent=5)
        assert again.overview is not first.overview
        marks = {d.day: d.mark for d in again.overview.calendar}
        assert marks[date(2026, 11, 19)] == "rest"
        assert log.history(recent=6).overview is not again.overview  # another question
    finally:
        log.close()


def test_history_is_read_again_after_another_process_logs_a_session(coach_home: Path) -> None:
    """A `coach log` in another terminal changes the log: SQLite's data_version tells."""
    from coach.tui.session_log import SessionLog
    from tests.conftest import run_coach

    fill(coach_home)
    log = SessionLog(_db(coach_home), lambda: NOW)
    try:
        first = log.history(recent=5)
        assert log.history(recent=5).overview is first.overview
        done = run_coach("log", "chin-tucks", "--at", "2026-11-23T08:00", "--note", "from afar")
        assert done.returncode == 0, done.stderr
        again = log.history(recent=5)
        assert again.overview is not first.overview
        assert any(r.note == "from afar" for r in again.overview.recent), again.overview.recent
    finally:
        log.close()
