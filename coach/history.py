"""Streaks, weekly goal, habit strength, calendar and pain trends over the session log (pure).

Built for people with a chronic illness (DOMAIN.md section 7): planned rest
weekdays and declared flare/sick/rest days *pause* a streak (they neither count
nor break it), adherence is measured against the weekly goal rather than every
calendar day, and today never breaks anything until it is over.

Everything takes plain values (the records below) and ``today`` as an argument;
no clock, no database, no files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

#: Pain key for a single number not tied to an area (``coach log --pain-before 5``).
#: Kept apart from the body areas rather than copied onto the routine's targets:
#: one answer must not be counted as several area scores in a therapist's report.
OVERALL = "overall"
STATUSES = ("in_progress", "completed", "stopped", "abandoned")
MARK_KINDS = ("flare", "sick", "rest")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: A stopped session still counts as a day's practice past either line (a real effort).
STOPPED_MIN_SECONDS = 120.0
STOPPED_MIN_FRACTION = 0.6
#: Habit strength half-life in days (Loop Habit Tracker uses ~13 for a daily habit).
STRENGTH_HALF_LIFE_DAYS = 14.0
#: DOMAIN.md section 6: a change of 2 points or 30 % is meaningful; 1 point is noise.
MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
NOISE_POINTS = 1.0


@dataclass(frozen=True)
class SessionRecord:
    """One logged session, as the store returns it and history reads it."""

    id: int
    routine_id: str
    status: str
    local_date: date
    routine_title: str = ""
    routine_version: int | None = None
    routine_sha256: str = ""
    routine_author: str = ""
    started_utc: datetime | None = None
    ended_utc: datetime | None = None
    local_time: str = ""  # HH:MM:SS, local wall clock at the start
    tz_name: str = ""
    utc_offset_minutes: int = 0
    elapsed_seconds: float = 0.0  # routine seconds played (wall time x speed)
    planned_seconds: float = 0.0  # the routine's total length; 0 if unknown
    completed_steps: int = 0
    total_steps: int = 0
    speed: float = 1.0
    source: str = "log"
    note: str = ""
    pain_before: Mapping[str, int] = field(default_factory=dict)
    pain_after: Mapping[str, int] = field(default_factory=dict)
    checkin_id: int | None = None

    @property
    def counts(self) -> bool:
        """Whether this session counts toward streaks and the weekly goal."""
        return session_counts(self)


@dataclass(frozen=True)
class DayMark:
    """A declared day: ``flare`` or ``sick`` (illness) or ``rest`` (a planned day off)."""

    local_date: date
    kind: str
    note: str = ""


@dataclass(frozen=True)
class CheckinRecord:
    """A stored check-in: pain per area, context, red-flag answers and the outcome."""

    id: int
    local_date: date
    areas: Mapping[str, int] = field(default_factory=dict)
    at_utc: datetime | None = None
    tz_name: str = ""
    contexts: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    red_flags: Mapping[str, bool] = field(default_factory=dict)
    verdict_level: str = "clear"
    suggested: tuple[str, ...] = ()
    chosen_routine: str | None = None


# ---------------------------------------------------------------- which days count


def session_counts(s: SessionRecord) -> bool:
    """Completed sessions count; a stopped one counts after 2 minutes or 60 % of the routine.

    Abandoned (crashed) and still-running sessions never count. Stopping early
    is often the right call during a flare, so a real effort is not thrown away.
    """
    if s.status == "completed":
        return True
    if s.status != "stopped":
        return False
    if s.elapsed_seconds >= STOPPED_MIN_SECONDS:
        return True
    if s.planned_seconds > 0:
        return s.elapsed_seconds >= STOPPED_MIN_FRACTION * s.planned_seconds
    return s.total_steps > 0 and s.completed_steps >= STOPPED_MIN_FRACTION * s.total_steps


def active_days(sessions: Iterable[SessionRecord]) -> set[date]:
    """Local dates with at least one counting session."""
    return {s.local_date for s in sessions if session_counts(s)}


def parse_weekdays(names: Iterable[str]) -> frozenset[int]:
    """Weekday names ("sat", "Sunday") as numbers (Monday 0); ValueError names a bad one."""
    out = set()
    for name in names:
        key = str(name).strip().lower()[:3]
        if key not in WEEKDAYS:
            raise ValueError(f"{name!r} is not a weekday (use {', '.join(WEEKDAYS)})")
        out.add(WEEKDAYS.index(key))
    return frozenset(out)


def _marks_by_day(marks: Iterable[DayMark]) -> dict[date, str]:
    return {m.local_date: m.kind for m in marks}


def _paused(day: date, marked: Mapping[date, str], rest_days: frozenset[int]) -> bool:
    return day in marked or day.weekday() in rest_days


def _effective_today(today: date, active: set[date]) -> date:
    # A session logged in a zone ahead of today's (travel) must not sit in "the future".
    return max([today, *active])


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
) -> Streaks:
    """Current and longest daily streak in counted days; paused days neither count nor break.

    Today only ever adds: before today's session the current streak runs through
    yesterday, so it never reads 0 on a morning that simply has not happened yet.
    """
    active = active_days(sessions)
    marked = _marks_by_day(marks)
    end = _effective_today(today, active)
    today_mark = marked.get(today, "off" if today.weekday() in rest_days else "")
    if not active:
        return Streaks(0, 0, False, today_mark)
    first = min(active)
    longest = run = 0
    day = first
    while day <= end:
        if day in active:
            run += 1
        elif not _paused(day, marked, rest_days) and day != end:
            run = 0
        longest = max(longest, run)
        day += timedelta(days=1)
    current = 0
    day = end
    while day >= first:
        if day in active:
            current += 1
        elif not _paused(day, marked, rest_days) and day != end:
            break
        day -= timedelta(days=1)
    return Streaks(current, longest, today in active, today_mark)


# ---------------------------------------------------------------- weekly goal


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def _free(day: date, marked: Mapping[date, str], rest_days: frozenset[int],
          active: AbstractSet[date]) -> bool:
    # A day practised on was available, whatever its mark says.
    return day in active or not _paused(day, marked, rest_days)


def week_target(
    monday: date, goal: int, marks: Mapping[date, str], rest_days: frozenset[int],
    active: AbstractSet[date] = frozenset(),
) -> int:
    """The week's goal, lowered to the days left after rest weekdays and declared days.

    Days practised on count as available even when marked, so a session never
    lowers the target it is measured against.
    """
    free = sum(1 for i in range(7) if _free(monday + timedelta(days=i), marks, rest_days, active))
    return min(goal, free)


@dataclass(frozen=True)
class WeekStatus:
    start: date
    done: int  # distinct counted days
    target: int  # goal after rest and declared days; 0 means the whole week is paused
    met: bool


def weeks(
    sessions: Iterable[SessionRecord],
    today: date,
    goal: int = 5,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    since: date | None = None,
) -> list[WeekStatus]:
    """Every ISO week from the first session (or ``since``) through today's week, oldest first."""
    active = active_days(sessions)
    marked = _marks_by_day(marks)
    end = _effective_today(today, active)
    first = since if since is not None else min(active, default=end)
    by_week: dict[date, int] = defaultdict(int)
    for d in active:
        by_week[week_start(d)] += 1
    out = []
    monday = week_start(first)
    while monday <= end:
        target = week_target(monday, goal, marked, rest_days, active)
        done = by_week.get(monday, 0)
        out.append(WeekStatus(monday, done, target, target > 0 and done >= target))
        monday += timedelta(days=7)
    return out


