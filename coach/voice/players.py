"""Finding the command that plays a WAV file, and the sound device it will reach.

The player command is, first found: the ``COACH_PLAYER`` environment variable,
the configured ``player``, then auto-detection. A command is split like a shell
line; the WAV path replaces ``{}`` or is appended. A configured command is
trusted without looking for a sound device (e.g. ``COACH_PLAYER="aplay -q -D null"``
plays to nowhere for benchmarks).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from coach.voice.engine import VoiceUnavailable

#: Auto-detected players, in order of preference, with the arguments that keep them quiet.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)
PLAYER_ENV = "COACH_PLAYER"


@dataclass(frozen=True)
class Player:
    """A command that plays one WAV file; ``source`` is COACH_PLAYER, config or auto."""

    argv: tuple[str, ...]
    source: str
    device: str = ""  # the sound output found ("" when a configured command is trusted)

    def command(self, path: Path) -> list[str]:
        """The argv that plays ``path``: it replaces ``{}``, or is appended."""
        if "{}" in self.argv:
            return [str(path) if a == "{}" else a for a in self.argv]
        return [*self.argv, str(path)]

    def describe(self) -> str:
        """The command as a shell line, and where it came from."""
        where = {"auto": "auto-detected", "config": "from config.yaml"}.get(
            self.source, f"from {self.source}"
        )
        return f"{shlex.join(self.argv)} ({where})"


def audio_outputs(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Sound outputs found: keys pipewire, pulse, alsa, coreaudio, with a description each."""
    env = os.environ if env is None else env
    found: dict[str, str] = {}
    if sys.platform == "darwin":
        found["coreaudio"] = "Core Audio"
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if env.get("PIPEWIRE_REMOTE") or (runtime and Path(runtime, "pipewire-0").exists()):
        found["pipewire"] = "PipeWire server"
    if env.get("PULSE_SERVER") or (runtime and Path(runtime, "pulse", "native").exists()):
        found["pulse"] = "PulseAudio server"
    cards = _alsa_cards()
    if cards:
        found["alsa"] = "ALSA card: " + ", ".join(cards)
    return found


def _alsa_cards(cards_file: Path = Path("/proc/asound/cards")) -> list[str]:
    """Sound card names the kernel lists (what `aplay -l` reads), or [] when none."""
    try:
        text = cards_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [m.group(1).strip() for m in re.finditer(r"^\s*\d+\s+\[[^\]]*\]:\s*(.*)$", text, re.M)]


#: What each auto-detected player needs to make a sound.
_NEEDS = {
    "pw-play": ("pipewire",),
    "paplay": ("pulse", "pipewire"),
    "aplay": ("alsa", "pulse", "pipewire"),
    "afplay": ("coreaudio",),
}


def find_player(configured: str | None = None, env: Mapping[str, str] | None = None) -> Player:
    """The player to use: COACH_PLAYER, else ``configured``, else the first that can sound."""
    env = os.environ if env is None else env
    path = env.get("PATH", os.defpath)
    for source, line in ((PLAYER_ENV, env.get(PLAYER_ENV, "")), ("config", configured or "")):
        if line.strip():
            return Player(_split_command(line, source, path), source)
    names = [(name, args) for name, args in PLAYERS if shutil.which(name, path=path)]
    if not names:
        raise VoiceUnavailable(
            "player",
            "no audio player found (pw-play, paplay, aplay or afplay)",
            "sudo apt-get install alsa-utils (for aplay), or set 'player' in config.yaml",
        )
    outputs = audio_outputs(env)
    for name, args in names:
        for need in _NEEDS[name]:
            if need in outputs:
                return Player((name, *args), "auto", outputs[need])
    raise VoiceUnavailable(
        "device",
        "no sound card or sound server found",
        "connect a sound device or start PipeWire/PulseAudio, or set COACH_PLAYER to a "
        "player command",
    )


def _split_command(line: str, source: str, path: str) -> tuple[str, ...]:
    try:
        argv = tuple(shlex.split(line))
    except ValueError as exc:
        raise VoiceUnavailable(
            "player", f"the player command from {source} is not valid ({exc})", f"fix {source}"
        ) from None
    if not shutil.which(argv[0], path=path):
        raise VoiceUnavailable(
            "player",
            f"the player command {argv[0]!r} ({source}) was not found",
            f"install it or change {source}",
        )
    return argv
