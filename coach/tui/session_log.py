"""The app's side of the session log: the store opened on first use, called from thread workers.

Every method here blocks on SQLite, so the app calls them only from thread
workers. A session's row is started and finished by different workers; the
finish waits for the start's id (a Future), so the two never race.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from coach.history.overview import (
    Overview,
    StreakSummary,
    areas_to_ask,
    overview,
    streak_summary,
    week_start,
)

if TYPE_CHECKING:
    from coach.care.checkin import CheckIn
    from coach.log.store import Store
    from coach.plans.model import Adherence
    from coach.playback.player import Outcome
    from coach.routines.library import Entry

#: How long a finish waits for its session's start (the start is one short insert).
START_WAIT_SECONDS = 30.0
WeekdaySet = frozenset[int]


@dataclass(frozen=True)
class HistoryData:
    """Everything the history screen draws, computed off the UI thread."""

    today: date
    overview: Overview
    weekly_goal: int
    labels: Mapping[str, str]  # area id -> words
    has_sessions: bool
    plan: Adherence | None = None  # adherence to the active plan, when there is one


@dataclass
class RunningSession:
    """One routine played in the app: the pain asked before, its row, how it ended."""

    entry: Entry
    areas: list[str]
    pain_before: dict[str, int]
    speed: float
    session_id: Future[int] = field(default_factory=Future)
    outcome: Outcome | None = None
    saved: bool = False  # the finished row is in the log
    error: str = ""  # why it could not be saved

    @property
    def started(self) -> bool:
        return self.session_id.done()


def area_words(labels: Mapping[str, str]) -> dict[str, str]:
    """Short names for pain areas: "Upper back" rather than the vocabulary's long label."""
    from coach.services.sessions import area_label

    words = {a: area_label(a, labels) for a in labels}
    words["overall"] = "Overall"
    return words


