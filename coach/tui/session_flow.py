"""The app's part of the session log: pain before, the session row, the summary, streak, history.

Mixed into CoachApp (Textual calls a handler on every class of the chain, so
these run beside the app's own). The flow of one routine:

1. ``begin_routine`` asks pain before (today's check-in areas, else the routine's
   targets) on a PainScreen, one key to skip; a routine started from a
   suggestion takes the check-in's scores instead of asking twice.
2. ``PlayerScreen.Started``: the in-progress row is written (a worker).
3. ``Finished``/``Stopped``: the row is finished with time and steps (a worker).
4. ``Closed``: the SummaryScreen adds pain after and a note; then home.

Previews (speed above 1, or from the routine files view) are not recorded.
All store access runs in thread workers; only the app closing mid-session
finishes its row on the UI thread (one short write, so nothing is lost).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.worker import Worker, WorkerState

from coach.history.overview import StreakSummary
from coach.tui import memory
from coach.tui.session_log import RunningSession, SessionLog

#: How often (seconds) a session in the app saves its progress, as plain mode does.
PROGRESS_EVERY = 10.0

if TYPE_CHECKING:
    from coach.playback.player import Outcome
    from coach.routines.library import Entry
    from coach.tui.screens.player import PlayerScreen
    from coach.tui.screens.summary import SummaryResult


def checkin_pain(outcome: Any) -> dict[str, int]:
    """The sore areas' scores of a check-in outcome ({} without one)."""
    pain = getattr(getattr(outcome, "checkin", None), "pain", None) or {}
    return {a: int(v) for a, v in pain.items() if v > 0}


