"""`coach history`: logged sessions as a table, JSON (streamed as SQLite builds it) or CSV."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from coach.cli.log_shared import _duration, _pain_text, _usage, open_log


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
        if args.json:
            _write_json(store.iter_sessions_json(since, args.limit), out)
            return 0
        sessions = store.sessions(since)
    # The store lists them by the date and time on the person's clock, not UTC: after
    # flying west, the session of the 26th is never listed before that of the 25th.
    if args.limit:
        sessions = sessions[-args.limit :]
    if args.csv:
        _write_csv(sessions, out)
        return 0
    if not sessions:
        print(
            "No sessions logged yet. Play one with 'coach play ROUTINE', "
            "or record one with 'coach log ROUTINE'."
        )
        return 0
    width = min(28, max(len(s.routine_title or s.routine_id) for s in sessions))
    print(
        f"{'Date':<10}  {'Time':<5}  {'Routine':<{width}}  {'Status':<11}  {'Played':>7}  "
        f"Pain before>after"
    )
    for s in sessions:
        title = s.routine_title or s.routine_id
        title = title if len(title) <= width else title[: width - 1] + "~"
        line = (
            f"{s.local_date.isoformat():<10}  {s.local_time[:5]:<5}  {title:<{width}}  "
            f"{s.status.replace('_', ' '):<11}  {_duration(s.elapsed_seconds):>7}  "
            f"{_pain_text(dict(s.pain_before), dict(s.pain_after))}"
        )
        print(line.rstrip())
        if s.note:
            print(f"{'':<10}  note: {' '.join(s.note.split())}")
    return 0


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
