"""The app's check-in and the one gate before exercise: mixed into CoachApp.

Every start in the app (details, palette, suggestion, routine files preview)
passes `start_gated`, which asks coach/care/gate.py with today's check-in and
the person's conditions; the check-in screen, its advice and the suggestions
on home live here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from coach.routines.library import load_library
from coach.tui.today_flow import TodayFlow

if TYPE_CHECKING:
    from coach.care.checkin import CheckIn
    from coach.routines.library import Entry, Library
    from coach.routines.model import Routine
    from coach.settings.config import Config
    from coach.tui.screens.home import HomeScreen
    from coach.tui.screens.player import PlayerScreen
    from coach.tui.session_log import SessionLog
    from coach.tui.widgets.suggestions import CheckInOutcome


class CheckInFlow(TodayFlow):
    """Check-in, advice, suggestions and the gate, for CoachApp."""

    checkin_outcome: CheckInOutcome | None
    session_log: SessionLog
    _today_loaded: bool
    config: Config
    library: Library | None
    options: Any

    if TYPE_CHECKING:  # defined on CoachApp (coach/tui/app.py)

        @property
        def home(self) -> HomeScreen: ...

        def open_player(
            self, entry: Entry, speed: float | None = None, record: bool | None = None
        ) -> PlayerScreen: ...

        def begin_routine(self, entry: Entry) -> None: ...

    def play_gated(self, entry: Entry) -> None:
        """Play ``entry`` now (the palette): through the gate and pain before, like every start."""
        self.start_gated(entry, lambda: self.begin_routine(entry))

    def start_gated(self, entry: Entry, start: Callable[[], object]) -> None:
        """The one gate before exercise (coach/care/gate.py): ``start()`` at once when it is clear,
        else after the person's explicit choice on a GateScreen (or a new check-in)."""
        from coach.care.gate import check

        outcome = self.checkin_outcome
        today = outcome.checkin if outcome is not None else self._stored_checkin()
        result = check(entry.routine, today, self.config.conditions)
        if result.clear:
            start()
            return
        from coach.tui.screens.gate import GateScreen

        def chosen(choice: str | None) -> None:
            if choice == "play":
                start()
            elif choice == "checkin":
                self.open_checkin()

        self.push_screen(GateScreen(result), chosen)

    def _stored_checkin(self) -> CheckIn | None:
        """Today's stored check-in, read now when the start-up worker has not brought it yet
        (one indexed query): a blocking verdict must never be missed by a quick start."""
        if self._today_loaded:
            return None
        try:
            return self.session_log.todays_checkin()
        except Exception:  # noqa: BLE001 - an unreadable log holds no verdict to respect
            return None

    # ------------------------------------------------------------ check-in

    def show_first_launch_notice(self) -> None:
        """The wellness notice over home; remembered in the session log once read."""
        from datetime import date

        from coach.tui.screens.notice import FirstLaunchNotice, mark_notice_seen

        def read(_: object) -> None:
            self.run_worker(
                lambda: mark_notice_seen(date.today().isoformat()),
                thread=True,
                exit_on_error=False,
                group="first-launch-read",
            )

        self.push_screen(FirstLaunchNotice(), read)

    def on_home_screen_check_in_chosen(self, message: HomeScreen.CheckInChosen) -> None:
        self.open_checkin()

    def open_checkin(self) -> None:
        """The check-in screen, with the standing conditions from config ticked."""
        from coach.settings.config import load_config
        from coach.tui.screens.checkin import CheckInScreen

        loaded = load_config()
        if loaded.problems:
            # Missing conditions would change what is safe to suggest: say so.
            self.notify(
                f"{loaded.path} has {len(loaded.problems)} problem(s); check your "
                "conditions below (see 'coach config').",
                title="Settings",
                severity="warning",
                timeout=10,
            )
        screen = CheckInScreen(loaded.config.conditions, self._routines_for_checkin)
        self.push_screen(screen, self._checked_in)

    def _routines_for_checkin(self) -> list[Routine]:
        # Called in the check-in's thread: if the list is still loading, read it there.
        if self.library is None:
            dirs = self.options.library_dirs
            return load_library(list(dirs) if dirs is not None else None).routines
        return self.library.routines

    def _checked_in(self, outcome: CheckInOutcome | None) -> None:
        if outcome is None:
            return
        self.show_checkin_outcome(outcome)
        for warning in outcome.warnings:
            self.notify(warning, title="Check-in", severity="warning", timeout=10)
        if outcome.ranking.verdict.level != "clear":
            from coach.tui.screens.advice import AdviceScreen

            self.push_screen(AdviceScreen(outcome.ranking.verdict))

    def show_checkin_outcome(self, outcome: CheckInOutcome | None) -> None:
        """Remember today's check-in and show its suggestions on the home screen (those
        done today after the rest, so g starts one not done yet)."""
        if outcome is not None and self.home_today is not None:
            outcome = replace(outcome, done_today=frozenset(self.home_today.done_today))
        self.checkin_outcome = outcome
        self.home.show_suggestions(outcome)

    def on_home_screen_suggestion_chosen(self, message: HomeScreen.SuggestionChosen) -> None:
        self.start_suggestion()

    def start_suggestion(self) -> None:
        """Play the top suggestion of today's check-in (never after emergency or urgent)."""
        outcome = self.checkin_outcome
        top = outcome.top if outcome is not None else None
        entry = self.library.get(top.id) if top is not None and self.library else None
        if outcome is None or entry is None:
            return
        checkin_id = outcome.checkin_id
        if checkin_id is not None:
            log = self.session_log
            self.run_worker(
                lambda: _record_choice(log, checkin_id, entry.routine.id),
                thread=True,
                exit_on_error=False,
                group="checkin-choice",
            )
        self.start_gated(entry, lambda: self.begin_routine(entry))  # pain before, pre-filled


def _record_choice(log: SessionLog, checkin_id: int, routine_id: str) -> None:
    """Store which suggestion was started after a check-in (best effort)."""
    from coach.log.store import StoreError

    try:
        log.store().set_checkin_choice(checkin_id, routine_id)
    except (StoreError, OSError, RuntimeError):
        pass  # the choice is a nicety; the session itself is logged elsewhere
