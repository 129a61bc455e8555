"""`coach config`: show the settings file and effective settings; `coach config set KEY VALUE`."""

from __future__ import annotations

import argparse
import json
import sys

H = "coach.cli.config_cmd:"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "config",
        help="show or change settings",
        description="Show where config.yaml is and the effective settings, or change one "
        "with 'coach config set KEY VALUE' (the file is checked, then replaced atomically).",
    )
    p.add_argument("--json", action="store_true", help="print the effective settings as JSON")
    p.set_defaults(handler=H + "cmd_show")
    inner = p.add_subparsers(dest="config_action", metavar="ACTION", parser_class=type(p))
    s = inner.add_parser(
        "set",
        help="change one setting",
        description="Change one setting. KEY is a setting name (see "
        "'coach config'), or keys.ACTION to remap a key. VALUE is YAML: "
        "150, off, [sat, sun], high-contrast.",
    )
    s.add_argument("key", metavar="KEY")
    s.add_argument("value", metavar="VALUE")
    s.set_defaults(handler=H + "cmd_set")


def cmd_show(args: argparse.Namespace) -> int:
    from coach.settings.config import SPECS, load_config

    loaded = load_config()
    for p in loaded.problems:
        print(p, file=sys.stderr)
    settings = loaded.config.as_dict()
    if args.json:
        json.dump(
            {"path": str(loaded.path), "exists": loaded.exists, "settings": settings},
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return 1 if loaded.problems else 0
    state = "" if loaded.exists else "  (not created yet: these are the defaults)"
    print(f"config file: {loaded.path}{state}")
    for key, value in settings.items():
        if isinstance(value, dict):
            value = ", ".join(f"{a}={k}" for a, k in value.items())
        elif isinstance(value, list):
            value = ", ".join(value) or "(none)"
        elif isinstance(value, bool):
            value = "on" if value else "off"
        print(f"  {key:<15} {value!s:<24} {SPECS[key].doc}")
    return 1 if any(p.severity == "error" for p in loaded.problems) else 0


def cmd_set(args: argparse.Namespace) -> int:
    from coach.cli import CommandError
    from coach.common.safe_text import shorten
    from coach.settings.config import ConfigError, ConfigWriteError
    from coach.settings.config_write import set_value

    try:
        path = set_value(args.key, args.value)
    except ConfigWriteError as exc:
        raise CommandError(str(exc), "free some space or check the folder's permissions") from None
    except ConfigError as exc:
        raise CommandError(str(exc), "see 'coach config' for the settings", code=2) from None
    except OSError as exc:
        raise CommandError(f"cannot write the config file: {exc.strerror}") from None
    print(f"Set {args.key} = {shorten(args.value)} in {path}")
    return 0
