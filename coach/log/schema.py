"""The session log's schema (adapter): migrations, and ``StoreBase``, the open log.

- WAL mode, a busy timeout and short ``BEGIN IMMEDIATE`` write transactions, so
  the app and a script can log at the same time.
- Schema migrations numbered by ``PRAGMA user_version``, each in its own
  transaction and recorded in the ``migrations`` table.
- Opening, the one connection per process, and what happens to a damaged file
  live in coach/log/file.py (read its rule first).

Why no ``quick_check`` on every open: it reads every page (0.3 s at 100,000
sessions, most of `coach streak`'s budget). An open runs a light check through
SQLite (coach/log/health.py: header, schema, length, the tables' edges) and the
full ``quick_check`` only after a crash; ``Store.integrity_check()`` runs the
full check for `coach doctor` (an index-only fault is mended by REINDEX there,
no need to set the log aside).

``StoreBase`` is the open connection (transactions, health checks); the
tables' methods are added by its subclasses in coach/log/checkins.py and coach/log/store.py.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from coach.log.errors import StoreError
from coach.log.stamps import aware, utc_text

if TYPE_CHECKING:
    from coach.log.file import Shared

_S = TypeVar("_S", bound="StoreBase")

#: How many times a write waits out SQLite's busy timeout for a log another program locks.
BEGIN_TRIES = 3
#: SQLite failures that come from the disk or the file, not from coach: told to the user.
ENVIRONMENT_ERRORS = frozenset(
    {
        "SQLITE_FULL",
        "SQLITE_BUSY",
        "SQLITE_LOCKED",
        "SQLITE_READONLY",
        "SQLITE_CANTOPEN",
        "SQLITE_CORRUPT",
        "SQLITE_NOTADB",
        "SQLITE_IOERR",
        "SQLITE_PERM",
    }
)


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


def _m2_local_order(conn: sqlite3.Connection) -> None:
    # History lists sessions by the day and time the person lived them; in UTC order a
    # session on 26 Nov in Tokyo came before one on 25 Nov in London.
    conn.execute("DROP INDEX IF EXISTS sessions_by_start")
    conn.execute("CREATE INDEX sessions_by_local ON sessions(local_date, local_time, id)")


def _m3_day_index(conn: sqlite3.Connection) -> None:
    # Streaks read each day's completed time: from this index alone, not 100,000 wide rows.
    conn.execute("CREATE INDEX sessions_days ON sessions(status, local_date, elapsed_seconds)")


#: Applied in order; migration N sets user_version to N. Never edit a released one: add one.
MIGRATIONS: tuple[tuple[str, Callable[[sqlite3.Connection], None]], ...] = (
    ("sessions, session_pain, checkins, day_marks, meta", _m1_initial),
    ("sessions listed in local time order", _m2_local_order),
    ("each day's completed time from an index", _m3_day_index),
)


def migrate(conn: sqlite3.Connection, now: datetime) -> None:
    """Apply the migrations the file lacks, each in its own write transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise StoreError(
            f"the session log uses schema {version}, newer than this coach knows "
            f"({len(MIGRATIONS)})",
            "update coach",
        )
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
                "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL)"
            )
            apply(conn)
            conn.execute("INSERT INTO migrations VALUES (?, ?, ?)", (number, name, utc_text(now)))
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


# ---------------------------------------------------------------- the connection


class StoreBase:
    """An open session log: transactions, queries and health checks; thread-safe.

    Every StoreBase of one file in a process shares that file's one connection
    (coach/log/file.py); closing a StoreBase lets go of it, the last one closes it.
    """

    def __init__(self, shared: Shared, path: Path, clock: Callable[[], datetime]) -> None:
        self._shared: Shared | None = shared
        self._conn = shared.conn
        self._lock = shared.lock
        self.path = path
        self.clock = clock
        self.read_only = shared.read_only
        #: Where a damaged log was moved when the connection was opened, or None.
        self.recovered_from = shared.recovered_from
        self.damage = shared.damage

    def close(self) -> None:
        """Let go of the connection (closed after its last user); a second call does nothing."""
        from coach.log.file import release

        shared, self._shared = self._shared, None
        if shared is not None:
            release(shared)

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def change_stamp(self) -> tuple[int, int]:
        """Changes since the connection opened: this process's (``total_changes``) and other
        processes' (``PRAGMA data_version``). Equal stamps: the log holds the same data,
        so a view computed from it can be kept (asked through SQLite, never the file)."""
        with self._lock:
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            return self._conn.total_changes, int(version)

    def recovery_notice(self) -> str:
        """One line telling the user where a damaged log went ("" if none was)."""
        if self.recovered_from is None:
            return ""
        return (
            f"the session log was damaged ({self.damage}); it was moved to "
            f"{self.recovered_from} and a new one was started"
        )

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """One write transaction around several calls; nests. SQLite failures -> StoreError.

        A log locked by another program is waited for (SQLite's busy timeout),
        and the transaction is tried again up to ``BEGIN_TRIES`` times before
        the caller is told.
        """
        with self._lock:
            if self._conn.in_transaction:
                yield
                return
            self._begin()
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException as exc:
                # in_transaction, not a flag: Ctrl-C may land just after BEGIN returned.
                if self._conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._failure(exc, "write to") from None
                raise

    def _begin(self) -> None:
        from coach.log.errors import error_name

        for attempt in range(1, BEGIN_TRIES + 1):
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                if attempt < BEGIN_TRIES and error_name(exc) in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                    continue
                raise self._failure(exc, "write to") from None

    def _failure(self, exc: sqlite3.Error, action: str) -> Exception:
        """A StoreError for a failure of the disk or the file; other errors as they are."""
        from coach.log.errors import describe, error_name

        if error_name(exc) in ENVIRONMENT_ERRORS:
            return describe(exc, self.path, action)
        return exc

    def _now(self, now: datetime | None) -> datetime:
        return aware(now) if now is not None else aware(self.clock())

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Hold the connection for reads; a failure of the disk or file becomes StoreError."""
        with self._lock:
            try:
                yield
            except sqlite3.Error as exc:
                failure = self._failure(exc, "read")
                if failure is exc:
                    raise
                raise failure from None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._reading():
            return self._conn.execute(sql, params).fetchall()

    def integrity_check(self, full: bool = True) -> list[str]:
        """Problems found by ``integrity_check`` (or ``quick_check``); empty when healthy."""
        rows = self._query("PRAGMA integrity_check" if full else "PRAGMA quick_check")
        return [] if rows == [("ok",)] else [str(r[0]) for r in rows]

    def reindex(self) -> None:
        """Rebuild every index (mends an index that disagrees with its table)."""
        with self.batch():
            self._conn.execute("REINDEX")

    def schema_version(self) -> int:
        return int(self._query("PRAGMA user_version")[0][0])

    def journal_mode(self) -> str:
        return str(self._query("PRAGMA journal_mode")[0][0])
