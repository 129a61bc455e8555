"""The home screen: every routine in a table, a filter box above it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from coach.routines.library import Entry, Library
from coach.tui.literal import literal
from coach.tui.widgets.footer import SteadyFooter
from coach.tui.widgets.routine_table import RoutineTable
from coach.tui.widgets.suggestions import CheckInOutcome, SuggestionsPanel
from coach.tui.widgets.today import TodayPanel

#: The one-letter commands (remappable): off while the filter box has focus, so every
#: letter can be typed into a filter.
COMMANDS = ("next", "checkin", "suggestion", "settings", "routines", "history")


class HomeScreen(Screen[None]):
    """Choose a routine: arrows to move, Enter to open, / to filter, letters for commands.

    The table has focus, so letters are always commands here. ``/`` moves to the
    filter box, where every key types; Enter or Down goes back to the table with
    the filter kept, Escape empties it and goes back.
    """

    AUTO_FOCUS = "#routines"

    _MOVE = Binding.Group("Choose", compact=True)
    BINDINGS = [
        # Priority, so the footer shows them over the table's own (hidden) bindings.
        Binding(
            "enter",
            "open",
            "Open",
            id="home.open",
            priority=True,
            tooltip="Open the highlighted routine's details",
        ),
        Binding(
            "up",
            "cursor(-1)",
            "Previous",
            id="home.up",
            key_display="↑",
            group=_MOVE,
            priority=True,
            tooltip="Highlight the previous routine",
        ),
        Binding(
            "down",
            "cursor(1)",
            "Next",
            id="home.down",
            key_display="↓",
            group=_MOVE,
            priority=True,
            tooltip="Highlight the next routine",
        ),
        # While typing in the filter box (the three above are off then).
        Binding(
            "enter",
            "filter_open",
            "Open",
            id="home.list",
            priority=True,
            tooltip="Open the highlighted match (with no match: back to the list)",
        ),
        Binding("down", "to_table", "To list", id="home.list-down", priority=True, show=False),
        Binding(
            "n",
            "next",
            "Start next",
            id="home.next",
            tooltip="Start today's next session (pain before first, the gate as always)",
        ),
        Binding(
            "c",
            "checkin",
            "Check in",
            id="home.checkin",
            tooltip="Say where it hurts today and get routines that may help",
        ),
        Binding(
            "g",
            "suggestion",
            "Start suggested",
            id="home.suggestion",
            tooltip="Start the first routine suggested for today's check-in",
        ),
        Binding(
            "s",
            "settings",
            "Settings",
            id="home.settings",
            tooltip="Voice, theme, motion, goals and keys",
        ),
        Binding(
            "r",
            "routines",
            "Files",
            id="home.routines",
            tooltip="Every routine file and its problems; preview at speed",
        ),
        Binding(
            "h",
            "history",
            "History",
            id="home.history",
            tooltip="Your sessions, streaks and pain before and after",
        ),
        # After the commands: at 60 columns the footer ends here, and the box's own
        # placeholder already says "/ to filter".
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="home.filter",
            key_display="/",
            tooltip="Type part of a name, kind or area to narrow the list",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            id="home.clear",
            tooltip="Empty the filter box and show every routine",
        ),
    ]

    @dataclass
    class NextChosen(Message):
        """The person asked to start today's next session."""

        routine_id: str

    @dataclass
    class CheckInChosen(Message):
        """The person asked to check in."""

    @dataclass
    class SuggestionChosen(Message):
        """The person asked to start today's top suggestion."""

    @dataclass
    class RoutineChosen(Message):
        """The person chose a routine to look at."""

        entry: Entry

    def __init__(self, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self._cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        from coach.tui.widgets.streak import StreakLine  # the session log's line (issue 4)

        yield StreakLine(id="home-streak")
        box = Input(placeholder="/ to filter by name, kind or area (ribs, neck…)", id="filter")
        box.cursor_blink = self._cursor_blink
        yield box
        yield TodayPanel(id="today")
        yield SuggestionsPanel(id="suggestions")
        yield RoutineTable(id="routines")
        yield Static("Loading routines...", id="home-status")
        yield SteadyFooter()

    @property
    def table(self) -> RoutineTable:
        return self.query_one(RoutineTable)

    def show_library(self, library: Library) -> None:
        """Fill the table from ``library`` and say if some files had errors."""
        self.table.show(library.sorted_entries(), self.query_one("#filter", Input).value)
        self._update_status(library)

    def show_error(self, message: str) -> None:
        """Say in the status line that the routines could not be read."""
        status = self.query_one("#home-status", Static)
        status.add_class("-problems")
        status.update(literal(message))

    def _update_status(self, library: Library) -> None:
        count = len(library.entries)
        text = f"{count} routine{'s' if count != 1 else ''}"
        broken = sorted({p.path for p in library.errors})
        status = self.query_one("#home-status", Static)
        status.set_class(bool(broken), "-problems")
        if broken:
            files = "file has" if len(broken) == 1 else "files have"
            text += f"  ·  {len(broken)} routine {files} errors; run: coach validate"
        status.update(text)

    def show_suggestions(self, outcome: CheckInOutcome | None) -> None:
        """Show today's check-in outcome above the table (None hides the panel)."""
        self.query_one(SuggestionsPanel).show(outcome)
        self.refresh_bindings()

    @property
    def filter_box(self) -> Input:
        return self.query_one("#filter", Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self.filter_box.has_focus
        if action == "clear_filter":  # shown only when there is something to clear or leave
            return typing or bool(self.filter_box.value)
        if action in ("focus_filter", "open", "cursor"):
            return not typing
        if action in ("to_table", "filter_open"):
            return typing
        if action in COMMANDS:
            if typing:
                return False  # the letter goes into the filter
            if action == "next":
                return self.query_one(TodayPanel).next_id is not None
            if action == "suggestion":
                outcome = self.query_one(SuggestionsPanel).outcome
                return outcome is not None and outcome.top is not None
        return True

    def action_next(self) -> None:
        """Start today's next session."""
        rid = self.query_one(TodayPanel).next_id
        if rid is not None:
            self.post_message(self.NextChosen(rid))

    def action_filter_open(self) -> None:
        """Enter in the filter box: open the highlighted match, or with none go to the list."""
        self.table.focus()
        if self.table.highlighted_id:
            self.action_open()

    def action_checkin(self) -> None:
        """Open the check-in."""
        self.post_message(self.CheckInChosen())

    def action_suggestion(self) -> None:
        """Start today's top suggestion."""
        self.post_message(self.SuggestionChosen())

    def action_settings(self) -> None:
        """Open the settings."""
        self.app.action_settings()  # type: ignore[attr-defined]

    def action_routines(self) -> None:
        """Open the routine files view."""
        self.app.action_routines()  # type: ignore[attr-defined]

    def action_history(self) -> None:
        """Open the history screen."""
        self.app.action_history()  # type: ignore[attr-defined]

    def action_focus_filter(self) -> None:
        """Move to the filter box (every key types there until Enter, Down or Escape)."""
        self.filter_box.focus()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.table.filter(event.value)
        self.refresh_bindings()  # Escape is shown once there is a filter to clear

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()  # a mouse click on a row

    def action_open(self) -> None:
        """Open the highlighted routine."""
        rid = self.table.highlighted_id
        entry = self.table.entry(rid) if rid else None
        if entry is not None:
            self.post_message(self.RoutineChosen(entry))

    def action_to_table(self) -> None:
        """Leave the filter box for the table; the filter stays."""
        self.table.focus()

    def action_cursor(self, step: int) -> None:
        """Move the table's highlight."""
        table = self.table
        if table.row_count:
            table.move_cursor(
                row=max(0, min(table.row_count - 1, table.cursor_row + step)), animate=False
            )

    def action_clear_filter(self) -> None:
        """Empty the filter and go back to the table."""
        self.filter_box.value = ""
        self.table.focus()
