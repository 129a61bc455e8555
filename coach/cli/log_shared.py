"""What the session log commands share: opening the log, the goal, words for time and pain.

`coach streak` and `coach history` must answer fast on a log of many years, so
this imports only the store (no YAML, no Textual, and the config module only
when a config file exists).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

DEFAULT_GOAL = 5


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"{value} must be between 1 and 100000")
    return value


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


def _today(store: Any) -> date:
    today: date = store.clock().date()
    return today


def _usage(message: str, hint: str = "") -> Exception:
    from coach.cli import EXIT_USAGE, CommandError

    return CommandError(message, hint, code=EXIT_USAGE)


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
