"""Warnings for routines that are valid but may not be wise (DOMAIN.md sections 1, 2 and 7).

Two kinds: `safety_warnings` are the ones that could harm (a routine with any of them is
never suggested, and playing it by choice shows the warning first, see `coach.care.gate`);
the rest are advice for the author (balance, length, adherence). Whether each cue can
finish before the next needs the timeline, a layer above: `coach.playback.cue_room`,
which `coach validate` adds to these warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from coach.common.problems import Problems
from coach.routines.model import Routine, Step

MAX_EXERCISES = 4
LONG_HOLD_SECONDS = 60
LONG_ROUTINE_SECONDS = 20 * 60
#: Over this many breaths a minute for over a minute is sustained fast breathing.
FAST_BREATHS_PER_MINUTE = 20
FAST_BREATHING_SECONDS = 60
#: A breath hold this long or longer, repeated more than MAX_HOLD_REPEATS times.
LONG_BREATH_HOLD_SECONDS = 10
#: A stretch held this long or longer, repeated more than MAX_HOLD_REPEATS times per side.
LONG_STRETCH_HOLD_SECONDS = 30
MAX_HOLD_REPEATS = 4
#: 4-7-8 breathing: at most this many rounds (DOMAIN.md section 1).
MAX_478_ROUNDS = 4

_CURE = re.compile(r"\b(cures?|cured|curing|heals? (?:your|the|any)|reverses?)\b", re.I)
_MEDICINE = re.compile(
    r"\b(stop|stopping|quit|reduce|lower|cut down|skip|change|halve|come off|give up|swap|"
    r"throw away|no need for|instead of)\b(?:\W+\w+){0,3}?\W+"
    r"(medicines?|medications?|steroids?|inhalers?|tablets?|pills?|prednisolone|prednisone|"
    r"drugs?|doses?|treatment)\b",
    re.I,
)
#: Movement words that mean bending forward under load or twisting to the end of range.
_FLEXION_OR_TWIST = re.compile(
    r"\b(twist\w*|rotat\w*|toe touch\w*|sit-ups?|crunch\w*|curl up|bend\w* forward|"
    r"child'?s pose|round your back|flexion)\b",
    re.I,
)
_NEGATED = re.compile(r"\b(no|not|never|without|avoid\w*|don't)\b[^.]*$", re.I)


def safety_warnings(routine: Routine) -> list[str]:
    """The warnings about ``routine`` that could mean harm, in words (no positions)."""
    return [message for _, message in _safety(routine)]


def lint(routine: Routine, problems: Problems) -> None:
    """Add warnings (never errors) about ``routine`` to ``problems``."""
    for node, message in _safety(routine):
        problems.warn(node, message)
    for n, step in enumerate(routine.steps, 1):
        if len(step.sides) == 1:
            problems.warn(
                step,
                f"step {n} works only the {step.sides[0]} side; add the other side to keep it balanced",
            )
        if step.kind == "hold" and step.seconds > LONG_HOLD_SECONDS:
            problems.warn(
                step,
                f"step {n} holds for {step.seconds:g}s; stretches are usually held 10-30s, "
                f"over {LONG_HOLD_SECONDS}s is a lot",
            )
    if routine.exercise_count > MAX_EXERCISES:
        problems.warn(
            _Pos(routine.id_line, routine.id_column) if routine.id_line else None,
            f"{routine.exercise_count} exercises; people keep up short programmes of 2 to "
            f"{MAX_EXERCISES} exercises better",
        )
    total = routine.total_seconds
    if total > LONG_ROUTINE_SECONDS:
        problems.warn(
            None,
            f"the routine lasts {total / 60:.1f} minutes; over {LONG_ROUTINE_SECONDS // 60} "
            "minutes is hard to keep up daily",
        )


def _safety(routine: Routine) -> Iterator[tuple[Any, str]]:
    asthma = {"asthma", "asthma-flare"} & set(routine.good_for)
    head = _Pos(routine.id_line, routine.id_column) if routine.id_line else None
    for n, step in enumerate(routine.steps, 1):
        pattern = step.pattern or step.breathe
        if asthma and pattern is not None and pattern.has_hold:
            yield (
                pattern,
                f"step {n} holds the breath, but the routine is marked good for "
                f"{' and '.join(sorted(asthma))}; breath holds are unsuitable in an asthma "
                "flare (use a no-hold pattern such as box-no-hold)",
            )
        if pattern is not None and pattern.cycle_seconds > 0:
            per_minute = 60 / pattern.cycle_seconds
            seconds = step.active_seconds
            if per_minute > FAST_BREATHS_PER_MINUTE and seconds > FAST_BREATHING_SECONDS:
                yield (
                    pattern,
                    f"step {n} paces {per_minute:.0f} breaths a minute for {seconds:g}s; "
                    f"over {FAST_BREATHS_PER_MINUTE} a minute for more than a minute is "
                    "fast breathing that may cause light-headedness or tingling",
                )
        yield from _holds(n, step, pattern)
    if "osteoporosis" in routine.good_for:
        moves = _risky_moves(routine)
        if moves:
            yield (
                head,
                f"marked good for osteoporosis, but it includes {moves}; with osteoporosis "
                "or long-term steroids avoid loaded bending and end-range twisting",
            )
    for what, text in _texts(routine):
        if _CURE.search(text):
            yield (
                head,
                f"the {what} claims a cure ({_CURE.search(text).group(0)!r}); "  # type: ignore[union-attr]
                "say what it may help with instead",
            )
        found = _MEDICINE.search(text)
        if found:
            yield (
                head,
                f"the {what} tells people to change their medicines "
                f"({found.group(0)!r}); a routine must never do that",
            )


def _holds(n: int, step: Step, pattern: Any) -> Iterator[tuple[Any, str]]:
    if step.kind == "breathe" and pattern is not None:
        longest = max(pattern.hold, pattern.hold_after)
        if longest >= LONG_BREATH_HOLD_SECONDS and step.cycles > MAX_HOLD_REPEATS:
            yield (
                pattern,
                f"step {n} holds the breath for {longest:g}s, {step.cycles} times; "
                f"repeated long holds (over {MAX_HOLD_REPEATS}) may cause dizziness",
            )
        if _is_478(pattern) and step.cycles > MAX_478_ROUNDS:
            yield (
                pattern,
                f"step {n} repeats 4-7-8 breathing {step.cycles} times; start with "
                f"at most {MAX_478_ROUNDS} rounds",
            )
    if (
        step.kind == "hold"
        and step.seconds >= LONG_STRETCH_HOLD_SECONDS
        and step.reps > MAX_HOLD_REPEATS
    ):
        yield (
            step,
            f"step {n} holds {step.seconds:g}s {step.reps} times; stretches are held "
            f"10-30s, 2 to {MAX_HOLD_REPEATS} times",
        )


def _is_478(pattern: Any) -> bool:
    return pattern.preset == "4-7-8" or (pattern.inhale, pattern.hold, pattern.exhale) == (4, 7, 8)


def _risky_moves(routine: Routine) -> str:
    found: list[str] = []
    if "all-fours" in routine.positions:
        found.append("work on hands and knees")
    for step in routine.steps:
        for text in (step.name, step.instruction, *(c.say for c in step.cues)):
            for sentence in re.split(r"[.;!?]", text or ""):
                m = _FLEXION_OR_TWIST.search(sentence)
                if m and not _NEGATED.search(sentence[: m.start()]):
                    found.append(f"{m.group(0).lower()!r}")
    return ", ".join(dict.fromkeys(found))


def _texts(routine: Routine) -> Iterator[tuple[str, str]]:
    yield "title", routine.title
    yield "summary", routine.summary
    yield "caution", routine.cautions
    for n, step in enumerate(routine.steps, 1):
        yield (
            f"step {n}",
            " ".join([step.name, step.instruction, *(c.say for c in step.cues), *step.say]),
        )


class _Pos:
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column
