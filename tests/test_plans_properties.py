"""Property tests of the plan's day and week arithmetic: across month and year ends, DST
changes and time-zone moves, with the clock injected (an instant and a zone)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.plans.model import Plan, PlanItem, adherence, local_day, planned_on, today, week_of

ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
]

days_st = st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True).map(
    lambda d: tuple(sorted(d))
)
item_st = st.builds(
    lambda rid, days, times, first, span: PlanItem(
        rid, days, times, first, None if span is None else first + span
    ),
    st.sampled_from(["a", "b", "c"]),
    days_st,
    st.integers(1, 3),
    st.integers(1, 4),
    st.none() | st.integers(0, 4),
)
# Starts near month and year ends (and leap days) more often than not.
start_st = st.dates(date(2023, 1, 1), date(2030, 12, 31)) | st.sampled_from(
    [date(2026, 12, 29), date(2027, 12, 31), date(2028, 2, 27), date(2026, 1, 31)]
)
plan_st = st.builds(
    lambda start, items, weeks: Plan("p", "P", start, tuple(items), weeks),
    start_st,
    st.lists(item_st, min_size=1, max_size=4),
    st.none() | st.integers(1, 10),
)


@given(plan_st, st.integers(-30, 120))
def test_weeks_are_seven_consecutive_days_from_the_start(plan: Plan, offset: int) -> None:
    day = plan.starts + timedelta(days=offset)
    week = week_of(plan, day)
    if offset < 0 or (plan.weeks is not None and offset >= 7 * plan.weeks):
        assert week is None
        assert today(plan, day, {}) == []
        return
    assert week == offset // 7 + 1
    first_day = plan.starts + timedelta(days=7 * (week - 1))
    assert first_day <= day < first_day + timedelta(days=7)
    assert {week_of(plan, first_day + timedelta(days=i)) for i in range(7)} == {week}
    before = week_of(plan, first_day - timedelta(days=1))
    assert before == (week - 1 if week > 1 else None)


@given(plan_st, st.integers(0, 70))
def test_each_full_week_plans_each_weekday_once(plan: Plan, offset: int) -> None:
    """Across any month or year end: seven consecutive days hold each weekday once, so a
    week's planned count is the item's days x times (in its active weeks)."""
    week = offset // 7 + 1
    if plan.weeks is not None and week > plan.weeks:
        return
    begin = plan.starts + timedelta(days=7 * (week - 1))
    for item in plan.items:
        total = sum(planned_on(item, plan, begin + timedelta(days=i)) for i in range(7))
        assert total == (len(item.days) * item.times if item.active_in(week) else 0)


@settings(max_examples=60)
@given(
    plan_st,
    st.lists(st.tuples(st.sampled_from(["a", "b", "c", "x"]), st.integers(-3, 80))),
    st.integers(0, 80),
)
def test_adherence_is_the_sum_of_each_days_today(plan: Plan, raw: list, upto: int) -> None:
    sessions = [(rid, plan.starts + timedelta(days=n)) for rid, n in raw]
    until = plan.starts + timedelta(days=upto)
    a = adherence(plan, sessions, until)
    planned = done = 0
    day = plan.starts
    while day <= until:
        counts = Counter(rid for rid, d in sessions if d == day)
        for due in today(plan, day, counts):
            planned, done = planned + due.planned, done + due.done
        day += timedelta(days=1)
    assert (a.total.planned, a.total.done) == (planned, done)
    assert 0 <= a.total.done <= a.total.planned
    assert sum(a.week_total(w).planned for w in a.weeks) == planned


@settings(max_examples=60)
@given(
    st.datetimes(datetime(2024, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(ZONES),
)
def test_an_hourly_clock_through_dst_changes_never_skips_or_repeats_a_day(
    start: datetime, zone_name: str
) -> None:
    """Ticking a clock hour by hour for three weeks in a zone with DST changes: local days
    follow one another without gaps or going back, and each holds 23 to 25 ticks."""
    zone = ZoneInfo(zone_name)
    ticks = [start + timedelta(hours=h) for h in range(24 * 21)]
    days = [local_day(t, zone) for t in ticks]
    assert all(b - a in (timedelta(0), timedelta(days=1)) for a, b in itertools.pairwise(days))
    counts = Counter(days)
    inner = sorted(counts)[1:-1]  # the first and last days are cut by the window
    assert all(23 <= counts[d] <= 25 for d in inner)


@given(
    st.datetimes(datetime(2024, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(ZONES),
    st.sampled_from(ZONES),
    plan_st,
)
def test_moving_time_zone_changes_only_which_day_the_wall_clock_shows(
    instant: datetime, here: str, there: str, plan: Plan
) -> None:
    """A flight at one instant: today is whatever date the new wall clock shows, at most a
    day apart, and the plan's answer is the same function of that date."""
    a, b = local_day(instant, ZoneInfo(here)), local_day(instant, ZoneInfo(there))
    assert abs((a - b).days) <= 1
    assert today(plan, b, {}) == today(plan, b, {})
    naive_wall = instant.astimezone(ZoneInfo(there)).replace(tzinfo=None)
    assert b == naive_wall.date()