def weeks_met_streak(week_list: Sequence[WeekStatus], today: date) -> int:
    """Weeks in a row at goal; this week joins once met, fully paused weeks are skipped."""
    count = 0
    current = week_start(today)
    for w in reversed(week_list):
        if w.target == 0:
            continue
        if w.met:
            count += 1
        elif w.start >= current:
            continue  # this week is not over yet
        else:
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
) -> Adherence:
    """Days done against the weekly goal from ``start`` to ``today``.

    The period starts no earlier than the first counted session (nothing was
    planned before it). Weeks cut by the start get a pro-rated target. The
    current week joins only once its goal is met, so an unfinished week never
    lowers the figure.
    """
    marked = _marks_by_day(marks)
    every = active_days(sessions)
    if not every:
        return Adherence(0, 0, 0, 0)
    start = max(start, min(every))  # no goal before the first logged practice
    active = {d for d in every if start <= d <= today}
    done = target = met = counted = 0
    monday = week_start(start)
    while monday <= today:
        days = [monday + timedelta(days=i) for i in range(7)]
        full = week_target(monday, goal, marked, rest_days, active)
        free_all = [d for d in days if _free(d, marked, rest_days, active)]
        free_in = [d for d in free_all if d >= start]
        want = full if len(free_in) == len(free_all) else round(full * len(free_in) / len(free_all))
        got = min(want, sum(1 for d in days if d in active))
        in_progress = monday == week_start(today)  # today is never over
        if want > 0 and not (in_progress and got < want):
            done += got
            target += want
            counted += 1
            met += got >= want
        monday += timedelta(days=7)
    return Adherence(done, target, met, counted)


