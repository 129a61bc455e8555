"""Sound at its deadline, whatever the screen is doing: the cue scheduler.

A front end that draws (the app) cannot also be the one that speaks: a frame
drawn a few milliseconds late, or skipped, would make the cue late too. The
scheduler owns the sound instead. Its thread sleeps (a condition wait with a
timeout) until the player's next deadline, then fires every due event into the
voice, whose methods are thread-safe and return at once, and sleeps again.
The front end re-plans it after every change of state (begin, pause, resume,
skip, back, stop), which also fires at once what became due (a step's opening
cue after a skip).

``run_due()`` is the one place events are taken from the player and turned
into sound; it fires each due event once and exactly once (the player's
``poll`` hands each event out once, and a lock makes the poll and the firing
one step), so the thread and a test driving a fake clock by hand use the same
code. The stale-cue rule is the player's: a cue more than a second late is
never spoken.

Sound per event: a cue is said; the end is said (FINISHED_TEXT) with the end
chime; each step after the session's first opens with the step chime; each
segment starts its breath tone (``tone`` ends the last one; a hold or a rest
ends it without a new one). Tones and chimes only with ``tones``. When several
events are due at once (after a stall or a skip) only the newest words and the
newest tone are played, as each would cut off the one before.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from coach.playback.player import Event, Outcome, Player, Snapshot
from coach.playback.timeline import Timeline

#: While the thread runs, the interpreter hands the GIL between threads at least this often
#: (seconds; Python's default is 0.005): a cue due while the UI thread draws a frame waits at
#: most this long for its turn, not the 5 ms default.
SWITCH_INTERVAL = 0.0005
#: A tone started less late than this (wall seconds) plays its full length: the tone made
#: ahead for the segment, not a new one a few ms shorter.
TONE_SLACK = 0.05

#: Called with (text, due clock time, clock time handed to the voice) for every spoken text.
OnSay = Callable[[str, float, float], None]
#: Waits on the condition (held) for at most ``timeout`` seconds, or until notified if None.
Wait = Callable[[threading.Condition, "float | None"], object]


class Sounds(Protocol):
    """What the scheduler plays into: coach.voice.speech.Voice has all of these."""

    def say(self, text: str) -> None: ...

    def tone(self, phase: str, seconds: float) -> None: ...

    def chime(self, kind: str) -> None: ...


class LockedPlayer(Player):
    """A Player two threads may share: every public method runs under one re-entrant lock.

    The scheduler's thread polls it while the UI thread draws its snapshot and
    obeys keys; ``lock`` is also the scheduler's, so a key's change and the
    sound it stops (pause kills speech) happen as one step.
    """

    def __init__(
        self, timeline: Timeline, clock: Callable[[], float] = time.monotonic, speed: float = 1.0
    ) -> None:
        super().__init__(timeline, clock=clock, speed=speed)
        self.lock = threading.RLock()
        self.clock = clock

    @property
    def state(self) -> str:
        with self.lock:
            return super().state

    def position(self) -> float:
        with self.lock:
            return super().position()

    def poll(self) -> list[Event]:
        with self.lock:
            return super().poll()

    def next_deadline(self) -> float | None:
        with self.lock:
            return super().next_deadline()

    def snapshot(self) -> Snapshot:
        with self.lock:
            return super().snapshot()

    def play(self) -> bool:
        with self.lock:
            return super().play()

    def pause(self) -> bool:
        with self.lock:
            return super().pause()

    def resume(self) -> bool:
        with self.lock:
            return super().resume()

    def skip(self) -> bool:
        with self.lock:
            return super().skip()

    def back(self) -> bool:
        with self.lock:
            return super().back()

    def stop(self) -> Outcome:
        with self.lock:
            return super().stop()

    def due_clock(self, at: float) -> float:
        """Clock time at which routine second ``at`` is (or was) due on the current anchor."""
        with self.lock:
            return self._due_clock(at)


def _wait(cond: threading.Condition, timeout: float | None) -> object:
    return cond.wait(timeout)


class CueScheduler:
    """Fires the player's due events into the sounds, from its own thread or by hand."""

    def __init__(
        self,
        player: LockedPlayer,
        sounds: Sounds,
        *,
        tones: bool = True,
        on_say: OnSay | None = None,
    ) -> None:
        self.player = player
        self.sounds = sounds  # replaceable: the app swaps in the real voice once it opens
        self.tones = tones
        self._on_say = on_say
        self._lock = player.lock
        self._cond = threading.Condition(threading.Lock())
        self._plan = 0  # bumped by replan(): the thread recomputes its deadline
        self._closed = False
        self._opened = False  # the session's first step has started (it gets no step chime)
        self._thread: threading.Thread | None = None
        self._switch: float | None = None  # the interval before start(), put back by close()
        #: Events fired so far, in order (for tests and diagnostics).
        self.fired: list[Event] = []

    # ------------------------------------------------------------ firing

    def run_due(self) -> list[Event]:
        """Fire every event due now that was not fired yet; returns them (often none)."""
        with self._lock:
            events = self.player.poll()
            if events:
                self._fire(events, self.player.clock())
            return events

    def _fire(self, events: list[Event], now: float) -> None:
        # The words first: each sound is a process to start, and the cue is the one
        # whose lateness is heard; the tone and any chime follow within a few ms.
        sounds, player = self.sounds, self.player
        self.fired.extend(events)
        spoken = [e for e in events if e.kind in ("cue", "finished")]
        if spoken:
            last = spoken[-1]
            sounds.say(last.text)
            if self._on_say is not None:
                self._on_say(last.text, player.due_clock(last.at), now)
        if self.tones:
            segments = [e for e in events if e.kind == "segment"]
            if segments:
                self._tone(segments[-1].segment, now)
            steps = [e for e in events if e.kind == "step"]
            if steps and (self._opened or len(steps) > 1):
                sounds.chime("step")
        self._opened = self._opened or any(e.kind == "step" for e in events)
        if self.tones and any(e.kind == "finished" for e in events):
            sounds.chime("end")

    def _tone(self, index: int, now: float) -> None:
        segment = self.player.timeline.segments[index]
        # The wall time left in the segment: its full length when on time, less when late
        # (a few ms late still plays the full tone, which was made ahead).
        seconds = self.player.due_clock(segment.end) - now
        full = segment.duration / self.player.speed
        if full - seconds < TONE_SLACK:
            seconds = full
        if seconds > 0:
            self.sounds.tone(segment.phase, seconds)

    def restart_tone(self) -> None:
        """Play the current segment's tone for the time it has left (after resume or unmute)."""
        if not self.tones:
            return
        with self._lock:
            if self.player.state != "playing":
                return
            self._tone(self.player.snapshot().segment_index, self.player.clock())

    # ------------------------------------------------------------ planning

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Hold the lock while the front end changes the player (and silences the voice),
        then re-plan: no event slips out between a key's change and its sound."""
        with self._lock:
            yield
        self.replan()

    def replan(self) -> None:
        """The player's state changed: fire what is due now and wake the thread to re-plan."""
        self.run_due()
        with self._cond:
            self._plan += 1
            self._cond.notify_all()

    # ------------------------------------------------------------ the thread

    def start(self, wait: Wait = _wait) -> None:
        """Run the scheduler in a daemon thread (once); ``wait`` is injectable for tests."""
        if self._thread is not None:
            return
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, SWITCH_INTERVAL))
        self._thread = threading.Thread(
            target=self._loop, args=(wait,), name="coach-cues", daemon=True
        )
        self._thread.start()

    def close(self, timeout: float = 1.0) -> None:
        """Stop the thread (idempotent); nothing is fired after this returns."""
        with self._lock, self._cond:  # the lock: not while the thread is firing
            self._closed = True
            self._cond.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        if self._switch is not None:
            sys.setswitchinterval(self._switch)
            self._switch = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _loop(self, wait: Wait) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                plan = self._plan
            with self._lock:
                if self._closed:
                    return
                self.run_due()
                deadline = self.player.next_deadline()
            with self._cond:
                if self._closed:
                    return
                if plan != self._plan:
                    continue  # re-planned while firing: look again at once
                timeout = None if deadline is None else max(0.0, deadline - self.player.clock())
                wait(self._cond, timeout)
