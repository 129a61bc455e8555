"""Breath tones and chimes, made in-process: guidance for ears when the eyes are closed.

A soft tone rises in pitch through each in-breath and falls through each
out-breath, so the rhythm can be followed without words; a chime marks a new
step and the end; pause, resume, mute and unmute each have a short sound of
their own, so a key press is heard as well as seen.

Everything is a sine wave (with one quiet overtone) shaped by a raised-cosine
envelope that starts and ends at exactly zero, so no sound clicks where it
starts, stops or joins the next. Pure Python (``array`` and ``math``): no new
dependency, and a few milliseconds per second of sound. Samples are 16-bit
mono at SAMPLE_RATE, the rate of espeak-ng's own output, so tones and speech
mix without converting (coach/voice/track.py).

``tone_file`` keeps each sound as a WAV in a cache folder (one file per kind
and duration, written atomically), for players that play files.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import wave
from array import array
from pathlib import Path

SAMPLE_RATE = 22050
#: Bump when the sound of any tone changes: cached files carry it in their names.
TONE_FORMAT = 1
#: Peak loudness of a breath tone (of full scale): under speech, never over it.
BREATH_LEVEL = 0.18
#: Peak loudness of a chime.
CHIME_LEVEL = 0.30
#: Breath tones glide between these pitches (Hz): a fifth, low and calm.
LOW_HZ = 196.0  # G3
HIGH_HZ = 294.0  # D4
#: Durations are rounded to this (seconds) so the cache holds few files.
QUANTUM = 0.01
#: The longest breath tone made (a longer phase is quiet for the rest).
MAX_TONE_SECONDS = 20.0

BREATH_KINDS = ("inhale", "exhale")
#: Each chime: notes as (frequency Hz, start seconds, length seconds).
CHIMES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "step": ((523.25, 0.0, 0.9), (659.25, 0.12, 0.9)),  # C5 then E5: a new step
    "end": ((523.25, 0.0, 1.6), (659.25, 0.2, 1.6), (783.99, 0.4, 1.8)),  # C-E-G: done
    "pause": ((440.0, 0.0, 0.18), (349.23, 0.12, 0.3)),  # A4 down to F4: a short drop
    "resume": ((349.23, 0.0, 0.18), (440.0, 0.12, 0.3)),  # F4 up to A4: a short lift
    "mute": ((392.0, 0.0, 0.25),),  # G4 alone, short: the voice goes quiet
    "unmute": ((392.0, 0.0, 0.12), (392.0, 0.16, 0.2)),  # G4 twice: the voice is back
}
CHIME_KINDS = tuple(CHIMES)


def _quantise(seconds: float) -> float:
    return round(max(0.0, min(seconds, MAX_TONE_SECONDS)) / QUANTUM) * QUANTUM


def breath_tone(phase: str, seconds: float, rate: int = SAMPLE_RATE) -> array[int]:
    """The tone for one breath phase lasting ``seconds``: rising for inhale, falling for exhale.

    Any other phase (holds, stretches, rests) is silence: an empty array.
    The pitch glides smoothly (the phase of the wave is carried from sample
    to sample, so the glide has no steps); the loudness swells in and fades
    out over the phase, reaching zero at both ends.
    """
    if phase not in BREATH_KINDS:
        return array("h")
    n = int(_quantise(seconds) * rate)
    if n < 2:
        return array("h")
    lo, hi = (LOW_HZ, HIGH_HZ) if phase == "inhale" else (HIGH_HZ, LOW_HZ)
    fade = min(0.25, 0.2 * n / rate)  # seconds of swell in and of fade out
    fade_n = max(1, int(fade * rate))
    scale = BREATH_LEVEL * 32767 / 1.15
    out = array("h", bytes(2 * n))
    sin, cos, pi = math.sin, math.cos, math.pi  # the loop runs once a sample: locals only
    theta = 0.0
    step = 2 * math.pi / rate
    span = hi - lo
    last = n - 1
    for i in range(n):
        x = i / last
        # An eased glide (smoothstep), so the pitch starts and ends gently.
        theta += step * (lo + span * (x * x * (3 - 2 * x)))
        sample = sin(theta) + 0.15 * sin(2 * theta)
        if i < fade_n or last - i < fade_n:  # a raised-cosine swell and fade: 0 at both ends
            sample *= 0.5 - 0.5 * cos(pi * min(1.0, i / fade_n, (last - i) / fade_n))
        out[i] = int(scale * sample)
    return out


def chime(kind: str, rate: int = SAMPLE_RATE) -> array[int]:
    """A short bell-like sound for ``kind`` (one of CHIME_KINDS); ValueError for others."""
    notes = CHIMES.get(kind)
    if notes is None:
        raise ValueError(f"unknown chime {kind!r}: one of {', '.join(CHIME_KINDS)}")
    total = max(start + length for _, start, length in notes)
    n = int(total * rate) + 1
    mix = [0.0] * n
    sin, cos, pi = math.sin, math.cos, math.pi  # the loop runs once a sample: locals only
    attack = max(1, int(0.006 * rate))
    fade = max(1, int(0.02 * rate))
    for freq, start, length in notes:
        first = int(start * rate)
        count = int(length * rate)
        last = count - 1
        decay = math.exp(-4.0 / (rate * length))  # exp(-4 t / length), one sample at a time
        level = 1.0
        w_step = 2 * pi * freq / rate
        for k in range(count):
            # A quick rise, then an exponential decay closed by a short fade to zero.
            env = level if k >= attack else level * k / attack
            level *= decay
            if k < fade or last - k < fade:  # raised-cosine ends: 0 at both ends
                env *= 0.5 - 0.5 * cos(pi * min(1.0, k / fade, (last - k) / fade))
            w = w_step * k
            mix[first + k] += env * (sin(w) + 0.2 * sin(2 * w))
    top = max(1.0, max(abs(v) for v in mix))
    peak = CHIME_LEVEL * 32767
    out = array("h", (int(peak * v / top) for v in mix))
    out[0] = out[-1] = 0
    return out


def sound_seconds(kind: str, seconds: float = 0.0) -> float:
    """How long ``tone_file(kind, seconds)`` plays."""
    if kind in BREATH_KINDS:
        return _quantise(seconds)
    notes = CHIMES[kind]
    return max(start + length for _, start, length in notes)


def tone_file(folder: Path, kind: str, seconds: float = 0.0) -> Path:
    """A WAV of the breath tone (``kind`` inhale/exhale, lasting ``seconds``) or chime ``kind``.

    Made once and kept in ``folder`` (created 0700 if missing); the file
    appears whole or not at all (written beside it, then renamed).
    """
    if kind in BREATH_KINDS:
        q = _quantise(seconds)
        name = f"tone{TONE_FORMAT}-{kind}-{round(q * 1000)}ms.wav"
    elif kind in CHIMES:
        name = f"tone{TONE_FORMAT}-{kind}.wav"
    else:
        raise ValueError(f"unknown sound {kind!r}")
    path = folder / name
    if path.is_file():
        return path
    samples = breath_tone(kind, seconds) if kind in BREATH_KINDS else chime(kind)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".tone-", suffix=".wav", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            write_wav(fh, samples)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_wav(fh: object, samples: array[int], rate: int = SAMPLE_RATE) -> None:
    """Write ``samples`` as a 16-bit mono WAV to the open binary file ``fh``."""
    data = array("h", samples)
    if sys.byteorder != "little":
        data.byteswap()
    with wave.open(fh, "wb") as w:  # type: ignore[call-overload]
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())
