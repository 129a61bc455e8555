"""Warnings for routines that are valid but may not be wise (DOMAIN.md sections 1, 2 and 7)."""

from __future__ import annotations

from coach.problems import Problems
from coach.routine import Routine

MAX_EXERCISES = 4
LONG_HOLD_SECONDS = 60
LONG_ROUTINE_SECONDS = 20 * 60


def lint(routine: Routine, problems: Problems) -> None:
    """Add warnings (never errors) about ``routine`` to ``problems``."""
    asthma = {"asthma", "asthma-flare"} & set(routine.good_for)
    for n, step in enumerate(routine.steps, 1):
        pattern = step.pattern or step.breathe
        if asthma and pattern is not None and pattern.has_hold:
            problems.warn(
                pattern,
                f"step {n} holds the breath, but the routine is marked good for "
                f"{' and '.join(sorted(asthma))}; breath holds are unsuitable in an asthma flare "
                "(use a no-hold pattern such as box-no-hold)",
            )
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


class _Pos:
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column
