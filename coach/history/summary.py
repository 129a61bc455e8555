"""The streak summary that `coach streak`, the home screen and the report show (pure).

Daily streaks, this week against the goal, the weeks-at-goal streak and habit
strength, from coach.history.streaks, computed in one call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coach.history.records import DayMark, SessionRecord, marks_by_day
from coach.history.streaks import (
    active_days,
    habit_strength,
    streaks,
    week_start,
    week_target,
    weeks,
    weeks_met_streak,
)


@dataclass(frozen=True)
class StreakSummary:
    """What `coach streak` and the home screen show."""

    current: int
    longest: int
    week_done: int
    week_goal: int  # this week's target after rest and declared days
    weekly_goal: int  # the configured goal
    weeks_met: int
    strength: float
    today_done: bool
    today_mark: str

    def as_dict(self) -> dict[str, object]:
        """The `coach streak --json` shape: {current, longest, week: {done, goal}, strength}."""
        return {
            "current": self.current,
            "longest": self.longest,
            "week": {
                "done": self.week_done,
                "goal": self.week_goal,
                "weekly_goal": self.weekly_goal,
            },
            "weeks_met": self.weeks_met,
            "strength": self.strength,
            "today": {"done": self.today_done, "mark": self.today_mark},
        }


def streak_summary(
    sessions: Iterable[SessionRecord],
    today: date,
    goal: int = 5,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    *,
    active: set[date] | None = None,
) -> StreakSummary:
    """Daily streaks, this week against the goal, the weeks-met streak and habit strength.

    ``active`` (``active_days`` of the whole log, e.g. ``Store.counted_days()``)
    stands in for ``sessions``: the figures need only the days that count.
    """
    sessions = list(sessions)
    marks = list(marks)
    if active is None:
        active = active_days(sessions)  # once, not per figure: a long log has 30,000 days
    s = streaks(sessions, today, marks, rest_days, active=active)
    week_list = weeks(sessions, today, goal, marks, rest_days, active=active)
    this_monday = week_start(today)
    this_week = next((w for w in reversed(week_list) if w.start == this_monday), None)
    target = (
        this_week.target
        if this_week
        else week_target(this_monday, goal, marks_by_day(marks), rest_days)
    )
    return StreakSummary(
        current=s.current,
        longest=s.longest,
        week_done=this_week.done if this_week else 0,
        week_goal=target,
        weekly_goal=goal,
        weeks_met=weeks_met_streak(week_list, today),
        strength=habit_strength(sessions, today, goal, marks, rest_days, active=active),
        today_done=s.today_done,
        today_mark=s.today_mark,
    )
