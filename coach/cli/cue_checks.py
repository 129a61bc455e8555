"""`coach validate`'s cue timing: warnings for cues that cannot finish before the next.

The estimate from the words (coach.playback.saying) by default; with --voice the
lengths measured from the real voice (coach.services.cue_timing).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def cue_timing(args: argparse.Namespace) -> tuple[int, Any]:
    """The speaking rate from config.yaml, and with --voice a way to measure cue lengths."""
    from coach.settings.config import load_config

    config = load_config().config
    if not getattr(args, "voice", False):
        return config.rate, None
    from coach.services.cue_timing import CueTimer
    from coach.voice.engine import VoiceSettings

    settings = VoiceSettings(config.rate, config.volume, config.voice_name)
    return config.rate, CueTimer(settings)


def crowded_cues(path: Path, routine: Any, rate: int, measure: Any) -> list[Any]:
    """Warnings for cues that cannot finish before the next one (coach.playback.cue_room)."""
    from coach.playback.cue_room import cue_room_problems
    from coach.playback.timeline import compile_routine

    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # read_file has already reported it
    measured = None
    if measure is not None:
        from coach.cli import CommandError
        from coach.voice.engine import SynthesisError, VoiceUnavailable

        try:
            measured = measure.lengths(c.text for c in compile_routine(routine).cues)
        except VoiceUnavailable as exc:
            raise CommandError(
                f"--voice: no voice to time the cues with: {exc.missing}",
                exc.fix or "run 'coach doctor', or leave out --voice to use the estimate",
            ) from None
        except SynthesisError as exc:
            raise CommandError(
                f"--voice: the voice engine failed: {exc}", "run 'coach doctor'"
            ) from None
    return cue_room_problems(routine, source, str(path), rate=rate, measured=measured)
