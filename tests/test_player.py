"""The playback state machine, driven by a fake clock: no sleeps, exact arithmetic."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.playback.player import (
    BACK_GRACE_SECONDS,
    FINISHED_TEXT,
    STALE_CUE_SECONDS,
    Player,
    check_speed,
    schedule,
    spoken_texts,
)
from coach.playback.timeline import Timeline, compile_routine
from coach.routines.reader import parse_routine

# Steps: breathe 0-9 (prepare 0-1, in 1-2, hold 2-3, out 3-5, in 5-6, hold 6-7, out 7-9),
# hold both sides 9-15 (prepare 9-10, left 10-12, switch 12-13, right 13-15), rest 15-17.
THREE_STEPS = """
schema: 1
id: three
title: Three steps
category: mixed
targets: [ribs]
steps:
  - breathe:
      name: Calm breathing
      instruction: Sit tall.
      prepare: 1
      pattern: {inhale: 1, hold: 1, exhale: 2}
      cycles: 2
  - hold:
      name: Side stretch
      prepare: 1
      seconds: 2
      sides: [left, right]
      switch_rest: 1
  - rest: {seconds: 2}
"""

# One breath with every phase: prepare 0-2, inhale 2-6, hold 6-8, exhale 8-12, hold_after 12-14.
ONE_BREATH = """
schema: 1
id: one-breath
title: One breath
category: breathing
targets: [ribs]
steps:
  - breathe:
      name: Box
      prepare: 2
      pattern: {inhale: 4, hold: 2, exhale: 4, hold_after: 2}
      cycles: 1
"""


class FakeClock:
    """A monotonic clock that moves only when told."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def timeline_of(text: str) -> Timeline:
    result = parse_routine(text, "test.yaml", "test")
    assert result.routine is not None, result.problems
    return compile_routine(result.routine)


@pytest.fixture
def tl() -> Timeline:
    return timeline_of(THREE_STEPS)


def started(tl: Timeline, speed: float = 1.0) -> tuple[Player, FakeClock]:
    clock = FakeClock()
    player = Player(tl, clock=clock, speed=speed)
    assert player.play()
    return player, clock


def cues(events) -> list[tuple[float, str]]:
    return [(e.at, e.text) for e in events if e.kind == "cue"]


def run_by_deadlines(player: Player, clock: FakeClock) -> list:
    """Sleep exactly until each deadline, as the plain runner does; return every event."""
    events = []
    while True:
        events += player.poll()
        deadline = player.next_deadline()
        if deadline is None:
            return events
        clock.now = max(clock.now, deadline)


# ------------------------------------------------------------------ a normal run


def test_normal_run_emits_every_cue_once_in_order(tl: Timeline) -> None:
    player, clock = started(tl)
    events = run_by_deadlines(player, clock)
    assert cues(events) == [(c.at, c.text) for c in tl.cues]
    assert [e.kind for e in events].count("finished") == 1
    assert events[-1].kind == "finished"
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert [e.step for e in events if e.kind == "step"] == [0, 1, 2]
    assert [e.segment for e in events if e.kind == "segment"] == list(range(len(tl.segments)))


def test_run_ends_at_the_total_in_wall_time(tl: Timeline) -> None:
    player, clock = started(tl)
    start = clock.now
    run_by_deadlines(player, clock)
    assert clock.now - start == pytest.approx(tl.total)
    assert player.state == "finished"
    out = player.stop()
    assert out.finished and out.status == "completed"
    assert out.completed_steps == 3 and out.skipped_steps == 0 and out.total_steps == 3
    assert out.elapsed_seconds == pytest.approx(17.0)


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.floats(min_value=0.001, max_value=0.9), min_size=1, max_size=400),
    speed=st.sampled_from([1.0, 5.0, 20.0]),
)
def test_polling_at_any_rate_emits_every_cue_exactly_once(gaps: list[float], speed: float) -> None:
    tl = timeline_of(THREE_STEPS)
    player, clock = started(tl, speed)
    events = []
    for gap in gaps:
        clock.advance(gap)
        events += player.poll()
    clock.advance(tl.total)  # whatever is left, in one late poll after the end
    events += [e for e in player.poll() if e.kind != "cue"]
    emitted = cues(events)
    assert emitted == [(c.at, c.text) for c in tl.cues][: len(emitted)]
    assert events[-1].kind == "finished"


