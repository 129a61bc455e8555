"""A session in the app keeps its progress: saved while playing, recorded on SIGTERM/SIGHUP.

Pilot with a fake player clock and a fixed wall clock; every row lands in a
real SQLite file. The real signals and the terminal's restoration are checked
in tmux by tests/e2e/test_e2e_log.py.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from coach.log.store import open_store
from coach.tui.session_flow import PROGRESS_EVERY
from tests.test_tui_log import NOW, LogApp, _db


def _rows(coach_home: Path) -> list:
    with open_store(_db(coach_home), clock=lambda: NOW) as store:
        return store.sessions()


async def _playing(s: LogApp, seconds: float) -> None:
    await s.press("enter", "p", "s", "space")  # details, play, skip the pain question, go
    s.clock.advance(seconds)
    s.app.screen.tick()
    await s.settle()


async def test_progress_is_saved_while_a_session_plays(coach_home: Path) -> None:
    async with LogApp() as s:
        await _playing(s, 25)
        assert s.app._progress_timer._active.is_set()  # the beat runs during a session
        [row] = _rows(coach_home)
        assert (row.status, row.elapsed_seconds) == ("in_progress", 0)
        s.app.progress_beat()  # what the timer calls every PROGRESS_EVERY seconds
        await s.settle()
        [row] = _rows(coach_home)
        assert row.status == "in_progress"
        assert row.elapsed_seconds == pytest.approx(25)
        assert PROGRESS_EVERY <= 10  # as often as plain mode


async def test_the_beat_stops_when_the_session_ends(coach_home: Path) -> None:
    async with LogApp() as s:
        await _playing(s, 5)
        await s.press("q", "y")  # stop, confirm
        assert not s.app._progress_timer._active.is_set()
        s.app.progress_beat()  # a late beat writes nothing over the finished row
        await s.settle()
        [row] = _rows(coach_home)
        assert row.status == "stopped" and row.elapsed_seconds == pytest.approx(5)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_termination_signal_records_the_session_as_stopped(
    coach_home: Path, signum: int
) -> None:
    async with LogApp() as s:
        await _playing(s, 40)
        s.app.terminated(signum)  # what the loop's signal handler calls
        await s.settle()
        [row] = _rows(coach_home)
        assert row.status == "stopped"
        assert row.elapsed_seconds == pytest.approx(40)
    assert s.app.return_code == 128 + signum
