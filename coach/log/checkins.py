"""Declared days, check-ins and small settings in the session log (adapter).

The tables besides sessions: ``day_marks`` (flare, sick and rest days),
``checkins`` (stored whole as JSON columns: they are snapshots that are only
ever read back as a unit) and ``meta``. ``Store`` builds on this class.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from coach.history.records import MARK_KINDS, CheckinRecord, DayMark
from coach.log.rows import check_choice, check_pain, from_iso
from coach.log.schema import StoreBase
from coach.log.stamps import local_fields, utc_text


class MarksCheckinsMeta(StoreBase):
    """The day_marks, checkins and meta tables of an open session log."""

    # -- declared days

    def mark_day(self, day: date, kind: str, note: str = "") -> None:
        """Declare a flare, sick or rest day (replacing any mark on that date)."""
        check_choice(kind, MARK_KINDS, "kind")
        with self.batch():
            self._conn.execute(
                "INSERT INTO day_marks (local_date, kind, note, created_utc) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (local_date) DO UPDATE SET kind = excluded.kind, note = excluded.note",
                (day.isoformat(), kind, note or "", utc_text(self._now(None))),
            )

    def clear_day(self, day: date) -> bool:
        """Remove a day's mark; True if there was one."""
        with self.batch():
            cur = self._conn.execute(
                "DELETE FROM day_marks WHERE local_date = ?", (day.isoformat(),)
            )
        return cur.rowcount > 0

    def day_marks(self, since: date | None = None) -> list[DayMark]:
        """Declared days, oldest first."""
        rows = self._query(
            "SELECT local_date, kind, note FROM day_marks WHERE local_date >= ? "
            "ORDER BY local_date",
            ((since or date.min).isoformat(),),
        )
        return [DayMark(date.fromisoformat(d), k, n) for d, k, n in rows]

    # -- check-ins

    def add_checkin(
        self,
        areas: Mapping[str, int],
        contexts: Sequence[str] = (),
        conditions: Sequence[str] = (),
        red_flags: Mapping[str, bool] | None = None,
        verdict_level: str = "clear",
        suggested: Sequence[str] = (),
        chosen_routine: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Record a check-in (pain per area, context, red-flag answers, outcome); returns its id."""
        local = local_fields(self._now(now))
        with self.batch():
            cur = self._conn.execute(
                "INSERT INTO checkins (at_utc, local_date, local_time, tz_name, areas, contexts, "
                "conditions, red_flags, verdict_level, suggested, chosen_routine) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    local["utc"],
                    local["local_date"],
                    local["local_time"],
                    local["tz_name"],
                    json.dumps(check_pain(areas, "check-in")),
                    json.dumps(list(contexts)),
                    json.dumps(list(conditions)),
                    json.dumps({k: bool(v) for k, v in (red_flags or {}).items()}),
                    verdict_level,
                    json.dumps(list(suggested)),
                    chosen_routine,
                ),
            )
        return int(cur.lastrowid or 0)

    def set_checkin_choice(self, checkin_id: int, routine_id: str | None) -> None:
        """Record which suggestion the user chose after a check-in."""
        with self.batch():
            self._conn.execute(
                "UPDATE checkins SET chosen_routine = ? WHERE id = ?", (routine_id, checkin_id)
            )

    def checkins(self, since: date | None = None) -> list[CheckinRecord]:
        """Check-ins by local date, oldest first."""
        rows = self._query(
            "SELECT id, at_utc, local_date, tz_name, areas, contexts, conditions, red_flags, "
            "verdict_level, suggested, chosen_routine FROM checkins WHERE local_date >= ? "
            "ORDER BY at_utc, id",
            ((since or date.min).isoformat(),),
        )
        return [
            CheckinRecord(
                id=r[0],
                at_utc=from_iso(r[1]),
                local_date=date.fromisoformat(r[2]),
                tz_name=r[3],
                areas=json.loads(r[4]),
                contexts=tuple(json.loads(r[5])),
                conditions=tuple(json.loads(r[6])),
                red_flags=json.loads(r[7]),
                verdict_level=r[8],
                suggested=tuple(json.loads(r[9])),
                chosen_routine=r[10],
            )
            for r in rows
        ]

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
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )
