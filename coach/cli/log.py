"""Session log commands: log, history, streak (report is in coach/cli/report_cmd.py).

`coach streak` and `coach history` must answer fast on a log of many years,
so they import only the store and history (no YAML, no Textual, and the config
module only when a config file exists).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta
from typing import Any

from coach.common.safe_text import echo

H = "coach.cli.log:"
DEFAULT_GOAL = 5
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
        description="List logged sessions, oldest first.",
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print a JSON list of sessions")
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
    p.set_defaults(handler=H + "cmd_streak")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"{value} must be between 1 and 100000")
    return value


# ------------------------------------------------------------ shared pieces


def goal_settings() -> tuple[int, frozenset[int]]:
    """The weekly goal and rest weekdays (Monday 0) from config; defaults 5 and none.

    The config module (and YAML) is imported only when a config file exists,
    which keeps `coach streak` fast.
    """
    from coach import locations

    if not locations.config_file().exists():
        return DEFAULT_GOAL, frozenset()
    from coach.settings.config import load_config

    loaded = load_config()
    if loaded.problems:
        print(
            f"coach: warning: {loaded.path} has problems; using defaults for them "
            f"(run 'coach config' to see them)",
            file=sys.stderr,
        )
    return loaded.config.weekly_goal, loaded.config.rest_weekdays


def open_log(for_reading: bool = False, later: str = "") -> Any:
    """The session log, or a CommandError; a damaged log moved aside is reported in one line.

    ``for_reading`` opens a log that cannot be written (a backup) read-only;
    ``later`` is the command that would log the same thing once the log works.
    """
    from coach.log.store import StoreError, open_store

    try:
        store = open_store(for_reading=for_reading)
    except StoreError as exc:
        raise _store_failure(exc, later) from None
    notice = store.recovery_notice()
    if notice:
        print(f"coach: warning: {notice}", file=sys.stderr)
    return store


def _store_failure(exc: Any, later: str) -> Exception:
    """A CommandError for a StoreError; with ``later``, the hint is the command to run later."""
    from coach.cli import CommandError

    if later:
        return CommandError(
            f"{exc.message}; nothing was logged",
            f"{exc.hint}; to log it later, run: {later}"
            if exc.hint
            else f"to log it later, run: {later}",
        )
    return CommandError(exc.message, exc.hint)


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


def _today(store: Any) -> date:
    today: date = store.clock().date()
    return today


def _usage(message: str, hint: str = "") -> Exception:
    from coach.cli import EXIT_USAGE, CommandError

    return CommandError(message, hint, code=EXIT_USAGE)


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


def _duration(seconds: float) -> str:
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if hours:
        return f"{hours}h{m:02d}m"
    return f"{m}m{s:02d}s" if m and s else (f"{m}m" if m else f"{s}s")


def _pain_text(before: dict[str, int], after: dict[str, int]) -> str:
    parts = []
    for area in sorted(set(before) | set(after)):
        b, a = before.get(area), after.get(area)
        parts.append(f"{area} {'-' if b is None else b}>{'-' if a is None else a}")
    return " ".join(parts)


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


# ------------------------------------------------------------ coach streak


def load_streak_summary(store: Any) -> Any:
    """The streak summary of the whole log, with the configured goal and rest days."""
    from coach.history.overview import streak_summary

    goal, rest = goal_settings()
    return streak_summary(store.day_activity(), _today(store), goal, store.day_marks(), rest)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _week(s: Any) -> str:
    if s.week_goal == 0:
        return f"{_days(s.week_done)} (the whole week is paused)"
    if s.week_done >= s.week_goal:
        return f"{_days(s.week_done)}, goal of {s.week_goal} met"
    return f"{s.week_done} of {s.week_goal} days"


def streak_line(s: Any) -> str:
    """One line: the current and longest streak, and this week against the goal."""
    if s is None:
        return "Run 'coach streak' to see your streak."
    return f"Streak: {_days(s.current)} (longest {s.longest}). This week: {_week(s)}."


def cmd_streak(args: argparse.Namespace) -> int:
    """Show streaks, this week against the goal, and habit strength."""
    from coach.services.plans import load_adherence

    store = open_log(for_reading=True)
    with store:
        s = load_streak_summary(store)
        plan = load_adherence(store)  # adherence to the active plan, beside the streak
    if args.json:
        json.dump({**s.as_dict(), "plan": plan and plan.as_dict()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if s.today_done:
        today = "done"
    elif s.today_mark == "off":
        today = "a rest day (pauses the streak)"
    elif s.today_mark:
        today = f"a declared {s.today_mark} day (pauses the streak)"
    else:
        today = "not yet; the streak counts through yesterday until today is over"
    print(f"Current streak: {_days(s.current)}")
    print(f"Longest streak: {_days(s.longest)}")
    lowered = (
        f" (weekly goal {s.weekly_goal}, lowered by rest or declared days)"
        if s.week_goal != s.weekly_goal
        else ""
    )
    print(f"This week: {_week(s)}{lowered}")
    print(f"Weeks at goal in a row: {s.weeks_met}")
    print(f"Habit strength: {s.strength:.0%}")
    print(f"Today: {today}")
    if plan is not None:
        t = plan.total
        print(f"Plan {plan.plan.id}: {t.done} of {t.planned} planned sessions done so far")
    return 0
