"""The player: cautions first, then the step, a big countdown and the breathing gauge.

What is drawn comes from ``player.snapshot()`` on every frame, so the display
never drifts from the clock. A frame is drawn when the screen next changes
(coach/tui/frames.py: a second, a segment, an eighth of the gauge), at most
``tick_hz`` times a second, and each widget is given only what it can show, so
nothing is repainted or sent to the terminal between changes.

Sound never waits for a frame: the cue scheduler (coach/playback/scheduler.py)
sleeps in its own thread until each deadline and fires cues, tones and chimes
straight into the voice; every key that changes the player re-plans it. With
``cue_thread`` off (tests on a fake clock) each tick() fires what is due instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Header

from coach.common.safe_text import clean
from coach.playback.player import Outcome, Snapshot
from coach.playback.scheduler import CueScheduler, LockedPlayer
from coach.playback.timeline import compile_routine
from coach.routines.library import Entry
from coach.services.cue_trace import open_cue_trace
from coach.tui.describe import clock_text, motion_level, phase_detail, phase_word
from coach.tui.frames import next_change
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.screens.player_voice import VoiceControls
from coach.tui.widgets.board import SessionBoard
from coach.tui.widgets.footer import SteadyFooter
from coach.tui.widgets.panels import DonePanel, StartPanel
from coach.voice.speech import Voice

#: At most this many gauge frames a second. Textual re-sends each bar row from the
#: gauge's left edge to the changed cell, about 1 KB a frame at 80x24: 30 a second
#: would be 35 KiB/s over ssh. The bar still moves by eighths of a cell.
GAUGE_HZ = 8.0

#: Which actions each player state offers (the footer shows only these).
_ACTIONS = {
    "ready": {"begin", "leave", "mute", "unmute"},
    "playing": {"pause", "skip", "back", "mute", "unmute", "stop"},
    "paused": {"resume", "skip", "back", "mute", "unmute", "stop"},
    "finished": {"close"},
    "stopped": {"close"},
}


class PlayerScreen(VoiceControls):
    """Plays one routine, guided by the words on screen and the voice."""

    BINDINGS = [
        Binding(
            "space,enter",
            "begin",
            "Begin",
            id="player.begin",
            key_display="space",
            tooltip="Start the routine",
        ),
        Binding("space", "pause", "Pause", id="player.pause", tooltip="Pause (and stop speaking)"),
        Binding("space", "resume", "Resume", id="player.resume", tooltip="Go on from here"),
        Binding("n", "skip", "Skip", id="player.skip", tooltip="Skip to the next step"),
        Binding(
            "b",
            "back",
            "Back a step",
            id="player.back",
            tooltip="Restart this step; press twice for the step before",
        ),
        # One key, two bindings: the footer offers what the key will do (check_action).
        Binding("m", "mute", "Mute", id="player.mute", tooltip="Turn the voice off"),
        Binding("m", "unmute", "Unmute", id="player.unmute", tooltip="Turn the voice back on"),
        Binding("q", "stop", "Stop", id="player.stop", tooltip="End the session (asks first)"),
        Binding(
            "escape,q",
            "leave",
            "Back",
            id="player.leave",
            key_display="esc",
            tooltip="Back without starting",
        ),
        Binding(
            "enter,escape",
            "close",
            "Done",
            id="player.close",
            key_display="enter",
            tooltip="Close the player",
        ),
    ]

    @dataclass
    class Started(Message):
        """The first step began (the session log records an in-progress session here)."""

        entry: Entry

    @dataclass
    class Finished(Message):
        """The routine played to its end."""

        entry: Entry
        outcome: Outcome

    @dataclass
    class Stopped(Message):
        """The person stopped the session before the end."""

        entry: Entry
        outcome: Outcome

    @dataclass
    class Closed(Message):
        """The person left the player screen; ``started`` is False if they left before starting."""

        entry: Entry
        started: bool

    def __init__(
        self,
        entry: Entry,
        *,
        voice: Voice,
        clock: Callable[[], float],
        speed: float = 1.0,
        tick_hz: float = 30.0,
        reduced_motion: bool = False,
        tones: bool = True,
        spoken_cycles: int | None = None,
        cue_thread: bool | None = None,
    ) -> None:
        super().__init__()
        self.entry = entry
        self.routine = entry.routine
        #: ``spoken_cycles``: breaths that still say the breathing words (None: all).
        self.timeline = compile_routine(entry.routine, spoken_cycles=spoken_cycles)
        self._tones = tones
        self.player = LockedPlayer(self.timeline, clock=clock, speed=speed)
        self.muted = False
        trace = open_cue_trace("app", clock)  # COACH_CUE_TRACE (benchmarks/bench_cues.py)
        self.scheduler = CueScheduler(
            self.player, voice, tones=tones, on_say=trace.said if trace else None
        )
        self._trace = trace
        self.voice = voice
        #: Sound from the scheduler's own thread (the real app) or from tick() (a fake clock).
        self.cue_thread = tick_hz > 0 if cue_thread is None else cue_thread
        self._failure = ""  # the voice failure shown, once it is
        self.outcome: Outcome | None = None
        self._tick_hz = tick_hz
        self._reduced_motion = reduced_motion
        self._timer: Timer | None = None  # the next frame, when the screen next changes
        self.frames_running = False  # frames are scheduled only while playing
        #: Frames drawn by the timer (for tests and benchmarks).
        self.frames = 0

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        with ContentSwitcher(initial="start", id="panels"):
            yield StartPanel(self.routine, id="start")
            yield SessionBoard(still=self._reduced_motion, id="run")
            yield DonePanel(id="done")
        yield SteadyFooter()

    def on_mount(self) -> None:
        speed = self.player.speed
        self.sub_title = clean(self.routine.title) + (
            f"  ·  {speed:g}x preview" if speed != 1 else ""
        )
        self._board = self.query_one(SessionBoard)
        self.prepare_voice()
        if self.cue_thread:
            self.scheduler.start()

    # ------------------------------------------------------------ frames

    def tick(self) -> None:
        """One frame: draw the player's state at this instant (sound is the scheduler's)."""
        if not self.cue_thread:
            self.scheduler.run_due()  # a fake clock: the test's frame stands in for the thread
        self._show_failure()
        snap = self.player.snapshot()
        self._draw(snap)
        if snap.state == "finished" and self.outcome is None:
            self._end(self.player.stop())
        elif snap.state == "playing":
            self._schedule(snap)

    def _frame(self) -> None:
        self._timer = None
        self.frames += 1
        self.tick()

    def _schedule(self, snap: Snapshot) -> None:
        """Wake for the next frame when something on screen changes (not on a fixed beat)."""
        if not self.frames_running or self._tick_hz <= 0:
            return
        delay = next_change(
            snap,
            gauge_steps=self._board.gauge_steps(),
            progress_cells=self._board.progress_cells(),
            frame=max(1 / self._tick_hz, 1 / GAUGE_HZ),
        )
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(delay, self._frame, name="player frame")

    def _draw(self, snap: Snapshot) -> None:
        """Give the board what it shows at this instant; it repaints only the cells that change."""
        board = self._board
        step = self.routine.steps[snap.step_index]
        seg = snap.segment
        paused = snap.state == "paused"
        title = f"Step {snap.step_index + 1} of {snap.total_steps}  ·  {step.name}"
        nxt = snap.next_step
        board.show_text(
            title,
            step.instruction,
            f"Next: {nxt.name}" if nxt else "Last step",
            paused=paused,
        )
        board.show_count(clock_text(snap.step.end - snap.position))
        board.show_gauge(
            motion_level(seg, snap.segment_progress, snap.gauge),
            "Paused" if paused else phase_word(seg, step),
            phase_detail(seg, step),
            clock_text(snap.segment_remaining),
            seg.phase,
        )
        board.show_progress(snap.position, snap.total)
        board.show_time_left(f"{clock_text(snap.remaining)} left")

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mute", "unmute"):
            offered = self.has_voice and "mute" in _ACTIONS.get(self.player.state, set())
            return offered and self.muted == (action == "unmute")
        if action in ("begin", "pause", "resume", "skip", "back", "stop", "leave", "close"):
            return action in _ACTIONS.get(self.player.state, set())
        return True

    def action_begin(self) -> None:
        """Start the first step."""
        with self.scheduler.changing():
            began = self.player.play()
        if not began:
            return
        self.query_one(ContentSwitcher).current = "run"
        self._run_timer(True)
        self.post_message(self.Started(self.entry))
        self.tick()
        self.refresh_bindings()

    def action_pause(self) -> None:
        """Freeze the session exactly where it is, stop speaking, and say so with a sound."""
        with self.scheduler.changing():
            paused = self.player.pause()
            if paused:
                self.voice.stop()
                self.voice.chime("pause")
        if paused:
            self._run_timer(False)
            self.tick()
            self.refresh_bindings()

    def action_resume(self) -> None:
        """Go on from where the session was paused (a sound, then the breath tone again)."""
        with self.scheduler.changing():
            resumed = self.player.resume()
            if resumed:
                self.voice.chime("resume")
        if resumed:
            self.scheduler.restart_tone()
            self._run_timer(True)
            self.tick()
            self.refresh_bindings()

    def action_skip(self) -> None:
        """Jump to the next step (the last step's skip ends the routine)."""
        with self.scheduler.changing():
            skipped = self.player.skip()
            if skipped:
                self.voice.stop()
        if skipped:
            self.tick()

    def action_back(self) -> None:
        """Restart this step, or go to the one before if it has only just begun."""
        with self.scheduler.changing():
            moved = self.player.back()
            if moved:
                self.voice.stop()
        if moved:
            self.tick()

    def action_stop(self) -> None:
        """Ask before ending the session; it pauses while the question is open."""
        was_playing = self.player.state == "playing"
        if was_playing:
            self.action_pause()

        def answered(yes: bool | None) -> None:
            if yes:
                with self.scheduler.changing():
                    self.voice.stop()
                    outcome = self.player.stop()
                self._end(outcome)
            elif was_playing:
                self.action_resume()

        self.app.push_screen(ConfirmScreen("Stop this session?"), answered)

    def action_leave(self) -> None:
        """Leave before starting."""
        self.post_message(self.Closed(self.entry, started=False))

    def action_close(self) -> None:
        """Leave after the session ended."""
        self.post_message(self.Closed(self.entry, started=True))

    # ------------------------------------------------------------ endings

    def _end(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self._run_timer(False)
        self.query_one(DonePanel).show(self.routine, outcome)
        self.query_one(ContentSwitcher).current = "done"
        self.refresh_bindings()
        message = self.Finished if outcome.finished else self.Stopped
        self.post_message(message(self.entry, outcome))

    def _run_timer(self, running: bool) -> None:
        """Frames on or off; the next tick() schedules the first one."""
        self.frames_running = running
        if not running and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def on_unmount(self) -> None:
        self.scheduler.close()
        self.voice.stop()
        if self._trace is not None:
            self._trace.close()
