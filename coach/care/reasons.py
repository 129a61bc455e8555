"""Suggestion reasons in words (pure): what a routine offers today, and what sets it apart.

Each suggestion says why it may help ("targets your upper back (6/10)", "written
for asthma"); when two shown suggestions would otherwise read the same, each shown
one also says what sets it apart: the other areas it works, its length, kind and
position.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from coach.common.vocab import vocabulary
from coach.routines.model import Routine

#: A mean change smaller than this is "little difference" (DOMAIN.md section 6: 1 point is noise).
NOISE_POINTS = 1.0
#: A routine whose ``good_for`` names at most this many conditions, the person's first,
#: was written for that condition (a routine that suits many merely suits it).
WRITTEN_FOR_AT_MOST = 2

#: Reason words for "good for" matches; other conditions read "suits <label>".
_SUITS = {
    "asthma": "suits asthma",
    "chronic-cough": "suits a chronic cough",
    "lupus": "suits lupus",
    "osteoporosis": "suits osteoporosis (no loaded bending or twisting)",
    "lupus-flare": "suits a lupus flare",
    "morning-stiffness": "suits morning stiffness",
    "sore-wrists": "kind to sore wrists",
    "painful-knees": "kind to painful knees",
    "shoulder-pain": "kind to a painful shoulder",
    "rib-pain": "kind to sore ribs",
}

#: Conditions as words inside a sentence; others use the vocabulary label.
_CONDITION_WORDS = {
    "chronic-cough": "a chronic cough",
    "osteoporosis": "osteoporosis or long-term steroids",
    "asthma-flare": "an asthma flare",
    "after-coughing-fit": "a coughing fit today",
    "lupus-flare": "a lupus flare",
    "sore-wrists": "sore wrists",
    "painful-knees": "painful knees",
    "shoulder-pain": "shoulder pain",
    "rib-pain": "rib pain",
}

#: What kind of routine, as words after "N min of".
_KINDS = {
    "breathing": "breathing",
    "stretching": "stretching",
    "posture": "posture work",
    "mixed": "breathing and stretching",
}


def written_for(routine: Routine, present: Collection[str]) -> list[str]:
    """The person's conditions ``routine`` was written for (``WRITTEN_FOR_AT_MOST``)."""
    good = routine.good_for
    if not good or len(good) > WRITTEN_FOR_AT_MOST or good[0] not in present:
        return []
    return [good[0]]


def suits_words(condition: str, written: Collection[str]) -> str:
    """ "written for asthma" for the condition a routine was written for, else "suits asthma"."""
    if condition in written:
        return f"written for {condition_words(condition)}"
    return _SUITS.get(condition, f"suits {condition_words(condition)}")


def detail_words(routine: Routine, painful: Collection[str]) -> list[str]:
    """What sets ``routine`` apart: the other areas it works, and its length, kind and position."""
    out = []
    others = [words(a) for a in routine.targets if a not in painful]
    if others:
        out.append("also works the " + and_(others))
    minutes = max(1, round(routine.total_seconds / 60))
    kind = _KINDS.get(routine.category, routine.category)
    where = " or ".join(routine.positions).replace("-", " ")
    out.append(f"{minutes} min of {kind}" + (f", {where}" if where else ""))
    return out


def set_apart(
    reasons: Sequence[tuple[str, ...]], details: Sequence[list[str]]
) -> list[tuple[str, ...]]:
    """The shown suggestions' reasons; when any two read the same, each also gets its details
    (all of them, so the list stays alike in shape and the differences line up)."""
    if len(set(reasons)) == len(reasons):
        return list(reasons)
    return [r + tuple(d) for r, d in zip(reasons, details, strict=True)]


def history_words(n: int, drop: float) -> str:
    if drop >= NOISE_POINTS:
        return f"helped you before: pain down {drop:.1f} on average over {n} sessions"
    if drop <= -NOISE_POINTS:
        return f"pain went up {-drop:.1f} on average after it over {n} sessions"
    way = "down" if drop >= 0 else "up"
    return (
        f"made little difference to your pain before ({way} {abs(drop):.1f} on average "
        f"over {n} sessions)"
    )


def condition_words(condition: str) -> str:
    return _CONDITION_WORDS.get(condition) or vocabulary().conditions[condition].lower()


def words(area: str) -> str:
    return area.replace("-", " ")


def and_(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
