"""Pain over time per area: a sparkline of the scores before each session and the mean change.

The sparkline is Textual's own; it scales between the lowest and highest score
shown, so the words beside it carry the numbers: the mean before and after
over sessions that recorded both, with ✓ when the drop passes the
meaningful-change line (2 points or 30 %, DOMAIN.md section 6) and ▲ for a rise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Sparkline, Static

from coach.common.safe_text import clean
from coach.history.overview import OVERALL, PainChange, PainPoint
from coach.tui.literal import literal

#: The most recent scores drawn per area.
POINTS = 30
TITLE = "Pain before→after · ✓ meaningful"
NONE_YET = "No pain scores yet: they are asked before and after each routine."


def trend_values(points: Sequence[PainPoint], limit: int = POINTS) -> list[float]:
    """The last ``limit`` starting scores (the after score where no before was given)."""
    values = [p.before if p.before is not None else p.after for p in points]
    return [float(v) for v in values if v is not None][-limit:]


def change_text(change: PainChange | None) -> str:
    """ "6.0→3.8 ✓" (meaningful drop), "3.0→5.5 ▲" (rise), or "–" without a before/after pair."""
    if change is None:
        return "–"
    mark = " ✓" if change.meaningful else (" ▲" if change.rose else "")
    return f"{change.mean_before:.1f}→{change.mean_after:.1f}{mark}"


def ordered_areas(pain: Mapping[str, Sequence[PainPoint]]) -> list[str]:
    """Areas with the most scores first; "overall" last."""
    return sorted(pain, key=lambda a: (a == OVERALL, -len(pain[a]), a))


class PainTrend(Vertical):
    """One row per area: its name, a sparkline, the mean change."""

    DEFAULT_CSS = """
    PainTrend { height: auto; }
    PainTrend .pain-trend-title { color: $text-muted; height: 1; }
    PainTrend .pain-trend-row { height: 1; }
    PainTrend .pain-trend-area { width: 11; }
    PainTrend .pain-trend-line { width: 1fr; margin-right: 1; }
    PainTrend .pain-trend-change { width: 10; }
    PainTrend .-meaningful { color: $success; }
    PainTrend .-rose { color: $warning; }
    """

    def show(
        self,
        pain: Mapping[str, Sequence[PainPoint]],
        changes: Mapping[str, PainChange],
        labels: Mapping[str, str],
    ) -> None:
        """Replace the rows with ``pain`` (history.pain_trend) and ``changes`` (pain_changes)."""
        self.remove_children()
        if not pain:
            self.mount(Static(NONE_YET, classes="pain-trend-title"))
            return
        rows: list[Widget] = [Static(TITLE, classes="pain-trend-title")]
        for area in ordered_areas(pain):
            change = changes.get(area)
            words = Label(change_text(change), classes="pain-trend-change")
            if change is not None:
                words.set_class(change.meaningful, "-meaningful")
                words.set_class(change.rose, "-rose")
            rows.append(
                Horizontal(
                    Label(literal(clean(labels.get(area, area))[:10]), classes="pain-trend-area"),
                    Sparkline(trend_values(pain[area]), classes="pain-trend-line"),
                    words,
                    classes="pain-trend-row",
                )
            )
        self.mount_all(rows)
