"""A desktop notification: notify-send (Linux), osascript (macOS), or none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def notifier() -> str | None:
    """The notification command available here, or None (no desktop: nothing is shown)."""
    if sys.platform == "darwin" and shutil.which("osascript"):
        return "osascript"
    if shutil.which("notify-send"):
        return "notify-send"
    return None


def has_desktop() -> bool:
    """Whether a graphical session is there to show a notification."""
    if sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def send(title: str, body: str) -> str:
    """Show the notification; "" when shown, else why not (in words)."""
    tool = notifier()
    if tool is None:
        return "no notifier (install notify-send, package libnotify-bin)"
    if tool == "osascript":
        script = f"display notification {_q(body)} with title {_q(title)}"
        cmd = ["osascript", "-e", script]
    else:
        cmd = ["notify-send", "--app-name=coach", title, body]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return "" if done.returncode == 0 else (done.stderr.strip() or f"{tool} failed")


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
