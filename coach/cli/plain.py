"""The plain session runner: `coach play ROUTINE --plain`, one line per event, no cursor moves.

It sleeps until the player's next deadline (never busy-polls), speaks cues
through a voice that never blocks, plays a rising tone through each in-breath
and a falling one through each out-breath, a chime at each new step and at
the end, and can write a JSON-lines trace of every event with its scheduled
and actual time so lateness can be measured. When the sound player fails
(``Voice.failure``), one line says so and the session goes on silently.

Ctrl-C is a normal way to end a session: it stops cleanly with a closing
line and an Outcome (status "stopped"), never a traceback; the command then
exits 0 because the user asked for it. The Outcome is returned so a caller can
log the session (and ask pain-before/after questions around this call).

When the output goes away (``coach play X --plain | head -1``, or a closed
standard output) the session stops there and OutputLost carries the Outcome,
so the caller can record it as stopped before exiting quietly.
"""

from __future__ import annotations

import errno
import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from coach.care.safety import STOP_RULE
from coach.common.fields import format_seconds
from coach.common.safe_text import clean
from coach.playback.player import Event, Outcome, Player, spoken_texts
from coach.playback.timeline import Timeline, sentence
from coach.services.cue_trace import open_cue_trace
from coach.voice.speech import Voice, breath_tones

#: The longest single sleep when a stop callback is given, so it is checked often enough.
STOP_CHECK_SECONDS = 0.1
#: The longest wait for the closing words (and the end chime) to be heard before close().
CLOSING_WORDS_SECONDS = 8.0


#: Write errors that mean the output is gone (the reader closed the pipe, stdout was closed).
_GONE = (errno.EPIPE, errno.EBADF)


class OutputLost(Exception):
    """The output went away mid-session: the session stopped; ``outcome`` says how far it got."""

    def __init__(self, outcome: Outcome, error: OSError) -> None:
        super().__init__(str(error))
        self.outcome = outcome
        self.error = error


def preamble_lines(
    routine: Any,
    timeline: Timeline,
    speed: float,
    notice: str = "",
    avoid_labels: Sequence[str] = (),
) -> list[str]:
    """The lines printed before the first step: title, voice notice, cautions."""
    pace = f" at {speed:g}x speed" if speed != 1 else ""
    lines = [f"{timeline.title} ({timeline.routine_id}), {format_seconds(timeline.total)}{pace}."]
    if notice:
        lines.append(f"Note: {' '.join(notice.split())}")
    if avoid_labels:
        lines.append(f"Not advised with: {', '.join(avoid_labels)}.")
    cautions = " ".join(getattr(routine, "cautions", "").split())
    if cautions:
        lines.append(f"Caution: {cautions}")
    lines.append(f"Stop at any time with Ctrl-C. {STOP_RULE}")
    return lines


def run_plain(
    timeline: Timeline,
    routine: Any,
    voice: Voice,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    out: TextIO | None = None,
    speed: float = 1.0,
    trace_file: TextIO | None = None,
    should_stop: Callable[[], bool] | None = None,
    avoid_labels: Sequence[str] = (),
    tones: bool = True,
) -> Outcome:
    """Play ``timeline`` as plain lines on ``out`` until it ends or Ctrl-C; returns the Outcome.

    ``voice.close()`` is always called. ``should_stop`` (optional) is checked
    between events and at least every STOP_CHECK_SECONDS. With ``tones``, the
    voice also plays breath tones and step and end chimes. Raises OutputLost
    when writing to ``out`` fails with a closed pipe or descriptor.
    """
    out = sys.stdout if out is None else out
    player = Player(timeline, clock=clock, speed=speed)
    view = _Lines(timeline, out)
    tracer = _Tracer(trace_file, speed)
    sounds = _Sounds(voice, timeline, speed, tones)
    cue_trace = open_cue_trace("plain", clock)  # COACH_CUE_TRACE (bench_cues.py), else None
    lost: OSError | None = None
    try:
        notice = getattr(voice, "notice", "")
        view.write([*preamble_lines(routine, timeline, speed, notice, avoid_labels), ""])
        voice.prepare(spoken_texts(timeline))
        if tones:
            voice.prepare_tones(breath_tones(timeline, speed))
        tracer.start(clock())
        player.play()
        while not (should_stop and should_stop()):
            due = player.next_deadline() if cue_trace else None
            events = player.poll()
            if events:
                now = clock()
                said = sounds.play(events)
                if said is not None and cue_trace and due is not None:
                    cue_trace.said(said.text, due + (said.at - events[0].at) / speed, now)
                view.show(events)
                tracer.write(events, now)
            view.write(sounds.failure_lines())
            deadline = player.next_deadline()
            if deadline is None:
                break
            _sleep_until(deadline, clock, sleep, STOP_CHECK_SECONDS if should_stop else None)
        if player.state == "finished":
            # close() ends playback at once: let the closing words be heard to their end.
            voice.wait_idle(CLOSING_WORDS_SECONDS)
            view.write(sounds.failure_lines())
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        if exc.errno not in _GONE:
            raise
        lost = exc
    finally:
        outcome = player.stop()
        try:
            voice.close()
        finally:
            tracer.close()
            if cue_trace:
                cue_trace.close()
    try:
        if lost is None:
            view.write(["", closing_line(outcome)])
    except OSError as exc:
        if exc.errno not in _GONE:
            raise
        lost = exc
    if lost is not None:
        raise OutputLost(outcome, lost)
    return outcome


