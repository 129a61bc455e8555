"""Render a routine's whole track to one WAV file (`coach audio`): words, tones and chimes.

Each cue's audio starts at its timeline offset, with silence between. A soft
tone rises through each in-breath and falls through each out-breath, and a
chime marks each new step and the end (coach/voice/tones.py); speech is mixed
over them (coach/voice/mix.py). As in a live session, a started cue is never
cut: when one is still speaking as the next falls due, the next waits until
it ends. Such cues are reported, with the seconds they speak and the room the
routine gives them (from their own moment to the next cue's), because a long instruction running over usually means the
step's ``prepare`` time is too short. The track closes with the closing words
after the last cue (at the routine's end, or when the last cue ends if later)
and at most TAIL_SECONDS of silence after the last sound: its length is the
routine's total, extended as the closing words need.
"""

from __future__ import annotations

import sys
import wave
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from coach.playback.player import FINISHED_TEXT
from coach.playback.timeline import Timeline
from coach.voice.engine import CueCache, Synthesiser, VoiceSettings
from coach.voice.mix import Sound, stream_mix
from coach.voice.tones import BREATH_KINDS, breath_tone, chime, tone_file

#: The track format: espeak-ng's own output, so cues are copied, not converted.
SAMPLE_RATE = 22050
#: Samples below this (of 32767) count as silence when measuring how long a cue speaks.
QUIET = 300
#: Silence kept after the last sound (espeak-ng's own padding counts as silence).
TAIL_SECONDS = 1.0


@dataclass(frozen=True)
class CutCue:
    """A cue too long for its room: ``spoken`` seconds of speech, ``room`` seconds from its
    moment to the next cue's.

    It is not cut (the next cue waits for it), so the next one starts late.
    ``step`` is the name of its step.
    """

    at: float
    text: str
    spoken: float
    room: float
    step: str = ""


@dataclass(frozen=True)
class Track:
    """What `render_track` wrote; ``tones`` counts the breath tones and chimes mixed in."""

    path: Path | None
    seconds: float
    frames: int
    cues: int
    synthesised: int
    cut: tuple[CutCue, ...]
    tones: int = 0


@dataclass(frozen=True)
class Plan:
    """Every sound of a track, where it starts, and the track's length in frames."""

    speech: tuple[Sound, ...]
    tones: tuple[Sound, ...]
    frames: int
    cut: tuple[CutCue, ...]


