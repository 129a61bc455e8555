"""The voice adapter: speaks cues without ever blocking the caller.

Cues are synthesised ahead (``prepare``) by a worker thread that owns the
speech engine (a child process, see ``coach.voice.engine``) and cached on
disk; breath tones and chimes are made ahead too (``prepare_tones``). Each
sound is played by a player child process (pw-play, paplay, aplay, afplay or a
configured command) in its own session, so nothing it prints reaches the
screen and ``stop`` can kill it at once. Without an engine, a library, a
player or a device the session goes on with a `SilentVoice` whose ``notice``
says what is missing; a player that runs but fails sets ``failure``.

The speaking voice itself: ``coach.voice.speaking`` (its channels:
``coach.voice.channel``). Which player command is used, and how it is found:
``coach.voice.players``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from coach.voice.engine import DEFAULT_RATE, CueCache, VoiceSettings, VoiceUnavailable
from coach.voice.players import PLAYER_ENV, PLAYERS, Player, _alsa_cards, audio_outputs, find_player
from coach.voice.speaking import SpeakingVoice
from coach.voice.tones import BREATH_KINDS

if TYPE_CHECKING:
    from coach.playback.timeline import Timeline

__all__ = [
    "PLAYERS",
    "PLAYER_ENV",
    "Player",
    "SilentVoice",
    "SpeakingVoice",
    "Voice",
    "_alsa_cards",
    "audio_outputs",
    "breath_tones",
    "find_player",
    "open_voice",
]


class Voice(Protocol):
    """Speaks cues without ever blocking the caller."""

    notice: str  # one line to show when the voice is unavailable, else ""
    #: "" until a player fails (exits non-zero or prints an error); then one line saying so.
    failure: str

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesise these cue texts ahead of time (may block; call before playback)."""

    def prepare_tones(self, pairs: Iterable[tuple[str, float]]) -> None:
        """Make the breath tones for these (phase, wall seconds) and the chimes ahead (may block).

        Front ends pass ``breath_tones(timeline, speed)`` before playback.
        """

    def say(self, text: str) -> None:
        """Say ``text``; returns at once.

        A cue already playing is never cut: ``text`` follows right after it (only
        the newest waiting text is kept, and dropped if stale by then).
        """

    def stop(self) -> None:
        """Stop speech and the breath tone at once, and forget waiting cues (pause, skip)."""

    def set_muted(self, muted: bool) -> None:
        """Mute stops speech and tones and makes later say()/tone() calls silent until unmuted."""

    def tone(self, phase: str, seconds: float) -> None:
        """Start the breath tone for a phase lasting ``seconds`` (wall time); returns at once.

        Rising for inhale, falling for exhale, on its own channel beside speech;
        any other phase ends the tone playing. Silent while muted.
        """

    def chime(self, kind: str) -> None:
        """Play a short sound (coach.voice.tones.CHIME_KINDS); returns at once.

        pause, resume, mute and unmute sound even while muted (they confirm a
        key press); step and end are silent while muted.
        """

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s until nothing plays or waits to; True if it got there.

        Lets the closing words be heard to their end before close().
        """

    def close(self) -> None:
        """End the worker and any playback process."""


class SilentVoice:
    """A voice that says nothing: --no-voice, or no engine or audio device."""

    def __init__(self, notice: str = "") -> None:
        self.notice = notice
        self.failure = ""
        self.muted = False

    def prepare(self, texts: Iterable[str]) -> None:
        pass

    def say(self, text: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def tone(self, phase: str, seconds: float) -> None:
        pass

    def chime(self, kind: str) -> None:
        pass

    def prepare_tones(self, pairs: Iterable[tuple[str, float]]) -> None:
        pass

    def wait_idle(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        pass


def breath_tones(timeline: Timeline, speed: float = 1.0) -> list[tuple[str, float]]:
    """The (phase, wall seconds) of every inhale and exhale, for Voice.prepare_tones."""
    pairs = ((s.phase, s.duration / speed) for s in timeline.segments if s.phase in BREATH_KINDS)
    return list(dict.fromkeys(pairs))


def open_voice(
    enabled: bool = True,
    rate: int | None = None,
    volume: float | None = None,
    voice_name: str | None = None,
    player: str | None = None,
    cache_dir: Path | None = None,
) -> Voice:
    """A speaking voice, or a `SilentVoice` whose one-line notice says what is missing.

    Starting the engine takes ~0.1 s; call ``prepare`` with the routine's cue texts next.
    Raises ValueError for a rate or volume out of range (see coach.voice.engine.RATE_RANGE).
    """
    if not enabled:
        return SilentVoice()
    settings = VoiceSettings(
        DEFAULT_RATE if rate is None else rate,
        1.0 if volume is None else volume,
        voice_name or "",
    )
    from coach import locations
    from coach.voice.engine import EngineProcess

    folder = cache_dir if cache_dir is not None else locations.cache_dir() / "voice"
    try:
        chosen = find_player(player)
        engine = EngineProcess(settings)
    except VoiceUnavailable as exc:
        return SilentVoice(exc.notice)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        engine.close()
        reason = exc.strerror or type(exc).__name__
        return SilentVoice(
            f"Voice off: cannot write the voice cache {folder}: {reason} (run 'coach doctor')"
        )
    cache = CueCache(folder, engine, settings)
    cache.prune_temp()
    return SpeakingVoice(cache, chosen)
