"""`coach handout`: a routine or a plan as a printable HTML page."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `handout` to the parser."""
    p = sub.add_parser(
        "handout",
        help="a printable page of a routine or a plan to hand to a patient (HTML)",
        description="Write a print-ready HTML page of a routine: title, author, version, "
        "cautions first, every step with its dose in words and its time, pictures, and "
        "when to stop. For a plan: the weekly schedule first, then each routine it uses. "
        "Open it in a browser and print (A4 or Letter).",
    )
    p.add_argument(
        "routine",
        metavar="ROUTINE|PLAN",
        help="a routine id or file, a plan file, or the active plan's id ('plan' for it)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        required=True,
        help="the HTML file to write ('-' for standard output)",
    )
    p.set_defaults(handler="coach.cli.handout_cmd:cmd_handout")


def cmd_handout(args: argparse.Namespace) -> int:
    """Write the handout (to a file atomically, see coach/common/outfile.py)."""
    from pathlib import Path

    from coach.cli import CommandError, write_output
    from coach.cli.routines import resolve_or_fail
    from coach.common.outfile import OutputError, check_target, is_stdout
    from coach.common.safe_text import clean
    from coach.services.handout import handout_html

    path = None if is_stdout(args.output) else Path(args.output).expanduser()
    if path is not None:
        try:
            check_target(path, "-o ")
        except OutputError as exc:
            raise CommandError(exc.message, exc.hint) from None
    found = _plan(args.routine)
    if found is not None:
        from coach.services.handout import plan_handout_html

        plan, routines = found
        write_output(path, clean(plan_handout_html(plan, routines)))
        if path is not None:
            print(f"Wrote the handout of plan {plan.id} to {path}")
            print("Open it in a browser and print it (A4 or Letter).")
        return 0
    entry = resolve_or_fail(args.routine)
    routine = entry.routine
    for n, step in enumerate(routine.steps, 1):
        media = step.media
        local = media and not media.startswith(("http://", "https://"))
        if local and not (entry.path.parent / media).is_file():
            print(
                f"coach: warning: step {n}'s picture {clean(media)!r} was not found "
                f"next to {entry.path}; the handout shows an empty frame",
                file=sys.stderr,
            )
    write_output(path, clean(handout_html(routine)))
    if path is not None:
        print(f"Wrote the handout of {routine.id} to {path}")
        print("Open it in a browser and print it (A4 or Letter).")
    return 0


def _plan(name: str) -> tuple[Any, dict[str, Any]] | None:
    """The plan ``name`` means (a plan file, or the active plan by id or 'plan') and the
    routines it uses, or None when it names no plan (then it is a routine)."""
    from pathlib import Path

    from coach.routines.library import load_library
    from coach.services.plans import PlanFileError, active_plan, read_plan_file

    lib = load_library()
    path = Path(name).expanduser()
    plan = None
    if path.is_file():
        try:
            plan = read_plan_file(path, lib).plan
        except PlanFileError:
            plan = None
    else:
        active, _ = active_plan(lib)
        if active is not None and name in (active.id, "plan"):
            plan = active
    if plan is None:
        return None
    routines = {}
    for item in plan.items:
        entry = lib.get(item.routine)
        if entry is not None:
            routines[item.routine] = entry.routine
    return plan, routines
