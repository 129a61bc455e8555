"""`coach history`: logged sessions as a table, JSON (streamed as SQLite builds it) or CSV.

The table and JSON also list declared flare, sick and rest days among the sessions,
as the report counts them; the table closes with the counts and the rest weekdays,
and opens with the active plan's line when there is one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from coach.cli.log_shared import _duration, _pain_text, _usage, goal_settings, open_log
from coach.history.records import MARK_KINDS, DayMark

#: A session's date in its JSON text (SQLite's json_object, or json.dumps as a fallback).
_JSON_DATE = re.compile(r'"local_date":\s*"(\d{4}-\d{2}-\d{2})"')
#: The report's words for declared days (coach/history/report.py).
DECLARED_NOTE = "(these pause a streak rather than break it)"


def _since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _usage(f"--since {text!r} is not a date", "use YYYY-MM-DD, e.g. 2026-11-01") from None


def cmd_history(args: argparse.Namespace) -> int:
    """List sessions as a table, JSON or CSV."""
    since = _since(args.since)
    store = open_log(for_reading=True)
    out = sys.stdout
    with store:
        marks = store.day_marks(since) if not args.csv else []
        if args.json:
            sessions_json = store.iter_sessions_json(since, args.limit)
            _write_json(_with_marks(sessions_json, marks, bool(args.limit)), out)
            return 0
        sessions = store.sessions(since)
        plan = None if args.csv else _plan(store)
    # The store lists them by the date and time on the person's clock, not UTC: after
    # flying west, the session of the 26th is never listed before that of the 25th.
    if args.limit:
        sessions = sessions[-args.limit :]
        if sessions:  # declared days from the first session listed on
            marks = [m for m in marks if m.local_date >= sessions[0].local_date]
    if args.csv:
        _write_csv(sessions, out)
        return 0
    if plan:
        print(plan)
    if not sessions:
        print(
            "No sessions logged yet. Play one with 'coach play ROUTINE', "
            "or record one with 'coach log ROUTINE'."
        )
    _print_table(sessions, marks)
    for line in _footer(marks, goal_settings()[1]):
        print(line)
    return 0


def _print_table(sessions: list[Any], marks: list[DayMark]) -> None:
    """Sessions and declared days, by date (a day's mark before its sessions)."""
    if not sessions and not marks:
        return
    titles = [len(s.routine_title or s.routine_id) for s in sessions]
    width = min(28, max([*titles, 7]))
    print(
        f"{'Date':<10}  {'Time':<5}  {'Routine':<{width}}  {'Status':<11}  {'Played':>7}  "
        f"Pain before>after"
    )
    pending = list(reversed(marks))
    for s in [*sessions, None]:
        while pending and (s is None or pending[-1].local_date <= s.local_date):
            m = pending.pop()
            print(f"{m.local_date.isoformat():<10}  {'':<5}  {m.kind} day (declared)")
            _note(m.note)
        if s is None:
            break
        title = s.routine_title or s.routine_id
        title = title if len(title) <= width else title[: width - 1] + "~"
        line = (
            f"{s.local_date.isoformat():<10}  {s.local_time[:5]:<5}  {title:<{width}}  "
            f"{s.status.replace('_', ' '):<11}  {_duration(s.elapsed_seconds):>7}  "
            f"{_pain_text(dict(s.pain_before), dict(s.pain_after))}"
        )
        print(line.rstrip())
        _note(s.note)


def _note(text: str) -> None:
    if text.strip():
        print(f"{'':<10}  note: {' '.join(text.split())}")


def _footer(marks: list[DayMark], rest_days: frozenset[int]) -> list[str]:
    """Declared days by kind and the rest weekdays, in the report's words."""
    from coach.history.streaks import WEEKDAYS

    out = []
    counts = {k: sum(1 for m in marks if m.kind == k) for k in MARK_KINDS}
    if any(counts.values()):
        kinds = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
        out.append(f"Days declared: {kinds} {DECLARED_NOTE}")
    if rest_days:
        names = ", ".join(WEEKDAYS[d].capitalize() for d in sorted(rest_days))
        out.append(f"Rest days: {names} (planned days off; they pause a streak too)")
    return out


def _plan(store: Any) -> str:
    """The active plan's line, as the app's history shows it ("" without a plan)."""
    from coach.history.plan_report import plan_summary_line
    from coach.services.plans import load_adherence

    adherence = load_adherence(store)
    return plan_summary_line(adherence) if adherence is not None else ""


def _mark_json(m: DayMark) -> str:
    return json.dumps(
        {"local_date": m.local_date.isoformat(), "day_mark": m.kind, "note": m.note},
        ensure_ascii=False,
    )


def _with_marks(sessions: Iterable[str], marks: list[DayMark], limited: bool) -> Iterator[str]:
    """Session JSON texts with the declared days merged in by date, still streamed.

    Each session's date is read only while a mark is still to place; the rest
    pass through untouched. ``limited`` (--limit): no days before the first session.
    """
    pending = list(reversed(marks))
    first = limited
    for obj in sessions:
        if pending:
            found = _JSON_DATE.search(obj)
            day = found[1] if found else json.loads(obj)["local_date"]
            while pending and pending[-1].local_date.isoformat() <= day:
                m = pending.pop()
                if not (first and m.local_date.isoformat() < day):
                    yield _mark_json(m)
        first = False
        yield obj
    while pending:
        yield _mark_json(pending.pop())


def _write_json(objects: Any, out: Any) -> None:
    """A JSON array, one object per line in the order stored, streamed: flat memory."""
    first = True
    for obj in objects:
        out.write(("[\n" if first else ",\n") + obj)
        first = False
    out.write("[]\n" if first else "\n]\n")


CSV_COLUMNS = (
    "id",
    "local_date",
    "local_time",
    "tz_name",
    "utc_offset_minutes",
    "started_utc",
    "ended_utc",
    "routine_id",
    "routine_title",
    "routine_version",
    "routine_sha256",
    "routine_author",
    "status",
    "counts",
    "elapsed_seconds",
    "planned_seconds",
    "completed_steps",
    "total_steps",
    "speed",
    "source",
    "note",
)


def _write_csv(sessions: list[Any], out: Any) -> None:
    import csv

    from coach.history.overview import OVERALL
    from coach.log.store import session_dict

    areas = sorted(
        {a for s in sessions for a in (*s.pain_before, *s.pain_after)},
        key=lambda a: (a == OVERALL, a),
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(f"before_{a}" for a in areas), *(f"after_{a}" for a in areas)])
    for s in sessions:
        obj = session_dict(s)
        row = [_csv_value(obj[c]) for c in CSV_COLUMNS]
        row += [s.pain_before.get(a, "") for a in areas]
        row += [s.pain_after.get(a, "") for a in areas]
        writer.writerow(row)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
