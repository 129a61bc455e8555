"""How long a cue takes to say: a pure estimate from its words and the speaking rate.

The estimate is meant to err long: a cue that is said to fit surely fits. It is
calibrated against the real espeak-ng voice (the default English voice, through
``coach.voice.engine``) on every distinct cue text of the 24 built-in routines
(146 texts, 0.3 to 10.3 s of voiced audio, trailing silence not counted):

    base    = 0.10 s a word + 0.04 s a letter or digit + 0.62 s a sentence break
              + 0.40 s a comma or dash + 0.16 s
    seconds = (1.06 * base + 0.14) * (150 / rate), with the factor raised to the power
              1.1 below 150 words a minute (espeak-ng's pauses grow faster when slow)

Measured against the synthesised audio (seconds the estimate is short / long):

    rate 150 (the default): at most 0.12 short, on average 0.35 and at most 1.19 long
    rate 100:               at most 0.16 short, on average 0.72 long
    rate 220:               at most 0.05 short, on average 0.30 long

A least-squares fit of the same features (rms 0.23 s) was inflated by 6 % and
0.14 s until no text was more than 0.12 s short at 150 words a minute. Syllable
counts were tried and added nothing once letters were counted. "4-7-8" is said
"four dash seven dash eight", so a dash between digits counts as a word. When a
cue has been synthesised, its measured length is better than this estimate
(`coach validate --voice` uses it).
"""

from __future__ import annotations

import re

#: The rate (words a minute) the estimate was calibrated at; config.yaml's default.
CALIBRATED_RATE = 150
PER_WORD = 0.10
PER_LETTER = 0.04
PER_SENTENCE_BREAK = 0.62
PER_COMMA = 0.40
CONSTANT = 0.16
#: The margin that makes the estimate err long.
SCALE = 1.06
MARGIN = 0.14
SLOW_EXPONENT = 1.1

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LETTER = re.compile(r"[^\W_]")
_SENTENCE_BREAK = re.compile(r"[.!?;:…](?=\s+\S)")
_COMMA = re.compile(r"[,，](?=\s)|\s[-–—](?=\s)")
_DIGIT_DASH = re.compile(r"(?<=\d)-(?=\d)")


def estimate_seconds(text: str, rate: int = CALIBRATED_RATE) -> float:
    """Seconds the voice takes to say ``text`` at ``rate`` words a minute (errs long)."""
    text = _DIGIT_DASH.sub(" dash ", text)
    words = len(_WORD.findall(text))
    if not words:
        return 0.0
    base = (
        PER_WORD * words
        + PER_LETTER * len(_LETTER.findall(text))
        + PER_SENTENCE_BREAK * len(_SENTENCE_BREAK.findall(text))
        + PER_COMMA * len(_COMMA.findall(text))
        + CONSTANT
    )
    factor = CALIBRATED_RATE / max(rate, 1)
    if factor > 1:
        factor **= SLOW_EXPONENT
    return round((SCALE * base + MARGIN) * factor, 3)
