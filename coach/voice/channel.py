"""One sound channel: at most one player process at a time, killed whole, watched to its end.

The speaking voice (coach.voice.speaking) has three: speech, breath tones and
chimes. Each play starts the player in its own session (its own process
group), so a kill reaches anything it started and a Ctrl-C at the terminal
never reaches it; stdin and stdout are /dev/null, stderr a pipe.

A small monitor thread per process reads that pipe to its end and reaps the
process, so the caller never waits. When the process ends, the monitor calls
``on_end`` under the voice's lock with what the player printed and whether we
killed it: that is how the voice learns that a cue finished on its own (and
starts the next one), and that a player failed (``player_failure``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coach.common.safe_text import clean
from coach.voice.players import Player

#: Keep at most this much of a player's stderr (an error is one or two lines).
STDERR_KEEP = 4096
#: How much of a player's first error line goes into the failure message.
FAILURE_LINE_CHARS = 160
#: The start of every failure message (the front ends show it as it is).
FAILURE_PREFIX = "no sound reached the speakers"


@dataclass
class Run:
    """One player process: what it plays (``label``), and whether we killed it."""

    proc: subprocess.Popen[bytes]
    label: str
    started: float = 0.0  # the voice's clock when it started
    seconds: float = 0.0  # how long the sound lasts
    killed: bool = False
    stderr: bytes = b""
    ended: threading.Event = field(default_factory=threading.Event)


class Channel:
    """One player process at a time; every method but ``join`` runs under ``lock``."""

    def __init__(
        self,
        player: Player,
        lock: threading.Condition,
        on_end: Callable[[Channel, Run], None],
    ) -> None:
        self._player = player
        self._lock = lock
        self._on_end = on_end
        self.current: Run | None = None  # cleared by the monitor (or a kill) under the lock
        self._watched: list[Run] = []  # started and not yet reaped

    @property
    def label(self) -> str:
        """What is playing now ("" when nothing is)."""
        return self.current.label if self.current is not None else ""

    def play_locked(
        self, path: Path, label: str = "", started: float = 0.0, seconds: float = 0.0
    ) -> str:
        """Start playing ``path`` (``seconds`` long); returns "" or why the player could not start."""
        try:
            proc = subprocess.Popen(
                self._player.command(path),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group: killed whole, never ^C'd
                close_fds=True,
            )
        except OSError as exc:
            self.current = None
            name = os.path.basename(self._player.argv[0])
            return clean(f"{FAILURE_PREFIX}: cannot start the player {name!r}: {exc.strerror}")
        run = Run(proc, label, started, seconds)
        self.current = run
        self._watched.append(run)
        threading.Thread(target=self._watch, args=(run,), name="coach-player", daemon=True).start()
        return ""

    def kill_locked(self) -> None:
        """SIGKILL the current player's process group now; its monitor reaps it."""
        run, self.current = self.current, None
        if run is None or run.ended.is_set():
            return
        run.killed = True
        if run.proc.returncode is not None:
            return  # already reaped: its pid may belong to someone else now
        try:
            if hasattr(os, "killpg"):
                os.killpg(run.proc.pid, signal.SIGKILL)  # the player and anything it started
            else:
                run.proc.kill()
        except (ProcessLookupError, PermissionError):
            pass  # it ended on its own just now

    def idle_locked(self) -> bool:
        return self.current is None

    def join(self, timeout: float = 2.0) -> list[int]:
        """Wait for every started process to be reaped; returns the pids still running."""
        with self._lock:
            runs = list(self._watched)
        return [r.proc.pid for r in runs if not r.ended.wait(timeout)]

    def _watch(self, run: Run) -> None:
        stream = run.proc.stderr
        kept = bytearray()
        if stream is not None:
            with stream:
                while chunk := stream.read(4096):
                    if len(kept) < STDERR_KEEP:
                        kept += chunk[: STDERR_KEEP - len(kept)]
        run.proc.wait()
        with self._lock:
            run.stderr = bytes(kept)
            if self.current is run:
                self.current = None
            self._watched.remove(run)
            run.ended.set()
            self._on_end(self, run)


def player_failure(player: Player, run: Run) -> str:
    """One cleaned line when ``run`` failed on its own (exit status or error output), else ""."""
    if run.killed:
        return ""
    name = os.path.basename(player.argv[0])
    lines = [ln.strip() for ln in run.stderr.decode("utf-8", "replace").splitlines()]
    said = next((ln for ln in lines if ln), "")
    code = run.proc.returncode
    if said:
        if len(said) > FAILURE_LINE_CHARS:
            said = said[: FAILURE_LINE_CHARS - 1] + "…"
        why = f"{name} said: {said}"
    elif code is not None and code > 0:
        why = f"{name!r} exited with status {code}"
    elif code is not None and code < 0:
        why = f"{name!r} was ended by signal {-code}"
    else:
        return ""
    return clean(" ".join(f"{FAILURE_PREFIX}: {why}".split()))
