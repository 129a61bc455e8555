"""The cue scheduler: every sound at its deadline, once, whatever the screen does.

THREE_STEPS (tests/test_player.py): breathe 0-9 (prepare 0-1, in 1-2, hold 2-3,
out 3-5, in 5-6, hold 6-7, out 7-9), hold both sides 9-15, rest 15-17. The
fake clock starts at 1000, so routine second ``t`` is due at clock 1000 + t.
"""

from __future__ import annotations

import queue
import threading
import time

import pytest

from coach.playback.player import FINISHED_TEXT, STALE_CUE_SECONDS, schedule
from coach.playback.scheduler import CueScheduler, LockedPlayer
from coach.playback.timeline import Timeline
from tests.test_player import THREE_STEPS, FakeClock, timeline_of

START = 1000.0


class Sounds:
    """Records every sound with the clock time it was asked for."""

    def __init__(self, clock: object) -> None:
        self.clock = clock
        self.calls: list[tuple[str, object, float]] = []
        self.ended = threading.Event()

    def _note(self, kind: str, value: object) -> None:
        self.calls.append((kind, value, self.clock()))  # type: ignore[operator]

    def say(self, text: str) -> None:
        self._note("say", text)
        if text == FINISHED_TEXT:
            self.ended.set()

    def tone(self, phase: str, seconds: float) -> None:
        self._note("tone", (phase, round(seconds, 6)))

    def chime(self, kind: str) -> None:
        self._note("chime", kind)

    def of(self, kind: str) -> list[tuple[object, float]]:
        return [(value, at) for k, value, at in self.calls if k == kind]


@pytest.fixture
def tl() -> Timeline:
    return timeline_of(THREE_STEPS)


def started(
    tl: Timeline, *, tones: bool = True, speed: float = 1.0
) -> tuple[CueScheduler, Sounds, FakeClock]:
    clock = FakeClock(START)
    player = LockedPlayer(tl, clock=clock, speed=speed)
    sounds = Sounds(clock)
    scheduler = CueScheduler(player, sounds, tones=tones)
    with scheduler.changing():
        player.play()
    return scheduler, sounds, clock


def run_to_the_end(scheduler: CueScheduler, clock: FakeClock, until: float = 1e9) -> None:
    """Wake exactly at each deadline, as the thread does, until nothing is left (or ``until``)."""
    while (deadline := scheduler.player.next_deadline()) is not None and deadline <= until:
        clock.now = max(clock.now, deadline)
        scheduler.run_due()
    clock.now = max(clock.now, min(until, clock.now + 1e9))


