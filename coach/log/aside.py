"""A damaged log set aside (adapter): renamed with a date, its side files with it, never deleted.

Only coach/log/file.py decides that a file is damaged (SQLite's word, twice);
this module moves it and finds the copies kept, for `coach doctor`.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from coach.log.errors import StoreError
from coach.log.stamps import aware

#: Files SQLite keeps beside the database; they belong to it as much as the file itself.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def _aside_name(path: Path, moment: datetime) -> Path:
    stamp = aware(moment).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return target


def move_aside(path: Path, moment: datetime) -> Path:
    """Rename a damaged log (with its -wal, -shm, -journal) to a dated name; returns it."""
    target = _aside_name(path, moment)
    try:
        os.replace(path, target)
        for suffix in SIDE_SUFFIXES:
            side = path.with_name(path.name + suffix)
            keep = path.with_name(path.name + suffix + ".keep")
            if keep.exists():
                os.replace(keep, target.with_name(target.name + suffix))
                side.unlink(missing_ok=True)  # the same file, if SQLite left it
            elif side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as exc:
        raise StoreError(
            f"the session log {path} is damaged and cannot be moved aside: {exc.strerror}",
            "move it away by hand, then try again",
        ) from None
    return target


def damaged_copies(path: Path) -> list[Path]:
    """Logs moved aside as damaged beside ``path``, oldest first (for `coach doctor`)."""
    try:
        found = [
            p
            for p in path.parent.glob(path.name + ".damaged-*")
            if not p.name.endswith(SIDE_SUFFIXES)
        ]
    except OSError:
        return []
    return sorted(found)
