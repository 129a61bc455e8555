"""Compile a routine into a flat, immutable timeline of segments and spoken cues.

Pure and deterministic: the player, the plain and Textual front ends and the
audio renderer all read the same timeline, so what is said and what is shown
always agree. Offsets are seconds from the start of the routine.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass

from coach.playback.words import words_for
from coach.routines.model import Pattern, Routine, Step

#: Phases that move air; the breathing gauge follows these.
BREATH_PHASES = ("inhale", "hold", "exhale", "hold_after")


@dataclass(frozen=True)
class Segment:
    """A stretch of time with one thing to do.

    ``phase`` is one of prepare, inhale, hold, exhale, hold_after (breathing),
    stretch (holding a stretch), move, pause, return (one repetition), rest
    and switch (changing sides).
    """

    start: float
    duration: float
    phase: str
    step: int
    side: str = ""
    rep: int = 0
    set: int = 0

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def is_breath(self) -> bool:
        return self.phase in BREATH_PHASES


@dataclass(frozen=True)
class VoiceCue:
    """Words to say at ``at`` seconds; ``step`` is the step index they belong to."""

    at: float
    text: str
    step: int
    #: Where the routine's own words in ``text`` come from, as (step, field, words):
    #: field is "opening" (name and instruction), "cues[K]", "say.out|hold|back" or
    #: "halfway"; coach's fixed words ("Breathe in") have no entry.
    origins: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class StepSpan:
    """Where one step sits: ``start`` (with prepare), ``active_start`` and ``end``."""

    index: int
    kind: str
    name: str
    instruction: str
    start: float
    active_start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """Everything a routine will do, in order."""

    routine_id: str
    title: str
    segments: tuple[Segment, ...]
    cues: tuple[VoiceCue, ...]
    steps: tuple[StepSpan, ...]
    total: float

    def segment_index_at(self, t: float) -> int:
        """Index of the segment playing at ``t`` (the last one at or after the end)."""
        if not self.segments:
            return -1
        starts = [s.start for s in self.segments]
        i = bisect.bisect_right(starts, t) - 1
        return min(max(i, 0), len(self.segments) - 1)

    def step_index_at(self, t: float) -> int:
        """Index of the step playing at ``t``."""
        starts = [s.start for s in self.steps]
        i = bisect.bisect_right(starts, t) - 1
        return min(max(i, 0), len(self.steps) - 1)


def compile_routine(routine: Routine, *, spoken_cycles: int | None = None) -> Timeline:
    """Expand sides, reps, sets and breath cycles into segments and cues.

    ``spoken_cycles`` thins the breathing words once tones carry the rhythm
    (coach.playback.guidance): None says "Breathe in", "Hold" and "Breathe out" in
    every cycle; N >= 0 only in the first N cycles of each breathe step and of each
    paced-breathing stretch hold. The "last breath" cue and everything else
    (instructions, sides, halfway, the routine's own cues) are always said.
    """
    b = _Builder(words_for(routine.language), spoken_cycles)
    spans = []
    for index, step in enumerate(routine.steps):
        start = b.t
        _compile_step(b, index, step)
        spans.append(
            StepSpan(
                index, step.kind, step.name, step.instruction, start, start + step.prepare, b.t
            )
        )
    cues = _merge_same_time(sorted(b.cues, key=lambda c: (c.at, c.step)))
    return Timeline(routine.id, routine.title, tuple(b.segments), cues, tuple(spans), b.t)


class _Builder:
    def __init__(self, words: Mapping[str, str], spoken_cycles: int | None = None) -> None:
        self.w = words  # the fixed cue words in the routine's language
        self.spoken_cycles = spoken_cycles
        self.t = 0.0
        self.segments: list[Segment] = []
        self.cues: list[VoiceCue] = []
        self._order = 0

    def seg(self, duration: float, phase: str, step: int, **kw: object) -> None:
        if duration <= 0:
            return
        self.segments.append(Segment(self.t, duration, phase, step, **kw))  # type: ignore[arg-type]
        self.t = round(self.t + duration, 6)

    def say(self, text: str, step: int, at: float | None = None, origin: str = "") -> None:
        if text:
            origins = ((step, origin, text),) if origin else ()
            self.cues.append(VoiceCue(self.t if at is None else at, text, step, origins))

    def speaks(self, cycle: int) -> bool:
        """Whether the breathing words are said in breath cycle ``cycle`` (1-based)."""
        return self.spoken_cycles is None or cycle <= self.spoken_cycles


def sentence(*parts: str) -> str:
    """Join parts as spoken sentences, each ending in a full stop unless it has one."""
    out = []
    for p in parts:
        p = p.strip()
        if p:
            out.append(p if p[-1] in ".!?" else p + ".")
    return " ".join(out)


def _compile_step(b: _Builder, i: int, step: Step) -> None:
    start = b.t
    b.say(sentence(step.name, step.instruction), i, origin="opening")
    b.seg(step.prepare, "prepare", i)
    active_start = b.t
    if step.kind == "breathe":
        assert step.pattern is not None
        _breaths(b, i, step.pattern, step.cycles, last_word=step.cycles >= 3)
    elif step.kind == "rest":
        b.seg(step.seconds, "rest", i)
    else:
        _sided(b, i, step, start)
    if step.halfway:
        b.say(b.w["halfway"], i, at=active_start + (b.t - active_start) / 2, origin="halfway")
    for k, cue in enumerate(step.cues):
        b.say(cue.say, i, at=active_start + cue.at, origin=f"cues[{k}]")


def _breaths(b: _Builder, i: int, p: Pattern, cycles: int, last_word: bool, **kw: object) -> None:
    out_word = b.w["breathe_out_pursed"] if p.preset == "pursed-lip" else b.w["breathe_out"]
    for c in range(1, cycles + 1):
        last = last_word and c == cycles
        speak = b.speaks(c)
        if last:
            b.say(b.w["last_breath"], i)
        elif speak:
            b.say(b.w["breathe_in"], i)
        b.seg(p.inhale, "inhale", i, rep=c, **kw)
        if p.hold:
            if speak:
                b.say(b.w["hold"], i)
            b.seg(p.hold, "hold", i, rep=c, **kw)
        if speak:
            b.say(out_word, i)
        b.seg(p.exhale, "exhale", i, rep=c, **kw)
        if p.hold_after:
            if speak:
                b.say(b.w["hold"], i)
            b.seg(p.hold_after, "hold_after", i, rep=c, **kw)


def _sided(b: _Builder, i: int, step: Step, start: float) -> None:
    sides = step.sides or ("",)
    for n, side in enumerate(sides):
        if side and n == 0 and len(sides) > 1:
            # A hold paced by breaths starts with "Stretch and hold. Breathe in": the side
            # is named with the opening words instead, so the three fit in one in-breath.
            at = start if step.kind == "hold" and step.breathe is not None else None
            b.say(b.w["start_side"].format(side=b.w.get(side, side)), i, at=at)
        elif side and n > 0:
            b.say(b.w["switch_side"].format(side=b.w.get(side, side)), i)
            b.seg(step.switch_rest, "switch", i, side=side)
        last_side = n == len(sides) - 1
        if step.kind == "hold":
            _holds(b, i, step, side, last_side)
        else:
            _reps(b, i, step, side, last_side)


def _holds(b: _Builder, i: int, step: Step, side: str, last_side: bool) -> None:
    for rep in range(1, step.reps + 1):
        if rep > 1:
            b.say(b.w["rest"], i)
            b.seg(step.rest, "rest", i, side=side, rep=rep - 1)
        last = last_side and step.reps > 1 and rep == step.reps
        b.say(b.w["last_stretch_hold"] if last else b.w["stretch_hold"], i)
        if step.breathe is None:
            b.seg(step.seconds, "stretch", i, side=side, rep=rep)
            continue
        # Paced breathing inside the hold: whole breaths, the last one trimmed to fit.
        end = round(b.t + step.seconds, 6)
        p = step.breathe
        phases = [
            (p.inhale, "inhale", b.w["breathe_in"]),
            (p.hold, "hold", b.w["hold"]),
            (p.exhale, "exhale", b.w["breathe_out"]),
            (p.hold_after, "hold_after", b.w["hold"]),
        ]
        cycle = 0
        while b.t < end - 1e-9:
            cycle += 1
            for seconds, phase, word in phases:
                left = round(end - b.t, 6)
                if seconds <= 0 or left <= 0:
                    continue
                if b.speaks(cycle):
                    b.say(word, i)
                b.seg(min(seconds, left), phase, i, side=side, rep=rep)
        b.t = end
    b.say(b.w["relax"], i)


def _reps(b: _Builder, i: int, step: Step, side: str, last_side: bool) -> None:
    assert step.tempo is not None
    defaults = (b.w["go"], b.w["hold"], b.w["back"])
    go, hold, back = (w or d for w, d in zip(step.say, defaults, strict=False))
    own = {
        k: f"say.{k}" if w else "" for k, w in zip(("out", "hold", "back"), step.say, strict=False)
    }
    for s in range(1, step.sets + 1):
        if s > 1:
            b.say(b.w["next_set"].format(n=s), i)
            b.seg(step.rest, "rest", i, side=side, set=s - 1)
        for rep in range(1, step.count + 1):
            last = last_side and s == step.sets and rep == step.count and step.count > 1
            b.say(b.w["last_rep"].format(go=go) if last else go, i, origin=own["out"])
            b.seg(step.tempo.out, "move", i, side=side, rep=rep, set=s)
            if step.tempo.hold:
                b.say(hold, i, origin=own["hold"])
                b.seg(step.tempo.hold, "pause", i, side=side, rep=rep, set=s)
            if step.tempo.back:
                b.say(back, i, origin=own["back"])
                b.seg(step.tempo.back, "return", i, side=side, rep=rep, set=s)


def _merge_same_time(cues: list[VoiceCue]) -> tuple[VoiceCue, ...]:
    """Cues due at the same moment become one utterance, in the order they were added."""
    merged: list[VoiceCue] = []
    for cue in cues:
        if merged and abs(merged[-1].at - cue.at) < 1e-6:
            prev = merged[-1]
            text = sentence(prev.text, cue.text)
            merged[-1] = VoiceCue(prev.at, text, prev.step, prev.origins + cue.origins)
        else:
            merged.append(cue)
    return tuple(merged)
