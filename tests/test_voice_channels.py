"""The speaking voice's channels with real player processes: no cut cues, tones, chimes, failures.

The fake player is a shell script: it announces the file it plays through a
FIFO (so a test waits on it, never sleeps), then holds until the test releases
it through a second FIFO, or fails as told. Real aplay runs where a failure is
checked against what a real player prints.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.voice.engine import CueCache, VoiceSettings
from coach.voice.speech import Player, SilentVoice, SpeakingVoice, breath_tones
from coach.voice.tones import tone_file
from tests.test_voice_player import ToneSynth

PLAYER = """#!/bin/sh
dir='{dir}'
for last; do :; done
mode=$(cat "$dir/mode" 2>/dev/null || echo hold)
printf '%s\\n' "$(basename "$last")" > "$dir/started.fifo"
case $mode in
  hold) cat "$dir/release.fifo" > /dev/null ;;
  fail) echo "fake-alsa: Unknown PCM nosuchdevice" >&2; echo "second line" >&2; exit 3 ;;
  exit1) exit 1 ;;
  noisy) echo "fake-alsa: underrun" >&2 ;;
esac
"""


class Rig:
    """A fake player folder: its FIFOs, its mode, and a voice playing through it."""

    def __init__(self, tmp_path: Path, clock: Callable[[], float] | None = None) -> None:
        self.dir = tmp_path / "player"
        self.dir.mkdir()
        self.started = self.dir / "started.fifo"
        self.release_fifo = self.dir / "release.fifo"
        os.mkfifo(self.started)
        os.mkfifo(self.release_fifo)
        script = self.dir / "fake-player"
        script.write_text(PLAYER.format(dir=self.dir))
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        self.player = Player((str(script),), "config")
        self.synth = ToneSynth()
        self.cache = CueCache(tmp_path / "cache", self.synth, VoiceSettings())
        # A still clock unless a test moves it: a busy machine never makes a waiting cue stale.
        self.voice = SpeakingVoice(self.cache, self.player, clock=clock or (lambda: 0.0))

    def mode(self, mode: str) -> None:
        (self.dir / "mode").write_text(mode)

    def next_started(self, timeout: float = 10) -> list[str]:
        """The names of the files the next player(s) started with (waits for one)."""
        return _fifo_io(self.started, "r", timeout, "no player process started").splitlines()

    def release(self, timeout: float = 10) -> None:
        """Let the holding player(s) end on their own, as at the end of a sound."""
        _fifo_io(self.release_fifo, "w", timeout, "no player was holding")

    def name(self, text: str) -> str:
        return self.cache.path_for(text).name


def _fifo_io(fifo: Path, mode: str, timeout: float, failure: str) -> str:
    box: list[str] = []

    def run() -> None:
        with open(fifo, mode, encoding="utf-8") as fh:
            box.append(fh.read() if mode == "r" else "")

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():  # unblock the helper thread, then fail
        flags = os.O_WRONLY | os.O_NONBLOCK if mode == "r" else os.O_RDONLY | os.O_NONBLOCK
        os.close(os.open(fifo, flags))
        pytest.fail(failure)
    return box[0]


def ended(proc: subprocess.Popen[bytes] | None, timeout: float = 5) -> bool:
    assert proc is not None
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return False
    return True


@pytest.fixture
def rig(tmp_path: Path):
    r = Rig(tmp_path)
    yield r
    r.voice.close()


# --- speech: a started cue is never cut ---------------------------------------------------------


def test_a_say_during_a_cue_waits_for_it_then_plays_only_the_newest(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare(["Breathe in", "Hold", "Breathe out"])
    voice.say("Breathe in")
    assert rig.next_started() == [rig.name("Breathe in")]
    first = voice.process
    voice.say("Hold")
    voice.say("Breathe out")  # replaces "Hold" as the one waiting
    assert voice.process is first and first is not None and first.poll() is None
    rig.release()
    assert ended(first) and first.returncode == 0
    assert rig.next_started() == [rig.name("Breathe out")]
    assert voice.process is not first
    rig.release()
    assert voice.wait_idle(10)
    assert voice.failure == ""


def test_a_waiting_cue_gone_stale_is_dropped(tmp_path: Path) -> None:
    now = [100.0]
    rig = Rig(tmp_path, clock=lambda: now[0])
    voice = rig.voice
    try:
        voice.prepare(["Breathe in", "Breathe out"])
        voice.say("Breathe in")
        rig.next_started()
        voice.say("Breathe out")
        now[0] += 1.5  # the first cue ran long: "Breathe out" would now be late
        rig.release()
        assert voice.wait_idle(10)
        assert voice.process is None
    finally:
        voice.close()


def test_a_stuck_cue_is_ended_by_the_next_say_rather_than_silencing_the_session(
    tmp_path: Path,
) -> None:
    now = [0.0]
    rig = Rig(tmp_path, clock=lambda: now[0])
    voice = rig.voice
    try:
        voice.prepare(["Breathe in", "Breathe out"])  # 0.2 s of sound each
        voice.say("Breathe in")
        rig.next_started()
        stuck = voice.process
        now[0] = 1.0  # within its length and the grace: it is still allowed to finish
        voice.say("Breathe out")
        assert voice.process is stuck
        now[0] = 1.5  # long past its end: a player blocked on a busy device
        voice.say("Breathe out")
        assert ended(stuck) and stuck is not None and stuck.returncode == -9
        assert rig.next_started() == [rig.name("Breathe out")]
    finally:
        voice.close()


def test_stop_kills_the_cue_and_forgets_the_waiting_one(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare(["Breathe in", "Breathe out"])
    voice.say("Breathe in")
    rig.next_started()
    playing = voice.process
    voice.say("Breathe out")
    voice.stop()
    assert ended(playing) and playing is not None and playing.returncode == -9
    assert voice.wait_idle(10) and voice.process is None
    assert voice.failure == ""  # our own kill is no failure


def test_a_cue_synthesised_late_waits_for_the_cue_playing(tmp_path: Path) -> None:
    gate = threading.Event()
    rig = Rig(tmp_path)
    voice = rig.voice
    try:
        voice.prepare(["Breathe in"])
        rig.synth.gate = gate
        voice.say("Breathe in")
        rig.next_started()
        playing = voice.process
        voice.say("Not cached yet")
        gate.set()
        assert not voice.wait_idle(0.05)  # still playing, and the late cue waits
        assert voice.process is playing
        rig.release()
        assert rig.next_started() == [rig.name("Not cached yet")]
        rig.release()
        assert voice.wait_idle(10)
    finally:
        gate.set()
        voice.close()


# --- tones and chimes: their own channels ------------------------------------------------------


def test_tones_and_chimes_play_beside_speech_from_the_tone_cache(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare(["Breathe in"])
    voice.prepare_tones([("inhale", 4.0), ("exhale", 6.0), ("hold", 2.0)])
    tones = rig.cache.folder / "tones"
    inhale = tone_file(tones, "inhale", 4.0)
    assert {p.name for p in tones.glob("*.wav")} == {
        inhale.name,
        tone_file(tones, "exhale", 6.0).name,
        *(tone_file(tones, k).name for k in ("step", "end", "pause", "resume", "mute", "unmute")),
    }
    voice.say("Breathe in")
    assert rig.next_started() == [rig.name("Breathe in")]
    voice.tone("inhale", 4.0)
    assert rig.next_started() == [inhale.name]
    voice.chime("step")
    assert rig.next_started() == [tone_file(tones, "step").name]
    speech, tone, chime = voice.process, voice.tone_process, voice.chime_process
    assert len({id(speech), id(tone), id(chime)}) == 3
    assert all(p is not None and p.poll() is None for p in (speech, tone, chime))
    voice.stop()  # speech and the tone end at once; the step chime too
    assert ended(speech) and ended(tone) and ended(chime)
    assert voice.wait_idle(10) and voice.failure == ""


def test_a_new_tone_ends_the_last_and_a_non_breath_phase_just_ends_it(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare_tones([("inhale", 4.0), ("exhale", 6.0)])
    voice.tone("inhale", 4.0)
    rig.next_started()
    first = voice.tone_process
    voice.tone("exhale", 6.0)
    assert rig.next_started() == [tone_file(rig.cache.folder / "tones", "exhale", 6.0).name]
    assert ended(first) and first is not None and first.returncode == -9
    second = voice.tone_process
    voice.tone("hold", 2.0)
    assert ended(second) and voice.tone_process is None
    assert voice.wait_idle(10)


def test_a_tone_not_made_ahead_is_made_by_the_worker_and_played_if_still_wanted(
    rig: Rig,
) -> None:
    voice = rig.voice
    voice.tone("inhale", 3.0)  # returns at once; the worker makes it
    assert rig.next_started() == [tone_file(rig.cache.folder / "tones", "inhale", 3.0).name]
    voice.stop()
    voice.tone("exhale", 2.5)
    voice.tone("hold", 1.0)  # the exhale is no longer wanted when it is ready
    assert voice.wait_idle(10)
    assert voice.tone_process is None


def test_muted_tones_and_step_chimes_are_silent_but_key_chimes_sound(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare_tones([("inhale", 4.0)])
    voice.tone("inhale", 4.0)
    rig.next_started()
    tone = voice.tone_process
    voice.set_muted(True)
    assert ended(tone)
    voice.chime("mute")
    assert rig.next_started() == [tone_file(rig.cache.folder / "tones", "mute").name]
    mute_chime = voice.chime_process
    voice.tone("inhale", 4.0)
    voice.chime("step")
    voice.chime("end")
    voice.stop()  # a key's chime outlives stop (pause: stop, then chime, in either order)
    assert voice.tone_process is None
    assert voice.chime_process is mute_chime and mute_chime is not None
    assert mute_chime.poll() is None
    rig.release()
    assert voice.wait_idle(10)
    voice.set_muted(False)
    voice.chime("unmute")
    assert rig.next_started() == [tone_file(rig.cache.folder / "tones", "unmute").name]
    voice.close()
    assert voice.chime_process is None


def test_close_ends_every_channel(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare(["Rest"])
    voice.prepare_tones([("exhale", 5.0)])
    voice.say("Rest")
    rig.next_started()
    voice.tone("exhale", 5.0)
    rig.next_started()
    voice.chime("pause")
    rig.next_started()
    procs = [voice.process, voice.tone_process, voice.chime_process]
    voice.close()
    assert all(ended(p, 0.0) for p in procs)  # close() reaps them before it returns
    voice.tone("exhale", 5.0)
    voice.chime("pause")
    assert voice.tone_process is None and voice.chime_process is None


def test_breath_tones_lists_each_inhale_and_exhale_length_once_in_wall_seconds() -> None:
    from tests.test_play_plain import routine_of
    from tests.test_player import THREE_STEPS

    _, tl = routine_of(THREE_STEPS)
    pairs = breath_tones(tl, speed=2.0)
    assert pairs and len(pairs) == len(set(pairs))
    expected = {(s.phase, s.duration / 2) for s in tl.segments if s.phase in ("inhale", "exhale")}
    assert set(pairs) == expected


# --- failures: a player that runs but fails ----------------------------------------------------


def test_a_player_that_prints_an_error_and_exits_non_zero_sets_one_failure_line(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare(["Breathe in", "Hold"])
    rig.mode("fail")
    voice.say("Breathe in")
    rig.next_started()
    assert voice.wait_idle(10)
    assert voice.failure == (
        "no sound reached the speakers: fake-player said: fake-alsa: Unknown PCM nosuchdevice"
    )
    rig.mode("exit1")
    voice.say("Hold")
    rig.next_started()
    assert voice.wait_idle(10)
    assert "fake-alsa" in voice.failure  # the first failure is kept


def test_a_silent_non_zero_exit_names_the_player_and_status(rig: Rig) -> None:
    rig.mode("exit1")
    rig.voice.prepare_tones([])
    rig.voice.chime("end")
    rig.next_started()
    assert rig.voice.wait_idle(10)
    assert rig.voice.failure == "no sound reached the speakers: 'fake-player' exited with status 1"


def test_error_output_alone_is_a_failure_and_our_kill_is_not(rig: Rig) -> None:
    voice = rig.voice
    voice.prepare(["Hold"])
    voice.say("Hold")
    rig.next_started()
    voice.stop()
    assert voice.wait_idle(10) and voice.failure == ""
    rig.mode("noisy")
    voice.say("Hold")
    rig.next_started()
    assert voice.wait_idle(10)
    assert voice.failure == "no sound reached the speakers: fake-player said: fake-alsa: underrun"


def test_control_characters_in_player_output_never_reach_the_failure_line(tmp_path: Path) -> None:
    player = Player(("sh", "-c", "printf 'bad \\033]52;c;x\\007 device\\n' >&2; exit 2", "sh"), "")
    voice = SpeakingVoice(CueCache(tmp_path / "c", ToneSynth(), VoiceSettings()), player)
    try:
        voice.prepare_tones([])
        voice.chime("step")
        assert voice.wait_idle(10)
        assert voice.failure.startswith("no sound reached the speakers: sh said: bad ")
        assert not any(ord(ch) < 32 for ch in voice.failure)
    finally:
        voice.close()


def test_a_player_that_cannot_start_is_a_failure(tmp_path: Path) -> None:
    voice = SpeakingVoice(
        CueCache(tmp_path / "c", ToneSynth(), VoiceSettings()),
        Player((str(tmp_path / "gone-player"),), "config"),
    )
    try:
        voice.prepare_tones([])
        voice.chime("step")
        assert voice.wait_idle(10)
        assert "cannot start the player 'gone-player'" in voice.failure
    finally:
        voice.close()


needs_aplay = pytest.mark.skipif(shutil.which("aplay") is None, reason="aplay not installed")


@needs_aplay
@pytest.mark.parametrize(
    ("argv", "failure"),
    [
        (("aplay", "-q", "-D", "nosuchdevice"), "no sound reached the speakers: aplay said: "),
        (("false",), "no sound reached the speakers: 'false' exited with status 1"),
        (("aplay", "-q", "-D", "null"), ""),
    ],
)
def test_real_players_failing_or_not(tmp_path: Path, argv: tuple[str, ...], failure: str) -> None:
    voice = SpeakingVoice(CueCache(tmp_path / "c", ToneSynth(), VoiceSettings()), Player(argv, ""))
    try:
        voice.prepare(["Breathe in"])
        voice.prepare_tones([("inhale", 0.3)])
        voice.say("Breathe in")
        voice.tone("inhale", 0.3)
        voice.chime("step")
        assert voice.wait_idle(20)
        if failure:
            assert voice.failure.startswith(failure)
            assert "\n" not in voice.failure
        else:
            assert voice.failure == "" and voice.last_error == ""
    finally:
        voice.close()


def test_a_silent_voice_is_idle_at_once() -> None:
    voice = SilentVoice()
    voice.prepare_tones([("inhale", 4.0)])
    voice.tone("inhale", 4.0)
    voice.chime("end")
    assert voice.wait_idle(0) and voice.failure == ""
