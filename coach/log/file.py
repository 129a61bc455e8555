"""The session log's file belongs to SQLite (adapter): one connection per process, opening, damage.

THE RULE (read this before touching anything that opens ``coach.db``):

    One SQLite connection per process per database file, shared by everything
    in the process; and no plain file handle on the database (``open()``,
    ``Path.read_bytes()``, ``os.open``) while that connection exists.

Why: POSIX drops *every* fcntl lock a process holds on a file when *any*
descriptor of that file is closed. A ``open(db).read(100)`` in a process with a
live connection silently unlocks SQLite; another process then believes it is
the last user, checkpoints and deletes the WAL, and this process goes on
writing to a deleted WAL and later overwrites newer pages (SQLite's "How To
Corrupt An SQLite Database File", section 2.2). A second ``sqlite3.connect``
to the same file in the same process has the same effect when it closes.

So:
- ``acquire()`` hands out the process's one connection to a path (found by its
  real path), counting its users; ``release()`` closes it after the last one.
- The first bytes of the file are read only by ``_raw_header()``, which refuses
  to run while a connection to that file is open in this process (it is used
  only to put a damaged file into words, before the first connection).
- Opening checks cheaply through SQLite (``_light_check``: the header and the
  schema page parse, the file is as long as its header says, each table's first
  and last pages read), not every page: ``quick_check`` reads the whole file
  (0.3 s at 100,000 sessions). The full ``quick_check`` runs on open only after
  a crash (a ``-wal`` or ``-journal`` left beside the file with no connection
  here), and ``coach doctor`` runs ``integrity_check``.
- A file is called damaged only when SQLite says so (SQLITE_CORRUPT or
  SQLITE_NOTADB, or a failing check) and says so again on a fresh
  connection holding an exclusive lock, so no other process is writing it. A
  busy, locked or mid-checkpoint file is never damaged: if the exclusive lock
  cannot be had, nothing is moved and the user is asked to try again.
- ``tests/conftest.py`` installs an audit hook for the whole test suite that
  fails any test in which code opens a live database file with Python's file
  functions (``live_files()`` says which files those are).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from coach.log.aside import SIDE_SUFFIXES, move_aside
from coach.log.errors import StoreError, describe, error_name, is_corruption
from coach.log.health import check, crash_left

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(eq=False)
class Shared:
    """The process's one connection to one database file, and who uses it."""

    conn: sqlite3.Connection
    key: str  # the file's real path
    read_only: bool
    #: Where a damaged log was moved when this connection was opened, and why.
    recovered_from: Path | None = None
    damage: str = ""
    users: int = 0
    #: Serialises every use of the connection (it is shared between threads).
    lock: threading.RLock = field(default_factory=threading.RLock)


# Process-wide by nature: the whole point is one connection per process.
_registry: dict[str, Shared] = {}
_registry_lock = threading.RLock()


def file_key(path: Path) -> str:
    """The name a database is registered under: its real, absolute path."""
    return os.path.realpath(os.fspath(path))


def live_files() -> frozenset[str]:
    """Real paths of every database file (and its side files) with an open connection here."""
    with _registry_lock:
        keys = list(_registry)
    return frozenset(k + s for k in keys for s in ("", *SIDE_SUFFIXES))


def acquire(path: Path, now: datetime, *, read_only: bool = False) -> Shared:
    """The process's connection to ``path``: shared if open, else opened (and recovered).

    ``read_only`` opens the file with ``mode=ro`` (for a log on read-only
    media); a connection already open for writing serves readers too.
    """
    key = file_key(path)
    with _registry_lock:
        shared = _registry.get(key)
        if shared is None:
            shared = _open(Path(key) if os.path.exists(key) else path, key, now, read_only)
            _registry[key] = shared
        shared.users += 1
        return shared


def release(shared: Shared) -> None:
    """One user is done; the last one closes the connection (SQLite then tidies its WAL)."""
    with _registry_lock:
        shared.users -= 1
        if shared.users > 0:
            return
        if _registry.get(shared.key) is shared:
            del _registry[shared.key]
        with shared.lock:
            shared.conn.close()


# ---------------------------------------------------------------- opening


def _connect(path: Path, read_only: bool = False, immutable: bool = False) -> sqlite3.Connection:
    if read_only:
        from urllib.parse import quote

        flags = "mode=ro" + ("&immutable=1" if immutable else "")
        target, uri = f"file:{quote(os.fspath(path))}?{flags}", True
    else:
        target, uri = os.fspath(path), False
    conn = sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


class _Suspect(Exception):
    """SQLite found damage once; it must say so again under an exclusive lock."""


def _open_healthy(path: Path, read_only: bool) -> sqlite3.Connection:
    """A checked connection; _Suspect if SQLite finds damage, StoreError for anything else.

    After a crash (``crash_left``: side files outlived their connection) ``quick_check``
    reads every page; otherwise the light check (coach/log/health.py) reads a few.
    """
    full = crash_left(path)
    conn = None
    try:
        conn = _connect(path, read_only)
        try:
            problems = check(conn, path, full)
        except sqlite3.OperationalError as exc:
            # A backup on read-only media whose -shm cannot be made: nobody can write
            # it, so reading it as immutable is safe.
            if not (read_only and error_name(exc) in ("SQLITE_CANTOPEN", "SQLITE_READONLY")):
                raise
            conn.close()
            conn = _connect(path, read_only=True, immutable=True)
            problems = check(conn, path, full)
        if problems:
            raise _Suspect("failed the integrity check: " + "; ".join(problems[:3]))
        if not read_only:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(
                    f"cannot switch {path} to WAL mode (got {mode})", "is it on a network drive?"
                )
            conn.execute("PRAGMA foreign_keys = ON")
            # NORMAL in WAL mode survives any crash of the program; only a power cut
            # or OS crash can lose the last commits (never corrupt the file).
            conn.execute("PRAGMA synchronous = NORMAL")
        return conn
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        if is_corruption(exc):
            raise _Suspect(f"unreadable: {exc}") from None
        raise describe(exc, path, "open") from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise


