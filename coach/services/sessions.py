"""Session rules both front ends apply: which sessions are recorded, pain areas in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: Speeds above this are previews, not logged unless asked (--log).
PREVIEW_ABOVE = 1.0


def records_session(speed: float, log: bool | None) -> bool:
    """Whether a session at ``speed`` is saved: ``log`` decides if given, else not for previews."""
    if log is not None:
        return log
    return speed <= PREVIEW_ABOVE


def area_label(area: str, labels: Mapping[str, str]) -> str:
    """A short name for a pain area: "Upper back" for upper-back, "Overall" for overall."""
    if area == "overall":
        return "Overall"
    label = labels.get(area) or area.replace("-", " ").capitalize()
    return label.split(" (")[0]  # "Upper back (between the shoulder blades)" is too long to ask


def pain_defaults(
    areas: Sequence[str], checkin_areas: Mapping[str, int] | None, recent: Iterable[Any]
) -> dict[str, int]:
    """Pain before, pre-filled for one-key confirmation: today's check-in scores, else each
    area's last score (after a session, else before) in ``recent`` sessions (oldest first)."""
    scores = {a: int(v) for a, v in (checkin_areas or {}).items() if a in areas}
    if scores:
        return scores
    for s in reversed(list(recent)):
        for area in areas:
            last = s.pain_after.get(area, s.pain_before.get(area))
            if area not in scores and last is not None:
                scores[area] = int(last)
        if len(scores) == len(areas):
            break
    return scores