def render_track(
    timeline: Timeline,
    out_path: Path | None,
    settings: VoiceSettings | None = None,
    *,
    cache_dir: Path | None = None,
    synthesiser: Synthesiser | None = None,
    tones: bool = True,
) -> Track:
    """Write ``timeline``'s track to ``out_path`` (atomically; None: stdout) and describe it.

    ``tones``: mix breath tones and chimes under the words (False: words only).
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
        paths = cache.ensure([*(c.text for c in timeline.cues), FINISHED_TEXT])
        made = synthesiser.count - before
    finally:
        if own:
            synthesiser.close()
    audio = {text: read_mono16(path, SAMPLE_RATE) for text, path in paths.items()}
    folder = cache_dir / "tones"

    def cached_sound(kind: str, seconds: float) -> array[int]:
        # Made once per kind and length, then read back: making them takes longer.
        return read_mono16(tone_file(folder, kind, seconds), SAMPLE_RATE)

    plan = plan_track(timeline, audio, tones=tones, sound=cached_sound)
    _write_track(
        out_path, plan.frames, lambda w: stream_mix(plan.speech + plan.tones, plan.frames, w)
    )
    return Track(
        out_path,
        plan.frames / SAMPLE_RATE,
        plan.frames,
        len(timeline.cues),
        made,
        plan.cut,
        len(plan.tones),
    )


def plan_track(
    timeline: Timeline,
    audio: Mapping[str, array[int]],
    *,
    tones: bool = True,
    sound: Callable[[str, float], array[int]] | None = None,
) -> Plan:
    """Where each sound goes. Cues without audio are skipped; the closing words are
    FINISHED_TEXT's audio when ``audio`` has it. ``sound(kind, seconds)`` gives a breath
    tone or chime (default: made here, coach/voice/tones.py)."""
    total = round(timeline.total * SAMPLE_RATE)
    due = [(round(c.at * SAMPLE_RATE), c.text, c.step) for c in timeline.cues]
    if FINISHED_TEXT in audio:
        due.append((total, FINISHED_TEXT, -1))
    speech: list[Sound] = []
    cut: list[CutCue] = []
    cursor = 0  # where the last cue's audio ends: the next may not start before
    end = total  # the last sound heard
    for i, (at, text, step) in enumerate(due):
        samples = audio.get(text)
        if not samples:
            continue
        start = max(at, cursor)
        speech.append(Sound(start, samples))
        cursor = start + len(samples)
        voiced = _voiced_length(samples)
        end = max(end, start + voiced)
        # Reported when the cue itself is too long for its room, not when it only starts
        # late because the one before ran over (that one is reported), nor when only the
        # closing words wait (a last cue may end the routine and run past its end).
        nxt = due[i + 1] if i + 1 < len(due) else None
        room = nxt[0] - at if nxt and nxt[1] != FINISHED_TEXT else voiced
        if nxt and voiced > room and start + voiced > nxt[0]:
            name = timeline.steps[step].name if 0 <= step < len(timeline.steps) else ""
            cut.append(
                CutCue(at / SAMPLE_RATE, text, voiced / SAMPLE_RATE, room / SAMPLE_RATE, name)
            )
    sounds = _tones(timeline, sound or _made) if tones else []
    for s in sounds:
        end = max(end, s.end)
    frames = max(total, end + round(TAIL_SECONDS * SAMPLE_RATE)) if end > total else total
    return Plan(tuple(speech), tuple(sounds), frames, tuple(cut))


def _made(kind: str, seconds: float) -> array[int]:
    return breath_tone(kind, seconds, SAMPLE_RATE) if kind in BREATH_KINDS else chime(kind)


def _tones(timeline: Timeline, sound: Callable[[str, float], array[int]]) -> list[Sound]:
    """A breath tone through each in- and out-breath; a chime at each new step and the end."""
    got: dict[tuple[str, float], array[int]] = {}  # a set of breaths repeats a few lengths

    def get(kind: str, seconds: float = 0.0) -> array[int]:
        if (kind, seconds) not in got:
            got[kind, seconds] = sound(kind, seconds)
        return got[kind, seconds]

    sounds = [
        Sound(round(seg.start * SAMPLE_RATE), get(seg.phase, seg.duration))
        for seg in timeline.segments
        if seg.phase in BREATH_KINDS
    ]
    sounds += [Sound(round(s.start * SAMPLE_RATE), get("step")) for s in timeline.steps[1:]]
    if timeline.steps:
        sounds.append(Sound(round(timeline.total * SAMPLE_RATE), get("end")))
    return [s for s in sounds if s.samples]


def place_cues(
    timeline: Timeline,
    audio: Mapping[str, array[int]],
    write: Callable[[bytes], None],
    *,
    tones: bool = True,
) -> tuple[int, list[CutCue]]:
    """Stream the track as 16-bit mono frames to ``write``; return (frames, cues running over)."""
    plan = plan_track(timeline, audio, tones=tones)
    stream_mix(plan.speech + plan.tones, plan.frames, write)
    return plan.frames, list(plan.cut)


def _voiced_length(samples: array[int]) -> int:
    """Samples up to the last one louder than QUIET (espeak pads cues with silence)."""
    for i in range(len(samples) - 1, -1, -1):
        if abs(samples[i]) > QUIET:
            return i + 1
    return 0


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
    body: Callable[[Callable[[bytes], None]], None],
) -> None:
    """Write the WAV to ``out_path`` atomically (coach/common/outfile.py), or to stdout when None.

    The frame count goes in the header first, so the WAV streams without
    seeking back (a pipe cannot seek).
    """
    from coach.common.outfile import atomic_output

    def _wav(fh: IO[bytes]) -> None:
        with wave.open(fh, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.setnframes(frames)
            body(w.writeframesraw)

    if out_path is None:
        _wav(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    # A new track is 0644 whatever the umask: it is meant to be copied and shared.
    with atomic_output(out_path, binary=True, label="-o ", new_mode=0o644) as fh:
        _wav(fh)
