"""The session log: one SQLite file in the user data dir (adapter; all database I/O lives here).

- WAL mode, a busy timeout and short ``BEGIN IMMEDIATE`` write transactions, so
  the app and a script can log at the same time.
- Schema migrations numbered by ``PRAGMA user_version``, each in its own
  transaction and recorded in the ``migrations`` table.
- A session row is written when a routine starts (``in_progress``) and updated
  when it ends; a row whose owning process has died is marked ``abandoned`` at
  the next open. Rows carry the owner's pid and a process start token (Linux
  ``/proc``), so a second coach running at the same time is never mistaken for
  a crash. Where that cannot be checked, rows older than STALE_AFTER are abandoned.
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

Pain scores live in their own table (``session_pain``: one row per session and
area, before and after) rather than JSON columns: CHECK constraints keep every
score within 0-10, and a therapist can query pain per area with any SQLite
tool. Check-ins are stored whole as JSON columns: they are snapshots that are
only ever read back as a unit.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from coach.history import (
    MARK_KINDS,
    STOPPED_MIN_FRACTION,
    STOPPED_MIN_SECONDS,
    CheckinRecord,
    DayMark,
    SessionRecord,
    session_counts,
)

__all__ = [
    "CheckinRecord", "DayMark", "SessionRecord", "Store", "StoreError", "open_store",
    "local_now", "zone_name", "session_dict", "start_for_entry", "finish_from_outcome",
]

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
#: An in_progress row this old is abandoned even if its owner cannot be checked
#: (no routine may last over 2 hours; this leaves room for a long pause).
STALE_AFTER = timedelta(hours=12)
SOURCES = ("tui", "plain", "log")
FINISHED = ("completed", "stopped")


class StoreError(Exception):
    """The log cannot be opened or written; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# ---------------------------------------------------------------- time and zone


def local_now() -> datetime:
    """The current time, aware, in the system's local zone."""
    return datetime.now().astimezone()


def _system_zone() -> str:
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        return tz.split("zoneinfo/", 1)[-1]
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    return time.tzname[0]


