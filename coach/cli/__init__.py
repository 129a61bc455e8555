"""The command line: a thin layer that turns library calls into output and exit codes.

Each command lives in a small module that registers its parser; the work is
imported only when the command runs, so `coach list` never loads Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import TYPE_CHECKING, NoReturn

from coach import __version__

if TYPE_CHECKING:
    from coach.services.launch import AppRequest

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2

#: Modules that register commands, in the order `coach --help` lists them.
COMMAND_MODULES = (
    "coach.cli.routines",
    "coach.cli.play",
    "coach.cli.log",
    "coach.cli.report_cmd",
    "coach.cli.handout_cmd",
    "coach.cli.suggest",
    "coach.cli.config_cmd",
    "coach.cli.voice_cmds",
    "coach.cli.plan_cmd",
    "coach.cli.remind_cmd",
)


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, with a hint, and an exit code."""

    def __init__(self, message: str, hint: str = "", code: int = EXIT_PROBLEM) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


def write_output(path: object, text: str) -> None:
    """Write ``text`` to the -o ``path`` atomically, or to standard output when it is None."""
    from coach.common.outfile import OutputError, write_text

    if path is None:
        sys.stdout.write(text)
        return
    try:
        write_text(path, text, "-o ")  # type: ignore[arg-type]
    except OutputError as exc:
        raise CommandError(exc.message, exc.hint) from None


def can_open_app(need_stdin: bool = True) -> bool:
    """Whether the full-screen app can run here: output (and input) a terminal, and not
    TERM=dumb (a dumb terminal, as in Emacs shells, cannot draw it; plain lines instead)."""
    import os

    dumb = os.environ.get("TERM", "").strip().lower() == "dumb"
    return sys.stdout.isatty() and (sys.stdin.isatty() or not need_stdin) and not dumb


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"coach: error: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="coach",
        description="A guided breathing and stretching coach for the terminal. "
        "A wellness aid that may help; not medical advice.",
        epilog="Run 'coach' with no command to open the app. 'coach COMMAND --help' for details.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"coach {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def run(argv: list[str]) -> int | AppRequest:
    """Parse ``argv`` and run its command: the exit code, or an AppRequest to open the app."""
    from coach.common.outfile import guard_closed_stdout
    from coach.common.safe_text import SafeStream

    guard_closed_stdout()

    # Text is data: whatever a command prints, no control byte from a file, the log or an
    # argument reaches the terminal (the app draws through sys.__stderr__, not these).
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(sys.stdout)
    sys.stderr = SafeStream(sys.stderr)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _run(argv: list[str]) -> int | AppRequest:
    from coach.common.outfile import StdoutClosed

    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = "coach.cli.routines:open_app"
    module, func = handler.split(":")
    try:
        result = getattr(importlib.import_module(module), func)(args)
        sys.stdout.flush()  # here, not at exit, so a closed pipe is handled below
        from coach.services.launch import AppRequest

        # An AppRequest goes back up to coach/__main__.py, which opens the app.
        return result if isinstance(result, AppRequest) else int(result or 0)
    except CommandError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        print(f"coach: error: {exc.message}{hint}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("coach: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _pipe_closed()
    except StdoutClosed:
        print(
            "coach: error: cannot print: standard output is closed (redirect it to a file "
            "or /dev/null instead of closing it)",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    except OSError as exc:  # a last resort: one line, never a traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"coach: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_PROBLEM
    except Exception as exc:
        # The log's failures (disk full, locked, damaged mid-read) are the user's to fix, in
        # one line. The store module is imported only by commands that use it.
        errors = sys.modules.get("coach.log.errors")
        if errors is None or not isinstance(exc, errors.StoreError):
            raise
        hint = f" ({exc.hint})" if exc.hint else ""
        print(f"coach: error: {exc.message}{hint}", file=sys.stderr)
        return EXIT_PROBLEM


def _pipe_closed() -> int:
    """The reader of our output went away (``coach history | head -1``): exit quietly.

    Standard output is pointed at /dev/null so the flush at exit cannot fail
    again ("Exception ignored ... BrokenPipeError"); the exit code is the
    shell's for a command ended by SIGPIPE.
    """
    import os
    import signal

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass
    return 128 + signal.SIGPIPE
