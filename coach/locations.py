"""Where coach keeps its files. The one seam tests patch (with COACH_HOME or XDG variables).

- data dir: the session log ``coach.db`` and the user's ``routines/`` folder
- config dir: ``config.yaml``
- cache dir: synthesised voice cues
Set ``COACH_HOME`` to put all three under one folder (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "coach"


def _home_override(sub: str) -> Path | None:
    home = os.environ.get("COACH_HOME")
    return Path(home) / sub if home else None


def data_dir() -> Path:
    """The user data dir (XDG_DATA_HOME honoured on Linux)."""
    from platformdirs import user_data_path

    return _home_override("data") or user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    from platformdirs import user_config_path

    return _home_override("config") or user_config_path(APP, appauthor=False)


def cache_dir() -> Path:
    from platformdirs import user_cache_path

    return _home_override("cache") or user_cache_path(APP, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.yaml"


def database_file() -> Path:
    return data_dir() / "coach.db"


def user_routines_dir() -> Path:
    return data_dir() / "routines"


def builtin_routines_dir() -> Path:
    """Built-in routines: inside the installed wheel, or ``routines/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "builtin_routines"
    if packaged.is_dir():
        return packaged
    return here.parent / "routines"


def extra_routine_dirs() -> list[Path]:
    """Folders named in ``COACH_ROUTINES_PATH`` (os.pathsep-separated)."""
    raw = os.environ.get("COACH_ROUTINES_PATH", "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing; return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def active_plan_file() -> Path:
    """The one active plan (a copy made by ``coach plan import``), in the data folder."""
    return data_dir() / "plan.yaml"


def reminder_file() -> Path:
    """What ``coach remind set`` installed (time, days, how), for ``status`` and ``off``."""
    return config_dir() / "reminder.json"
