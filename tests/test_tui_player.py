"""The player screen with a fake clock: keys do what they say, the gauge follows the breath.

calm-breathing's first step: 5 s to get ready, then breaths of 4 s in, 2 s hold, 6 s out.
So, counted from pressing space: 7 s is mid-inhale, 10 s is in the hold, 14 s is mid-exhale.
"""

from __future__ import annotations

import pytest

from coach.playback.player import FINISHED_TEXT
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.widgets.board import SessionBoard
from coach.tui.widgets.gauge import GaugeState, bar_cells, count_text
from tests.test_tui_support import FakeClock, RecordingVoice, make_app, screen_text, settle

SIZE = (80, 24)


class Session:
    """An app opened on a routine's player, with its fake clock and recording voice."""

    def __init__(self, routine_id: str = "calm-breathing", **kwargs: object) -> None:
        self.clock = FakeClock()
        self.voice = RecordingVoice()
        self.routine_id = routine_id
        self.app = make_app(self.clock, self.voice, **kwargs)

    async def __aenter__(self) -> Session:
        self._ctx = self.app.run_test(size=SIZE)
        self.pilot = await self._ctx.__aenter__()
        await settle(self.app)
        entry = self.app.library.get(self.routine_id)
        self.screen = self.app.open_player(entry)
        await self.pilot.pause()
        await settle(self.app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ctx.__aexit__(*exc)

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def advance(self, seconds: float) -> None:
        """Move the clock, then draw one frame as the timer would; with a fake clock the
        frame also fires what the cue scheduler's thread would have (PlayerScreen.cue_thread)."""
        self.clock.advance(seconds)
        self.screen.tick()
        await self.pilot.pause()

    @property
    def board(self) -> SessionBoard:
        return self.screen.query_one(SessionBoard)

    @property
    def gauge(self) -> GaugeState:
        return self.board.gauge

    @property
    def countdown(self) -> str:
        return self.board.count

    @property
    def text(self) -> str:
        return screen_text(self.app)


async def test_space_starts_the_first_step_and_says_its_name() -> None:
    async with Session() as s:
        assert s.screen.player.state == "ready"
        assert not s.screen.frames_running
        await s.press("space")
        assert s.screen.player.state == "playing"
        assert s.screen.frames_running
        assert "Step 1 of 3  ·  Breathing control" in s.text
        assert s.voice.said == [
            "Breathing control. Sit supported, one hand on your stomach, breathe gently."
        ]
        await s.advance(5)
        assert s.voice.said[-1] == "Breathe in"


async def test_enter_also_begins() -> None:
    async with Session() as s:
        await s.press("enter")
        assert s.screen.player.state == "playing"


async def test_pause_freezes_the_position_and_resume_goes_on_from_there() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(7)
        await s.press("space")
        assert s.screen.player.state == "paused"
        assert not s.screen.frames_running
        assert s.voice.stops >= 1  # speech stops at once on pause
        frozen = s.screen.player.position()
        assert frozen == pytest.approx(7)
        shown = s.countdown
        await s.advance(30)
        assert s.screen.player.position() == pytest.approx(7)
        assert s.countdown == shown == "0:34"
        assert "Paused" in s.text
        await s.press("space")
        assert s.screen.player.state == "playing"
        assert s.screen.frames_running
        await s.advance(1)
        assert s.screen.player.position() == pytest.approx(8)


async def test_n_skips_to_the_next_step_and_p_goes_back() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(10)
        stops = s.voice.stops
        await s.press("n")
        assert s.screen.player.snapshot().step_index == 1
        assert s.voice.stops == stops + 1
        assert "Step 2 of 3  ·  Rest" in s.text
        assert "Next: Pursed-lip breathing" in s.text
        await s.advance(5)
        await s.press("b")  # 5 s into the rest: back to its start
        assert s.screen.player.snapshot().step_index == 1
        assert s.screen.player.position() == pytest.approx(41)
        await s.press("b")  # just after its start: back to the step before
        assert s.screen.player.snapshot().step_index == 0
        assert s.screen.player.position() == pytest.approx(0)
        assert "Step 1 of 3  ·  Breathing control" in s.text


async def test_m_mutes_and_unmutes_the_voice() -> None:
    async with Session() as s:
        await s.press("space", "m")
        assert s.voice.muted == [True]
        assert s.screen.player.state == "playing"  # the session goes on
        await s.press("m")
        assert s.voice.muted == [True, False]


async def test_q_asks_first_and_n_goes_on_playing() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(3)
        await s.press("q")
        assert isinstance(s.app.screen, ConfirmScreen)
        assert "Stop this session?" in s.text
        assert s.screen.player.state == "paused"  # the clock waits for the answer
        await s.press("n")
        assert s.app.screen is s.screen
        assert s.screen.player.state == "playing"
        assert s.app.last_outcome is None


async def test_q_then_y_stops_and_reports_the_outcome() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(20)
        await s.press("q", "y")
        assert s.app.screen is s.screen
        assert s.screen.player.state == "stopped"
        assert not s.screen.frames_running
        outcome = s.app.last_outcome
        assert outcome is not None and outcome.status == "stopped"
        assert outcome.elapsed_seconds == pytest.approx(20)
        assert "Session stopped." in s.text
        assert "You did 20s of Calm breathing: 0 of 3 steps." in s.text
        await s.press("enter")  # back home after a session
        assert isinstance(s.app.screen, HomeScreen)


async def test_the_gauge_grows_on_inhale_stays_full_on_hold_and_shrinks_on_exhale() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(2.5)
        assert s.gauge.word == "Get ready"
        await s.advance(4.5)  # 7 s: half way through the 4 s breath in
        assert s.gauge.level == pytest.approx(0.5)
        assert s.gauge.word == "Breathe in"
        assert s.gauge.kind == "inhale"
        assert "Breathe in" in s.text
        await s.advance(1)  # 8 s: three quarters in
        assert s.gauge.level == pytest.approx(0.75)
        await s.advance(2)  # 10 s: in the hold
        assert s.gauge.level == pytest.approx(1.0)
        assert s.gauge.word == "Hold"
        assert s.gauge.kind == "hold"
        await s.advance(4)  # 14 s: half way through the 6 s breath out
        assert s.gauge.level == pytest.approx(0.5)
        assert s.gauge.word == "Breathe out"
        assert s.gauge.kind == "exhale"
        assert s.gauge.detail == "breath 1 of 3"


async def test_the_drawn_bar_is_as_long_as_the_gauge_level() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(7)
        width = s.board.gauge_region().width
        bar_row = next(line for line in s.text.splitlines() if "█" in line)
        assert bar_row.count("█") == width // 2
        await s.advance(3)
        bar_row = next(line for line in s.text.splitlines() if "█" in line)
        assert bar_row.count("█") == width


async def test_reduced_motion_shows_the_phase_and_its_count_in_words_without_a_bar() -> None:
    async with Session(reduced_motion=True) as s:
        await s.press("space")
        await s.advance(7)  # 2 s into the 4 s breath in
        assert "Breathe in · 2" in s.text
        assert "█" not in s.text and "·····" not in s.text  # no bar at all
        await s.advance(0.5)
        assert "Breathe in · 2" in s.text  # counted once a second
        await s.advance(0.6)
        assert "Breathe in · 1" in s.text
        await s.advance(1.4)  # 0.5 s into the 2 s hold
        assert "Hold · 2" in s.text
        await s.advance(2)  # 0.5 s into the 6 s breath out
        assert "Breathe out · 6" in s.text
        assert "breath 1 of 3" in s.text
        await s.press("space")
        assert "Paused · 6" in s.text


def test_count_text_drops_the_minutes_under_one() -> None:
    assert count_text("0:03") == "3"
    assert count_text("0:10") == "10"
    assert count_text("1:05") == "1:05"
    assert count_text("") == ""


def test_bar_cells_use_eighths_at_the_edge() -> None:
    assert bar_cells(0.0, 10) == (0, "")
    assert bar_cells(1.0, 10) == (10, "")
    assert bar_cells(0.5, 10) == (5, "")
    assert bar_cells(0.55, 10) == (5, "▌")
    assert bar_cells(2.0, 10) == (10, "")  # out of range is clamped


async def test_countdown_and_time_left_come_from_the_clock() -> None:
    async with Session() as s:
        await s.press("space")
        assert s.countdown == "0:41"  # step 1: 5 s + 3 breaths of 12 s
        await s.advance(7)
        assert s.countdown == "0:34"
        assert "1:01 left" in s.text  # the routine is 68 s
        await s.advance(0.4)
        assert s.countdown == "0:34"  # 33.6 s left still reads 0:34
        await s.advance(33.5)
        assert s.countdown == "0:01"
        await s.advance(0.1)  # into the rest
        assert s.countdown == "0:10"


async def test_a_late_frame_still_shows_the_true_time() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(45)  # one frame after a long stall: no drift, no counting of ticks
        assert s.screen.player.snapshot().step_index == 1
        assert s.countdown == "0:06"
        assert "0:23 left" in s.text


async def test_speed_plays_faster_through_the_same_screen() -> None:
    async with Session(speed=2.0) as s:
        await s.press("space")
        await s.advance(3.5)
        assert s.screen.player.position() == pytest.approx(7)
        assert s.gauge.word == "Breathe in"
        assert "Calm breathing  ·  2x preview" in s.text.splitlines()[0]


async def test_the_end_says_well_done_and_reports_a_finished_session() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(30)
        await s.advance(40)
        assert s.screen.player.state == "finished"
        assert not s.screen.frames_running
        assert s.voice.said[-1] == FINISHED_TEXT
        outcome = s.app.last_outcome
        assert outcome is not None and outcome.finished
        assert outcome.completed_steps == 3
        assert "Well done." in s.text
        assert "You did 1m08s of Calm breathing: 3 of 3 steps." in s.text


async def test_skipping_the_last_step_finishes() -> None:
    async with Session() as s:
        await s.press("space", "n", "n", "n")
        await s.advance(0)
        assert s.app.last_outcome is not None
        assert s.app.last_outcome.skipped_steps == 3
        assert "You did 0s of Calm breathing: 0 of 3 steps. 3 skipped." in s.text


async def _footer(s: Session, word: str) -> str:
    """The footer line once it shows ``word``: Textual redraws the footer after the bindings
    change, a few idle rounds later on a busy machine (the last line read if it never does)."""
    for _ in range(100):
        footer = s.text.splitlines()[-1]
        if word in footer:
            break
        await s.pilot.pause()
    return footer


async def test_footer_shows_only_the_keys_that_work_now() -> None:
    async with Session() as s:
        footer = await _footer(s, "Begin")
        assert "Begin" in footer and "Pause" not in footer and "Skip" not in footer
        await s.press("space")
        footer = await _footer(s, "Pause")
        for word in ("Pause", "Skip", "Back a step", "Mute", "Stop"):
            assert word in footer, word
        await s.press("space")
        assert "Resume" in await _footer(s, "Resume")


async def test_rep_steps_show_the_routines_own_words_and_sides() -> None:
    async with Session("neck-ease") as s:
        await s.press("space")
        await s.advance(6)  # 5 s ready, then the first turn
        assert s.gauge.word == "Go"
        assert s.gauge.detail == "left side, rep 1 of 4"
        await s.advance(3)
        assert s.gauge.word == "And back"


async def test_coach_play_leaves_the_app_when_the_session_is_closed() -> None:
    clock, voice = FakeClock(), RecordingVoice()
    from coach.routines.library import load_library
    from tests.test_tui_support import TEST_LIBRARY

    entry = load_library(TEST_LIBRARY).get("neck-ease")
    app = make_app(clock, voice, play=entry)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("space", "q", "y", "enter")
        await pilot.pause()
    assert app.return_code == 0
    assert app.last_outcome is not None and app.last_outcome.status == "stopped"


async def test_the_longest_cautions_can_be_read_in_full_on_a_short_screen(tmp_path) -> None:
    from tests.test_tui_support import TEST_ROUTINES

    text = (TEST_ROUTINES / "calm-breathing.yaml").read_text()
    long_caution = ("Breathe gently and never strain. " * 18).strip()[:600]
    text = text.replace(
        "cautions: Stop if you feel dizzy or short of breath.", f"cautions: {long_caution}"
    ).replace("avoid_with: []", "avoid_with: [osteoporosis, asthma-flare, lupus-flare, rib-pain]")
    (tmp_path / "calm-breathing.yaml").write_text(text)
    app = make_app(library_dirs=[("user", tmp_path)])
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(app)
        app.open_player(app.library.get("calm-breathing"))
        await pilot.pause()
        assert "space Begin" in screen_text(app).splitlines()[-1]
        await pilot.press("end")  # the panel scrolls: nothing is cut off
        shown = screen_text(app)
        assert "or if you feel dizzy." in shown
        assert "Not advised with: osteoporosis, asthma flare" in shown
        assert "Press space or enter to begin." in shown
        await pilot.press("space")
        assert app.screen.player.state == "playing"
