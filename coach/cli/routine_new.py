"""Routine commands that write files: new (a template), import; and paths."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_new(args: argparse.Namespace) -> int:
    from coach import locations
    from coach.cli import CommandError
    from coach.common.fields import _ID
    from coach.routines.template import routine_template

    if not _ID.match(args.id) or len(args.id) > 64:
        raise CommandError(
            f"{args.id!r} is not a valid id", "use lowercase letters, digits and dashes", code=2
        )
    text = routine_template(args.id)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.output) if args.output else locations.user_routines_dir() / f"{args.id}.yaml"
    if path.exists():
        raise CommandError(f"{path} already exists", "choose another id or edit that file")
    if not args.output and not args.replace:
        from coach.routines.library import load_library

        builtins = load_library([("builtin", locations.builtin_routines_dir())])
        if builtins.get(args.id) is not None:
            raise CommandError(
                f"{args.id!r} is a built-in routine; a template with that id would replace it",
                "choose another id, or use --replace to write your own version",
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror}") from None
    print(f"Wrote {path}")
    print(f"Edit it, then check it with: coach validate {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from coach import locations
    from coach.cli import CommandError
    from coach.routines.library import load_library, read_file
    from coach.settings.config import write_atomically

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CommandError(f"no such file: {source}", "give the path to a .yaml routine file")
    result, _ = read_file(source)
    for p in result.problems:
        print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
    if result.routine is None:
        raise CommandError(
            f"{source} has {len(result.errors)} error(s); nothing was imported",
            "fix them, then check with 'coach validate'",
        )
    routine = result.routine
    target = locations.user_routines_dir() / f"{routine.id}.yaml"
    if target.exists() and not args.force:
        raise CommandError(f"{target} already exists", "use --force to replace it")
    existing = load_library().get(routine.id)
    # The file name becomes the id, so the copy keeps the id it had.
    write_atomically(target, source.read_bytes().decode("utf-8-sig"))
    note = ""
    if existing is not None and existing.path != target:
        note = f" (it replaces the {existing.source} routine with the same id)"
    print(f"Imported {routine.title!r} as {routine.id} into {target}{note}")
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    from coach import locations

    paths = {
        "data": str(locations.data_dir()),
        "database": str(locations.database_file()),
        "user_routines": str(locations.user_routines_dir()),
        "builtin_routines": str(locations.builtin_routines_dir()),
        "extra_routines": [str(p) for p in locations.extra_routine_dirs()],
        "config": str(locations.config_file()),
        "cache": str(locations.cache_dir()),
    }
    if args.json:
        json.dump(paths, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for key, value in paths.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        print(f"{key.replace('_', ' '):<17} {shown or '(none; set COACH_ROUTINES_PATH)'}")
    return 0
