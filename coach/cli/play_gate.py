"""`coach play`'s side of the one gate before exercise (see coach/care/gate.py).

With nothing to say, the routine starts. Otherwise the advice, the clash or the
warning is printed first, and the routine starts only on an explicit answer typed
at a terminal; without one (a script, a pipe) the command exits 1.
"""

from __future__ import annotations

import sys
import textwrap
from typing import Any

#: What the person types at the prompt.
ANSWER_CHECKED = "checked"
ANSWER_AGAIN = "again"
ANSWER_YES = "yes"


def pass_gate(routine: Any) -> None:
    """Return when ``routine`` may start; raise a CommandError (exit 1) when it may not."""
    from coach.care.gate import CHECKED, CHOOSE, MISTAKE
    from coach.cli import CommandError
    from coach.services.gate import gate_for

    result, problem = gate_for(routine)
    if problem:
        print(f"coach: warning: {problem}", file=sys.stderr)
    if result.clear:
        return
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    out = sys.stdout if interactive else sys.stderr
    print(result.title.upper(), file=out)
    for line in result.lines():
        # Wrapped for a person at a terminal; whole lines for a script's log.
        print(textwrap.fill(line, width=78) if interactive else line, file=out)
    if not interactive:
        what = (
            "today's check-in found a warning sign"
            if result.blocked
            else "this routine is not advised for you today"
            if result.clashes
            else "this routine file has a safety warning"
        )
        raise CommandError(
            f"not started: {what}",
            "run it at a terminal to confirm, or check in again with 'coach suggest'",
        )
    print(file=out)
    if result.blocked:
        prompt = (
            f"Type '{ANSWER_CHECKED}' ({CHECKED}: start anyway), '{ANSWER_AGAIN}' "
            f"({MISTAKE}), or press enter to stop: "
        )
    else:
        prompt = f"Type '{ANSWER_YES}' ({CHOOSE}), or press enter to stop: "
    try:
        answer = input(prompt).strip().lower()
    except (EOFError, KeyboardInterrupt):
        print()
        answer = ""
    if result.blocked and answer == ANSWER_CHECKED:
        return
    if not result.blocked and answer == ANSWER_YES:
        return
    if result.blocked and answer == ANSWER_AGAIN:
        raise CommandError(
            "not started: check in again first",
            "coach suggest --pain AREA=N ... (or press c in the app)",
        )
    raise CommandError("not started", "nothing was played")
