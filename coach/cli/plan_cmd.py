"""`coach plan show|validate|import|today|clear|schema`: a therapist's plan, one active at a time."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

H = "coach.cli.plan_cmd:"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `plan` and its subcommands to the parser."""
    p = sub.add_parser(
        "plan",
        help="a therapist's plan: which routines, which days, how often",
        description="A plan file says which routines to do on which days, how many times "
        "a day and in which weeks. Import one to make it active; 'coach plan today' and "
        "the app's home then show what is due.",
    )
    ps = p.add_subparsers(dest="plan_command", metavar="SUBCOMMAND")
    p.set_defaults(handler=H + "cmd_show", file=None, json=False)
    show = ps.add_parser(
        "show",
        help="show the active plan (or a plan file)",
        description="show the active plan (or a plan file)",
    )
    show.add_argument("file", nargs="?", help="a plan file (default: the active plan)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=H + "cmd_show")
    val = ps.add_parser(
        "validate",
        help="check plan files: errors at file:line:column",
        description="check plan files: errors at file:line:column",
    )
    val.add_argument("files", nargs="+", metavar="FILE")
    val.add_argument("--json", action="store_true", help="print the problems as JSON")
    val.set_defaults(handler=H + "cmd_validate")
    imp = ps.add_parser(
        "import",
        help="check a plan file and make it the active plan",
        description="check a plan file and make it the active plan",
    )
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(handler=H + "cmd_import")
    tod = ps.add_parser(
        "today",
        help="what the plan asks for today: done and to do",
        description="what the plan asks for today: done and to do",
    )
    tod.add_argument("--json", action="store_true", help="print JSON")
    tod.set_defaults(handler=H + "cmd_today")
    clr = ps.add_parser(
        "clear",
        help="stop following the active plan (your log is kept)",
        description="stop following the active plan (your log is kept)",
    )
    clr.set_defaults(handler=H + "cmd_clear")
    sch = ps.add_parser(
        "schema",
        help="print the JSON Schema of plan files (for editors)",
        description="print the JSON Schema of plan files (for editors)",
    )
    sch.set_defaults(handler=H + "cmd_schema")


def _conditions() -> tuple[str, ...]:
    from coach import locations

    if not locations.config_file().exists():
        return ()
    from coach.settings.config import load_config

    return tuple(load_config().config.conditions)


def _library() -> Any:
    from coach.routines.library import load_library

    return load_library()


def _read(path: Path, lib: Any) -> Any:
    from coach.cli import CommandError
    from coach.services.plans import PlanFileError, read_plan_file

    try:
        return read_plan_file(path, lib, _conditions())
    except PlanFileError as exc:
        raise CommandError(str(exc)) from None


def _dump(data: object) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def plan_dict(plan: Any) -> dict[str, object]:
    return {
        "plan": plan.id,
        "title": plan.title,
        "author": plan.author,
        "note": plan.note,
        "starts": plan.starts.isoformat(),
        "weeks": plan.weeks,
        "ends": plan.ends.isoformat() if plan.ends else None,
        "items": [
            {
                "routine": i.routine,
                "days": i.days_text,
                "times": i.times,
                "weeks": [i.first, i.last],
                "note": i.note,
            }
            for i in plan.items
        ],
    }


def cmd_show(args: argparse.Namespace) -> int:
    from coach.cli import CommandError
    from coach.services.plans import active_plan_path

    path = Path(args.file) if args.file else active_plan_path()
    if not args.file and not path.exists():
        raise CommandError("no active plan", "import one with: coach plan import FILE")
    result = _read(path, _library())
    for p in result.problems:
        print(p, file=sys.stderr)
    if result.plan is None:
        return 1
    plan = result.plan
    if args.json:
        _dump(plan_dict(plan))
        return 0
    length = f"{plan.weeks} weeks, to {plan.ends.isoformat()}" if plan.ends else "open-ended"
    print(f"{plan.title} ({plan.id})")
    if plan.author:
        print(f"By {plan.author}")
    print(f"Starts {plan.starts.isoformat()}, {length}")
    if plan.note:
        print(plan.note)
    for i in plan.items:
        times = f", {i.times} times a day" if i.times > 1 else ""
        print(f"- {i.routine}: {i.days_text}{times}, {i.weeks_text}")
        if i.note:
            print(f"    {i.note}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    lib = _library()
    problems = []
    for name in args.files:
        problems += _read(Path(name), lib).problems
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        _dump([p.as_dict() for p in problems])
    else:
        for p in problems:
            print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
        warned = len(problems) - len(errors)
        print(
            f"{len(args.files)} plan file(s) checked: {len(errors)} error(s), {warned} warning(s)"
        )
    return 1 if errors else 0


def cmd_import(args: argparse.Namespace) -> int:
    from coach.cli import CommandError
    from coach.common.outfile import OutputError
    from coach.services.plans import PlanFileError, active_plan_path, import_plan

    try:
        result = import_plan(Path(args.file), _library(), _conditions())
    except PlanFileError as exc:
        raise CommandError(str(exc)) from None
    except OutputError as exc:
        raise CommandError(exc.message, exc.hint) from None
    for p in result.problems:
        print(p, file=sys.stderr)
    if result.plan is None:
        print("coach: error: the plan has errors; nothing was imported", file=sys.stderr)
        return 1
    print(f"Active plan: {result.plan.title} ({result.plan.id}), saved as {active_plan_path()}")
    return 0


def cmd_today(args: argparse.Namespace) -> int:
    from coach.cli import CommandError
    from coach.cli.log_shared import open_log
    from coach.services.plans import load_today

    store = open_log(for_reading=True)
    with store:
        status = load_today(store, _library())
    if status is None:
        raise CommandError("no active plan", "import one with: coach plan import FILE")
    if args.json:
        _dump(status.as_dict())
        return 0
    if not status.dues:
        print(f"{status.day.isoformat()}: nothing planned today ({status.plan.title}).")
        return 0
    print(f"{status.day.isoformat()}, {status.plan.title}:")
    for d in status.dues:
        mark = "done" if d.finished else "to do"
        print(f"- {d.item.routine}: {d.done} of {d.planned} ({mark})")
    return 0


def cmd_clear(args: argparse.Namespace) -> int:
    from coach.services.plans import clear_plan

    print("Plan cleared; your log is kept." if clear_plan() else "There was no active plan.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from coach.plans.schema import plan_schema

    _dump(plan_schema())
    return 0
