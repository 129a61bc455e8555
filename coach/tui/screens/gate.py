"""The one gate before exercise, in the app: what today's check-in or the routine says,
and an explicit choice before a routine starts (see coach/care/gate.py).

Dismissed with "play" (start it), "checkin" (my answer was a mistake: check in again)
or None (not now). Enter alone never starts a routine from here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.care.gate import CHECKED, CHOOSE, MISTAKE, GateResult
from coach.tui.widgets.footer import SteadyFooter


class GateScreen(ModalScreen[str | None]):
    """Today's advice, a clash or a routine's safety warning, then a clearly named choice."""

    DEFAULT_CSS = """
    GateScreen { align: center middle; background: $background 60%; }
    #gate { width: 90%; max-width: 76; height: auto; max-height: 90%; padding: 1 2;
            border: round $error; background: $surface; }
    #gate.-choice { border: round $warning; }
    #gate-title { text-style: bold; margin-bottom: 1; }
    .gate-line { margin-bottom: 1; }
    #gate-keys { color: $text-muted; }
    """

    BINDINGS = [
        Binding(
            "c",
            "checked",
            "I have been checked",
            id="gate.checked",
            tooltip="I have been checked by a doctor since: start the routine",
        ),
        Binding(
            "a",
            "again",
            "Check in again",
            id="gate.again",
            tooltip="My answer was a mistake: check in again",
        ),
        Binding(
            "y",
            "anyway",
            "Start anyway",
            id="gate.yes",
            tooltip="I choose to do this routine anyway",
        ),
        Binding("escape", "not_now", "Not now", id="gate.back", tooltip="Do not start it"),
    ]

    def __init__(self, result: GateResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        with VerticalScroll(id="gate", classes="" if r.blocked else "-choice"):
            # markup=False: the lines include words from routine files and red_flags.yaml.
            yield Static(r.title, id="gate-title", markup=False)
            for line in r.lines():
                yield Static(line, classes="gate-line", markup=False)
            if r.blocked:
                keys = f"c  {CHECKED}: start\na  {MISTAKE}\nesc  not now"
            else:
                keys = f"y  {CHOOSE}\nesc  not now"
            yield Static(keys, id="gate-keys", markup=False)
        yield SteadyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The keys of a blocking verdict and of a clash never mix.
        if action in ("checked", "again"):
            return self.result.blocked
        if action == "anyway":
            return not self.result.blocked
        return True

    def action_checked(self) -> None:
        """I have been checked: start the routine."""
        self.dismiss("play")

    def action_again(self) -> None:
        """My answer was a mistake: check in again."""
        self.dismiss("checkin")

    def action_anyway(self) -> None:
        """I choose to do this routine anyway."""
        self.dismiss("play")

    def action_not_now(self) -> None:
        """Do not start it."""
        self.dismiss(None)