def zone_name(moment: datetime) -> str:
    """An IANA name for ``moment``'s zone when known, else its abbreviation or offset."""
    key = getattr(moment.tzinfo, "key", None)
    if key:
        return str(key)
    # A fixed-offset tzinfo from astimezone(): name the system zone if it agrees.
    if moment.astimezone().utcoffset() == moment.utcoffset():
        return _system_zone()
    return moment.tzname() or "UTC"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _local_fields(moment: datetime) -> dict[str, Any]:
    moment = _aware(moment)
    offset = moment.utcoffset() or timedelta(0)
    return {
        "utc": _utc_text(moment),
        "local_date": moment.date().isoformat(),
        "local_time": moment.strftime("%H:%M:%S"),
        "tz_name": zone_name(moment),
        "utc_offset_minutes": int(offset.total_seconds() // 60),
    }


# ---------------------------------------------------------------- process ownership


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _proc_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot, None if gone or a zombie."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[-1].split()
    if not fields or fields[0] in ("Z", "X"):
        return None
    return fields[19] if len(fields) > 19 else None


def _host() -> str:
    # platform.node() without importing socket (it costs ~15 ms at every start).
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    import socket

    return socket.gethostname()


def _owner_token(pid: int) -> str:
    return f"{_host()}|{_boot_id()}|{_proc_start(pid) or ''}"


def _owner_alive(pid: int | None, owner: str, started: datetime, now: datetime) -> bool:
    """Whether the process that started a session may still be running it."""
    if not pid:
        return False
    host, _, rest = owner.partition("|")
    boot, _, start = rest.partition("|")
    if host and host != _host():
        # Another machine's processes cannot be seen (a synced data folder): age decides.
        return now - started <= STALE_AFTER
    if boot and _boot_id() and boot != _boot_id():
        return False
    if start:
        # The same pid with the same start time is the same process, however long ago it
        # started (a session paused over a suspended night is still running).
        return _proc_start(pid) == start
    if now - started > STALE_AFTER:
        return False
    if os.name == "nt":
        return True  # os.kill(pid, 0) would terminate it on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


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


def _migrate(conn: sqlite3.Connection, now: datetime) -> None:
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
            conn.execute("INSERT INTO migrations VALUES (?, ?, ?)", (number, name, _utc_text(now)))
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


def _open_checked(path: Path) -> tuple[sqlite3.Connection | None, str]:
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
    stamp = _aware(moment).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return target


def _move_aside(path: Path, moment: datetime) -> Path:
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
def _dir_lock(folder: Path) -> Iterator[None]:
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


def open_store(path: Path | str | None = None,
               clock: Callable[[], datetime] | None = None) -> Store:
    """Open (creating, migrating or recovering) the session log; abandon crashed sessions."""
    from coach import locations

    path = Path(path) if path is not None else locations.database_file()
    clock = clock or local_now
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder {path.parent}: {exc.strerror}") from None
    moved: Path | None = None
    with _dir_lock(path.parent):
        conn, problem = _open_checked(path)
        if conn is None:
            moved = _move_aside(path, clock())
            conn, again = _open_checked(path)
            if conn is None:
                raise StoreError(f"cannot create a new session log at {path}: {again}")
        try:
            _migrate(conn, clock())
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot prepare the session log {path}: {exc}") from None
        except BaseException:
            conn.close()
            raise
    store = Store(conn, path, clock, moved, problem if moved else "")
    store.abandon_stale()
    return store


# ---------------------------------------------------------------- the store


def _check_pain(pain: Mapping[str, int] | None, what: str) -> dict[str, int]:
    out = {}
    for area, score in (pain or {}).items():
        if not isinstance(area, str) or not 1 <= len(area) <= 40:
            raise ValueError(f"{what}: bad area {area!r}")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise ValueError(
                f"{what}: score for {area!r} must be a whole number 0-10, not {score!r}")
        out[area] = score
    return out


def _check_choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _seconds(value: float) -> float:
    # Milliseconds are plenty; stored rounded, the JSON export needs no round() per row.
    return round(max(0.0, float(value)), 3)


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


_SESSION_COLUMNS = (
    "id, routine_id, routine_title, routine_version, routine_sha256, routine_author, status, "
    "started_utc, ended_utc, local_date, local_time, tz_name, utc_offset_minutes, "
    "elapsed_seconds, planned_seconds, completed_steps, total_steps, speed, source, note, "
    "checkin_id"
)


def session_dict(s: SessionRecord) -> dict[str, Any]:
    """One session as the JSON object of `coach history --json` (keys may be added, not renamed)."""
    return {
        "id": s.id,
        "routine_id": s.routine_id,
        "routine_title": s.routine_title,
        "routine_version": s.routine_version,
        "routine_sha256": s.routine_sha256,
        "routine_author": s.routine_author,
        "status": s.status,
        "counts": session_counts(s),
        "started_utc": s.started_utc.isoformat() if s.started_utc else None,
        "ended_utc": s.ended_utc.isoformat() if s.ended_utc else None,
        "local_date": s.local_date.isoformat(),
        "local_time": s.local_time,
        "tz_name": s.tz_name,
        "utc_offset_minutes": s.utc_offset_minutes,
        "elapsed_seconds": s.elapsed_seconds,
        "planned_seconds": s.planned_seconds,
        "completed_steps": s.completed_steps,
        "total_steps": s.total_steps,
        "speed": s.speed,
        "source": s.source,
        "pain_before": dict(s.pain_before),
        "pain_after": dict(s.pain_after),
        "note": s.note,
    }


# history.session_counts in SQL, for the JSON export; a test keeps the two in step.
_COUNTS_SQL = (
    "CASE WHEN s.status = 'completed' THEN 1 WHEN s.status = 'stopped' AND ("
    f"s.elapsed_seconds >= {STOPPED_MIN_SECONDS!r} OR (s.planned_seconds > 0 AND "
    f"s.elapsed_seconds >= {STOPPED_MIN_FRACTION!r} * s.planned_seconds) OR "
    f"(s.planned_seconds <= 0 AND s.total_steps > 0 AND "
    f"s.completed_steps >= {STOPPED_MIN_FRACTION!r} * s.total_steps)) THEN 1 ELSE 0 END"
)


def _pain_json(column: str) -> str:
    return (f"json((SELECT json_group_object(p.area, p.{column}) FROM session_pain AS p "
            f"WHERE p.session_id = s.id AND p.{column} IS NOT NULL))")


_JSON_SQL = (
    "json_object('id', s.id, 'routine_id', s.routine_id, 'routine_title', s.routine_title, "
    "'routine_version', s.routine_version, 'routine_sha256', s.routine_sha256, "
    "'routine_author', s.routine_author, 'status', s.status, "
    f"'counts', json(CASE WHEN {_COUNTS_SQL} THEN 'true' ELSE 'false' END), "
    "'started_utc', s.started_utc, 'ended_utc', s.ended_utc, 'local_date', s.local_date, "
    "'local_time', s.local_time, 'tz_name', s.tz_name, "
    "'utc_offset_minutes', s.utc_offset_minutes, "
    "'elapsed_seconds', s.elapsed_seconds, 'planned_seconds', s.planned_seconds, "
    "'completed_steps', s.completed_steps, 'total_steps', s.total_steps, 'speed', s.speed, "
    "'source', s.source, "
    f"'pain_before', {_pain_json('pain_before')}, 'pain_after', {_pain_json('pain_after')}, "
    "'note', s.note)"
)


class Store:
    """An open session log. Plain values in, frozen records out; safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], datetime],
                 recovered_from: Path | None = None, damage: str = "") -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.clock = clock
        #: Where a damaged log was moved this time, or None.
        self.recovered_from = recovered_from
        self.damage = damage

    # -- plumbing

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
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
        return _aware(now) if now is not None else _aware(self.clock())

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

    # -- sessions

    def abandon_stale(self) -> int:
        """Mark in_progress rows whose process is gone as abandoned; returns how many."""
        now = self._now(None).astimezone(timezone.utc)
        rows = self._query(
            "SELECT id, owner_pid, owner, started_utc FROM sessions WHERE status = 'in_progress'")
        stale = [r[0] for r in rows if not _owner_alive(r[1], r[2], _dt(r[3]) or now, now)]
        if stale:
            with self.batch():
                self._conn.executemany(
                    "UPDATE sessions SET status = 'abandoned' "
                    "WHERE id = ? AND status = 'in_progress'",
                    [(i,) for i in stale])
        return len(stale)

    def _insert(self, fields: dict[str, Any], pain_before: dict[str, int],
                pain_after: dict[str, int]) -> int:
        cols = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        with self.batch():
            cur = self._conn.execute(f"INSERT INTO sessions ({cols}) VALUES ({marks})",
                                     list(fields.values()))
            sid = int(cur.lastrowid or 0)
            self._write_pain(sid, pain_before, "pain_before")
            self._write_pain(sid, pain_after, "pain_after")
        return sid

    def _write_pain(self, sid: int, pain: dict[str, int], column: str) -> None:
        self._conn.executemany(
            f"INSERT INTO session_pain (session_id, area, {column}) VALUES (?, ?, ?) "
            f"ON CONFLICT (session_id, area) DO UPDATE SET {column} = excluded.{column}",
            [(sid, area, score) for area, score in pain.items()])

    def _routine_fields(self, routine_id: str, title: str, version: int | None, sha256: str,
                        author: str, total_steps: int, source: str, speed: float,
                        planned_seconds: float) -> dict[str, Any]:
        if not routine_id:
            raise ValueError("routine_id is empty")
        if not speed > 0:
            raise ValueError(f"speed must be more than 0, not {speed!r}")
        return {
            "routine_id": routine_id, "routine_title": title or "", "routine_version": version,
            "routine_sha256": sha256 or "", "routine_author": author or "",
            "total_steps": int(total_steps), "source": _check_choice(source, SOURCES, "source"),
            "speed": float(speed), "planned_seconds": _seconds(planned_seconds or 0),
        }

    def start_session(self, routine_id: str, title: str = "", version: int | None = None,
                      sha256: str = "", author: str = "", total_steps: int = 0,
                      source: str = "tui", speed: float = 1.0,
                      pain_before: Mapping[str, int] | None = None, now: datetime | None = None,
                      *, planned_seconds: float = 0.0, checkin_id: int | None = None) -> int:
        """Record a routine starting now (status in_progress); returns the session id."""
        fields = self._routine_fields(routine_id, title, version, sha256, author, total_steps,
                                      source, speed, planned_seconds)
        local = _local_fields(self._now(now))
        pid = os.getpid()
        fields.update(
            status="in_progress", started_utc=local["utc"], local_date=local["local_date"],
            local_time=local["local_time"], tz_name=local["tz_name"],
            utc_offset_minutes=local["utc_offset_minutes"], checkin_id=checkin_id,
            owner_pid=pid, owner=_owner_token(pid),
        )
        return self._insert(fields, _check_pain(pain_before, "pain before"), {})

    def update_progress(self, session_id: int, elapsed_seconds: float,
                        completed_steps: int) -> None:
        """Save progress of a running session, so a crash keeps what was done."""
        with self.batch():
            self._conn.execute(
                "UPDATE sessions SET elapsed_seconds = ?, completed_steps = ? "
                "WHERE id = ? AND status = 'in_progress'",
                (_seconds(elapsed_seconds), int(completed_steps), session_id))

    def finish_session(self, session_id: int, status: str, elapsed_seconds: float,
                       completed_steps: int, pain_after: Mapping[str, int] | None = None,
                       note: str | None = None, now: datetime | None = None) -> None:
        """Record how a session ended: ``completed`` or ``stopped``, with time played.

        A row already marked abandoned (its process looked gone) is finished all
        the same: the real outcome wins over the guess.
        """
        _check_choice(status, FINISHED, "status")
        pain = _check_pain(pain_after, "pain after")
        ended = _utc_text(self._now(now))
        with self.batch():
            row = self._conn.execute("SELECT status FROM sessions WHERE id = ?",
                                     (session_id,)).fetchone()
            if row is None:
                raise ValueError(f"no session {session_id}")
            if row[0] in FINISHED:
                raise ValueError(f"session {session_id} is already {row[0]}")
            self._conn.execute(
                "UPDATE sessions SET status = ?, ended_utc = ?, elapsed_seconds = ?, "
                "completed_steps = ?, note = COALESCE(?, note) WHERE id = ?",
                (status, ended, _seconds(elapsed_seconds), int(completed_steps),
                 note, session_id))
            self._write_pain(session_id, pain, "pain_after")

    def set_note(self, session_id: int, note: str) -> None:
        """Replace a session's note (the summary screen saves it after the pain question)."""
        with self.batch():
            self._conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, session_id))

    def set_pain(self, session_id: int, pain_before: Mapping[str, int] | None = None,
                 pain_after: Mapping[str, int] | None = None) -> None:
        """Add or replace pain scores of a session (per area)."""
        before = _check_pain(pain_before, "pain before")
        after = _check_pain(pain_after, "pain after")
        with self.batch():
            self._write_pain(session_id, before, "pain_before")
            self._write_pain(session_id, after, "pain_after")

    def add_session(self, routine_id: str, at: datetime, title: str = "",
                    version: int | None = None, sha256: str = "", author: str = "",
                    total_steps: int = 0, elapsed_seconds: float = 0.0,
                    planned_seconds: float = 0.0, pain_before: Mapping[str, int] | None = None,
                    pain_after: Mapping[str, int] | None = None, note: str = "",
                    status: str = "completed", source: str = "log", speed: float = 1.0,
                    completed_steps: int | None = None) -> int:
        """Record a whole session done at ``at`` (``coach log``, imports); returns its id."""
        _check_choice(status, FINISHED, "status")
        fields = self._routine_fields(routine_id, title, version, sha256, author, total_steps,
                                      source, speed, planned_seconds)
        start = _aware(at)
        local = _local_fields(start)
        elapsed = _seconds(elapsed_seconds)
        fields.update(
            status=status, started_utc=local["utc"],
            ended_utc=_utc_text(start + timedelta(seconds=elapsed / fields["speed"])),
            local_date=local["local_date"], local_time=local["local_time"],
            tz_name=local["tz_name"], utc_offset_minutes=local["utc_offset_minutes"],
            elapsed_seconds=elapsed, note=note or "",
            completed_steps=int(total_steps if completed_steps is None else completed_steps),
        )
        return self._insert(fields, _check_pain(pain_before, "pain before"),
                            _check_pain(pain_after, "pain after"))

    def sessions(self, since: date | None = None, until: date | None = None) -> list[SessionRecord]:
        """Sessions by local date (inclusive bounds), oldest first."""
        where, params = [], []
        if since is not None:
            where.append("local_date >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("local_date <= ?")
            params.append(until.isoformat())
        return self._load(" AND ".join(where), params)

    def session(self, session_id: int) -> SessionRecord | None:
        """One session by id, or None."""
        found = self._load("id = ?", [session_id])
        return found[0] if found else None

    def day_activity(self) -> list[SessionRecord]:
        """Light records for streaks, the weekly goal and strength, fast on a long log.

        One record per day standing for that day's completed sessions (id 0,
        elapsed summed, no routine or pain), plus every other session as is
        (without pain or notes). Not for calendars or pain: use `sessions`.
        """
        with self._lock:
            done = self._conn.execute(
                "SELECT local_date, sum(elapsed_seconds) FROM sessions "
                "WHERE status = 'completed' GROUP BY local_date").fetchall()
            other = self._conn.execute(
                "SELECT id, routine_id, status, local_date, local_time, elapsed_seconds, "
                "planned_seconds, completed_steps, total_steps FROM sessions "
                "WHERE status != 'completed'").fetchall()
        out = [SessionRecord(0, "", "completed", date.fromisoformat(d), elapsed_seconds=e)
               for d, e in done]
        out += [SessionRecord(r[0], r[1], r[2], date.fromisoformat(r[3]), local_time=r[4],
                              elapsed_seconds=r[5], planned_seconds=r[6], completed_steps=r[7],
                              total_steps=r[8]) for r in other]
        return out

    def sessions_json(self, since: date | None = None, limit: int | None = None) -> list[str]:
        """Each session (oldest first) as a JSON object text in the `session_dict` shape.

        SQLite builds the JSON, so 20,000 sessions export in tens of milliseconds;
        without its JSON functions this falls back to `session_dict`.
        """
        cond = "WHERE s.local_date >= ?" if since is not None else ""
        params: list[Any] = [since.isoformat()] if since is not None else []
        tail = ""
        if limit is not None:
            tail = " LIMIT ?"
            params.append(int(limit))
        sql = (f"SELECT {_JSON_SQL} FROM sessions AS s {cond} "
               f"ORDER BY s.started_utc DESC, s.id DESC{tail}")
        try:
            rows = self._query(sql, params)
        except sqlite3.OperationalError:  # an SQLite built without JSON functions
            found = self.sessions(since)
            found = found[-limit:] if limit else found
            return [json.dumps(session_dict(x), ensure_ascii=False) for x in found]
        return [r[0] for r in reversed(rows)]

    def _load(self, cond: str, params: list[Any]) -> list[SessionRecord]:
        where = f" WHERE {cond}" if cond else ""
        pain_sql = "SELECT session_id, area, pain_before, pain_after FROM session_pain"
        if cond:
            pain_sql += f" WHERE session_id IN (SELECT id FROM sessions{where})"
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions{where} ORDER BY started_utc, id",
                params).fetchall()
            pain_rows = self._conn.execute(pain_sql, params).fetchall()
        before: dict[int, dict[str, int]] = {}
        after: dict[int, dict[str, int]] = {}
        for sid, area, b, a in pain_rows:
            if b is not None:
                before.setdefault(sid, {})[area] = b
            if a is not None:
                after.setdefault(sid, {})[area] = a
        return [SessionRecord(
            id=r[0], routine_id=r[1], routine_title=r[2], routine_version=r[3],
            routine_sha256=r[4], routine_author=r[5], status=r[6],
            started_utc=_dt(r[7]), ended_utc=_dt(r[8]), local_date=date.fromisoformat(r[9]),
            local_time=r[10], tz_name=r[11], utc_offset_minutes=r[12],
            elapsed_seconds=r[13], planned_seconds=r[14], completed_steps=r[15],
            total_steps=r[16], speed=r[17], source=r[18], note=r[19],
            pain_before=before.get(r[0], {}), pain_after=after.get(r[0], {}), checkin_id=r[20],
        ) for r in rows]

    # -- declared days

    def mark_day(self, day: date, kind: str, note: str = "") -> None:
        """Declare a flare, sick or rest day (replacing any mark on that date)."""
        _check_choice(kind, MARK_KINDS, "kind")
        with self.batch():
            self._conn.execute(
                "INSERT INTO day_marks (local_date, kind, note, created_utc) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (local_date) DO UPDATE SET kind = excluded.kind, note = excluded.note",
                (day.isoformat(), kind, note or "", _utc_text(self._now(None))))

    def clear_day(self, day: date) -> bool:
        """Remove a day's mark; True if there was one."""
        with self.batch():
            cur = self._conn.execute("DELETE FROM day_marks WHERE local_date = ?",
                                     (day.isoformat(),))
        return cur.rowcount > 0

    def day_marks(self, since: date | None = None) -> list[DayMark]:
        """Declared days, oldest first."""
        rows = self._query(
            "SELECT local_date, kind, note FROM day_marks WHERE local_date >= ? "
            "ORDER BY local_date",
            ((since or date.min).isoformat(),))
        return [DayMark(date.fromisoformat(d), k, n) for d, k, n in rows]

    # -- check-ins

    def add_checkin(self, areas: Mapping[str, int], contexts: Sequence[str] = (),
                    conditions: Sequence[str] = (), red_flags: Mapping[str, bool] | None = None,
                    verdict_level: str = "clear", suggested: Sequence[str] = (),
                    chosen_routine: str | None = None, now: datetime | None = None) -> int:
        """Record a check-in (pain per area, context, red-flag answers, outcome); returns its id."""
        local = _local_fields(self._now(now))
        with self.batch():
            cur = self._conn.execute(
                "INSERT INTO checkins (at_utc, local_date, local_time, tz_name, areas, contexts, "
                "conditions, red_flags, verdict_level, suggested, chosen_routine) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (local["utc"], local["local_date"], local["local_time"], local["tz_name"],
                 json.dumps(_check_pain(areas, "check-in")), json.dumps(list(contexts)),
                 json.dumps(list(conditions)),
                 json.dumps({k: bool(v) for k, v in (red_flags or {}).items()}),
                 verdict_level, json.dumps(list(suggested)), chosen_routine))
        return int(cur.lastrowid or 0)

    def set_checkin_choice(self, checkin_id: int, routine_id: str | None) -> None:
        """Record which suggestion the user chose after a check-in."""
        with self.batch():
            self._conn.execute("UPDATE checkins SET chosen_routine = ? WHERE id = ?",
                               (routine_id, checkin_id))

    def checkins(self, since: date | None = None) -> list[CheckinRecord]:
        """Check-ins by local date, oldest first."""
        rows = self._query(
            "SELECT id, at_utc, local_date, tz_name, areas, contexts, conditions, red_flags, "
            "verdict_level, suggested, chosen_routine FROM checkins WHERE local_date >= ? "
            "ORDER BY at_utc, id", ((since or date.min).isoformat(),))
        return [CheckinRecord(
            id=r[0], at_utc=_dt(r[1]), local_date=date.fromisoformat(r[2]), tz_name=r[3],
            areas=json.loads(r[4]), contexts=tuple(json.loads(r[5])),
            conditions=tuple(json.loads(r[6])), red_flags=json.loads(r[7]), verdict_level=r[8],
            suggested=tuple(json.loads(r[9])), chosen_routine=r[10]) for r in rows]

    def latest_checkin(self, on: date | None = None) -> CheckinRecord | None:
        """The last check-in (on a given local date if ``on`` is set)."""
        found = self.checkins(on)
        if on is not None:
            found = [c for c in found if c.local_date == on]
        return found[-1] if found else None

    # -- meta

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """A small stored setting (nudge shown, notices), or ``default``."""
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def set_meta(self, key: str, value: str) -> None:
        with self.batch():
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, str(value)))


def start_for_entry(store: Store, entry: Any, *, source: str, speed: float = 1.0,
                    pain_before: Mapping[str, int] | None = None,
                    checkin_id: int | None = None, now: datetime | None = None) -> int:
    """Start a session for a library entry (routine, sha256): what the players call."""
    r = entry.routine
    return store.start_session(
        r.id, r.title, r.version, entry.sha256, r.author, len(r.steps), source, speed,
        pain_before, now, planned_seconds=float(r.total_seconds), checkin_id=checkin_id)


def finish_from_outcome(store: Store, session_id: int, outcome: Any,
                        pain_after: Mapping[str, int] | None = None, note: str | None = None,
                        now: datetime | None = None) -> None:
    """Finish a session from a player ``Outcome`` (status, elapsed_seconds, completed_steps)."""
    store.finish_session(session_id, outcome.status, outcome.elapsed_seconds,
                         outcome.completed_steps, pain_after, note, now)