@pytest.mark.parametrize("start", [0.0, 123456.789, 9.87654321e8])
@pytest.mark.parametrize("speed", [1.0, 37.3, 100.0])
def test_waking_exactly_at_each_deadline_always_finds_it_due(start: float, speed: float) -> None:
    # Float rounding on a large clock must not leave a deadline that poll() never reaches.
    tl = timeline_of(THREE_STEPS)
    clock = FakeClock(start)
    player = Player(tl, clock=clock, speed=speed)
    player.play()
    events = []
    for _ in range(200):
        batch = player.poll()
        events += batch
        deadline = player.next_deadline()
        if deadline is None:
            break
        assert batch or deadline > clock.now  # a past deadline is always emitted at once
        clock.now = max(clock.now, deadline)
    assert cues(events) == [(c.at, c.text) for c in tl.cues]
    assert events[-1].kind == "finished" and player.state == "finished"


def test_poll_emits_nothing_before_play_and_nothing_twice(tl: Timeline) -> None:
    clock = FakeClock()
    player = Player(tl, clock=clock)
    clock.advance(5)
    assert player.poll() == [] and player.position() == 0.0 and player.state == "ready"
    player.play()
    first = player.poll()
    assert [e.kind for e in first] == ["step", "segment", "cue"]
    assert player.poll() == []


