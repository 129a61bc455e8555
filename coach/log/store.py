"""The session log: one SQLite file in the user data dir (adapter; coach/log/ does its I/O).

- A session row is written when a routine starts (``in_progress``) and updated
  when it ends; a row whose owning process has died is marked ``abandoned`` at
  the next open (coach/log/owner.py says which rows still have a live owner).
- Pain scores live in their own table (``session_pain``: one row per session and
  area, before and after) rather than JSON columns: CHECK constraints keep every
  score within 0-10, and a therapist can query pain per area with any SQLite
  tool.

This module holds ``open_store`` and the ``Store`` API for sessions; the rest
lives beside it and is re-exported here:

- coach/log/file.py: the one connection per process (read its rule before
  touching anything that opens the file), opening, damage confirmed under an
  exclusive lock, moving a damaged file aside, errors in words;
- coach/log/schema.py: migrations and the open log's base (``StoreBase``);
- coach/log/queries.py: reading sessions back (records, JSON, day activity);
- coach/log/checkins.py: declared days, check-ins and meta;
- coach/log/rows.py: argument checks, columns and the JSON shape of a session;
- coach/log/stamps.py and coach/log/owner.py: time stamps and the owner of a running row.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from coach.history.records import CheckinRecord, DayMark, SessionRecord
from coach.log.errors import StoreError, describe, writable
from coach.log.file import BUSY_TIMEOUT_MS, SQLITE_MAGIC, acquire, release
from coach.log.owner import STALE_AFTER, owner_alive, owner_token
from coach.log.queries import SessionQueries
from coach.log.rows import (
    check_choice,
    check_pain,
    from_iso,
    session_dict,
    stored_seconds,
)
from coach.log.schema import MIGRATIONS, migrate
from coach.log.stamps import aware, local_fields, local_now, utc_text, zone_name

# Constants are re-exported to read; code uses (and tests patch) them in their own module.
__all__ = [
    "BUSY_TIMEOUT_MS",
    "MIGRATIONS",
    "SQLITE_MAGIC",
    "STALE_AFTER",
    "CheckinRecord",
    "DayMark",
    "SessionRecord",
    "Store",
    "StoreError",
    "finish_from_outcome",
    "local_now",
    "open_store",
    "session_dict",
    "start_for_entry",
    "zone_name",
]

SOURCES = ("tui", "plain", "log")
FINISHED = ("completed", "stopped")


def open_store(
    path: Path | str | None = None,
    clock: Callable[[], datetime] | None = None,
    *,
    for_reading: bool = False,
) -> Store:
    """Open (creating, migrating or recovering) the session log; abandon crashed sessions.

    Every call in one process shares the file's one connection (coach/log/file.py);
    close the Store when done. ``for_reading`` (history, streak, report) opens
    a log that cannot be written (a backup on read-only media) read-only
    instead of failing.
    """
    from coach import locations

    path = Path(path) if path is not None else locations.database_file()
    clock = clock or local_now
    read_only = for_reading and not writable(path)
    shared = acquire(path, clock(), read_only=read_only)
    try:
        if not shared.read_only and shared.users == 1:
            _prepare(shared, path, clock())
        store = Store(shared, path, clock)
    except BaseException:
        release(shared)
        raise
    if not store.read_only:
        store.abandon_stale()
    elif store.schema_version() != len(MIGRATIONS):
        store.close()
        raise StoreError(
            f"the session log {path} is read-only and uses another schema "
            f"({store.schema_version()})",
            "open it once where it can be written",
        )
    return store


def _prepare(shared: Any, path: Path, now: datetime) -> None:
    """Bring a newly opened connection's schema up to date."""
    try:
        with shared.lock:
            migrate(shared.conn, now)
    except sqlite3.Error as exc:
        raise describe(exc, path, "prepare") from None


# ---------------------------------------------------------------- the store


