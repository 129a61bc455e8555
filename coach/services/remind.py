"""Reminders as use cases: what `coach remind check` decides, and the saved reminder settings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from coach.plans.model import today
from coach.plans.reminder import Decision, decide
from coach.services.plans import active_plan, done_on


@dataclass(frozen=True)
class Reminder:
    """What `coach remind set` installed, kept for `status` and `off`."""

    time: str
    days: str
    via: str
    files: list[str]


def decision(store: Any) -> Decision:
    """Remind only if today's plan (or, without a plan, the weekly goal) is not done yet.

    The day comes from the store's clock, so tests pin it; declared days pause it.
    """
    from coach.history.overview import streak_summary

    day = store.clock().date()
    marks = [m for m in store.day_marks(since=day) if m.local_date == day]
    paused = any(m.kind in ("flare", "sick", "rest") for m in marks)
    plan, _ = active_plan()
    if plan is not None:
        return decide(today(plan, day, done_on(store.sessions(since=day), day)), None, paused)
    goal, rest = _goal()
    if day.weekday() in rest:
        return decide(None, None, paused=True)
    s = streak_summary(store.day_activity(), day, goal, store.day_marks(), rest)
    return decide(None, max(0, s.week_goal - s.week_done), paused, s.today_done)


def _goal() -> tuple[int, frozenset[int]]:
    from coach import locations

    if not locations.config_file().exists():
        return 5, frozenset()
    from coach.settings.config import load_config

    config = load_config().config
    return config.weekly_goal, config.rest_weekdays


def save_reminder(r: Reminder) -> None:
    from coach import locations
    from coach.common.outfile import write_text

    locations.ensure_dir(locations.reminder_file().parent)
    write_text(locations.reminder_file(), json.dumps(asdict(r), indent=2) + "\n")


def load_reminder() -> Reminder | None:
    from coach import locations

    path = locations.reminder_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Reminder(str(data["time"]), str(data["days"]), str(data["via"]), list(data["files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget_reminder() -> None:
    from coach import locations

    locations.reminder_file().unlink(missing_ok=True)
