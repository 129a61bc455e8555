"""Entry point: ``coach`` and ``python -m coach``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line, or the app it asks for; the exit code (0 ok, 1 problem, 2 usage)."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):  # fast path: no other imports
        from coach import __version__

        print(f"coach {__version__}")
        return 0
    from coach.cli import run

    result = run(args)
    if isinstance(result, int):
        return result
    # The top of the layers: the CLI asked for the app; only here do the two meet.
    from coach.tui.app import run_app

    return run_app(result)


if __name__ == "__main__":
    sys.exit(main())
