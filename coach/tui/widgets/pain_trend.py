"""Pain over time per area: before and after each session on a fixed 0-10 scale, with dates.

Each area has two lines, before (b) and after (a), one column per day with a
score (the last score of that day), on a common time axis across areas: the
dates of the first and last column are written under the chart. A score's
glyph height is fixed by the scale (▁ is 0, █ is 10), so a steady 6 draws as
a steady middle line and a single score as one glyph of its own height; the
title shows the scale. Beside each area, the mean before and after over
sessions that recorded both, with ✓ when the drop passes the meaningful-change
line (2 points or 30 %, DOMAIN.md section 6) and ▲ for a rise.

One widget drawing text (no child widgets), so the history screen opens fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.text import Text
from textual.widget import Widget

from coach.common.safe_text import clean
from coach.history.overview import OVERALL, PainChange, PainPoint

#: Glyphs from 0 to 10 pain: the scale is fixed, never stretched to the scores shown.
GLYPHS = "▁▂▃▄▅▆▇█"
TITLE = "Pain ▁0 ▅5 █10 · b before, a after"
NONE_YET = "No pain scores yet: they are asked before and after each routine."
AREA_WIDTH = 11  # the area's name
SIDE = " b "  # then "b"/"a" for before/after
CHANGE_WIDTH = 10
MIN_COLUMNS = 5


def glyph(score: int | None) -> str:
    """One score's glyph on the fixed 0-10 scale; a blank where there is none."""
    if score is None:
        return " "
    return GLYPHS[round(max(0, min(10, score)) * (len(GLYPHS) - 1) / 10)]


def change_text(change: PainChange | None) -> str:
    """ "6.0→3.8 ✓" (meaningful drop), "3.0→5.5 ▲" (rise), or "–" without a before/after pair."""
    if change is None:
        return "–"
    mark = " ✓" if change.meaningful else (" ▲" if change.rose else "")
    return f"{change.mean_before:.1f}→{change.mean_after:.1f}{mark}"


def ordered_areas(pain: Mapping[str, Sequence[PainPoint]]) -> list[str]:
    """Areas with the most scores first; "overall" last."""
    return sorted(pain, key=lambda a: (a == OVERALL, -len(pain[a]), a))


def chart_days(pain: Mapping[str, Sequence[PainPoint]], columns: int) -> list[date]:
    """The last ``columns`` days on which any area has a score, oldest first."""
    days = {p.day for points in pain.values() for p in points}
    return sorted(days)[-columns:] if columns > 0 else []


def by_day(points: Sequence[PainPoint]) -> tuple[dict[date, int], dict[date, int]]:
    """(before, after) scores per day: a day's last score of each."""
    before: dict[date, int] = {}
    after: dict[date, int] = {}
    for p in points:
        if p.before is not None:
            before[p.day] = p.before
        if p.after is not None:
            after[p.day] = p.after
    return before, after


def axis(days: Sequence[date], width: int) -> str:
    """The first and last day's dates under a chart ``width`` columns wide."""
    if not days:
        return ""
    first, last = days[0].strftime("%d %b"), days[-1].strftime("%d %b")
    if len(days) == 1 or first == last:
        return first
    gap = max(1, min(len(days), width) - len(first) - len(last))
    return first + " " * gap + last if gap + len(first) + len(last) <= width else last


class PainTrend(Widget):
    """Two lines per area (before, after) over a shared time axis, and the mean change."""

    COMPONENT_CLASSES = {
        "pain-trend--title",
        "pain-trend--before",
        "pain-trend--after",
        "pain-trend--meaningful",
        "pain-trend--rose",
    }
    DEFAULT_CSS = """
    PainTrend { height: auto; }
    PainTrend > .pain-trend--title { color: $text-muted; }
    PainTrend > .pain-trend--before { color: $warning 80%; }
    PainTrend > .pain-trend--after { color: $primary; }
    PainTrend > .pain-trend--meaningful { color: $success; }
    PainTrend > .pain-trend--rose { color: $warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pain: Mapping[str, Sequence[PainPoint]] = {}
        self.changes: Mapping[str, PainChange] = {}
        self.labels: Mapping[str, str] = {}

    def show(
        self,
        pain: Mapping[str, Sequence[PainPoint]],
        changes: Mapping[str, PainChange],
        labels: Mapping[str, str],
    ) -> None:
        """Draw ``pain`` (history.pain_trend) and ``changes`` (pain_changes)."""
        self.pain, self.changes, self.labels = pain, changes, labels
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return 1 + (2 * len(self.pain) + 1 if self.pain else 0)

    def render(self) -> Text:
        style = self.get_component_rich_style
        title = style("pain-trend--title")
        out = Text(no_wrap=True, overflow="crop")
        if not self.pain:
            out.append(NONE_YET, title)
            return out
        width = self.size.width or 38
        columns = max(MIN_COLUMNS, width - AREA_WIDTH - len(SIDE) - 1 - CHANGE_WIDTH)
        days = chart_days(self.pain, columns)
        out.append(TITLE, title)
        rows = max(1, (self.size.height - 2) // 2) if self.size.height else len(self.pain)
        for area in ordered_areas(self.pain)[:rows]:
            before, after = by_day(self.pain[area])
            name = clean(self.labels.get(area, area))[: AREA_WIDTH - 1]
            change = self.changes.get(area)
            words = style("pain-trend--title")
            if change is not None and change.meaningful:
                words = style("pain-trend--meaningful")
            elif change is not None and change.rose:
                words = style("pain-trend--rose")
            out.append(f"\n{name:<{AREA_WIDTH}} b ", title)
            out.append("".join(glyph(before.get(d)) for d in days), style("pain-trend--before"))
            out.append(" " * (columns - len(days) + 1))
            out.append(change_text(change), words)
            out.append(f"\n{'':<{AREA_WIDTH}} a ", title)
            out.append("".join(glyph(after.get(d)) for d in days), style("pain-trend--after"))
        out.append(f"\n{'':<{AREA_WIDTH + len(SIDE)}}{axis(days, columns)}", title)
        return out
