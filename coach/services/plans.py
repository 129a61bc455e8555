"""Plans for both front ends: read a plan file against the library, the active plan,
import and clear, today's items with what is done, and adherence (use cases)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.plans.model import Adherence, Due, Plan, adherence, today
from coach.plans.reader import PlanResult, read_plan_text

if TYPE_CHECKING:
    from coach.history.records import DayMark, SessionRecord
    from coach.routines.library import Library

#: Declared days that set planned sessions aside (a planned rest day is in the plan itself).
PAUSING_MARKS = ("flare", "sick")


class PlanFileError(Exception):
    """A plan file that could not be read or written at all (not its content)."""


def library_ids(lib: Library) -> dict[str, tuple[str, ...]]:
    """Each routine id in the library with its avoid_with, for the plan reader."""
    return {e.routine.id: tuple(e.routine.avoid_with) for e in lib.entries.values()}


def read_plan_file(
    path: Path, lib: Library | None = None, conditions: Iterable[str] = ()
) -> PlanResult:
    """Read a plan file (bounded, regular files only) and check its routines against ``lib``."""
    from coach.common.files import read_bounded

    try:
        raw = read_bounded(path)
    except OSError as exc:
        raise PlanFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    ids = library_ids(lib) if lib is not None else None
    return read_plan_text(raw, str(path), ids, tuple(conditions))


def active_plan_path() -> Path:
    from coach import locations

    return locations.active_plan_file()


def active_plan(lib: Library | None = None) -> tuple[Plan | None, list[Any]]:
    """The active plan (None when there is none or it no longer reads) and its problems."""
    path = active_plan_path()
    if not path.exists():
        return None, []
    try:
        result = read_plan_file(path, lib)
    except PlanFileError as exc:
        return None, [str(exc)]
    return result.plan, result.problems


def import_plan(source: Path, lib: Library, conditions: Iterable[str] = ()) -> PlanResult:
    """Check ``source`` and, when it has no errors, make a copy of it the active plan."""
    from coach import locations
    from coach.common.files import read_bounded
    from coach.common.outfile import write_text

    result = read_plan_file(source, lib, conditions)
    if result.plan is None:
        return result
    text = read_bounded(source).decode("utf-8-sig")
    locations.ensure_dir(active_plan_path().parent)
    write_text(active_plan_path(), text)
    return result


def clear_plan() -> bool:
    """Remove the active plan; whether there was one."""
    path = active_plan_path()
    if path.exists():
        path.unlink()
        return True
    return False


def done_on(sessions: Iterable[SessionRecord], day: date) -> Counter[str]:
    """Sessions that count on ``day``, by routine id."""
    return Counter(s.routine_id for s in sessions if s.local_date == day and s.counts)


@dataclass(frozen=True)
class PlanToday:
    plan: Plan
    day: date
    dues: list[Due]

    def as_dict(self) -> dict[str, object]:
        from coach.plans.model import week_of

        return {
            "plan": self.plan.id,
            "title": self.plan.title,
            "date": self.day.isoformat(),
            "week": week_of(self.plan, self.day),
            "items": [
                {
                    "routine": d.item.routine,
                    "planned": d.planned,
                    "done": d.done,
                    "left": d.left,
                    "note": d.item.note,
                }
                for d in self.dues
            ],
            "all_done": all(d.finished for d in self.dues),
        }


def plan_today(plan: Plan, sessions: Iterable[SessionRecord], day: date) -> PlanToday:
    return PlanToday(plan, day, today(plan, day, done_on(sessions, day)))


def plan_adherence(
    plan: Plan, sessions: Iterable[SessionRecord], marks: Iterable[DayMark], until: date
) -> Adherence:
    """Done / planned per item and week, with declared flare and sick days set aside."""
    return adherence(
        plan,
        ((s.routine_id, s.local_date) for s in sessions if s.counts),
        until,
        (m.local_date for m in marks if m.kind in PAUSING_MARKS),
    )


def load_today(store: Any, lib: Library | None = None) -> PlanToday | None:
    """Today's plan items from the active plan and the log (None without a plan)."""
    plan, _ = active_plan(lib)
    if plan is None:
        return None
    day: date = store.clock().date()
    return plan_today(plan, store.sessions(since=day), day)


def load_adherence(store: Any, until: date | None = None) -> Adherence | None:
    """Adherence to the active plan from the log (None without a plan)."""
    plan, _ = active_plan()
    if plan is None:
        return None
    day: date = until or store.clock().date()
    return plan_adherence(plan, store.sessions(since=plan.starts), store.day_marks(), day)


@dataclass(frozen=True)
class HomeToday:
    """What home opens on: today's plan items, or without a plan the last routine ("again")."""

    plan: PlanToday | None
    again: str | None = None
    problem: str = ""  # the active plan file no longer reads
    done_today: tuple[str, ...] = ()  # routines with a session that counts today

    @property
    def next_id(self) -> str | None:
        """The routine one key starts: the next due item, or without a plan the last one."""
        from coach.plans.model import next_due

        if self.plan is not None:
            due = next_due(self.plan.dues)
            return due.item.routine if due else None
        return self.again


def home_today(store: Any, days_back: int = 60) -> HomeToday:
    """Today for home, from the active plan and the log (two indexed reads)."""
    from datetime import timedelta

    plan, problems = active_plan()
    day: date = store.clock().date()
    todays = store.sessions(since=day)
    done = tuple(done_on(todays, day))
    if plan is not None:
        return HomeToday(plan_today(plan, todays, day), done_today=done)
    last = None
    for back in (7, days_back):  # most people came back within the week: one short read
        recent = store.sessions(since=day - timedelta(days=back))
        last = next((s.routine_id for s in reversed(recent) if s.counts), None)
        if last is not None:
            break
    problem = f"the active plan has problems: {problems[0]}" if problems else ""
    return HomeToday(None, last, problem, done)
