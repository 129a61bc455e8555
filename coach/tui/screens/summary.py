"""After a routine: what was done, pain now, a note, and whether it is saved.

The session itself is saved as soon as it ends (the app finishes its row);
this screen only adds pain after and a note. Enter or Esc closes it, keeping
whatever was entered, so a typed note is never lost by the "wrong" key.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from coach.common.safe_text import clean
from coach.tui.describe import duration_text
from coach.tui.literal import literal
from coach.tui.session_log import RunningSession
from coach.tui.widgets.pain_form import PainForm

SAVED = "✓ Saved to your log"
SAVING = "Saving to your log..."

#: What the screen hands back: pain after by area, and the note ("" for none).
SummaryResult = tuple[dict[str, int], str]


def done_text(run: RunningSession) -> str:
    """ "You did 5m of Calm breathing: 3 of 3 steps." (with skipped steps if any)."""
    outcome = run.outcome
    if outcome is None:
        return ""
    plural = "" if outcome.total_steps == 1 else "s"
    text = (
        f"You did {duration_text(outcome.elapsed_seconds)} of {run.entry.routine.title}: "
        f"{outcome.completed_steps} of {outcome.total_steps} step{plural}."
    )
    if outcome.skipped_steps:
        text += f" {outcome.skipped_steps} skipped."
    return text


class SummaryScreen(Screen[SummaryResult]):
    """Time and steps done, pain after (optional), a note (optional)."""

    BINDINGS = [
        # Priority: Enter saves from the pain form and the note box alike, and the footer says so.
        Binding(
            "enter",
            "done",
            "Save and close",
            id="summary.save",
            priority=True,
            tooltip="Keep the pain scores and note, and go back",
        ),
        Binding(
            "escape",
            "done",
            "Close",
            id="summary.close",
            tooltip="Go back (what you entered is kept)",
        ),
        Binding("tab", "app.focus_next", "Next field", id="summary.next", show=False),
    ]

    def __init__(
        self, run: RunningSession, labels: Mapping[str, str], *, cursor_blink: bool = True
    ) -> None:
        super().__init__()
        self.run = run
        self.labels = labels
        self._cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        run = self.run
        finished = run.outcome is not None and run.outcome.finished
        yield Header(icon="~")
        with VerticalScroll(id="summary"):
            yield Static("Well done." if finished else "Session stopped.", classes="panel-title")
            yield Static(literal(done_text(run)), id="summary-done")
            yield Static(SAVING, id="summary-saved")
            if run.areas:
                yield Static(
                    "How is your pain now? Optional: ↑↓ choose, 0-9 or ←→ set.",
                    classes="summary-label",
                )
                hints = {a: f"before {v}" for a, v in run.pain_before.items()}
                yield PainForm(run.areas, self.labels, hints=hints, id="summary-pain")
            yield Static("A note, if you like (for you or your therapist)", classes="summary-label")
            note = Input(placeholder="How did it go?", id="summary-note", max_length=500)
            note.cursor_blink = self._cursor_blink
            yield note
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = clean(self.run.entry.routine.title)
        if self.run.saved or self.run.error:
            self.show_saved(self.run.error)
        forms = self.query(PainForm)
        (forms.first() if forms else self.query_one(Input)).focus()

    def show_saved(self, error: str = "") -> None:
        """Say the session is in the log, or why it is not."""
        line = self.query_one("#summary-saved", Static)
        line.set_class(bool(error), "-problem")
        line.update(literal(f"Could not save this session: {error}") if error else SAVED)

    @property
    def result(self) -> SummaryResult:
        """The pain scores set and the note typed so far."""
        forms = self.query(PainForm)
        pain = forms.first().values if forms else {}
        return pain, self.query_one("#summary-note", Input).value.strip()

    def action_done(self) -> None:
        """Close, keeping what was entered."""
        self.dismiss(self.result)
