"""Session logging around `coach play --plain`: pain questions on stdin and the session row.

The row is written when the routine starts (``in_progress``), its progress is
saved every PROGRESS_EVERY seconds, and it is finished when the routine ends,
Ctrl-C included, so a crash loses at most a few seconds. Pain after and a note
are asked once the row is finished: an answer left unsaid never loses the session.

Previews are not logged: a therapist checking a routine at ``--speed 20``
should not add sessions to anyone's log. So a session at a speed above 1 is
saved only with ``--log``; a slower pace (``--speed 0.8``) is real practice
and is saved. ``--no-log`` never saves.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from coach.log.errors import StoreError
from coach.services.sessions import area_label

#: How often (wall seconds) a running plain session saves its progress.
PROGRESS_EVERY = 10.0


def preview_line(speed: float) -> str:
    """The one line that says a preview is not saved."""
    return f"A {speed:g}x preview: not saved to your log (add --log to save it)."


#: What skips a question that offers a last score (Enter accepts that score).
SKIP = "-"
#: How far back a last pain score is offered as the default before a session.
DEFAULT_DAYS_BACK = 30


def pain_question(
    area: str, labels: Mapping[str, str], phase: str, default: int | None = None
) -> str:
    """ "Upper back pain now, 0-10 (Enter to skip): " (before) or "... after the routine" (after);
    with a last score: "Neck pain now, 0-10 (Enter for 4, - to skip): "."""
    when = "now" if phase == "before" else "after the routine"
    keys = "Enter to skip" if default is None else f"Enter for {default}, {SKIP} to skip"
    return f"{area_label(area, labels)} pain {when}, 0-10 ({keys}): "


def ask_pain(
    areas: Sequence[str],
    labels: Mapping[str, str],
    phase: str,
    ask: Callable[[str], str] = input,
    out: TextIO | None = None,
    defaults: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Ask one 0-10 question per area; Enter skips an area, end of input skips the rest.

    With a default for an area (its last score), Enter accepts it and "-" skips.
    Ctrl-C is left to the caller: before the session it means "not now", after it "skip".
    """
    out = sys.stdout if out is None else out
    defaults = defaults or {}
    scores: dict[str, int] = {}
    for area in areas:
        default = defaults.get(area)
        while True:
            try:
                raw = ask(pain_question(area, labels, phase, default)).strip()
            except EOFError:
                out.write("\n")
                return scores
            if not raw and default is not None:
                scores[area] = default
                break
            if not raw or raw == SKIP:
                break
            if raw.isdigit() and 0 <= int(raw) <= 10:
                scores[area] = int(raw)
                break
            again = "press Enter to skip" if default is None else f"{SKIP} to skip"
            out.write(f"  {raw!r} is not a whole number 0-10; try again or {again}.\n")
            out.flush()
    return scores


def routine_intro(timeline: Any) -> str:
    """Which routine this is, said before its pain questions: title, length, steps."""
    from coach.common.fields import format_seconds

    n = len(timeline.steps)
    return (
        f"{timeline.title} ({timeline.routine_id}): {format_seconds(timeline.total)}, "
        f"{n} step{'' if n == 1 else 's'}. Before you start:"
    )


def ask_note(ask: Callable[[str], str] = input, out: TextIO | None = None) -> str:
    """Ask for a free-text note; Enter or end of input gives ""."""
    try:
        return ask("A note for you or your therapist (Enter to skip): ").strip()
    except EOFError:
        (sys.stdout if out is None else out).write("\n")
        return ""


@contextlib.contextmanager
def sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C during a short log write and deliver it after: a write is never cut in half.

    Python runs signal handlers between bytecodes, so a Ctrl-C could otherwise
    land between ``BEGIN`` and the statement after it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and previous is signal.default_int_handler:
            raise KeyboardInterrupt


