"""A small yes/no question over the current screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach.tui.widgets.footer import SteadyFooter


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; dismiss with True for y, False for n or escape."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Yes"),
        Binding(
            "n,escape",
            "answer(False)",
            "No",
            id="confirm.no",
            key_display="n",
            tooltip="No, go back",
        ),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.question, id="confirm-question")
            yield Label("y  yes     n  no", id="confirm-keys")
        # Its own keys, not those of the screen beneath (a player's Pause and Skip).
        yield SteadyFooter()

    def action_answer(self, yes: bool) -> None:
        """Close the question with the answer."""
        self.dismiss(yes)
