"""Pain before a routine: an optional question over the current screen, skipped with one key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach.tui.widgets.pain_form import PainForm


class PainScreen(ModalScreen[dict[str, int] | None]):
    """Ask pain 0-10 per area; dismiss with the scores (Enter) or None (s or Esc: skip)."""

    BINDINGS = [
        Binding(
            "escape,s",
            "skip",
            "Skip",
            id="pain.skip",
            key_display="s",
            tooltip="Start without answering",
        ),
    ]

    def __init__(
        self,
        areas: Sequence[str],
        labels: Mapping[str, str],
        title: str = "How is your pain before you start?",
        values: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.values = dict(values or {})  # pre-filled (today's check-in or the last scores)
        self.areas = list(areas)
        self.labels = labels
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="pain-box"):
            yield Label(self.title_text, id="pain-title")
            help_text = "Optional. ↑↓ choose an area, 0-9 or ←→ set the score."
            if self.values:
                help_text = "Filled in from your last scores: enter to confirm, or change them."
            yield Label(help_text, classes="pain-help")
            yield PainForm(self.areas, self.labels, self.values, id="pain-form")
            yield Label("enter  start     s  skip", id="pain-keys")

    def on_mount(self) -> None:
        self.query_one(PainForm).focus()

    @on(PainForm.Submitted)
    def _submitted(self, event: PainForm.Submitted) -> None:
        self.dismiss(event.values)

    def action_skip(self) -> None:
        """Go on without a pain score."""
        self.dismiss(None)
