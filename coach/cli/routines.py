"""Routine commands: list, show, validate, schema (new, import and paths: routine_new.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.services.launch import AppRequest

H = "coach.cli.routines:"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "list",
        help="list the routines you can play",
        description="List every routine: built-in, yours, and COACH_ROUTINES_PATH.",
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=H + "cmd_list")

    p = sub.add_parser(
        "show",
        help="show a routine's steps and timing",
        description="Show a routine's details, steps and timeline.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="a routine id, or a path to a routine file")
    p.add_argument("--json", action="store_true", help="print JSON (with the full timeline)")
    p.set_defaults(handler=H + "cmd_show")

    p = sub.add_parser(
        "validate",
        help="check routine files and report every problem",
        description="Check routine files and folders. Prints path:line:col: "
        "error|warning: message for every problem. Exit 1 if any file has an error.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="routine files or folders of them")
    p.add_argument("--json", action="store_true", help="print a JSON list of problems")
    p.add_argument(
        "--voice",
        action="store_true",
        help="time every cue with the real voice (synthesised into the voice cache) instead "
        "of the estimate from its words, to check that each cue ends before the next",
    )
    p.set_defaults(handler=H + "cmd_validate")

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of routine files",
        description="Print the JSON Schema of routine files, for editors "
        "with a YAML language server (see docs/routines.md).",
    )
    p.set_defaults(handler=H + "cmd_schema")

    p = sub.add_parser(
        "new",
        help="write a commented routine template",
        description="Write a commented routine template to your routines folder "
        "(or --output), ready to edit. It validates as written.",
    )
    p.add_argument(
        "id", metavar="ID", help="the new routine's id: lowercase letters, digits, dashes"
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="where to write it ('-' for standard output)"
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="write it even though a built-in routine has this id (yours will replace it)",
    )
    p.set_defaults(handler="coach.cli.routine_new:cmd_new")

    p = sub.add_parser(
        "import",
        help="check a routine file and add it to your routines",
        description="Validate a routine file and copy it into your routines "
        "folder. An invalid file is refused with its errors.",
    )
    p.add_argument("file", metavar="FILE", help="the routine file (.yaml)")
    p.add_argument(
        "--force", action="store_true", help="replace a routine of yours with the same file name"
    )
    p.set_defaults(handler="coach.cli.routine_new:cmd_import")

    p = sub.add_parser(
        "paths",
        help="show where coach keeps its files",
        description="Show the data, config, cache and routine folders.",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler="coach.cli.routine_new:cmd_paths")


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _warn_problems(lib: Any) -> None:
    for p in lib.folder_problems:  # a folder named in COACH_ROUTINES_PATH that cannot be read
        print(f"coach: warning: {p.path}: {p.message}", file=sys.stderr)
    if lib.errors:
        files = sorted({p.path for p in lib.errors})
        print(
            f"coach: warning: {len(files)} routine file(s) have errors and were skipped: "
            f"{', '.join(files)} (run 'coach validate' on them)",
            file=sys.stderr,
        )


def cmd_list(args: argparse.Namespace) -> int:
    from coach.common.fields import format_seconds
    from coach.routines.library import load_library

    lib = load_library()
    entries = lib.sorted_entries()
    if args.json:
        _print_json([_summary(e) for e in entries] + _broken(lib))
    else:
        if not entries:
            print("No routines found. See 'coach paths'.")
        width = max((len(e.routine.id) for e in entries), default=0)
        for e in entries:
            r = e.routine
            mark = "" if e.source == "builtin" else f"  [{e.source}]"
            print(
                f"{r.id:<{width}}  {format_seconds(r.total_seconds):>6}  {r.category:<10}  "
                f"{r.title}{mark}"
            )
    _warn_problems(lib)
    return 0


def _broken(lib: Any) -> list[dict[str, Any]]:
    """Broken files, listed with their problems so scripts see them too."""
    from coach.routines.library import file_id

    return [
        {
            "id": file_id(path),
            "source": lib.broken_sources.get(path, ""),
            "path": str(path),
            "broken": True,
            "problems": [p.as_dict() for p in lib.problems if p.path == str(path)],
        }
        for path in lib.broken
    ]


def _summary(e: Any) -> dict[str, Any]:
    r = e.routine
    return {
        "id": r.id,
        "title": r.title,
        "category": r.category,
        "targets": list(r.targets),
        "good_for": list(r.good_for),
        "avoid_with": list(r.avoid_with),
        "total_seconds": round(r.total_seconds, 3),
        "source": e.source,
        "path": str(e.path),
        "broken": False,
    }


def resolve_or_fail(name: str, library: Any = None) -> Any:
    """The routine entry for an id or path (in ``library`` if read), or a CommandError."""
    from coach.cli import CommandError
    from coach.common.safe_text import echo
    from coach.routines.library import UnknownRoutine, resolve

    try:
        return resolve(name, library)
    except UnknownRoutine as exc:
        if exc.problems:
            for p in exc.problems:
                print(p, file=sys.stderr)
            raise CommandError(
                f"routine {echo(name)} has errors", "fix them and try again"
            ) from None
        hint = f"did you mean {exc.suggestion!r}?" if exc.suggestion else "see 'coach list'"
        raise CommandError(f"no routine called {echo(name)}", hint) from None


def cmd_show(args: argparse.Namespace) -> int:
    from coach.common.fields import format_seconds
    from coach.playback.timeline import compile_routine

    entry = resolve_or_fail(args.routine)
    r = entry.routine
    tl = compile_routine(r)
    if args.json:
        data = _summary(entry)
        data.update(
            summary=r.summary,
            positions=list(r.positions),
            intensity=r.intensity,
            cautions=r.cautions,
            author=r.author,
            version=r.version,
            sha256=entry.sha256,
            steps=[_step_json(s, span) for s, span in zip(r.steps, tl.steps, strict=False)],
            timeline={
                "total_seconds": round(tl.total, 3),
                "segments": [
                    {
                        "start": round(s.start, 3),
                        "duration": round(s.duration, 3),
                        "phase": s.phase,
                        "step": s.step,
                        "side": s.side,
                        "rep": s.rep,
                        "set": s.set,
                    }
                    for s in tl.segments
                ],
                "cues": [{"at": round(c.at, 3), "text": c.text, "step": c.step} for c in tl.cues],
            },
        )
        _print_json(data)
        return 0
    print(f"{r.title}  ({r.id}, {format_seconds(r.total_seconds)}, {r.category})")
    if r.summary:
        print(r.summary)
    if r.targets:
        print(f"May help: {', '.join(r.targets)}")
    if r.good_for:
        print(f"Good for: {', '.join(r.good_for)}")
    if r.avoid_with:
        print(f"Avoid with: {', '.join(r.avoid_with)}")
    if r.cautions:
        print(f"Cautions: {r.cautions}")
    print()
    for n, (step, span) in enumerate(zip(r.steps, tl.steps, strict=False), 1):
        print(f"{n}. {step.name}  [{step.kind}, {format_seconds(span.duration)}]  {_dose(step)}")
        if step.instruction:
            print(f"   {step.instruction}")
    print()
    print(
        f"Total: {format_seconds(tl.total)} ({tl.total:g} s), {len(tl.segments)} segments, "
        f"{len(tl.cues)} spoken cues. Source: {entry.source} ({entry.path})"
    )
    return 0


def _dose(step: Any) -> str:
    sides = " each side" if len(step.sides) > 1 else f" {step.sides[0]} side" if step.sides else ""
    if step.kind == "breathe":
        return f"{step.cycles} breaths, {step.pattern.describe()}"
    if step.kind == "hold":
        reps = f"{step.reps} x " if step.reps > 1 else ""
        return f"{reps}{step.seconds:g}s hold{sides}"
    if step.kind == "reps":
        sets = f"{step.sets} sets of " if step.sets > 1 else ""
        return f"{sets}{step.count} reps{sides} ({step.tempo.rep_seconds:g}s each)"
    return f"{step.seconds:g}s"


def _step_json(step: Any, span: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": step.kind,
        "name": step.name,
        "instruction": step.instruction,
        "prepare": step.prepare,
        "start": round(span.start, 3),
        "total_seconds": round(span.duration, 3),
        "dose": _dose(step),
    }
    if step.sides:
        out["sides"] = list(step.sides)
    if step.pattern:
        p = step.pattern
        out["pattern"] = {
            "inhale": p.inhale,
            "hold": p.hold,
            "exhale": p.exhale,
            "hold_after": p.hold_after,
            "preset": p.preset,
        }
        out["cycles"] = step.cycles
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    from coach.routines.library import routine_files

    files, problems = routine_files(Path(p) for p in args.paths)
    notes: list[str] = []
    from coach.cli.cue_checks import cue_timing

    rate, measure = cue_timing(args)
    try:
        _check_files(files, problems, notes, rate, measure)
    finally:
        if measure is not None:
            measure.close()
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        _print_json([p.as_dict() for p in problems])
    else:
        for p in problems:
            print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
        for note in notes:
            print(note)
        bad = len({p.path for p in errors})
        warned = sum(1 for p in problems if p.severity == "warning")
        print(
            f"{len(files)} file(s) checked: {bad} with errors, {len(errors)} error(s), "
            f"{warned} warning(s)"
        )
    if not files and not problems:
        print(
            "coach: error: no routine files (*.yaml, *.yml) found in the given folders",
            file=sys.stderr,
        )
        return 1
    return 1 if errors else 0


def _check_files(
    files: list[Path], problems: list[Any], notes: list[str], rate: int, measure: Any
) -> None:
    from coach.cli.cue_checks import crowded_cues
    from coach.routines.library import check_duplicate, read_file

    # Ids are unique within a folder; across folders one shadows the other, as documented
    # (built-in < COACH_ROUTINES_PATH < your folder), which is a note, not an error.
    seen: dict[Path, dict[str, Path]] = {}
    for path in files:
        result, _ = read_file(path)
        problems.extend(result.problems)
        if result.routine is not None:
            problems.extend(crowded_cues(path, result.routine, rate, measure))
        duplicate = check_duplicate(result, seen.setdefault(path.parent, {}), path)
        if duplicate is not None:
            problems.append(duplicate)
        elif result.draft is not None:
            rid = result.draft.id
            others = [f[rid] for d, f in seen.items() if d != path.parent and rid in f]
            if others:
                notes.append(
                    f"note: {path} and {others[0]} share the id {rid!r}; they are in "
                    "different folders, so the later folder's file is used (built-in < "
                    "COACH_ROUTINES_PATH < your folder)"
                )


def cmd_schema(args: argparse.Namespace) -> int:
    from coach.routines.schema import routine_schema

    _print_json(routine_schema())
    return 0


def open_app(args: argparse.Namespace) -> int | AppRequest:
    """`coach` with no command: the Textual app, or the routine list when stdout is not a terminal."""
    from coach.cli import can_open_app
    from coach.services.launch import AppRequest, app_available

    if can_open_app() and app_available():
        return AppRequest()
    args.json = False
    return cmd_list(args)
