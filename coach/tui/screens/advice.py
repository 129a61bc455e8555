"""What to do when the check-in found a warning sign: calm words, where to go, and why.

For emergency and urgent there is deliberately no way to start a routine from here:
the only key goes back home. For review the advice comes first, then one key goes
on to the suggestions.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coach.care.safety import DISCLAIMER, Verdict
from coach.tui.widgets.footer import SteadyFooter
from coach.tui.widgets.suggestions import FIRST_STEP


class AdviceScreen(Screen[None]):
    """The verdict's title, its first step on a line of its own, the advice and the reasons."""

    BINDINGS = [
        Binding(
            "enter,escape",
            "home",
            "Back home",
            id="advice.home",
            key_display="enter",
            tooltip="Back to the home screen",
        ),
        Binding(
            "enter,escape",
            "continue",
            "Continue to suggestions",
            id="advice.continue",
            key_display="enter",
            tooltip="See the routines that may help",
        ),
    ]

    def __init__(self, verdict: Verdict) -> None:
        super().__init__()
        self.verdict = verdict

    def compose(self) -> ComposeResult:
        v = self.verdict
        yield Header(icon="~")
        with VerticalScroll(id="advice", classes=f"-{v.level}"):
            # markup=False and Text: the words come from red_flags.yaml, shown as written.
            yield Static(v.title, id="advice-title", markup=False)
            yield Static(FIRST_STEP.get(v.level, ""), id="advice-first", markup=False)
            yield Static(self._what_to_do(), id="advice-text")
            if v.reasons:
                yield Static(self._because(), id="advice-reasons")
            yield Static(self._closing_text(), id="advice-closing", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Check-in"

    def _what_to_do(self) -> Group:
        lines = [line for line in self.verdict.advice.splitlines() if line.strip()]
        first = FIRST_STEP.get(self.verdict.level, "")
        # The first step is already on its own line above; do not say it twice.
        lines = [line for line in lines if line.strip() != first] or lines
        return _bullets("What to do:", lines)

    def _because(self) -> Group:
        return _bullets("Because you said:", self.verdict.reasons)

    def _closing_text(self) -> str:
        if self.verdict.blocks_exercise:
            return (
                "No exercise is suggested today. Please follow the advice above first.\n"
                "Press enter to go back home."
            )
        return f"{DISCLAIMER}\nPress enter to see the routines that may help."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One key per verdict: emergency and urgent only go home, review goes on.
        if action == "home":
            return self.verdict.blocks_exercise
        if action == "continue":
            return not self.verdict.blocks_exercise
        return True

    def action_home(self) -> None:
        """Back home: no suggestion waits there for emergency and urgent."""
        self.dismiss()

    def action_continue(self) -> None:
        """On to the suggestions, shown on the home screen."""
        self.dismiss()


def _bullets(heading: str, items: Sequence[str]) -> Group:
    """A heading and bulleted items; a long item wraps under its own first word."""
    table = Table.grid(padding=(0, 1))
    table.add_column(width=3, justify="right")
    table.add_column(ratio=1)
    for item in items:
        table.add_row("•", Text(item))
    return Group(Text(heading, style="bold"), table)
