"""The coach Textual app: build it with `build_app` (CLI and tests), run it with `run_app`."""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from coach.common.safe_text import clean
from coach.playback.guidance import plays_tones, spoken_cycles_for
from coach.routines.library import Entry, Library
from coach.services.launch import AppRequest
from coach.settings.config import Config
from coach.tui.appconfig import register_themes
from coach.tui.checkin_flow import CheckInFlow
from coach.tui.commands import CoachCommands
from coach.tui.keymap import keymap_for
from coach.tui.library_flow import LibraryFlow
from coach.tui.partial_update import crop_partial_updates
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.session_flow import SessionLogFlow
from coach.tui.themes import HIGH_CONTRAST, NoDim, theme_for
from coach.voice.speech import SilentVoice

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from coach.common.problems import Problem
    from coach.playback.player import Outcome
    from coach.tui.screens.player import PlayerScreen
    from coach.tui.widgets.suggestions import CheckInOutcome
    from coach.voice.speech import Voice

Clock = Callable[[], float]


@dataclass(frozen=True)
class AppOptions:
    """Everything that shapes one run of the app; tests pin the time-dependent parts."""

    library_dirs: tuple[tuple[str, Path], ...] | None = None  # None: the normal layers
    clock: Clock = time.monotonic
    speed: float = 1.0
    reduced_motion: bool = False  # the gauge shows the phase in words over a still bar
    cursor_blink: bool = True
    tick_hz: float = 30.0  # 0 turns the display timer off (tests call PlayerScreen.tick)
    exit_after_play: bool = False  # `coach play X`: leave the app when the session ends
    theme: str = ""  # a Textual theme name; "" takes config.yaml's (coach-calm by default)
    config: Config | None = None  # None: the defaults (run_app reads config.yaml)
    watch_interval: float = 0.5  # seconds between looks at the routine files; 0: none
    first_launch_notice: bool = True  # the wellness notice, until it has been read once
    record_sessions: bool | None = None  # None: record, except previews (speed above 1)
    wall_clock: Callable[[], datetime] | None = None  # the session log's "now"; tests pin it
    log_path: Path | None = None  # None: the session log in coach.locations' data folder


