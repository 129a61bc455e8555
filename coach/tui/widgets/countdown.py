"""A large m:ss countdown with a small label above it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Label

from coach.tui.describe import clock_text


class Countdown(Vertical):
    """Time left, drawn big enough to read from a mat on the floor."""

    DEFAULT_CSS = """
    Countdown {
        height: auto;
        width: auto;
    }
    Countdown > Label {
        color: $text-muted;
    }
    Countdown > Digits {
        width: auto;
    }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label
        self.text = ""

    def compose(self) -> ComposeResult:
        yield Label(self._label)
        yield Digits("0:00")

    def show(self, seconds: float) -> None:
        """Show ``seconds`` as m:ss (redrawn only when the text changes)."""
        text = clock_text(seconds)
        if text != self.text:
            self.text = text
            self.query_one(Digits).update(text)
