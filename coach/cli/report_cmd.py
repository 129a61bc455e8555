"""`coach report`: the one-page therapist summary, to standard output or a file (-o)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `report` to the parser."""
    from coach.cli.log_shared import _positive_int

    p = sub.add_parser(
        "report",
        help="a one-page summary for your therapist (Markdown or HTML)",
        description="Write a one-page summary of the last N days: practice "
        "against your weekly goal, streaks, routines, pain before and after.",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (.html gives HTML; '-' is standard output); default: standard output",
    )
    p.add_argument(
        "--days",
        metavar="N",
        type=_positive_int,
        default=28,
        help="how many days back (default 28)",
    )
    p.add_argument(
        "--format",
        choices=("md", "html"),
        help="md or html (default: from the -o file name, else md)",
    )
    p.set_defaults(handler="coach.cli.report_cmd:cmd_report")


def cmd_report(args: argparse.Namespace) -> int:
    """Write the one-page therapist report (to a file atomically, see coach/common/outfile.py)."""
    from datetime import timedelta
    from pathlib import Path

    from coach.cli import CommandError, write_output
    from coach.cli.log_shared import _today, goal_settings, open_log
    from coach.common.outfile import OutputError, check_target, is_stdout
    from coach.common.safe_text import clean
    from coach.common.vocab import vocabulary
    from coach.history.report import build_report, html_page, markdown
    from coach.services.plans import load_adherence

    to_stdout = is_stdout(args.output)
    path = None if to_stdout else Path(args.output).expanduser()
    fmt = args.format or ("html" if path and path.suffix.lower() in (".html", ".htm") else "md")
    try:
        if path is not None:  # refuse a device, pipe or folder before reading the log
            check_target(path, "-o ")
        store = open_log(for_reading=True)
        with store:
            goal, rest = goal_settings()
            today = _today(store)
            # The period in full; of the whole log only the days that count.
            report = build_report(
                store.sessions(since=today - timedelta(days=args.days - 1)),
                today,
                args.days,
                goal,
                store.day_marks(),
                rest,
                vocabulary().areas,
                load_adherence(store),  # the plan section, first
                activity=(),
                active=store.counted_days(),  # streaks and adherence need only the days
            )
        # Titles and notes from the log are data: a file someone later `cat`s or prints
        # must carry no control sequence either (standard output is cleaned by the CLI).
        text = clean(html_page(report) if fmt == "html" else markdown(report))
    except OutputError as exc:
        raise CommandError(exc.message, exc.hint) from None
    write_output(path, text)
    if path is None:
        return 0
    print(f"Wrote the {report.days}-day report to {path}")
    return 0
