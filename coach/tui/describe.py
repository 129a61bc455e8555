"""Words and numbers the screens show: step doses, clock times, phase words, the filter match."""

from __future__ import annotations

import math

from coach.common.fields import format_seconds
from coach.playback.timeline import Segment
from coach.routines.model import Routine, Step

#: A duration as the screens show it: 45s, 2m, 1m30s.
duration_text = format_seconds


def clock_text(seconds: float) -> str:
    """A countdown as m:ss, rounded up so "0:00" only shows when time is really up."""
    whole = max(0, math.ceil(seconds - 1e-6))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


def dose_text(step: Step) -> str:
    """How much of a step: breaths and pattern, holds, reps, or rest seconds."""
    if len(step.sides) > 1:
        sides = " each side"
    elif step.sides:
        sides = f" {step.sides[0]} side"
    else:
        sides = ""
    if step.kind == "breathe" and step.pattern is not None:
        return f"{step.cycles} breaths, {step.pattern.describe()}"
    if step.kind == "hold":
        reps = f"{step.reps} x " if step.reps > 1 else ""
        return f"{reps}{step.seconds:g}s hold{sides}"
    if step.kind == "reps" and step.tempo is not None:
        sets = f"{step.sets} sets of " if step.sets > 1 else ""
        return f"{sets}{step.count} reps{sides}"
    return f"{step.seconds:g}s"


def words(ids: tuple[str, ...]) -> str:
    """Vocabulary ids as readable words: ``upper-back`` -> ``upper back``."""
    return ", ".join(i.replace("-", " ") for i in ids)


def search_text(routine: Routine) -> str:
    """Everything the home filter matches against, lower-cased."""
    parts = [routine.id, routine.title, routine.category, *routine.targets]
    parts += [t.replace("-", " ") for t in routine.targets]
    return " ".join(parts).lower()


def matches(routine: Routine, query: str) -> bool:
    """True when every word of ``query`` appears in the routine's title, id, category or targets."""
    haystack = search_text(routine)
    return all(word in haystack for word in query.lower().split())


#: What the gauge says for each timeline phase (reps use the step's own words when given).
PHASE_WORDS = {
    "inhale": "Breathe in",
    "hold": "Hold",
    "exhale": "Breathe out",
    "hold_after": "Hold",
    "prepare": "Get ready",
    "stretch": "Stretch and hold",
    "move": "Go",
    "pause": "Hold",
    "return": "And back",
    "rest": "Rest",
    "switch": "Switch sides",
}


def phase_word(segment: Segment, step: Step | None) -> str:
    """The word for what to do now: "Breathe in", "Hold", "Rest", a rep's own words..."""
    if step is not None and step.kind == "reps" and segment.phase in ("move", "pause", "return"):
        custom = dict(zip(("move", "pause", "return"), step.say, strict=False)).get(
            segment.phase, ""
        )
        if custom:
            return custom
    return PHASE_WORDS.get(segment.phase, segment.phase.capitalize())


def phase_detail(segment: Segment, step: Step | None) -> str:
    """Where in the step we are: "breath 2 of 6", "left side, rep 1 of 2"."""
    parts = []
    if segment.side:
        parts.append(f"{segment.side} side")
    if step is None or segment.phase in ("prepare", "switch"):
        return ", ".join(parts)
    if segment.phase in ("inhale", "hold", "exhale", "hold_after") and step.kind == "breathe":
        parts.append(f"breath {segment.rep} of {step.cycles}")
    elif step.kind == "hold" and segment.rep and step.reps > 1:
        parts.append(f"hold {segment.rep} of {step.reps}")
    elif step.kind == "reps" and segment.rep:
        if step.sets > 1 and segment.set:
            parts.append(f"set {segment.set} of {step.sets}")
        parts.append(f"rep {segment.rep} of {step.count}")
    return ", ".join(parts)


def motion_level(segment: Segment, progress: float, breath_gauge: float) -> float:
    """How full the gauge is: the player's breath gauge, a rep's out-hold-back, else time left."""
    if segment.is_breath:
        return breath_gauge
    if segment.phase == "move":
        return progress
    if segment.phase == "pause":
        return 1.0
    if segment.phase == "return":
        return 1.0 - progress
    # Holds, rests and getting ready: a bar that drains as the time runs out.
    return 1.0 - progress
