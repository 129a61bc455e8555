"""A plan as recurring calendar events with an alarm (RFC 5545, via `icalendar`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.plans.model import Plan

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def plan_calendar(
    plan: Plan, at: time, alarm_minutes: int = 0, stamp: datetime | None = None
) -> bytes:
    """One weekly-recurring event per item (floating local time, so it follows the phone's
    zone), from the item's first active day to its last, with a display alarm."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//coach//plan export//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", plan.title)
    stamp = stamp or datetime.now().replace(microsecond=0)
    for n, item in enumerate(plan.items):
        first_day = plan.starts + timedelta(days=7 * (item.first - 1))
        last_week = item.last or plan.weeks
        # The first due day on or after the item's first active day.
        while first_day.weekday() not in item.days:
            first_day += timedelta(days=1)
        start = datetime.combine(first_day, at)
        ev = Event()
        ev.add("uid", f"{plan.id}-{n + 1}-{item.routine}@coach")
        ev.add("dtstamp", stamp)
        ev.add(
            "summary", f"coach: {item.routine}" + (f" ({item.times}x)" if item.times > 1 else "")
        )
        desc = [f"Plan: {plan.title}", f"Run: coach play {item.routine}"]
        if item.note:
            desc.append(item.note)
        ev.add("description", "\n".join(desc))
        ev.add("dtstart", start)
        ev.add("duration", timedelta(minutes=15))
        rule: dict[str, object] = {"freq": "weekly", "byday": [_BYDAY[d] for d in item.days]}
        if last_week:
            end = plan.starts + timedelta(days=7 * last_week - 1)
            rule["until"] = datetime.combine(end, time(23, 59, 59))
        ev.add("rrule", rule)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Time for {item.routine}")
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()  # type: ignore[no-any-return]
