"""Where output goes: a file the user named, written safely, or standard output.

The rules for every file coach writes at the user's request (`report -o`,
`audio -o`, config.yaml):

- Only a regular file (or a new name) is ever replaced. A device (/dev/full),
  a named pipe, a socket or a folder is refused before anything is written:
  ``os.replace`` over /dev/full as root would swap the device for a file.
- The text goes to a temp file in the same folder, is flushed to disk, then
  renamed over the target, so a reader sees the old file or the new one,
  never half of it. An existing file keeps its mode (and owner, as root).
- Any failure (disk full, read-only folder, permission denied, a name too
  long) removes the temp file and becomes one OutputError with a hint.

``-`` means standard output. A standard output that was closed before coach
started (``coach history >&-``) is replaced by `ClosedStdout`, which raises
`StdoutClosed` on the first write, so no other file can take descriptor 1.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

#: What each errno means for someone writing a file, and what to do about it.
_REASONS = {
    errno.ENOSPC: ("the disk is full", "free some space, or write somewhere else"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, or write somewhere else"),
    errno.EROFS: ("the folder is on a read-only disk", "choose a folder you can write to"),
    errno.EACCES: ("permission denied", "choose a folder you can write to"),
    errno.EPERM: ("permission denied", "choose a folder you can write to"),
    errno.ENAMETOOLONG: ("file name too long", "use a shorter name"),
    errno.ENOENT: ("the folder does not exist", "create it first, or check the path"),
    errno.ENOTDIR: ("a part of the path is not a folder", "check the path"),
    errno.EISDIR: ("it is a folder", "give a file name inside it"),
    errno.ELOOP: ("too many symbolic links", "check the path"),
}


class OutputError(OSError):
    """The output file cannot be written: a one-line ``message`` and a ``hint``.

    An OSError, so callers that already catch OSError keep working; its
    ``strerror`` is the short reason ("the disk is full").
    """

    def __init__(self, message: str, hint: str = "", reason: str = "", code: int = 0) -> None:
        super().__init__(code, reason or message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class StdoutClosed(OSError):
    """Standard output was closed before coach started: there is nowhere to print."""

    def __init__(self) -> None:
        super().__init__(errno.EBADF, "standard output is closed")


class ClosedStdout(io.TextIOBase):
    """Stands in for a closed standard output: every write raises StdoutClosed."""

    #: Seen through wrappers (the CLI's SafeStream passes attributes on).
    is_closed_stdout = True

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise StdoutClosed

    def flush(self) -> None:
        pass


def guard_closed_stdout() -> bool:
    """If descriptor 1 is closed, put /dev/null on it and make sys.stdout a ClosedStdout.

    Returns whether it was closed. /dev/null on descriptor 1 keeps a database or
    output file from being opened as descriptor 1 (where a stray write would land).
    """
    import sys

    try:
        os.fstat(1)
    except OSError:
        null = os.open(os.devnull, os.O_WRONLY)
        if null != 1:
            os.dup2(null, 1)
            os.close(null)
        sys.stdout = ClosedStdout()
        return True
    return False


def is_stdout(target: str | os.PathLike[str] | None) -> bool:
    """Whether an ``-o`` value means standard output (``-`` or nothing)."""
    return target is None or os.fspath(target) in ("", "-")


def _special_kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _failure(label: str, path: Path, exc: OSError) -> OutputError:
    reason, hint = _REASONS.get(exc.errno or 0, (exc.strerror or str(exc), ""))
    return OutputError(f"cannot write {label}{path}: {reason}", hint, reason, exc.errno or 0)


def check_target(path: Path, label: str = "") -> os.stat_result | None:
    """Refuse a path that is not a regular file or a new name in an existing folder.

    Returns the existing file's stat (following symbolic links), or None for a
    new name. ``label`` (e.g. ``"-o "``) names the argument in the message.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _failure(label, path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{label}{path} is a folder", "give a file name inside it")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{label}{path} is {_special_kind(st.st_mode)}, not a file",
            "give a regular file name, or '-o -' for standard output",
        )
    folder = path.parent
    if st is None and not folder.is_dir():
        raise OutputError(f"cannot write {label}{path}: no folder {folder}", "create it first")
    try:
        longest = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    if len(os.fsencode(path.name)) > longest:
        raise _failure(label, path, OSError(errno.ENAMETOOLONG, "File name too long"))
    return st


def _new_file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    *,
    binary: bool = False,
    label: str = "",
    new_mode: int | None = None,
) -> Iterator[IO[Any]]:
    """Yield a file to write; on success it replaces ``path`` whole, on failure nothing changes.

    Raises OutputError (with ``label`` naming the argument) for a special file
    or any OS failure; other exceptions from the body propagate unchanged,
    also leaving no temp file. ``new_mode`` is the mode of a new file
    (default: as ``open()`` would make it, 0o666 less the umask).
    """
    target = Path(path)
    if target.is_symlink():  # write through the link: the link stays, its file is replaced
        target = Path(os.path.realpath(target))
    st = check_target(target, label)
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(
            prefix=f".{target.name[:64]}.", suffix=".tmp", dir=target.parent
        )
        fh: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(temp, stat.S_IMODE(st.st_mode))
            if os.geteuid() == 0 and (st.st_uid, st.st_gid) != (0, 0):
                os.chown(temp, st.st_uid, st.st_gid)
        else:
            os.chmod(temp, _new_file_mode() if new_mode is None else new_mode)
        os.replace(temp, target)
        temp = None
    except OutputError:
        raise
    except OSError as exc:
        raise _failure(label, target, exc) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def write_text(path: str | os.PathLike[str], text: str, label: str = "") -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; OutputError on failure."""
    with atomic_output(path, label=label) as fh:
        fh.write(text)
