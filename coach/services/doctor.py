"""`coach doctor`: check what coach needs and say how to fix what is missing.

Essential: the data and config folders and the routine library, since without
them nothing can be played or logged. The voice (engine, espeak-ng library,
player, sound device, cue cache) is not essential: coach runs silently without
it and shows a one-line notice, so those checks say how to fix the voice but
never fail the exit code.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Check:
    """One check: ``detail`` when ok, ``fix`` (what to do) when not."""

    name: str
    ok: bool
    essential: bool
    detail: str = ""
    fix: str = ""

    def line(self) -> str:
        """``ok    name: detail`` or ``fix   name: what to do``."""
        return f"{'ok' if self.ok else 'fix':<6}{self.name}: {self.detail if self.ok else self.fix}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_checks(player: str | None = None, voice_name: str | None = None) -> list[Check]:
    """Every check, in the order they are printed; ``player``/``voice_name`` from config."""
    checks = [_espeak_library(), _voice_engine(voice_name), _voices_per_language()]
    checks += _player_and_device(player)
    from coach import locations

    checks.append(_folder("data folder", locations.data_dir(), essential=True))
    checks.append(_folder("config folder", locations.config_dir(), essential=True))
    checks.append(_folder("voice cache", locations.cache_dir() / "voice", essential=False))
    checks += _session_log(locations.database_file())
    checks += _routines()
    return checks


def _session_log(path: Path) -> list[Check]:
    """The log opens and passes SQLite's full check; damaged logs kept aside are named."""
    from coach.log.aside import damaged_copies
    from coach.log.store import StoreError, open_store

    checks: list[Check] = []
    if not path.exists():
        checks.append(Check("session log", True, True, f"{path} (created when first needed)"))
    else:
        try:
            with open_store(path, for_reading=True) as store:
                checks.append(_log_health(store))
        except StoreError as exc:
            hint = f"; {exc.hint}" if exc.hint else ""
            checks.append(Check("session log", False, True, fix=f"{exc.message}{hint}"))
    for copy in damaged_copies(path):
        checks.append(
            Check(
                "damaged log kept",
                False,
                False,
                fix=f"{copy}: a damaged session log was set aside here and a new one started; "
                "the sessions in it are not in your history (keep it for recovery, or delete it)",
            )
        )
    return checks


def _log_health(store: Any) -> Check:
    """SQLite's full integrity check; index-only faults are mended by rebuilding the indexes."""
    problems = store.integrity_check(full=True)
    mended = ""
    if problems and not store.read_only and all(_index_only(p) for p in problems):
        store.reindex()
        mended = f" (mended: {len(problems)} index fault(s) rebuilt)"
        problems = store.integrity_check(full=True)
    if problems:
        return Check(
            "session log",
            False,
            True,
            fix=f"{store.path} fails SQLite's integrity check: {problems[0]}; "
            "close every coach window and run 'coach doctor' again",
        )
    ro = " (read-only)" if store.read_only else ""
    return Check("session log", True, True, f"{store.path}{ro}: integrity ok{mended}")


def _index_only(problem: str) -> bool:
    return "index" in problem and (
        "wrong # of entries" in problem or "missing from index" in problem
    )


def healthy(checks: list[Check]) -> bool:
    """True when every essential check passed (the exit code is 0)."""
    return all(c.ok for c in checks if c.essential)


def summary(checks: list[Check]) -> str:
    """One closing line for people."""
    bad = [c for c in checks if c.essential and not c.ok]
    if bad:
        return f"{len(bad)} essential problem(s) above; coach needs them fixed."
    if any(not c.ok and c.name == "routine file" for c in checks):
        return "coach is ready; fix the routine files above (the others load and play)."
    if not all(c.ok for c in checks):
        return (
            "coach is ready, without a voice until the fixes above are made "
            "(the voice is optional: sessions run silently with a notice)."
        )
    return "coach is ready, voice included."


