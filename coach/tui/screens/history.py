"""Looking back: streaks and strength, a calendar of the last months, pain trends, recent sessions.

Everything is read and computed in a thread worker (history.overview over the
last year, streaks over the whole log), then drawn at once; the calendar draws
only the weeks that fit. The table holds the last RECENT sessions, its columns
sized to the terminal (pain scores are never cut: a long one wraps onto more
lines), a PAGE of rows at a time: the next page joins when the cursor or the
scroll comes near the end. ✎ marks a session with a note, and Enter shows the
session in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerState

from coach.common.safe_text import clean
from coach.history.overview import SessionRecord
from coach.history.plan_report import plan_summary_line
from coach.tui.describe import duration_text
from coach.tui.literal import literal, rich_text
from coach.tui.screens.day_mark import DayChoice, DayMarkScreen
from coach.tui.screens.session_detail import STATUS_WORDS, SessionDetailScreen, pain_parts
from coach.tui.session_log import HistoryData, SessionLog
from coach.tui.widgets.calendar import CalendarHeatmap
from coach.tui.widgets.footer import SteadyFooter
from coach.tui.widgets.pain_trend import PainTrend
from coach.tui.widgets.streak import stats_lines

COLUMNS = ("When", "Routine", "How it went", "Played", "✎", "Pain before→after")
NOTE_MARK = "✎"
#: Sessions listed in the table (the calendar, streaks and trends use the whole log).
RECENT = 200
#: Rows put in the table at a time: a long log's History opens with one page drawn.
PAGE = 50
#: Width of each column but the routine and pain ones (cells are padded by 1 each side).
FIXED = {"When": 16, "How it went": 11, "Played": 6, "✎": 1}
PAD = 2
#: Below this width the date is "19 Nov 08:15" (no weekday), leaving room for the routine.
WIDE, SHORT_WHEN = 90, 12
#: How a session went, in the table's 11 cells (its details say "stopped early").
TABLE_STATUS = {"stopped": "stopped"}
ROUTINE_MIN, ROUTINE_MAX = 10, 30


def pain_cell(s: SessionRecord, labels: Mapping[str, str], width: int = 18) -> str:
    """ "Ribs 6→4, Neck 3→-" in lines of at most ``width`` (an area is never cut)."""
    lines: list[str] = []
    for part in pain_parts(s, labels):
        if lines and len(lines[-1]) + 2 + len(part) <= width:
            lines[-1] += ", " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def column_widths(total: int, longest_title: int = ROUTINE_MAX) -> dict[str, int]:
    """Each shown column's width for a table ``total`` cells wide: the routine (up to its
    longest title) and the pain share the rest. Below WIDE the date goes without its
    weekday, and the time played is left to a session's details (Enter) when the routine's
    name would not fit whole beside it."""
    widths = _widths(total, longest_title, COLUMNS)
    if total < WIDE and widths["Routine"] < min(longest_title, ROUTINE_MAX):
        widths = _widths(total, longest_title, tuple(c for c in COLUMNS if c != "Played"))
    return widths


def _widths(total: int, longest_title: int, shown: tuple[str, ...]) -> dict[str, int]:
    widths = {name: width for name, width in FIXED.items() if name in shown}
    if total < WIDE:
        widths["When"] = SHORT_WHEN
    free = total - sum(widths.values()) - PAD * len(shown) - 2  # 2: the scroll bar
    pain_min = len(COLUMNS[-1])
    routine = max(ROUTINE_MIN, min(ROUTINE_MAX, longest_title, free - pain_min))
    widths["Routine"] = routine
    widths[COLUMNS[-1]] = max(pain_min, free - routine)
    return widths


def session_row(
    s: SessionRecord, labels: Mapping[str, str], widths: Mapping[str, int] | None = None
) -> tuple[str, ...]:
    """One recent session as table cells (cleaned text: titles and areas come from the log)."""
    widths = widths or column_widths(100)
    day = s.local_date.strftime("%a %d %b" if widths["When"] > SHORT_WHEN else "%d %b")
    when = f"{day} {s.local_time[:5]}".strip()
    title = clean(s.routine_title or s.routine_id)
    cut = widths["Routine"]
    title = title if len(title) <= cut else title[: cut - 1] + "…"
    return (
        when,
        title,
        TABLE_STATUS.get(s.status) or STATUS_WORDS.get(s.status, clean(s.status)),
        duration_text(round(s.elapsed_seconds)) if s.elapsed_seconds >= 1 else "–",
        NOTE_MARK if s.note.strip() else "",
        pain_cell(s, labels, widths[COLUMNS[-1]]),
    )


class HistoryScreen(Screen[None]):
    """The habit over weeks, in a way that encourages rather than counts failures."""

    BINDINGS = [
        Binding(
            "escape,q",
            "close",
            "Back",
            id="history.back",
            key_display="esc",
            tooltip="Back to the routines",
        ),
        Binding(
            "f",
            "flare",
            "Flare/sick/rest day",
            id="history.flare",
            tooltip="Mark a day (today or one of the last weeks) as a flare, sick or rest "
            "day, or clear a mark: it pauses your streak",
        ),
    ]

    class Loaded(Message):
        """The screen has drawn its data (tests and the benchmark wait for this)."""

    def __init__(self, log: SessionLog) -> None:
        super().__init__()
        self.session_log = log
        self.data: HistoryData | None = None
        self._widths: dict[str, int] = {}
        self._rows = 0  # sessions of data.overview.recent in the table so far

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        yield Static("Reading your log...", id="history-stats")
        with Horizontal(id="history-middle"):
            yield CalendarHeatmap(id="history-calendar")
            yield PainTrend(id="history-pain")
        yield DataTable(id="history-recent", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.watch(self.query_one(DataTable), "scroll_y", self._more_if_near_end, init=False)
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="history")
    def load(self) -> HistoryData:
        """Read the log and compute everything off the UI thread."""
        return self.session_log.history(recent=RECENT)

    @work(thread=True, exclusive=True, exit_on_error=False, group="history-mark")
    def mark(self, choice: DayChoice) -> None:
        """Declare a day a flare, sick or rest day, or clear its mark (as `coach log` does)."""
        if choice.kind == "clear":
            self.session_log.clear_day(choice.day)
        else:
            self.session_log.mark_day(choice.day, choice.kind)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if group == "history":
            if event.state == WorkerState.SUCCESS:
                self.show(cast(HistoryData, event.worker.result))  # the load() worker
            elif event.state == WorkerState.ERROR:
                self.query_one("#history-stats", Static).update(
                    literal(f"Could not read your log: {event.worker.error}")  # may hold a path
                )
        elif group == "history-mark":
            if event.state == WorkerState.SUCCESS:
                self.load()
            elif event.state == WorkerState.ERROR:
                self.notify(f"Could not save the mark: {event.worker.error}", severity="error")

    def show(self, data: HistoryData) -> None:
        """Draw everything from ``data``."""
        self.data = data
        view = data.overview
        summary = view.summary if data.has_sessions else None
        stats = stats_lines(summary)
        if data.plan is not None:
            stats += "\n" + plan_summary_line(data.plan)
        self.query_one("#history-stats", Static).update(literal(stats))
        self.query_one(CalendarHeatmap).show(view.calendar, data.today)
        self.query_one(PainTrend).show(view.pain, view.changes, data.labels)
        self.fill_table()
        self.post_message(self.Loaded())

    def fill_table(self) -> None:
        """The recent sessions, with columns sized to the table's width."""
        table, data = self.query_one(DataTable), self.data
        if data is None:
            return
        longest = max(
            (len(clean(s.routine_title or s.routine_id)) for s in data.overview.recent), default=0
        )
        widths = column_widths(table.size.width or self.app.size.width, longest)
        if widths == self._widths and table.row_count:
            return
        self._widths = widths
        table.clear(columns=True)
        for name in COLUMNS:
            if name in widths:
                table.add_column(name, width=widths[name], key=name)
        rows, self._rows = self._rows, 0
        self._add_rows(max(PAGE, rows))  # as many as before a resize, at least a page

    def _add_rows(self, upto: int) -> None:
        """Put the recent sessions up to number ``upto`` in the table (those not there yet)."""
        table, data, widths = self.query_one(DataTable), self.data, self._widths
        if data is None or not widths:
            return
        shown = [n for n, name in enumerate(COLUMNS) if name in widths]
        # Cells as Rich Text, never markup strings: a title "[/]" must not crash the table.
        for s in data.overview.recent[self._rows : upto]:
            cells = session_row(s, data.labels, widths)
            table.add_row(
                *(rich_text(cells[n]) for n in shown),
                height=cells[-1].count("\n") + 1,
                key=str(s.id),
            )
        self._rows = min(upto, len(data.overview.recent))

    def _more_if_near_end(self) -> None:
        """The next page of rows, once the cursor or the scroll is within a page of the end."""
        data = self.data
        if data is None or self._rows >= len(data.overview.recent):
            return
        table = self.query_one(DataTable)
        near_rows = table.cursor_row >= self._rows - PAGE // 2
        near_lines = table.scroll_y >= table.max_scroll_y - table.size.height
        if near_rows or near_lines:
            self._add_rows(self._rows + PAGE)

    def on_data_table_row_highlighted(self) -> None:
        self._more_if_near_end()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fill_table)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a session: all of it, its note in full."""
        data = self.data
        found = (
            []
            if data is None
            else [s for s in data.overview.recent if str(s.id) == event.row_key.value]
        )
        if data is not None and found:
            self.app.push_screen(SessionDetailScreen(found[0], data.labels))

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss(None)

    def action_flare(self) -> None:
        """Choose a day, today or in the last weeks, and mark it flare, sick or rest, or clear it."""
        if self.data is None:
            return
        marks = {d.day: d.mark for d in self.data.overview.calendar if d.mark}

        def chosen(choice: DayChoice | None) -> None:
            if choice is not None:
                self.mark(choice)

        self.app.push_screen(DayMarkScreen(self.data.today, marks), chosen)
