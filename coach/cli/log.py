"""Session log commands: `coach log` here; history, streak and report beside it
(coach/cli/history_cmd.py, streak_cmd.py, report_cmd.py, sharing log_shared.py).

`coach streak` and `coach history` must answer fast on a log of many years,
so they import only the store and history (no YAML, no Textual, and the config
module only when a config file exists).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import Any

from coach.cli.log_shared import (
    _duration,
    _pain_text,
    _positive_int,
    _store_failure,
    _usage,
    open_log,
)
from coach.cli.streak_cmd import load_streak_summary, streak_line
from coach.common.safe_text import echo

H = "coach.cli.log:"
#: --at earlier than this is surely a typo.
EARLIEST = date(2000, 1, 1)
#: Clock skew allowed for "now" in --at before calling it the future.
FUTURE_SLACK = timedelta(minutes=1)
#: How far ahead a planned rest day may be declared.
REST_AHEAD = timedelta(days=366)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "log",
        help="record a session done away from the screen, or a flare/sick/rest day",
        description="Record a session you did away from the screen (as completed), or declare "
        "a flare, sick or rest day, which pauses your streak instead of breaking it.",
        epilog="Examples: coach log rib-release --at 2026-11-20T08:30 --pain-before ribs=5 "
        "--pain-after ribs=3 | coach log rib-release --pain-before 4 --pain-after 2 | "
        "coach log --flare-day --note 'lupus flare'",
    )
    p.add_argument(
        "routine", nargs="?", metavar="ROUTINE", help="a routine id, or a path to a file"
    )
    p.add_argument(
        "--at",
        metavar="WHEN",
        help="when: 2026-11-20T08:30, '2026-11-20 08:30', 2026-11-20 (noon), today, "
        "yesterday; local time unless an offset is given (default: now)",
    )
    p.add_argument(
        "--pain-before",
        nargs="+",
        action="extend",
        default=[],
        metavar="N|AREA=N",
        help="pain 0-10 before: a single N (overall) or AREA=N for each area",
    )
    p.add_argument(
        "--pain-after",
        nargs="+",
        action="extend",
        default=[],
        metavar="N|AREA=N",
        help="pain 0-10 after, as for --pain-before",
    )
    p.add_argument("--note", metavar="TEXT", default="", help="a note for you or your therapist")
    days = p.add_mutually_exclusive_group()
    days.add_argument(
        "--flare-day",
        dest="day_kind",
        action="store_const",
        const="flare",
        help="declare a flare day (date from --at, default today)",
    )
    days.add_argument(
        "--sick-day", dest="day_kind", action="store_const", const="sick", help="declare a sick day"
    )
    days.add_argument(
        "--rest-day",
        dest="day_kind",
        action="store_const",
        const="rest",
        help="declare a rest day (may be planned ahead)",
    )
    days.add_argument(
        "--clear-day",
        dest="day_kind",
        action="store_const",
        const="clear",
        help="remove the flare/sick/rest mark of a day",
    )
    p.set_defaults(handler=H + "cmd_log")

    p = sub.add_parser(
        "history",
        help="list logged sessions (table, JSON or CSV)",
        description="List logged sessions and declared flare, sick and rest days, oldest "
        "first, with the active plan's line when there is one.",
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of sessions, and of declared days as {local_date, day_mark, note}",
    )
    fmt.add_argument(
        "--csv",
        action="store_true",
        help="print CSV with a header; pain as before_AREA / after_AREA columns",
    )
    p.add_argument("--since", metavar="DATE", help="only sessions on or after DATE (YYYY-MM-DD)")
    p.add_argument("--limit", metavar="N", type=_positive_int, help="only the last N sessions")
    p.set_defaults(handler="coach.cli.history_cmd:cmd_history")

    p = sub.add_parser(
        "streak",
        help="show your streak, this week against your goal, strength",
        description="Current and longest streak, this week against your weekly "
        "goal, weeks at goal in a row and habit strength. Rest days and declared "
        "flare/sick days pause a streak; today counts once done.",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print JSON: {current, longest, week: {done, goal}, strength, ...}",
    )
    p.set_defaults(handler="coach.cli.streak_cmd:cmd_streak")


def _later_command(args: argparse.Namespace, when: datetime | None) -> str:
    """The exact `coach log` command that records this session (or day) later."""
    import shlex

    words = ["coach", "log"]
    if args.routine:
        words.append(args.routine)
    if args.day_kind:
        words.append(f"--{args.day_kind}-day")
    if when is not None:
        words += ["--at", when.isoformat(timespec="minutes")]
    if args.pain_before:
        words += ["--pain-before", *args.pain_before]
    if args.pain_after:
        words += ["--pain-after", *args.pain_after]
    if args.note.strip():
        words += ["--note", args.note.strip()]
    return shlex.join(words)


def parse_when(text: str, now: datetime) -> datetime:
    """--at text as an aware datetime: ISO date/time, local unless an offset is given.

    A bare date means noon that day (or now, if that is still ahead today).
    """
    raw = text.strip()
    low = raw.lower()
    if low in ("now", "today"):
        return now
    if low == "yesterday":
        return datetime.combine(now.date() - timedelta(days=1), time(12)).astimezone()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = datetime.combine(day, time(12)).astimezone()
            return now if day == now.date() and moment > now else moment
        stamp = raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        raise _usage(
            f"--at {echo(text)} is not a date or time",
            "use 2026-11-20T08:30, '2026-11-20 08:30', 2026-11-20 or yesterday",
        ) from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _check_past(moment: datetime, now: datetime, at: str | None) -> None:
    if moment > now + FUTURE_SLACK:
        raise _usage(f"--at {echo(at)} is in the future", "give a time that has already happened")
    if moment.date() < EARLIEST:
        raise _too_early(at, now)


def _too_early(at: str | None, now: datetime) -> Exception:
    # Without --at the date is the computer's own: blame the clock, not an option never given.
    if at is None:
        return _usage(
            f"the computer's clock says {now.date().isoformat()}, before {EARLIEST.isoformat()}",
            "set the system date, or give --at",
        )
    return _usage(f"--at {echo(at)} is before {EARLIEST.isoformat()}", "check the year")


def _pain(values: list[str], flag: str) -> dict[str, int]:
    from coach.common.vocab import vocabulary
    from coach.history.overview import parse_pain

    try:
        return parse_pain(values, vocabulary().areas)
    except ValueError as exc:
        # An unknown area already names the close match or the list of areas.
        hint = "" if "area" in str(exc) else "give N (0-10) or AREA=N, e.g. ribs=4"
        raise _usage(f"{flag}: {exc}", hint) from None


# ------------------------------------------------------------ coach log


def cmd_log(args: argparse.Namespace) -> int:
    """Record a session done away from the screen, or declare a day."""
    if args.day_kind:
        if args.routine:
            raise _usage(f"give either ROUTINE or --{args.day_kind}-day, not both")
        if args.pain_before or args.pain_after:
            raise _usage("--pain-before/--pain-after go with a routine, not a declared day")
        return _log_day(args)
    if not args.routine:
        odd = [
            v
            for v in args.pain_before + args.pain_after
            if "=" not in v and not v.strip().isdigit()
        ]
        hint = (
            f"put ROUTINE before --pain-before/--pain-after (is {odd[-1]!r} the routine?)"
            if odd
            else "e.g. coach log rib-release, or coach log --flare-day"
        )
        raise _usage("give the ROUTINE you did, or --flare-day/--sick-day/--rest-day", hint)
    from coach.cli.routines import resolve_or_fail

    before = _pain(args.pain_before, "--pain-before")
    after = _pain(args.pain_after, "--pain-after")
    entry = resolve_or_fail(args.routine)
    from coach.log.store import StoreError, local_now

    now = local_now()
    when = parse_when(args.at, now) if args.at else now
    _check_past(when, now, args.at)
    later = _later_command(args, when)
    store = open_log(later=later)
    with store:
        r = entry.routine
        try:
            store.add_session(
                r.id,
                when,
                r.title,
                r.version,
                entry.sha256,
                r.author,
                len(r.steps),
                elapsed_seconds=r.total_seconds,
                planned_seconds=r.total_seconds,
                pain_before=before,
                pain_after=after,
                note=args.note.strip(),
            )
        except StoreError as exc:
            raise _store_failure(exc, later) from None
        summary = _summary_or_none(store)
    print(
        f"Logged {r.title} ({r.id}) on {when.strftime('%a %d %b %Y at %H:%M')}, "
        f"{_duration(r.total_seconds)}."
    )
    if before or after:
        print(f"Pain before>after: {_pain_text(before, after)}")
    print(streak_line(summary))
    return 0


def _log_day(args: argparse.Namespace) -> int:
    from coach.log.store import StoreError, local_now

    now = local_now()
    day = parse_when(args.at, now).date() if args.at else now.date()
    later = _later_command(args, None) + ("" if args.at else f" --at {day.isoformat()}")
    store = open_log(later=later)
    with store:
        ahead = REST_AHEAD if args.day_kind in ("rest", "clear") else timedelta(0)
        if day > now.date() + ahead:
            raise _usage(
                f"--at {echo(args.at)} is in the future",
                "only rest days can be planned ahead" if not ahead else "check the year",
            )
        if day < EARLIEST:
            raise _too_early(args.at, now)
        try:
            if args.day_kind == "clear":
                found = store.clear_day(day)
                print(
                    f"Cleared the mark on {day.isoformat()}."
                    if found
                    else f"{day.isoformat()} had no flare, sick or rest mark."
                )
                return 0
            store.mark_day(day, args.day_kind, args.note.strip())
        except StoreError as exc:
            raise _store_failure(exc, later) from None
        summary = _summary_or_none(store)
    print(
        f"Marked {day.isoformat()} as a {args.day_kind} day: it pauses your streak "
        f"(neither counts nor breaks it)."
    )
    print(streak_line(summary))
    return 0


def _summary_or_none(store: Any) -> Any:
    """The streak summary after logging, or None if the log cannot be read just now."""
    from coach.log.store import StoreError

    try:
        return load_streak_summary(store)
    except StoreError:
        return None
