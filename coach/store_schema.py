"""The session log's file (adapter): schema migrations, opening, recovery, the connection.

- WAL mode, a busy timeout and short ``BEGIN IMMEDIATE`` write transactions, so
  the app and a script can log at the same time.
- Schema migrations numbered by ``PRAGMA user_version``, each in its own
  transaction and recorded in the ``migrations`` table.
- A damaged file (not SQLite, truncated, failing ``quick_check``) is moved aside
  as ``coach.db.damaged-YYYYmmdd-HHMMSS`` (with its -wal/-shm) and a fresh log
  is started; ``Store.recovered_from`` says where the old one went. Opening holds
  an advisory lock on the folder, so two processes never both move it. Only the
  magic string is judged from raw bytes; sizes change while another process
  checkpoints, so truncation is left to SQLite's own check.

Why ``quick_check`` on every open and ``integrity_check`` only on demand: both
read every page, but the full check also cross-checks each index against its
table, which costs about 40 % more (36 against 50 ms on a 20,000-session log,
benchmarks/bench_history.py) inside a 300 ms budget for `coach streak`. The
quick check still finds what makes the log unreadable: a non-SQLite file, torn
or overwritten pages, truncation. ``Store.integrity_check()`` runs the full
check for `coach doctor` (an index-only fault is mended by REINDEX there, no
need to set the log aside).

``StoreBase`` is the open connection (transactions, health checks); the
tables' methods are added by its subclasses in store_checkins.py and store.py.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from coach.store_time import aware, utc_text

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

_S = TypeVar("_S", bound="StoreBase")


class StoreError(Exception):
    """The log cannot be opened or written; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# ---------------------------------------------------------------- schema


