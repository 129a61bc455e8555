"""Mark a day as a flare, sick or rest day, or clear its mark: today or one of the last weeks.

The app's side of `coach log --flare-day/--sick-day/--rest-day/--clear-day --at DAY`:
←→ move the day (back to MAX_DAYS_BACK, never past today), ↑↓ choose what it was,
Enter saves, Esc leaves without a change. A marked day pauses the streak.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label, Static

#: How far back a day may be marked (as the history's calendar shows it).
MAX_DAYS_BACK = 42
#: What a day can be, in the order offered, with words for each.
KINDS = (
    ("flare", "Flare day"),
    ("sick", "Sick day"),
    ("rest", "Rest day"),
    ("clear", "No mark (clear it)"),
)
KIND_WORDS = {
    "flare": "a flare day",
    "sick": "a sick day",
    "rest": "a rest day",
    "off": "a rest day",
}


@dataclass(frozen=True)
class DayChoice:
    """The day and what it was ("clear" removes its mark)."""

    day: date
    kind: str


class DayMarkScreen(ModalScreen[DayChoice | None]):
    """Choose a day and its kind; dismissed with the choice or None."""

    BINDINGS = [
        Binding("left", "day(-1)", "Day before", id="daymark.before"),
        Binding("right", "day(1)", "Day after", id="daymark.after"),
        Binding("up", "kind(-1)", "Previous", id="daymark.up", show=False),
        Binding("down", "kind(1)", "Next", id="daymark.down", show=False),
        Binding("enter", "save", "Save", id="daymark.save"),
        Binding("escape", "cancel", "Cancel", id="daymark.cancel"),
    ]
    DEFAULT_CSS = """
    DayMarkScreen { align: center middle; background: $background 60%; }
    #daymark-box {
        width: 56; height: auto; padding: 1 2;
        border: round $primary; background: $surface;
    }
    #daymark-title { text-style: bold; color: $primary; }
    .daymark-help { color: $text-muted; }
    #daymark-kinds { margin: 1 0; }
    """

    day: reactive[date] = reactive(date.min, init=False)
    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, today: date, marks: Mapping[date, str]) -> None:
        super().__init__()
        self.today = today
        self.marks = dict(marks)
        self.set_reactive(DayMarkScreen.day, today)
        self.set_reactive(DayMarkScreen.cursor, self._kind_index(today))

    def _kind_index(self, day: date) -> int:
        mark = {"off": "rest"}.get(self.marks.get(day, ""), self.marks.get(day, ""))
        kinds = [k for k, _ in KINDS]
        return kinds.index(mark) if mark in kinds else 0

    def compose(self) -> ComposeResult:
        with Vertical(id="daymark-box"):
            yield Label("Mark a day", id="daymark-title")
            yield Static(self._day_line(), id="daymark-day")
            yield Static(self._kinds_text(), id="daymark-kinds")
            yield Static(
                "←→ choose the day (the last 6 weeks), ↑↓ what it was.\n"
                "A marked day pauses your streak; it never breaks it.",
                classes="daymark-help",
            )

    def _day_line(self) -> Text:
        day = self.day
        when = "today" if day == self.today else day.strftime("%a %d %b %Y")
        mark = self.marks.get(day, "")
        now = f"marked as {KIND_WORDS.get(mark, mark)}" if mark else "not marked"
        return Text(f"‹ {when} ›   {now}")

    def _kinds_text(self) -> Text:
        out = Text()
        for i, (_, words) in enumerate(KINDS):
            here = i == self.cursor
            out.append(("› " if here else "  ") + words, "bold" if here else "")
            if i < len(KINDS) - 1:
                out.append("\n")
        return out

    def watch_day(self) -> None:
        self.cursor = self._kind_index(self.day)
        self.query_one("#daymark-day", Static).update(self._day_line())

    def watch_cursor(self) -> None:
        self.query_one("#daymark-kinds", Static).update(self._kinds_text())

    def action_day(self, step: int) -> None:
        """The day before or after (no further back than MAX_DAYS_BACK, never past today)."""
        earliest = self.today - timedelta(days=MAX_DAYS_BACK)
        self.day = max(earliest, min(self.today, self.day + timedelta(days=step)))

    def action_kind(self, step: int) -> None:
        """The previous or next kind."""
        self.cursor = max(0, min(len(KINDS) - 1, self.cursor + step))

    def action_save(self) -> None:
        """Hand back the day and its kind."""
        self.dismiss(DayChoice(self.day, KINDS[self.cursor][0]))

    def action_cancel(self) -> None:
        """Leave without a change."""
        self.dismiss(None)
