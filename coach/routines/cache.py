"""Parsed routine files kept between runs, keyed by their bytes: a large folder loads fast.

Parsing and checking a routine file costs about 2.5 ms; a clinic's shared folder of
1,000 files made every `coach list` and every start-up 2.5 s slower. The library
still reads every file (so a change is never missed: the key is the SHA-256 of the
bytes, with the name shown in problems and the default id), and parses only the
files whose bytes it has not seen. The cache is the user's own file in the cache
folder, written 0600 and loaded only while it stays a private regular file of
the user's (a pickle runs code when loaded); it is dropped whenever coach or its routine checker changes (``_namespace``),
and any problem reading or writing it just means parsing again.

Each file's result is pickled on its own and the cache file holds those bytes: loading
it is one quick copy, and each result is unpickled when its file is read. One
``pickle.load`` of all 1,000 results was a single C call of 40-200 ms that held the
GIL, so the app's event loop, waiting for it in another thread, stalled as long.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import stat
from pathlib import Path
from typing import Any

from coach import locations

Key = tuple[str, str, str]  # (sha256 of the bytes, name shown in problems, default id)

#: The layout of the cache file: bumped when it changes, so an older file is not read.
_FORMAT = "blobs-1"
#: The modules whose code decides what a file parses to.
_CHECKERS = ("reader.py", "spec.py", "lint.py", "model.py")


def _namespace() -> str:
    from coach import __version__

    here = Path(__file__).resolve().parent
    stamps = []
    for name in _CHECKERS:
        with contextlib.suppress(OSError):
            st = (here / name).stat()
            stamps.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return f"{_FORMAT}|{__version__}|{'|'.join(stamps)}"


def _trusted(st: os.stat_result) -> bool:
    """Loading a pickle runs code: only a regular file of the user's own that nobody else
    may write is loaded (written 0600 by `save`)."""
    own = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return stat.S_ISREG(st.st_mode) and own and not st.st_mode & 0o022


def _loads_without_gc(blob: bytes) -> Any:
    """``pickle.loads`` with the collector paused: a result is ~100 objects, none of them
    garbage, and collecting meanwhile doubled the time of a whole library's load."""
    was = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(blob)
    finally:
        if was:
            gc.enable()


class ParseCache:
    """Results of earlier parses; `save` writes back the ones used this time, if any were new."""

    def __init__(self) -> None:
        self.path = locations.cache_dir() / "routines.pickle"
        self.namespace = _namespace()
        self._old: dict[Key, bytes] = {}  # each result pickled on its own
        self._used: dict[Key, bytes] = {}
        self._new = 0
        try:
            with self.path.open("rb") as fh:
                if not _trusted(os.fstat(fh.fileno())):
                    raise PermissionError(f"{self.path} is not the user's own private file")
                namespace, entries = pickle.load(fh)  # a dict of bytes: one quick copy
            if namespace == self.namespace and isinstance(entries, dict):
                self._old = entries
        except Exception:  # noqa: BLE001 - a missing, old or damaged cache is just empty
            self._old = {}

    def get(self, key: Key) -> Any | None:
        blob = self._old.get(key)
        if not isinstance(blob, bytes):
            return None
        try:
            found = _loads_without_gc(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is parsed again
            return None
        self._used[key] = blob
        return found

    def put(self, key: Key, result: Any) -> None:
        try:
            self._used[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a result that cannot be kept is parsed next time
            return
        self._new += 1

    def save(self) -> None:
        """Write the results used in this load (atomically), when any were parsed anew."""
        if not self._new and len(self._used) == len(self._old):
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((self.namespace, self._used), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
            with contextlib.suppress(OSError):
                tmp.unlink()
