"""Reading a person's routine or config file: only regular files, never more than a limit.

A FIFO named ``x.yaml`` would block ``open()`` until a writer comes (forever), and a
config linked to ``/dev/zero`` would grow without end. So the kind of file is checked
before opening, the file is opened without blocking, checked again on the open
descriptor (it may have been swapped in between), and read up to a bound.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The same bound as coach.common.yamlsafe.MAX_BYTES: routine and config files are a few kB.
LIMIT = 256 * 1024


class FileRefused(OSError):
    """The path is not a file coach reads (a FIFO, device, socket, folder) or is too large.

    ``strerror`` is the sentence shown after "cannot read the file: ".
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.strerror = reason


def kind_of(mode: int) -> str:
    """A file's kind in words, as a person would say it."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check(mode: int, size: int, limit: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(f"it is {kind_of(mode)}, not a regular file; give a plain .yaml file")
    if size > limit:
        raise FileRefused(
            f"file is too large ({size:,} bytes; the limit is {limit:,}); is this the right file?"
        )


def read_bounded(path: Path | str, limit: int = LIMIT) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; `FileRefused` or OSError if not."""
    _check(os.stat(path).st_mode, 0, limit)
    # O_NONBLOCK: if a FIFO was swapped in after the stat, open() returns instead of waiting.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        _check(info.st_mode, info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while it was read
            raise FileRefused(f"file is too large (over {limit:,} bytes; the limit is {limit:,})")
        return b"".join(chunks)
    finally:
        os.close(fd)
