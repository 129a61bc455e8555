"""Drive a real terminal program in tmux, as a person would: type keys, read the screen.

Each session runs on a private tmux server (its own socket), inside a plain bash,
so the tests can also check the terminal is usable again after the program exits.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest


def require_tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed (make test installs it where it can)")
    return tmux


class Tmux:
    """One tmux session with one pane running bash."""

    def __init__(
        self, env: dict[str, str], width: int = 80, height: int = 24, cwd: Path | None = None
    ) -> None:
        self.tmux = require_tmux()
        self.socket = f"coach-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.width, self.height = width, height
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        shell = f"env -i {exports} bash --norc --noprofile"
        self._run(
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            str(width),
            "-y",
            str(height),
            "-c",
            str(cwd or Path.cwd()),
            shell,
        )
        self._run("set-option", "-t", "t", "remain-on-exit", "on")
        self.wait_for(lambda s: "$" in s or "#" in s, timeout=10)

    def _run(self, *args: str) -> str:
        out = subprocess.run(
            [self.tmux, "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        if out.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def type(self, text: str, enter: bool = True) -> None:
        """Type text literally (and Enter)."""
        self._run("send-keys", "-t", "t", "-l", text)
        if enter:
            self._run("send-keys", "-t", "t", "Enter")

    def keys(self, *keys: str) -> None:
        """Send tmux key names: 'Space', 'Escape', 'C-c', 'Down', 'q'."""
        self._run("send-keys", "-t", "t", *keys)

    def screen(self) -> str:
        """The visible screen as text."""
        return self._run("capture-pane", "-p", "-t", "t")

    def info(self, fmt: str) -> str:
        """A tmux format value of the pane, e.g. '#{alternate_on}'."""
        return self._run("display-message", "-p", "-t", "t", fmt).strip()

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = 15) -> str:
        """Wait until the screen shows ``what`` (text or predicate); fail with the screen."""
        check = (lambda s: what in s) if isinstance(what, str) else what
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)  # polling a real terminal: no clock of ours to inject
        raise AssertionError(f"timed out waiting for {what!r}; screen was:\n{screen}")

    def wait_for_prompt(self, timeout: float = 15) -> str:
        """Wait until the shell prompt is back on the last line in use."""

        def at_prompt(screen: str) -> bool:
            lines = [line for line in screen.splitlines() if line.strip()]
            return bool(lines) and lines[-1].rstrip() == "$"

        return self.wait_for(at_prompt, timeout)

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


def app_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A small, explicit environment for the program under test."""
    import sys

    env = {
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "COACH_HOME": str(home / "coach"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PS1": "$ ",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    env.update(extra or {})
    return env
