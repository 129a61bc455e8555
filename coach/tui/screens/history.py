"""Looking back: streaks and strength, a calendar of the last months, pain trends, recent sessions.

Everything is read and computed in a thread worker (history.overview over the
last year, streaks over the whole log), then drawn at once; the calendar draws
only the weeks that fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState

from coach.common.safe_text import clean
from coach.history.overview import SessionRecord
from coach.tui.describe import duration_text
from coach.tui.literal import literal, rich_text
from coach.tui.screens.confirm import ConfirmScreen
from coach.tui.session_log import HistoryData, SessionLog
from coach.tui.widgets.calendar import CalendarHeatmap
from coach.tui.widgets.pain_trend import PainTrend
from coach.tui.widgets.streak import stats_lines

if TYPE_CHECKING:
    from coach.plans.model import Adherence

#: Status words in the table: an interrupted session is not a failure.
STATUS_WORDS = {
    "completed": "done",
    "stopped": "stopped early",
    "abandoned": "interrupted",
    "in_progress": "playing",
}
COLUMNS = ("When", "Routine", "How it went", "Played", "Pain before→after")


def plan_line(a: Adherence) -> str:
    """One line: the plan, done against planned so far and this week (history screen)."""
    t = a.total
    line = f"Plan {a.plan.title}: {t.done} of {t.planned} planned sessions"
    if a.weeks:
        w = a.week_total(a.weeks[-1])
        line += f" · week {a.weeks[-1]}: {w.done}/{w.planned}"
    return line + (f" · {t.paused} paused" if t.paused else "")


def pain_cell(s: SessionRecord, labels: Mapping[str, str], width: int = 18) -> str:
    """ "Ribs 6→4, Neck 3→-" cut to ``width``; "" without scores."""
    parts = []
    for area in sorted(set(s.pain_before) | set(s.pain_after)):
        b, a = s.pain_before.get(area), s.pain_after.get(area)
        parts.append(
            f"{labels.get(area, area)} {'-' if b is None else b}→{'-' if a is None else a}"
        )
    text = clean(", ".join(parts))
    return text if len(text) <= width else text[: width - 1] + "…"


def session_row(s: SessionRecord, labels: Mapping[str, str]) -> tuple[str, ...]:
    """One recent session as table cells (cleaned text: titles and areas come from the log)."""
    when = f"{s.local_date.strftime('%a %d %b')} {s.local_time[:5]}".strip()
    title = s.routine_title or s.routine_id
    title = clean(title)
    title = title if len(title) <= 22 else title[:21] + "…"
    return (
        when,
        title,
        STATUS_WORDS.get(s.status, clean(s.status)),
        duration_text(round(s.elapsed_seconds)) if s.elapsed_seconds >= 1 else "–",
        pain_cell(s, labels),
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
            "Flare/sick day",
            id="history.flare",
            tooltip="Mark today as a flare or sick day: it pauses your streak",
        ),
    ]

    class Loaded(Message):
        """The screen has drawn its data (tests and the benchmark wait for this)."""

    def __init__(self, log: SessionLog) -> None:
        super().__init__()
        self.session_log = log
        self.data: HistoryData | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        yield Static("Reading your log...", id="history-stats")
        with Horizontal(id="history-middle"):
            yield CalendarHeatmap(id="history-calendar")
            yield PainTrend(id="history-pain")
        table: DataTable[str] = DataTable(
            id="history-recent", cursor_type="row", zebra_stripes=True
        )
        table.add_columns(*COLUMNS)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="history")
    def load(self) -> HistoryData:
        """Read the log and compute everything off the UI thread."""
        return self.session_log.history()

    @work(thread=True, exclusive=True, exit_on_error=False, group="history-mark")
    def mark(self, flare: bool) -> None:
        """Declare today a flare day, or clear today's mark."""
        if flare:
            self.session_log.mark_today("flare")
        else:
            self.session_log.clear_today()

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
            stats += "\n" + plan_line(data.plan)
        self.query_one("#history-stats", Static).update(literal(stats))
        self.query_one(CalendarHeatmap).show(view.calendar, data.today)
        self.query_one(PainTrend).show(view.pain, view.changes, data.labels)
        table = self.query_one(DataTable)
        table.clear()
        # Cells as Rich Text, never markup strings: a title "[/]" must not crash the table.
        table.add_rows(
            tuple(rich_text(c) for c in session_row(s, data.labels)) for s in view.recent
        )
        self.post_message(self.Loaded())

    def action_close(self) -> None:
        """Back to the routines."""
        self.dismiss(None)

    def action_flare(self) -> None:
        """Mark today as a flare or sick day (or clear the mark), after asking."""
        marked = self.data is not None and self.data.overview.summary.today_mark in (
            "flare",
            "sick",
        )
        question = (
            "Clear today's flare mark?"
            if marked
            else "Mark today as a flare or sick day? It pauses your streak, never breaks it."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.mark(not marked)

        self.app.push_screen(ConfirmScreen(question), answered)
