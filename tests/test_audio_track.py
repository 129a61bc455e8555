"""Rendering a routine's voice track to one WAV: placement, cuts, formats, atomic writes, CLI."""

from __future__ import annotations

import ctypes
import math
import wave
from array import array
from pathlib import Path

import pytest

from coach.playback.player import FINISHED_TEXT
from coach.playback.timeline import Timeline, VoiceCue
from coach.voice.engine import SynthesisError
from coach.voice.track import (
    SAMPLE_RATE,
    TAIL_SECONDS,
    place_cues,
    read_mono16,
    render_track,
)
from tests.conftest import run_coach
from tests.test_voice_player import ToneSynth


def timeline(cues: list[tuple[float, str]], total: float) -> Timeline:
    return Timeline("t", "Test", (), tuple(VoiceCue(at, text, 0) for at, text in cues), (), total)


def tone(seconds: float, amplitude: int = 10000) -> array:
    n = round(seconds * SAMPLE_RATE)
    return array(
        "h", (int(amplitude * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE)) for i in range(n))
    )


def render(tl: Timeline, audio: dict[str, array]) -> tuple[array, list]:
    out = bytearray()
    frames, cut = place_cues(tl, audio, out.extend)
    samples = array("h", bytes(out))
    assert len(samples) == frames
    return samples, cut


def window_rms(samples: array, start: float, end: float, rate: int = SAMPLE_RATE) -> float:
    part = samples[round(start * rate) : round(end * rate)]
    return math.sqrt(sum(v * v for v in part) / len(part)) if part else 0.0


def test_each_cue_starts_at_its_offset_with_silence_between_and_the_exact_total() -> None:
    tl = timeline([(0.5, "a"), (2.0, "b")], total=3.25)
    samples, cut = render(tl, {"a": tone(0.4), "b": tone(0.3)})
    assert len(samples) == round(3.25 * SAMPLE_RATE)
    assert cut == []
    first = next(i for i, v in enumerate(samples) if v != 0)
    assert abs(first - 0.5 * SAMPLE_RATE) <= 1
    assert window_rms(samples, 0.0, 0.49) == 0
    assert window_rms(samples, 0.5, 0.9) > 5000
    assert window_rms(samples, 0.91, 1.99) == 0
    assert window_rms(samples, 2.0, 2.3) > 5000
    assert window_rms(samples, 2.31, 3.25) == 0


def test_a_cue_running_into_the_next_is_not_cut_the_next_waits_and_it_is_reported() -> None:
    tl = timeline([(0.0, "long words"), (1.0, "b")], total=4.0)
    long, short = tone(1.5), tone(0.2, amplitude=3000)
    samples, cut = render(tl, {"long words": long, "b": short})
    assert len(cut) == 1
    assert cut[0].text == "long words" and cut[0].room == pytest.approx(1.0)
    assert cut[0].spoken == pytest.approx(1.5, abs=0.01)
    assert samples[: len(long)] == long  # every sample of the long cue, none faded or cut
    b_start = len(long)  # the next cue starts where the long one ends
    assert samples[b_start : b_start + len(short)] == short
    assert window_rms(samples, 1.71, 4.0) == 0


def test_trailing_silence_cut_by_the_next_cue_is_not_reported() -> None:
    padded = tone(0.5) + array("h", bytes(2 * SAMPLE_RATE))  # 0.5 s speech, 1 s padding
    _, cut = render(timeline([(0.0, "a"), (1.0, "b")], 2.0), {"a": padded, "b": tone(0.1)})
    assert cut == []


def test_a_last_cue_past_the_end_extends_the_track_with_a_short_tail() -> None:
    samples, cut = render(timeline([(1.5, "a")], 2.0), {"a": tone(1.0)})
    assert len(samples) == round((2.5 + TAIL_SECONDS) * SAMPLE_RATE)
    assert samples[round(1.5 * SAMPLE_RATE) : round(2.5 * SAMPLE_RATE)] == tone(1.0)
    assert cut == []


