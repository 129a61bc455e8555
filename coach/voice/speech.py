"""The voice adapter: speaks cues without ever blocking the caller.

Cues are synthesised ahead (``prepare``) by a worker thread that owns the
speech engine (a child process, see ``coach.voice.engine``) and cached on
disk. Each cue is played by a player child process (pw-play, paplay, aplay,
afplay or a configured command) with every stream on /dev/null, in its own
session, so nothing it prints reaches the screen and ``say``/``stop`` can kill
it at once. Without an engine, a library, a player or a device the session
goes on with a `SilentVoice` whose ``notice`` says what is missing.

Which player command is used, and how it is found: ``coach.voice.players``.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from coach.voice.engine import (
    DEFAULT_RATE,
    CueCache,
    SynthesisError,
    VoiceSettings,
    VoiceUnavailable,
)
from coach.voice.players import PLAYER_ENV, PLAYERS, Player, _alsa_cards, audio_outputs, find_player

__all__ = [
    "PLAYERS",
    "PLAYER_ENV",
    "Player",
    "SilentVoice",
    "SpeakingVoice",
    "Voice",
    "_alsa_cards",
    "audio_outputs",
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

    def say(self, text: str) -> None:
        """Stop any speech now and start saying ``text``; returns at once."""

    def stop(self) -> None:
        """Stop speech at once (pause, skip, mute)."""

    def set_muted(self, muted: bool) -> None:
        """Mute stops speech and makes later say() calls silent until unmuted."""

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

    def close(self) -> None:
        pass


# --- the speaking voice ------------------------------------------------------------------------


class SpeakingVoice:
    """A `Voice` with a cue cache, a worker thread for synthesis and a player process."""

    def __init__(self, cache: CueCache, player: Player) -> None:
        self.notice = ""
        self.failure = ""  # set when a player fails (see the Voice protocol)
        self.last_error = ""  # the latest synthesis or playback failure, for diagnostics
        self._cache = cache
        self._player = player
        self._lock = threading.Lock()  # guards everything below: say() and the worker race
        self._proc: subprocess.Popen[bytes] | None = None
        self._dying: list[subprocess.Popen[bytes]] = []  # killed, not yet reaped
        self._generation = 0  # bumped by say/stop/mute: a late synthesis plays only if current
        self._muted = False
        self._closed = False
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="coach-voice", daemon=True)
        self._worker.start()

    @property
    def synthesised(self) -> int:
        """Utterances the engine has synthesised (cache misses)."""
        return self._cache.synth.count

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The current player process, if any (for tests and diagnostics)."""
        return self._proc

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesise every text not cached yet; blocks until done."""
        missing = list(dict.fromkeys(t for t in texts if t.strip() and not self._cache.cached(t)))
        if not missing or self._closed:
            return
        job = _Job(missing, generation=None)
        self._jobs.put(job)
        job.done.wait()

    def say(self, text: str) -> None:
        """Kill the current cue and play ``text``; if not synthesised yet, the worker plays it."""
        with self._lock:
            if self._closed or self._muted or not text.strip():
                return
            self._generation += 1
            self._kill_locked()
            path = self._cache.cached(text)
            if path is not None:
                self._play_locked(path)
                return
            job = _Job([text], generation=self._generation)
        self._jobs.put(job)

    def stop(self) -> None:
        """Kill playback now; a cue still being synthesised will not play."""
        with self._lock:
            self._generation += 1
            self._kill_locked()

    def set_muted(self, muted: bool) -> None:
        """Muting kills playback now; say() stays silent until unmuted."""
        with self._lock:
            self._muted = muted
            if muted:
                self._generation += 1
                self._kill_locked()

    def tone(self, phase: str, seconds: float) -> None:
        """Not played yet (the tone channel comes next)."""

    def chime(self, kind: str) -> None:
        """Not played yet (the tone channel comes next)."""

    def close(self) -> None:
        """Kill playback, end the worker and the engine. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._generation += 1
            self._kill_locked()
        self._jobs.put(None)
        self._worker.join(timeout=30)
        self._cache.synth.close()
        with self._lock:
            self._reap_all()

    def _work(self) -> None:
        """The only thread that calls the engine."""
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                self._run(job)
            finally:
                job.done.set()

    def _run(self, job: _Job) -> None:
        for text in job.texts:
            if job.generation is not None and job.generation != self._generation:
                return  # a newer say() or a stop() came in: this cue is no longer wanted
            try:
                path = self._cache.cached(text) or self._cache.make(text)
            except SynthesisError as exc:
                self.last_error = str(exc)
                continue
            if job.generation is None:
                continue
            with self._lock:
                if job.generation == self._generation and not self._muted and not self._closed:
                    self._play_locked(path)

    def _play_locked(self, path: Path) -> None:
        try:
            self._proc = subprocess.Popen(
                self._player.command(path),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: killed whole, never ^C'd
                close_fds=True,
            )
        except OSError as exc:
            self.last_error = f"cannot start the player {self._player.argv[0]!r}: {exc}"
            self._proc = None

    def _kill_locked(self) -> None:
        """SIGKILL the player's process group now; reap it later, so say() never waits."""
        self._dying = [p for p in self._dying if p.poll() is None]
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)  # the player and anything it started
            else:
                proc.kill()
        except (ProcessLookupError, PermissionError):
            pass  # it ended on its own just now
        self._dying.append(proc)

    def _reap_all(self) -> None:
        for proc in self._dying:
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.last_error = f"player process {proc.pid} did not end after SIGKILL"
        self._dying = []


@dataclass
class _Job:
    texts: list[str]
    generation: int | None  # None: prepare (synthesise only); else say() of that generation
    done: threading.Event = field(default_factory=threading.Event)


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