def _open(path: Path, key: str, now: datetime, read_only: bool) -> Shared:
    """Open (creating, or recovering from confirmed damage) the file; called under the registry."""
    if read_only and not os.path.exists(path):
        raise StoreError(f"there is no session log at {path} yet", "play or log a session first")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder {path.parent}: {exc.strerror}",
                "check that you may write there",
            ) from None
    with dir_lock(path.parent, shared=read_only):
        # No connection to this file is open in the process yet: its first bytes may be read.
        # A wrong magic string never comes and goes, so SQLite is not let near such a
        # file until its side files are safe (closing a connection deletes them).
        reason = header_problem(path)
        if not reason:
            try:
                return Shared(_open_healthy(path, read_only), key, read_only)
            except _Suspect as suspect:
                reason = damage_reason(path, str(suspect))
        if read_only:
            raise StoreError(
                f"the session log {path} is damaged ({reason})",
                "run 'coach doctor' where the log can be written",
            )
        kept = _keep_side_files(path)
        verdict = confirm_damage(path)
        if verdict != "damaged":
            _drop(kept)
        if verdict == "healthy":  # a passing glitch: SQLite's second word, under the lock, wins
            try:
                return Shared(_open_healthy(path, read_only), key, read_only)
            except _Suspect as again:
                raise StoreError(
                    f"the session log {path} gives mixed answers ({again})", "run 'coach doctor'"
                ) from None
        if verdict == "busy":
            raise StoreError(
                f"the session log {path} looked damaged ({reason}) while another program "
                "was using it; nothing was changed",
                "close other coach windows and try again; 'coach doctor' checks it",
            )
        moved = move_aside(path, now)
        try:
            conn = _open_healthy(path, read_only)
        except _Suspect as again:
            raise StoreError(f"cannot create a new session log at {path}: {again}") from None
        return Shared(conn, key, read_only, recovered_from=moved, damage=reason)


def confirm_damage(path: Path) -> str:
    """SQLite's second word on ``path``, holding an exclusive lock: damaged, healthy or busy.

    "busy" when the lock cannot be had (another process has the log open):
    then nobody can be sure, and nothing may be moved.
    """

    def verdict(exc: sqlite3.Error) -> str:
        if is_corruption(exc):
            return "damaged"
        if error_name(exc) in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            return "busy"
        raise describe(exc, path, "check") from None

    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        return verdict(exc)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        rows = conn.execute("PRAGMA quick_check").fetchall()
        conn.execute("ROLLBACK")
        return "healthy" if rows == [("ok",)] else "damaged"
    except sqlite3.Error as exc:
        return verdict(exc)
    finally:
        conn.close()


# ---------------------------------------------------------------- damage in words


def _raw_header(path: Path) -> bytes:
    """The file's first 100 bytes, read as plain bytes: only with no connection open to it."""
    with _registry_lock:
        if file_key(path) in _registry:
            raise RuntimeError(
                f"{path} has an open SQLite connection in this process: reading "
                "it with open() would drop SQLite's locks (see coach/log/file.py)"
            )
        with path.open("rb") as fh:
            return fh.read(100)


def header_problem(path: Path) -> str:
    """Why the file cannot be an SQLite database, from its first bytes ("" if it may be one)."""
    try:
        head = _raw_header(path)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise StoreError(
            f"cannot read the session log {path}: {exc.strerror}",
            "check that it is a file you can read",
        ) from None
    if not head:
        return ""  # an empty file is a new database
    if len(head) < len(SQLITE_MAGIC):
        return "truncated" if SQLITE_MAGIC.startswith(head) else "not an SQLite database"
    if not head.startswith(SQLITE_MAGIC):
        return "not an SQLite database"
    return "truncated" if len(head) < 100 else ""


def damage_reason(path: Path, detail: str) -> str:
    """Words for damage SQLite found: "truncated" when shorter than its header says, else detail."""
    try:
        head = _raw_header(path)
        size = path.stat().st_size
    except OSError:
        return detail
    if len(head) < 100:
        return "truncated"
    raw_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_size == 1 else raw_size
    pages = int.from_bytes(head[28:32], "big")
    if page_size and (
        size % page_size or (head[24:28] == head[92:96] and size < pages * page_size)
    ):
        return "truncated"
    return detail


def _keep_side_files(path: Path) -> list[Path]:
    """Hard links to the -wal/-shm/-journal, so they survive the checking connection's close.

    SQLite deletes the side files when its last connection closes; a damaged log's
    WAL may hold the newest sessions, and it goes aside with the file.
    """
    kept = []
    for suffix in SIDE_SUFFIXES:
        side = path.with_name(path.name + suffix)
        keep = path.with_name(path.name + suffix + ".keep")
        with contextlib.suppress(OSError):
            keep.unlink(missing_ok=True)
            os.link(side, keep)
            kept.append(keep)
    return kept


def _drop(kept: list[Path]) -> None:
    for keep in kept:
        with contextlib.suppress(OSError):
            keep.unlink()


@contextlib.contextmanager
def dir_lock(folder: Path, shared: bool = False) -> Iterator[None]:
    """Serialise check-and-recover between processes opening the same folder's log."""
    try:
        import fcntl
    except ImportError:  # Windows: the rename race is unlikely enough there
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        if shared:  # a reader of a folder it cannot open still reads the file
            yield
            return
        raise
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
