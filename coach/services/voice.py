"""The voice as config.yaml sets it up, or silence with a notice: what both front ends open."""

from __future__ import annotations

from typing import Any


def open_voice_or_silent(enabled: bool, language: str = "en") -> Any:
    """The voice as config.yaml sets it up, or a SilentVoice (with a notice when speech was wanted).

    A routine in another ``language`` is spoken by a voice for it (coach.voice.spoken).
    """
    from coach.settings.config import load_config
    from coach.voice.speech import SilentVoice, open_voice
    from coach.voice.spoken import voice_for

    config = load_config().config
    if not enabled or not config.voice:
        return SilentVoice()
    try:
        return open_voice(
            enabled=True,
            rate=config.rate,
            volume=config.volume,
            voice_name=voice_for(language, config.voice_name or "") or None,
            player=config.player or None,
        )
    except (OSError, RuntimeError, ValueError) as exc:
        return SilentVoice(f"voice unavailable ({exc}); playing silently (see 'coach doctor')")
