"""The player's opening panel (cautions before the first step) and closing panel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from coach.care.safety import (
    STOP_RULE,  # DOMAIN.md's in-session stop rule: one text, every front end
)
from coach.playback.player import Outcome
from coach.routines.model import Routine
from coach.tui.describe import duration_text, words
from coach.tui.literal import literal


class StartPanel(VerticalScroll):
    """What the routine is and what to watch for, before the first step.

    It scrolls, so long cautions are never cut off on a small screen; the footer shows
    the key to begin either way.
    """

    def __init__(self, routine: Routine, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.routine = routine

    def compose(self) -> ComposeResult:
        r = self.routine
        yield Static(literal(r.title), classes="panel-title")
        steps = len(r.steps)
        yield Static(
            f"{duration_text(r.total_seconds)}  ·  {steps} step{'s' * (steps != 1)}"
            f"  ·  {r.category}",
            classes="panel-meta",
        )
        cautions = Static(
            literal("\n".join(t for t in (r.cautions, STOP_RULE) if t)), id="start-cautions"
        )
        cautions.border_title = "Before you start"
        yield cautions
        if r.avoid_with:
            yield Static(
                literal(f"Not advised with: {words(r.avoid_with)}. If that is you, skip this one."),
                id="start-avoid",
            )
        yield Static("Press space or enter to begin.", id="start-hint")


#: The end screen's last line: what Enter does there (a recorded session asks pain after).
GO_BACK = "Press enter to go back."
ASK_AFTER = "Press enter to give your pain now (or type it, 0-10) and a note."
NOTE_AFTER = "Press enter to add a note, if you like, and finish."


class DonePanel(Vertical):
    """How the session went: shown when it finishes or is stopped."""

    def compose(self) -> ComposeResult:
        yield Static("", id="done-title", classes="panel-title")
        yield Static("", id="done-summary")
        yield Static(GO_BACK, id="done-hint")

    def set_hint(self, text: str) -> None:
        """Say what Enter does (the session log knows whether a pain form follows)."""
        self.query_one("#done-hint", Static).update(text)

    def show(self, routine: Routine, outcome: Outcome) -> None:
        """Fill in the words for ``outcome``."""
        title = "Well done." if outcome.finished else "Session stopped."
        self.query_one("#done-title", Static).update(title)
        done = duration_text(outcome.elapsed_seconds)
        summary = (
            f"You did {done} of {routine.title}: {outcome.completed_steps} of "
            f"{outcome.total_steps} steps."
        )
        if outcome.skipped_steps:
            summary += f" {outcome.skipped_steps} skipped."
        self.query_one("#done-summary", Static).update(literal(summary))
