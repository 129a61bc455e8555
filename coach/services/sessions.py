"""Session rules both front ends apply: which sessions are recorded, pain areas in words."""

from __future__ import annotations

from collections.abc import Mapping

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
