"""`coach suggest`: the pain check-in, the red-flag screen and what may help today."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

H = "coach.cli.suggest:"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `coach suggest` to the parser."""
    p = sub.add_parser(
        "suggest",
        help="check in (pain, context, warning signs) and get routines that may help",
        description="Check in with your pain (0-10 per area), today's context, your conditions "
        "and any warning signs. The warning-sign screen always runs first: for an emergency or "
        "urgent sign no exercise is suggested and the exit code is 1. Otherwise up to 3 routines "
        "that may help are listed with their reasons. A wellness aid, not medical advice.",
        epilog="Areas: neck, shoulders, upper-back, mid-back, lower-back, ribs, chest, flank. "
        "Contexts: asthma-flare, after-coughing-fit, lupus-flare, morning-stiffness. "
        "Conditions: asthma, chronic-cough, lupus, osteoporosis, sore-wrists, painful-knees, "
        "shoulder-pain, rib-pain (standing ones can live in config.yaml as 'conditions:'). "
        "Example: coach suggest --pain upper-back=6 ribs=4 --context after-coughing-fit",
    )
    p.add_argument(
        "--pain",
        metavar="AREA=N",
        nargs="+",
        action="extend",
        default=[],
        help="pain 0-10 in an area, e.g. upper-back=6 (repeat or list several)",
    )
    p.add_argument(
        "--context",
        metavar="C",
        nargs="+",
        action="extend",
        default=[],
        help="what is true today, e.g. asthma-flare",
    )
    p.add_argument(
        "--condition",
        metavar="C",
        nargs="+",
        action="extend",
        default=[],
        help="a standing condition or limitation, e.g. lupus (added to config's)",
    )
    p.add_argument(
        "--red-flag",
        metavar="ID",
        nargs="+",
        action="extend",
        default=[],
        dest="red_flag",
        help="a warning-sign question you answer YES to (ids: --list-red-flags)",
    )
    p.add_argument(
        "--list-red-flags",
        action="store_true",
        help="print the warning-sign questions with their ids and levels (only the "
        "ones due for the given check-in, if you give one)",
    )
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(handler=H + "cmd_suggest")


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def standing_conditions() -> tuple[str, ...]:
    """Conditions remembered in config.yaml (``conditions:``); warns if the file has problems."""
    from coach.settings.config import load_config

    loaded = load_config()
    if loaded.problems:
        # A broken config falls back to defaults; say so, since missing conditions
        # would change what is safe to suggest.
        print(
            f"coach: warning: {loaded.path} has {len(loaded.problems)} problem(s); "
            "broken settings use their defaults (see 'coach config')",
            file=sys.stderr,
        )
    return tuple(loaded.config.conditions)


def build_checkin(args: argparse.Namespace) -> Any:
    """The validated CheckIn from the command line and config, or a usage CommandError."""
    from coach.care.checkin import CheckInError, make_checkin, parse_pain
    from coach.cli import EXIT_USAGE, CommandError

    try:
        pain: dict[str, int] = {}
        for text in args.pain:
            area, score = parse_pain(text)
            if area in pain:
                raise CommandError(
                    f"--pain {area} is given twice", "give each area once", code=EXIT_USAGE
                )
            pain[area] = score
        conditions = list(dict.fromkeys([*standing_conditions(), *args.condition]))
        return make_checkin(pain, args.context, conditions, args.red_flag)
    except CheckInError as exc:
        option = {
            "pain": "--pain",
            "contexts": "--context",
            "conditions": "--condition",
            "red_flags": "--red-flag",
        }.get(exc.field, exc.field)
        raise CommandError(f"{option}: {exc.message}", exc.hint, code=EXIT_USAGE) from None


def cmd_suggest(args: argparse.Namespace) -> int:
    """Screen the check-in, rank the routines, print; exit 1 for emergency or urgent."""
    from coach.cli import EXIT_OK, EXIT_PROBLEM

    if args.list_red_flags:
        return _list_red_flags(args)

    from coach.routines.library import load_library
    from coach.services.checkins import check_in

    checkin = build_checkin(args)
    lib = load_library()
    if lib.errors:
        files = sorted({p.path for p in lib.errors})
        print(
            f"coach: warning: {len(files)} routine file(s) have errors and were skipped: "
            f"{', '.join(files)} (run 'coach validate' on them)",
            file=sys.stderr,
        )
    log = _open_log()
    if log is None:
        ranking, nudge, _ = check_in(checkin, lib.routines)
    else:
        from coach.log.store import StoreError

        try:
            ranking, nudge, _ = check_in(checkin, lib.routines, log)
        except StoreError as exc:
            # The screen and the suggestions matter more than the log entry.
            print(f"coach: warning: the check-in was not saved: {exc.message}", file=sys.stderr)
            ranking, nudge, _ = check_in(checkin, lib.routines)
        finally:
            log.close()
    if args.json:
        out = ranking.as_dict()
        out["checkin"] = checkin.as_dict()
        out["nudge"] = nudge or None
        from coach.care.safety import STOP_RULE, questions_for

        out["stop_rule"] = STOP_RULE
        # The questions due for this check-in: the same function decides them in the app.
        out["questions"] = [q.id for q in questions_for(checkin)]
        _print_json(out)
    else:
        _print_text(checkin, ranking, lib, nudge)
    return EXIT_PROBLEM if ranking.verdict.blocks_exercise else EXIT_OK


