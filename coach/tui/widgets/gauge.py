"""The breathing gauge: a bar that fills on the breath in, stays full on a hold, empties on the way out.

Textual re-sends a changed line from the left edge of the widget that owns it up
to the changed cell, so one wide bar re-sent about 1 KB a frame. The bar is made
of narrow pieces instead: a frame repaints only the piece (or two) holding the
bar's moving edge, a few dozen bytes (issue 16).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget

from coach.common.safe_text import clean

#: Left-aligned eighth blocks, so the bar's edge moves smoothly between cells.
_EIGHTHS = " ▏▎▍▌▋▊▉"

#: The bar is split into this many pieces, each repainted on its own. Measured over a pty
#: at 80x24 (bar 51 cells, 9 rows; benchmarks/bench_app.py, loaded 2-core machine):
#: one wide bar 10.9 KiB/s and 9.5 % CPU; 2 pieces 10.4 KiB/s, 9.8 %; 3: 9.1, 10.3 %;
#: 4: 8.8, 11.2 %; 12: 8.9, 14 %. Narrower pieces send less a frame, but Textual
#: renders every sibling in the bar's clip each frame and re-sends every piece (each its
#: own escape sequences) when the phase's colour changes.
PIECES = 4


def bar_cells(level: float, width: int) -> tuple[int, str]:
    """Full cells and the partial edge character for ``level`` (0..1) of ``width`` cells."""
    eighths = round(max(0.0, min(1.0, level)) * width * 8)
    full, part = divmod(eighths, 8)
    return full, _EIGHTHS[part] if part and full < width else ""


def count_text(seconds: str) -> str:
    """A phase's m:ss as a count in words: "0:03" -> "3", "1:05" stays "1:05"."""
    if seconds.startswith("0:") and seconds[2:].isdigit():
        return str(int(seconds[2:]))
    return seconds


class GaugeWords(Widget):
    """The first row: the phase in words and its detail, the phase's seconds on the right."""

    DEFAULT_CSS = "GaugeWords { height: 1; margin-bottom: 1; }"

    def __init__(self, gauge: BreathGauge) -> None:
        super().__init__()
        self.gauge = gauge

    def render(self) -> Text:
        gauge = self.gauge
        width = max(self.size.width, 1)
        text = Text(no_wrap=True, overflow="crop")
        if gauge.still:  # the words and the count are drawn large below
            text.append(gauge.detail, style="dim")
            return text
        left = Text(clean(gauge.word), style="bold")  # a rep's words come from the file
        if gauge.detail:
            left.append(f"   {gauge.detail}", style="dim")
        right = Text(gauge.seconds, style="bold")
        gap = max(1, width - left.cell_len - right.cell_len)
        text.append_text(left)
        text.append(" " * gap)
        text.append_text(right)
        return text


class GaugePiece(Widget):
    """A few columns of the bar, all its rows."""

    DEFAULT_CSS = "GaugePiece { width: 1fr; height: 1fr; }"

    def __init__(self, gauge: BreathGauge) -> None:
        super().__init__()
        self.gauge = gauge

    def span(self) -> tuple[int, int]:
        """First column of the bar this piece draws, and how many."""
        bar = self.parent
        left = self.region.x - bar.region.x if isinstance(bar, Widget) else 0
        return left, self.size.width

    def render(self) -> Text:
        left, width = self.span()
        full, edge = bar_cells(self.gauge.level, self.gauge.bar_width())
        solid = "█" * max(0, min(width, full - left))
        if edge and left <= full < left + width:
            solid += edge
        row = Text(no_wrap=True, overflow="crop")
        row.append(solid)
        row.append("·" * (width - len(solid)), style="dim")
        text = Text(no_wrap=True, overflow="crop")
        for i in range(max(1, self.size.height)):
            if i:
                text.append("\n")
            text.append_text(row)
        return text


class GaugeBar(Horizontal):
    DEFAULT_CSS = "GaugeBar { height: 1fr; }"


class GaugeSaid(Widget):
    """Reduced motion: the phase and its count in words, once a second, no bar."""

    DEFAULT_CSS = "GaugeSaid { height: 1fr; content-align: center middle; text-style: bold; }"

    def __init__(self, gauge: BreathGauge) -> None:
        super().__init__()
        self.gauge = gauge

    def render(self) -> Text:
        gauge = self.gauge
        words = clean(gauge.word)
        count = count_text(gauge.seconds)
        return Text(f"{words} · {count}" if words and count else words or count, no_wrap=True)


