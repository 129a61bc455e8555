"""The check-in as both front ends run it: rank, record, and the persistent-pain nudge."""

from __future__ import annotations

from typing import Any

NUDGE_META_KEY = "persistent_pain_nudge_shown"


def check_in(checkin: Any, routines: Any, log: Any = None) -> tuple[Any, str, int | None]:
    """Rank ``routines`` for ``checkin`` and, with an open log, record it: (ranking, nudge, id).

    The one sequence every front end runs: history and recent routines from the
    log, `coach.care.suggest.rank` (which screens first), the stored check-in row, then
    the persistent-pain nudge (at most weekly, never beside an emergency or urgent
    verdict). Without a log it still screens and ranks.
    """
    from coach.care.suggest import rank

    if log is None:
        return rank(checkin, routines), "", None
    history, recent = _from_log(log)
    ranking = rank(checkin, routines, history, recent)
    checkin_id = log.add_checkin(
        checkin.pain,
        sorted(checkin.contexts),
        sorted(checkin.conditions),
        dict(checkin.red_flags),
        ranking.verdict.level,
        [s.id for s in ranking.suggestions],
    )
    nudge = "" if ranking.verdict.blocks_exercise else _nudge(log)
    return ranking, nudge, checkin_id


def _from_log(log: Any) -> tuple[dict[str, tuple[int, float]], list[str]]:
    """Per-routine (sessions, mean pain drop) and routine ids, most recent first."""
    from coach.history.overview import routine_pain_drops

    sessions = log.sessions()
    recent = [s.routine_id for s in reversed(sessions)]
    return routine_pain_drops(sessions), recent


def _nudge(log: Any) -> str:
    """The persistent-pain nudge if it is due today (and mark it shown), else ''."""
    from datetime import date, timedelta

    from coach.care.safety import nudge_due, nudge_text
    from coach.history.overview import persistent_pain

    today = log.clock().date()
    since = today - timedelta(days=13)
    areas = persistent_pain(log.checkins(since), log.sessions(since), today)
    if not areas:
        return ""
    last = log.get_meta(NUDGE_META_KEY)
    try:
        last_shown = date.fromisoformat(last) if last else None
    except ValueError:
        last_shown = None  # an unreadable date must not silence the nudge
    if not nudge_due(last_shown, today):
        return ""
    log.set_meta(NUDGE_META_KEY, today.isoformat())
    return nudge_text(areas)
