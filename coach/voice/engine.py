"""The speech engine in a child process, and the on-disk cache of synthesised cues.

Why a child process: speech libraries write to stdout and stderr (pyttsx3's
save_to_file prints "Audio saved to ..."), and the Textual screen is drawn on
those same file descriptors, so redirecting them inside the app would blank the
screen. The child's stdout and stderr are /dev/null and it answers on a private
pipe; a crash in the C library ends the child, never the session. The child
keeps one engine for its whole life and synthesises one utterance at a time;
``coach.voice.child`` explains why espeak-ng is driven in its synchronous mode
rather than through pyttsx3's racy run loop.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import subprocess
import sys
import time
import uuid
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from coach.voice.spoken import speakable

#: Bump when the cache layout or WAV post-processing changes: old files are then ignored.
CACHE_FORMAT = 1
#: Words per minute (as config.yaml's default). Calmer than espeak's 200: cues are followed
#: with eyes half closed.
DEFAULT_RATE = 150
RATE_RANGE = (80, 400)
VOLUME_RANGE = (0.0, 1.0)
START_TIMEOUT = 20.0
REPLY_TIMEOUT = 20.0


@dataclass(frozen=True)
class VoiceSettings:
    """How cues sound: rate in words per minute, volume 0-1, voice name ('' = default)."""

    rate: int = DEFAULT_RATE
    volume: float = 1.0
    voice_name: str = ""

    def __post_init__(self) -> None:
        lo, hi = RATE_RANGE
        if not lo <= self.rate <= hi:
            raise ValueError(f"voice rate {self.rate} is out of range ({lo}-{hi} words per minute)")
        vlo, vhi = VOLUME_RANGE
        if not vlo <= self.volume <= vhi:
            raise ValueError(f"voice volume {self.volume} is out of range ({vlo:g}-{vhi:g})")


class VoiceUnavailable(Exception):
    """Speech cannot work here: ``missing`` says what is missing, ``fix`` what to do.

    ``part`` names the piece: pyttsx3, espeak-ng, engine, voice, player, device or cache.
    """

    def __init__(self, part: str, missing: str, fix: str) -> None:
        super().__init__(missing)
        self.part = part
        self.missing = missing
        self.fix = fix

    @property
    def notice(self) -> str:
        """The one line a front end shows while the session goes on silently."""
        return f"Voice off: {self.missing} (run 'coach doctor')"


class SynthesisError(Exception):
    """One utterance could not be synthesised."""


class Synthesiser(Protocol):
    """Turns text into a WAV file; one caller at a time."""

    engine_id: str  # engine and versions: part of the cache key
    voice_id: str  # the voice actually used: part of the cache key
    count: int  # utterances synthesised so far

    def synthesise(self, text: str, path: Path) -> None:
        """Write ``text`` spoken as a WAV file at ``path``; raise SynthesisError."""

    def close(self) -> None:
        """Release the engine."""


def espeak_fix() -> str:
    """What to install for the espeak-ng library on this platform."""
    if sys.platform == "darwin":
        return "brew install espeak-ng, or use the macOS voice (pyttsx3 'nsss')"
    if sys.platform == "win32":
        return "install eSpeak NG from https://github.com/espeak-ng/espeak-ng/releases"
    return "sudo apt-get install libespeak-ng1 (or your system's espeak-ng package)"


class EngineProcess:
    """A child process that owns one speech engine; only one thread may call it."""

    def __init__(self, settings: VoiceSettings, start_timeout: float = START_TIMEOUT) -> None:
        self.settings = settings
        self.count = 0
        self._buffer = b""
        code = "from coach.voice.child import serve_engine; raise SystemExit(serve_engine())"
        payload = json.dumps(
            {"rate": settings.rate, "volume": settings.volume, "voice": settings.voice_name}
        )
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", code, payload],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_child_env(),
                start_new_session=True,  # Ctrl-C in the terminal must not kill it mid-write
            )
        except OSError as exc:
            raise VoiceUnavailable("engine", f"cannot start the voice engine: {exc}", "") from None
        try:
            hello = self._reply(start_timeout, "start")
        except VoiceUnavailable:
            self.close()
            raise
        if not hello.get("ready"):
            self.close()
            part = str(hello.get("missing", "engine"))
            raise VoiceUnavailable(part, str(hello.get("error", "")), _fix_for(part))
        self.engine_id = str(hello.get("engine", ""))
        self.voice_id = str(hello.get("voice", ""))

    def synthesise(self, text: str, path: Path) -> None:
        """Write ``text`` as a WAV file at ``path``."""
        if self._proc.poll() is not None:
            raise SynthesisError("the voice engine has stopped")
        line = json.dumps({"text": text, "path": str(path)}) + "\n"
        try:
            assert self._proc.stdin is not None
            self._proc.stdin.write(line.encode("utf-8"))
            self._proc.stdin.flush()
        except OSError as exc:
            raise SynthesisError(f"the voice engine has stopped: {exc}") from None
        try:
            answer = self._reply(REPLY_TIMEOUT, "synthesis")
        except VoiceUnavailable as exc:
            raise SynthesisError(exc.missing) from None
        if not answer.get("ok"):
            raise SynthesisError(str(answer.get("error", "synthesis failed")))
        self.count += 1

    def close(self) -> None:
        """End the child: EOF on its stdin, then kill it if it lingers."""
        proc = self._proc
        if proc.stdin and not proc.stdin.closed:
            try:
                proc.stdin.close()
            except OSError:
                pass  # the child is already gone; nothing to flush
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()

    def _reply(self, timeout: float, what: str) -> dict[str, Any]:
        """Read one JSON line from the child within ``timeout`` seconds."""
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                self._proc.kill()
                self._proc.wait()
                raise VoiceUnavailable("engine", f"the voice engine hung during {what}", "")
            chunk = os.read(fd, 65536)
            if not chunk:
                self._proc.wait()
                raise VoiceUnavailable(
                    "engine",
                    f"the voice engine exited during {what} (code {self._proc.returncode})",
                    "",
                )
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return dict(json.loads(line))


def _fix_for(part: str) -> str:
    if part == "pyttsx3":
        return "reinstall coach, or: pip install 'pyttsx3>=2.99'"
    if part == "espeak-ng":
        return espeak_fix()
    if part == "voice":
        return "choose a voice from 'espeak-ng --voices', e.g. en-us"
    return ""


def _child_env() -> dict[str, str]:
    """The parent's environment, with coach importable even from an uninstalled checkout."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([*parts, root])  # the caller's entries win
    return env