class CoachApp(CheckInFlow, LibraryFlow, SessionLogFlow, App[int]):
    """Home (routine list) -> routine detail -> player."""

    CSS_PATH = ["coach.tcss", "log.tcss"]
    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {CoachCommands}  # no theme switcher: config has it
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Leave coach"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.palette",
            priority=True,
            show=False,
            tooltip="Play a routine or open any screen by name",
        ),
    ]

    def __init__(
        self,
        options: AppOptions,
        voice: Voice | None,
        play: Entry | None = None,
        library: Library | None = None,
    ) -> None:
        super().__init__()
        crop_partial_updates()  # only the changed cells of a line reach the terminal
        self.options = options
        self.init_session_log()
        self.config = options.config or Config()
        register_themes(self)
        self.theme = options.theme or theme_for(self.config.theme)
        self._given_voice = voice  # put back when the voice is switched on again
        if not self.config.voice:
            voice = SilentVoice()
        # Without a voice given, the real one is opened in the background (its engine takes
        # ~0.1 s to start); until then, and if it cannot open, the session is silent.
        self.voice: Voice = voice if voice is not None else SilentVoice()
        self._open_voice = voice is None
        self.library: Library | None = None
        self._preloaded = library  # read by the command that opened the app: not read again
        self.last_outcome: Outcome | None = None
        self._play = play
        self._notice_shown = False
        #: Today's check-in and its suggestions (the latest stored one at start-up).
        self.checkin_outcome: CheckInOutcome | None = None
        self._today_loaded = False  # the start-up worker has read today's stored check-in

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from any screen, as literal cleaned text: messages quote titles,
        paths and errors (text is data, DESIGN.md), so markup is never read from them."""
        super().notify(
            clean(message), title=clean(title), severity=severity, timeout=timeout, markup=False
        )

    # ------------------------------------------------------------ start-up

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(cursor_blink=self.options.cursor_blink)

    def on_mount(self) -> None:
        self.set_keymap(keymap_for(self.config.keys))
        self.watcher = None  # made by the first load (library_flow.py), off the UI thread
        self._changed_files: set[Path] = set()
        if self.options.watch_interval > 0:
            self.set_interval(self.options.watch_interval, self.poll_tick)
        self.load_routines()
        self.open_session_log()
        self.check_settings_file()
        if self._open_voice:
            self.open_default_voice()
        else:
            self.show_voice_notice()
        if self._play is not None:
            self.begin_routine(self._play)  # pain before first, when the session is recorded
        elif self.options.first_launch_notice:
            self.check_first_launch()

    @work(thread=True, exclusive=True, exit_on_error=False, group="voice-open")
    def open_default_voice(self) -> Voice:
        """Open the configured voice off the UI thread."""
        return default_voice()

    # A damaged log is moved aside by whichever opener comes first, and only that opener
    # learns where it went. The app's own SessionLog opens it first (every start-up reader
    # waits for it), so its notice is told once, by SessionLogFlow, when a log-* worker ends.
    @work(thread=True, exclusive=True, exit_on_error=False, group="log-open")
    def open_session_log(self) -> None:
        """Open (migrate, or recover) the session log once, before anything else reads it."""
        self.session_log.store()

    def _session_log_opened(self) -> None:
        """Wait for the session log's first open (in a worker); a failure is the caller's to meet."""
        # A failure is told by the log-open worker; the callers cope with no log alone.
        with contextlib.suppress(Exception):
            self.session_log.store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="first-launch")
    def check_first_launch(self) -> bool:
        """Whether the wellness notice was read before (from the session log)."""
        from coach.tui.screens.notice import notice_seen

        self._session_log_opened()
        return notice_seen()

    # A fixed description: by default Textual's @work describes a call with repr() of its
    # arguments, on the UI thread, and 1,000 routines' repr took 120 ms.
    @work(thread=True, exclusive=True, exit_on_error=False, group="today", description="today")
    def load_today(self, library: Library) -> CheckInOutcome | None:
        """Today's latest stored check-in, ranked again, for the home screen's panel."""
        from coach.tui.screens.checkin import todays_outcome

        self._session_log_opened()
        return todays_outcome(library.routines)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for background results and failures."""
        worker = event.worker
        if worker.group == "library":
            if event.state == WorkerState.SUCCESS:
                self.library = library = cast(Library, worker.result)
                # What is loaded now lives as long as the app: out of the collector's full
                # passes, which took 250 ms on the UI thread with 1,000 routine files.
                gc.freeze()
                self.home.show_library(library)
                self.library_reloaded(library)
                if self.checkin_outcome is None:
                    self.load_today(library)
            elif event.state == WorkerState.ERROR:
                self.home.show_error(
                    f"Could not read the routines: {worker.error} (run: coach validate)"
                )
        elif worker.group == "first-launch":
            # Unreadable log: better shown twice than never.
            if event.state == WorkerState.ERROR or (
                event.state == WorkerState.SUCCESS and not worker.result
            ):
                self.show_first_launch_notice()
        elif worker.group == "today":
            self._today_loaded = event.state in (WorkerState.SUCCESS, WorkerState.ERROR)
            # A check-in made meanwhile is newer than the stored one.
            if event.state == WorkerState.SUCCESS and self.checkin_outcome is None:
                self.show_checkin_outcome(worker.result)
        elif worker.group == "log-open" and event.state == WorkerState.ERROR:
            self.notify(
                f"The session log could not be opened ({_reason(worker.error)}); "
                "sessions will not be saved.",
                title="Session log",
                severity="warning",
                timeout=10,
            )
        elif worker.group == "settings-file" and event.state == WorkerState.SUCCESS:
            self.show_settings_problems(cast("list[Problem]", worker.result))
        elif worker.group == "voice-open":
            if event.state == WorkerState.SUCCESS:
                self._voice_opened(cast("Voice", worker.result))
            elif event.state == WorkerState.ERROR:
                self.voice = SilentVoice(f"Voice off: {worker.error} (run 'coach doctor')")
            if event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
                self.show_voice_notice()

    @property
    def home(self) -> HomeScreen:
        """The home screen (always at the bottom of the stack)."""
        return next(s for s in self.screen_stack if isinstance(s, HomeScreen))

    def show_voice_notice(self) -> None:
        """Say once, in one line, that the session will be silent (if it will)."""
        notice = getattr(self.voice, "notice", "")
        if notice and not self._notice_shown:
            self._notice_shown = True
            self.notify(notice, title="Voice", timeout=8)

    # ----------------------------------------------------------- navigation

    def on_home_screen_routine_chosen(self, message: HomeScreen.RoutineChosen) -> None:
        self.push_screen(DetailScreen(message.entry))

    def on_detail_screen_play_chosen(self, message: DetailScreen.PlayChosen) -> None:
        entry = message.entry
        # The gate first, then pain before (when the session is recorded).
        self.start_gated(entry, lambda: self.begin_routine(entry))

    def open_player(
        self, entry: Entry, speed: float | None = None, record: bool | None = None
    ) -> PlayerScreen:
        """Start ``entry`` on a new player screen; ``record`` None: unless a preview above 1x."""
        from coach.tui.screens.player import PlayerScreen

        screen = PlayerScreen(
            entry,
            voice=self.routine_voice(entry),
            clock=self.options.clock,
            speed=self.options.speed if speed is None else speed,
            tick_hz=self.options.tick_hz,
            reduced_motion=self.options.reduced_motion,
            tones=plays_tones(self.config.guidance),
            spoken_cycles=spoken_cycles_for(self.config.guidance, self.config.spoken_cycles),
        )
        self.push_screen(screen)
        self.plan_run(entry, screen.player.speed, record)
        return screen

    def on_player_screen_finished(self, message: PlayerScreen.Finished) -> None:
        """A routine played to its end (the session log and summary hook in here)."""
        self.last_outcome = message.outcome

    def on_player_screen_stopped(self, message: PlayerScreen.Stopped) -> None:
        """A session was stopped early (the session log and summary hook in here)."""
        self.last_outcome = message.outcome

    def on_player_screen_closed(self, message: PlayerScreen.Closed) -> None:
        """The person left the player: back where they came from, or out of `coach play`."""
        if self.summary_after(message.started):
            return  # a recorded session: the summary first (session_flow.py)
        if self.options.exit_after_play:
            self.exit(0)
        elif message.started:
            from coach.tui.screens.routines import RoutinesScreen

            self.pop_screen()
            # A preview started from the routine files view goes back there, the rest home.
            while len(self.screen_stack) > 1 and not isinstance(self.screen, RoutinesScreen):
                self.pop_screen()
        else:
            self.pop_screen()

    def get_line_filters(self):  # type: ignore[no-untyped-def]
        filters = list(super().get_line_filters())
        if self.theme == HIGH_CONTRAST:
            # First: the colour filter turns dim into a faded colour, and there must be none.
            filters.insert(0, NoDim())
        return filters

    def on_unmount(self) -> None:
        self.voice.stop()


