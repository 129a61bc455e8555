"""The routine model (schema version 1): the values a routine file turns into.

Reading and checking files lives in `coach.routines.reader`; the field
specifications in `coach.routines.spec`. `parse_routine` is offered here too,
as the one entry point the rest of coach uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1
MAX_TOTAL_SECONDS = 2 * 60 * 60
MAX_STEPS = 60
STEP_KINDS = ("breathe", "hold", "reps", "rest")
DEFAULT_PREPARE = 5.0
DEFAULT_SWITCH_REST = 5.0


@dataclass(frozen=True)
class Pattern:
    """One breath: seconds in, held full, out, held empty."""

    inhale: float
    hold: float
    exhale: float
    hold_after: float = 0.0
    preset: str = ""
    line: int = 0
    column: int = 0

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale + self.hold_after

    @property
    def has_hold(self) -> bool:
        return self.hold > 0 or self.hold_after > 0

    def describe(self) -> str:
        parts = [f"in {self.inhale:g}s"]
        if self.hold:
            parts.append(f"hold {self.hold:g}s")
        parts.append(f"out {self.exhale:g}s")
        if self.hold_after:
            parts.append(f"hold {self.hold_after:g}s")
        text = ", ".join(parts)
        return f"{self.preset} ({text})" if self.preset else text


@dataclass(frozen=True)
class Tempo:
    """Seconds for each phase of one repetition."""

    out: float
    hold: float = 0.0
    back: float = 0.0

    @property
    def rep_seconds(self) -> float:
        return self.out + self.hold + self.back


@dataclass(frozen=True)
class Cue:
    """Extra words said ``at`` seconds into a step's active part."""

    at: float
    say: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Step:
    """One step of a routine; ``kind`` is breathe, hold, reps or rest.

    Fields that do not apply to a kind keep their defaults.
    """

    kind: str
    name: str
    instruction: str = ""
    prepare: float = DEFAULT_PREPARE
    cues: tuple[Cue, ...] = ()
    halfway: bool = False
    # breathe
    pattern: Pattern | None = None
    cycles: int = 0
    # hold (seconds) and rest (seconds)
    seconds: float = 0.0
    breathe: Pattern | None = None
    # hold and reps
    sides: tuple[str, ...] = ()
    reps: int = 1
    rest: float = 0.0
    switch_rest: float = 0.0
    # reps
    count: int = 0
    tempo: Tempo | None = None
    sets: int = 1
    say: tuple[str, str, str] = ("", "", "")
    media: str = ""  # a picture or video: a path relative to the routine file, or a URL
    line: int = 0
    column: int = 0

    @property
    def active_seconds(self) -> float:
        """Seconds after the prepare time: what the step itself lasts."""
        if self.kind == "breathe":
            assert self.pattern is not None
            return self.cycles * self.pattern.cycle_seconds
        if self.kind == "rest":
            return self.seconds
        sides = max(1, len(self.sides))
        if self.kind == "hold":
            one_side = self.reps * self.seconds + (self.reps - 1) * self.rest
        else:
            assert self.tempo is not None
            one_side = self.sets * self.count * self.tempo.rep_seconds + (self.sets - 1) * self.rest
        return sides * one_side + (sides - 1) * self.switch_rest

    @property
    def total_seconds(self) -> float:
        return self.prepare + self.active_seconds

    @property
    def has_breath_hold(self) -> bool:
        p = self.pattern or self.breathe
        return bool(p and p.has_hold)


@dataclass(frozen=True)
class Routine:
    """A whole routine file, read and checked."""

    id: str
    title: str
    category: str
    steps: tuple[Step, ...]
    summary: str = ""
    targets: tuple[str, ...] = ()
    good_for: tuple[str, ...] = ()
    avoid_with: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    intensity: str = "gentle"
    cautions: str = ""
    author: str = ""
    version: int = 1
    language: str = "en"
    schema: int = SCHEMA_VERSION
    path: str = ""
    id_line: int = 1
    id_column: int = 1
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def total_seconds(self) -> float:
        return sum(s.total_seconds for s in self.steps)

    @property
    def has_breath_hold(self) -> bool:
        return any(s.has_breath_hold for s in self.steps)

    @property
    def exercise_count(self) -> int:
        return sum(1 for s in self.steps if s.kind != "rest")
