"""The session log's failures in words (adapter): one line for the person, and a hint.

SQLite reports a full disk, a lock held by another program, a read-only file
or damage with codes; `describe` turns each into a ``StoreError`` the command
line prints in one line and the app shows as a notice.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The log cannot be opened or written; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def error_name(exc: sqlite3.Error) -> str:
    """SQLite's primary error name (``SQLITE_BUSY``...), from the code or else the words."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name.startswith("SQLITE_"):
        return "_".join(name.split("_")[:2])  # SQLITE_BUSY_SNAPSHOT -> SQLITE_BUSY
    text = str(exc).lower()
    for words, guess in (
        ("malformed", "SQLITE_CORRUPT"),
        ("not a database", "SQLITE_NOTADB"),
        ("locked", "SQLITE_BUSY"),
        ("disk is full", "SQLITE_FULL"),
        ("readonly", "SQLITE_READONLY"),
        ("unable to open", "SQLITE_CANTOPEN"),
    ):
        if words in text:
            return guess
    return "SQLITE_ERROR"


def is_corruption(exc: sqlite3.Error) -> bool:
    return error_name(exc) in ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def writable(path: Path) -> bool:
    """Whether the log (or, before it exists, its folder) can be written (EROFS included)."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return not path.parent.exists() or os.access(path.parent, os.W_OK)


def _disk_full(path: Path) -> bool:
    """Whether the log's file system has no room left (SQLite says "disk I/O error" for the
    shared-memory file it cannot grow)."""
    try:
        stats = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


def describe(exc: sqlite3.Error, path: Path, action: str) -> StoreError:
    """A one-line StoreError for an SQLite failure while doing ``action`` ("open", "write"...)."""
    name = error_name(exc)
    what = f"cannot {action} the session log {path}"
    if name == "SQLITE_FULL" or (name == "SQLITE_IOERR" and _disk_full(path)):
        return StoreError(f"{what}: the disk is full", "free some space, then try again")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return StoreError(
            f"{what}: another program has it locked",
            "close the program using it (a database browser?), then try again",
        )
    if name == "SQLITE_READONLY" or (name == "SQLITE_CANTOPEN" and not writable(path)):
        return StoreError(
            f"{what}: it is read-only (read-only media, or no permission)",
            "check the permissions of the file and its folder",
        )
    if name == "SQLITE_CANTOPEN":
        return StoreError(
            f"{what}: the file or its folder cannot be opened",
            "check the permissions of the file and its folder",
        )
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return StoreError(
            f"{what}: it is damaged ({exc})",
            "run 'coach doctor'; coach sets a damaged log aside when it next opens",
        )
    if name == "SQLITE_IOERR":
        return StoreError(
            f"{what}: the disk reported an error ({exc})", "check the disk and free space"
        )
    return StoreError(f"{what}: {exc}", "run 'coach doctor'")
