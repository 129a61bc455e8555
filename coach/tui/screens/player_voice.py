"""The player's voice: synthesis ahead, the Mute/Unmute key, the muted line and the failure notice.

With eyes half closed a key must be heard: pause, resume, mute and unmute each
play a chime (the voice plays them even while muted). With eyes open the state
must be seen: while muted a line says so in words, with the key that undoes it,
and the footer offers what the key will do next ("Unmute"). With the voice off
there is nothing to mute, so no Mute key at all. A player command that fails
mid-session (``voice.failure``) gets a line that stays and one toast; the
session goes on.
"""

from __future__ import annotations

from textual import work
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from coach.common.safe_text import clean
from coach.playback.player import spoken_texts
from coach.playback.scheduler import CueScheduler, LockedPlayer
from coach.playback.timeline import Timeline
from coach.tui.widgets.board import SessionBoard
from coach.voice.speech import SilentVoice, Voice, breath_tones


class VoiceControls(Screen[None]):
    """Mixed into PlayerScreen, whose SessionBoard shows the muted and failure lines."""

    player: LockedPlayer
    scheduler: CueScheduler
    timeline: Timeline
    _tones: bool
    muted: bool = False
    _voice: Voice
    _failure: str = ""  # the voice failure shown, once it is

    @property
    def voice(self) -> Voice:
        return self._voice

    @voice.setter
    def voice(self, voice: Voice) -> None:
        """The app swaps in the real voice once it has opened: sound and the Mute key follow."""
        self._voice = voice
        with self.player.lock:
            self.scheduler.sounds = voice
        if self.muted:
            voice.set_muted(True)
        if self.is_mounted:
            self.refresh_bindings()

    @property
    def has_voice(self) -> bool:
        """False with the voice off (--no-voice, voice: false, or none here): no Mute key."""
        return not isinstance(self._voice, SilentVoice)

    def action_mute(self) -> None:
        """Turn the voice off; the session goes on, and the screen says it is muted."""
        self._set_muted(True)

    def action_unmute(self) -> None:
        """Turn the voice back on (and the breath tone of the moment)."""
        self._set_muted(False)

    def _set_muted(self, muted: bool) -> None:
        if muted == self.muted:
            return
        self.muted = muted
        with self.player.lock:  # not between a cue and the mute
            self.voice.set_muted(muted)
            self.voice.chime("mute" if muted else "unmute")
        if not muted:
            self.scheduler.restart_tone()
        self._board_voice(
            "muted",
            f"Sound muted (voice and tones) - press {self._key_for('unmute')} to unmute"
            if muted
            else "",
        )
        self.notify("Voice off" if muted else "Voice on", timeout=2)
        self.refresh_bindings()

    def _board_voice(self, which: str, text: str) -> None:
        self.query_one(SessionBoard).show_voice(which, text)

    def _key_for(self, action: str) -> str:
        """The key bound to ``action`` as the footer shows it (the person's keymap applied)."""
        for active in self.active_bindings.values():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding)
        return "m"

    def _show_failure(self) -> None:
        """A player that fails mid-session: a line that stays, one toast; the session goes on."""
        failure = clean(getattr(self.voice, "failure", "") or "")
        if not failure or failure == self._failure:
            return
        first = not self._failure
        self._failure = failure
        self._board_voice("failure", f"Sound: {failure}")
        if first:
            self.notify(failure, title="Sound", severity="warning", timeout=8, markup=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="voice")
    def prepare_voice(self) -> None:
        """Synthesise every cue ahead of time, off the UI thread; the clock never waits for it."""
        self.voice.prepare(spoken_texts(self.timeline))
        if self._tones:
            self.voice.prepare_tones(breath_tones(self.timeline, self.player.speed))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "voice":
            return
        if event.state == WorkerState.SUCCESS:
            self.app.show_voice_notice()  # type: ignore[attr-defined]
        elif event.state == WorkerState.ERROR:
            self.notify(
                clean(f"Voice off: {event.worker.error}"), title="Voice", timeout=8, markup=False
            )