def test_a_timeline_without_cues_is_all_silence() -> None:
    samples, cut = render(timeline([], 1.0), {})
    assert len(samples) == SAMPLE_RATE and not any(samples) and cut == []


def test_foreign_wavs_are_converted_to_16_bit_mono_at_the_track_rate(tmp_path: Path) -> None:
    path = tmp_path / "stereo8.wav"
    n = 44100  # one second, stereo, 8-bit unsigned, 44.1 kHz
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(1)
        w.setframerate(44100)
        w.writeframes(bytes(b for _ in range(n) for b in (255, 1)))  # +127 left, -127 right
    samples = read_mono16(path, SAMPLE_RATE)
    assert len(samples) == SAMPLE_RATE
    assert set(samples) == {0}  # the average of equal and opposite channels
    path2 = tmp_path / "loud8.wav"
    with wave.open(str(path2), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(11025)
        w.writeframes(bytes([255]) * 11025)
    loud = read_mono16(path2, SAMPLE_RATE)
    assert len(loud) == SAMPLE_RATE and min(loud) == 127 << 8


def test_render_track_writes_a_wav_from_the_cache(tmp_path: Path) -> None:
    synth = ToneSynth(seconds=0.3)
    out = tmp_path / "track.wav"
    tl = timeline([(0.0, "a"), (1.0, "b"), (2.0, "a")], total=3.0)
    track = render_track(tl, out, cache_dir=tmp_path / "cache", synthesiser=synth)
    # The closing words (0.3 s here) at the end of the routine, then a short tail.
    frames = round((3.0 + 0.3 + TAIL_SECONDS) * SAMPLE_RATE)
    assert (track.frames, track.cues, track.synthesised, track.cut) == (frames, 3, 3, ())
    assert synth.texts[-1] == FINISHED_TEXT
    with wave.open(str(out), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SAMPLE_RATE)
        assert w.getnframes() == frames
    again = render_track(tl, out, cache_dir=tmp_path / "cache", synthesiser=synth)
    assert again.synthesised == 0 and synth.count == 3


def test_a_failed_render_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "track.wav"
    out.write_bytes(b"old")
    tl = timeline([(0.0, "a"), (1.0, "bad")], total=2.0)
    with pytest.raises(SynthesisError):
        render_track(tl, out, cache_dir=tmp_path / "cache", synthesiser=ToneSynth(fail_on="bad"))
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "track.wav"]


# --- the command ------------------------------------------------------------------------------

SHORT = """\
schema: 1
id: short-test
title: Short test
category: breathing
targets: [ribs]
steps:
  - breathe:
      name: Breathe
      prepare: 2
      pattern: {inhale: 3, exhale: 3}
      cycles: 1
  - rest: {seconds: 6, instruction: Relax., prepare: 1}
"""


def test_audio_for_an_unknown_routine_is_a_one_line_error() -> None:
    done = run_coach("audio", "no-such-routine", "-o", "x.wav")
    assert done.returncode == 1
    assert done.stderr.startswith("coach: error: no routine called 'no-such-routine'")
    assert "Traceback" not in done.stderr


def test_audio_into_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "short.yaml").write_text(SHORT)
    done = run_coach("audio", str(tmp_path / "short.yaml"), "-o", str(tmp_path / "no" / "x.wav"))
    assert done.returncode == 1 and "no folder" in done.stderr
    assert done.stderr.count("\n") == 1


def test_audio_rejects_a_rate_out_of_range_as_a_usage_error(tmp_path: Path) -> None:
    done = run_coach("audio", "x", "-o", str(tmp_path / "x.wav"), "--rate", "5")
    assert done.returncode == 2 and "--rate" in done.stderr and "out of range" in done.stderr