def _reason(error: BaseException | None) -> str:
    """A failure in words: a StoreError's message and hint, else the exception's text."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    hint = getattr(error, "hint", "")
    return f"{message} ({hint})" if hint else message


def default_voice() -> Voice:
    """The voice as config.yaml sets it up (as `coach play` opens it), else a silent one saying why."""
    from coach.services.voice import open_voice_or_silent

    try:
        return open_voice_or_silent(enabled=True)  # type: ignore[no-any-return]
    except Exception as exc:  # noqa: BLE001 - a broken voice must never stop a session
        return SilentVoice(f"Voice off: {exc} (run 'coach doctor')")


def build_app(
    *,
    play: Entry | None = None,
    speed: float = 1.0,
    voice: Voice | None = None,
    clock: Clock = time.monotonic,
    library_dirs: list[tuple[str, Path]] | None = None,
    reduced_motion: bool = False,
    cursor_blink: bool = True,
    tick_hz: float = 30.0,
    exit_after_play: bool | None = None,
    theme: str = "",
    config: Config | None = None,
    watch_interval: float = 0.5,
    first_launch_notice: bool = True,
    record_sessions: bool | None = None,
    wall_clock: Callable[[], datetime] | None = None,
    log_path: Path | None = None,
    library: Library | None = None,
) -> CoachApp:
    """The app, ready to run; the CLI and the tests both build it here."""
    options = AppOptions(
        library_dirs=tuple(library_dirs) if library_dirs is not None else None,
        clock=clock,
        speed=speed,
        reduced_motion=reduced_motion or bool(config and config.reduced_motion),
        cursor_blink=cursor_blink,
        tick_hz=tick_hz,
        exit_after_play=play is not None if exit_after_play is None else exit_after_play,
        theme=theme,
        config=config,
        watch_interval=watch_interval,
        first_launch_notice=first_launch_notice,
        record_sessions=record_sessions,
        wall_clock=wall_clock,
        log_path=log_path,
    )
    return CoachApp(options, voice, play, library)


def run_app(request: AppRequest | None = None) -> int:
    """Open the app (on the player for ``request.play``); return the exit code."""
    from coach.settings.config import load_config

    request = request or AppRequest()
    app = build_app(
        play=request.play,
        speed=request.speed,
        voice=request.voice,
        config=load_config().config,
        record_sessions=request.record,
        library=request.library,
    )
    try:
        result = app.run()
    finally:
        app.close_voices()
    return int(result or app.return_code or 0)