# --- the cache ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WavInfo:
    """What a WAV file holds."""

    channels: int
    sample_width: int
    frame_rate: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.frame_rate if self.frame_rate else 0.0


def wav_info(path: Path) -> WavInfo:
    """Read a WAV header; raise wave.Error/EOFError/OSError if it is not a WAV file."""
    with wave.open(str(path), "rb") as w:
        return WavInfo(w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes())


class CueCache:
    """Synthesised cues on disk, one WAV per (text, voice, rate, volume, engine)."""

    def __init__(self, folder: Path, synth: Synthesiser, settings: VoiceSettings) -> None:
        self.folder = folder
        self.synth = synth
        self.settings = settings
        self._paths: dict[str, Path] = {}

    def path_for(self, text: str) -> Path:
        """Where ``text`` is (or will be) cached."""
        path = self._paths.get(text)
        if path is None:
            s = self.settings
            key = json.dumps(
                [CACHE_FORMAT, self.synth.engine_id, self.synth.voice_id, s.rate, s.volume, text]
            )
            digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
            path = self._paths[text] = self.folder / f"{digest}.wav"
        return path

    def cached(self, text: str) -> Path | None:
        """The cached WAV for ``text``, or None if it has not been synthesised yet."""
        path = self.path_for(text)
        return path if path.is_file() else None

    def make(self, text: str) -> Path:
        """Synthesise ``text`` into the cache; a temp file and a rename keep half WAVs out."""
        final = self.path_for(text)
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f".{final.stem}-{uuid.uuid4().hex[:8]}.tmp.wav"
        words = speakable(text)  # emoji and symbols are never read aloud
        try:
            if words:
                self.synth.synthesise(words, temp)
            else:
                _silence(temp)
            info = wav_info(temp)
            if info.frames == 0:
                raise SynthesisError(f"the engine wrote no audio for {text!r}")
            os.replace(temp, final)
        except (OSError, EOFError, wave.Error) as exc:
            raise SynthesisError(f"bad audio for {text!r}: {exc}") from None
        finally:
            temp.unlink(missing_ok=True)
        return final

    def ensure(self, texts: Iterable[str]) -> dict[str, Path]:
        """Every text's cached WAV, synthesising the missing ones (blocks)."""
        out: dict[str, Path] = {}
        for text in texts:
            if text in out or not text.strip():
                continue
            out[text] = self.cached(text) or self.make(text)
        return out

    def prune_temp(self, older_than: float = 3600.0) -> int:
        """Delete temp files a crash left behind; return how many."""
        if not self.folder.is_dir():
            return 0
        cutoff = time.time() - older_than
        removed = 0
        for stale in self.folder.glob(".*.tmp.wav"):
            try:
                if stale.stat().st_mtime < cutoff:
                    stale.unlink()
                    removed += 1
            except OSError:
                continue  # another coach may be removing it at the same time
        return removed


def _silence(path: Path, seconds: float = 0.1) -> None:
    """A short silent WAV: what a cue of emoji alone sounds like."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\0\0" * int(22050 * seconds))


def synthesise(text: str, path: Path, settings: VoiceSettings | None = None) -> WavInfo:
    """One-shot: start an engine, write ``text`` as a WAV at ``path``, stop the engine."""
    engine = EngineProcess(settings or VoiceSettings())
    try:
        engine.synthesise(text, path)
    finally:
        engine.close()
    return wav_info(path)
