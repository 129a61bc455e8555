"""Reading sessions back from the log: records by date, one session, day activity, JSON rows.

Mixed under ``Store`` (coach/log/store.py), which adds the writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from coach.history.records import SessionRecord, completed_day
from coach.log.checkins import MarksCheckinsMeta
from coach.log.rows import SESSION_COLUMNS, SESSION_JSON_SQL, from_iso, session_dict

#: Rows fetched at a time by `iter_sessions_json`.
JSON_BATCH = 256


#: The sessions other than completed ones, as `_other_record` reads them.
_OTHER_SQL = (
    "SELECT id, routine_id, status, local_date, local_time, elapsed_seconds, "
    "planned_seconds, completed_steps, total_steps FROM sessions WHERE status != 'completed'"
)

#: The sessions that may count besides completed ones (``session_counts``: a running one
#: never does), on days with no completed session: found through the ``sessions_days``
#: index (an index look-up each, a handful of rows), not a scan of every wide row.
_OTHER_ON_OPEN_DAYS_SQL = (
    _OTHER_SQL.replace(
        "FROM sessions WHERE status != 'completed'",
        "FROM sessions AS s WHERE s.status IN ('stopped', 'abandoned')",
    )
    + " AND NOT EXISTS (SELECT 1 FROM sessions AS c"
    " WHERE c.status = 'completed' AND c.local_date = s.local_date)"
)


def _other_record(r: Any) -> SessionRecord:
    """A light record (no pain, no notes) of one `_OTHER_SQL` row."""
    return SessionRecord(
        r[0],
        r[1],
        r[2],
        date.fromisoformat(r[3]),
        local_time=r[4],
        elapsed_seconds=r[5],
        planned_seconds=r[6],
        completed_steps=r[7],
        total_steps=r[8],
    )


class SessionQueries(MarksCheckinsMeta):
    """The read side of the session log."""

    def sessions(self, since: date | None = None, until: date | None = None) -> list[SessionRecord]:
        """Sessions by local date (inclusive bounds), in local date and time order."""
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

    def day_activity(self, completed: bool = True) -> list[SessionRecord]:
        """Light records for streaks, the weekly goal and strength, fast on a long log.

        One record per day standing for that day's completed sessions (id 0,
        elapsed summed, no routine or pain), plus every other session as is
        (without pain or notes). Not for calendars or pain: use `sessions`.
        ``completed=False`` leaves out the day records (only the other sessions).
        """
        with self._reading():
            done = (
                self._conn.execute(
                    "SELECT local_date, sum(elapsed_seconds) FROM sessions "
                    "WHERE status = 'completed' GROUP BY local_date"
                ).fetchall()
                if completed
                else []
            )
            other = self._conn.execute(_OTHER_SQL).fetchall()
        day = date.fromisoformat
        out = [completed_day(day(d), e) for d, e in done]
        out += [_other_record(r) for r in other]
        return out

    def counted_days(self) -> set[date]:
        """The local dates with a counting session (``active_days`` of the whole log), fast.

        Completed days come from an index as dates alone, no record per day; the
        other sessions (stopped, abandoned) go through the one rule, ``session_counts``.
        """
        with self._reading():
            done = self._conn.execute(
                "SELECT DISTINCT local_date FROM sessions WHERE status = 'completed'"
            ).fetchall()
            # Only sessions on a day with no completed one can add a day (a handful).
            other = self._conn.execute(_OTHER_ON_OPEN_DAYS_SQL).fetchall()
        days = {d for (d,) in done}
        days.update(r[3] for r in other if _other_record(r).counts)
        day = date.fromisoformat
        return {day(d) for d in days}

    def any_finished(self) -> bool:
        """Whether any session was completed or stopped (the home line shows a streak then)."""
        rows = self._query(
            "SELECT EXISTS (SELECT 1 FROM sessions WHERE status IN ('completed', 'stopped'))"
        )
        return bool(rows[0][0])

    def sessions_json(self, since: date | None = None, limit: int | None = None) -> list[str]:
        """Each session (oldest first) as a JSON object text in the `session_dict` shape."""
        return list(self.iter_sessions_json(since, limit))

    def iter_sessions_json(
        self, since: date | None = None, limit: int | None = None
    ) -> Iterator[str]:
        """`sessions_json` streamed: a few hundred rows in memory at a time, whatever the log.

        SQLite builds the JSON in local time order; the newest ``limit`` sessions
        are picked in an inner query and listed oldest first. Without SQLite's JSON
        functions this falls back to `session_dict`. Holds the connection until
        exhausted or closed.
        """
        cond = "WHERE s.local_date >= ?" if since is not None else ""
        params: list[Any] = [since.isoformat()] if since is not None else []
        order = "s.local_date, s.local_time, s.id"
        sql = f"SELECT {SESSION_JSON_SQL} FROM sessions AS s {cond} ORDER BY {order}"
        if limit is not None:
            params.append(int(limit))
            newest = (
                f"SELECT * FROM sessions AS s {cond} "
                "ORDER BY s.local_date DESC, s.local_time DESC, s.id DESC LIMIT ?"
            )
            sql = f"SELECT {SESSION_JSON_SQL} FROM ({newest}) AS s ORDER BY {order}"
        with self._reading():
            try:
                cursor = self._conn.execute(sql, params)
            except sqlite3.OperationalError:  # an SQLite built without JSON functions
                cursor = None
            while cursor is not None and (rows := cursor.fetchmany(JSON_BATCH)):
                yield from (r[0] for r in rows)
        if cursor is None:
            found = self.sessions(since)
            found = found[-limit:] if limit else found
            yield from (json.dumps(session_dict(x), ensure_ascii=False) for x in found)

    def _load(self, cond: str, params: list[Any]) -> list[SessionRecord]:
        where = f" WHERE {cond}" if cond else ""
        pain_sql = "SELECT session_id, area, pain_before, pain_after FROM session_pain"
        if cond:
            pain_sql += f" WHERE session_id IN (SELECT id FROM sessions{where})"
        with self._reading():
            rows = self._conn.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions{where} "
                "ORDER BY local_date, local_time, id",
                params,
            ).fetchall()
            pain_rows = self._conn.execute(pain_sql, params).fetchall()
        before: dict[int, dict[str, int]] = {}
        after: dict[int, dict[str, int]] = {}
        for sid, area, b, a in pain_rows:
            if b is not None:
                before.setdefault(sid, {})[area] = b
            if a is not None:
                after.setdefault(sid, {})[area] = a
        return [
            SessionRecord(
                id=r[0],
                routine_id=r[1],
                routine_title=r[2],
                routine_version=r[3],
                routine_sha256=r[4],
                routine_author=r[5],
                status=r[6],
                started_utc=from_iso(r[7]),
                ended_utc=from_iso(r[8]),
                local_date=date.fromisoformat(r[9]),
                local_time=r[10],
                tz_name=r[11],
                utc_offset_minutes=r[12],
                elapsed_seconds=r[13],
                planned_seconds=r[14],
                completed_steps=r[15],
                total_steps=r[16],
                speed=r[17],
                source=r[18],
                note=r[19],
                pain_before=before.get(r[0], {}),
                pain_after=after.get(r[0], {}),
                checkin_id=r[20],
            )
            for r in rows
        ]