def _voices_per_language(listing: str | None = None) -> Check:
    """The installed voices for each language a routine may use (``language:``)."""
    import subprocess

    from coach.voice.spoken import installed_voices

    name = "voices by language"
    try:
        found = installed_voices(listing)
    except (OSError, subprocess.SubprocessError) as exc:
        return Check(name, False, False, fix=f"cannot list espeak-ng's voices ({exc})")
    parts = []
    for lang, voices in found.items():
        shown = ", ".join(voices[:3]) + (f" (+{len(voices) - 3})" if len(voices) > 3 else "")
        parts.append(f"{lang}: {shown or 'none'}")
    missing = [lang for lang, voices in found.items() if not voices]
    if missing:
        return Check(
            name,
            False,
            False,
            fix="; ".join(parts) + f"; no voice for {', '.join(missing)}: install espeak-ng-data "
            "(routines in that language are read by the default voice)",
        )
    return Check(name, True, False, "; ".join(parts) + f"; {ALL_VOICES}")


#: Where every voice id is listed (config.yaml's voice_name takes one).
ALL_VOICES = "every voice id: espeak-ng --voices (set one: voice_name in config.yaml)"


def _espeak_library() -> Check:
    from coach.voice.engine import espeak_fix

    name = "espeak-ng library"
    found = ctypes.util.find_library("espeak-ng")
    if sys.platform in ("darwin", "win32") and not found:
        return Check(
            name, True, False, f"not needed: pyttsx3 uses the system voice on {sys.platform}"
        )
    # The names pyttsx3 itself tries on Linux, so this check agrees with the engine.
    candidates = (
        [found]
        if found and not sys.platform.startswith("linux")
        else ["libespeak-ng.so.1", "/usr/local/lib/libespeak-ng.so.1"]
    )
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return Check(name, True, False, f"{candidate} loads")
    return Check(name, False, False, fix=espeak_fix())


def _voice_engine(voice_name: str | None) -> Check:
    from coach.voice.engine import (
        SynthesisError,
        VoiceSettings,
        VoiceUnavailable,
        synthesise,
    )

    name = "voice engine"
    with tempfile.TemporaryDirectory(prefix="coach-doctor-") as tmp:
        try:
            info = synthesise(
                "Breathe in", Path(tmp, "test.wav"), VoiceSettings(voice_name=voice_name or "")
            )
        except VoiceUnavailable as exc:
            fix = f"{exc.missing}: {exc.fix}" if exc.fix else exc.missing
            return Check(name, False, False, fix=fix)
        except (SynthesisError, OSError, EOFError) as exc:
            return Check(name, False, False, fix=f"a test phrase failed: {exc}")
    return Check(
        name, True, False, f"said 'Breathe in' ({info.seconds:.1f} s, {info.frame_rate} Hz)"
    )


def _player_and_device(configured: str | None) -> list[Check]:
    from coach.voice.engine import VoiceUnavailable
    from coach.voice.speech import PLAYERS, audio_outputs, find_player

    try:
        player = find_player(configured)
    except VoiceUnavailable as exc:
        if exc.part == "device":
            names = [n for n, _ in PLAYERS if _which(n)]
            return [
                Check("player", True, False, f"found {', '.join(names)}"),
                Check("audio device", False, False, fix=f"{exc.missing}: {exc.fix}"),
            ]
        outputs = audio_outputs()
        device = (
            Check("audio device", True, False, "; ".join(outputs.values()))
            if outputs
            else Check(
                "audio device",
                False,
                False,
                fix="no sound card or sound server found: connect a sound device "
                "or start PipeWire/PulseAudio",
            )
        )
        return [Check("player", False, False, fix=f"{exc.missing}: {exc.fix}"), device]
    reached = player.device or f"not checked: the {player.source} command is trusted"
    problem = test_sound(player)
    if problem:
        # The test sound did not play: a trusted command's device cannot be called "ok".
        device = (
            Check("audio device", True, False, player.device)
            if player.device
            else Check("audio device", False, False, fix="not reached: fix the player above")
        )
        return [Check("player", False, False, fix=f"{player.describe()}: {problem}"), device]
    return [
        Check("player", True, False, f"{player.describe()} (test sound played)"),
        Check("audio device", True, False, reached),
    ]


#: Seconds the test sound (about one) may take before the player is taken to be stuck.
TEST_SOUND_TIMEOUT = 8.0