# ---------------------------------------------------------------- habit strength


def habit_strength(
    sessions: Iterable[SessionRecord],
    today: date,
    goal: int = 5,
    marks: Iterable[DayMark] = (),
    rest_days: frozenset[int] = frozenset(),
    half_life_days: float = STRENGTH_HALF_LIFE_DAYS,
) -> float:
    """Habit strength 0..1: an exponential moving average in the style of Loop Habit Tracker.

    Each day's value is how much of the weekly goal the last 7 days reached,
    the goal lowered by paused days in them (so 5 days a week scores like daily
    practice for a 5-day goal, as Loop does for non-daily habits). Paused
    days (rest weekdays, declared days) leave the score unchanged, and today
    only moves it once done.
    """
    active = active_days(sessions)
    if not active:
        return 0.0
    marked = _marks_by_day(marks)
    end = _effective_today(today, active)
    keep = 0.5 ** (1.0 / half_life_days)
    # Day flags from 6 days before the first session, so every 7-day window is whole.
    first = min(active) - timedelta(days=6)
    days = [first + timedelta(days=i) for i in range((end - first).days + 1)]
    did = [d in active for d in days]
    free = [_free(d, marked, rest_days, active) for d in days]
    score = 0.0
    for i in range(6, len(days)):
        if did[i] or (free[i] and i != len(days) - 1):
            want = max(1, min(goal, sum(free[i - 6:i + 1])))
            score = score * keep + min(1.0, sum(did[i - 6:i + 1]) / want) * (1 - keep)
    return round(min(1.0, max(0.0, score)), 4)


# ---------------------------------------------------------------- summary


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
            "week": {"done": self.week_done, "goal": self.week_goal,
                     "weekly_goal": self.weekly_goal},
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
) -> StreakSummary:
    """Daily streaks, this week against the goal, the weeks-met streak and habit strength."""
    sessions = list(sessions)
    marks = list(marks)
    s = streaks(sessions, today, marks, rest_days)
    week_list = weeks(sessions, today, goal, marks, rest_days)
    this_week = next((w for w in week_list if w.start == week_start(today)), None)
    this_monday = week_start(today)
    target = this_week.target if this_week else week_target(
        this_monday, goal, _marks_by_day(marks), rest_days)
    return StreakSummary(
        current=s.current,
        longest=s.longest,
        week_done=this_week.done if this_week else 0,
        week_goal=target,
        weekly_goal=goal,
        weeks_met=weeks_met_streak(week_list, today),
        strength=habit_strength(sessions, today, goal, marks, rest_days),
        today_done=s.today_done,
        today_mark=s.today_mark,
    )


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
    marked = _marks_by_day(marks)
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
        out.append(CalendarDay(day, count.get(day, 0), round(seconds.get(day, 0.0) / 60, 2),
                               day in counted, mark))
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
        out.append(RoutineTotal(
            rid,
            latest.routine_title or rid,
            len(group),
            sum(1 for s in group if s.status == "completed"),
            round(sum(s.elapsed_seconds for s in group) / 60, 2),
            latest.local_date,
        ))
    return sorted(out, key=lambda t: (-t.sessions, -t.minutes, t.routine_id))


# ---------------------------------------------------------------- pain


def meaningful_drop(before: float, after: float) -> bool:
    """A drop of 2 points, or of 30 % of the starting score when above 1-point noise."""
    drop = before - after
    if drop >= MEANINGFUL_POINTS:
        return True
    return before > 0 and drop > NOISE_POINTS and drop / before >= MEANINGFUL_FRACTION


