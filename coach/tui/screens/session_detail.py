"""One logged session in full, from the history table: when, what, how it went, pain, the note."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from coach.common.safe_text import clean
from coach.history.overview import SessionRecord
from coach.tui.describe import duration_text
from coach.tui.literal import literal

NO_NOTE = "No note."

#: Status words in the table: an interrupted session is not a failure.
STATUS_WORDS = {
    "completed": "done",
    "stopped": "stopped early",
    "abandoned": "interrupted",
    "in_progress": "playing",
}


def pain_parts(s: SessionRecord, labels: Mapping[str, str]) -> list[str]:
    """ "Ribs 6→4", "Neck 3→-": each area's before→after (cleaned: areas come from the log)."""
    parts = []
    for area in sorted(set(s.pain_before) | set(s.pain_after)):
        b, a = s.pain_before.get(area), s.pain_after.get(area)
        parts.append(
            clean(f"{labels.get(area, area)} {'-' if b is None else b}→{'-' if a is None else a}")
        )
    return parts


def detail_lines(s: SessionRecord, labels: Mapping[str, str]) -> list[str]:
    """The session as lines of plain text (cleaned: titles, areas and notes come from the log)."""
    when = f"{s.local_date.strftime('%A %d %B %Y')} {s.local_time[:5]}".strip()
    status = STATUS_WORDS.get(s.status, clean(s.status))
    lines = [
        clean(s.routine_title or s.routine_id),
        when,
        f"{status}, {duration_text(round(s.elapsed_seconds))} played, "
        f"{s.completed_steps} of {s.total_steps} steps",
    ]
    pain = pain_parts(s, labels)
    lines.append("Pain before→after: " + (", ".join(pain) if pain else "not given"))
    return lines


class SessionDetailScreen(ModalScreen[None]):
    """A session from the log, its note in full."""

    BINDINGS = [
        Binding("escape,enter,q", "close", "Back", id="session.back", key_display="esc"),
    ]
    DEFAULT_CSS = """
    SessionDetailScreen { align: center middle; background: $background 60%; }
    #session-box {
        width: 70; max-width: 100%; height: auto; max-height: 90%; padding: 1 2;
        border: round $primary; background: $surface;
    }
    #session-title { text-style: bold; color: $primary; }
    #session-note { margin-top: 1; }
    """

    def __init__(self, session: SessionRecord, labels: Mapping[str, str]) -> None:
        super().__init__()
        self.session = session
        self.labels = labels

    def compose(self) -> ComposeResult:
        title, *rest = detail_lines(self.session, self.labels)
        with VerticalScroll(id="session-box"):
            yield Label(literal(title), id="session-title")
            yield Static(literal("\n".join(rest)), id="session-facts")
            note = clean(self.session.note.strip())
            yield Static(literal(f"Note: {note}" if note else NO_NOTE), id="session-note")

    def action_close(self) -> None:
        """Back to the history."""
        self.dismiss(None)
