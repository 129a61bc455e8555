"""How a session is guided: spoken breathing words, breath tones, or both.

config.yaml's ``guidance`` decides it (coach.settings.config): ``voice`` says
"Breathe in" / "Breathe out" on every breath and plays no tones; ``tones`` plays a
rising tone through each in-breath and a falling one through each out-breath and
says no breathing words; ``both`` (the default) plays the tones and says the
breathing words for the first ``spoken_cycles`` breaths of each set, then lets the
tones lead. Instructions, sides, "Halfway", the last-breath cue and a routine's
own cues are always said (coach.playback.timeline). Pure.
"""

from __future__ import annotations

#: The choices, in the order the settings screen lists them.
GUIDANCE = ("voice", "tones", "both")
DEFAULT_GUIDANCE = "both"
DEFAULT_SPOKEN_CYCLES = 3
SPOKEN_CYCLES_RANGE = (0, 20)


def spoken_cycles_for(guidance: str, spoken_cycles: int) -> int | None:
    """``compile_routine``'s ``spoken_cycles``: None says every breathing word.

    voice -> None (every breath spoken), both -> ``spoken_cycles``, tones -> 0.
    """
    if guidance == "voice":
        return None
    if guidance == "tones":
        return 0
    if guidance == "both":
        return max(0, spoken_cycles)
    raise ValueError(f"guidance must be one of {', '.join(GUIDANCE)}, not {guidance!r}")


def plays_tones(guidance: str) -> bool:
    """Whether breath tones and chimes play under ``guidance``."""
    if guidance not in GUIDANCE:
        raise ValueError(f"guidance must be one of {', '.join(GUIDANCE)}, not {guidance!r}")
    return guidance != "voice"
