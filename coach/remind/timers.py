"""A per-user timer that runs `coach remind check`: systemd user units, a launchd agent,
or a crontab line to add by hand. Text is built by pure functions (tested, and checked
with `systemd-analyze verify`); installing writes files and asks systemctl or launchctl."""

from __future__ import annotations

import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UNIT = "coach-remind"
LABEL = "org.coach.remind"


@dataclass(frozen=True)
class Schedule:
    hour: int
    minute: int
    days: tuple[int, ...] = tuple(range(7))  # 0 = Monday

    @property
    def time_text(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def days_text(self) -> str:
        return "daily" if len(self.days) == 7 else ",".join(WEEKDAYS[d] for d in self.days)


def parse_schedule(time_text: str, days_text: str = "daily") -> Schedule:
    """'09:00' and 'mon,wed,fri' (or daily, weekdays, weekends); ValueError in words."""
    try:
        hh, mm = time_text.strip().split(":")
        hour, minute = int(hh), int(mm)
    except ValueError:
        raise ValueError(f"{time_text!r} is not a time; write it as HH:MM, like 09:00") from None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"{time_text!r} is not a time of day (00:00 to 23:59)")
    sets = {"daily": range(7), "weekdays": range(5), "weekends": (5, 6)}
    word = days_text.strip().lower()
    if word in sets:
        days = tuple(sets[word])
    else:
        days_set: set[int] = set()
        for part in word.replace(" ", "").split(","):
            if part[:3] not in WEEKDAYS or not part:
                raise ValueError(f"unknown day {part!r}; use mon,tue,wed,thu,fri,sat,sun")
            days_set.add(WEEKDAYS.index(part[:3]))
        days = tuple(sorted(days_set))
    return Schedule(hour, minute, days)


def check_command() -> list[str]:
    """The command the timer runs: this Python running coach, so a venv install works."""
    return [sys.executable, "-m", "coach", "remind", "check"]


def _env() -> dict[str, str]:
    keep = ("COACH_HOME", "COACH_ROUTINES_PATH", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    return {k: os.environ[k] for k in keep if os.environ.get(k)}


def systemd_units(s: Schedule, command: list[str] | None = None) -> dict[str, str]:
    """The service and timer unit files, by file name."""
    command = command or check_command()
    days = "" if len(s.days) == 7 else ",".join(WEEKDAYS[d].capitalize() for d in s.days) + " "
    env = "".join(f"Environment={shlex.quote(f'{k}={v}')}\n" for k, v in _env().items())
    service = (
        "[Unit]\nDescription=coach: remind me of today's plan if it is not done\n\n"
        "[Service]\nType=oneshot\n"
        f"{env}ExecStart={shlex.join(command)}\n"
    )
    timer = (
        "[Unit]\nDescription=coach reminder at "
        f"{s.time_text} ({s.days_text})\n\n"
        f"[Timer]\nOnCalendar={days}*-*-* {s.time_text}:00\nPersistent=false\n"
        f"Unit={UNIT}.service\n\n[Install]\nWantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def launchd_plist(s: Schedule, command: list[str] | None = None) -> bytes:
    """A launchd agent (launchd counts weekdays from Sunday = 0)."""
    intervals = [{"Weekday": (d + 1) % 7, "Hour": s.hour, "Minute": s.minute} for d in s.days]
    data = {
        "Label": LABEL,
        "ProgramArguments": command or check_command(),
        "StartCalendarInterval": intervals,
        "EnvironmentVariables": _env(),
    }
    return plistlib.dumps(data)


def cron_line(s: Schedule, command: list[str] | None = None) -> str:
    days = "*" if len(s.days) == 7 else ",".join(str((d + 1) % 7) for d in s.days)
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in _env().items())
    cmd = shlex.join(command or check_command())
    return f"{s.minute} {s.hour} * * {days} {env + ' ' if env else ''}{cmd}"


def systemd_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def launchd_file() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LABEL}.plist"


def available() -> str:
    """How a timer can be installed here: systemd, launchd or cron (a line to add)."""
    if sys.platform == "darwin" and shutil.which("launchctl"):
        return "launchd"
    if shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        return "systemd"
    return "cron"


def _run(*cmd: str) -> str:
    """Run a service manager command; "" when it worked, else its complaint."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return "" if done.returncode == 0 else (done.stderr or done.stdout).strip() or "failed"


def install(s: Schedule, via: str, enable: bool = True) -> tuple[list[Path], str]:
    """Write the timer files (none for cron) and enable them; the files and any problem."""
    if via == "systemd":
        folder = systemd_dir()
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, text in systemd_units(s).items():
            (folder / name).write_text(text, encoding="utf-8")
            paths.append(folder / name)
        if not enable:
            return paths, ""
        problem = _run("systemctl", "--user", "daemon-reload") or _run(
            "systemctl", "--user", "enable", "--now", f"{UNIT}.timer"
        )
        return paths, problem
    if via == "launchd":
        path = launchd_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(launchd_plist(s))
        if not enable:
            return [path], ""
        _run("launchctl", "unload", str(path))
        return [path], _run("launchctl", "load", str(path))
    return [], ""


def uninstall(via: str, disable: bool = True) -> list[Path]:
    """Remove what `install` wrote; the files removed."""
    removed = []
    if via == "systemd":
        if disable:
            _run("systemctl", "--user", "disable", "--now", f"{UNIT}.timer")
        for name in (f"{UNIT}.timer", f"{UNIT}.service"):
            path = systemd_dir() / name
            if path.exists():
                path.unlink()
                removed.append(path)
        if disable:
            _run("systemctl", "--user", "daemon-reload")
    elif via == "launchd":
        path = launchd_file()
        if path.exists():
            if disable:
                _run("launchctl", "unload", str(path))
            path.unlink()
            removed.append(path)
    return removed
