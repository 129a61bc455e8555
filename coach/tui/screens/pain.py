"""Pain before a routine: an optional question over the current screen, skipped with one key."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from coach.tui.widgets.pain_form import KEYS_HELP, PainForm


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
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.clock = clock  # "1" then "0" within a second is 10
        self.values = dict(values or {})  # pre-filled (today's check-in or the last scores)
        self.areas = list(areas)
        self.labels = labels
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="pain-box"):
            yield Label(self.title_text, id="pain-title")
            help_text = f"Optional. {KEYS_HELP}"
            if self.values:
                help_text = f"Your last scores are filled in: enter keeps them.\n{KEYS_HELP}"
            yield Label(help_text, classes="pain-help")
            yield PainForm(self.areas, self.labels, self.values, id="pain-form", clock=self.clock)
            yield Label("enter  start     s  skip", id="pain-keys")

    def on_mount(self) -> None:
        self.query_one(PainForm).focus()

    @on(PainForm.Submitted)
    def _submitted(self, event: PainForm.Submitted) -> None:
        self.dismiss(event.values)

    def action_skip(self) -> None:
        """Go on without a pain score."""
        self.dismiss(None)