class Store(SessionQueries):
    """An open session log. Plain values in, frozen records out; safe to share between threads."""

    # -- sessions

    def abandon_stale(self) -> int:
        """Mark in_progress rows whose process is gone as abandoned; returns how many."""
        now = self._now(None).astimezone(timezone.utc)
        rows = self._query(
            "SELECT id, owner_pid, owner, started_utc FROM sessions WHERE status = 'in_progress'"
        )
        stale = [r[0] for r in rows if not owner_alive(r[1], r[2], from_iso(r[3]) or now, now)]
        if stale:
            with self.batch():
                self._conn.executemany(
                    "UPDATE sessions SET status = 'abandoned' "
                    "WHERE id = ? AND status = 'in_progress'",
                    [(i,) for i in stale],
                )
        return len(stale)

    def _insert(
        self, fields: dict[str, Any], pain_before: dict[str, int], pain_after: dict[str, int]
    ) -> int:
        cols = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        with self.batch():
            cur = self._conn.execute(
                f"INSERT INTO sessions ({cols}) VALUES ({marks})", list(fields.values())
            )
            sid = int(cur.lastrowid or 0)
            self._write_pain(sid, pain_before, "pain_before")
            self._write_pain(sid, pain_after, "pain_after")
        return sid

    def _write_pain(self, sid: int, pain: dict[str, int], column: str) -> None:
        self._conn.executemany(
            f"INSERT INTO session_pain (session_id, area, {column}) VALUES (?, ?, ?) "
            f"ON CONFLICT (session_id, area) DO UPDATE SET {column} = excluded.{column}",
            [(sid, area, score) for area, score in pain.items()],
        )

    def _routine_fields(
        self,
        routine_id: str,
        title: str,
        version: int | None,
        sha256: str,
        author: str,
        total_steps: int,
        source: str,
        speed: float,
        planned_seconds: float,
    ) -> dict[str, Any]:
        if not routine_id:
            raise ValueError("routine_id is empty")
        if not speed > 0:
            raise ValueError(f"speed must be more than 0, not {speed!r}")
        return {
            "routine_id": routine_id,
            "routine_title": title or "",
            "routine_version": version,
            "routine_sha256": sha256 or "",
            "routine_author": author or "",
            "total_steps": int(total_steps),
            "source": check_choice(source, SOURCES, "source"),
            "speed": float(speed),
            "planned_seconds": stored_seconds(planned_seconds or 0),
        }

    def start_session(
        self,
        routine_id: str,
        title: str = "",
        version: int | None = None,
        sha256: str = "",
        author: str = "",
        total_steps: int = 0,
        source: str = "tui",
        speed: float = 1.0,
        pain_before: Mapping[str, int] | None = None,
        now: datetime | None = None,
        *,
        planned_seconds: float = 0.0,
        checkin_id: int | None = None,
    ) -> int:
        """Record a routine starting now (status in_progress); returns the session id."""
        fields = self._routine_fields(
            routine_id, title, version, sha256, author, total_steps, source, speed, planned_seconds
        )
        local = local_fields(self._now(now))
        pid = os.getpid()
        fields.update(
            status="in_progress",
            started_utc=local["utc"],
            local_date=local["local_date"],
            local_time=local["local_time"],
            tz_name=local["tz_name"],
            utc_offset_minutes=local["utc_offset_minutes"],
            checkin_id=checkin_id,
            owner_pid=pid,
            owner=owner_token(pid),
        )
        return self._insert(fields, check_pain(pain_before, "pain before"), {})

    def update_progress(
        self, session_id: int, elapsed_seconds: float, completed_steps: int
    ) -> None:
        """Save progress of a running session, so a crash keeps what was done."""
        with self.batch():
            self._conn.execute(
                "UPDATE sessions SET elapsed_seconds = ?, completed_steps = ? "
                "WHERE id = ? AND status = 'in_progress'",
                (stored_seconds(elapsed_seconds), int(completed_steps), session_id),
            )

    def finish_session(
        self,
        session_id: int,
        status: str,
        elapsed_seconds: float,
        completed_steps: int,
        pain_after: Mapping[str, int] | None = None,
        note: str | None = None,
        now: datetime | None = None,
    ) -> None:
        """Record how a session ended: ``completed`` or ``stopped``, with time played.

        A row already marked abandoned (its process looked gone) is finished all
        the same: the real outcome wins over the guess.
        """
        check_choice(status, FINISHED, "status")
        pain = check_pain(pain_after, "pain after")
        ended = utc_text(self._now(now))
        with self.batch():
            row = self._conn.execute(
                "SELECT status FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise ValueError(f"no session {session_id}")
            if row[0] in FINISHED:
                raise ValueError(f"session {session_id} is already {row[0]}")
            self._conn.execute(
                "UPDATE sessions SET status = ?, ended_utc = ?, elapsed_seconds = ?, "
                "completed_steps = ?, note = COALESCE(?, note) WHERE id = ?",
                (
                    status,
                    ended,
                    stored_seconds(elapsed_seconds),
                    int(completed_steps),
                    note,
                    session_id,
                ),
            )
            self._write_pain(session_id, pain, "pain_after")

    def set_note(self, session_id: int, note: str) -> None:
        """Replace a session's note (the summary screen saves it after the pain question)."""
        with self.batch():
            self._conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (note, session_id))

    def set_pain(
        self,
        session_id: int,
        pain_before: Mapping[str, int] | None = None,
        pain_after: Mapping[str, int] | None = None,
    ) -> None:
        """Add or replace pain scores of a session (per area)."""
        before = check_pain(pain_before, "pain before")
        after = check_pain(pain_after, "pain after")
        with self.batch():
            self._write_pain(session_id, before, "pain_before")
            self._write_pain(session_id, after, "pain_after")

    def add_session(
        self,
        routine_id: str,
        at: datetime,
        title: str = "",
        version: int | None = None,
        sha256: str = "",
        author: str = "",
        total_steps: int = 0,
        elapsed_seconds: float = 0.0,
        planned_seconds: float = 0.0,
        pain_before: Mapping[str, int] | None = None,
        pain_after: Mapping[str, int] | None = None,
        note: str = "",
        status: str = "completed",
        source: str = "log",
        speed: float = 1.0,
        completed_steps: int | None = None,
    ) -> int:
        """Record a whole session done at ``at`` (``coach log``, imports); returns its id."""
        check_choice(status, FINISHED, "status")
        fields = self._routine_fields(
            routine_id, title, version, sha256, author, total_steps, source, speed, planned_seconds
        )
        start = aware(at)
        local = local_fields(start)
        elapsed = stored_seconds(elapsed_seconds)
        fields.update(
            status=status,
            started_utc=local["utc"],
            ended_utc=utc_text(start + timedelta(seconds=elapsed / fields["speed"])),
            local_date=local["local_date"],
            local_time=local["local_time"],
            tz_name=local["tz_name"],
            utc_offset_minutes=local["utc_offset_minutes"],
            elapsed_seconds=elapsed,
            note=note or "",
            completed_steps=int(total_steps if completed_steps is None else completed_steps),
        )
        return self._insert(
            fields, check_pain(pain_before, "pain before"), check_pain(pain_after, "pain after")
        )


def start_for_entry(
    store: Store,
    entry: Any,
    *,
    source: str,
    speed: float = 1.0,
    pain_before: Mapping[str, int] | None = None,
    checkin_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Start a session for a library entry (routine, sha256): what the players call."""
    r = entry.routine
    return store.start_session(
        r.id,
        r.title,
        r.version,
        entry.sha256,
        r.author,
        len(r.steps),
        source,
        speed,
        pain_before,
        now,
        planned_seconds=float(r.total_seconds),
        checkin_id=checkin_id,
    )


def finish_from_outcome(
    store: Store,
    session_id: int,
    outcome: Any,
    pain_after: Mapping[str, int] | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> None:
    """Finish a session from a player ``Outcome`` (status, elapsed_seconds, completed_steps)."""
    store.finish_session(
        session_id,
        outcome.status,
        outcome.elapsed_seconds,
        outcome.completed_steps,
        pain_after,
        note,
        now,
    )
