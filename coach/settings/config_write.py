"""`coach config set`: change one setting and keep everything else about the file.

Comments, blank lines, key order, other settings and other key remaps stay as they
were (ruamel.yaml's round-trip mode, imported only here so every other command
starts as fast as before). A symlinked config (dotfiles) is written through to its
target, and the file keeps its mode. The new text is checked whole before it
replaces the old one atomically.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

from coach import locations
from coach.common.files import read_bounded
from coach.common.problems import did_you_mean
from coach.common.safe_text import echo
from coach.settings.config import (
    DEFAULT_KEYS,
    SPECS,
    ConfigError,
    ConfigWriteError,
    parse_config,
    write_atomically,
)

#: errno values that mean "the disk is full", whatever the OS calls them.
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def set_value(key: str, text: str, path: Path | None = None) -> Path:
    """Set ``key`` (a setting, or ``keys.ACTION``) to the YAML value ``text``; return the file.

    Raises `ConfigError` (with the reason) for an unknown key, an invalid value,
    a file that is not valid YAML, or a write that failed (a full disk says so).
    """
    import yaml

    path = path or locations.config_file()
    action = _check_key(key)
    target = Path(os.path.realpath(path))  # write through a symlink, never replace it
    old_text = _read(target)
    _, old_problems = parse_config(old_text, str(path))
    if any("YAML syntax" in p.message for p in old_problems):
        raise ConfigError(f"{path} is not valid YAML; fix it by hand first (see 'coach config')")
    try:
        value: Any = yaml.safe_load(text) if text.strip() else ""
    except yaml.YAMLError:
        value = text
    new_text = _edited(old_text, key, action, value, path)
    _, problems = parse_config(new_text, str(path))
    old = {p.message for p in old_problems if p.severity == "error"}
    new_errors = [p for p in problems if p.severity == "error" and p.message not in old]
    if new_errors:
        raise ConfigError(f"{key} {echo(text)} is not valid: {new_errors[0].message}")
    try:
        write_atomically(target, new_text, mode=_mode_of(target))
    except OSError as exc:
        raise ConfigWriteError(write_error(target, exc)) from None
    return path


def write_error(path: Path, exc: OSError) -> str:
    """Why the config file could not be written, in words ("the disk is full")."""
    reason = "the disk is full" if exc.errno in _FULL else (exc.strerror or str(exc))
    return f"cannot write {path}: {reason}; the old file is unchanged"


def _check_key(key: str) -> str:
    if key.startswith("keys."):
        action = key.split(".", 1)[1]
        if action not in DEFAULT_KEYS:
            raise ConfigError(f"unknown action {echo(action)}{did_you_mean(action, DEFAULT_KEYS)}")
        return action
    if key not in SPECS:
        raise ConfigError(f"unknown setting {echo(key)}{did_you_mean(key, SPECS)}")
    return ""


def _read(target: Path) -> str:
    try:
        return read_bounded(target).decode("utf-8-sig")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"cannot read {target}: {reason}") from None


def _mode_of(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _edited(old_text: str, key: str, action: str, value: Any, path: Path) -> str:
    """The file's text with one value set, everything else as it was written."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    rt = YAML()  # round-trip: comments and layout survive
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap a long line the person wrote
    try:
        data = rt.load(old_text) if old_text.strip() else None
    except YAMLError:
        raise ConfigError(f"{path} is not valid YAML; fix it by hand first") from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ConfigError(f"{path} is not a mapping of settings; fix it by hand first")
    if action:
        keys = data.get("keys")
        if not isinstance(keys, CommentedMap):
            keys = CommentedMap()
            keys.fa.set_flow_style()
            data["keys"] = keys
        keys[action] = str(value)  # only this remap: the others stay as written
    else:
        if isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()  # [sat, sun], as people write short lists
            value = seq
        data[key] = value
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()
