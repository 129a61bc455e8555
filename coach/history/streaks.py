"""Streaks, weekly goal, adherence and habit strength over the session log (pure).

Built for people with a chronic illness (DOMAIN.md section 7): planned rest
weekdays and declared flare/sick/rest days *pause* a streak (they neither count
nor break it), adherence is measured against the weekly goal rather than every
calendar day, and today never breaks anything until it is over.

Everything takes plain values (coach.history.records) and ``today`` as an argument;
no clock, no database, no files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta

from coach.history.records import DayMark, SessionRecord, marks_by_day, session_counts

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Habit strength half-life in days (Loop Habit Tracker uses ~13 for a daily habit).
STRENGTH_HALF_LIFE_DAYS = 14.0


# ---------------------------------------------------------------- which days count


def active_days(sessions: Iterable[SessionRecord]) -> set[date]:
    """Local dates with at least one counting session."""
    # "completed" first: a long log's day records skip the function call.
    return {s.local_date for s in sessions if s.status == "completed" or session_counts(s)}


def parse_weekdays(names: Iterable[str]) -> frozenset[int]:
    """Weekday names ("sat", "Sunday") as numbers (Monday 0); ValueError names a bad one."""
    out = set()
    for name in names:
        key = str(name).strip().lower()[:3]
        if key not in WEEKDAYS:
            raise ValueError(f"{name!r} is not a weekday (use {', '.join(WEEKDAYS)})")
        out.add(WEEKDAYS.index(key))
    return frozenset(out)


def _paused(day: date, marked: Mapping[date, str], rest_days: frozenset[int]) -> bool:
    return day in marked or day.weekday() in rest_days


def _effective_today(today: date, active: set[date]) -> date:
    # A session logged in a zone ahead of today's (travel) must not sit in "the future".
    return max(today, max(active, default=today))


# Day numbers (date.toordinal) instead of dates in the loops over every day: a long
# log spans tens of thousands of days. Day 1 (1 January of year 1) is a Monday.


def _weekday(day: int) -> int:
    return (day - 1) % 7


def _paused_day(day: int, marked: AbstractSet[int], rest_days: frozenset[int]) -> bool:
    return day in marked or (day - 1) % 7 in rest_days


def _free_days(
    first: int, last: int, marked: AbstractSet[int], rest: frozenset[int], active: AbstractSet[int]
) -> list[bool]:
    """For each day number from first to last: practised on, or not paused."""
    return [d in active or not (d in marked or (d - 1) % 7 in rest) for d in range(first, last + 1)]


# ---------------------------------------------------------------- daily streaks


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int
    today_done: bool
    today_mark: str  # declared kind, "off" for a rest weekday, "" otherwise


def streaks(
    sessions: Iterable[SessionRecord],
    today: date,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    *,
    active: set[date] | None = None,
) -> Streaks:
    """Current and longest daily streak in counted days; paused days neither count nor break.

    Today only ever adds: before today's session the current streak runs through
    yesterday, so it never reads 0 on a morning that simply has not happened yet.
    ``active`` is ``active_days(sessions)`` when the caller has it already.
    """
    active = active_days(sessions) if active is None else active
    marked = marks_by_day(marks)
    end = _effective_today(today, active)
    today_mark = marked.get(today, "off" if today.weekday() in rest_days else "")
    if not active:
        return Streaks(0, 0, False, today_mark)
    days = set(map(date.toordinal, active))  # map: twice as fast on 30,000 days
    paused = {d.toordinal() for d in marked}
    first, last = min(days), end.toordinal()
    longest = run = 0
    for day in range(first, last + 1):
        if day in days:
            run += 1
            if run > longest:
                longest = run
        elif day != last and not _paused_day(day, paused, rest_days):
            run = 0
    current = 0
    for day in range(last, first - 1, -1):
        if day in days:
            current += 1
        elif day != last and not _paused_day(day, paused, rest_days):
            break
    return Streaks(current, longest, today in active, today_mark)


# ---------------------------------------------------------------- weekly goal


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def _free(
    day: date, marked: Mapping[date, str], rest_days: frozenset[int], active: AbstractSet[date]
) -> bool:
    # A day practised on was available, whatever its mark says.
    return day in active or not _paused(day, marked, rest_days)


def week_target(
    monday: date,
    goal: int,
    marks: Mapping[date, str],
    rest_days: frozenset[int],
    active: AbstractSet[date] = frozenset(),
) -> int:
    """The week's goal, lowered to the days left after rest weekdays and declared days.

    Days practised on count as available even when marked, so a session never
    lowers the target it is measured against.
    """
    free = sum(1 for i in range(7) if _free(monday + timedelta(days=i), marks, rest_days, active))
    return min(goal, free)


#: The one rule for partial weeks, in words (the report states it). The weeks-at-goal
#: streak and the report's "weekly goal met in N of M weeks" both follow it; a rule
#: pro-rating the first week instead would let an older session logged later lower them.
WEEK_RULE = (
    "Weeks run Monday to Sunday; the week of the first session and the week in progress "
    "count only once their goal is met."
)


def prorated(full: int, free_all: int, free_in: int) -> int:
    """A week's target when only ``free_in`` of its ``free_all`` available days are in play."""
    if free_in >= free_all:
        return full
    return round(full * free_in / free_all)


