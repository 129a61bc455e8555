"""The home screen's table of routines, narrowed by a filter query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual import events
from textual.widgets import DataTable
from textual.widgets.data_table import Row, RowKey

from coach.routines.library import Entry
from coach.tui.describe import duration_text, matches, words
from coach.tui.literal import fit, rich_text


class RoutineTable(DataTable[str | Text]):
    """One row per routine (title, kind, time, areas it may help); row keys are routine ids."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._entries: dict[str, Entry] = {}
        self._unsized = False  # rows given before the table had a size: on_resize fills it
        self.query_text = ""

    #: Fixed widths of the title, kind and time columns; the areas column takes the rest.
    WIDTHS = (30, 10, 6)

    def on_mount(self) -> None:
        _, kind, time = self.WIDTHS
        self.add_column("Routine", width=self._title_width(), key="title")
        self.add_column("Kind", width=kind, key="category")
        self.add_column("Time", width=time, key="time")
        self.add_column("May help", width=self._targets_width(), key="targets")

    def _targets_width(self) -> int:
        # Each column has one cell of padding on either side; never scroll sideways.
        spare = self.size.width - sum(self.WIDTHS) - 2 * (len(self.WIDTHS) + 1) - 1
        return max(12, spare)

    def _title_width(self) -> int:
        # Below ~70 columns the title gives up cells so the areas column still shows (60x20).
        spare = self.size.width - sum(self.WIDTHS) - 2 * (len(self.WIDTHS) + 1) - 1
        return max(16, self.WIDTHS[0] - max(0, 12 - spare))

    def on_resize(self, event: events.Resize) -> None:
        changed = False
        for key, width in (("targets", self._targets_width()), ("title", self._title_width())):
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != width:
                column.width = width
                changed = True
        if changed or self._unsized:
            self.filter(self.query_text)

    def show(self, entries: Sequence[Entry], query: str = "") -> None:
        """Replace the rows with ``entries`` that match ``query``, keeping the cursor's routine."""
        self._entries = {e.routine.id: e for e in entries}
        self.query_text = query
        # Before its first size the columns' widths are not known: on_resize fills it once
        # (each row costs ~0.3 ms to measure, so 1,000 rows filled twice stalled start-up).
        self._unsized = not self.size.width
        if not self._unsized:
            self.filter(query)

    def filter(self, query: str) -> None:
        """Show only routines whose title, id, kind or areas contain every word of ``query``."""
        self.query_text = query
        self._unsized = False
        keep = self.highlighted_id
        self.clear()
        title_width, targets_width = self._title_width(), self._targets_width()
        self._add_rows(
            (
                rid,
                (
                    rich_text(fit(r.title, title_width)),
                    rich_text(r.category),
                    rich_text(duration_text(r.total_seconds)),
                    rich_text(fit(words(r.targets), targets_width)),
                ),
            )
            for rid, entry in self._entries.items()
            if matches(r := entry.routine, query)
        )
        if keep is not None and keep in self.visible_ids:
            self.move_cursor(row=self.get_row_index(keep), animate=False)

    def _add_rows(self, rows: Iterable[tuple[str, tuple[Text, ...]]]) -> None:
        """Append rows in one batch, as ``add_row`` would one by one.

        ``add_row`` re-validates the cursor and queues every cell to be measured, per row:
        1,000 routines held up the home screen ~0.4 s. Here every column has a fixed width
        and every row one line, so there is nothing to measure, and the cursor is set once.
        """
        keys = [column.key for column in self.ordered_columns]
        for rid, cells in rows:
            row_key = RowKey(rid)
            self._row_locations[row_key] = len(self.rows)
            self._data[row_key] = dict(zip(keys, cells, strict=True))
            self.rows[row_key] = Row(row_key, 1)
        self._update_count += 1  # the rows' offsets are computed again
        self._require_update_dimensions = True  # the virtual size: on idle, nothing measured
        self.cursor_coordinate = self.cursor_coordinate
        if self.rows and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does for the first row
        self.check_idle()

    @property
    def visible_ids(self) -> list[str]:
        """Routine ids shown now, top to bottom."""
        return [str(row.key.value) for row in self.ordered_rows]

    @property
    def highlighted_id(self) -> str | None:
        """The routine id under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    def entry(self, routine_id: str) -> Entry | None:
        """The library entry behind a row."""
        return self._entries.get(routine_id)
