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


def _reference_edge(i: int, last: int, fade_n: int) -> float:
    rise = min(1.0, i / fade_n)
    fall = min(1.0, (last - i) / fade_n)
    return 0.5 - 0.5 * math.cos(math.pi * min(rise, fall))


def _reference_breath(phase: str, seconds: float, rate: int) -> list[int]:
    """The tone written plainly, one function call a sample (as first made)."""
    n = int(seconds * rate)
    lo, hi = (tones.LOW_HZ, tones.HIGH_HZ) if phase == "inhale" else (tones.HIGH_HZ, tones.LOW_HZ)
    fade_n = max(1, int(min(0.25, 0.2 * n / rate) * rate))
    peak, theta, last, out = tones.BREATH_LEVEL * 32767, 0.0, n - 1, []
    for i in range(n):
        x = i / last
        theta += 2 * math.pi / rate * (lo + (hi - lo) * (x * x * (3 - 2 * x)))
        sample = math.sin(theta) + 0.15 * math.sin(2 * theta)
        out.append(int(peak * _reference_edge(i, last, fade_n) * sample / 1.15))
    return out


def _reference_chime(kind: str, rate: int) -> list[int]:
    notes = tones.CHIMES[kind]
    n = int(max(start + length for _, start, length in notes) * rate) + 1
    mix = [0.0] * n
    for freq, start, length in notes:
        first, count, attack = int(start * rate), int(length * rate), max(1, int(0.006 * rate))
        for k in range(count):
            t = k / rate
            env = min(1.0, k / attack) * math.exp(-4.0 * t / length)
            env *= _reference_edge(k, count - 1, max(1, int(0.02 * rate)))
            w = 2 * math.pi * freq * t
            mix[first + k] += env * (math.sin(w) + 0.2 * math.sin(2 * w))
    top = max(1.0, max(abs(v) for v in mix))
    out = [int(tones.CHIME_LEVEL * 32767 * v / top) for v in mix]
    out[0] = out[-1] = 0
    return out


@pytest.mark.parametrize(("phase", "seconds"), [("inhale", 1.5), ("exhale", 0.6)])
def test_the_fast_breath_tone_is_the_plain_formula_sample_for_sample(
    phase: str, seconds: float
) -> None:
    made = tones.breath_tone(phase, seconds, rate=8000)
    plain = _reference_breath(phase, seconds, 8000)
    assert max(abs(a - b) for a, b in zip(made, plain, strict=True)) <= 1  # rounding, at most


@pytest.mark.parametrize("kind", ["step", "pause", "unmute"])
def test_the_fast_chime_is_the_plain_formula_sample_for_sample(kind: str) -> None:
    made, plain = tones.chime(kind, rate=8000), _reference_chime(kind, 8000)
    assert max(abs(a - b) for a, b in zip(made, plain, strict=True)) <= 1