@dataclass(frozen=True)
class WeekStatus:
    start: date
    done: int  # distinct counted days
    target: int  # goal after rest and declared days; 0 means the whole week is paused
    met: bool
    first: bool = False  # the week of the first session: judged only once met (WEEK_RULE)

    def judged(self, today: date) -> bool:
        """Whether the week counts in weekly figures (``WEEK_RULE``): met, or whole and over."""
        if self.target == 0:
            return False
        return self.met or not (self.first or self.start >= week_start(today))


def weeks(
    sessions: Iterable[SessionRecord],
    today: date,
    goal: int = 5,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    since: date | None = None,
    *,
    active: set[date] | None = None,
) -> list[WeekStatus]:
    """Every ISO week from the first session (or ``since``) through today's week, oldest first.

    The week of the first session is marked ``first``: it may have started after its
    Monday, so it counts only once met (``WEEK_RULE``).
    """
    active = active_days(sessions) if active is None else active
    marked = marks_by_day(marks)
    end = _effective_today(today, active)
    first = since if since is not None else min(active, default=end)
    days = set(map(date.toordinal, active))  # map: twice as fast on 30,000 days
    paused = {d.toordinal() for d in marked}
    by_week = Counter(d - (d - 1) % 7 for d in days)  # days by their week's Monday
    start = week_start(first).toordinal()
    last = week_start(end).toordinal() + 6
    free = _free_days(start, last, paused, rest_days, days)
    began = min(days, default=start)  # the person's first counted day
    began -= _weekday(began)
    out = []
    for monday in range(start, last, 7):
        target = min(goal, sum(free[monday - start : monday - start + 7]))
        done = by_week.get(monday, 0)
        met = target > 0 and done >= target
        out.append(WeekStatus(date.fromordinal(monday), done, target, met, monday == began))
    return out


def weeks_met_streak(week_list: Sequence[WeekStatus], today: date) -> int:
    """Weeks in a row at goal; this week and the first join once met (``WEEK_RULE``).

    Fully paused weeks are skipped; an unmet week that is not judged (still running,
    or the first) neither counts nor breaks.
    """
    count = 0
    for w in reversed(week_list):
        if w.met:
            count += 1
        elif w.judged(today):
            break
    return count


@dataclass(frozen=True)
class Adherence:
    done: int  # counted days, capped at each week's target
    target: int  # days the goal asked for in the period
    weeks_met: int
    weeks_counted: int

    @property
    def ratio(self) -> float | None:
        """done / target, or None when nothing was asked for (all paused)."""
        return self.done / self.target if self.target else None


