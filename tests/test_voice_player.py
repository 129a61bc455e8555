"""The speaking voice with a fake synthesiser and real player processes (fake player scripts).

No espeak-ng needed: these run everywhere. Real speech is in test_voice_engine.py.
"""

from __future__ import annotations

import math
import os
import stat
import struct
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from coach.voice.engine import CueCache, SynthesisError, VoiceSettings, VoiceUnavailable
from coach.voice.speech import (
    Player,
    SilentVoice,
    SpeakingVoice,
    _alsa_cards,
    find_player,
    open_voice,
)

RATE = 22050


def write_tone(
    path: Path, seconds: float, freq: float = 440.0, rate: int = RATE, amplitude: int = 12000
) -> None:
    """A mono 16-bit sine WAV: stands in for speech where the words do not matter."""
    n = round(seconds * rate)
    frames = b"".join(
        struct.pack("<h", int(amplitude * math.sin(2 * math.pi * freq * i / rate)))
        for i in range(n)
    )
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


class ToneSynth:
    """A `Synthesiser` that writes a short tone, counts calls, and can be held on a gate."""

    engine_id = "tone 1"
    voice_id = "tone"

    def __init__(
        self, seconds: float = 0.2, gate: threading.Event | None = None, fail_on: str = ""
    ) -> None:
        self.seconds = seconds
        self.gate = gate
        self.fail_on = fail_on
        self.count = 0
        self.texts: list[str] = []
        self.started = threading.Event()
        self.closed = False

    def synthesise(self, text: str, path: Path) -> None:
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(10), "test gate never opened"
        if text == self.fail_on:
            path.write_bytes(b"RIFF\x00\x00")  # half a header, as a crash mid-write would leave
            raise SynthesisError("fake engine failure")
        write_tone(path, self.seconds)
        self.count += 1
        self.texts.append(text)

    def close(self) -> None:
        self.closed = True


def fake_player(tmp_path: Path) -> tuple[Player, Path]:
    """A player script that reports its argv through a FIFO, then blocks until killed."""
    fifo = tmp_path / "player.fifo"
    os.mkfifo(fifo)
    script = tmp_path / "fake-player"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{fifo}'\nexec sleep 600\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return Player((str(script), "--flag"), "config"), fifo


