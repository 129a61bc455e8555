"""The session log's records as plain values (pure): sessions, declared days, check-ins.

What the store returns and history, streaks, pain and suggest read, with the
one rule every view shares: which sessions count as a day's practice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

STATUSES = ("in_progress", "completed", "stopped", "abandoned")
MARK_KINDS = ("flare", "sick", "rest")

#: A stopped session still counts as a day's practice past either line (a real effort).
STOPPED_MIN_SECONDS = 120.0
STOPPED_MIN_FRACTION = 0.6


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


_DAY_FIELDS = vars(SessionRecord(0, "", "completed", date.min))


def completed_day(local_date: date, elapsed_seconds: float) -> SessionRecord:
    """A day's completed sessions as one light record (id 0, no routine or pain).

    Equal to ``SessionRecord(0, "", "completed", local_date, elapsed_seconds=...)``,
    built by copying a prototype's fields: a long log has 30,000 such days and the
    frozen dataclass's ``__init__`` sets 23 fields one call at a time. The pain
    mappings are shared between these records (they are never written).
    """
    record = object.__new__(SessionRecord)
    fields = vars(record)
    fields.update(_DAY_FIELDS)
    fields["local_date"] = local_date
    fields["elapsed_seconds"] = elapsed_seconds
    return record


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


# ---------------------------------------------------------------- which sessions count


def session_counts(s: SessionRecord) -> bool:
    """Completed sessions count; a stopped one counts after 2 minutes or 60 % of the routine.

    Stopping early is often the right call during a flare, so a real effort is
    not thrown away. An abandoned session (the computer died, the terminal was
    killed) counts by the same rule on the progress it saved while playing; a
    still-running one does not count yet.
    """
    if s.status == "completed":
        return True
    if s.status not in ("stopped", "abandoned"):
        return False
    if s.elapsed_seconds >= STOPPED_MIN_SECONDS:
        return True
    if s.planned_seconds > 0:
        return s.elapsed_seconds >= STOPPED_MIN_FRACTION * s.planned_seconds
    return s.total_steps > 0 and s.completed_steps >= STOPPED_MIN_FRACTION * s.total_steps


def marks_by_day(marks: Iterable[DayMark]) -> dict[date, str]:
    """Declared days as {date: kind}."""
    return {m.local_date: m.kind for m in marks}


def in_time_order(sessions: Iterable[SessionRecord]) -> list[SessionRecord]:
    """Sessions sorted by local date, local time, then id."""
    return sorted(sessions, key=lambda s: (s.local_date, s.local_time, s.id))