def test_every_cue_is_said_once_in_order_at_its_deadline(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    run_to_the_end(scheduler, clock)
    expected = [(c.text, START + c.at) for c in tl.cues] + [(FINISHED_TEXT, START + tl.total)]
    assert sounds.of("say") == expected
    assert [e.kind for e in scheduler.fired] == [e.kind for e in schedule(tl)]


def test_run_due_twice_at_the_same_instant_fires_nothing_twice(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    said = len(sounds.calls)
    assert said > 0  # the opening cue, fired by the re-plan of play()
    assert scheduler.run_due() == []
    clock.advance(0.999)
    assert scheduler.run_due() == []
    assert len(sounds.calls) == said
    clock.advance(0.001)  # 1 s: the first breath in
    assert [e.kind for e in scheduler.run_due()] == ["segment", "cue"]
    assert scheduler.run_due() == []


def test_each_segment_starts_its_tone_for_its_length(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    run_to_the_end(scheduler, clock)
    tones = sounds.of("tone")
    assert [phase for (phase, _), _ in tones] == [s.phase for s in tl.segments]  # type: ignore[misc]
    for ((_, seconds), at), segment in zip(tones, tl.segments, strict=True):  # type: ignore[misc]
        assert at == pytest.approx(START + segment.start)
        assert seconds == pytest.approx(segment.duration)


def test_steps_after_the_first_chime_and_the_end_chimes_after_the_closing_words(
    tl: Timeline,
) -> None:
    scheduler, sounds, clock = started(tl)
    run_to_the_end(scheduler, clock)
    chimes = sounds.of("chime")
    later_steps = [START + s.start for s in tl.steps[1:]]
    assert chimes == [("step", at) for at in later_steps] + [("end", START + tl.total)]
    kinds = [(k, v) for k, v, _ in sounds.calls]
    assert kinds.index(("chime", "end")) == kinds.index(("say", FINISHED_TEXT)) + 1


def test_without_tones_only_the_words_are_played(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl, tones=False)
    run_to_the_end(scheduler, clock)
    assert {k for k, _, _ in sounds.calls} == {"say"}
    assert len(sounds.of("say")) == len(tl.cues) + 1


def test_speed_scales_the_deadlines_and_the_tone_lengths(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl, speed=4.0)
    run_to_the_end(scheduler, clock)
    assert sounds.of("say")[-1] == (FINISHED_TEXT, START + tl.total / 4)
    (_, seconds), _ = sounds.of("tone")[1]  # type: ignore[misc]
    assert seconds == pytest.approx(tl.segments[1].duration / 4)


def test_pause_holds_every_sound_and_resume_moves_the_deadlines(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    clock.advance(0.5)
    with scheduler.changing():
        scheduler.player.pause()
    before = len(sounds.calls)
    clock.advance(30)
    assert scheduler.run_due() == []
    assert scheduler.player.next_deadline() is None
    assert len(sounds.calls) == before
    with scheduler.changing():
        scheduler.player.resume()
    assert scheduler.player.next_deadline() == pytest.approx(clock.now + 0.5)
    run_to_the_end(scheduler, clock)
    assert sounds.of("say")[1] == (tl.cues[1].text, pytest.approx(START + 31))


def test_skip_fires_the_next_steps_opening_at_once_and_passed_cues_never(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    clock.advance(2.5)
    scheduler.run_due()
    before = len(sounds.of("say"))
    with scheduler.changing():
        scheduler.player.skip()
    side_stretch = tl.steps[1]
    said = [text for text, _ in sounds.of("say")]
    assert said[-1].startswith(side_stretch.name)
    assert sounds.of("chime")[-1] == ("step", START + 2.5)
    assert sounds.of("tone")[-1] == (("prepare", 1.0), START + 2.5)
    run_to_the_end(scheduler, clock)
    after = [text for text, _ in sounds.of("say")][before:]
    assert after == [c.text for c in tl.cues if c.at >= side_stretch.start] + [FINISHED_TEXT]


def test_back_says_the_steps_opening_again(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    run_to_the_end(scheduler, clock, until=START + 12)
    with scheduler.changing():
        scheduler.player.back()  # 3 s into the side stretch: back to its start
    opening = [text for text, _ in sounds.of("say") if text.startswith(tl.steps[1].name)]
    assert len(opening) == 2
    assert sounds.of("say")[-1][1] == START + 12


def test_a_stall_drops_stale_cues_and_speaks_only_the_newest(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    clock.advance(5.5)  # the cues at 1, 2, 3 and 5 s are all due at once
    events = scheduler.run_due()
    cues = [e for e in events if e.kind == "cue"]
    assert cues and all(clock.now - (START + e.at) <= STALE_CUE_SECONDS for e in cues)
    assert sounds.of("say")[-1] == (cues[-1].text, clock.now)
    assert len(sounds.of("say")) == 2  # the opening, then the newest of the batch
    (phase, seconds), _ = sounds.of("tone")[-1]  # type: ignore[misc]
    assert (phase, seconds) == ("inhale", pytest.approx(0.5))  # only what is left of it


def test_restart_tone_plays_what_is_left_of_the_segment(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    clock.advance(3.5)  # 0.5 s into the 2 s breath out
    scheduler.run_due()
    scheduler.restart_tone()
    assert sounds.of("tone")[-1] == (("exhale", 1.5), clock.now)


# ------------------------------------------------------------------ the thread


def test_the_thread_sleeps_to_each_deadline_and_fires_there(tl: Timeline) -> None:
    clock = FakeClock(START)
    player = LockedPlayer(tl, clock=clock)
    sounds = Sounds(clock)
    scheduler = CueScheduler(player, sounds)
    waits: list[float | None] = []

    def wait(cond: threading.Condition, timeout: float | None) -> None:
        waits.append(timeout)
        if timeout is None:
            cond.wait()  # nothing left to do: until re-planned or closed
        else:
            clock.advance(timeout)  # "sleeps" exactly the time asked for

    player.play()
    scheduler.start(wait)
    assert sounds.ended.wait(10)
    scheduler.close()
    assert not scheduler.running
    expected = [(c.text, START + c.at) for c in tl.cues] + [(FINISHED_TEXT, START + tl.total)]
    assert sounds.of("say") == expected
    assert waits[0] == pytest.approx(1.0)  # from 0 s to the first breath in
    assert waits[-1] is None


def test_a_replan_wakes_the_thread_to_a_new_deadline(tl: Timeline) -> None:
    clock = FakeClock(START)
    player = LockedPlayer(tl, clock=clock)
    scheduler = CueScheduler(player, Sounds(clock))
    asked: queue.Queue[float | None] = queue.Queue()

    def wait(cond: threading.Condition, timeout: float | None) -> None:
        asked.put(timeout)
        cond.wait()  # only a re-plan (or close) moves it on

    player.play()
    scheduler.start(wait)
    try:
        assert asked.get(timeout=10) == pytest.approx(1.0)
        clock.advance(0.25)
        with scheduler.changing():
            player.pause()
        assert asked.get(timeout=10) is None  # paused: nothing to wait for
        clock.advance(60)
        with scheduler.changing():
            player.resume()
        assert asked.get(timeout=10) == pytest.approx(0.75)
    finally:
        scheduler.close()
    assert not scheduler.running


def test_at_real_speed_on_the_real_clock_every_cue_is_said_once_in_order(tl: Timeline) -> None:
    player = LockedPlayer(tl, clock=time.monotonic, speed=20.0)  # 17 s in 0.85 s
    sounds = Sounds(time.monotonic)
    scheduler = CueScheduler(player, sounds)
    player.play()
    scheduler.start()
    try:
        assert sounds.ended.wait(10)
    finally:
        scheduler.close()
    # A busy machine may stall the thread over two cues (then only the newer is said);
    # every event is still taken once, in order, and the closing words are said last.
    events = list(schedule(tl))
    taken = [events.index(e) for e in scheduler.fired]
    assert taken == sorted(set(taken))
    assert {e for e in events if e.kind != "cue"} <= set(scheduler.fired)
    assert sounds.of("say")[-1][0] == FINISHED_TEXT
    assert len(sounds.of("say")) >= len(tl.steps)


def test_at_one_instant_the_words_start_before_the_tone_and_the_chime(tl: Timeline) -> None:
    """Each sound is a process to start: the cue, whose lateness is heard, goes first."""
    scheduler, sounds, clock = started(tl)
    run_to_the_end(scheduler, clock)
    by_instant: dict[float, list[str]] = {}
    for kind, _, at in sounds.calls:
        by_instant.setdefault(at, []).append(kind)
    shared = [kinds for kinds in by_instant.values() if "say" in kinds and len(kinds) > 1]
    assert shared, by_instant  # cue and tone (or chime) together happen in THREE_STEPS
    assert all(kinds[0] == "say" for kinds in shared), shared


def test_a_tone_started_a_few_ms_late_is_the_full_tone_made_ahead(tl: Timeline) -> None:
    scheduler, sounds, clock = started(tl)
    clock.now = START + 1.0 + 0.004  # the first in-breath (1-2 s), 4 ms late
    scheduler.run_due()
    assert ("inhale", 1.0) in [value for value, _ in sounds.of("tone")]
    clock.now = START + 3.0 + 0.3  # the out-breath (3-5 s), 300 ms late: the time it has left
    scheduler.run_due()
    assert ("exhale", 1.7) in [value for value, _ in sounds.of("tone")]
