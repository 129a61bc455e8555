"""The track's tones and chimes, mixed under the words: where they sound, which way they glide."""

from __future__ import annotations

import itertools
import math
import wave
from array import array
from pathlib import Path

from coach.playback.player import FINISHED_TEXT
from coach.playback.timeline import Segment, StepSpan, Timeline, VoiceCue
from coach.voice.mix import Sound, mixed, stream_mix
from coach.voice.tones import chime
from coach.voice.track import SAMPLE_RATE, TAIL_SECONDS, place_cues, plan_track
from tests.test_audio_track import tone, window_rms

# Step 0: breathe in 4 s, hold 2 s, out 4 s; step 1 (a rest) starts at 10 s; the end at 13 s.
BREATHS = Timeline(
    "t",
    "Test",
    (
        Segment(0.0, 4.0, "inhale", 0),
        Segment(4.0, 2.0, "hold", 0),
        Segment(6.0, 4.0, "exhale", 0),
        Segment(10.0, 3.0, "rest", 1),
    ),
    (),
    (
        StepSpan(0, "breathe", "Breathe", "", 0.0, 0.0, 10.0),
        StepSpan(1, "rest", "Rest", "", 10.0, 10.0, 13.0),
    ),
    13.0,
)


def render(tl: Timeline, audio: dict[str, array], tones: bool = True) -> tuple[array, list]:
    out = bytearray()
    frames, cut = place_cues(tl, audio, out.extend, tones=tones)
    samples = array("h", bytes(out))
    assert len(samples) == frames
    return samples, cut


def pitch(samples: array, start: float, end: float) -> float:
    """Hz from upward zero crossings: enough for one sine (with a quiet overtone)."""
    part = samples[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)]
    ups = sum(1 for a, b in itertools.pairwise(part) if a < 0 <= b)
    return ups / (end - start)


def test_breath_tones_sound_through_each_breath_and_glide_the_right_way() -> None:
    samples, cut = render(BREATHS, {})
    assert cut == []
    assert window_rms(samples, 0.5, 3.5) > 1500  # breathing in
    assert window_rms(samples, 6.5, 9.5) > 1500  # breathing out
    assert window_rms(samples, 4.0, 6.0) == 0  # the hold between is quiet
    assert pitch(samples, 0.3, 1.0) < 215 and pitch(samples, 3.0, 3.7) > 270  # rising
    assert pitch(samples, 6.3, 7.0) > 270 and pitch(samples, 9.0, 9.7) < 215  # falling


def test_a_chime_marks_the_second_step_and_the_end_but_not_the_first() -> None:
    samples, _ = render(BREATHS, {})
    step = chime("step")
    at = 10 * SAMPLE_RATE
    assert samples[at : at + len(step)] == step  # alone there: copied exactly
    assert window_rms(samples, 11.5, 13.0) == 0  # the rest is quiet after its chime
    end = chime("end")
    assert samples[13 * SAMPLE_RATE :][: len(end)] == end
    # The end chime is the last sound: the track stops a short tail after it.
    assert len(samples) == 13 * SAMPLE_RATE + len(end) + round(TAIL_SECONDS * SAMPLE_RATE)


def test_without_tones_the_track_is_words_only() -> None:
    samples, _ = render(BREATHS, {}, tones=False)
    assert len(samples) == 13 * SAMPLE_RATE and not any(samples)


def test_words_are_summed_over_the_tone_and_clipped_not_wrapped() -> None:
    tl = Timeline("t", "T", BREATHS.segments, (VoiceCue(1.0, "in", 0),), BREATHS.steps, 13.0)
    words = tone(0.5, amplitude=30000)
    samples, _ = render(tl, {"in": words})
    alone, _ = render(BREATHS, {})
    at = SAMPLE_RATE
    for i in range(0, len(words), 7):
        want = max(-32768, min(32767, words[i] + alone[at + i]))
        assert samples[at + i] == want
    assert max(samples) == 32767  # 30000 plus the tone reached full scale and stayed there


def test_mixed_clips_at_full_scale() -> None:
    assert list(mixed([30000, -30000, 100], [10000, -10000, -50])) == [32767, -32768, 50]


