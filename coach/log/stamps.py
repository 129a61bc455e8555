"""Time stamps for the session log (adapter): aware local time, UTC text and zone names.

A session row stores UTC plus the local date, time and zone name at the time
(DESIGN.md), so history reads by the day the user lived, even after travel.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any


def local_now() -> datetime:
    """The current time, aware, in the system's local zone."""
    return datetime.now().astimezone()


def system_zone() -> str:
    """The system's zone name: from TZ, /etc/localtime or /etc/timezone, else an abbreviation."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz:
        return tz.split("zoneinfo/", 1)[-1]
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    return time.tzname[0]


def zone_name(moment: datetime) -> str:
    """An IANA name for ``moment``'s zone when known, else its abbreviation or offset."""
    key = getattr(moment.tzinfo, "key", None)
    if key:
        return str(key)
    # A fixed-offset tzinfo from astimezone(): name the system zone if it agrees.
    if moment.astimezone().utcoffset() == moment.utcoffset():
        return system_zone()
    return moment.tzname() or "UTC"


def aware(moment: datetime) -> datetime:
    """``moment`` with a zone: a naive time is taken as local."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def utc_text(moment: datetime) -> str:
    """``moment`` in UTC as ISO text to the second, as the log stores it."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_fields(moment: datetime) -> dict[str, Any]:
    """UTC text, local date and time, zone name and UTC offset of ``moment``, for a row."""
    moment = aware(moment)
    offset = moment.utcoffset() or timedelta(0)
    return {
        "utc": utc_text(moment),
        "local_date": moment.date().isoformat(),
        "local_time": moment.strftime("%H:%M:%S"),
        "tz_name": zone_name(moment),
        "utc_offset_minutes": int(offset.total_seconds() // 60),
    }
