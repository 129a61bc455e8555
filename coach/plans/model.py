"""The plan model and its calendar arithmetic (pure: dates in, plain values out).

A plan starts on a date; week 1 is its first seven days, whatever the weekday.
An item is due on its weekdays, ``times`` a day, in its active weeks only.
Every function takes the local date (or a clock's datetime and a time zone), so
month and year ends, DST and time-zone moves are the caller's clock, never ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

SCHEMA_VERSION = 1
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SETS = {"daily": tuple(range(7)), "weekdays": tuple(range(5)), "weekends": (5, 6)}
MAX_TIMES = 6
MAX_WEEKS = 104
MAX_ITEMS = 20


@dataclass(frozen=True)
class PlanItem:
    """One prescribed routine: on these weekdays (0 = Monday), ``times`` a day, in weeks
    ``first``..``last`` of the plan (``last`` None: to the plan's end)."""

    routine: str
    days: tuple[int, ...] = DAY_SETS["daily"]
    times: int = 1
    first: int = 1
    last: int | None = None
    note: str = ""
    line: int = 0

    def active_in(self, week: int) -> bool:
        return week >= self.first and (self.last is None or week <= self.last)

    @property
    def days_text(self) -> str:
        for name, days in DAY_SETS.items():
            if self.days == days:
                return name
        return ", ".join(WEEKDAYS[d] for d in self.days)

    @property
    def weeks_text(self) -> str:
        if self.first == 1 and self.last is None:
            return "every week"
        if self.last is None:
            return f"from week {self.first}"
        if self.first == self.last:
            return f"week {self.first}"
        return f"weeks {self.first}-{self.last}"


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    starts: date
    items: tuple[PlanItem, ...]
    weeks: int | None = None  # None: open-ended
    author: str = ""
    note: str = ""

    @property
    def ends(self) -> date | None:
        """The plan's last day, or None when it is open-ended."""
        return self.starts + timedelta(days=7 * self.weeks - 1) if self.weeks else None


def local_day(now: datetime, zone: tzinfo | None = None) -> date:
    """The calendar date on the person's wall clock (``now`` aware; ``zone`` None: its own)."""
    return (now.astimezone(zone) if zone is not None else now).date()


def week_of(plan: Plan, day: date) -> int | None:
    """The plan week (1-based) holding ``day``, or None before the start or after the end."""
    offset = (day - plan.starts).days
    if offset < 0:
        return None
    week = offset // 7 + 1
    if plan.weeks is not None and week > plan.weeks:
        return None
    return week


def week_start(plan: Plan, week: int) -> date:
    return plan.starts + timedelta(days=7 * (week - 1))


def planned_on(item: PlanItem, plan: Plan, day: date) -> int:
    """How many times ``item`` is due on ``day`` (0 when it is not)."""
    week = week_of(plan, day)
    if week is None or not item.active_in(week) or day.weekday() not in item.days:
        return 0
    return item.times


@dataclass(frozen=True)
class Due:
    """One item on one day: times planned, times done (capped at planned)."""

    item: PlanItem
    planned: int
    done: int

    @property
    def left(self) -> int:
        return max(0, self.planned - self.done)

    @property
    def finished(self) -> bool:
        return self.done >= self.planned


def allot(dues: list[tuple[PlanItem, int]], done: Mapping[str, int]) -> list[Due]:
    """Share each routine's sessions of a day among its due items, in plan order."""
    left = dict(done)
    out = []
    for item, planned in dues:
        take = min(planned, left.get(item.routine, 0))
        left[item.routine] = left.get(item.routine, 0) - take
        out.append(Due(item, planned, take))
    return out


def today(plan: Plan, day: date, done: Mapping[str, int]) -> list[Due]:
    """The items due on ``day`` with what is done: ``done`` counts sessions by routine id."""
    dues = [(item, n) for item in plan.items if (n := planned_on(item, plan, day))]
    return allot(dues, done)


def next_due(dues: Iterable[Due]) -> Due | None:
    """The first item of the day still to do."""
    return next((d for d in dues if not d.finished), None)


@dataclass(frozen=True)
class Cell:
    planned: int = 0
    done: int = 0
    paused: int = 0  # planned sessions on declared flare or sick days (not counted)


@dataclass(frozen=True)
class Adherence:
    """Done against planned, per item and per plan week, up to a day."""

    plan: Plan
    until: date
    weeks: tuple[int, ...]
    cells: Mapping[tuple[int, int], Cell] = field(default_factory=dict)  # (item index, week)

    def item_total(self, index: int) -> Cell:
        return _sum(c for (i, _), c in self.cells.items() if i == index)

    def week_total(self, week: int) -> Cell:
        return _sum(c for (_, w), c in self.cells.items() if w == week)

    @property
    def total(self) -> Cell:
        return _sum(self.cells.values())

    def as_dict(self) -> dict[str, object]:
        def cell(c: Cell) -> dict[str, object]:
            rate = round(c.done / c.planned, 3) if c.planned else None
            return {"done": c.done, "planned": c.planned, "paused": c.paused, "rate": rate}

        return {
            "plan": self.plan.id,
            "title": self.plan.title,
            "starts": self.plan.starts.isoformat(),
            "until": self.until.isoformat(),
            "total": cell(self.total),
            "items": [
                {
                    "routine": item.routine,
                    "days": item.days_text,
                    "times": item.times,
                    **cell(self.item_total(i)),
                    "weeks": {str(w): cell(self.cells[(i, w)]) for w in self.weeks},
                }
                for i, item in enumerate(self.plan.items)
            ],
            "weeks": [{"week": w, **cell(self.week_total(w))} for w in self.weeks],
        }


def _sum(cells: Iterable[Cell]) -> Cell:
    p = d = z = 0
    for c in cells:
        p, d, z = p + c.planned, d + c.done, z + c.paused
    return Cell(p, d, z)


def adherence(
    plan: Plan,
    sessions: Iterable[tuple[str, date]],
    until: date,
    paused_days: Iterable[date] = (),
) -> Adherence:
    """Done / planned from the plan's start to ``until`` (inclusive).

    ``sessions`` are the (routine id, local date) of sessions that count; more sessions
    than planned on a day count as planned (a week is not done in one day). Planned
    sessions on ``paused_days`` (declared flare or sick days) are set aside as paused.
    """
    by_day: dict[date, dict[str, int]] = {}
    for rid, day in sessions:
        by_day.setdefault(day, {}).setdefault(rid, 0)
        by_day[day][rid] += 1
    paused = set(paused_days)
    last_day = min(until, plan.ends) if plan.ends else until
    last_week = week_of(plan, last_day) if last_day >= plan.starts else None
    weeks = tuple(range(1, last_week + 1)) if last_week else ()
    cells: dict[tuple[int, int], Cell] = {}
    for i in range(len(plan.items)):
        for w in weeks:
            cells[(i, w)] = Cell()
    day = plan.starts
    while last_week and day <= last_day:
        week = week_of(plan, day)
        assert week is not None
        dues = [
            (i, item, n) for i, item in enumerate(plan.items) if (n := planned_on(item, plan, day))
        ]
        shared = allot([(item, n) for _, item, n in dues], by_day.get(day, {}))
        for (i, _, _), due in zip(dues, shared, strict=True):
            c = cells[(i, week)]
            if day in paused and not due.done:
                cells[(i, week)] = Cell(c.planned, c.done, c.paused + due.planned)
            else:
                cells[(i, week)] = Cell(c.planned + due.planned, c.done + due.done, c.paused)
        day += timedelta(days=1)
    return Adherence(plan, until, weeks, cells)
