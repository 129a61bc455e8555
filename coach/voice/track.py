"""Render a routine's whole voice track to one WAV file (`coach audio`).

Each cue's audio starts at its timeline offset, with silence between, and the
track lasts exactly the routine's total. A cue that would still be speaking
when the next one is due is cut there, with a short fade so the cut does not
click: the live player does the same (a new cue interrupts the old one), so
the file and the session sound alike. Cut cues are reported, because a long
instruction cut short usually means the step's ``prepare`` time is too short.
"""

from __future__ import annotations

import sys
import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from coach.playback.timeline import Timeline
from coach.voice.engine import CueCache, Synthesiser, VoiceSettings

#: The track format: espeak-ng's own output, so cues are copied, not converted.
SAMPLE_RATE = 22050
FADE_SECONDS = 0.015
#: Samples below this (of 32767) count as silence when measuring how long a cue speaks.
QUIET = 300


@dataclass(frozen=True)
class CutCue:
    """A cue cut short: ``spoken`` seconds of speech, only ``room`` before the next cue."""

    at: float
    text: str
    spoken: float
    room: float


@dataclass(frozen=True)
class Track:
    """What `render_track` wrote."""

    path: Path | None
    seconds: float
    frames: int
    cues: int
    synthesised: int
    cut: tuple[CutCue, ...]


def render_track(
    timeline: Timeline,
    out_path: Path | None,
    settings: VoiceSettings | None = None,
    *,
    cache_dir: Path | None = None,
    synthesiser: Synthesiser | None = None,
) -> Track:
    """Write ``timeline``'s voice track to ``out_path`` (atomically; None: stdout) and describe it.

    Raises VoiceUnavailable when no engine can start, SynthesisError for a cue that
    cannot be spoken and OutputError (an OSError) when the file cannot be written.
    """
    settings = settings or VoiceSettings()
    if cache_dir is None:
        from coach import locations

        cache_dir = locations.cache_dir() / "voice"
    own = synthesiser is None
    if synthesiser is None:
        from coach.voice.engine import EngineProcess

        synthesiser = EngineProcess(settings)
    try:
        before = synthesiser.count
        cache = CueCache(cache_dir, synthesiser, settings)
        paths = cache.ensure(c.text for c in timeline.cues)
        made = synthesiser.count - before
    finally:
        if own:
            synthesiser.close()
    audio = {text: read_mono16(path, SAMPLE_RATE) for text, path in paths.items()}
    total = round(timeline.total * SAMPLE_RATE)
    frames, cut = _write_track(out_path, total, lambda w: place_cues(timeline, audio, w))
    return Track(out_path, frames / SAMPLE_RATE, frames, len(timeline.cues), made, tuple(cut))


def place_cues(
    timeline: Timeline, audio: dict[str, array[int]], write: Callable[[bytes], None]
) -> tuple[int, list[CutCue]]:
    """Stream the track as 16-bit mono frames to ``write``; return (frames, cut cues)."""
    total = round(timeline.total * SAMPLE_RATE)
    starts = [min(round(c.at * SAMPLE_RATE), total) for c in timeline.cues]
    cursor = 0
    cut: list[CutCue] = []
    for i, cue in enumerate(timeline.cues):
        start = max(starts[i], cursor)
        limit = starts[i + 1] if i + 1 < len(starts) else total
        samples = audio.get(cue.text)
        if samples is None or start >= limit:
            continue
        cursor = _silence(write, cursor, start)
        room = limit - start
        if len(samples) > room:
            spoken = _voiced_length(samples)
            if spoken > room:
                cut.append(CutCue(cue.at, cue.text, spoken / SAMPLE_RATE, room / SAMPLE_RATE))
            samples = _fade_out(samples[:room], round(FADE_SECONDS * SAMPLE_RATE))
        write(_le_bytes(samples))
        cursor = start + len(samples)
    _silence(write, cursor, total)
    return total, cut


def _silence(write: Callable[[bytes], None], frm: int, to: int) -> int:
    chunk = bytes(2 * SAMPLE_RATE)
    left = 2 * (to - frm)
    while left > 0:
        write(chunk[: min(left, len(chunk))])
        left -= len(chunk)
    return max(to, frm)


def _voiced_length(samples: array[int]) -> int:
    """Samples up to the last one louder than QUIET (espeak pads cues with silence)."""
    for i in range(len(samples) - 1, -1, -1):
        if abs(samples[i]) > QUIET:
            return i + 1
    return 0


def _fade_out(samples: array[int], n: int) -> array[int]:
    out = array("h", samples)
    n = min(n, len(out))
    for k in range(n):
        i = len(out) - n + k
        out[i] = int(out[i] * (n - 1 - k) / n)
    return out


def _le_bytes(samples: array[int]) -> bytes:
    if sys.byteorder == "little":
        return samples.tobytes()
    swapped = array("h", samples)
    swapped.byteswap()
    return swapped.tobytes()


def read_mono16(path: Path, rate: int = SAMPLE_RATE) -> array[int]:
    """A WAV file's samples as 16-bit mono at ``rate`` (converting channels, width, rate)."""
    with wave.open(str(path), "rb") as w:
        channels, width, src_rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        raw = w.readframes(w.getnframes())
    samples = _to_int16(raw, width)
    if channels > 1:
        samples = array(
            "h",
            (sum(samples[i : i + channels]) // channels for i in range(0, len(samples), channels)),
        )
    if src_rate != rate:
        samples = _resample(samples, src_rate, rate)
    return samples


def _to_int16(raw: bytes, width: int) -> array[int]:
    if width == 2:
        out = array("h", raw)
        if sys.byteorder != "little":
            out.byteswap()
        return out
    if width == 1:  # WAV 8-bit is unsigned
        return array("h", ((b - 128) << 8 for b in raw))
    if width in (3, 4):  # keep the top two bytes of each little-endian sample
        return array(
            "h",
            (
                int.from_bytes(raw[i + width - 2 : i + width], "little", signed=True)
                for i in range(0, len(raw), width)
            ),
        )
    raise ValueError(f"unsupported WAV sample width: {width} bytes")


def _resample(samples: array[int], src: int, dst: int) -> array[int]:
    """Linear interpolation: enough for speech cues, and only used for foreign WAVs."""
    if not samples:
        return array("h")
    n = max(1, round(len(samples) * dst / src))
    last = len(samples) - 1
    out = array("h", bytes(2 * n))
    for j in range(n):
        x = j * src / dst
        i = min(int(x), last)
        frac = x - i
        nxt = samples[min(i + 1, last)]
        out[j] = int(samples[i] + (nxt - samples[i]) * frac)
    return out


def _write_track(
    out_path: Path | None,
    frames: int,
    body: Callable[[Callable[[bytes], None]], tuple[int, list[CutCue]]],
) -> tuple[int, list[CutCue]]:
    """Write the WAV to ``out_path`` atomically (coach/common/outfile.py), or to stdout when None.

    The frame count goes in the header first, so the WAV streams without
    seeking back (a pipe cannot seek).
    """
    from coach.common.outfile import atomic_output

    def _wav(fh: IO[bytes]) -> tuple[int, list[CutCue]]:
        with wave.open(fh, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.setnframes(frames)
            return body(w.writeframesraw)

    if out_path is None:
        result = _wav(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return result
    # A new track is 0644 whatever the umask: it is meant to be copied and shared.
    with atomic_output(out_path, binary=True, label="-o ", new_mode=0o644) as fh:
        return _wav(fh)
