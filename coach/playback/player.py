"""The playback state machine: where a routine is, and what is due, for any front end.

Position always comes from the injected clock against an absolute anchor
(``anchor_position + (clock() - anchor_clock) * speed``), never from counting
ticks, so a front end that polls late (Textual skips missed timer ticks, a
laptop wakes from suspend) still sees the true position. Front ends call
``poll()`` whenever they like and get every event due since the last poll.

Late events: step and segment changes are always emitted, in order, so a front
end never misses where it is. A cue more than ``STALE_CUE_SECONDS`` (wall time)
late is dropped, because speaking "Breathe in" ten seconds after the breath is
worse than silence; cues less late than that are all emitted, in order, so a
written transcript stays whole (a voice that is handed several at once speaks
only the last: each ``say()`` interrupts the one before).
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from coach.playback.timeline import Segment, StepSpan, Timeline

STATES = ("ready", "playing", "paused", "finished", "stopped")
EVENT_KINDS = ("step", "segment", "cue", "finished")
MAX_SPEED = 100.0
#: Slower than a tenth of real time is no longer a routine (5 minutes would take 50).
MIN_SPEED = 0.1
#: back() restarts the current step after this many wall seconds into it, else goes one back.
BACK_GRACE_SECONDS = 2.0
#: Cues later than this (wall seconds) are not emitted at all.
STALE_CUE_SECONDS = 1.0
#: Said when the routine ends; front ends pass it to Voice.prepare with the cues.
FINISHED_TEXT = "That is the end of the routine. Well done."

_EPS = 1e-9  # timeline offsets are rounded to 1e-6; this only absorbs float noise
_KIND_ORDER = {kind: n for n, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True)
class Event:
    """Something due at ``at`` routine seconds: a new step, a new segment, a cue, the end.

    ``text`` is the step name, the segment phase, the words to say, or FINISHED_TEXT.
    """

    kind: str
    at: float
    text: str
    step: int
    segment: int


@dataclass(frozen=True)
class Snapshot:
    """Everything a front end draws, at one instant."""

    state: str
    position: float
    total: float
    remaining: float
    step_index: int
    step: StepSpan
    segment_index: int
    segment: Segment
    segment_elapsed: float
    segment_remaining: float
    segment_progress: float  # 0..1
    breath_phase: str  # inhale/hold/exhale/hold_after, or "" outside breathing
    gauge: float  # 0..1: grows on inhale, full on hold, shrinks on exhale, empty otherwise
    next_step: StepSpan | None
    completed_steps: int
    total_steps: int
    speed: float
    played: float  # routine seconds actually played so far (pauses and skips excluded)


@dataclass(frozen=True)
class Outcome:
    """How a session ended, for the closing line and the session log."""

    elapsed_seconds: float  # routine seconds actually played (wall time playing * speed)
    position: float
    completed_steps: int  # steps whose end was reached while playing
    skipped_steps: int  # steps skipped out of and never completed afterwards
    total_steps: int
    finished: bool
    status: str  # completed | stopped


def check_speed(speed: float) -> float:
    """``speed`` as a float if MIN_SPEED <= speed <= MAX_SPEED, else ValueError saying why."""
    try:
        value = float(speed)
    except (TypeError, ValueError):
        raise ValueError(f"speed must be a number, not {speed!r}") from None
    if isinstance(speed, bool) or not math.isfinite(value) or not MIN_SPEED <= value <= MAX_SPEED:
        raise ValueError(f"speed must be from {MIN_SPEED:g} to {MAX_SPEED:g}, not {speed!r}")
    return value


def spoken_texts(timeline: Timeline) -> list[str]:
    """Every text a session may say, for Voice.prepare: the cues and the closing words."""
    return [c.text for c in timeline.cues] + [FINISHED_TEXT]


def schedule(timeline: Timeline) -> tuple[Event, ...]:
    """All events of a timeline in the order they are due (step, segment, cue, then the end)."""
    seg_starts = [s.start for s in timeline.segments]

    def seg_at(t: float) -> int:
        return max(bisect.bisect_right(seg_starts, t + _EPS) - 1, 0)

    events = [Event("step", s.start, s.name, s.index, seg_at(s.start)) for s in timeline.steps]
    events += [
        Event("segment", s.start, s.phase, s.step, n) for n, s in enumerate(timeline.segments)
    ]
    events += [Event("cue", c.at, c.text, c.step, seg_at(c.at)) for c in timeline.cues]
    last_seg = len(timeline.segments) - 1
    events.append(
        Event("finished", timeline.total, FINISHED_TEXT, len(timeline.steps) - 1, last_seg)
    )
    # Stable sort: same-time cues keep the timeline's order.
    return tuple(sorted(events, key=lambda e: (e.at, _KIND_ORDER[e.kind])))


def gauge_level(segment: Segment, progress: float) -> float:
    """How full the breathing gauge is at ``progress`` (0..1) through ``segment``."""
    if segment.phase == "inhale":
        return progress
    if segment.phase == "hold":
        return 1.0
    if segment.phase == "exhale":
        return 1.0 - progress
    return 0.0


class Player:
    """Plays a timeline: play, pause, resume, skip, back, stop; poll for what is due."""

    def __init__(
        self, timeline: Timeline, clock: Callable[[], float] = time.monotonic, speed: float = 1.0
    ) -> None:
        if not timeline.steps or not timeline.segments or timeline.total <= 0:
            raise ValueError("the timeline is empty: nothing to play")
        self._tl = timeline
        self._clock = clock
        self._speed = check_speed(speed)
        self._events = schedule(timeline)
        self._event_ats = [e.at for e in self._events]
        self._seg_starts = [s.start for s in timeline.segments]
        self._step_starts = [s.start for s in timeline.steps]
        self._next = 0  # index of the first event not yet emitted
        self._state = "ready"
        self._anchor_clock = 0.0
        self._anchor_pos = 0.0
        self._played = 0.0  # routine seconds played before the current anchor
        self._completed: set[int] = set()
        self._skipped: set[int] = set()
        self._outcome: Outcome | None = None

    # ------------------------------------------------------------ reading

    @property
    def state(self) -> str:
        """ready, playing, paused, finished or stopped (finishing is noticed on reading)."""
        self._settle(self._clock())
        return self._state

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def timeline(self) -> Timeline:
        return self._tl

    def position(self) -> float:
        """Routine seconds from the start, between 0 and the total."""
        return self._settle(self._clock())

    def poll(self) -> list[Event]:
        """Every event due since the last poll, in order (stale cues left out; see module doc)."""
        now = self._clock()
        pos = self._settle(now)
        if self._state not in ("playing", "finished"):
            return []
        due: list[Event] = []
        while self._next < len(self._events) and self._is_due(
            self._events[self._next].at, pos, now
        ):
            event = self._events[self._next]
            self._next += 1
            if event.kind == "cue" and now - self._due_clock(event.at) > STALE_CUE_SECONDS:
                continue
            due.append(event)
        return due

    def next_deadline(self) -> float | None:
        """Clock time at which the next event is due (maybe already past), or None."""
        self._settle(self._clock())
        if self._state not in ("playing", "finished") or self._next >= len(self._events):
            return None
        return self._due_clock(self._events[self._next].at)

    def snapshot(self) -> Snapshot:
        """The state, position, step, segment and gauge at this instant."""
        pos = self._settle(self._clock())
        tl = self._tl
        i = self._index(self._step_starts, pos)
        j = self._index(self._seg_starts, pos)
        seg = tl.segments[j]
        elapsed = min(max(pos - seg.start, 0.0), seg.duration)
        progress = elapsed / seg.duration if seg.duration > 0 else 1.0
        return Snapshot(
            state=self._state,
            position=pos,
            total=tl.total,
            remaining=max(tl.total - pos, 0.0),
            step_index=i,
            step=tl.steps[i],
            segment_index=j,
            segment=seg,
            segment_elapsed=elapsed,
            segment_remaining=seg.duration - elapsed,
            segment_progress=progress,
            breath_phase=seg.phase if seg.is_breath else "",
            gauge=gauge_level(seg, progress),
            next_step=tl.steps[i + 1] if i + 1 < len(tl.steps) else None,
            completed_steps=len(self._completed),
            total_steps=len(tl.steps),
            speed=self._speed,
            played=self._played_until(pos),
        )

    # ------------------------------------------------------------ commands

    def play(self) -> bool:
        """Start from the beginning; only from ready. Returns whether anything changed."""
        if self._state != "ready":
            return False
        self._anchor_clock = self._clock()
        self._anchor_pos = 0.0
        self._state = "playing"
        return True

    def pause(self) -> bool:
        """Freeze the position exactly where it is now."""
        now = self._clock()
        pos = self._settle(now)
        if self._state != "playing":
            return False
        self._reanchor(pos, now)
        self._state = "paused"
        return True

    def resume(self) -> bool:
        """Go on from exactly the frozen position."""
        if self._state != "paused":
            return False
        self._anchor_clock = self._clock()
        self._state = "playing"
        return True

    def toggle(self) -> bool:
        """The space key: play from ready, pause when playing, resume when paused."""
        state = self.state
        if state == "ready":
            return self.play()
        if state == "playing":
            return self.pause()
        return self.resume()

    def skip(self) -> bool:
        """Jump to the start of the next step; on the last step, finish. Passed cues are not said."""
        now = self._clock()
        pos = self._settle(now)
        if self._state not in ("playing", "paused"):
            return False
        i = self._index(self._step_starts, pos)
        self._skipped.add(i)
        if i + 1 < len(self._tl.steps):
            self._jump(self._tl.steps[i + 1].start, pos, now)
            return True
        # Skipping the last step ends the routine; only the closing event is still due.
        self._reanchor(pos, now)
        self._anchor_pos = self._tl.total
        self._state = "finished"
        self._next = len(self._events) - 1
        return True

    def back(self) -> bool:
        """Restart the current step if over ~2 s (wall) into it, else go to the previous step."""
        now = self._clock()
        pos = self._settle(now)
        if self._state not in ("playing", "paused"):
            return False
        i = self._index(self._step_starts, pos)
        into = pos - self._tl.steps[i].start
        if into <= BACK_GRACE_SECONDS * self._speed and i > 0:
            i -= 1
        self._jump(self._tl.steps[i].start, pos, now)
        return True

    def stop(self) -> Outcome:
        """End the session (idempotent) and say how it went."""
        if self._outcome is not None:
            return self._outcome
        now = self._clock()
        pos = self._settle(now)
        if self._state == "playing":
            self._reanchor(pos, now)
        # Reaching the end by skipping every step is not a session done: it ends stopped
        # (saved as stopped, not counted as completed; it counts toward a streak only by the
        # played-time rule that stopped sessions follow).
        finished = self._state == "finished" and bool(self._completed)
        if not finished:
            self._state = "stopped"
        self._outcome = Outcome(
            elapsed_seconds=self._played,
            position=self._anchor_pos,
            completed_steps=len(self._completed),
            skipped_steps=len(self._skipped - self._completed),
            total_steps=len(self._tl.steps),
            finished=finished,
            status="completed" if finished else "stopped",
        )
        return self._outcome

    # ------------------------------------------------------------ internals

    def _settle(self, now: float) -> float:
        """Bring the state up to date with the clock and return the position at ``now``."""
        if self._state != "playing":
            return self._anchor_pos
        pos = self._anchor_pos + (now - self._anchor_clock) * self._speed
        total = self._tl.total
        end_clock = self._due_clock(total)
        if pos < total - _EPS and now < end_clock:
            self._mark_completed(self._anchor_pos, pos)
            return pos
        # The end came at an exact clock time; anchor there so lateness stays measurable.
        self._mark_completed(self._anchor_pos, total)
        self._played += total - self._anchor_pos
        self._anchor_pos, self._anchor_clock = total, end_clock
        self._state = "finished"
        return total

    def _mark_completed(self, start: float, pos: float) -> None:
        # Played continuously from start to pos: every step ending in (start, pos] is done.
        for span in self._tl.steps:
            if start < span.end <= pos + _EPS:
                self._completed.add(span.index)

    def _reanchor(self, pos: float, now: float) -> None:
        if self._state == "playing":
            self._played += pos - self._anchor_pos
        self._anchor_pos, self._anchor_clock = pos, now

    def _jump(self, target: float, pos: float, now: float) -> None:
        self._reanchor(pos, now)
        self._anchor_pos = target
        # Events at the landing point are due again (the step's opening cue after back()).
        self._next = bisect.bisect_left(self._event_ats, target - _EPS)

    def _is_due(self, at: float, pos: float, now: float) -> bool:
        # Either test alone can miss by float rounding on a large clock at high speed;
        # the clock test makes poll() agree exactly with next_deadline().
        return at <= pos + _EPS or self._due_clock(at) <= now

    def _due_clock(self, at: float) -> float:
        return self._anchor_clock + (at - self._anchor_pos) / self._speed

    def _played_until(self, pos: float) -> float:
        if self._state == "playing":
            return self._played + pos - self._anchor_pos
        return self._played

    @staticmethod
    def _index(starts: list[float], pos: float) -> int:
        return min(max(bisect.bisect_right(starts, pos + _EPS) - 1, 0), len(starts) - 1)
