"""The speaking voice: cues, breath tones and chimes, each on its own player channel.

Speech never cuts a started cue on its own: a ``say`` while a cue plays waits
for it to end (only the newest waiting text is kept, and it is dropped when
more than PENDING_STALE_SECONDS old by then: "Breathe in" said late is worse
than silence). Only ``stop``, mute and ``close`` cut speech, at once.

Breath tones and chimes play on channels of their own beside speech (the same
player command; the sound server or ALSA's dmix mixes the streams), from WAVs
made by coach.voice.tones and kept in ``<voice cache>/tones``. Front ends make
them ahead with ``prepare_tones``; during a session only ready files are
started on the caller's thread, and a missing one is made by the worker and
played only if still wanted. Chimes get their own channel so a breath tone
starting with a new step does not cut the step's chime.

Every player's exit status and error output is watched (coach.voice.channel):
the first failure not caused by our own kill is kept in ``failure``.
"""

from __future__ import annotations

import queue
import subprocess
import threading
import time
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coach.voice.channel import Channel, Run, player_failure
from coach.voice.engine import CueCache, SynthesisError, wav_info
from coach.voice.players import Player
from coach.voice.tones import BREATH_KINDS, CHIME_KINDS, MAX_TONE_SECONDS, QUANTUM, tone_file

#: A waiting cue older than this (seconds) when its turn comes is dropped, not said late.
PENDING_STALE_SECONDS = 1.0
#: Breath tones shorter than this are not played (too short to hear as a glide).
MIN_TONE_SECONDS = 0.1
#: A cue still playing this long (seconds) after its sound should have ended is stuck
#: (a player blocked on a busy device): the next say() ends it rather than wait behind it.
STUCK_GRACE_SECONDS = 1.0
#: Chimes that confirm a key press: they sound while muted and outlive stop().
CONFIRM_CHIMES = ("pause", "resume", "mute", "unmute")


def _tone_key(kind: str, seconds: float) -> tuple[str, int]:
    """Which cached file plays ``kind`` for ``seconds`` (tones.tone_file rounds the same way)."""
    if kind not in BREATH_KINDS:
        return kind, 0
    return kind, round(max(0.0, min(seconds, MAX_TONE_SECONDS)) / QUANTUM)