def meaningful_rise(before: float, after: float) -> bool:
    """A rise of 2 points or more (also the in-session stop line)."""
    return after - before >= MEANINGFUL_POINTS


@dataclass(frozen=True)
class PainPoint:
    day: date
    time: str
    routine_id: str
    before: int | None
    after: int | None


def _ordered(sessions: Iterable[SessionRecord]) -> list[SessionRecord]:
    return sorted(sessions, key=lambda s: (s.local_date, s.local_time, s.id))


def pain_trend(sessions: Iterable[SessionRecord]) -> dict[str, list[PainPoint]]:
    """Per area, every session's pain before and after in time order (either may be None)."""
    out: dict[str, list[PainPoint]] = defaultdict(list)
    for s in _ordered(sessions):
        for area in sorted(set(s.pain_before) | set(s.pain_after)):
            out[area].append(PainPoint(s.local_date, s.local_time, s.routine_id,
                                       s.pain_before.get(area), s.pain_after.get(area)))
    return dict(out)


@dataclass(frozen=True)
class PainChange:
    """Mean pain before and after over sessions that have both scores."""

    n: int
    mean_before: float
    mean_after: float

    @property
    def mean_drop(self) -> float:
        return round(self.mean_before - self.mean_after, 2)

    @property
    def meaningful(self) -> bool:
        """The mean drop passes the meaningful-change line (DOMAIN.md section 6)."""
        return meaningful_drop(self.mean_before, self.mean_after)

    @property
    def rose(self) -> bool:
        return meaningful_rise(self.mean_before, self.mean_after)


def _change(pairs: list[tuple[int, int]]) -> PainChange:
    n = len(pairs)
    before = sum(b for b, _ in pairs) / n
    after = sum(a for _, a in pairs) / n
    return PainChange(n, round(before, 2), round(after, 2))


def _pairs(s: SessionRecord) -> dict[str, tuple[int, int]]:
    return {a: (s.pain_before[a], s.pain_after[a]) for a in s.pain_before if a in s.pain_after}


def pain_changes(sessions: Iterable[SessionRecord]) -> dict[str, PainChange]:
    """Per area, the mean before/after change within sessions that recorded both."""
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in sessions:
        for area, pair in _pairs(s).items():
            pairs[area].append(pair)
    return {area: _change(p) for area, p in sorted(pairs.items())}


def pain_changes_by_routine(sessions: Iterable[SessionRecord]) -> dict[str, dict[str, PainChange]]:
    """Per routine, then per area, the mean before/after change."""
    groups: dict[str, list[SessionRecord]] = defaultdict(list)
    for s in sessions:
        groups[s.routine_id].append(s)
    return {rid: c for rid, g in sorted(groups.items()) if (c := pain_changes(g))}


def routine_pain_drops(sessions: Iterable[SessionRecord]) -> dict[str, tuple[int, float]]:
    """Per routine: (sessions with before and after, mean drop averaged over their areas)."""
    drops: dict[str, list[float]] = defaultdict(list)
    for s in sessions:
        pairs = _pairs(s)
        if pairs:
            drops[s.routine_id].append(sum(b - a for b, a in pairs.values()) / len(pairs))
    return {rid: (len(d), round(sum(d) / len(d), 2)) for rid, d in sorted(drops.items())}


@dataclass(frozen=True)
class BaselineChange:
    """The starting score early in a period against late in it, per area."""

    first: float  # mean of the first few "before" scores
    last: float  # mean of the last few
    n: int

    @property
    def meaningful(self) -> bool:
        return meaningful_drop(self.first, self.last)

    @property
    def rose(self) -> bool:
        return meaningful_rise(self.first, self.last)


def baseline_changes(sessions: Iterable[SessionRecord], k: int = 3) -> dict[str, BaselineChange]:
    """Per area with at least 2k before-scores: mean of the first k against the last k."""
    out = {}
    for area, points in pain_trend(sessions).items():
        scores = [p.before for p in points if p.before is not None]
        if len(scores) >= 2 * k:
            out[area] = BaselineChange(round(sum(scores[:k]) / k, 2),
                                       round(sum(scores[-k:]) / k, 2), len(scores))
    return out


