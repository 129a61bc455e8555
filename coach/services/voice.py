"""The voice as config.yaml sets it up, or silence with a notice: what both front ends open."""

from __future__ import annotations

from typing import Any


def open_voice_or_silent(enabled: bool) -> Any:
    """The voice as config.yaml sets it up, or a SilentVoice (with a notice when speech was wanted)."""
    from coach.settings.config import load_config
    from coach.voice.speech import SilentVoice, open_voice

    config = load_config().config
    if not enabled or not config.voice:
        return SilentVoice()
    try:
        return open_voice(
            enabled=True,
            rate=config.rate,
            volume=config.volume,
            voice_name=config.voice_name or None,
            player=config.player or None,
        )
    except (OSError, RuntimeError, ValueError) as exc:
        return SilentVoice(f"voice unavailable ({exc}); playing silently (see 'coach doctor')")