class SpeakingVoice:
    """A `Voice` with a cue cache, a worker thread for synthesis, and three player channels."""

    def __init__(
        self,
        cache: CueCache,
        player: Player,
        *,
        tone_folder: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.notice = ""
        self.failure = ""  # the first player failure (see the Voice protocol)
        self.last_error = ""  # the latest synthesis or playback failure, for diagnostics
        self._cache = cache
        self._player = player
        self._tone_folder = tone_folder if tone_folder is not None else cache.folder / "tones"
        self._clock = clock
        # Guards everything below: say(), tone(), the worker and the monitors race.
        self._lock = threading.Condition()
        self._speech = Channel(player, self._lock, self._ended)
        self._tones = Channel(player, self._lock, self._ended)
        self._chimes = Channel(player, self._lock, self._ended)
        self._pending: tuple[Path, float] | None = None  # the next cue, and when it was said
        self._seconds: dict[Path, float] = {}  # how long each cue plays
        self._tone_paths: dict[tuple[str, int], Path] = {}
        self._generation = 0  # bumped by say/stop/mute: a late synthesis plays only if current
        self._tone_generation = 0  # bumped by tone/stop/mute
        self._chime_generation = 0  # bumped by chime/stop/mute
        self._outstanding = 0  # queued jobs that may still play something
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
        """The current speech player process, if any (for tests and diagnostics)."""
        run = self._speech.current
        return run.proc if run is not None else None

    @property
    def tone_process(self) -> subprocess.Popen[bytes] | None:
        """The current breath tone player process, if any."""
        run = self._tones.current
        return run.proc if run is not None else None

    @property
    def chime_process(self) -> subprocess.Popen[bytes] | None:
        """The current chime player process, if any."""
        run = self._chimes.current
        return run.proc if run is not None else None

    # --- speech ---------------------------------------------------------------------------------

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesise every text not cached yet; blocks until done."""
        missing = list(dict.fromkeys(t for t in texts if t.strip() and not self._cache.cached(t)))
        if missing and not self._closed:
            self._run_job(_Job(lambda: self._synthesise(missing)))

    def say(self, text: str) -> None:
        """Say ``text`` now, or right after the cue playing ends; returns at once."""
        with self._lock:
            if self._closed or self._muted or not text.strip():
                return
            self._generation += 1
            said_at = self._clock()
            path = self._cache.cached(text)
            if path is not None:
                self._speak_locked(path, said_at)
                return
            generation = self._generation
            self._outstanding += 1
        self._jobs.put(_Job(lambda: self._speak_late(text, generation, said_at), counted=True))

    def stop(self) -> None:
        """Stop speech and the breath tone now; a cue waiting or being synthesised will not play."""
        with self._lock:
            self._silence_locked()

    def set_muted(self, muted: bool) -> None:
        """Muting stops speech and tones now; say() and tone() stay silent until unmuted."""
        with self._lock:
            self._muted = muted
            if muted:
                self._silence_locked()

    # --- tones and chimes -----------------------------------------------------------------------

    def prepare_tones(self, pairs: Iterable[tuple[str, float]]) -> None:
        """Make the breath tones for these (phase, wall seconds) and every chime; blocks."""
        wanted = list(dict.fromkeys(_tone_key(p, s) for p, s in pairs if p in BREATH_KINDS))
        wanted += [(kind, 0) for kind in CHIME_KINDS]
        if not self._closed:
            self._run_job(_Job(lambda: self._make_tones(wanted)))

    def tone(self, phase: str, seconds: float) -> None:
        """End the breath tone playing and, for inhale or exhale, start the next; returns at once."""
        with self._lock:
            if self._closed:
                return
            self._tone_generation += 1
            self._tones.kill_locked()
            if self._muted or phase not in BREATH_KINDS or seconds < MIN_TONE_SECONDS:
                return
            self._sound_locked(self._tones, _tone_key(phase, seconds), self._tone_generation)

    def chime(self, kind: str) -> None:
        """Play chime ``kind``; step and end are silent while muted; returns at once."""
        with self._lock:
            if self._closed or kind not in CHIME_KINDS:
                return
            if self._muted and kind not in CONFIRM_CHIMES:
                return
            self._chime_generation += 1
            self._chimes.kill_locked()
            self._sound_locked(self._chimes, (kind, 0), self._chime_generation)

    # --- ending ---------------------------------------------------------------------------------

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s until nothing plays or waits to play; True if it got there."""
        with self._lock:
            return self._lock.wait_for(self._idle_locked, timeout)

    def close(self) -> None:
        """Kill every player, end the worker and the engine. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._silence_locked()
            self._chimes.kill_locked()
        self._jobs.put(None)
        self._worker.join(timeout=30)
        self._cache.synth.close()
        for channel in (self._speech, self._tones, self._chimes):
            for pid in channel.join():
                self.last_error = f"player process {pid} did not end after SIGKILL"

    # --- inside ---------------------------------------------------------------------------------

    def _silence_locked(self) -> None:
        self._generation += 1
        self._tone_generation += 1
        self._pending = None
        self._speech.kill_locked()
        self._tones.kill_locked()
        if self._chimes.label not in CONFIRM_CHIMES:
            self._chime_generation += 1
            self._chimes.kill_locked()
        self._lock.notify_all()

    def _idle_locked(self) -> bool:
        if self._closed:
            return True
        channels = (self._speech, self._tones, self._chimes)
        quiet = all(c.idle_locked() for c in channels)
        return quiet and self._pending is None and self._outstanding == 0

    def _speak_locked(self, path: Path, said_at: float) -> None:
        playing = self._speech.current
        if (
            playing is not None
            and said_at - playing.started > playing.seconds + STUCK_GRACE_SECONDS
        ):
            self._speech.kill_locked()  # stuck: waiting behind it would silence the session
            playing = None
        if playing is not None:
            self._pending = (path, said_at)  # the newest waits for the cue playing to end
        else:
            self._play_locked(self._speech, path, "speech")

    def _cue_seconds(self, path: Path) -> float:
        """How long the cue at ``path`` plays (read from its header once)."""
        seconds = self._seconds.get(path)
        if seconds is None:
            try:
                seconds = wav_info(path).seconds
            except (OSError, EOFError, wave.Error):
                seconds = 0.0
            self._seconds[path] = seconds
        return seconds

    def _play_locked(self, channel: Channel, path: Path, label: str) -> None:
        seconds = self._cue_seconds(path) if channel is self._speech else 0.0
        error = channel.play_locked(path, label, self._clock(), seconds)
        if error:
            self.last_error = error
            self.failure = self.failure or error

    def _ended(self, channel: Channel, run: Run) -> None:
        """A player process ended (the monitor, under the lock): note failures, start what waits."""
        failed = player_failure(self._player, run)
        if failed:
            self.last_error = failed
            self.failure = self.failure or failed
        if channel is self._speech and channel.current is None and self._pending is not None:
            path, said_at = self._pending
            self._pending = None
            if not self._closed and self._clock() - said_at <= PENDING_STALE_SECONDS:
                self._play_locked(self._speech, path, "speech")
        self._lock.notify_all()

    def _sound_locked(self, channel: Channel, key: tuple[str, int], generation: int) -> None:
        path = self._tone_paths.get(key)
        if path is not None:
            self._play_locked(channel, path, key[0])
            return
        self._outstanding += 1
        self._jobs.put(_Job(lambda: self._sound_late(channel, key, generation), counted=True))

    def _current_generation(self, channel: Channel) -> int:
        if channel is self._tones:
            return self._tone_generation
        return self._chime_generation

    def _run_job(self, job: _Job) -> None:
        self._jobs.put(job)
        job.done.wait()

    def _work(self) -> None:
        """The only thread that calls the engine or makes tones."""
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                job.run()
            finally:
                if job.counted:
                    with self._lock:
                        self._outstanding -= 1
                        self._lock.notify_all()
                job.done.set()

    def _synthesise(self, texts: list[str]) -> None:
        for text in texts:
            try:
                path = self._cache.cached(text) or self._cache.make(text)
            except SynthesisError as exc:
                self.last_error = str(exc)
                continue
            self._cue_seconds(path)  # its length is read here, not on the caller's thread

    def _speak_late(self, text: str, generation: int, said_at: float) -> None:
        if generation != self._generation:
            return  # a newer say() or a stop() came in: this cue is no longer wanted
        try:
            path = self._cache.cached(text) or self._cache.make(text)
        except SynthesisError as exc:
            self.last_error = str(exc)
            return
        with self._lock:
            if generation == self._generation and not self._muted and not self._closed:
                self._speak_locked(path, said_at)

    def _make_tones(self, keys: list[tuple[str, int]]) -> None:
        for key in keys:
            self._tone(key)

    def _tone(self, key: tuple[str, int]) -> Path | None:
        kind, quanta = key
        try:
            path = tone_file(self._tone_folder, kind, quanta * QUANTUM)
        except OSError as exc:
            self.last_error = f"cannot write the tone {kind}: {exc}"
            return None
        with self._lock:
            self._tone_paths[key] = path
        return path

    def _sound_late(self, channel: Channel, key: tuple[str, int], generation: int) -> None:
        path = self._tone(key)
        with self._lock:
            wanted = generation == self._current_generation(channel) and not self._closed
            muted = self._muted and key[0] not in CONFIRM_CHIMES
            if path is not None and wanted and not muted:
                self._play_locked(channel, path, key[0])


@dataclass
class _Job:
    run: Callable[[], None]
    counted: bool = False  # True: it may still play something (wait_idle waits for it)
    done: threading.Event = field(default_factory=threading.Event)