def read_fifo(fifo: Path, timeout: float = 10) -> list[str]:
    """The argv lines the next player start writes (waits for it, never sleeps)."""
    box: list[str] = []

    def reader() -> None:
        with open(fifo, encoding="utf-8") as fh:
            box.append(fh.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # release the reader
        pytest.fail("the player process did not start")
    return box[0].splitlines()


@pytest.fixture
def voice_parts(tmp_path: Path):
    synth = ToneSynth()
    cache = CueCache(tmp_path / "cache", synth, VoiceSettings())
    player, fifo = fake_player(tmp_path)
    voice = SpeakingVoice(cache, player)
    yield voice, synth, cache, fifo
    voice.close()


def gone(proc: subprocess.Popen[bytes] | None) -> bool:
    """True once the process has ended (killed processes are reaped lazily by the voice)."""
    assert proc is not None
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_say_plays_the_cached_cue_with_the_wav_path_appended(voice_parts) -> None:
    voice, _synth, cache, fifo = voice_parts
    voice.prepare(["Breathe in"])
    voice.say("Breathe in")
    assert read_fifo(fifo) == ["--flag", str(cache.path_for("Breathe in"))]
    assert voice.process is not None and voice.process.poll() is None


def test_a_second_say_never_cuts_the_cue_playing(voice_parts) -> None:
    voice, _, cache, fifo = voice_parts
    voice.prepare(["Breathe in", "Breathe out"])
    voice.say("Breathe in")
    read_fifo(fifo)
    first = voice.process
    voice.say("Breathe out")  # waits for the first to end (tests/test_voice_channels.py)
    assert voice.process is first and first.poll() is None
    voice.stop()
    assert gone(first) and first.returncode == -9
    voice.say("Breathe out")
    assert read_fifo(fifo)[-1] == str(cache.path_for("Breathe out"))
    assert voice.process is not first and voice.process.poll() is None


def test_stop_kills_playback(voice_parts) -> None:
    voice, _, _, fifo = voice_parts
    voice.prepare(["Hold"])
    voice.say("Hold")
    read_fifo(fifo)
    playing = voice.process
    voice.stop()
    assert gone(playing)
    assert voice.process is None


def test_mute_kills_playback_and_silences_say_until_unmuted(voice_parts) -> None:
    voice, _, _, fifo = voice_parts
    voice.prepare(["Hold"])
    voice.say("Hold")
    read_fifo(fifo)
    playing = voice.process
    voice.set_muted(True)
    assert gone(playing)
    voice.say("Hold")
    assert voice.process is None
    voice.set_muted(False)
    voice.say("Hold")
    read_fifo(fifo)
    assert voice.process is not None and voice.process.poll() is None


def test_close_kills_playback_ends_the_engine_and_can_be_called_twice(voice_parts) -> None:
    voice, synth, _, fifo = voice_parts
    voice.prepare(["Rest"])
    voice.say("Rest")
    read_fifo(fifo)
    playing = voice.process
    voice.close()
    voice.close()
    assert gone(playing)
    assert synth.closed
    voice.say("Rest")  # after close: nothing, and no error
    assert voice.process is None


def test_prepare_synthesises_each_text_once_and_a_second_prepare_not_at_all(voice_parts) -> None:
    voice, synth, cache, _ = voice_parts
    texts = ["Breathe in", "Breathe out", "Breathe in", "  ", "Hold"]
    voice.prepare(texts)
    assert synth.texts == ["Breathe in", "Breathe out", "Hold"]
    voice.prepare(texts)
    assert synth.count == 3 == voice.synthesised
    assert all(cache.cached(t) for t in ("Breathe in", "Breathe out", "Hold"))


def test_the_cache_on_disk_serves_a_new_voice_without_synthesising(tmp_path: Path) -> None:
    first = ToneSynth()
    CueCache(tmp_path / "c", first, VoiceSettings()).ensure(["Breathe in", "Hold"])
    second = ToneSynth()
    paths = CueCache(tmp_path / "c", second, VoiceSettings()).ensure(["Breathe in", "Hold"])
    assert first.count == 2 and second.count == 0
    assert all(p.is_file() for p in paths.values())


def test_cache_key_changes_with_rate_volume_voice_and_engine(tmp_path: Path) -> None:
    synth = ToneSynth()
    base = CueCache(tmp_path, synth, VoiceSettings(rate=150)).path_for("Hold")
    assert CueCache(tmp_path, synth, VoiceSettings(rate=150)).path_for("Hold") == base
    assert CueCache(tmp_path, synth, VoiceSettings(rate=120)).path_for("Hold") != base
    assert CueCache(tmp_path, synth, VoiceSettings(volume=0.5)).path_for("Hold") != base
    other = ToneSynth()
    other.voice_id = "gmw/en-us"
    assert CueCache(tmp_path, other, VoiceSettings(rate=150)).path_for("Hold") != base
    other = ToneSynth()
    other.engine_id = "tone 2"
    assert CueCache(tmp_path, other, VoiceSettings(rate=150)).path_for("Hold") != base


def test_a_failed_synthesis_leaves_no_half_wav_in_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = CueCache(folder, ToneSynth(fail_on="Hold"), VoiceSettings())
    with pytest.raises(SynthesisError):
        cache.make("Hold")
    assert cache.cached("Hold") is None
    assert list(folder.iterdir()) == []


def test_a_synthesis_failure_during_prepare_is_recorded_and_the_rest_still_cached(
    tmp_path: Path,
) -> None:
    synth = ToneSynth(fail_on="Hold")
    cache = CueCache(tmp_path / "c", synth, VoiceSettings())
    voice = SpeakingVoice(cache, Player(("true",), "config"))
    try:
        voice.prepare(["Breathe in", "Hold", "Breathe out"])
        assert synth.texts == ["Breathe in", "Breathe out"]
        assert "fake engine failure" in voice.last_error
    finally:
        voice.close()


def test_prune_removes_only_old_temp_files(tmp_path: Path) -> None:
    cache = CueCache(tmp_path, ToneSynth(), VoiceSettings())
    old = tmp_path / ".abc-1234.tmp.wav"
    new = tmp_path / ".def-5678.tmp.wav"
    keep = tmp_path / "abc.wav"
    for p in (old, new, keep):
        p.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    os.utime(keep, (time.time() - 7200, time.time() - 7200))
    assert cache.prune_temp() == 1
    assert not old.exists() and new.exists() and keep.exists()


def test_say_of_an_unready_cue_returns_at_once_and_plays_when_synthesised(tmp_path: Path) -> None:
    gate = threading.Event()
    synth = ToneSynth(gate=gate)
    player, fifo = fake_player(tmp_path)
    voice = SpeakingVoice(CueCache(tmp_path / "c", synth, VoiceSettings()), player)
    try:
        caller = threading.Thread(target=voice.say, args=("Breathe in",))
        caller.start()
        caller.join(5)
        assert not caller.is_alive(), "say() blocked on synthesis"
        assert synth.started.wait(5)
        assert voice.process is None  # still synthesising: nothing to play yet
        gate.set()
        assert read_fifo(fifo)[-1] == str(voice._cache.path_for("Breathe in"))
    finally:
        gate.set()
        voice.close()


def test_a_late_cue_does_not_play_when_a_newer_say_came_in(tmp_path: Path) -> None:
    gate = threading.Event()
    synth = ToneSynth(gate=gate)
    cache = CueCache(tmp_path / "c", synth, VoiceSettings())
    write_tone(tmp_path / "ready.wav", 0.1)
    cache.folder.mkdir()
    os.replace(tmp_path / "ready.wav", cache.path_for("Breathe out"))  # already cached
    player, fifo = fake_player(tmp_path)
    voice = SpeakingVoice(cache, player)
    try:
        voice.say("Breathe in")  # not cached: the worker holds it on the gate
        assert synth.started.wait(5)
        voice.say("Breathe out")  # cached: plays now
        assert read_fifo(fifo)[-1] == str(cache.path_for("Breathe out"))
        newer = voice.process
        gate.set()
        voice.prepare(["barrier"])  # the worker runs jobs in order: the late cue is decided
        assert synth.texts[0] == "Breathe in"  # it was still cached for next time
        assert voice.process is newer and newer.poll() is None
    finally:
        gate.set()
        voice.close()


def test_stop_cancels_a_cue_still_being_synthesised(tmp_path: Path) -> None:
    gate = threading.Event()
    synth = ToneSynth(gate=gate)
    player, _ = fake_player(tmp_path)
    voice = SpeakingVoice(CueCache(tmp_path / "c", synth, VoiceSettings()), player)
    try:
        voice.say("Breathe in")
        assert synth.started.wait(5)
        voice.stop()
        gate.set()
        voice.prepare(["barrier"])
        assert voice.process is None
    finally:
        gate.set()
        voice.close()


# --- choosing a player ------------------------------------------------------------------------


def make_exe(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / name
    exe.write_text("#!/bin/sh\nexit 0\n")
    exe.chmod(0o755)
    return exe


def test_player_command_appends_the_path_or_fills_the_placeholder() -> None:
    assert Player(("aplay", "-q"), "auto").command(Path("/c/x.wav")) == ["aplay", "-q", "/c/x.wav"]
    assert Player(("sox", "{}", "-n"), "config").command(Path("/c/x.wav")) == [
        "sox",
        "/c/x.wav",
        "-n",
    ]


def test_coach_player_env_wins_over_config_and_is_trusted_without_a_device(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    make_exe(bin_dir, "discard")
    make_exe(bin_dir, "configured")
    env = {"PATH": str(bin_dir), "COACH_PLAYER": "discard --quiet 'a b'"}
    player = find_player("configured -x", env)
    assert player.argv == ("discard", "--quiet", "a b") and player.source == "COACH_PLAYER"
    del env["COACH_PLAYER"]
    assert find_player("configured -x", env).argv == ("configured", "-x")


def test_a_configured_player_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    with pytest.raises(VoiceUnavailable) as info:
        find_player("no-such-player -q", {"PATH": str(tmp_path)})
    assert info.value.part == "player" and "no-such-player" in info.value.missing


def test_no_player_on_path_is_reported_with_the_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(VoiceUnavailable) as info:
        find_player(None, {"PATH": str(tmp_path)})
    assert info.value.part == "player" and "alsa-utils" in info.value.fix


@pytest.mark.skipif(
    Path("/proc/asound/cards").is_file() and bool(_alsa_cards()),
    reason="this machine has a sound card",
)
def test_a_player_without_a_sound_device_is_reported(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    make_exe(bin_dir, "aplay")
    with pytest.raises(VoiceUnavailable) as info:
        find_player(None, {"PATH": str(bin_dir), "XDG_RUNTIME_DIR": str(tmp_path / "run")})
    assert info.value.part == "device"


def test_a_sound_server_socket_picks_the_matching_player(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    for name in ("pw-play", "paplay", "aplay"):
        make_exe(bin_dir, name)
    run = tmp_path / "run"
    (run / "pulse").mkdir(parents=True)
    (run / "pulse" / "native").touch()
    env = {"PATH": str(bin_dir), "XDG_RUNTIME_DIR": str(run)}
    chosen = find_player(None, env)
    assert chosen.argv == ("paplay",) and chosen.source == "auto" and "Pulse" in chosen.device
    (run / "pipewire-0").touch()
    assert find_player(None, env).argv == ("pw-play",)


def test_alsa_card_list_is_parsed(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text(
        " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n"
        "                      HDA Intel PCH at 0xf7f10000 irq 32\n"
    )
    assert _alsa_cards(cards) == ["HDA-Intel - HDA Intel PCH"]
    cards.write_text("--- no soundcards ---\n")
    assert _alsa_cards(cards) == []


# --- open_voice falls back to silence with one line ------------------------------------------


def assert_one_line_notice(voice: object, *words: str) -> None:
    assert isinstance(voice, SilentVoice)
    assert "\n" not in voice.notice and "run 'coach doctor'" in voice.notice
    for word in words:
        assert word in voice.notice


def test_voice_disabled_is_silent_without_a_notice(tmp_path: Path) -> None:
    voice = open_voice(enabled=False, cache_dir=tmp_path)
    assert isinstance(voice, SilentVoice) and voice.notice == ""


def test_no_player_gives_a_silent_voice_with_a_one_line_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert_one_line_notice(open_voice(cache_dir=tmp_path / "c"), "no audio player")


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"pyttsx3.py": "raise ImportError('No module named pyttsx3')\n"}, ("pyttsx3",)),
        (
            {
                "pyttsx3/__init__.py": "",
                "pyttsx3/engine.py": "def default_engine_by_sys_platform():\n    return 'espeak'\n",
                "pyttsx3/drivers/__init__.py": "",
                # what pyttsx3 2.99 raises when it cannot load libespeak-ng
                "pyttsx3/drivers/_espeak.py": "raise RuntimeError('This means you probably do not have "
                "eSpeak or eSpeak-ng installed!')\n",
            },
            ("espeak-ng", "missing"),
        ),
    ],
)
def test_no_engine_gives_a_silent_voice_with_a_one_line_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], words: tuple[str]
) -> None:
    fake = tmp_path / "fake-site"
    for name, text in files.items():
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_text(text)
    monkeypatch.setenv("PYTHONPATH", str(fake))  # the engine child imports this pyttsx3
    player = make_exe(tmp_path / "bin", "discard")
    assert_one_line_notice(open_voice(player=str(player), cache_dir=tmp_path / "c"), *words)


def test_the_app_process_never_loads_pyttsx3_or_espeak() -> None:
    # The engine lives in its child process: a crash or chatter there cannot reach the screen.
    code = (
        "import sys, coach.voice.speech, coach.voice.track, coach.services.doctor, coach.cli.voice_cmds\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pyttsx3', 'textual'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
