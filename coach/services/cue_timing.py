"""How long cues really take to say: synthesised with the configured voice and measured.

`coach validate --voice` passes these lengths to coach.playback.cue_room instead of
the estimate. Cues go through the same voice cache as `coach audio` and the player,
so a later session or track reuses them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coach.voice.engine import CueCache, EngineProcess, VoiceSettings
from coach.voice.track import QUIET, SAMPLE_RATE, read_mono16


class CueTimer:
    """Seconds of speech per cue text; starts the voice engine on first use.

    Raises VoiceUnavailable when no engine can start and SynthesisError for a cue
    that cannot be spoken.
    """

    def __init__(self, settings: VoiceSettings, cache_dir: Path | None = None) -> None:
        self.settings = settings
        self.cache_dir = cache_dir
        self._engine: EngineProcess | None = None
        self._cache: CueCache | None = None
        self._seconds: dict[str, float] = {}

    def lengths(self, texts: Iterable[str]) -> dict[str, float]:
        """Seconds from the start of each text's audio to its last sound."""
        wanted = [t for t in dict.fromkeys(texts) if t.strip()]
        missing = [t for t in wanted if t not in self._seconds]
        if missing:
            for text, path in self._cache_of().ensure(missing).items():
                self._seconds[text] = voiced_seconds(path)
        return {t: self._seconds[t] for t in wanted if t in self._seconds}

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def _cache_of(self) -> CueCache:
        if self._cache is None:
            folder = self.cache_dir
            if folder is None:
                from coach import locations

                folder = locations.cache_dir() / "voice"
            self._engine = EngineProcess(self.settings)
            self._cache = CueCache(folder, self._engine, self.settings)
        return self._cache


def voiced_seconds(path: Path) -> float:
    """Seconds up to the last sample louder than QUIET (espeak-ng pads cues with silence)."""
    samples = read_mono16(path, SAMPLE_RATE)
    for i in range(len(samples) - 1, -1, -1):
        if abs(samples[i]) > QUIET:
            return (i + 1) / SAMPLE_RATE
    return 0.0
