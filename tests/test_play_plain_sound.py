"""Plain mode's sounds: breath tones, step and end chimes, and the line when the player fails.

First with a voice that records its calls and a fake clock (deterministic),
then the real CLI in a subprocess with a real voice and real player commands.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from coach.playback.player import FINISHED_TEXT
from coach.voice.speech import breath_tones
from tests.conftest import run_coach
from tests.test_play_plain import RecordingVoice, play
from tests.test_player import THREE_STEPS


def kinds(voice: RecordingVoice, kind: str) -> list[tuple]:
    return [c for c in voice.calls if c[0] == kind]


def test_each_segment_starts_its_tone_for_its_length_in_wall_seconds() -> None:
    _, _, _, voice, _, tl = play(speed=2.0)
    assert kinds(voice, "tone") == [("tone", s.phase, s.duration / 2) for s in tl.segments]
    assert [c[1] for c in kinds(voice, "tone")][:4] == ["prepare", "inhale", "hold", "exhale"]


def test_the_tones_are_made_before_the_first_sound() -> None:
    _, _, _, voice, _, tl = play(speed=2.0)
    assert voice.calls[0] == ("prepare_tones", breath_tones(tl, 2.0))
    assert {p for p, _ in breath_tones(tl, 2.0)} == {"inhale", "exhale"}


def test_a_chime_marks_each_step_after_the_first_and_the_end() -> None:
    _, _, _, voice, _, tl = play()
    assert kinds(voice, "chime") == [("chime", "step"), ("chime", "step"), ("chime", "end")]
    second_step = voice.calls.index(("chime", "step"))
    # The chime sounds with the step's first segment tone, in the same batch as its cue.
    batch = voice.calls[second_step - 2 : second_step]
    assert batch[0] == ("say", "Side stretch.")
    first = tl.segments[_first_segment(tl, 1)]
    assert batch[1] == ("tone", first.phase, first.duration)
    end = voice.calls.index(("chime", "end"))
    assert voice.calls[end - 1] == ("say", FINISHED_TEXT)


def _first_segment(tl, step: int) -> int:  # type: ignore[no-untyped-def]
    return next(n for n, s in enumerate(tl.segments) if s.step == step)


def test_without_tones_only_the_cues_sound() -> None:
    _, _, _, voice, _, tl = play(tones=False)
    assert {c[0] for c in voice.calls} == {"say", "wait_idle", "close"}
    assert voice.said == [c.text for c in tl.cues] + [FINISHED_TEXT]


def test_waking_late_starts_only_the_newest_tone() -> None:
    # At 4x, segments change every 0.25 s; waking half a second late finds several due at once.
    _, _, _, voice, _, tl = play(speed=4.0, sleep_kw={"oversleep": 0.5})
    tones = kinds(voice, "tone")
    assert 0 < len(tones) < len(tl.segments)
    assert all(("tone", s.phase, s.duration / 4) in tones for s in tl.segments[-1:])
    assert kinds(voice, "chime")[-1] == ("chime", "end")


class FailingVoice(RecordingVoice):
    """Its player starts failing at the third cue, as a device unplugged mid-session."""

    def say(self, text: str) -> None:
        super().say(text)
        if len(self.said) == 3:
            self.failure = "no sound reached the speakers: aplay said: Unknown PCM\x1b[2J x"


def test_a_failing_player_is_told_once_and_the_session_goes_on() -> None:
    outcome, lines, _, voice, _, _ = play(voice=FailingVoice())
    told = [line for line in lines if line.startswith("Sound:")]
    assert told == [
        "Sound: no sound reached the speakers (aplay said: Unknown PCM␛[2J x); "
        "the session goes on silently."
    ]
    assert lines.index(told[0]) == lines.index("  0:02  Hold") + 1  # the third cue
    assert outcome.finished and len(voice.said) > 3


def test_a_failure_noticed_while_the_closing_words_play_is_told_before_the_closing_line() -> None:
    class LateFailure(RecordingVoice):
        def wait_idle(self, timeout: float) -> bool:
            self.failure = "no sound reached the speakers: 'false' exited with status 1"
            return super().wait_idle(timeout)

    _, lines, _, _, _, _ = play(voice=LateFailure())
    assert lines[-3:] == [
        "Sound: no sound reached the speakers ('false' exited with status 1); "
        "the session goes on silently.",
        "",
        "Done: 17s, 3 of 3 steps. Well done.",
    ]


# --- the real CLI, a real voice, real player commands ------------------------------------------


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "three.yaml"
    path.write_text(THREE_STEPS, encoding="utf-8")
    return path


needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng")


@needs_espeak
def test_a_real_session_plays_cues_tones_and_chimes_through_the_player(
    routine_file: Path, tmp_path: Path
) -> None:
    log = tmp_path / "played.log"
    player = tmp_path / "log-player"
    player.write_text(f"#!/bin/sh\nfor last; do :; done\nbasename \"$last\" >> '{log}'\n")
    player.chmod(player.stat().st_mode | stat.S_IXUSR)
    result = run_coach(
        "play", str(routine_file), "--plain", "--speed", "2", env={"COACH_PLAYER": str(player)}
    )
    assert result.returncode == 0, result.stderr
    assert "Sound:" not in result.stdout
    played = log.read_text(encoding="utf-8").split()
    assert played.count("tone1-step.wav") == 2 and played.count("tone1-end.wav") == 1
    assert played.count("tone1-inhale-500ms.wav") == 2  # 1 s in-breaths at 2x
    assert played.count("tone1-exhale-1000ms.wav") == 2
    cues = [name for name in played if not name.startswith("tone")]
    assert len(cues) >= 5 and all(name.endswith(".wav") for name in cues)


@needs_espeak
@pytest.mark.parametrize(
    ("player", "said"),
    [
        ("false", "('false' exited with status 1)"),
        ("aplay -q -D nosuchdevice", "(aplay said: ALSA lib"),
    ],
)
def test_a_real_failing_player_is_told_once_in_the_transcript(
    routine_file: Path, player: str, said: str
) -> None:
    if player.startswith("aplay") and shutil.which("aplay") is None:
        pytest.skip("aplay not installed")
    result = run_coach(
        "play", str(routine_file), "--plain", "--speed", "8", env={"COACH_PLAYER": player}
    )
    assert result.returncode == 0, result.stderr
    told = [line for line in result.stdout.splitlines() if line.startswith("Sound:")]
    assert len(told) == 1, result.stdout
    assert told[0].startswith(f"Sound: no sound reached the speakers {said}")
    assert told[0].endswith("; the session goes on silently.")
    assert "Done: 17s, 3 of 3 steps." in result.stdout


@needs_espeak
def test_a_working_player_tells_nothing(routine_file: Path) -> None:
    if shutil.which("aplay") is None:
        pytest.skip("aplay not installed")
    env = {"COACH_PLAYER": "aplay -q -D null"}
    result = run_coach("play", str(routine_file), "--plain", "--speed", "8", env=env)
    assert result.returncode == 0, result.stderr
    assert "Sound:" not in result.stdout and "Done: 17s" in result.stdout
    assert result.stderr == ""


@needs_espeak
@pytest.mark.parametrize(("guidance", "tones", "breath_words"), [("voice", 0, 4), ("tones", 7, 0)])
def test_the_guidance_setting_decides_tones_and_breathing_words(
    routine_file: Path, tmp_path: Path, guidance: str, tones: int, breath_words: int
) -> None:
    """guidance: voice says every breath and plays no tone; tones: 2 in, 2 out, 2 steps, the end."""
    config = Path(os.environ["COACH_HOME"]) / "config" / "config.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"guidance: {guidance}\n", encoding="utf-8")
    log = tmp_path / "played.log"
    player = tmp_path / "log-player"
    player.write_text(f"#!/bin/sh\nfor last; do :; done\nbasename \"$last\" >> '{log}'\n")
    player.chmod(player.stat().st_mode | stat.S_IXUSR)
    trace = tmp_path / "trace.txt"
    result = run_coach(
        "play", str(routine_file), "--plain", "--speed", "4", "--trace", str(trace),
        env={"COACH_PLAYER": str(player)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    played = log.read_text(encoding="utf-8").split()
    assert len([n for n in played if n.startswith("tone1-")]) == tones, played
    said = trace.read_text(encoding="utf-8")
    assert said.count("Breathe in") + said.count("Breathe out") == breath_words, said
