"""How an opening connection checks the log (adapter): light on every open, full after a crash.

``quick_check`` reads every page (0.3 s at 100,000 sessions), too much for each
`coach streak`; the light check costs a few page reads. coach/log/file.py decides
what a failing check means (damage only when SQLite says so again under an
exclusive lock) and ``coach doctor`` runs the full ``integrity_check``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path


def crash_left(path: Path) -> bool:
    """True when a side file (``-wal``, ``-journal``) outlived its connections: a crash.

    SQLite deletes them when the last connection closes cleanly. Another process
    using the log right now leaves them too; then the full check is merely spent.
    Only ``os.path.exists``: no descriptor of the file is opened (see the rule in coach/log/file.py).
    """
    return any(os.path.exists(os.fspath(path) + s) for s in ("-wal", "-journal"))


def _light_check(conn: sqlite3.Connection, path: Path) -> list[str]:
    """A cheap health check through SQLite: problems found, empty when it looks whole.

    Parses the header and schema (a non-database or torn first page fails here),
    compares the file's length with the pages its header claims (truncation,
    when no WAL holds newer pages), and reads the first and last row of each
    table, which walks its b-tree's outer edges.
    """
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    with contextlib.suppress(OSError):
        if not os.path.exists(os.fspath(path) + "-wal") and os.stat(path).st_size < pages * size:
            return [f"the file is shorter than its {pages} pages"]
    for name, sql in tables:
        quoted = '"' + str(name).replace('"', '""') + '"'
        if "WITHOUT ROWID" in str(sql).upper():
            conn.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()
            continue
        conn.execute(f"SELECT * FROM {quoted} ORDER BY rowid LIMIT 1").fetchall()
        conn.execute(f"SELECT * FROM {quoted} ORDER BY rowid DESC LIMIT 1").fetchall()
    return []


def check(conn: sqlite3.Connection, path: Path, full: bool) -> list[str]:
    """Problems SQLite finds on opening: ``quick_check`` when ``full``, else the light check."""
    if not full:
        return _light_check(conn, path)
    rows = conn.execute("PRAGMA quick_check").fetchall()
    return [] if rows == [("ok",)] else [str(r[0]) for r in rows]
