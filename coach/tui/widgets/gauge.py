"""The breathing gauge: a bar that fills on the breath in, stays full on a hold, empties on the way out."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.widget import Widget

from coach.common.safe_text import clean

#: Left-aligned eighth blocks, so the bar's edge moves smoothly between cells.
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar_cells(level: float, width: int) -> tuple[int, str]:
    """Full cells and the partial edge character for ``level`` (0..1) of ``width`` cells."""
    eighths = round(max(0.0, min(1.0, level)) * width * 8)
    full, part = divmod(eighths, 8)
    return full, _EIGHTHS[part] if part and full < width else ""


class BreathGauge(Widget):
    """The phase in words with its seconds, over a bar whose length is ``level``.

    With ``still`` set (reduced motion) the bar does not move: it stays whole and the
    words carry the phase.
    """

    DEFAULT_CSS = """
    BreathGauge {
        height: 5;
        color: $primary;
    }
    """

    level: reactive[float] = reactive(0.0, repaint=False)
    """How full the bar is, 0..1 (only the cells that change are repainted)."""
    word: reactive[str] = reactive("")
    """What to do now: "Breathe in", "Hold", "Breathe out", "Rest"..."""
    detail: reactive[str] = reactive("")
    """Where in the step: "breath 2 of 6"."""
    seconds: reactive[str] = reactive("")
    """Seconds left in this phase, already formatted."""
    still: reactive[bool] = reactive(False)
    """Reduced motion: a still bar, the phase in words only."""

    #: Rows above the bar: the words, then a gap.
    BAR_TOP = 2

    def steps(self) -> int:
        """How many lengths the bar can show: eighths of a cell across its width."""
        return max(self.size.width, 1) * 8

    def show_level(self, level: float) -> None:
        """Set ``level`` only when the bar would look different, so an unseen change costs nothing."""
        if self.still:
            return
        width = max(self.size.width, 1)
        if bar_cells(level, width) != bar_cells(self.level, width):
            self.level = level

    def watch_level(self, old: float, new: float) -> None:
        """Repaint only the columns where the bar's edge was and is (a few bytes a frame)."""
        if self.still or not self.size.width:
            return
        width = self.size.width
        (was, was_edge), (now, now_edge) = bar_cells(old, width), bar_cells(new, width)
        if (was, was_edge) == (now, now_edge):
            return
        left = min(was, now)
        right = min(width - 1, max(was + len(was_edge), now + len(now_edge)))
        rows = max(1, self.size.height - self.BAR_TOP)
        self.refresh(Region(left, self.BAR_TOP, right - left + 1, rows))

    def set_phase(self, phase: str) -> None:
        """Style the gauge for a timeline phase (CSS classes -inhale, -hold, -exhale, -other)."""
        kind = {"hold_after": "hold", "pause": "hold", "move": "inhale", "return": "exhale"}.get(
            phase, phase
        )
        if kind not in ("inhale", "hold", "exhale"):
            kind = "other"
        if self.has_class(f"-{kind}"):
            return
        for name in ("inhale", "hold", "exhale", "other"):
            self.set_class(name == kind, f"-{name}")

    def render(self) -> Text:
        width = max(self.size.width, 1)
        text = Text(no_wrap=True, overflow="crop")
        left = Text(clean(self.word), style="bold")  # a rep's words come from the file
        if self.detail:
            left.append(f"   {self.detail}", style="dim")
        right = Text(self.seconds, style="bold")
        gap = max(1, width - left.cell_len - right.cell_len)
        text.append_text(left)
        text.append(" " * gap)
        text.append_text(right)
        text.append("\n")
        full, edge = bar_cells(1.0 if self.still else self.level, width)
        empty = width - full - len(edge)
        row = Text()
        row.append("█" * full)
        row.append(edge)
        row.append("·" * empty, style="dim")
        # The words take the first row and a gap; the bar fills the rest of the height.
        for _ in range(max(1, self.size.height - 2)):
            text.append("\n")
            text.append_text(row)
        return text