def _m1_initial(conn: sqlite3.Connection) -> None:
    statements = [
        """CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            at_utc TEXT NOT NULL,
            local_date TEXT NOT NULL,
            local_time TEXT NOT NULL,
            tz_name TEXT NOT NULL,
            areas TEXT NOT NULL DEFAULT '{}',
            contexts TEXT NOT NULL DEFAULT '[]',
            conditions TEXT NOT NULL DEFAULT '[]',
            red_flags TEXT NOT NULL DEFAULT '{}',
            verdict_level TEXT NOT NULL DEFAULT 'clear',
            suggested TEXT NOT NULL DEFAULT '[]',
            chosen_routine TEXT
        )""",
        "CREATE INDEX checkins_by_date ON checkins(local_date)",
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine_id TEXT NOT NULL CHECK (length(routine_id) > 0),
            routine_title TEXT NOT NULL DEFAULT '',
            routine_version INTEGER,
            routine_sha256 TEXT NOT NULL DEFAULT '',
            routine_author TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL
                CHECK (status IN ('in_progress', 'completed', 'stopped', 'abandoned')),
            started_utc TEXT NOT NULL,
            ended_utc TEXT,
            local_date TEXT NOT NULL
                CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            local_time TEXT NOT NULL,
            tz_name TEXT NOT NULL,
            utc_offset_minutes INTEGER NOT NULL,
            elapsed_seconds REAL NOT NULL DEFAULT 0 CHECK (elapsed_seconds >= 0),
            planned_seconds REAL NOT NULL DEFAULT 0 CHECK (planned_seconds >= 0),
            completed_steps INTEGER NOT NULL DEFAULT 0,
            total_steps INTEGER NOT NULL DEFAULT 0,
            speed REAL NOT NULL DEFAULT 1 CHECK (speed > 0),
            source TEXT NOT NULL CHECK (source IN ('tui', 'plain', 'log')),
            note TEXT NOT NULL DEFAULT '',
            checkin_id INTEGER REFERENCES checkins(id) ON DELETE SET NULL,
            owner_pid INTEGER,
            owner TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX sessions_by_date ON sessions(local_date)",
        # Walks sessions in time order without a sort (history export on long logs).
        "CREATE INDEX sessions_by_start ON sessions(started_utc, id)",
        "CREATE INDEX sessions_running ON sessions(status) WHERE status = 'in_progress'",
        """CREATE TABLE session_pain (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            area TEXT NOT NULL CHECK (length(area) BETWEEN 1 AND 40),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            PRIMARY KEY (session_id, area)
        ) WITHOUT ROWID""",
        """CREATE TABLE day_marks (
            local_date TEXT PRIMARY KEY
                CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            kind TEXT NOT NULL CHECK (kind IN ('flare', 'sick', 'rest')),
            note TEXT NOT NULL DEFAULT '',
            created_utc TEXT NOT NULL
        )""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]
    for sql in statements:
        conn.execute(sql)


#: Applied in order; migration N sets user_version to N. Never edit a released one: add one.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("sessions, session_pain, checkins, day_marks, meta", _m1_initial),
)


def migrate(conn: sqlite3.Connection, now: datetime) -> None:
    """Apply the migrations the file lacks, each in its own write transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(
            f"the session log uses schema {version}, newer than this coach knows "
            f"({len(MIGRATIONS)})", "update coach")
    if version == len(MIGRATIONS):
        return
    for number, (name, apply) in enumerate(MIGRATIONS, 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have just migrated.
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("COMMIT")
                continue
            conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations "
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL)")
            apply(conn)
            conn.execute("INSERT INTO migrations VALUES (?, ?, ?)", (number, name, utc_text(now)))
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


# ---------------------------------------------------------------- opening and recovery


def _is_corruption(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _header_problem(path: Path) -> str:
    """Why the file cannot be an SQLite database at all, from its first bytes ("" if it may be).

    Only facts that never change while another process writes are checked here
    (the magic string, a whole header): sizes change during a checkpoint.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise StoreError(f"cannot read the session log {path}: {exc.strerror}",
                         "check that it is a file you can read") from None
    if not head:
        return ""  # an empty file is a new database
    if len(head) < len(SQLITE_MAGIC):
        return "truncated" if SQLITE_MAGIC.startswith(head) else "not an SQLite database"
    if not head.startswith(SQLITE_MAGIC):
        return "not an SQLite database"
    return "truncated" if len(head) < 100 else ""


def _damage_reason(path: Path, detail: str) -> str:
    """Words for damage SQLite found: "truncated" when the file is shorter than its header says."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(100)
        raw_size = int.from_bytes(head[16:18], "big")
        page_size = 65536 if raw_size == 1 else raw_size
        pages = int.from_bytes(head[28:32], "big")
        if page_size and (size % page_size or (head[24:28] == head[92:96]
                                                and size < pages * page_size)):
            return "truncated"
    except (OSError, ValueError):
        pass
    return detail


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def open_checked(path: Path) -> tuple[sqlite3.Connection | None, str]:
    """A connection to a healthy database, or (None, why it is damaged)."""
    problem = _header_problem(path)
    if problem:
        return None, problem
    conn = None
    try:
        conn = _connect(path)
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            conn.close()
            detail = "failed the integrity check: " + "; ".join(str(r[0]) for r in rows[:3])
            return None, _damage_reason(path, detail)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot switch {path} to WAL mode (got {mode})",
                             "is it on a network drive?")
        conn.execute("PRAGMA foreign_keys = ON")
        # NORMAL in WAL mode survives any crash of the program; only a power cut
        # or OS crash can lose the last commits (never corrupt the file).
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn, ""
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        if _is_corruption(exc):
            return None, _damage_reason(path, f"unreadable: {exc}")
        raise StoreError(f"cannot open the session log {path}: {exc}",
                         "check the file's permissions, or close other programs using it") from None


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
        for suffix in ("-wal", "-shm", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as exc:
        raise StoreError(f"the session log {path} is damaged and cannot be moved aside: "
                         f"{exc.strerror}", "move it away by hand, then try again") from None
    return target


@contextlib.contextmanager
def dir_lock(folder: Path) -> Iterator[None]:
    """Serialise check-and-recover between processes opening the same folder's log."""
    try:
        import fcntl
    except ImportError:  # Windows: the rename race is unlikely enough there
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# ---------------------------------------------------------------- the connection


class StoreBase:
    """An open session log file: transactions, queries and health checks; thread-safe."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime],
                 recovered_from: Path | None = None, damage: str = "") -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.clock = clock
        #: Where a damaged log was moved this time, or None.
        self.recovered_from = recovered_from
        self.damage = damage

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def recovery_notice(self) -> str:
        """One line telling the user where a damaged log went ("" if none was)."""
        if self.recovered_from is None:
            return ""
        return (f"the session log was damaged ({self.damage}); it was moved to "
                f"{self.recovered_from} and a new one was started")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One write transaction around several calls (imports, benchmarks); nests."""
        with self._lock:
            if self._conn.in_transaction:
                yield
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                yield
            except BaseException:
                # in_transaction, not a flag: Ctrl-C may land just after BEGIN returned.
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _now(self, now: datetime | None) -> datetime:
        return aware(now) if now is not None else aware(self.clock())

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def integrity_check(self, full: bool = True) -> list[str]:
        """Problems found by ``integrity_check`` (or ``quick_check``); empty when healthy."""
        rows = self._query("PRAGMA integrity_check" if full else "PRAGMA quick_check")
        return [] if rows == [("ok",)] else [str(r[0]) for r in rows]

    def schema_version(self) -> int:
        return int(self._query("PRAGMA user_version")[0][0])

    def journal_mode(self) -> str:
        return str(self._query("PRAGMA journal_mode")[0][0])
