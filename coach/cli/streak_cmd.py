"""`coach streak`: the current and longest streak, this week against the goal, strength."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from coach.cli.log_shared import _today, goal_settings, open_log


def load_streak_summary(store: Any) -> Any:
    """The streak summary of the whole log, with the configured goal and rest days."""
    from coach.history.overview import streak_summary

    goal, rest = goal_settings()
    days = store.counted_days()  # the days alone: no record per day of a long log
    return streak_summary((), _today(store), goal, store.day_marks(), rest, active=days)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _week(s: Any) -> str:
    if s.week_goal == 0:
        return f"{_days(s.week_done)} (the whole week is paused)"
    if s.week_done >= s.week_goal:
        return f"{_days(s.week_done)}, goal of {s.week_goal} met"
    return f"{s.week_done} of {s.week_goal} days"


def streak_line(s: Any) -> str:
    """One line: the current and longest streak, and this week against the goal."""
    if s is None:
        return "Run 'coach streak' to see your streak."
    return f"Streak: {_days(s.current)} (longest {s.longest}). This week: {_week(s)}."


def cmd_streak(args: argparse.Namespace) -> int:
    """Show streaks, this week against the goal, and habit strength."""
    from coach.services.plans import load_adherence

    store = open_log(for_reading=True)
    with store:
        s = load_streak_summary(store)
        plan = load_adherence(store)  # adherence to the active plan, beside the streak
    if args.json:
        json.dump({**s.as_dict(), "plan": plan and plan.as_dict()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if s.today_done:
        today = "done"
    elif s.today_mark == "off":
        today = "a rest day (pauses the streak)"
    elif s.today_mark:
        today = f"a declared {s.today_mark} day (pauses the streak)"
    else:
        today = "not yet; the streak counts through yesterday until today is over"
    print(f"Current streak: {_days(s.current)}")
    print(f"Longest streak: {_days(s.longest)}")
    lowered = (
        f" (weekly goal {s.weekly_goal}, lowered by rest or declared days)"
        if s.week_goal != s.weekly_goal
        else ""
    )
    print(f"This week: {_week(s)}{lowered}")
    print(f"Weeks at goal in a row: {s.weeks_met}")
    print(f"Habit strength: {s.strength:.0%}")
    print(f"Today: {today}")
    if plan is not None:
        t = plan.total
        print(f"Plan {plan.plan.id}: {t.done} of {t.planned} planned sessions done so far")
    return 0