def test_audio_rejects_an_unknown_guidance_as_a_usage_error(tmp_path: Path) -> None:
    done = run_coach("audio", "x", "-o", str(tmp_path / "x.wav"), "--guidance", "loud")
    assert done.returncode == 2 and "--guidance" in done.stderr
    assert "'voice', 'tones', 'both'" in done.stderr and "Traceback" not in done.stderr


def test_audio_without_an_engine_says_what_to_install(tmp_path: Path) -> None:
    fake = tmp_path / "fake-site"
    fake.mkdir()
    (fake / "pyttsx3.py").write_text("raise ImportError('No module named pyttsx3')\n")
    (tmp_path / "short.yaml").write_text(SHORT)
    done = run_coach(
        "audio",
        str(tmp_path / "short.yaml"),
        "-o",
        str(tmp_path / "x.wav"),
        env={"PYTHONPATH": str(fake)},
    )
    assert done.returncode == 1
    assert "pyttsx3" in done.stderr and "pip install" in done.stderr
    assert done.stderr.count("\n") == 1 and not (tmp_path / "x.wav").exists()


def _espeak_loads() -> bool:
    try:
        ctypes.CDLL("libespeak-ng.so.1")
    except OSError:
        return False
    return True


def _wav(path: Path) -> tuple[array, int]:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return array("h", w.readframes(w.getnframes())), w.getframerate()


def _last_sound(samples: array, quiet: int = 300) -> int:
    return max((i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > quiet), default=0)


@pytest.mark.voice
def test_audio_renders_the_spoken_routine_at_the_right_moments(tmp_path: Path) -> None:
    if not _espeak_loads():
        pytest.skip("libespeak-ng cannot be loaded (sudo apt-get install libespeak-ng1)")
    routine = tmp_path / "short.yaml"
    routine.write_text(SHORT)
    out = tmp_path / "short.wav"
    done = run_coach("audio", str(routine), "-o", str(out), "--guidance", "voice")
    assert done.returncode == 0, done.stderr
    assert "Wrote" in done.stdout and "5 newly synthesised" in done.stdout  # with closing words
    assert "0 tones and chimes" in done.stdout and done.stderr == ""
    # cues: 0 "Breathe." / 2 "Breathe in" / 5 "Breathe out" / 8 "Rest. Relax."; total 15 s
    samples, rate = _wav(out)
    for at in (0.0, 2.0, 5.0, 8.0):
        assert window_rms(samples, at, at + 0.6, rate) > 300, f"no speech after {at} s"
    assert window_rms(samples, 11.0, 14.9, rate) < 20  # the rest: silence
    # Then the closing words at the routine's end, and at most 2 s of silence after them.
    assert window_rms(samples, 15.0, 15.8, rate) > 300
    last = _last_sound(samples)
    assert last > 16.0 * rate and len(samples) - last <= 2.0 * rate
    again = run_coach("audio", str(routine), "-o", str(out), "--guidance", "voice")
    assert again.returncode == 0 and "0 newly synthesised" in again.stdout


@pytest.mark.voice
def test_audio_mixes_tones_under_the_real_voice_and_ends_with_the_closing_words(
    tmp_path: Path,
) -> None:
    if not _espeak_loads():
        pytest.skip("libespeak-ng cannot be loaded (sudo apt-get install libespeak-ng1)")
    routine = tmp_path / "short.yaml"
    routine.write_text(SHORT)
    out = tmp_path / "short.wav"
    done = run_coach("audio", str(routine), "-o", str(out))  # guidance: both (the default)
    assert done.returncode == 0, done.stderr
    assert "4 tones and chimes" in done.stdout  # in, out, the rest's chime, the end chime
    samples, rate = _wav(out)
    # After "Breathe in" (2 s) is said, its tone still sounds to the end of the breath.
    assert window_rms(samples, 3.6, 4.8, rate) > 1000
    assert window_rms(samples, 6.6, 7.8, rate) > 1000  # and the out-breath's
    assert window_rms(samples, 11.0, 14.9, rate) < 20  # the rest after its chime: quiet
    assert window_rms(samples, 15.0, 15.8, rate) > 1000  # the end chime and closing words
    last = _last_sound(samples)
    assert last > 16.0 * rate and len(samples) - last <= 2.0 * rate