class SessionLogFlow:
    """Session logging for CoachApp: call ``init_session_log`` from ``__init__``."""

    options: Any
    session_log: SessionLog
    running: RunningSession | None  # the session being played or just ended
    _next_run: RunningSession | None  # planned for the player just opened
    _pain_answer: tuple[Entry, list[str], dict[str, int]] | None
    _exit_when_saved: bool
    _typed_after: str
    _progress_timer: Any  # a paused Textual Timer between sessions

    def init_session_log(self) -> None:
        """Set up the log (opened on first use, in a worker)."""
        self.session_log = SessionLog(self.options.log_path, self.options.wall_clock)
        self.running = None
        self._next_run = None
        self._pain_answer = None
        self._exit_when_saved = False
        self._typed_after = ""  # digits typed on the end screen: the pain after

    def on_mount(self) -> None:
        self.refresh_streak()
        self._progress_timer = self._app().set_interval(
            PROGRESS_EVERY, self.progress_beat, pause=True, name="session-progress"
        )
        if not self._app().is_headless:  # under Pilot, pytest owns the process's signals
            self._catch_termination()

    def _catch_termination(self) -> None:
        """SIGTERM and SIGHUP (a closed terminal) save the session as stopped, then exit."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.terminated, int(sig))

    def terminated(self, signum: int) -> None:
        """The process is asked to end: record the running session, then leave cleanly.

        Leaving through ``exit`` lets Textual restore the terminal (alternate
        screen, cursor, mouse tracking), which dying at the signal would not.
        """
        self.save_running_now()
        self._app().exit(return_code=128 + signum)

    def _app(self) -> Any:
        return self  # the CoachApp this is mixed into

    def records(self, speed: float, record: bool | None = None) -> bool:
        """Whether a session at ``speed`` is recorded (previews above 1x are not)."""
        from coach.services.sessions import records_session

        return records_session(
            speed, record if record is not None else self.options.record_sessions
        )

    # ------------------------------------------------------------ before

    def begin_routine(self, entry: Entry) -> None:
        """Ask pain before (if the session will be recorded), then open the player."""
        if self.records(self.options.speed):
            self.find_pain_areas(entry)
        else:
            self._app().open_player(entry)

    @work(thread=True, exit_on_error=False, group="log-areas")
    def find_pain_areas(self, entry: Entry) -> tuple[Entry, list[str] | None, str, dict[str, int]]:
        """The areas to ask about (today's check-in or the targets) and their pre-filled
        scores (today's check-in, else the last ones); None and why if unreadable."""
        held = checkin_pain(getattr(self, "checkin_outcome", None))  # today's, in memory
        try:
            self.session_log.store()  # an unopenable log: said below, the session unsaved
            areas = list(held) or self.session_log.areas_for(entry.routine.targets)
            return entry, areas, "", held or self.session_log.prefill(areas)
        except Exception as exc:  # noqa: BLE001 - an unreadable log must never stop a session
            return entry, None, str(exc), {}

    def _ask_pain(
        self, entry: Entry, areas: list[str] | None, problem: str, values: dict[str, int]
    ) -> None:
        from coach.tui.screens.pain import PainScreen

        if areas is None:
            self._app().notify(
                f"The session log could not be opened ({problem}); this session will not be saved.",
                severity="warning",
                timeout=8,
            )
            self._app().open_player(entry, record=False)
            return

        def answered(pain: dict[str, int] | None) -> None:
            self._pain_answer = (entry, areas, dict(pain or {}))
            self._app().open_player(entry)

        screen = PainScreen(
            areas, self.session_log.labels(), values=values, clock=self.options.clock
        )
        self._app().push_screen(screen, answered)

    def plan_run(self, entry: Entry, speed: float, record: bool | None = None) -> None:
        """Prepare the record of the player just opened (None if it is not recorded)."""
        answer, self._pain_answer = self._pain_answer, None
        self._next_run = None
        if not self.records(speed, record):
            if speed > 1 and record is None:
                self._app().notify(f"A {speed:g}x preview: not saved to your log.", timeout=4)
            return
        if answer is not None and answer[0] is entry:
            areas, pain = answer[1], answer[2]
        else:  # from a suggestion: the check-in has just asked
            pain = checkin_pain(getattr(self, "checkin_outcome", None))
            areas = list(pain) or list(entry.routine.targets)
        self._next_run = RunningSession(entry, areas, pain, speed)

    # ------------------------------------------------------------ during

    def on_player_screen_started(self, message: PlayerScreen.Started) -> None:
        run, self._next_run = self._next_run, None
        if run is not None and run.entry is message.entry:
            self.running = run
            self._running_player = self._app().screen
            self.start_row(run)
            self._progress_timer.reset()
            self._progress_timer.resume()
        memory.before_session()

    def progress_beat(self) -> None:
        """Every PROGRESS_EVERY seconds of a session: save time played, so a crash keeps it."""
        run, screen = self.running, getattr(self, "_running_player", None)
        if run is None or run.outcome is not None or screen is None:
            self._progress_timer.pause()
            return
        snap = screen.player.snapshot()
        self.save_progress(run, snap.played, snap.completed_steps)

    @work(thread=True, exit_on_error=False, group="log-progress")
    def save_progress(self, run: RunningSession, played: float, steps: int) -> None:
        """Write the running session's progress (a locked log is retried by the store)."""
        self.session_log.progress(run, played, steps)

    def on_player_screen_finished(self, message: PlayerScreen.Finished) -> None:
        self._ended(message.outcome)
        memory.after_session()

    def on_player_screen_stopped(self, message: PlayerScreen.Stopped) -> None:
        self._ended(message.outcome)

    def _ended(self, outcome: Outcome) -> None:
        self._progress_timer.pause()
        run = self.running
        if run is not None and run.outcome is None:
            run.outcome = outcome
            self.finish_row(run, outcome)
            self._say_what_enter_does(run)

    def _say_what_enter_does(self, run: RunningSession) -> None:
        """The end screen's hint: Enter opens the pain-after form here, not "go back"."""
        from coach.tui.widgets.panels import ASK_AFTER, NOTE_AFTER, DonePanel

        for panel in self._app().screen.query(DonePanel):
            panel.set_hint(ASK_AFTER if run.areas else NOTE_AFTER)

    def on_key(self, event: events.Key) -> None:
        """A digit typed on a recorded session's end screen is its pain after: the summary
        opens with it (keys that reach the app unhandled; the player has no digit keys)."""
        from coach.tui.widgets.pain_form import is_digit

        if not is_digit(event.character):
            return  # before importing the player's screen: any key on home (h) comes here first
        from coach.tui.screens.player import PlayerScreen

        screen, run = self._app().screen, self.running
        if not isinstance(screen, PlayerScreen):
            return
        if screen.outcome is not None and run is not None and run.outcome is not None and run.areas:
            event.stop()
            self._typed_after += str(event.character)
            if len(self._typed_after) == 1:
                screen.action_close()

    @work(thread=True, exit_on_error=False, group="log-start")
    def start_row(self, run: RunningSession) -> int:
        """Write the in-progress row."""
        return self.session_log.start(run)

    @work(thread=True, exit_on_error=False, group="log-finish")
    def finish_row(self, run: RunningSession, outcome: Outcome) -> RunningSession:
        """Write how the session ended; a failure is kept on ``run`` for the summary to say."""
        try:
            self.session_log.finish(run, outcome)
        except Exception as exc:  # noqa: BLE001 - shown on the summary, never a crash
            run.error = str(exc) or type(exc).__name__
        return run

    # ------------------------------------------------------------ after

    def summary_after(self, started: bool) -> bool:
        """On the player closing: show the summary if a recorded session ended; True if shown."""
        from coach.tui.screens.summary import SummaryScreen

        run, app = self.running, self._app()
        if not started:
            self._next_run = None
            return False
        if run is None or run.outcome is None:
            # A second close (enter typed with a digit on the end screen): the summary is up.
            return any(isinstance(s, SummaryScreen) for s in app.screen_stack)
        self.running = None
        if not self.options.exit_after_play:
            while len(app.screen_stack) > 1:
                app.pop_screen()
        typed, self._typed_after = self._typed_after, ""
        summary = SummaryScreen(
            run,
            self.session_log.labels(),
            cursor_blink=self.options.cursor_blink,
            typed=typed,
            clock=self.options.clock,
        )
        app.push_screen(summary, lambda result: self._summary_closed(run, result))
        return True

    def _summary_closed(self, run: RunningSession, result: SummaryResult | None) -> None:
        pain, note = result if result is not None else ({}, "")
        if pain or note:
            self._exit_when_saved = self.options.exit_after_play
            self.save_after(run, pain, note)
        elif self.options.exit_after_play:
            self._app().exit(0)
        else:
            self.refresh_streak()

    @work(thread=True, exit_on_error=False, group="log-save")
    def save_after(self, run: RunningSession, pain: dict[str, int], note: str) -> None:
        """Add pain after and the note to the session's row."""
        self.session_log.save_after(run, pain, note)

    # ------------------------------------------------------------ streak and history

    @work(thread=True, exclusive=True, exit_on_error=False, group="log-streak")
    def refresh_streak(self) -> StreakSummary | None:
        """Streaks and today's status for the home line."""
        return self.session_log.streak()

    def action_history(self) -> None:
        """Open the history screen: streaks, calendar, pain trends, recent sessions."""
        from coach.tui.screens.history import HistoryScreen

        self._app().push_screen(HistoryScreen(self.session_log), lambda _: self.refresh_streak())

    # ------------------------------------------------------------ results

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Results and failures of the log's workers (the app handles its own groups)."""
        worker, state = event.worker, event.state
        group = worker.group
        if not group.startswith("log-") or state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        app = self._app()
        ok = state == WorkerState.SUCCESS
        if ok:
            self._show_recovery_notice()
        if group == "log-areas" and ok:
            self._ask_pain(
                *cast("tuple[Entry, list[str] | None, str, dict[str, int]]", worker.result)
            )
        elif group == "log-start" and not ok:
            run = self.running
            if run is not None:
                run.error = str(worker.error)
            app.notify(
                f"This session could not be saved: {worker.error}", severity="warning", timeout=8
            )
        elif group == "log-finish" and ok:
            self._tell_summary(worker.result)
        elif group == "log-save":
            if ok:
                app.notify("Saved your pain score and note.", timeout=3)
            else:
                app.notify(
                    f"Could not save the pain score and note: {worker.error}",
                    severity="error",
                    timeout=8,
                )
            if self._exit_when_saved:
                app.exit(0)
            else:
                self.refresh_streak()
        elif group == "log-streak" and ok:
            from coach.tui.widgets.streak import StreakLine

            for line in app.home.query(StreakLine):
                line.show(worker.result)

    def _show_recovery_notice(self) -> None:
        notice = self.session_log.take_notice()
        if notice:
            self._app().notify(
                notice[0].upper() + notice[1:] + ". 'coach doctor' names the kept file.",
                title="Session log",
                severity="error",
                timeout=60,
            )

    def _tell_summary(self, run: RunningSession | None) -> None:
        from coach.tui.screens.summary import SummaryScreen

        for screen in self._app().screen_stack:
            if isinstance(screen, SummaryScreen) and screen.run is run and run is not None:
                screen.show_saved(run.error)

    # ------------------------------------------------------------ leaving

    def on_unmount(self) -> None:
        """The app is closing: finish a session still playing (one short write), close the log."""
        self.save_running_now()
        self.session_log.close()

    def save_running_now(self) -> None:
        """Finish a session still playing as stopped with the time played (on the UI thread)."""
        run = self.running
        if run is not None and not run.saved and run.started:
            player = getattr(self, "_running_player", None)
            outcome = run.outcome
            if outcome is None and player is not None:
                outcome = player.player.stop()
            # A failure here leaves the row in progress with its last saved progress: the
            # next start marks it abandoned, and that time still counts.
            if outcome is not None:
                with contextlib.suppress(Exception):
                    self.session_log.finish(run, outcome)
