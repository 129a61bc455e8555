"""A calendar heatmap of the last months: weeks as columns, weekdays as rows.

A day with practice is a block that grows with its minutes (▪ ■ █); declared
flare or sick days (~) and rest days (−) have their own marks, so a paused day
never looks like a missed one (·). Every kind has its own glyph, so the calendar
reads the same without colour. As many weeks are drawn as the width allows, the
latest on the right; the legend below names every glyph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual.widget import Widget

from coach.history.overview import CalendarDay, week_start

LABEL = 3  # "Mo "
CELL = 2  # a mark and a space
WEEKDAY_LABELS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
#: Minutes at which a day's block turns from light to middle to strong.
LEVELS = (5.0, 15.0)
#: A practised day's glyph by level: bigger for more minutes, readable without colour.
LEVEL_GLYPHS = {1: "▪", 2: "■", 3: "█"}
FLARE, REST, MISSED = "~", "−", "·"
#: The legend, two lines: (glyph, kind, words) each.
LEGEND = (
    (
        (LEVEL_GLYPHS[1], "level-1", " <5m  "),
        (LEVEL_GLYPHS[2], "level-2", " <15m  "),
        (LEVEL_GLYPHS[3], "level-3", " 15m+"),
    ),
    (
        (FLARE, "flare", " flare/sick  "),
        (REST, "rest", " rest  "),
        (MISSED, "empty", " none"),
    ),
)


@dataclass(frozen=True)
class Cell:
    """One day as drawn: a character and the kind that picks its colour."""

    char: str
    kind: str  # empty, level-1, level-2, level-3, flare, rest, future


def cell_for(day: CalendarDay | None, when: date, today: date) -> Cell:
    """How one day looks: practice wins over a mark; days to come stay blank."""
    if when > today:
        return Cell(" ", "future")
    if day is not None and day.sessions:
        level = 1 + sum(day.minutes >= m for m in LEVELS)
        return Cell(LEVEL_GLYPHS[level], f"level-{level}")
    mark = day.mark if day is not None else ""
    if mark in ("flare", "sick"):
        return Cell(FLARE, "flare")
    if mark in ("rest", "off"):
        return Cell(REST, "rest")
    return Cell(MISSED, "empty")


def weeks_that_fit(width: int) -> int:
    """How many week columns fit in ``width`` cells beside the weekday labels."""
    return max(1, (width - LABEL) // CELL)


def grid(days: Sequence[CalendarDay], today: date, weeks: int) -> tuple[str, list[list[Cell]]]:
    """The month header line and 7 rows (Monday first) of ``weeks`` cells, the latest on the right."""
    by_day = {d.day: d for d in days}
    first = week_start(today) - timedelta(weeks=weeks - 1)
    rows = [
        [
            cell_for(
                by_day.get(first + timedelta(weeks=w, days=r)),
                first + timedelta(weeks=w, days=r),
                today,
            )
            for w in range(weeks)
        ]
        for r in range(7)
    ]
    header = [" "] * (LABEL + CELL * weeks)
    labels: list[tuple[int, str]] = []  # (column, month) where a month begins
    for w in range(weeks):
        monday = first + timedelta(weeks=w)
        for d in range(7):
            if (monday + timedelta(days=d)).day == 1:
                labels.append((LABEL + CELL * w, (monday + timedelta(days=d)).strftime("%b")))
    if not labels or labels[0][0] >= LABEL + 4:  # name the month the grid opens in, if room
        labels.insert(0, (LABEL, first.strftime("%b")))
    free_from = 0
    for at, name in labels:
        if at >= free_from and at + len(name) <= len(header):
            header[at : at + len(name)] = name
            free_from = at + len(name) + 1
    return "".join(header).rstrip(), rows


class CalendarHeatmap(Widget):
    """The last months of practice, one cell per day."""

    COMPONENT_CLASSES = {
        "calendar--label",
        "calendar--empty",
        "calendar--level-1",
        "calendar--level-2",
        "calendar--level-3",
        "calendar--flare",
        "calendar--rest",
        "calendar--future",
        "calendar--today",
    }
    DEFAULT_CSS = """
    CalendarHeatmap { height: 10; }
    CalendarHeatmap > .calendar--label { color: $text-muted; }
    CalendarHeatmap > .calendar--empty { color: $text-muted 40%; }
    CalendarHeatmap > .calendar--level-1 { color: $primary 45%; }
    CalendarHeatmap > .calendar--level-2 { color: $primary 75%; }
    CalendarHeatmap > .calendar--level-3 { color: $primary; }
    CalendarHeatmap > .calendar--flare { color: $warning; }
    CalendarHeatmap > .calendar--rest { color: $secondary; }
    CalendarHeatmap > .calendar--today { text-style: underline; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: list[CalendarDay] = []
        self.today: date | None = None

    def show(self, days: Sequence[CalendarDay], today: date) -> None:
        """Draw ``days`` (from history.calendar) up to ``today``."""
        self.days = list(days)
        self.today = today
        self.refresh()

    def render(self) -> Text:
        if self.today is None:
            return Text("")
        style = self.get_component_rich_style
        header, rows = grid(self.days, self.today, weeks_that_fit(self.size.width))
        out = Text(no_wrap=True, overflow="crop")
        out.append(header + "\n", style("calendar--label"))
        today_row = self.today.weekday()
        for r, row in enumerate(rows):
            out.append(f"{WEEKDAY_LABELS[r]:<{LABEL}}", style("calendar--label"))
            for w, cell in enumerate(row):
                cell_style = style(f"calendar--{cell.kind}")
                if r == today_row and w == len(row) - 1:
                    cell_style += style("calendar--today")
                out.append(cell.char, cell_style)
                out.append(" ")
            out.append("\n")
        for n, line in enumerate(LEGEND):
            out.append("\n" if n else "")
            for char, kind, words in line:
                out.append(char, style(f"calendar--{kind}"))
                out.append(words, style("calendar--label"))
        return out