def adherence(
    sessions: Iterable[SessionRecord],
    start: date,
    today: date,
    goal: int = 5,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    *,
    active: set[date] | None = None,
) -> Adherence:
    """Days done against the weekly goal from ``start`` to ``today``.

    The period starts no earlier than the first counted session (nothing was
    planned before it). Weeks cut by the start get a pro-rated target. The
    current week joins only once its goal is met, so an unfinished week never
    lowers the figure. ``weeks_met`` of ``weeks_counted`` judge each week that
    touches the period whole and by ``WEEK_RULE``, as the weeks-at-goal streak does.
    """
    marks = list(marks)
    marked = marks_by_day(marks)
    every = active_days(sessions) if active is None else active
    if not every:
        return Adherence(0, 0, 0, 0)
    start = max(start, min(every))  # no goal before the first logged practice
    active = {d for d in every if start <= d <= today}
    done = target = 0
    monday = week_start(start)
    while monday <= today:
        days = [monday + timedelta(days=i) for i in range(7)]
        full = week_target(monday, goal, marked, rest_days, active)
        free_all = [d for d in days if _free(d, marked, rest_days, active)]
        free_in = [d for d in free_all if d >= start]
        want = prorated(full, len(free_all), len(free_in))
        got = min(want, sum(1 for d in days if d in active))
        in_progress = monday == week_start(today)  # today is never over
        if want > 0 and not (in_progress and got < want):
            done += got
            target += want
        monday += timedelta(days=7)
    first_monday = week_start(start)
    judged = [
        w
        for w in weeks((), today, goal, marks, rest_days, active=every)
        if w.start >= first_monday and w.judged(today)
    ]
    return Adherence(done, target, sum(w.met for w in judged), len(judged))


# ---------------------------------------------------------------- habit strength


def habit_strength(
    sessions: Iterable[SessionRecord],
    today: date,
    goal: int = 5,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    half_life_days: float = STRENGTH_HALF_LIFE_DAYS,
    *,
    active: set[date] | None = None,
) -> float:
    """Habit strength 0..1: an exponential moving average in the style of Loop Habit Tracker.

    Each day's value is how much of the weekly goal the last 7 days reached,
    the goal lowered by paused days in them (so 5 days a week builds toward full
    strength for a 5-day goal, as Loop does for non-daily habits). Paused
    days (rest weekdays, declared days) leave the score unchanged, and today
    only moves it once done. A free day without practice never raises it: its
    value is the 7-day ratio only when that is below the score (the days just
    before it would otherwise lift it after practice stops), so it holds while
    the last 7 days still meet the goal and then fades.
    """
    active = active_days(sessions) if active is None else active
    if not active:
        return 0.0
    marked = marks_by_day(marks)
    end = _effective_today(today, active)
    keep = 0.5 ** (1.0 / half_life_days)
    # Day flags from 6 days before the first session, so every 7-day window is whole.
    first = min(active).toordinal() - 6
    last = end.toordinal()
    days = set(map(date.toordinal, active))  # map: twice as fast on 30,000 days
    did = [d in days for d in range(first, last + 1)]
    free = _free_days(first, last, {d.toordinal() for d in marked}, rest_days, days)
    # Running 7-day sums (one pass, not a slice per day: 100,000 sessions span 90 years).
    did_7 = sum(did[:6])
    free_7 = sum(free[:6])
    score = 0.0
    last, gain = len(did) - 1, 1 - keep
    for i in range(6, len(did)):
        did_7 += did[i]
        free_7 += free[i]
        if did[i] or (free[i] and i != last):
            # Conditionals, not min()/max(): this runs once per day of a 90-year log.
            want = goal if free_7 > goal else free_7
            ratio = did_7 / (want if want > 1 else 1)
            value = ratio if ratio < 1.0 else 1.0
            if not did[i] and value > score:
                value = score  # an idle day holds at best: never a rise
            score = score * keep + value * gain
        did_7 -= did[i - 6]
        free_7 -= free[i - 6]
    return round(min(1.0, max(0.0, score)), 4)