class BreathGauge(Widget):
    """The phase in words with its seconds, over a bar whose length is ``level``.

    With ``still`` set (reduced motion) there is no bar: the phase and its count
    are shown in words ("Breathe in · 3"), changing once a second.
    """

    DEFAULT_CSS = """
    BreathGauge {
        height: 5;
        color: $primary;
    }
    BreathGauge.-still > GaugeBar { display: none; }
    BreathGauge > GaugeSaid { display: none; }
    BreathGauge.-still > GaugeSaid { display: block; }
    """

    level: reactive[float] = reactive(0.0, repaint=False)
    """How full the bar is, 0..1 (only the pieces that change are repainted)."""
    word: reactive[str] = reactive("", repaint=False)
    """What to do now: "Breathe in", "Hold", "Breathe out", "Rest"..."""
    detail: reactive[str] = reactive("", repaint=False)
    """Where in the step: "breath 2 of 6"."""
    seconds: reactive[str] = reactive("", repaint=False)
    """Seconds left in this phase, already formatted."""
    still: reactive[bool] = reactive(False, repaint=False)
    """Reduced motion: no bar, the phase and its count in words."""

    #: Rows above the bar: the words, then a gap.
    BAR_TOP = 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pieces = [GaugePiece(self) for _ in range(PIECES)]
        self._spans: list[tuple[GaugePiece, int, int]] | None = None

    def compose(self) -> ComposeResult:
        yield GaugeWords(self)
        with GaugeBar():
            yield from self._pieces
        yield GaugeSaid(self)

    def bar_width(self) -> int:
        return max(self.size.width, 1)

    def steps(self) -> int:
        """How many lengths the bar can show: eighths of a cell across its width."""
        return self.bar_width() * 8

    def show_level(self, level: float) -> None:
        """Set ``level`` only when the bar would look different, so an unseen change costs nothing."""
        if self.still:
            return
        width = self.bar_width()
        if bar_cells(level, width) != bar_cells(self.level, width):
            self.level = level

    def watch_level(self, old: float, new: float) -> None:
        """Repaint only the pieces where the bar's edge was and is (a few bytes a frame)."""
        if self.still or not self.size.width or not self.is_mounted:
            return
        width = self.size.width
        (was, was_edge), (now, now_edge) = bar_cells(old, width), bar_cells(new, width)
        if (was, was_edge) == (now, now_edge):
            return
        left = min(was, now)
        right = min(width, max(was + len(was_edge), now + len(now_edge))) - 1
        if self._spans is None:  # a piece's region is a compositor look-up: once per size
            self._spans = [(piece, *piece.span()) for piece in self._pieces]
        for piece, start, cells in self._spans:
            if cells and start <= right and start + cells > left:
                piece.refresh()

    def on_resize(self) -> None:
        self._spans = None

    def _words_changed(self) -> None:
        if self.is_mounted:
            self.query_one(GaugeSaid if self.still else GaugeWords).refresh()

    def watch_word(self) -> None:
        self._words_changed()

    def watch_seconds(self) -> None:
        self._words_changed()

    def watch_detail(self) -> None:
        if self.is_mounted:
            self.query_one(GaugeWords).refresh()

    def watch_still(self, still: bool) -> None:
        self.set_class(still, "-still")
        if self.is_mounted:
            self.query_one(GaugeWords).refresh()
            for piece in self._pieces:
                piece.refresh()

    def set_phase(self, phase: str) -> None:
        """Style the gauge for a timeline phase (CSS classes -inhale, -hold, -exhale, -other)."""
        kind = {"hold_after": "hold", "pause": "hold", "move": "inhale", "return": "exhale"}.get(
            phase, phase
        )
        if kind not in ("inhale", "hold", "exhale"):
            kind = "other"
        if self.has_class(f"-{kind}"):
            return
        # One style update for the gauge and its pieces, not one per class changed.
        phases = {"-inhale", "-hold", "-exhale", "-other"}
        self.set_classes([*(c for c in self.classes if c not in phases), f"-{kind}"])