def test_finishing_is_noticed_without_a_poll(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(100)
    assert player.state == "finished"
    assert player.position() == tl.total
    assert player.snapshot().remaining == 0.0
    # The late poll still delivers the step changes and the end, but no stale cue.
    events = player.poll()
    assert [e.step for e in events if e.kind == "step"] == [0, 1, 2]
    assert cues(events) == []
    assert events[-1].kind == "finished" and events[-1].text == FINISHED_TEXT
    assert player.poll() == []


# ------------------------------------------------------------------ speed


@pytest.mark.parametrize("speed", [1.0, 5.0, 20.0])
def test_speed_scales_routine_time(tl: Timeline, speed: float) -> None:
    player, clock = started(tl, speed)
    clock.advance(0.5)
    assert player.position() == pytest.approx(0.5 * speed)
    start = clock.now - 0.5
    events = run_by_deadlines(player, clock)
    assert clock.now - start == pytest.approx(tl.total / speed)
    assert cues(events) == [(c.at, c.text) for c in tl.cues]
    assert player.stop().elapsed_seconds == pytest.approx(tl.total)


@pytest.mark.parametrize(
    "bad", [0, -1, -0.5, 0.0001, 0.09, math.nan, math.inf, 100.01, 1e9, True, "fast"]
)
def test_speed_out_of_range_is_refused(tl: Timeline, bad: object) -> None:
    with pytest.raises(ValueError, match="speed"):
        Player(tl, clock=FakeClock(), speed=bad)  # type: ignore[arg-type]


def test_speed_limits_are_inclusive_at_a_tenth_and_one_hundred() -> None:
    assert check_speed(100) == 100.0
    assert check_speed(0.1) == 0.1


def test_empty_timeline_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        Player(Timeline("x", "X", (), (), (), 0.0), clock=FakeClock())


# ------------------------------------------------------------------ pause and resume


def test_pause_freezes_the_position_exactly_and_resume_goes_on_from_it(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(3.25)
    assert player.pause()
    frozen = player.position()
    assert frozen == 3.25
    clock.advance(600)
    assert player.position() == frozen
    assert player.poll() == []
    assert player.next_deadline() is None
    assert player.resume()
    assert player.position() == frozen
    clock.advance(0.75)
    assert player.position() == 4.0
    out = player.stop()
    assert out.elapsed_seconds == 4.0
    assert out.status == "stopped" and not out.finished


def test_events_due_before_a_pause_arrive_after_resume_without_loss(tl: Timeline) -> None:
    player, clock = started(tl)
    player.poll()
    clock.advance(1.5)  # "Breathe in" at 1.0 is due, but nobody polled
    player.pause()
    clock.advance(300)
    player.resume()
    clock.advance(0.1)
    assert cues(player.poll()) == [(1.0, "Breathe in")]


def test_toggle_plays_pauses_and_resumes(tl: Timeline) -> None:
    clock = FakeClock()
    player = Player(tl, clock=clock)
    assert player.toggle() and player.state == "playing"
    clock.advance(2)
    assert player.toggle() and player.state == "paused"
    clock.advance(9)
    assert player.toggle() and player.state == "playing"
    assert player.position() == 2


def test_commands_in_the_wrong_state_change_nothing(tl: Timeline) -> None:
    clock = FakeClock()
    player = Player(tl, clock=clock)
    assert not player.pause() and not player.resume() and not player.skip()
    assert not player.back()
    player.play()
    assert not player.play() and not player.resume()
    player.stop()
    assert player.state == "stopped"
    assert not player.toggle() and not player.skip() and not player.back()
    assert player.poll() == []


# ------------------------------------------------------------------ skip


def test_skip_lands_on_the_next_step_start_and_says_its_opening(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(2.5)
    player.poll()
    assert player.skip()
    assert player.position() == tl.steps[1].start == 9.0
    clock.advance(0.01)
    events = player.poll()
    assert [e.kind for e in events] == ["step", "segment", "cue"]
    assert events[0].step == 1
    assert events[2].text == "Side stretch."


def test_cues_passed_over_by_a_skip_are_never_emitted(tl: Timeline) -> None:
    player, clock = started(tl)
    player.poll()
    clock.advance(0.5)
    player.skip()  # from step 0 at 0.5 s: breaths at 1..7 are passed over
    events = run_by_deadlines(player, clock)
    said = [t for _, t in cues(events)]
    assert "Breathe in" not in said and "Breathe out" not in said
    assert said[0] == "Side stretch."


def test_skip_on_the_last_step_finishes(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(15.5)
    player.poll()
    assert player.skip()
    assert player.state == "finished" and player.position() == tl.total
    assert player.next_deadline() == clock.now
    assert [e.kind for e in player.poll()] == ["finished"]
    out = player.stop()
    assert out.finished and out.status == "completed"
    assert out.completed_steps == 2 and out.skipped_steps == 1
    assert out.elapsed_seconds == 15.5


def test_skipping_every_step_to_the_end_is_a_stopped_session_not_a_done_one(
    tl: Timeline,
) -> None:
    """Three skips reach the end with no step done: saved as stopped, never "Well done"."""
    player, clock = started(tl)
    clock.advance(2)
    while player.skip():
        player.poll()
    assert player.position() == tl.total
    out = player.stop()
    assert not out.finished and out.status == "stopped"
    assert out.completed_steps == 0 and out.skipped_steps == 3
    assert player.state == "stopped"


def test_skip_while_paused_stays_paused_until_resumed(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(4)
    player.pause()
    player.skip()
    assert player.state == "paused" and player.position() == 9.0
    assert player.poll() == []
    clock.advance(50)
    player.resume()
    assert [e.kind for e in player.poll()] == ["step", "segment", "cue"]


def test_elapsed_counts_only_played_time_across_skips(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(1)
    player.skip()  # played 1 s of step 0
    clock.advance(2)
    player.skip()  # played 2 s of step 1
    clock.advance(2)  # step 2 plays to the end
    assert player.state == "finished"
    out = player.stop()
    assert out.elapsed_seconds == 5.0
    assert out.completed_steps == 1 and out.skipped_steps == 2


# ------------------------------------------------------------------ back


def test_back_after_the_grace_restarts_the_current_step_and_repeats_its_opening(
    tl: Timeline,
) -> None:
    player, clock = started(tl)
    clock.advance(9 + BACK_GRACE_SECONDS + 0.5)
    player.poll()
    assert player.back()
    assert player.position() == 9.0
    events = player.poll()
    assert events[0].kind == "step" and events[0].step == 1
    assert cues(events) == [(9.0, "Side stretch.")]


def test_back_within_the_grace_goes_to_the_previous_step(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(9 + BACK_GRACE_SECONDS - 0.5)
    player.poll()
    player.back()
    assert player.position() == 0.0
    assert [e.kind for e in player.poll()][:3] == ["step", "segment", "cue"]


def test_back_on_the_first_step_restarts_it(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(1)
    player.poll()
    assert player.back()
    assert player.position() == 0.0
    assert cues(player.poll()) == [(0.0, "Calm breathing. Sit tall.")]


def test_back_grace_is_wall_time_so_it_scales_with_speed(tl: Timeline) -> None:
    # 3 routine seconds into step 1: 3 wall s at speed 1 (restart), 1.5 wall s at 2 (go back).
    player, clock = started(tl, speed=1.0)
    clock.advance(9 + 3)
    player.back()
    assert player.position() == 9.0
    player, clock = started(tl, speed=2.0)
    clock.advance((9 + 3) / 2)
    player.back()
    assert player.position() == 0.0
    clock.advance((9 + 5) / 2)  # back in step 1, 2.5 wall s into it
    player.back()
    assert player.position() == 9.0


def test_back_from_the_last_moment_of_a_step_lands_exactly_on_a_boundary(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(8.999)
    player.back()
    assert player.position() == 0.0
    clock.advance(9.0)
    assert player.snapshot().step_index == 1


# ------------------------------------------------------------------ lateness


def test_after_a_long_suspension_only_fresh_cues_are_emitted(tl: Timeline) -> None:
    player, clock = started(tl)
    player.poll()
    clock.advance(10.5)  # the process was stopped: cues at 1..10 are late
    events = player.poll()
    # Every step and segment change is still reported, so the front end knows where it is.
    assert [e.step for e in events if e.kind == "step"] == [1]
    assert len([e for e in events if e.kind == "segment"]) == 8
    # Only the cue within STALE_CUE_SECONDS of now is said.
    assert cues(events) == [(10.0, "Start with the left side. Stretch and hold.")]


def test_a_cue_just_inside_the_stale_limit_is_still_said(tl: Timeline) -> None:
    player, clock = started(tl)
    player.poll()
    clock.advance(1.0 + STALE_CUE_SECONDS)
    assert cues(player.poll()) == [(1.0, "Breathe in"), (2.0, "Hold")]


def test_stale_limit_is_wall_time_at_high_speed(tl: Timeline) -> None:
    player, clock = started(tl, speed=20.0)
    player.poll()
    clock.advance(0.5)  # 10 routine seconds at once: every cue is under 1 wall second late
    assert cues(player.poll()) == [(c.at, c.text) for c in tl.cues if 0 < c.at <= 10]


def test_next_deadline_is_the_clock_time_of_the_next_event(tl: Timeline) -> None:
    player, clock = started(tl, speed=2.0)
    start = clock.now
    player.poll()
    assert player.next_deadline() == pytest.approx(start + 1.0 / 2)
    clock.advance(0.6)
    player.poll()
    assert player.next_deadline() == pytest.approx(start + 2.0 / 2)


# ------------------------------------------------------------------ snapshot and gauge


@pytest.mark.parametrize(
    ("at", "phase", "level"),
    [
        (1.0, "", 0.0),  # prepare
        (2.0, "inhale", 0.0),
        (3.0, "inhale", 0.25),
        (4.0, "inhale", 0.5),
        (6.0, "hold", 1.0),
        (7.5, "hold", 1.0),
        (9.0, "exhale", 0.75),
        (10.0, "exhale", 0.5),
        (12.0, "hold_after", 0.0),
        (13.0, "hold_after", 0.0),
    ],
)
def test_gauge_grows_holds_and_shrinks_with_the_breath(at: float, phase: str, level: float) -> None:
    player, clock = started(timeline_of(ONE_BREATH))
    clock.advance(at)
    snap = player.snapshot()
    assert snap.breath_phase == phase
    assert snap.gauge == pytest.approx(level)


def test_gauge_is_empty_outside_breathing(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(11)  # left-side stretch
    snap = player.snapshot()
    assert snap.segment.phase == "stretch" and snap.breath_phase == "" and snap.gauge == 0.0


def test_snapshot_reports_step_segment_and_times(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(4.0)  # first exhale 3-5, halfway
    snap = player.snapshot()
    assert snap.state == "playing"
    assert (snap.position, snap.total, snap.remaining) == (4.0, 17.0, 13.0)
    assert snap.step_index == 0 and snap.step.name == "Calm breathing"
    assert snap.segment.phase == "exhale" and snap.segment_index == 3
    assert (snap.segment_elapsed, snap.segment_remaining, snap.segment_progress) == (1.0, 1.0, 0.5)
    assert snap.next_step is not None and snap.next_step.name == "Side stretch"
    assert snap.completed_steps == 0 and snap.total_steps == 3
    assert snap.played == 4.0 and snap.speed == 1.0
    clock.advance(5.0)  # exactly the start of step 1
    snap = player.snapshot()
    assert snap.step_index == 1 and snap.completed_steps == 1 and snap.segment.phase == "prepare"
    clock.advance(8.0)  # exactly the end: the last step, no next one
    snap = player.snapshot()
    assert snap.state == "finished" and snap.step_index == 2 and snap.next_step is None
    assert snap.segment_progress == 1.0 and snap.completed_steps == 3


def test_stop_is_idempotent_and_freezes_the_outcome(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(10)
    first = player.stop()
    clock.advance(10)
    assert player.stop() is first
    assert first.position == 10.0 and first.elapsed_seconds == 10.0
    assert first.completed_steps == 1 and first.status == "stopped"


def test_stop_before_playing_has_played_nothing(tl: Timeline) -> None:
    out = Player(tl, clock=FakeClock()).stop()
    assert (out.elapsed_seconds, out.completed_steps, out.status) == (0.0, 0, "stopped")


def test_a_step_repeated_after_back_counts_as_completed_once(tl: Timeline) -> None:
    player, clock = started(tl)
    clock.advance(10)  # step 0 done, 1 s into step 1
    player.back()  # to step 0
    clock.advance(17)  # to the end
    out = player.stop()
    assert out.completed_steps == 3 and out.elapsed_seconds == 27.0


# ------------------------------------------------------------------ schedule and layering


def test_schedule_orders_same_time_events_step_segment_cue() -> None:
    events = schedule(timeline_of(THREE_STEPS))
    at_nine = [e.kind for e in events if e.at == 9.0]
    assert at_nine == ["step", "segment", "cue"]
    assert events[-1].kind == "finished" and events[-1].at == 17.0


def test_spoken_texts_cover_every_cue_and_the_closing_words(tl: Timeline) -> None:
    texts = spoken_texts(tl)
    assert texts[:-1] == [c.text for c in tl.cues] and texts[-1] == FINISHED_TEXT


def test_player_imports_no_io_or_ui_library() -> None:
    code = (
        "import sys, coach.playback.player; "
        "bad = {'textual', 'sqlite3', 'pyttsx3', 'platformdirs'} & set(sys.modules); "
        "print(sorted(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
