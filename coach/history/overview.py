"""The history view over the session log (pure): calendar, per-routine totals, one overview.

Also the one import point for what the history screens and commands read: the
records (coach.history.records), streaks, weekly goal, adherence and habit strength
(coach.history.streaks, their summary in coach.history.summary) and pain trends and
questions (coach.history.pain) are re-exported here.
Everything takes plain values and ``today`` as an argument; no clock, no
database, no files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from coach.history.pain import (
    MEANINGFUL_FRACTION,
    MEANINGFUL_POINTS,
    NOISE_POINTS,
    OVERALL,
    BaselineChange,
    PainChange,
    PainPoint,
    areas_to_ask,
    baseline_changes,
    meaningful_drop,
    meaningful_rise,
    pain_changes,
    pain_changes_by_routine,
    pain_prompt,
    pain_trend,
    parse_pain,
    persistent_pain,
    routine_pain_drops,
)
from coach.history.records import (
    MARK_KINDS,
    STATUSES,
    STOPPED_MIN_FRACTION,
    STOPPED_MIN_SECONDS,
    CheckinRecord,
    DayMark,
    SessionRecord,
    in_time_order,
    marks_by_day,
    session_counts,
)
from coach.history.streaks import (
    STRENGTH_HALF_LIFE_DAYS,
    WEEK_RULE,
    WEEKDAYS,
    Adherence,
    Streaks,
    WeekStatus,
    active_days,
    adherence,
    habit_strength,
    parse_weekdays,
    streaks,
    week_start,
    week_target,
    weeks,
    weeks_met_streak,
)
from coach.history.summary import StreakSummary, streak_summary

__all__ = [
    "MARK_KINDS",
    "MEANINGFUL_FRACTION",
    "MEANINGFUL_POINTS",
    "NOISE_POINTS",
    "OVERALL",
    "STATUSES",
    "STOPPED_MIN_FRACTION",
    "STOPPED_MIN_SECONDS",
    "STRENGTH_HALF_LIFE_DAYS",
    "WEEKDAYS",
    "WEEK_RULE",
    "Adherence",
    "BaselineChange",
    "CalendarDay",
    "CheckinRecord",
    "DayMark",
    "Overview",
    "PainChange",
    "PainPoint",
    "RoutineTotal",
    "SessionRecord",
    "StreakSummary",
    "Streaks",
    "WeekStatus",
    "active_days",
    "adherence",
    "areas_to_ask",
    "baseline_changes",
    "calendar",
    "habit_strength",
    "in_time_order",
    "marks_by_day",
    "meaningful_drop",
    "meaningful_rise",
    "overview",
    "pain_changes",
    "pain_changes_by_routine",
    "pain_prompt",
    "pain_trend",
    "parse_pain",
    "parse_weekdays",
    "persistent_pain",
    "routine_pain_drops",
    "routine_totals",
    "session_counts",
    "streak_summary",
    "streaks",
    "week_start",
    "week_target",
    "weeks",
    "weeks_met_streak",
]


# ---------------------------------------------------------------- calendar and routines


def _done(s: SessionRecord) -> bool:
    return s.status in ("completed", "stopped")


@dataclass(frozen=True)
class CalendarDay:
    day: date
    sessions: int  # completed or stopped sessions
    minutes: float  # minutes played in them
    counted: bool  # the day counts toward streaks
    mark: str  # declared kind, "off" for a rest weekday, "" otherwise


def calendar(
    sessions: Iterable[SessionRecord],
    today: date,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    weeks_back: int = 52,
) -> list[CalendarDay]:
    """One entry per day from the Monday ``weeks_back - 1`` weeks ago through today."""
    first = week_start(today) - timedelta(weeks=weeks_back - 1)
    marked = marks_by_day(marks)
    count: dict[date, int] = defaultdict(int)
    seconds: dict[date, float] = defaultdict(float)
    counted: set[date] = set()
    for s in sessions:
        if first <= s.local_date <= today and _done(s):
            count[s.local_date] += 1
            seconds[s.local_date] += s.elapsed_seconds
            if session_counts(s):
                counted.add(s.local_date)
    out = []
    day = first
    while day <= today:
        mark = marked.get(day, "off" if day.weekday() in rest_days else "")
        out.append(
            CalendarDay(
                day, count.get(day, 0), round(seconds.get(day, 0.0) / 60, 2), day in counted, mark
            )
        )
        day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class RoutineTotal:
    routine_id: str
    title: str
    sessions: int  # completed or stopped
    completed: int
    minutes: float
    last_date: date


def routine_totals(sessions: Iterable[SessionRecord]) -> list[RoutineTotal]:
    """Sessions, completed sessions and minutes per routine, most used first."""
    groups: dict[str, list[SessionRecord]] = defaultdict(list)
    for s in sessions:
        if _done(s):
            groups[s.routine_id].append(s)
    out = []
    for rid, group in groups.items():
        latest = max(group, key=lambda s: (s.local_date, s.local_time, s.id))
        out.append(
            RoutineTotal(
                rid,
                latest.routine_title or rid,
                len(group),
                sum(1 for s in group if s.status == "completed"),
                round(sum(s.elapsed_seconds for s in group) / 60, 2),
                latest.local_date,
            )
        )
    return sorted(out, key=lambda t: (-t.sessions, -t.minutes, t.routine_id))


# ---------------------------------------------------------------- one call for a screen


@dataclass(frozen=True)
class Overview:
    """Everything the history screen shows, computed once."""

    summary: StreakSummary
    calendar: list[CalendarDay]
    routines: list[RoutineTotal]
    pain: dict[str, list[PainPoint]]
    changes: dict[str, PainChange]
    recent: list[SessionRecord]


def overview(
    sessions: Iterable[SessionRecord],
    today: date,
    goal: int = 5,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    weeks_back: int = 52,
    recent: int = 20,
    activity: Iterable[SessionRecord] | None = None,
    active: set[date] | None = None,
    summary: StreakSummary | None = None,
) -> Overview:
    """Streaks, calendar, per-routine totals, pain trends and the latest sessions, in one pass.

    On a long log, pass only the last year of ``sessions`` and the whole log as
    ``activity`` (``Store.day_activity()``): streaks need all of it, the rest not.
    ``summary``, when given, is that ``streak_summary`` already computed (the app's
    home line computes the same one): it is used as is.
    """
    sessions = in_time_order(sessions)
    marks = list(marks)
    if summary is None:
        summary = streak_summary(
            sessions if activity is None else activity,
            today,
            goal,
            marks,
            rest_days,
            active=active,  # the whole log's counted days (Store.counted_days()), if given
        )
    return Overview(
        summary=summary,
        calendar=calendar(sessions, today, marks, rest_days, weeks_back),
        routines=routine_totals(sessions),
        pain=pain_trend(sessions),
        changes=pain_changes(sessions),
        recent=list(reversed(sessions[-recent:])) if recent else [],
    )
