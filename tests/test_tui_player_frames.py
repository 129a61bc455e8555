"""A quiet player (issue 16): frames only when something visible changes, repaints only then.

calm-breathing's first step: 5 s to get ready, then 4 s in, 2 s hold, 6 s out.
"""

from __future__ import annotations

import math

import pytest
from textual.geometry import Region

from coach.tui.frames import next_change, progress_step, to_next_second
from coach.tui.widgets.gauge import BAR_TOP, bar_cells
from tests.test_tui_player import Session


class Counted:
    """Records a widget's refresh calls and the regions each one named."""

    def __init__(self, widget: object) -> None:
        self.calls = 0
        self.regions: list[Region] = []
        real = widget.refresh  # type: ignore[attr-defined]

        def counting(*regions: Region, **kwargs: object) -> object:
            self.calls += 1
            self.regions += regions or [Region(0, 0, 10_000, 10_000)]  # no region: everything
            return real(*regions, **kwargs)

        widget.refresh = counting  # type: ignore[attr-defined]


async def test_frames_inside_one_visible_state_repaint_nothing() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(10.1)  # in the 2 s hold: the gauge is full and still
        board = Counted(s.board)
        progress_y = s.board._layout.progress_y
        for _ in range(20):  # 20 frames within 0.2 s of the same second
            await s.advance(0.01)
        assert board.calls <= 1  # at most one half cell of the progress bar...
        assert all(r.y == progress_y and r.height == 1 for r in board.regions)  # ...its row only


async def test_the_moving_gauge_repaints_only_the_cells_at_its_edge() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(6)  # breathing in: the bar grows
        board = s.board
        counted = Counted(board)
        before = board.gauge.level
        await s.advance(0.05)
        gauge = board.gauge_region().translate(-board.region.offset)
        width = gauge.width
        assert bar_cells(board.gauge.level, width) != bar_cells(before, width)  # it moved
        assert counted.calls == 1
        (region,) = counted.regions
        assert region.width <= 2  # the cell (or two) at the bar's edge, never the whole gauge
        assert region.y == gauge.y + BAR_TOP and region.bottom == gauge.bottom  # every bar row
        edge = gauge.x + bar_cells(board.gauge.level, width)[0]
        assert region.x <= edge <= region.right


async def test_reduced_motion_leaves_the_gauge_alone_between_seconds() -> None:
    async with Session(reduced_motion=True) as s:
        await s.press("space")
        await s.advance(6.1)
        board = Counted(s.board)
        gauge = s.board.gauge_region().translate(-s.board.region.offset)
        for _ in range(8):
            await s.advance(0.1)  # 6.1 .. 6.9 s: the same second, the same words
        assert not any(r.overlaps(gauge) for r in board.regions)


async def test_the_screen_sleeps_until_the_next_visible_change() -> None:
    async with Session(reduced_motion=True) as s:
        await s.press("space")
        await s.advance(6.25)
        snap = s.screen.player.snapshot()
        delay = next_change(snap, gauge_steps=0, progress_cells=0, frame=1 / 30)
        # The next whole second of a clock on screen, not the next 1/30 s (nor a cue's time:
        # sound is the scheduler's).
        assert delay == pytest.approx(0.75, abs=0.01)
        moving = next_change(snap, gauge_steps=400, progress_cells=0, frame=0.125)
        assert moving == pytest.approx(0.125)  # the gauge alone: no closer than its frame


def test_clock_and_progress_steps() -> None:
    assert to_next_second(3.4) == pytest.approx(0.4)
    assert to_next_second(3.0) == pytest.approx(1.0)
    assert to_next_second(0) == math.inf
    assert progress_step(7.0, 70.0, 60) == 12
    assert progress_step(7.2, 70.0, 60) == 12
    assert progress_step(100, 70.0, 60) == 120


async def test_a_session_keeps_what_is_alive_at_its_start_out_of_full_collections() -> None:
    import gc

    async with Session() as s:
        gc.unfreeze()
        await s.press("space")
        assert s.screen.player.state == "playing"
        assert gc.get_freeze_count() > 0  # the app, its screens, the library: frozen


async def test_the_folders_are_looked_at_every_5_s_while_a_session_plays() -> None:
    async with Session() as s:
        app = s.app
        looks = []
        app.poll_library = lambda: looks.append(1)  # type: ignore[method-assign]
        for _ in range(10):
            app.poll_tick()
        assert len(looks) == 10  # no session: every tick
        await s.press("space")
        looks.clear()
        for _ in range(20):
            app.poll_tick()
        assert len(looks) == 2  # playing: one tick in ten