class PlainSession:
    """One logged plain session: started, kept up to date while playing, then finished."""

    def __init__(
        self,
        store: Any,
        entry: Any,
        speed: float,
        pain_before: Mapping[str, int],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.entry = entry
        self.speed = speed
        self.pain_before = dict(pain_before)
        self.id: int | None = None
        self.finished = False
        self._clock = clock
        self._timeline: Any = None
        self._began: float | None = None
        self._saved_at = 0.0

    def start(self, timeline: Any) -> None:
        """Write the in-progress row, as the routine starts."""
        from coach.log.store import start_for_entry

        self._timeline = timeline
        try:
            with sigint_deferred():
                self.id = start_for_entry(
                    self.store,
                    self.entry,
                    source="plain",
                    speed=self.speed,
                    pain_before=self.pain_before,
                )
        except (sqlite3.Error, StoreError) as exc:
            _warn(f"cannot write to the session log ({exc}); this session will not be saved")

    def tick(self) -> bool:
        """Called by the runner at least every 0.1 s; saves progress now and then. Never stops."""
        now = self._clock()
        if self._began is None:
            self._began = self._saved_at = now
        elif self.id is not None and now - self._saved_at >= PROGRESS_EVERY:
            self._saved_at = now
            played = min(self._timeline.total, (now - self._began) * self.speed)
            done = sum(1 for s in self._timeline.steps if s.end <= played)
            try:
                with sigint_deferred():
                    self.store.update_progress(self.id, played, done)
            except (sqlite3.Error, StoreError):
                pass  # busy or full for a moment: the next beat or the finish will save it
        return False

    def finish(self, outcome: Any) -> None:
        """Record how the routine ended (completed or stopped, time played, steps done)."""
        from coach.log.store import finish_from_outcome

        if self.id is None:
            return
        try:
            with sigint_deferred():
                finish_from_outcome(self.store, self.id, outcome)
        except (sqlite3.Error, StoreError) as exc:
            _warn(f"cannot save the end of this session ({exc}); it will show as interrupted")
            return
        self.finished = True

    def save_after(self, pain_after: Mapping[str, int], note: str) -> None:
        """Add pain after and the note to the finished session."""
        if self.id is None or not (pain_after or note):
            return
        try:
            with sigint_deferred(), self.store.batch():
                if pain_after:
                    self.store.set_pain(self.id, pain_after=pain_after)
                if note:
                    self.store.set_note(self.id, note)
        except (sqlite3.Error, StoreError) as exc:
            _warn(f"cannot save pain after and the note ({exc})")


def _warn(text: str) -> None:
    print(f"coach: warning: {text}", file=sys.stderr)


def open_log_or_warn(err: TextIO | None = None) -> Any | None:
    """The session log, or None with a one-line warning: a broken log never stops a session.

    A damaged log that was moved aside is reported once, in one line.
    """
    from coach.log.store import open_store

    err = sys.stderr if err is None else err
    try:
        store = open_store()
    except StoreError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        err.write(f"coach: warning: {exc.message}{hint}; this session will not be saved\n")
        return None
    notice = store.recovery_notice()
    if notice:
        err.write(f"coach: warning: {notice}\n")
    return store


def pain_defaults_for(store: Any, areas: Sequence[str]) -> dict[str, int]:
    """Each area's score to offer, as the app pre-fills it: today's check-in, else the
    last score in the last DEFAULT_DAYS_BACK days; {} when the log cannot be read."""
    from datetime import timedelta

    from coach.services.sessions import pain_defaults

    try:
        today = store.clock().date()
        checkin = store.latest_checkin(on=today)
        recent = store.sessions(since=today - timedelta(days=DEFAULT_DAYS_BACK))
    except (sqlite3.Error, StoreError):
        return {}
    return pain_defaults(areas, checkin.areas if checkin else None, recent)


def areas_for(store: Any, routine: Any) -> list[str]:
    """The areas to ask about: today's last check-in's sore areas, else the routine's targets.

    Only today's check-in: where it hurt last month says little about this session.
    """
    from coach.history.overview import areas_to_ask

    try:
        checkin = store.latest_checkin(on=store.clock().date())
    except (sqlite3.Error, StoreError):
        checkin = None  # a busy log: the routine's own areas will do
    return areas_to_ask(checkin, list(routine.targets))