LONG = SHORT.replace(
    "  - rest: {seconds: 6, instruction: Relax., prepare: 1}\n",
    "  - hold:\n"
    "      name: Shoulder hold\n"
    "      instruction: Draw both shoulders gently back and down, keep your chin level, "
    "and hold.\n"
    "      prepare: 1\n"
    "      seconds: 6\n",
)


@pytest.mark.voice
def test_no_cue_is_cut_each_is_whole_in_the_track_and_the_overlong_one_is_named(
    tmp_path: Path,
) -> None:
    if not _espeak_loads():
        pytest.skip("libespeak-ng cannot be loaded (sudo apt-get install libespeak-ng1)")
    from coach.playback.timeline import compile_routine
    from coach.routines.reader import parse_routine
    from coach.voice.engine import CueCache, EngineProcess, VoiceSettings
    from coach.voice.track import plan_track

    routine = tmp_path / "long.yaml"
    routine.write_text(LONG)
    done = run_coach("audio", str(routine), "-o", str(tmp_path / "cli.wav"))
    assert done.returncode == 0, done.stderr
    warning = done.stderr.strip()
    assert warning.count("\n") == 0 and warning.startswith("coach: warning: the cue at 8s")
    assert "in step 'Shoulder hold'" in warning and "not cut" in warning

    tl = compile_routine(parse_routine(LONG, str(routine)).routine)
    settings = VoiceSettings()
    out, cache_dir = tmp_path / "words.wav", tmp_path / "cache"
    synth = EngineProcess(settings)
    try:
        track = render_track(tl, out, settings, cache_dir=cache_dir, synthesiser=synth, tones=False)
        texts = [*(c.text for c in tl.cues), FINISHED_TEXT]
        paths = CueCache(cache_dir, synth, settings).ensure(texts)
        assert synth.count == len(set(texts))  # all from the render: nothing new made
    finally:
        synth.close()
    assert [c.step for c in track.cut] == ["Shoulder hold"] and track.cut[0].spoken > 3
    audio = {t: read_mono16(p) for t, p in paths.items()}
    plan = plan_track(tl, audio, tones=False)
    samples, _ = _wav(out)
    assert len(samples) == plan.frames == track.frames
    previous_end = 0
    for sound in plan.speech:  # every cue whole, each after the one before has ended
        assert sound.start >= previous_end
        assert samples[sound.start : sound.end] == sound.samples
        previous_end = sound.end
    assert audio[FINISHED_TEXT] == plan.speech[-1].samples


@pytest.mark.voice
def test_audio_with_tones_guidance_leaves_the_breathing_words_to_the_tones(
    tmp_path: Path,
) -> None:
    """guidance: tones keeps the opening words and lets tones carry every breath."""
    if not _espeak_loads():
        pytest.skip("libespeak-ng cannot be loaded (sudo apt-get install libespeak-ng1)")
    routine = tmp_path / "short.yaml"
    routine.write_text(SHORT)
    out = tmp_path / "short.wav"
    done = run_coach("audio", str(routine), "-o", str(out), "--guidance", "tones")
    assert done.returncode == 0, done.stderr
    assert "4 tones and chimes" in done.stdout
    samples, rate = _wav(out)
    assert window_rms(samples, 0.0, 0.6, rate) > 300  # "Breathe." (the step's words) is said
    # "Breathe in" at 2 s is not said: only the soft tone swelling in under it
    assert window_rms(samples, 2.0, 2.3, rate) < window_rms(samples, 3.6, 4.8, rate)
    voice_only = tmp_path / "voice.wav"
    words = run_coach("audio", str(routine), "-o", str(voice_only), "--guidance", "voice")
    assert words.returncode == 0
    assert "2 spoken cues" in done.stdout and "4 spoken cues" in words.stdout