class SessionLog:
    """The session log as the app uses it. Blocking: call from thread workers only."""

    def __init__(
        self, path: Path | None = None, wall_clock: Callable[[], datetime] | None = None
    ) -> None:
        self._path = path
        self._wall_clock = wall_clock
        self._store: Store | None = None
        self._lock = threading.RLock()
        self._notice_taken = False
        self._closed = False
        self._kept_overview: tuple[object, Overview, bool] | None = None  # see history()
        self._kept_summary: tuple[object, StreakSummary, bool] | None = None  # see _summary()

    # ------------------------------------------------------------ plumbing

    def now(self) -> datetime:
        """The wall-clock time (injected in tests, so dates in pictures never move)."""
        if self._wall_clock is not None:
            return self._wall_clock()
        return datetime.now().astimezone()

    def today(self) -> date:
        """Today's local date."""
        return self.now().date()

    def store(self) -> Store:
        """The open store (opened, migrated or recovered on first use); StoreError if it cannot."""
        from coach.log.store import open_store

        with self._lock:
            if self._closed:
                raise RuntimeError("the session log is closed")
            if self._store is None:
                self._store = open_store(self._path, clock=self._wall_clock)
            return self._store

    def take_notice(self) -> str:
        """The damaged-log notice, the first time only ("" otherwise)."""
        with self._lock:
            if self._notice_taken or self._store is None:
                return ""
            self._notice_taken = True
            return self._store.recovery_notice()

    def close(self) -> None:
        """Close the store (the app is leaving)."""
        with self._lock:
            self._closed = True
            if self._store is not None:
                self._store.close()
                self._store = None

    @staticmethod
    def settings() -> tuple[int, WeekdaySet]:
        """The weekly goal and rest weekdays from config.yaml (defaults if it has problems)."""
        from coach.settings.config import load_config

        config = load_config().config
        return config.weekly_goal, config.rest_weekdays

    @staticmethod
    def labels() -> dict[str, str]:
        """Short words for every pain area."""
        from coach.common.vocab import vocabulary

        return area_words(vocabulary().areas)

    # ------------------------------------------------------------ one session

    def todays_checkin(self) -> CheckIn | None:
        """Today's latest stored check-in, as the gate judges it (None if there is none)."""
        from coach.services.gate import checkin_of

        record = self.store().latest_checkin(on=self.today())
        return None if record is None else checkin_of(record)

    def areas_for(self, targets: Sequence[str]) -> list[str]:
        """Areas to ask pain for: today's last check-in's sore areas, else the routine's targets."""
        store = self.store()
        return areas_to_ask(store.latest_checkin(on=self.today()), list(targets))

    def prefill(self, areas: Sequence[str], days_back: int = 30) -> dict[str, int]:
        """Pain before, pre-filled for one-key confirmation: today's check-in scores, else
        each area's last score (after a session, else before) in the last ``days_back`` days."""
        from coach.services.sessions import pain_defaults

        store = self.store()
        checkin = store.latest_checkin(on=self.today())
        recent = store.sessions(since=self.today() - timedelta(days=days_back))
        return pain_defaults(areas, checkin.areas if checkin else None, recent)

    def start(self, run: RunningSession) -> int:
        """Write the in-progress row for ``run`` and hand its id to whoever waits for it."""
        from coach.log.store import start_for_entry

        try:
            with self._lock:
                sid = start_for_entry(
                    self.store(),
                    run.entry,
                    source="tui",
                    speed=run.speed,
                    pain_before=run.pain_before,
                )
        except BaseException as exc:
            run.session_id.set_exception(exc)
            raise
        run.session_id.set_result(sid)
        return sid

    def progress(self, run: RunningSession, played: float, steps: int) -> None:
        """Save how far ``run`` has got (time played, steps done) while it plays."""
        if not run.started or run.saved:
            return
        sid = run.session_id.result(timeout=START_WAIT_SECONDS)
        with self._lock:
            self.store().update_progress(sid, played, steps)

    def finish(self, run: RunningSession, outcome: Outcome) -> None:
        """Record how ``run`` ended; a second call (the app closing meanwhile) does nothing."""
        from coach.log.store import finish_from_outcome

        sid = run.session_id.result(timeout=START_WAIT_SECONDS)
        with self._lock:
            if run.saved:
                return
            store = self.store()
            current = store.session(sid)
            if current is None or current.status in ("completed", "stopped"):
                run.saved = True
                return
            finish_from_outcome(store, sid, outcome)
            run.saved = True

    def save_after(self, run: RunningSession, pain_after: Mapping[str, int], note: str) -> None:
        """Add pain after and a note to ``run``'s finished row."""
        if not (pain_after or note):
            return
        sid = run.session_id.result(timeout=START_WAIT_SECONDS)
        with self._lock:
            store = self.store()
            with store.batch():
                if pain_after:
                    store.set_pain(sid, pain_after=dict(pain_after))
                if note:
                    store.set_note(sid, note)

    # ------------------------------------------------------------ looking back

    def streak(self) -> StreakSummary | None:
        """Streaks and this week for the home line; None before the first finished session."""
        goal, rest = self.settings()
        with self._lock:
            summary, done = self._summary(self.store(), self.today(), goal, rest)
        return summary if done else None

    def _summary(
        self, store: Store, today: date, goal: int, rest: WeekdaySet
    ) -> tuple[StreakSummary, bool]:
        """The whole log's streak summary and whether any session finished (call under the lock).

        The home line and History show the same summary: it is computed once and kept
        until the log's data (its change counters), the date or the settings change, so
        opening History after the home line has drawn reads no day of a long log again.
        """
        key = (today, goal, rest, store.change_stamp())
        kept = self._kept_summary
        if kept is not None and kept[0] == key:
            return kept[1], kept[2]
        done = store.any_finished()
        days = store.counted_days()  # the days alone: no record per day of a long log
        marks = store.day_marks()
        summary = streak_summary((), today, goal, marks, rest, active=days)
        self._kept_summary = (key, summary, done)
        return summary, done

    def history(self, weeks_back: int = 52, recent: int = 20) -> HistoryData:
        """The history screen's data: the last ``weeks_back`` weeks in full, streaks over all.

        The overview is kept until the log's data, the date or the settings change (reopening
        History on a long log then skips reading and computing it again); the plan's
        adherence is read each time.
        """
        from coach.services.plans import load_adherence

        today = self.today()
        goal, rest = self.settings()
        with self._lock:
            store = self.store()
            key = (today, weeks_back, recent, goal, rest, store.change_stamp())
            kept = self._kept_overview
            if kept is not None and kept[0] == key:
                view, done = kept[1], kept[2]
            else:
                summary, done = self._summary(store, today, goal, rest)
                since = week_start(today) - timedelta(weeks=weeks_back - 1)
                sessions = store.sessions(since=since)
                view = overview(
                    sessions,
                    today,
                    goal,
                    store.day_marks(since=since),
                    rest,
                    weeks_back=weeks_back,
                    recent=recent,
                    summary=summary,
                )
                self._kept_overview = (key, view, done)
            plan = load_adherence(store, today)
        return HistoryData(today, view, goal, self.labels(), done, plan)

    def mark_day(self, day: date, kind: str) -> None:
        """Declare ``day`` a flare, sick or rest day (the store call `coach log` makes)."""
        with self._lock:
            self.store().mark_day(day, kind)

    def clear_day(self, day: date) -> bool:
        """Remove ``day``'s mark; True if there was one (as `coach log --clear-day`)."""
        with self._lock:
            return self.store().clear_day(day)

    def clear_today(self) -> bool:
        """Remove today's mark; True if there was one."""
        with self._lock:
            return self.store().clear_day(self.today())
