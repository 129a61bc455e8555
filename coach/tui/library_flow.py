"""The app's routine folders: watching them, reloading, the routine files view, settings.

Mixed into CoachApp.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import App
from textual.worker import NoActiveWorker, get_current_worker

from coach.routines.library import Library, layers, load_library
from coach.tui.appconfig import apply_config
from coach.tui.watch import FolderWatcher, reload_notice
from coach.voice.speech import SilentVoice

if TYPE_CHECKING:
    from textual.worker import Worker

    from coach.common.problems import Problem
    from coach.routines.library import Entry
    from coach.settings.config import Config
    from coach.tui.app import CoachApp
    from coach.tui.screens.player import PlayerScreen
    from coach.voice.speech import Voice


#: While a session plays, the watch timer looks at the folders only every this many ticks.
SESSION_POLL_EVERY = 10


class LoadAbandoned(Exception):
    """A library load given up while it waited for a session's end (its worker was cancelled)."""


class LibraryFlow(App[int]):
    """Routine folders, the routine files view and settings, for CoachApp."""

    options: Any
    watcher: Any
    _changed_files: set[Path]
    library: Library | None
    voice: Voice
    config: Config
    _given_voice: Voice | None  # the voice given to the app, put back when switched on
    _open_voice: bool  # the voice is ours to open and close

    _preloaded: Library | None  # read by the command that opened the app: not read again

    if TYPE_CHECKING:  # defined on CoachApp (coach/tui/app.py) and CheckInFlow

        def open_default_voice(self) -> Worker[Voice]: ...

        def open_player(
            self, entry: Entry, speed: float | None = None, record: bool | None = None
        ) -> PlayerScreen: ...

        def start_gated(self, entry: Entry, start: Callable[[], object]) -> None: ...

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Set while no session plays: a library load waits for it between files.
        self._between_sessions = threading.Event()
        self._between_sessions.set()

    def wait_between_sessions(self) -> None:
        """Called between the files of a library load, in its worker: wait while a session plays.

        With 1,000 routine files not parsed before, a load is seconds of CPU, and the app
        starts it at once, so `coach play FILE`'s session began while it ran: the app used 12 %
        more of a core and its event loop stalled behind the worker (up to 0.8 s). A session
        needs no library; the load goes on when the session ends (or its player closes).
        """
        if self._between_sessions.is_set():
            return
        try:
            worker = get_current_worker()
        except NoActiveWorker:
            worker = None
        from coach.tui.screens.player import PlayerScreen

        while not self._between_sessions.wait(0.25):
            if worker is not None and worker.is_cancelled:
                raise LoadAbandoned  # a newer load, or the app is closing
            if not any(isinstance(s, PlayerScreen) for s in list(self.screen_stack)):
                return  # no player any more, whatever became of its session

    def on_player_screen_started(self, message: PlayerScreen.Started) -> None:
        self._between_sessions.clear()

    def on_player_screen_finished(self, message: PlayerScreen.Finished) -> None:
        self._between_sessions.set()

    def on_player_screen_stopped(self, message: PlayerScreen.Stopped) -> None:
        self._between_sessions.set()

    def on_player_screen_closed(self, message: PlayerScreen.Closed) -> None:
        self._between_sessions.set()

    @property
    def library_folders(self) -> list[tuple[str, Path]]:
        """The routine folders this app reads (and watches), lowest precedence first."""
        dirs = self.options.library_dirs
        return list(dirs) if dirs is not None else layers()

    @work(thread=True, exclusive=True, exit_on_error=False, group="library")
    def load_routines(self) -> Library:
        """Read every routine folder off the UI thread so the screen appears at once."""
        if self.watcher is None:
            # What the folders hold before this load reads them: an edit from now on is seen.
            # Made here, not at mount: stat-ing 1,000 files held up the first screen.
            self.watcher = FolderWatcher(folder for _, folder in self.library_folders)
        preloaded, self._preloaded = self._preloaded, None
        if preloaded is not None:
            return preloaded
        dirs = self.options.library_dirs
        folders = list(dirs) if dirs is not None else None
        return load_library(folders, self.wait_between_sessions)

    _poll_ticks = 0

    def poll_tick(self) -> None:
        """The watch timer: look at the folders, only every 5 s during a session (a look at
        1,000 files is 20 ms of CPU; an edit can wait for the session's end)."""
        self._poll_ticks += 1
        playing = not self._between_sessions.is_set()  # no player module import at start-up
        if playing and self._poll_ticks % SESSION_POLL_EVERY:
            return
        if self.watcher is None or any(w.group == "library" for w in self.workers):
            return  # a load reads every file now (and the first one makes the watcher)
        self.poll_library()

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def poll_library(self) -> None:
        """Reload the routines if a file in their folders changed (runs about twice a second).

        The stat calls run on a worker thread: a clinic's folder of 1,000 files costs
        20 ms a look, which on the UI thread would stall a frame of the player.
        """
        changed = self.watcher.changed()
        if changed:
            self.call_from_thread(self._files_changed, changed)

    def _files_changed(self, changed: list[Path]) -> None:
        self._changed_files.update(changed)
        self.load_routines()

    def library_reloaded(self, library: Library) -> None:
        """Show a fresh library in the routine files view and say which changed file did what."""
        from coach.tui.screens.routines import RoutinesScreen

        for screen in self.screen_stack:
            if isinstance(screen, RoutinesScreen):
                screen.show_library(library)
        if self._changed_files:
            text, severity = reload_notice(sorted(self._changed_files), library)
            self._changed_files.clear()
            self.notify(
                text,
                title="Routine files",
                severity=severity,  # type: ignore[arg-type]
                timeout=8 if severity == "error" else 3,
            )

    def _voice_opened(self, voice: Voice) -> None:
        """The voice opened in the background: a player that has the silent stand-in takes it."""
        stand_in, self.voice = self.voice, voice
        if "coach.tui.screens.player" not in sys.modules:
            return  # no player yet (importing it here held up the first screen ~50 ms)
        from coach.tui.screens.player import PlayerScreen

        for screen in self.screen_stack:
            if isinstance(screen, PlayerScreen) and screen.voice is stand_in:
                screen.voice = voice
                screen.prepare_voice()

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-file")
    def check_settings_file(self) -> list[Problem]:
        """config.yaml's problems, read off the UI thread (told once, at start)."""
        from coach.settings.config import load_config

        return load_config().problems

    def show_settings_problems(self, problems: list[Problem]) -> None:
        """Say once that config.yaml has problems, the first one, and where to fix them."""
        if not problems:
            return
        from coach.tui.keymap import key_label

        first = problems[0]
        more = " …" if len(problems) > 1 else ""
        key = key_label(self.config.keys.get("settings") or "s")
        self.notify(
            f"Settings file has {len(problems)} problem(s): line {first.line}: "
            f"{first.message}{more} (see '{key}' settings / coach config)",
            title="Settings",
            severity="warning",
            timeout=12,
            markup=False,
        )

    def action_settings(self) -> None:
        """Open the settings screen."""
        from coach.tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_routines(self) -> None:
        """Open the routine files view: every file, its problems, and a fast preview."""
        from coach.tui.screens.routines import DEFAULT_SPEED, RoutinesScreen

        # The preview speed the person chose is kept for the next visit.
        last = getattr(self, "_routines_screen", None)
        speed = last.speed if last is not None else DEFAULT_SPEED
        self._routines_screen = RoutinesScreen(self.library, self.library_folders, speed)
        self.push_screen(self._routines_screen)

    def on_routines_screen_preview_chosen(self, message: object) -> None:
        entry, speed = message.entry, message.speed  # type: ignore[attr-defined]
        # A preview is never a logged session, but it is exercise all the same: gated.
        self.start_gated(entry, lambda: self.open_player(entry, speed=speed, record=False))

    def apply_config(self, config: Config) -> None:
        """Apply saved settings to the running app (theme, motion, keys, voice)."""
        apply_config(cast("CoachApp", self), config)  # this class is only mixed into it

    def routine_voice(self, entry: Any) -> Any:
        """The voice for ``entry``: the app's, or for a routine in another language (when the
        app opened its voice from config.yaml) one speaking that language, kept for reuse."""
        language = entry.routine.language
        if language == "en" or not self._open_voice or isinstance(self.voice, SilentVoice):
            return self.voice
        voices = self.__dict__.setdefault("_language_voices", {})
        if language not in voices:
            from coach.services.voice import open_voice_or_silent

            voices[language] = open_voice_or_silent(True, language)
        return voices[language]

    def close_voices(self) -> None:
        """Close the app's voice and every language's voice (on exit, or voice off)."""
        for voice in self.__dict__.pop("_language_voices", {}).values():
            voice.close()
        self.voice.close()

    def set_voice_enabled(self, on: bool) -> None:
        """Voice on or off from now on (the player's m still mutes one session)."""
        if not on:
            for voice in self.__dict__.pop("_language_voices", {}).values():
                voice.close()
            if self._open_voice:
                self.voice.close()
            self.voice = SilentVoice()
        elif self._given_voice is not None:
            self.voice = self._given_voice
        else:
            self._open_voice = True  # ours to close again
            self.open_default_voice()
