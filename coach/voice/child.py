"""The speech engine's child process: started by `coach.voice.engine.EngineProcess`.

It owns one engine for its whole life and answers one JSON line per request
on the original stdout; its own stdout and stderr point at /dev/null, so no
library chatter reaches the terminal the parent draws on.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import wave
from typing import Any

#: Below the parent's REPLY_TIMEOUT, so the child reports a stuck utterance first.
UTTERANCE_TIMEOUT = 15.0


def serve_engine() -> int:
    """Child main: answer synthesis requests (JSON lines on stdin) on the original stdout."""
    reply = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

    def send(**fields: Any) -> None:
        reply.write(json.dumps(fields) + "\n")

    try:
        engine = _open_engine(json.loads(sys.argv[1]))
    except _InitFailed as exc:
        send(ready=False, missing=exc.part, error=exc.message)
        return 1
    send(ready=True, engine=engine.engine_id, voice=engine.voice_id)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            engine.save(request["text"], request["path"])
        except Exception as exc:  # noqa: BLE001 - any engine failure is this utterance's error
            send(ok=False, error=f"{type(exc).__name__}: {exc}")
            continue
        send(ok=True)
    return 0


class _InitFailed(Exception):
    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part
        self.message = message


def _open_engine(settings: dict[str, Any]) -> _EspeakSync | _Pyttsx3Engine:
    try:
        import pyttsx3  # noqa: F401
        from pyttsx3.engine import default_engine_by_sys_platform
    except ImportError as exc:
        raise _InitFailed("pyttsx3", f"the pyttsx3 package is missing ({exc})") from None
    if default_engine_by_sys_platform() == "espeak":
        return _EspeakSync(settings)
    return _Pyttsx3Engine(settings)


class _EspeakSync:
    """espeak-ng in its synchronous mode, through pyttsx3's own ctypes binding.

    Why not pyttsx3's espeak driver: it runs espeak in RETRIEVAL mode, where synthesis
    and even SetParameter run on espeak's own thread, and its runAndWait() can cancel
    that work. Measured here: the rate set before the first utterance was sometimes
    dropped, and a stale stop flag cancelled the next utterance, leaving a 0-frame WAV.
    In synchronous mode Synth returns when the audio is complete: no race, no polling.
    """

    def __init__(self, settings: dict[str, Any]) -> None:
        try:
            from pyttsx3.drivers import _espeak
        except Exception:  # noqa: BLE001 - pyttsx3 raises a bare RuntimeError/OSError
            raise _InitFailed("espeak-ng", "the espeak-ng library is missing") from None
        self._es = _espeak
        self.sample_rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 500, None, 0)
        if self.sample_rate <= 0:
            raise _InitFailed("espeak-ng", "espeak-ng failed to start (no voice data?)")
        self._chunks: list[bytes] = []
        _espeak.SetSynthCallback(self._collect)
        self.voice_id = self._set_voice(str(settings.get("voice") or ""))
        _espeak.SetParameter(_espeak.RATE, int(settings["rate"]), 0)
        _espeak.SetParameter(_espeak.VOLUME, round(float(settings["volume"]) * 100), 0)
        self.engine_id = f"{_pyttsx3_version()} espeak-ng {_espeak.Info(None).decode('ascii')}"

    def _set_voice(self, wanted: str) -> str:
        es = self._es
        if wanted:
            key = wanted.strip().lower()
            for v in es.ListVoices(None):
                vid: str = v.identifier.decode("utf-8", "replace")
                names = {
                    vid.lower(),
                    vid.lower().rsplit("/", 1)[-1],
                    v.name.decode("utf-8", "replace").lower(),
                }
                if key in names:
                    if es.SetVoiceByName(v.identifier) != es.EE_OK:
                        break
                    return vid
            raise _InitFailed("voice", f"there is no voice called {wanted!r}")
        current = es.GetCurrentVoice()
        if not (current and current.contents.identifier):
            es.SetVoiceByName(b"en")  # what espeak-ng itself falls back to
            current = es.GetCurrentVoice()
        if current and current.contents.identifier:
            return str(current.contents.identifier.decode("utf-8", "replace"))
        raise _InitFailed("voice", "espeak-ng has no default voice")

    def _collect(self, wav: Any, numsamples: int, events: Any) -> int:
        if numsamples > 0:
            import ctypes

            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0  # continue

    def save(self, text: str, path: str) -> None:
        self._chunks = []
        es = self._es
        status = es.Synth(text.encode("utf-8"), flags=es.ENDPAUSE | es.CHARS_UTF8)
        if status != es.EE_OK:
            raise RuntimeError(f"espeak_Synth returned {status}")
        data = b"".join(self._chunks)
        if not data:
            raise RuntimeError("espeak-ng produced no audio")
        with wave.open(path, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.sample_rate)
            w.writeframes(data)


class _Pyttsx3Engine:
    """The platform engine (macOS, Windows) through pyttsx3: save_to_file + runAndWait."""

    def __init__(self, settings: dict[str, Any]) -> None:
        import pyttsx3

        try:
            self._engine = pyttsx3.init()
        except Exception as exc:  # noqa: BLE001 - drivers raise anything
            raise _InitFailed("engine", f"the voice engine failed to start ({exc})") from None
        self._finished = threading.Event()
        self._engine.connect("finished-utterance", lambda **_: self._finished.set())
        wanted = str(settings.get("voice") or "")
        self.voice_id = ""
        if wanted:
            for v in self._engine.getProperty("voices"):
                if wanted.lower() in {str(v.id).lower(), str(v.name).lower()}:
                    self.voice_id = str(v.id)
            if not self.voice_id:
                raise _InitFailed("voice", f"there is no voice called {wanted!r}")
            self._engine.setProperty("voice", self.voice_id)
        self._engine.setProperty("rate", int(settings["rate"]))
        self._engine.setProperty("volume", float(settings["volume"]))
        self.voice_id = self.voice_id or str(self._engine.getProperty("voice") or "default")
        self.engine_id = f"{_pyttsx3_version()} {self._engine.driver_name}"

    def save(self, text: str, path: str) -> None:
        self._finished.clear()
        self._engine.save_to_file(text, path)
        self._engine.runAndWait()
        # Some drivers finish on their own thread after runAndWait() returns.
        if not self._finished.wait(UTTERANCE_TIMEOUT) or not os.path.exists(path):
            raise RuntimeError("the engine wrote no audio")


def _pyttsx3_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"pyttsx3 {version('pyttsx3')}"
    except PackageNotFoundError:
        return "pyttsx3"