def persistent_pain(
    checkins: Iterable[CheckinRecord],
    sessions: Iterable[SessionRecord],
    today: date,
    threshold: int = 4,
    min_days: int = 8,
    window_days: int = 14,
) -> list[str]:
    """Areas at ``threshold``+ on ``min_days`` of the last ``window_days`` days, not improving.

    A day's score for an area is the highest from that day's check-ins and
    session "before" scores (after-session relief is left out: it is short-lived).
    "Not improving" means the second week's mean is not a meaningful drop from
    the first's. For the "book a review" nudge (DOMAIN.md section 5).
    """
    first = today - timedelta(days=window_days - 1)
    daily: dict[str, dict[date, int]] = defaultdict(dict)

    def note(area: str, day: date, score: int) -> None:
        if first <= day <= today:
            daily[area][day] = max(score, daily[area].get(day, score))

    for c in checkins:
        for area, score in c.areas.items():
            note(area, c.local_date, score)
    for s in sessions:
        for area, score in s.pain_before.items():
            note(area, s.local_date, score)
    half = first + timedelta(days=window_days // 2)
    out = []
    for area, days in sorted(daily.items()):
        if sum(1 for v in days.values() if v >= threshold) < min_days:
            continue
        early = [v for d, v in days.items() if d < half]
        late = [v for d, v in days.items() if d >= half]
        if early and late and meaningful_drop(sum(early) / len(early), sum(late) / len(late)):
            continue
        out.append(area)
    return out


def areas_to_ask(checkin: CheckinRecord | None, targets: Sequence[str]) -> list[str]:
    """Areas a player asks pain for: the last check-in's sore areas, else the routine's targets."""
    if checkin is not None:
        sore = [a for a, v in checkin.areas.items() if v > 0]
        if sore:
            return sore
    return list(targets)


def pain_prompt(areas: Sequence[str], phase: str) -> str:
    """The question a plain front end asks: ``phase`` is "before" or "after"."""
    if len(areas) == 1:
        return f"Pain {phase} in your {areas[0]}, 0-10 (Enter to skip): "
    listed = ", ".join(areas) if areas else "any area"
    return (f"Pain {phase}, 0-10: one number, or AREA=N for {listed} "
            f"(Enter to skip): ")


def parse_pain(values: Iterable[str], areas: Iterable[str],
               bare_area: str = OVERALL) -> dict[str, int]:
    """``["5"]`` or ``["ribs=4", "neck=2"]`` as {area: score}; a bare N goes to ``bare_area``.

    ``bare_area`` is "overall" unless the question named a single area. Raises
    ValueError with a one-line message naming the bad value (and a "did you
    mean" for a misspelt area). Scores are whole numbers 0-10; "" gives {}.
    """
    known = list(areas)
    out: dict[str, int] = {}
    for raw in values:
        for token in str(raw).replace(",", " ").split():
            area, sep, num = token.partition("=")
            if not sep:
                area, num = bare_area, token
            area = area.strip().lower()
            if area not in known and area not in (OVERALL, bare_area):
                import difflib

                near = difflib.get_close_matches(area, known, n=1)
                hint = f"did you mean {near[0]!r}?" if near else f"areas: {', '.join(known)}"
                raise ValueError(f"unknown pain area {area!r} ({hint})")
            try:
                score = int(num)
            except ValueError:
                raise ValueError(f"pain score {num!r} is not a whole number 0-10") from None
            if not 0 <= score <= 10:
                raise ValueError(f"pain score {score} is outside 0-10")
            if area in out:
                raise ValueError(f"pain for {area!r} is given twice")
            out[area] = score
    return out


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
) -> Overview:
    """Streaks, calendar, per-routine totals, pain trends and the latest sessions, in one pass.

    On a long log, pass only the last year of ``sessions`` and the whole log as
    ``activity`` (``Store.day_activity()``): streaks need all of it, the rest not.
    """
    sessions = _ordered(sessions)
    marks = list(marks)
    return Overview(
        summary=streak_summary(sessions if activity is None else activity, today, goal, marks,
                               rest_days),
        calendar=calendar(sessions, today, marks, rest_days, weeks_back),
        routines=routine_totals(sessions),
        pain=pain_trend(sessions),
        changes=pain_changes(sessions),
        recent=list(reversed(sessions[-recent:])) if recent else [],
    )