def test_the_closing_words_come_at_the_end_after_a_last_cue_that_runs_over() -> None:
    tl = Timeline(
        "t", "T", (), (VoiceCue(1.0, "last", 0),), (StepSpan(0, "hold", "Hold", "", 0, 0, 2),), 2.0
    )
    last, closing = tone(1.5), tone(0.8, amplitude=5000)
    samples, cut = render(tl, {"last": last, FINISHED_TEXT: closing}, tones=False)
    # "last" speaks until 2.5 s, past the end (2.0 s): the closing words wait for it,
    # which is not worth a warning (only routine cues made late are).
    assert cut == []
    start = round(2.5 * SAMPLE_RATE)
    assert samples[start : start + len(closing)] == closing
    assert len(samples) == start + len(closing) + round(TAIL_SECONDS * SAMPLE_RATE)


def test_the_closing_words_are_due_at_the_routine_end() -> None:
    tl = Timeline("t", "T", (), (VoiceCue(0.0, "a", 0),), (), 5.0)
    plan = plan_track(tl, {"a": tone(0.5), FINISHED_TEXT: tone(0.5)}, tones=False)
    assert [s.start for s in plan.speech] == [0, 5 * SAMPLE_RATE]
    assert plan.frames == round((5.5 + TAIL_SECONDS) * SAMPLE_RATE)


def test_stream_mix_spans_blocks_and_ignores_sounds_past_the_end() -> None:
    a = array("h", [1000] * (SAMPLE_RATE + 10))  # crosses the first block's edge
    b = array("h", [5] * 20)
    out = bytearray()
    stream_mix(
        [Sound(SAMPLE_RATE - 5, b), Sound(0, a), Sound(3 * SAMPLE_RATE, b)],
        2 * SAMPLE_RATE,
        out.extend,
    )
    got = array("h", bytes(out))
    assert len(got) == 2 * SAMPLE_RATE
    assert got[SAMPLE_RATE - 6] == 1000 and got[SAMPLE_RATE - 5] == 1005
    assert got[SAMPLE_RATE + 9] == 1005 and got[SAMPLE_RATE + 10] == 5  # past a's end
    assert got[SAMPLE_RATE + 14] == 5 and got[SAMPLE_RATE + 15] == 0
    assert math.isclose(sum(got), 1000 * len(a) + 5 * 20)


def test_a_cue_late_only_because_the_one_before_ran_over_is_not_reported() -> None:
    tl = Timeline(
        "t",
        "T",
        (),
        tuple(VoiceCue(at, t, 0) for at, t in [(0, "a"), (1, "b"), (1.6, "c")]),
        (StepSpan(0, "hold", "Shoulder hold", "", 0, 0, 3),),
        3.0,
    )
    plan = plan_track(tl, {"a": tone(1.5), "b": tone(0.2), "c": tone(0.2)}, tones=False)
    assert [(c.text, c.step, c.room) for c in plan.cut] == [("a", "Shoulder hold", 1.0)]
    assert [s.start for s in plan.speech] == [0, round(1.5 * SAMPLE_RATE), round(1.7 * SAMPLE_RATE)]


def test_render_track_keeps_tones_as_wavs_and_reads_them_back_the_same(tmp_path: Path) -> None:
    from coach.voice.track import render_track
    from tests.test_voice_player import ToneSynth

    expected, _ = render(BREATHS, {})
    for attempt in range(2):  # made, then read back from the cache
        out = tmp_path / f"t{attempt}.wav"
        track = render_track(BREATHS, out, cache_dir=tmp_path / "cache", synthesiser=ToneSynth())
        assert track.tones == 4 and track.cues == 0
        with wave.open(str(out), "rb") as w:
            got = array("h", w.readframes(w.getnframes()))
        closing = round(13 * SAMPLE_RATE)  # the closing words (a test tone) mix over the end chime
        assert got[:closing] == expected[:closing]
    kinds = sorted(p.name for p in (tmp_path / "cache" / "tones").iterdir())
    assert kinds == [
        "tone1-end.wav",
        "tone1-exhale-4000ms.wav",
        "tone1-inhale-4000ms.wav",
        "tone1-step.wav",
    ]
