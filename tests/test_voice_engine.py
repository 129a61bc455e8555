"""Real speech: pyttsx3 driving espeak-ng in the engine child process.

Marked ``voice``; skipped (with the reason) where libespeak-ng cannot be loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest

from coach.voice.engine import (
    CueCache,
    EngineProcess,
    VoiceSettings,
    VoiceUnavailable,
    synthesise,
    wav_info,
)
from coach.voice.speech import SpeakingVoice, open_voice
from tests.test_voice_player import fake_player, read_fifo

pytestmark = pytest.mark.voice


def _espeak_loads() -> bool:
    for name in ("libespeak-ng.so.1", ctypes.util.find_library("espeak-ng")):
        if not name:
            continue
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return True
    return False


@pytest.fixture(autouse=True)
def needs_espeak() -> None:
    if not _espeak_loads():
        pytest.skip("libespeak-ng cannot be loaded (sudo apt-get install libespeak-ng1)")


@pytest.fixture(scope="module")
def engine():
    if not _espeak_loads():
        pytest.skip("libespeak-ng cannot be loaded (sudo apt-get install libespeak-ng1)")
    proc = EngineProcess(VoiceSettings())
    yield proc
    proc.close()


def samples(path: Path) -> array:
    with wave.open(str(path), "rb") as w:
        return array("h", w.readframes(w.getnframes()))


def rms(values: array) -> float:
    return math.sqrt(sum(v * v for v in values) / len(values)) if values else 0.0


@pytest.mark.parametrize("text", ["Breathe in", "Breathe out", "Hold", "Switch to the left side"])
def test_cues_are_spoken_as_mono_16_bit_wavs_that_are_not_silent(
    engine: EngineProcess, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "cue.wav"
    engine.synthesise(text, path)
    info = wav_info(path)
    assert (info.channels, info.sample_width) == (1, 2)
    assert info.frame_rate > 8000
    assert 0.3 <= info.seconds <= 3.0
    assert rms(samples(path)) > 500


def test_a_long_instruction_is_written_whole_by_a_fresh_engine(tmp_path: Path) -> None:
    # Regression: espeak-ng synthesises on its own thread, and runAndWait() returned before
    # a long text was written, so the first long cue of a fresh engine came out missing.
    text = (
        "Breathing control. Sit well supported with one hand resting on your stomach. "
        "Breathe gently in and out, using as little effort as you can."
    )
    engine = EngineProcess(VoiceSettings())
    try:
        for n in range(3):
            path = tmp_path / f"long{n}.wav"
            engine.synthesise(text, path)
            assert wav_info(path).seconds > 6.0
    finally:
        engine.close()


def test_a_slower_rate_speaks_longer(tmp_path: Path) -> None:
    text = "Stretch and hold, breathing slowly"
    fast = synthesise(text, tmp_path / "fast.wav", VoiceSettings(rate=300))
    slow = synthesise(text, tmp_path / "slow.wav", VoiceSettings(rate=100))
    assert slow.seconds > fast.seconds * 1.8


def test_a_voice_is_found_by_its_short_name(tmp_path: Path) -> None:
    engine = EngineProcess(VoiceSettings(voice_name="en-us"))
    try:
        assert engine.voice_id.lower().endswith("en-us")
    finally:
        engine.close()


def test_an_unknown_voice_name_is_reported_with_a_fix() -> None:
    with pytest.raises(VoiceUnavailable) as info:
        EngineProcess(VoiceSettings(voice_name="klingon-nope"))
    assert info.value.part == "voice" and "klingon-nope" in info.value.missing
    assert "espeak-ng --voices" in info.value.fix


def test_open_voice_prepares_once_then_serves_from_the_disk_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    player, fifo = fake_player(tmp_path)
    monkeypatch.setenv("COACH_PLAYER", " ".join(player.argv))
    texts = ["Breathe in", "Breathe out", "Hold", "Breathe in"]
    voice = open_voice(cache_dir=tmp_path / "cache")
    assert isinstance(voice, SpeakingVoice), getattr(voice, "notice", "")
    try:
        voice.prepare(texts)
        assert voice.synthesised == 3
        voice.prepare(texts)
        assert voice.synthesised == 3
        voice.say("Hold")
        played = Path(read_fifo(fifo)[-1])
        assert wav_info(played).frames > 0
    finally:
        voice.close()
    again = open_voice(cache_dir=tmp_path / "cache")
    try:
        again.prepare(texts)
        assert again.synthesised == 0
    finally:
        again.close()


def test_speech_writes_nothing_on_the_callers_stdout_or_stderr(tmp_path: Path) -> None:
    # pyttsx3 prints "Audio saved to ..." and its libraries may print to stderr; either would
    # land on the Textual screen. The engine child must keep all of it to itself.
    code = (
        "import sys; from pathlib import Path; from coach.voice.speech import open_voice\n"
        f"v = open_voice(player='true', cache_dir=Path({str(tmp_path / 'c')!r}))\n"
        "assert not v.notice, v.notice\n"
        "v.prepare(['Breathe in', 'Breathe out']); v.say('Breathe in'); v.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""


def test_a_second_engine_shares_the_cache_key_of_the_first(tmp_path: Path) -> None:
    a = EngineProcess(VoiceSettings())
    b = EngineProcess(VoiceSettings())
    try:
        first = CueCache(tmp_path, a, VoiceSettings())
        first.ensure(["Rest"])
        second = CueCache(tmp_path, b, VoiceSettings())
        assert second.cached("Rest") == first.path_for("Rest")
    finally:
        a.close()
        b.close()