# ------------------------------------------------------------------ output


def _wrap(text: str, indent: str = "") -> str:
    return "\n".join(
        textwrap.fill(line, width=78, initial_indent=indent, subsequent_indent=indent)
        for line in text.splitlines()
    )


def _describe_checkin(checkin: Any) -> str:
    parts = []
    if checkin.pain:
        parts.append(", ".join(f"{a.replace('-', ' ')} {s}/10" for a, s in checkin.pain.items()))
    else:
        parts.append("no pain scores")
    if checkin.contexts:
        parts.append("today: " + ", ".join(sorted(checkin.contexts)))
    if checkin.conditions:
        parts.append("conditions: " + ", ".join(sorted(checkin.conditions)))
    return "Check-in: " + "; ".join(parts)


def _print_text(checkin: Any, ranking: Any, lib: Any, nudge: str) -> None:
    from coach.care.safety import DISCLAIMER, STOP_RULE, questions_for
    from coach.common.fields import format_seconds

    v = ranking.verdict
    print(_describe_checkin(checkin))
    asked = questions_for(checkin)
    yes = sorted(checkin.yes_flags)
    print(
        f"Warning-sign questions for this check-in: {len(asked)}; you answered yes to "
        f"{', '.join(yes) if yes else 'none'} (see 'coach suggest --list-red-flags')."
    )
    print()
    if v.level == "clear":
        print(v.advice)
    else:
        print(f"{v.title.upper()} ({v.level})")
        print(_wrap(v.advice))
        print(_wrap("Because: " + "; ".join(v.reasons) + "."))
    if nudge:
        print()
        print(_wrap(nudge))
    print()
    if v.blocks_exercise:
        print("No exercise is suggested today. Please follow the advice above first.")
        return
    if not ranking.suggestions:
        print("No routine to suggest for this check-in.")
    else:
        print("Routines that may help:")
        for n, s in enumerate(ranking.suggestions, 1):
            entry = lib.get(s.id)
            length = f", {format_seconds(entry.routine.total_seconds)}" if entry else ""
            print(f"{n}. {s.title}  [{s.id}{length}]  score {s.score:g}")
            for reason in s.reasons:
                print(
                    textwrap.fill(
                        reason, width=78, initial_indent="   - ", subsequent_indent="     "
                    )
                )
        print(f"Start the first with: coach play {ranking.suggestions[0].id}")
        print(_wrap(DISCLAIMER))
    for note in ranking.notes:
        print()
        print(_wrap(note))
    print()
    print(_wrap(STOP_RULE))


def _list_red_flags(args: argparse.Namespace) -> int:
    from coach.care.safety import questions_for, red_flags

    given = args.pain or args.context or args.condition or args.red_flag
    questions = questions_for(build_checkin(args)) if given else list(red_flags().questions)
    if args.json:
        _print_json([q.as_dict() for q in questions])
        return 0
    width = max((len(q.id) for q in questions), default=0)
    for q in questions:
        print(f"{q.level:<9}  {q.id:<{width}}  {q.question}")
    print()
    print("Answer yes with: coach suggest --red-flag ID ... (emergency and urgent: no exercise).")
    return 0


# ------------------------------------------------------------ the session log


#: Meta key of the day the persistent-pain nudge was last shown.
def _open_log() -> Any:
    """The session log, or None (with a warning) when it cannot be opened.

    Guarded so `coach suggest` works before and without the log: the safety
    screen and suggestions never depend on it.
    """
    import importlib.util

    if importlib.util.find_spec("coach.log.store") is None:
        return None
    from coach.log import store

    if not hasattr(store, "open_store"):
        return None
    try:
        log = store.open_store()
    except store.StoreError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        print(f"coach: warning: {exc.message}{hint}; suggestions use no history", file=sys.stderr)
        return None
    notice = log.recovery_notice()
    if notice:
        print(f"coach: warning: {notice}", file=sys.stderr)
    return log
