"""Whether to remind now (pure): only when today's plan, or the weekly goal, is not done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.plans.model import Due


@dataclass(frozen=True)
class Decision:
    notify: bool
    message: str


def decide(
    dues: Sequence[Due] | None,
    goal_left: int | None,
    paused: bool = False,
    today_done: bool = False,
) -> Decision:
    """``dues``: today's plan items (None without a plan); ``goal_left``: sessions still
    wanted this week for the weekly goal (None without a goal); ``paused``: today is a
    declared flare, sick or rest day; ``today_done``: a session counts today already
    (without a plan, one a day is enough). No guilt: the words say what is next, kindly."""
    if paused:
        return Decision(False, "today is a declared rest or flare day: no reminder")
    if dues is not None:
        left = [d for d in dues if not d.finished]
        if not dues:
            return Decision(False, "nothing is planned for today")
        if not left:
            return Decision(False, "today's plan is done")
        n = sum(d.left for d in left)
        names = ", ".join(d.item.routine for d in left)
        return Decision(True, f"{n} session{'s' if n != 1 else ''} left today: {names}")
    if goal_left is None:
        return Decision(False, "no plan and no weekly goal: nothing to remind")
    if today_done:
        return Decision(False, "today's practice is done")
    if goal_left <= 0:
        return Decision(False, "this week's goal is reached")
    s = "s" if goal_left != 1 else ""
    return Decision(True, f"{goal_left} session{s} to go for this week's goal, when you are ready")
