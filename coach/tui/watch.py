"""Notice routine files created, edited or removed on disk, by polling cheap stat calls.

No extra dependency: the app calls `FolderWatcher.changed` on a timer (about twice a
second) in a worker thread (coach/tui/library_flow.py), so even a folder of 1,000 files
(20 ms a poll) never holds up a frame; a few dozen files cost well under a millisecond.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from coach.routines.library import SUFFIXES, Library

#: What identifies one version of a file: modification time, size and inode (editors that
#: save by writing a new file and renaming it change the inode even within one mtime tick).
Stamp = tuple[int, int, int]


class FolderWatcher:
    """Remembers the routine files of some folders and reports which ones changed since."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = tuple(folders)
        self._stamps = self.scan()

    def scan(self) -> dict[str, Stamp]:
        """Every routine file in the folders now (by path), with its stamp (missing folders are
        empty). Paths stay strings: making and hashing 1,000 Path objects was most of a look."""
        stamps: dict[str, Stamp] = {}
        for folder in self.folders:
            try:
                with os.scandir(folder) as it:
                    for item in it:
                        if item.name.startswith(".") or not item.name.endswith(SUFFIXES):
                            continue
                        try:
                            st = item.stat()
                        except OSError:
                            continue  # removed between listing and stat: the next poll sees it
                        stamps[item.path] = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError:
                continue  # a folder that does not exist (yet) holds no routines
        return stamps

    def changed(self) -> list[Path]:
        """Files created, edited or removed since the last call (sorted), and remember them."""
        now = self.scan()
        before = self._stamps
        self._stamps = now
        if now == before:
            return []
        return sorted(Path(p) for p in now.keys() | before.keys() if now.get(p) != before.get(p))


def reload_notice(changed: list[Path], library: Library) -> tuple[str, str]:
    """What to tell the person after a reload: the files reloaded, or the errors of a broken one.

    Returns the text and a notification severity ("information" or "error").
    """
    names = {str(p): p.name for p in changed}
    errors = [p for p in library.errors if p.path in names]
    if errors:
        shown = errors[:3]
        more = f"\n... and {len(errors) - len(shown)} more (see the routine files view)"
        lines = [f"{names[p.path]}:{p.line}:{p.column}: {p.severity}: {p.message}" for p in shown]
        return "\n".join(lines) + (more if len(errors) > 3 else ""), "error"
    gone = [p.name for p in changed if not p.exists()]
    kept = [p.name for p in changed if p.exists()]
    parts = []
    if kept:
        parts.append("Reloaded " + ", ".join(kept))
    if gone:
        parts.append("Removed " + ", ".join(gone))
    return "; ".join(parts) or "Reloaded the routines", "information"
