"""The voice adapter (being written). The interface other parts rely on is below."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Voice(Protocol):
    """Speaks cues without ever blocking the caller."""

    notice: str  # one line to show when the voice is unavailable, else ""

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesise these cue texts ahead of time (may block; call before playback)."""

    def say(self, text: str) -> None:
        """Stop any speech now and start saying ``text``; returns at once."""

    def stop(self) -> None:
        """Stop speech at once (pause, skip, mute)."""

    def set_muted(self, muted: bool) -> None:
        """Mute stops speech and makes later say() calls silent until unmuted."""

    def close(self) -> None:
        """End the worker and any playback process."""


class SilentVoice:
    """A voice that says nothing: --no-voice, or no engine or audio device."""

    def __init__(self, notice: str = "") -> None:
        self.notice = notice
        self.muted = False

    def prepare(self, texts: Iterable[str]) -> None:
        pass

    def say(self, text: str) -> None:
        pass

    def stop(self) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def close(self) -> None:
        pass