def test_sound(player: Any, timeout: float = TEST_SOUND_TIMEOUT) -> str:
    """Play a short chime through ``player``; "" when it worked, else what went wrong and a fix.

    A player that exits non-zero, or prints anything on stderr, has not reached
    the speakers: a session through it would be silent without a word.
    """
    import signal
    import subprocess

    from coach.common.safe_text import shorten
    from coach.voice.tones import tone_file

    with tempfile.TemporaryDirectory(prefix="coach-doctor-") as tmp:
        argv = player.command(tone_file(Path(tmp), "step"))
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own group: a stuck player is killed whole
            )
        except OSError as exc:
            return f"cannot run {argv[0]!r} ({exc.strerror or exc}); {_player_hint(player)}"
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)
            else:  # pragma: no cover - Windows
                proc.kill()
            proc.communicate()
            return (
                f"a 1-second test sound did not finish in {timeout:g} s (stopped); "
                f"{_player_hint(player)}"
            )
    said = " / ".join(ln.strip() for ln in err.decode(errors="replace").splitlines() if ln.strip())
    if proc.returncode == 0 and not said:
        return ""
    status = (
        f"exited with status {proc.returncode}"
        if proc.returncode >= 0
        else f"was killed by signal {-proc.returncode}"
    )
    quoted = f" and said: {shorten(said, 200)}" if said else " without a message"
    if proc.returncode == 0:
        return (
            f"the test sound may not have reached the speakers: it said: {shorten(said, 200)}; "
            f"{_player_hint(player)}"
        )
    return f"no sound reached the speakers: it {status}{quoted}; {_player_hint(player)}"


def _player_hint(player: Any) -> str:
    """How to fix the player, by where its command came from."""
    if player.source == "auto":
        return (
            "check the sound device is connected, switched on and not muted, or set "
            "COACH_PLAYER to a player command that works (e.g. COACH_PLAYER='paplay')"
        )
    if player.source == "config":
        return "correct 'player' in config.yaml, or empty it to let coach find a player"
    return f"correct or unset {player.source} (e.g. {player.source}='aplay -q')"


def _which(name: str) -> bool:
    import shutil

    return shutil.which(name) is not None


def _folder(name: str, path: Path, essential: bool) -> Check:
    """Writable if it exists; else creatable (its nearest existing parent is writable)."""
    if path.exists():
        if not path.is_dir():
            return Check(name, False, essential, fix=f"{path} is a file; move it away")
        try:
            with tempfile.TemporaryFile(dir=path):
                pass
        except OSError as exc:
            return Check(
                name,
                False,
                essential,
                fix=f"cannot write in {path} ({exc.strerror}); check its permissions",
            )
        return Check(name, True, essential, str(path))
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
        return Check(name, True, essential, f"{path} (created when first needed)")
    return Check(
        name,
        False,
        essential,
        fix=f"cannot create {path}: {parent} is not writable; check its permissions",
    )


def _routines() -> list[Check]:
    from coach import locations
    from coach.routines.library import load_library

    lib = load_library()
    checks: list[Check] = []
    for problem in lib.folder_problems:  # the rest still loads, so not essential
        checks.append(
            Check("routine folder", False, False, fix=f"{problem.path}: {problem.message}")
        )
    for path in lib.broken:
        first = next((p for p in lib.errors if Path(p.path) == path), None)
        where = str(first) if first else f"{path}: cannot be loaded"
        checks.append(
            # Not essential: the other routines still load and play (issue 14).
            Check("routine file", False, False, fix=f"{where} (run 'coach validate {path}')")
        )
    count = len(lib.entries)
    if count == 0:
        checks.insert(
            0,
            Check(
                "routines",
                False,
                True,
                fix=f"no routines found; reinstall coach or add routine files "
                f"to {locations.user_routines_dir()}",
            ),
        )
        return checks
    by_source: dict[str, int] = {}
    for entry in lib.entries.values():
        by_source[entry.source] = by_source.get(entry.source, 0) + 1
    parts = ", ".join(f"{n} {_SOURCE_WORDS.get(s, s)}" for s, n in sorted(by_source.items()))
    checks.insert(0, Check("routines", True, True, f"{count} routine(s): {parts}"))
    return checks


_SOURCE_WORDS = {"builtin": "built-in", "user": "yours", "path": "from COACH_ROUTINES_PATH"}
