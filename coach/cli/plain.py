"""The plain session runner: `coach play ROUTINE --plain`, one line per event, no cursor moves.

It sleeps until the player's next deadline (never busy-polls), speaks cues
through a voice that never blocks, and can write a JSON-lines trace of every
event with its scheduled and actual time so lateness can be measured.

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
from coach.playback.player import Event, Outcome, Player, spoken_texts
from coach.playback.timeline import Timeline, sentence
from coach.services.cue_trace import open_cue_trace
from coach.voice.speech import SilentVoice, Voice

#: The longest single sleep when a stop callback is given, so it is checked often enough.
STOP_CHECK_SECONDS = 0.1
#: How long the closing words get before the voice is closed (only with a real voice).
CLOSING_WORDS_SECONDS = 3.0


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
) -> Outcome:
    """Play ``timeline`` as plain lines on ``out`` until it ends or Ctrl-C; returns the Outcome.

    ``voice.close()`` is always called. ``should_stop`` (optional) is checked
    between events and at least every STOP_CHECK_SECONDS. Raises OutputLost
    when writing to ``out`` fails with a closed pipe or descriptor.
    """
    out = sys.stdout if out is None else out
    player = Player(timeline, clock=clock, speed=speed)
    view = _Lines(timeline, out)
    tracer = _Tracer(trace_file, speed)
    cue_trace = open_cue_trace("plain", clock)  # COACH_CUE_TRACE (bench_cues.py), else None
    lost: OSError | None = None
    try:
        notice = getattr(voice, "notice", "")
        view.write([*preamble_lines(routine, timeline, speed, notice, avoid_labels), ""])
        voice.prepare(spoken_texts(timeline))
        tracer.start(clock())
        player.play()
        while not (should_stop and should_stop()):
            due = player.next_deadline() if cue_trace else None
            events = player.poll()
            if events:
                now = clock()
                cues = [e for e in events if e.kind in ("cue", "finished")]
                if cues:  # each say() interrupts the last, so only the newest is spoken
                    voice.say(cues[-1].text)
                    if cue_trace and due is not None:
                        at = due + (cues[-1].at - events[0].at) / speed
                        cue_trace.said(cues[-1].text, at, now)
                view.show(events)
                tracer.write(events, now)
            deadline = player.next_deadline()
            if deadline is None:
                break
            _sleep_until(deadline, clock, sleep, STOP_CHECK_SECONDS if should_stop else None)
        if player.state == "finished" and not isinstance(voice, SilentVoice):
            # close() ends playback at once: give the closing words time to be heard.
            sleep(CLOSING_WORDS_SECONDS)
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


class _Lines:
    """Turns events into plain lines; the step line carries the name and time left."""

    def __init__(self, timeline: Timeline, out: TextIO) -> None:
        self._tl = timeline
        self._out = out
        self._step_opening = {s.index: sentence(s.name, s.instruction) for s in timeline.steps}

    def write(self, lines: list[str]) -> None:
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
