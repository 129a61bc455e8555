"""Breath tones and chimes: right length, rising and falling pitch, no clicks at the edges."""

from __future__ import annotations

import itertools
import math
import wave
from array import array

import pytest

from coach.voice import tones


def _zero_crossings(samples: array[int]) -> int:
    return sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))


@pytest.mark.parametrize("phase", ["inhale", "exhale"])
@pytest.mark.parametrize("seconds", [0.5, 4.0, 6.37])
def test_breath_tone_lasts_the_phase_and_starts_and_ends_at_zero(
    phase: str, seconds: float
) -> None:
    samples = tones.breath_tone(phase, seconds)
    assert len(samples) == int(round(seconds / tones.QUANTUM) * tones.QUANTUM * tones.SAMPLE_RATE)
    # no click where the tone starts or stops, or where it joins the next one
    assert abs(samples[0]) <= 30 and abs(samples[-1]) <= 30
    assert max(abs(s) for s in samples) <= tones.BREATH_LEVEL * 32767 + 1
    assert max(abs(s) for s in samples) > tones.BREATH_LEVEL * 32767 * 0.8


def test_inhale_rises_and_exhale_falls() -> None:
    rate = tones.SAMPLE_RATE
    for phase, rising in (("inhale", True), ("exhale", False)):
        s = tones.breath_tone(phase, 4.0)
        quarter = len(s) // 4
        first = _zero_crossings(s[quarter // 2 : quarter]) / (quarter / 2 / rate) / 2
        last = _zero_crossings(s[-quarter : -quarter // 2]) / (quarter / 2 / rate) / 2
        assert (last > first * 1.2) if rising else (first > last * 1.2), (phase, first, last)


def test_holds_and_other_phases_are_quiet() -> None:
    for phase in ("hold", "hold_after", "stretch", "rest", "prepare"):
        assert len(tones.breath_tone(phase, 3.0)) == 0


@pytest.mark.parametrize("kind", tones.CHIME_KINDS)
def test_every_chime_is_short_soft_and_clickless(kind: str) -> None:
    s = tones.chime(kind)
    assert 0.1 < len(s) / tones.SAMPLE_RATE <= 2.5
    assert s[0] == 0 and abs(s[-1]) <= 30
    assert max(abs(v) for v in s) <= tones.CHIME_LEVEL * 32767 + 1


def test_chimes_are_distinct_sounds() -> None:
    sounds = {k: bytes(tones.chime(k)) for k in tones.CHIME_KINDS}
    assert len(set(sounds.values())) == len(sounds)


def test_unknown_chime_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown chime 'bong'"):
        tones.chime("bong")


def test_tone_file_is_made_once_and_is_a_real_wav(tmp_path) -> None:
    path = tones.tone_file(tmp_path / "tones", "inhale", 4.004)
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert math.isclose(w.getnframes() / w.getframerate(), 4.0)
    mtime = path.stat().st_mtime_ns
    assert tones.tone_file(tmp_path / "tones", "inhale", 4.0) == path
    assert path.stat().st_mtime_ns == mtime
    chime = tones.tone_file(tmp_path / "tones", "end")
    assert chime.name == f"tone{tones.TONE_FORMAT}-end.wav"
    assert not [p for p in (tmp_path / "tones").iterdir() if p.name.startswith(".tone-")]
    assert tones.sound_seconds("end") == pytest.approx(2.2)
