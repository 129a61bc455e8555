"""`coach remind set|off|status|check|ics`: reminders that work without the app open."""

from __future__ import annotations

import argparse
import sys

H = "coach.cli.remind_cmd:"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `remind` and its subcommands to the parser."""
    p = sub.add_parser(
        "remind",
        help="a daily reminder, only when today's plan or goal is not done",
        description="Install a per-user timer (systemd user timer, launchd agent, or a "
        "crontab line to add) that runs 'coach remind check' at a time you choose. The check "
        "notifies only if today's plan (or the weekly goal) is not done yet.",
    )
    ps = p.add_subparsers(dest="remind_command", metavar="SUBCOMMAND")
    p.set_defaults(handler=H + "cmd_status")
    st = ps.add_parser(
        "set",
        help="remind at HH:MM (installs a per-user timer)",
        description="remind at HH:MM (installs a per-user timer)",
    )
    st.add_argument("time", metavar="HH:MM")
    st.add_argument("--days", default="daily", help="daily (default), weekdays, or mon,wed,fri")
    st.add_argument(
        "--via",
        choices=("auto", "systemd", "launchd", "cron"),
        default="auto",
        help="how to install it (default: systemd where it runs, launchd on macOS, else cron)",
    )
    st.add_argument(
        "--no-enable",
        action="store_true",
        help="write the timer files but do not ask systemctl or launchctl to start them",
    )
    st.set_defaults(handler=H + "cmd_set")
    off = ps.add_parser("off", help="remove the reminder", description="remove the reminder")
    off.set_defaults(handler=H + "cmd_off")
    stat = ps.add_parser(
        "status",
        help="the reminder, and whether notifications can show here",
        description="the reminder, and whether notifications can show here",
    )
    stat.set_defaults(handler=H + "cmd_status")
    chk = ps.add_parser(
        "check",
        help="notify now if today's plan or goal is not done (the timer runs this)",
        description="notify now if today's plan or goal is not done (the timer runs this)",
    )
    chk.add_argument(
        "--dry-run", action="store_true", help="say what would happen; show no notification"
    )
    chk.set_defaults(handler=H + "cmd_check")
    ics = ps.add_parser(
        "ics",
        help="export the active plan as calendar events with alarms",
        description="export the active plan as calendar events with alarms",
    )
    ics.add_argument("-o", "--output", metavar="FILE", required=True, help="the .ics file")
    ics.add_argument("--at", default="09:00", metavar="HH:MM", help="event time (default 09:00)")
    ics.add_argument(
        "--alarm", type=int, default=0, metavar="MIN", help="alarm MIN minutes before (default 0)"
    )
    ics.set_defaults(handler=H + "cmd_ics")


def _usage(message: str) -> Exception:
    from coach.cli import EXIT_USAGE, CommandError

    return CommandError(message, code=EXIT_USAGE)


def cmd_set(args: argparse.Namespace) -> int:
    from coach.remind.timers import available, cron_line, install, parse_schedule
    from coach.services.remind import Reminder, save_reminder

    try:
        schedule = parse_schedule(args.time, args.days)
    except ValueError as exc:
        raise _usage(str(exc)) from None
    via = available() if args.via == "auto" else args.via
    files, problem = install(schedule, via, enable=not args.no_enable)
    save_reminder(Reminder(schedule.time_text, schedule.days_text, via, [str(f) for f in files]))
    when = f"{schedule.time_text} ({schedule.days_text})"
    if via == "cron":
        print(
            f"No systemd or launchd here. Add this line with 'crontab -e' to be reminded at {when}:"
        )
        print(cron_line(schedule))
        return 0
    for f in files:
        print(f"Wrote {f}")
    if problem:
        print(f"coach: warning: the timer was written but not started: {problem}", file=sys.stderr)
        return 1
    started = " (not started: --no-enable)" if args.no_enable else ""
    print(f"Reminder set for {when} with {via}{started}.")
    return 0


def cmd_off(args: argparse.Namespace) -> int:
    from coach.remind.timers import uninstall
    from coach.services.remind import forget_reminder, load_reminder

    saved = load_reminder()
    if saved is None:
        print("No reminder is set.")
        return 0
    removed = uninstall(saved.via)
    forget_reminder()
    for f in removed:
        print(f"Removed {f}")
    if saved.via == "cron":
        print("Remove the coach line from your crontab with 'crontab -e'.")
    print("Reminder off.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from coach.remind.notify import has_desktop, notifier
    from coach.services.remind import load_reminder

    saved = load_reminder()
    if saved is None:
        print("Reminder: none (set one with: coach remind set 09:00)")
    else:
        print(f"Reminder: {saved.time} ({saved.days}) with {saved.via}")
        for f in saved.files:
            print(f"  {f}")
    tool = notifier()
    if tool is None:
        print(
            "Notifications: none can be shown here (no notify-send); 'coach remind check' "
            "prints its reminder instead (to the timer's log or cron's mail)"
        )
    elif not has_desktop():
        print(f"Notifications: {tool}, but no desktop session is visible now")
    else:
        print(f"Notifications: {tool}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from coach.cli.log_shared import open_log
    from coach.remind.notify import send
    from coach.services.remind import decision

    store = open_log(for_reading=True)
    with store:
        d = decision(store)
    if not d.notify:
        print(f"No reminder: {d.message}.")
        return 0
    if args.dry_run:
        print(f"Would remind: {d.message}.")
        return 0
    problem = send("coach", d.message.capitalize() + ".")
    if problem:
        # No desktop: the line goes to the timer's journal or cron's mail instead.
        print(f"Reminder: {d.message}. (Not shown as a notification: {problem}.)")
    else:
        print(f"Reminded: {d.message}.")
    return 0


def cmd_ics(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach.cli import CommandError
    from coach.common.outfile import OutputError, atomic_output
    from coach.remind.ics import plan_calendar
    from coach.remind.timers import parse_schedule
    from coach.services.plans import active_plan

    try:
        at = parse_schedule(args.at)
    except ValueError as exc:
        raise _usage(str(exc)) from None
    plan, _ = active_plan()
    if plan is None:
        raise CommandError("no active plan", "import one with: coach plan import FILE")
    from datetime import time

    data = plan_calendar(plan, time(at.hour, at.minute), max(0, args.alarm))
    try:
        with atomic_output(Path(args.output), binary=True, label="-o ") as out:
            out.write(data)
    except OutputError as exc:
        raise CommandError(exc.message, exc.hint) from None
    print(f"Wrote {len(plan.items)} recurring event(s) with alarms to {args.output}")
    return 0
