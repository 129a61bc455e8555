"""After a routine: what was done, pain now, a note, and whether it is saved.

The session itself is saved as soon as it ends (the app finishes its row);
this screen only adds pain after and a note. Enter or Esc closes it, keeping
whatever was entered, so a typed note is never lost by the "wrong" key.

Keys typed fast are never dropped: a digit typed on the end screen arrives here
as ``typed``, and Enter is an ordinary key, handled in turn after the keys typed
before it (a "7" typed with Enter is recorded as 7).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from coach.common.safe_text import clean
from coach.tui.describe import duration_text
from coach.tui.literal import literal
from coach.tui.session_log import RunningSession
from coach.tui.widgets.footer import SteadyFooter
from coach.tui.widgets.pain_form import KEYS_HELP, PainForm, is_digit

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
        # Not a priority key: Enter waits behind the keys typed before it (a "7" typed with
        # Enter lands on the form first). The form leaves Enter to this binding; the note
        # box submits, which closes too.
        Binding(
            "enter",
            "done",
            "Save and close",
            id="summary.save",
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
        self,
        run: RunningSession,
        labels: Mapping[str, str],
        *,
        cursor_blink: bool = True,
        typed: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.run = run
        self.labels = labels
        self._cursor_blink = cursor_blink
        self.typed = typed  # digits typed on the end screen: the first area's pain after
        self._clock = clock

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
                    f"How is your pain now? Optional: {KEYS_HELP}",
                    classes="summary-label",
                )
                hints = {a: f"before {v}" for a, v in run.pain_before.items()}
                yield PainForm(
                    run.areas,
                    self.labels,
                    hints=hints,
                    id="summary-pain",
                    enter_submits=False,
                    clock=self._clock,
                )
            yield Static("A note, if you like (for you or your therapist)", classes="summary-label")
            note = Input(placeholder="How did it go?", id="summary-note", max_length=500)
            note.cursor_blink = self._cursor_blink
            yield note
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = clean(self.run.entry.routine.title)
        if self.run.saved or self.run.error:
            self.show_saved(self.run.error)
        forms = self.query(PainForm)
        for digit in self.typed if forms else "":
            forms.first().type_digit(digit)
        (forms.first() if forms else self.query_one(Input)).focus()

    def on_key(self, event: events.Key) -> None:
        """A digit reaching the screen before the form has focus still sets the score."""
        forms = self.query(PainForm)
        if forms and is_digit(event.character) and self.focused is None:
            forms.first().type_digit(str(event.character))
            event.stop()

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

    @on(Input.Submitted)
    def _note_entered(self) -> None:
        self.action_done()
