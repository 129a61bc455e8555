"""Cues that cannot finish before the next one starts, as warnings at the words to change.

The voice never cuts a started cue, so a cue longer than its room makes every later
cue late. Pure: the lengths come from `coach.playback.saying` (an estimate that errs
long) unless the caller passes measured ones (seconds of synthesised speech by text;
`coach validate --voice` measures them with the real voice).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from coach.common.problems import WARNING, Problem
from coach.common.yamlsafe import YamlError, YNode, compose
from coach.playback.saying import CALIBRATED_RATE, estimate_seconds
from coach.playback.timeline import Timeline, VoiceCue, compile_routine
from coach.routines.model import Routine

#: Less than this over the room is rounding, not a cue that is cut.
TOLERANCE = 0.005


@dataclass(frozen=True)
class Crowded:
    """``cue`` needs ``needs`` seconds but ``room`` seconds pass before ``next`` (None: the end)."""

    cue: VoiceCue
    needs: float
    room: float
    next: VoiceCue | None


def cue_seconds(
    text: str, rate: int = CALIBRATED_RATE, measured: Mapping[str, float] | None = None
) -> float:
    """How long ``text`` takes to say: measured when known, else the estimate."""
    if measured is not None and text in measured:
        return measured[text]
    return _estimate(text, rate)


@lru_cache(maxsize=4096)
def _estimate(text: str, rate: int) -> float:
    """``estimate_seconds``, once per distinct text (routines repeat "Breathe in" a lot)."""
    return estimate_seconds(text, rate)


def crowded_cues(
    timeline: Timeline, rate: int = CALIBRATED_RATE, measured: Mapping[str, float] | None = None
) -> list[Crowded]:
    """Every cue of ``timeline`` still being said when the next one is due."""
    out = []
    cues = timeline.cues
    for n, cue in enumerate(cues):
        nxt = cues[n + 1] if n + 1 < len(cues) else None
        if nxt is None and cue.at >= timeline.total - TOLERANCE:
            continue  # closing words: the session waits for them
        room = (nxt.at if nxt else timeline.total) - cue.at
        needs = cue_seconds(cue.text, rate, measured)
        if needs > room + TOLERANCE:
            out.append(Crowded(cue, needs, room, nxt))
    return out


def cue_room_problems(
    routine: Routine,
    source: str,
    path: str,
    *,
    rate: int = CALIBRATED_RATE,
    measured: Mapping[str, float] | None = None,
) -> list[Problem]:
    """Warnings for ``routine`` (read from ``source``, shown as ``path``), one per crowded cue.

    The source is parsed again for the warnings' line and column only when there is
    one (parsing every file twice made `coach validate` on 1,000 files take 3 s).
    """
    crowded = crowded_cues(compile_routine(routine), rate, measured)
    if not crowded:
        return []
    try:
        root = compose(source)
    except YamlError:
        root = None
    problems = []
    for c in crowded:
        line, column, message = _blame(c, routine, root, rate, measured)
        problems.append(Problem(path, line, column, WARNING, message))
    return problems


def _blame(
    c: Crowded,
    routine: Routine,
    root: YNode | None,
    rate: int,
    measured: Mapping[str, float] | None,
) -> tuple[int, int, str]:
    needs = math.ceil(c.needs * 10) / 10
    room = math.floor(c.room * 10 + 1e-6) / 10
    what = f"needs {needs:.1f}s to say but has {room:.1f}s"
    if c.next is None:
        where = "before the routine ends"
    else:
        where = f"before {_short(c.next.text)} starts"
    if c.cue.origins:
        step, origin, _ = max(c.cue.origins, key=lambda o: cue_seconds(o[2], rate, measured))
        field, hint = _field(origin, routine, step, c.needs - c.room)
        said = f"{_short(c.cue.text)} ({_when(c.cue)})"
        message = f"step {step + 1}'s {field}: {said} {what} {where}; {hint}"
    elif c.next is not None and c.next.origins and c.next.step == c.cue.step:
        step, origin, _ = c.next.origins[0]
        field, _ = _field(origin, routine, step, 0)
        message = (
            f"step {step + 1}'s {field}: {_short(c.next.text)} ({_when(c.next)}) starts while "
            f"{_short(c.cue.text)} is still being said (it {what}); move this cue, "
            "or drop it"
        )
    else:
        step, origin = c.cue.step, ""
        message = (
            f"step {step + 1}: {_short(c.cue.text)} ({_when(c.cue)}) {what} {where}; "
            "lengthen the phase it starts (its seconds, tempo or pattern)"
        )
    node = _node(root, step, origin) or _step_pos(routine, step)
    return (getattr(node, "line", 1) or 1, getattr(node, "column", 1) or 1, message)


def _field(origin: str, routine: Routine, step: int, over: float) -> tuple[str, str]:
    s = routine.steps[step]
    if origin == "opening":
        prepare = math.ceil((s.prepare + over) * 2) / 2
        name = "instruction" if s.instruction else "name"
        return name, (
            f"lengthen 'prepare' (now {s.prepare:g}s) to {prepare:g}s, or shorten the words"
        )
    if origin.startswith("cues["):
        return f"{origin}.say", "move it ('at'), or shorten the words"
    if origin.startswith("say."):
        return origin, "shorten the word, or lengthen the tempo"
    return origin, "drop it, or move the words to a 'cues' entry with more room"


def _node(root: YNode | None, step: int, origin: str) -> YNode | None:
    if root is None or root.kind != "map":
        return None
    steps = root.get("steps")
    if steps is None or steps.kind != "seq" or step >= len(steps.items):
        return None
    node: YNode | None = steps.items[step]
    if node is not None and node.kind == "map" and len(node.pairs) == 1:
        node = node.pairs[0][1]  # "- breathe: {...}": the kind names the step's fields
    if node is None or node.kind != "map":
        return None
    if origin == "opening":
        return node.get("instruction") or node.get("name")
    if origin.startswith("cues["):
        cues = node.get("cues")
        k = int(origin[5:-1])
        if cues is None or cues.kind != "seq" or k >= len(cues.items):
            return None
        item = cues.items[k]
        return (item.get("say") if item.kind == "map" else None) or item
    if origin.startswith("say."):
        say = node.get("say")
        return say.get(origin[4:]) if say is not None and say.kind == "map" else None
    return node.get(origin) if origin else None


def _step_pos(routine: Routine, step: int) -> object:
    """The step's breath pattern when it has one (its timing is what to change), else the step."""
    if step >= len(routine.steps):
        return None
    s = routine.steps[step]
    pattern = s.pattern or s.breathe
    return pattern if pattern is not None and pattern.line else s


def _when(cue: VoiceCue) -> str:
    return f"{cue.at:g}s into the routine"


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else "..." + text[-(limit - 3) :])
