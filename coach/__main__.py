"""Entry point: ``coach`` and ``python -m coach``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 problem found, 2 usage)."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):  # fast path: no other imports
        from coach import __version__

        print(f"coach {__version__}")
        return 0
    from coach.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
