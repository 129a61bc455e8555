"""The home screen: every routine in a table, a filter box above it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from coach.library import Entry, Library
from coach.tui.widgets.routine_table import RoutineTable


class HomeScreen(Screen[None]):
    """Choose a routine: type to filter, arrows to move, Enter to open."""

    _MOVE = Binding.Group("Choose", compact=True)
    BINDINGS = [
        # Priority: Enter and the arrows work the same whether the filter box or the table
        # has focus, so a person can type, arrow down and press Enter without Tab.
        Binding("enter", "open", "Open", id="home.open", priority=True,
                tooltip="Open the highlighted routine's details"),
        Binding("up", "cursor(-1)", "Previous", id="home.up", key_display="↑", group=_MOVE,
                priority=True,
                tooltip="Highlight the previous routine"),
        Binding("down", "cursor(1)", "Next", id="home.down", key_display="↓", group=_MOVE,
                priority=True,
                tooltip="Highlight the next routine"),
        Binding("escape", "clear_filter", "Clear filter", id="home.clear",
                tooltip="Empty the filter box and show every routine"),
    ]

    @dataclass
    class RoutineChosen(Message):
        """The person chose a routine to look at."""

        entry: Entry

    def __init__(self, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self._cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        box = Input(placeholder="Type to filter by name, kind or area (neck, ribs...)",
                    id="filter")
        box.cursor_blink = self._cursor_blink
        yield box
        yield RoutineTable(id="routines")
        yield Static("Loading routines...", id="home-status")
        yield Footer()

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
        status.update(message)

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

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.table.filter(event.value)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()  # a mouse click on a row

    def action_open(self) -> None:
        """Open the highlighted routine."""
        rid = self.table.highlighted_id
        entry = self.table.entry(rid) if rid else None
        if entry is not None:
            self.post_message(self.RoutineChosen(entry))

    def action_cursor(self, step: int) -> None:
        """Move the table's highlight while typing in the filter box."""
        table = self.table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)),
                              animate=False)

    def action_clear_filter(self) -> None:
        """Empty the filter."""
        self.query_one("#filter", Input).value = ""
