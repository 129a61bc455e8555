"""Opening the full-screen app from a command, without the CLI importing the TUI.

A command that wants the app returns an ``AppRequest``; ``coach/__main__.py``
(the one module above both front ends) hands it to ``coach.tui.app.run_app``.
So `cli/` and `tui/` never import each other, and both depend only on what
lies below them.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.routines.library import Entry, Library
    from coach.voice.speech import Voice


@dataclass(frozen=True)
class AppRequest:
    """What a command asks of the app: play ``play`` at ``speed`` (or open home)."""

    play: Entry | None = None
    speed: float = 1.0
    voice: Voice | None = None
    #: Save sessions to the log (None: all but previews above 1x).
    record: bool | None = None
    #: The routine library the command already read (the app reads it again only if None).
    library: Library | None = None


def app_available() -> bool:
    """Whether the full-screen app can be imported (Textual is installed)."""
    try:
        return importlib.util.find_spec("textual") is not None
    except (ImportError, ValueError):  # ValueError: a module set to None (blocked)
        return False