def closing_line(outcome: Outcome) -> str:
    """``Done: 5m of 5m, 5 of 5 steps.`` or ``Stopped after 2m10s (3 of 5 steps).``"""
    plural = "" if outcome.total_steps == 1 else "s"
    steps = f"{outcome.completed_steps} of {outcome.total_steps} step{plural}"
    elapsed = format_seconds(outcome.elapsed_seconds)
    if outcome.finished:
        skipped = f", {outcome.skipped_steps} skipped" if outcome.skipped_steps else ""
        return f"Done: {elapsed}, {steps}{skipped}. Well done."
    return f"Stopped after {elapsed} ({steps})."


def _sleep_until(
    deadline: float, clock: Callable[[], float], sleep: Callable[[float], None], cap: float | None
) -> None:
    # time.sleep never wakes early on Linux, but a signal or a coarse clock may; loop to be sure.
    while True:
        left = deadline - clock()
        if left <= 0:
            return
        sleep(min(left, cap) if cap else left)
        if cap:
            return


class _Sounds:
    """What the voice plays for a batch of due events, and the one line if the player fails."""

    def __init__(self, voice: Voice, timeline: Timeline, speed: float, tones: bool) -> None:
        self._voice = voice
        self._tl = timeline
        self._speed = speed
        self._tones = tones
        self._told = False

    def play(self, events: list[Event]) -> Event | None:
        """Say the newest cue, start the newest segment's tone, chime a new step or the end.

        Several events are due at once only when the runner woke late: the
        older cues and tones would be stale, so only the newest of each sounds.
        """
        voice = self._voice
        cues = [e for e in events if e.kind in ("cue", "finished")]
        if cues:
            voice.say(cues[-1].text)
        if self._tones:
            self._sound(events)
        return cues[-1] if cues else None

    def _sound(self, events: list[Event]) -> None:
        voice = self._voice
        segments = [e for e in events if e.kind == "segment"]
        if segments:
            segment = self._tl.segments[segments[-1].segment]
            voice.tone(segment.phase, segment.duration / self._speed)
        if any(e.kind == "finished" for e in events):
            voice.chime("end")
        elif any(e.kind == "step" and e.step > 0 for e in events):
            voice.chime("step")

    def failure_lines(self) -> list[str]:
        """One line, the first time the voice reports a failing player; else none."""
        failure = getattr(self._voice, "failure", "")
        if self._told or not failure:
            return []
        self._told = True
        prefix = "no sound reached the speakers: "
        if failure.startswith(prefix):
            failure = f"no sound reached the speakers ({failure[len(prefix) :]})"
        text = " ".join(clean(failure).split())
        return [f"Sound: {text}; the session goes on silently."]


class _Lines:
    """Turns events into plain lines; the step line carries the name and time left."""

    def __init__(self, timeline: Timeline, out: TextIO) -> None:
        self._tl = timeline
        self._out = out
        self._step_opening = {s.index: sentence(s.name, s.instruction) for s in timeline.steps}

    def write(self, lines: list[str]) -> None:
        if not lines:
            return
        self._out.write("".join(line + "\n" for line in lines))
        self._out.flush()

    def show(self, events: list[Event]) -> None:
        lines: list[str] = []
        for e in events:
            if e.kind == "step":
                span = self._tl.steps[e.step]
                left = format_seconds(self._tl.total - span.start)
                lines.append(
                    f"Step {e.step + 1} of {len(self._tl.steps)}: {span.name} "
                    f"({format_seconds(span.duration)}; {left} left)"
                )
                if span.instruction:
                    lines.append(f"  {span.instruction}")
            elif e.kind == "cue":
                text = self._without_opening(e)
                if text:
                    lines.append(f"  {_clock_text(e.at)}  {text}")
        if lines:
            self.write(lines)

    def _without_opening(self, e: Event) -> str:
        # The step line already shows the name and instruction the opening cue speaks.
        opening = self._step_opening.get(e.step, "")
        if opening and e.text.startswith(opening):
            return e.text[len(opening) :].strip()
        return e.text


class _Tracer:
    """One JSON line per event: kind, text, scheduled and actual wall seconds since start."""

    def __init__(self, fh: TextIO | None, speed: float) -> None:
        self._fh = fh
        self._speed = speed
        self._start = 0.0

    def start(self, now: float) -> None:
        self._start = now

    def write(self, events: list[Event], now: float) -> None:
        if self._fh is None:
            return
        actual = round(now - self._start, 6)
        self._fh.write(
            "".join(
                json.dumps(
                    {
                        "kind": e.kind,
                        "text": e.text,
                        "at": e.at,
                        "step": e.step,
                        "scheduled": round(e.at / self._speed, 6),
                        "actual": actual,
                    },
                    ensure_ascii=False,
                )
                + "\n"
                for e in events
            )
        )

    def close(self) -> None:
        if self._fh is not None:
            self._fh.flush()


def _clock_text(seconds: float) -> str:
    m, s = divmod(int(seconds + 1e-6), 60)
    return f"{m}:{s:02d}"
