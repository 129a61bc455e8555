"""Which process owns a running session row (adapter; reads Linux ``/proc``).

Rows carry the owner's pid and a process start token, so a second coach running
at the same time is never mistaken for a crash. Where that cannot be checked,
rows older than STALE_AFTER are abandoned.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

#: An in_progress row this old is abandoned even if its owner cannot be checked
#: (no routine may last over 2 hours; this leaves room for a long pause).
STALE_AFTER = timedelta(hours=12)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def proc_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot, None if gone or a zombie."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[-1].split()
    if not fields or fields[0] in ("Z", "X"):
        return None
    return fields[19] if len(fields) > 19 else None


def _host() -> str:
    # platform.node() without importing socket (it costs ~15 ms at every start).
    uname = getattr(os, "uname", None)
    if uname is not None:
        return str(uname().nodename)
    import socket

    return socket.gethostname()


def owner_token(pid: int) -> str:
    """Host, boot id and start time of process ``pid``: names it across pid reuse."""
    return f"{_host()}|{_boot_id()}|{proc_start(pid) or ''}"


def owner_alive(pid: int | None, owner: str, started: datetime, now: datetime) -> bool:
    """Whether the process that started a session may still be running it."""
    if not pid:
        return False
    host, _, rest = owner.partition("|")
    boot, _, start = rest.partition("|")
    if host and host != _host():
        # Another machine's processes cannot be seen (a synced data folder): age decides.
        return now - started <= STALE_AFTER
    if boot and _boot_id() and boot != _boot_id():
        return False
    if start:
        # The same pid with the same start time is the same process, however long ago it
        # started (a session paused over a suspended night is still running).
        return proc_start(pid) == start
    if now - started > STALE_AFTER:
        return False
    if os.name == "nt":
        return True  # os.kill(pid, 0) would terminate it on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
