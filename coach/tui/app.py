"""The coach Textual app: build it with `build_app` (CLI and tests), run it with `run_app`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from coach.library import Entry, Library, load_library
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.home import HomeScreen
from coach.voice import SilentVoice

if TYPE_CHECKING:
    from coach.player import Outcome
    from coach.tui.screens.player import PlayerScreen
    from coach.voice import Voice

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
    theme: str = "nord"  # calm, low-glare colours; any Textual theme name


class CoachApp(App[int]):
    """Home (routine list) -> routine detail -> player."""

    CSS_PATH = "coach.tcss"
    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Leave coach"),
    ]

    def __init__(self, options: AppOptions, voice: Voice | None, play: Entry | None = None) -> None:
        super().__init__()
        self.options = options
        self.theme = options.theme
        # Without a voice given, the real one is opened in the background (its engine takes
        # ~0.1 s to start); until then, and if it cannot open, the session is silent.
        self.voice: Voice = voice if voice is not None else SilentVoice()
        self._open_voice = voice is None
        self.library: Library | None = None
        self.last_outcome: Outcome | None = None
        self._play = play
        self._notice_shown = False

    # ------------------------------------------------------------ start-up

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(cursor_blink=self.options.cursor_blink)

    def on_mount(self) -> None:
        self.load_routines()
        if self._open_voice:
            self.open_default_voice()
        else:
            self.show_voice_notice()
        if self._play is not None:
            self.open_player(self._play)

    @work(thread=True, exclusive=True, exit_on_error=False, group="library")
    def load_routines(self) -> Library:
        """Read every routine folder off the UI thread so the screen appears at once."""
        dirs = self.options.library_dirs
        return load_library(list(dirs) if dirs is not None else None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="voice-open")
    def open_default_voice(self) -> Voice:
        """Open the configured voice off the UI thread."""
        return default_voice()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One place for background results and failures."""
        worker = event.worker
        if worker.group == "library":
            if event.state == WorkerState.SUCCESS:
                self.library = worker.result
                self.home.show_library(self.library)
            elif event.state == WorkerState.ERROR:
                self.home.show_error(f"Could not read the routines: {worker.error} "
                                     "(run: coach validate)")
        elif worker.group == "voice-open":
            if event.state == WorkerState.SUCCESS:
                self.voice = worker.result
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
        self.open_player(message.entry)

    def open_player(self, entry: Entry) -> PlayerScreen:
        """Start a session of ``entry`` on a new player screen (cautions first)."""
        from coach.tui.screens.player import PlayerScreen

        screen = PlayerScreen(
            entry,
            voice=self.voice,
            clock=self.options.clock,
            speed=self.options.speed,
            tick_hz=self.options.tick_hz,
            reduced_motion=self.options.reduced_motion,
        )
        self.push_screen(screen)
        return screen

    def on_player_screen_finished(self, message: PlayerScreen.Finished) -> None:
        """A routine played to its end (the session log and summary hook in here)."""
        self.last_outcome = message.outcome

    def on_player_screen_stopped(self, message: PlayerScreen.Stopped) -> None:
        """A session was stopped early (the session log and summary hook in here)."""
        self.last_outcome = message.outcome

    def on_player_screen_closed(self, message: PlayerScreen.Closed) -> None:
        """The person left the player: back where they came from, or out of `coach play`."""
        if self.options.exit_after_play:
            self.exit(0)
        elif message.started:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        else:
            self.pop_screen()

    def on_unmount(self) -> None:
        self.voice.stop()


def default_voice() -> Voice:
    """The voice as config.yaml sets it up (as `coach play` opens it), else a silent one saying why."""
    from coach.cli.play import open_voice_or_silent

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
    theme: str = "nord",
) -> CoachApp:
    """The app, ready to run; the CLI and the tests both build it here."""
    options = AppOptions(
        library_dirs=tuple(library_dirs) if library_dirs is not None else None,
        clock=clock,
        speed=speed,
        reduced_motion=reduced_motion,
        cursor_blink=cursor_blink,
        tick_hz=tick_hz,
        exit_after_play=play is not None if exit_after_play is None else exit_after_play,
        theme=theme,
    )
    return CoachApp(options, voice, play)


def run_app(play: str | None = None, speed: float = 1.0, voice: Voice | None = None) -> int:
    """Open the app (on the player for ``play``, an id or a path); return the exit code."""
    entry = None
    if play is not None:
        from coach.cli.routines import resolve_or_fail

        entry = resolve_or_fail(play)
    app = build_app(play=entry, speed=speed, voice=voice)
    try:
        result = app.run()
    finally:
        app.voice.close()
    return int(result or app.return_code or 0)
