"""Between records and rows (adapter): argument checks, columns and the JSON shape of a session.

``session_dict`` is the `coach history --json` object; ``SESSION_JSON_SQL``
builds the same object inside SQLite, so a long log exports fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from coach.history.records import (
    STOPPED_MIN_FRACTION,
    STOPPED_MIN_SECONDS,
    SessionRecord,
    session_counts,
)


def check_pain(pain: Mapping[str, int] | None, what: str) -> dict[str, int]:
    """Pain scores as {area: 0-10}; ValueError names ``what`` and the bad area or score."""
    out = {}
    for area, score in (pain or {}).items():
        if not isinstance(area, str) or not 1 <= len(area) <= 40:
            raise ValueError(f"{what}: bad area {area!r}")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise ValueError(
                f"{what}: score for {area!r} must be a whole number 0-10, not {score!r}"
            )
        out[area] = score
    return out


def check_choice(value: str, allowed: Sequence[str], what: str) -> str:
    """``value`` if it is one of ``allowed``, else ValueError naming ``what``."""
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def stored_seconds(value: float) -> float:
    """Seconds as stored: not below 0, rounded to milliseconds."""
    # Milliseconds are plenty; stored rounded, the JSON export needs no round() per row.
    return round(max(0.0, float(value)), 3)


def from_iso(text: str | None) -> datetime | None:
    """A stored ISO time as a datetime, None for NULL or ""."""
    return datetime.fromisoformat(text) if text else None


SESSION_COLUMNS = (
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


# records.session_counts in SQL, for the JSON export; a test keeps the two in step.
_COUNTS_SQL = (
    "CASE WHEN s.status = 'completed' THEN 1 WHEN s.status = 'stopped' AND ("
    f"s.elapsed_seconds >= {STOPPED_MIN_SECONDS!r} OR (s.planned_seconds > 0 AND "
    f"s.elapsed_seconds >= {STOPPED_MIN_FRACTION!r} * s.planned_seconds) OR "
    f"(s.planned_seconds <= 0 AND s.total_steps > 0 AND "
    f"s.completed_steps >= {STOPPED_MIN_FRACTION!r} * s.total_steps)) THEN 1 ELSE 0 END"
)


def _pain_json(column: str) -> str:
    return (
        f"json((SELECT json_group_object(p.area, p.{column}) FROM session_pain AS p "
        f"WHERE p.session_id = s.id AND p.{column} IS NOT NULL))"
    )


SESSION_JSON_SQL = (
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
