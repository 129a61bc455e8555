"""Mixing sounds into one stream of 16-bit mono frames, a block at a time.

The track (coach/voice/track.py) is a list of sounds, each a run of samples at
a start frame: speech cues, breath tones and chimes. They overlap (a cue is
spoken over the tone of its breath), so where they do the samples are summed
and held within 16 bits: a sum past full scale is clipped to it rather than
wrapping round, which would be a loud crack.

The mix is made one block (a second) at a time and handed to ``write``, so a
long routine never sits in memory whole, and a WAV on a pipe streams.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import add

BLOCK = 22050
_TOP, _BOTTOM = 32767, -32768


@dataclass(frozen=True)
class Sound:
    """``samples`` (16-bit mono) starting at frame ``start``."""

    start: int
    samples: array[int]

    @property
    def end(self) -> int:
        return self.start + len(self.samples)


def mixed(a: Sequence[int], b: Sequence[int]) -> array[int]:
    """``a + b`` sample by sample, clipped to 16 bits."""
    return array(
        "h",
        [v if _BOTTOM <= v <= _TOP else (_TOP if v > 0 else _BOTTOM) for v in map(add, a, b)],
    )


def stream_mix(sounds: Sequence[Sound], frames: int, write: Callable[[bytes], None]) -> None:
    """Write ``frames`` frames of ``sounds`` mixed over silence to ``write`` (little-endian)."""
    ordered = sorted((s for s in sounds if s.samples and s.start < frames), key=lambda s: s.start)
    active: list[Sound] = []
    nxt = 0
    for lo in range(0, frames, BLOCK):
        hi = min(lo + BLOCK, frames)
        while nxt < len(ordered) and ordered[nxt].start < hi:
            active.append(ordered[nxt])
            nxt += 1
        active = [s for s in active if s.end > lo]
        block = array("h", bytes(2 * (hi - lo)))
        touched: list[tuple[int, int]] = []  # spans of the block already holding sound
        for s in active:
            a, b = max(lo, s.start), min(hi, s.end)
            if a >= b:
                continue
            part = s.samples[a - s.start : b - s.start]
            if any(x < b and a < y for x, y in touched):
                block[a - lo : b - lo] = mixed(block[a - lo : b - lo], part)
            else:
                block[a - lo : b - lo] = part
            touched.append((a, b))
        write(le_bytes(block))


def le_bytes(samples: array[int]) -> bytes:
    """The samples as little-endian bytes, as WAV files hold them."""
    if sys.byteorder == "little":
        return samples.tobytes()
    swapped = array("h", samples)
    swapped.byteswap()
    return swapped.tobytes()
