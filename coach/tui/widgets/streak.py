"""Streak words: the home screen's one line and the history screen's summary.

Encouraging, never scolding (DOMAIN.md section 7): a missed day is not
mentioned, a streak of 0 is not shown, and paused days say they pause.
"""

from __future__ import annotations

from textual.widgets import Static

from coach.history.overview import StreakSummary

NO_SESSIONS = "No sessions yet — a short routine is a fine start"
BAR_WIDTH = 10


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _week(s: StreakSummary) -> str:
    if s.week_goal == 0:
        return "this week is paused"
    return f"{s.week_done} of {s.week_goal} this week"


def home_line(s: StreakSummary | None) -> str:
    """ "Streak 4 days · 2 of 5 this week · done today ✓" (None: no sessions yet)."""
    if s is None:
        return NO_SESSIONS
    parts = [f"Streak {_days(s.current)}"] if s.current else []
    parts.append(_week(s))
    if s.today_done:
        parts.append("done today ✓")
    elif s.today_mark in ("flare", "sick"):
        parts.append(f"{s.today_mark} day: the streak is paused")
    elif s.today_mark in ("rest", "off"):
        parts.append("rest day")
    return " · ".join(parts)


def strength_bar(strength: float, width: int = BAR_WIDTH) -> str:
    """Habit strength 0..1 as a bar and a percentage: "██████░░░░ 62%"."""
    value = max(0.0, min(1.0, strength))
    filled = round(value * width)
    return "█" * filled + "░" * (width - filled) + f" {value:.0%}"


def stats_lines(s: StreakSummary | None) -> str:
    """The history screen's two summary lines (each fits 76 columns)."""
    if s is None:
        return f"{NO_SESSIONS}.\nYour streak, calendar and pain scores will show here."
    top = [f"Streak {_days(s.current)}", f"longest {s.longest}", _week(s)]
    if s.weeks_met:
        top.append(f"{s.weeks_met} week{'' if s.weeks_met == 1 else 's'} at goal")
    second = f"Habit strength {strength_bar(s.strength)}"
    if s.today_done:
        second += " · done today ✓"
    elif s.today_mark in ("flare", "sick"):
        second += f" · today: {s.today_mark} day (paused)"
    elif s.today_mark in ("rest", "off"):
        second += " · today: rest day"
    return " · ".join(top) + "\n" + second


class StreakLine(Static):
    """The home screen's streak line; hidden until the session log has answered."""

    DEFAULT_CSS = """
    StreakLine { display: none; height: 1; margin: 0 2; color: $text-muted; }
    StreakLine.-shown { display: block; }
    """

    def show(self, summary: StreakSummary | None) -> None:
        """Show the line for ``summary`` (None before the first session)."""
        self.update(home_line(summary))
        self.add_class("-shown")
