"""Today on home, mixed into CoachApp (through CheckInFlow): the plan's items due today,
or the last routine, read after the routines load and again as soon as a session ends;
one key starts the next one through the gate and pain before, like every start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.worker import Worker, WorkerState

from coach.common.safe_text import clean

if TYPE_CHECKING:
    from coach.services.plans import HomeToday
    from coach.tui.screens.home import HomeScreen


class TodayFlow(App[int]):
    """Home's today panel and its one key, for CoachApp."""

    library: Any
    session_log: Any
    home_today: HomeToday | None = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-today")
    def load_home_today(self) -> HomeToday:
        """Today's plan items (or the last routine) from the plan file and the log."""
        from coach.services.plans import home_today

        return home_today(self.session_log.store())

    def on_mount(self) -> None:
        self.load_home_today()  # beside the routines' load: home is ready when both are

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group, done = event.worker.group, event.state == WorkerState.SUCCESS
        if done and group == "log-finish":
            self.load_home_today()  # at once when a session ends
        elif done and group == "library" and self.home_today is not None:
            self.show_today(self.home_today)  # titles, and which routines can start
        elif done and group == "home-today":
            self.show_today(event.worker.result)

    def show_today(self, today: HomeToday | None) -> None:
        from coach.tui.widgets.today import TodayPanel

        self.home_today = today
        home: HomeScreen = self.home  # type: ignore[attr-defined]
        home.query_one(TodayPanel).show(today, self.library)
        outcome = getattr(self, "checkin_outcome", None)
        if outcome is not None:  # a suggestion done now moves down at once
            self.show_checkin_outcome(outcome)  # type: ignore[attr-defined]
        home.refresh_bindings()

    def on_home_screen_next_chosen(self, message: HomeScreen.NextChosen) -> None:
        """Today's next session (one key on home): the gate, then pain before, pre-filled."""
        entry = self.library.get(message.routine_id) if self.library else None
        if entry is None:
            # The id comes from a plan file: data, shown literally and without control characters.
            self.notify(
                clean(f"The routine {message.routine_id!r} is not in your library (coach list)."),
                markup=False,
            )
            return
        self.start_gated(entry, lambda: self.begin_routine(entry))  # type: ignore[attr-defined]
