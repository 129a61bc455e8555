"""Pictures of the summary and history screens at 80x24, on fixed dates and a fixed log.

The player's clock is fake and the wall clock is pinned to Friday 20 November 2026,
so the calendar, streaks and table never move. Accept a deliberate change with:
pytest tests/test_tui_log_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

from tests.test_tui_log import CALM_SECONDS, NOW, _db, fill_log
from tests.test_tui_support import FakeClock, RecordingVoice, make_app, settle


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await settle(pilot.app)
    await pilot.pause()


def _app(clock: FakeClock | None = None):  # type: ignore[no-untyped-def]
    return make_app(
        clock or FakeClock(), RecordingVoice(), record_sessions=None, wall_clock=lambda: NOW
    )


def test_summary_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()

    async def finish_a_session(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter", "p")
        await _settle(pilot)
        await pilot.press("6", "down", "4", "enter")  # pain before: chest 6, ribs 4
        await _settle(pilot)
        await pilot.press("space")
        await _settle(pilot)
        clock.advance(CALM_SECONDS + 1)
        pilot.app.screen.tick()
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("3")  # chest after: 3

    assert snap_compare(_app(clock), terminal_size=(80, 24), run_before=finish_a_session)


def test_history_screen(snap_compare, coach_home: Path) -> None:  # type: ignore[no-untyped-def]
    fill_log(_db(coach_home))

    async def open_history(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("h")
        await _settle(pilot)

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=open_history)
