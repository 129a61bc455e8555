"""The running session as one widget: the step, a big countdown, the breathing gauge, progress.

Why one widget (issue 16): Textual's compositor, for every update, renders every
widget whose clip touches the changed cells, whole; with the step, instruction,
countdown, gauge pieces, progress bar and their containers as separate widgets a
gauge frame re-rendered 18 of them (about 5 ms a frame on a slow core). Drawn
here line by line (Textual's line API) from strips kept between frames, a frame
renders this widget's changed lines only, and ``refresh(region)`` names just the
cells that changed, so only they are sent to the terminal.

Every text from a routine file is cleaned of control characters and drawn as a
plain segment: never parsed as markup (rule 2).

Rows, top to bottom (the old layout, kept): a gap; the step's title; its
instruction (2 to 5 rows); a gap; the middle (4 to 11 rows: the countdown on the
left, the gauge on the right); a gap; "Next: ..."; the voice lines when shown; the
progress bar with the time left; a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.renderables.digits import Digits
from textual.strip import Strip
from textual.widget import Widget

from coach.common.safe_text import clean
from coach.tui.frames import progress_step
from coach.tui.literal import fit, one_line
from coach.tui.widgets.gauge import (
    BAR_TOP,
    GaugeState,
    bar_cells,
    bar_row,
    edge_span,
    phase_kind,
    progress_row,
    said_row,
    words_row,
)

#: The countdown's column and the gap after it (the gauge starts at their sum).
COUNT_WIDTH = 20
COUNT_GAP = 3
#: The time left, right-aligned after the progress bar.
LEFT_WIDTH = 12
COUNT_LABEL = "left in this step"
PAUSED = "   (paused)"
VOICE_LINES = ("muted", "failure")


@dataclass
class Layout:
    """Where each part sits, in the board's rows (computed for one size and text)."""

    title: list[list[Segment]] = field(default_factory=list)
    instruction: list[list[Segment]] = field(default_factory=list)
    title_y: int = 1
    instruction_y: int = 2
    middle_y: int = 5
    middle_h: int = 5
    next_y: int = 11
    voice_y: dict[str, int] = field(default_factory=dict)
    progress_y: int = 13


class SessionBoard(Widget):
    """The step, its countdown, the gauge and the progress of one routine, drawn line by line."""

    COMPONENT_CLASSES = {
        "board--title",
        "board--muted",
        "board--digits",
        "board--inhale",
        "board--hold",
        "board--exhale",
        "board--other",
        "board--progress",
    }

    DEFAULT_CSS = """
    SessionBoard { height: 1fr; }
    SessionBoard > .board--title { color: $primary; text-style: bold; }
    SessionBoard > .board--muted { color: $text-muted; }
    SessionBoard > .board--digits { color: $text; text-style: bold; }
    SessionBoard > .board--inhale { color: $primary; }
    SessionBoard > .board--hold { color: $accent; }
    SessionBoard > .board--exhale { color: $secondary; }
    SessionBoard > .board--other { color: $text-muted; }
    SessionBoard > .board--progress { color: $primary; background: $surface; }
    """

    def __init__(self, *, still: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.gauge = GaugeState(still=still)
        self.title = ""
        self.instruction = ""
        self.next_line = ""
        self.paused = False
        self.voice = dict.fromkeys(VOICE_LINES, "")
        self.count = "0:00"
        self.time_left = ""
        self._progress = (0.0, 1.0)
        self._layout = Layout()
        self._lines: list[Strip] = []
        self._styles: dict[str, Style] = {}
        #: Parts of the middle rows kept between frames (cleared on a new size or style).
        self._memo: dict[tuple[object, ...], list[Segment]] = {}

    # ------------------------------------------------------------ what is shown

    @property
    def still(self) -> bool:
        """Reduced motion: the gauge says the phase and its count instead of moving a bar."""
        return self.gauge.still

    @still.setter
    def still(self, still: bool) -> None:
        if still != self.gauge.still:
            self.gauge.still = still
            self._repaint_middle()

    def show_text(
        self, title: str, instruction: str, next_line: str, *, paused: bool = False
    ) -> None:
        """The step's title and instruction and what comes next (laid out again on change).

        ``paused`` adds "(paused)" to the title's last row only where it fits, so pausing
        never moves the board (the gauge says "Paused" either way).
        """
        shown = (title, instruction, next_line, paused)
        if shown != (self.title, self.instruction, self.next_line, self.paused):
            self.title, self.instruction, self.next_line, self.paused = shown
            self._relayout()

    def show_voice(self, which: str, text: str) -> None:
        """A voice line ("muted" or "failure") shown with ``text``, or hidden when empty."""
        if self.voice[which] != text:
            self.voice[which] = text
            self._relayout()

    def show_count(self, text: str) -> None:
        """The countdown's m:ss (its rows repainted only when the text changes)."""
        if text != self.count:
            self.count = text
            first = self._layout.middle_y + self._count_top() + 1
            self._paint(range(first, first + 3), 0, COUNT_WIDTH)

    def show_gauge(self, level: float, word: str, detail: str, seconds: str, phase: str) -> None:
        """The gauge at ``level`` with its words: only the cells that look different repaint."""
        gauge, lay = self.gauge, self._layout
        kind = phase_kind(phase)
        words = (word, detail, seconds)
        if kind != gauge.kind:
            gauge.kind, gauge.level = kind, level
            gauge.word, gauge.detail, gauge.seconds = words
            self._repaint_middle(gauge_only=True)
            return
        if words != (gauge.word, gauge.detail, gauge.seconds):
            x, width = self._gauge_columns()
            if gauge.still:
                rows: range | list[int] = range(lay.middle_y, lay.middle_y + lay.middle_h)
            else:
                rows = [lay.middle_y]
                cells = cell_len(seconds)
                if (word, detail) == (gauge.word, gauge.detail) and cells == cell_len(
                    gauge.seconds
                ):
                    x, width = x + width - cells, cells  # the seconds alone, on the right
            gauge.word, gauge.detail, gauge.seconds = words
            self._paint(rows, x, width)
        if gauge.still:
            gauge.level = level
            return
        x, width = self._gauge_columns()
        span = edge_span(gauge.level, level, width)
        gauge.level = level
        if span is not None:
            top = lay.middle_y + BAR_TOP
            self._paint(range(top, lay.middle_y + lay.middle_h), x + span[0], span[1])

    def show_progress(self, position: float, total: float) -> None:
        """The progress bar at ``position`` of ``total`` (repainted on a new half cell only)."""
        was, now = self._half_cells(*self._progress), self._half_cells(position, total)
        self._progress = (position, total)
        if was != now:
            x = max(0, min(was, now) // 2 - 1)
            self._paint([self._layout.progress_y], x, max(was, now) // 2 + 2 - x)

    def show_time_left(self, text: str) -> None:
        """The time left in the routine, on the right of the progress bar."""
        if text != self.time_left:
            self.time_left = text
            x = self.progress_cells()
            self._paint([self._layout.progress_y], x, self.size.width - x)

    # ------------------------------------------------------------ sizes

    def gauge_steps(self) -> int:
        """How many lengths the bar can show (eighths of a cell), 0 with reduced motion."""
        return 0 if self.gauge.still else self._gauge_columns()[1] * 8

    def progress_cells(self) -> int:
        return max(0, self.size.width - LEFT_WIDTH)

    def gauge_region(self) -> Region:
        """The gauge's cells on the screen (its words, the gap and the bar)."""
        lay = self._layout
        x, width = self._gauge_columns()
        return Region(self.region.x + x, self.region.y + lay.middle_y, width, lay.middle_h)

    def _gauge_columns(self) -> tuple[int, int]:
        x = COUNT_WIDTH + COUNT_GAP
        return x, max(1, self.size.width - x)

    def _half_cells(self, position: float, total: float) -> int:
        return progress_step(position, total, self.progress_cells())

    # ------------------------------------------------------------ layout and painting

    def on_resize(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        """A theme or class change: the styles are looked up again and everything redrawn."""
        super().notify_style_update()
        self._styles.clear()
        if self.is_mounted:
            self._relayout()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def _wrap(self, text: str, style: Style, width: int) -> list[list[Segment]]:
        """``text`` cleaned and wrapped to ``width``, one plain segment per line."""
        lines = Text(clean(text)).wrap(self.app.console, max(1, width))
        return [[Segment(line.plain.rstrip(), style)] for line in lines]

    def _relayout(self) -> None:
        """Place every part for the current size and text, then draw the whole board."""
        width, height = self.size
        if not width or not height:
            return
        lay = Layout()
        title_style = self._style("board--title")
        lay.title = self._wrap(self.title, title_style, width) if self.title else []
        if self.paused and lay.title:
            last = lay.title[-1][0].text + PAUSED
            if cell_len(last) <= width:
                lay.title[-1] = [Segment(last, title_style)]
        lay.instruction = self._wrap(self.instruction, self._style("base"), width)
        if len(lay.instruction) > 5:  # at most five rows, the cut marked
            end = lay.instruction[4][0]
            lay.instruction = [
                *lay.instruction[:4],
                [Segment(fit(end.text + " …", width), end.style)],
            ]
        lay.title_y = 1
        lay.instruction_y = 1 + len(lay.title)
        above = lay.instruction_y + max(2, len(lay.instruction)) + 1
        voices = [v for v in VOICE_LINES if self.voice[v]]
        below = 2 + len(voices) + 2  # next and its gap, voice lines, progress and its gap
        lay.middle_y = above
        lay.middle_h = max(4, min(11, height - above - 1 - below))
        lay.next_y = above + lay.middle_h + 1
        for i, which in enumerate(voices):
            lay.voice_y[which] = lay.next_y + 2 + i
        lay.progress_y = lay.next_y + 2 + len(voices)
        self._layout = lay
        self._memo.clear()
        self._lines = [self._build(y) for y in range(height)]
        self.refresh()

    def _repaint_middle(self, gauge_only: bool = False) -> None:
        lay = self._layout
        x, width = self._gauge_columns() if gauge_only else (0, self.size.width)
        self._paint(range(lay.middle_y, lay.middle_y + lay.middle_h), x, width)

    def _paint(self, rows: range | list[int], x: int, width: int) -> None:
        """Build ``rows`` again and send only the cells from ``x``, ``width`` wide."""
        if not self._lines or width <= 0:
            return
        ys = [y for y in rows if 0 <= y < len(self._lines)]
        for y in ys:
            self._lines[y] = self._build(y)
        if ys and self.is_mounted:
            self.refresh(Region(x, ys[0], width, ys[-1] - ys[0] + 1))

    def render_line(self, y: int) -> Strip:
        if 0 <= y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self._style("base"))

    def _build(self, y: int) -> Strip:
        """One row of the board, exactly as wide as the board."""
        lay, width, base = self._layout, self.size.width, self._style("base")
        segments: list[Segment] = []
        if lay.title_y <= y < lay.title_y + len(lay.title):
            segments = lay.title[y - lay.title_y]
        elif lay.instruction_y <= y < lay.instruction_y + len(lay.instruction):
            segments = lay.instruction[y - lay.instruction_y]
        elif lay.middle_y <= y < lay.middle_y + lay.middle_h:
            return Strip(self._middle_row(y - lay.middle_y), width)  # exactly as wide
        elif y == lay.next_y:
            segments = [Segment(fit(one_line(self.next_line), width), self._style("board--muted"))]
        elif y == lay.progress_y:
            segments = self._progress_row()
        else:
            for which, at in lay.voice_y.items():
                if y == at:
                    segments = [Segment(fit(one_line(self.voice[which]), width), base)]
        # Not simplified: the small segments around a moving edge keep what is sent small.
        return Strip(segments).adjust_cell_length(width, base)

    def _middle_row(self, row: int) -> list[Segment]:
        """A row of the countdown and the gauge side by side (the parts kept between frames)."""
        top = self._count_top()
        count = self.count if top < row <= top + 3 else ""
        left = self._memo.get(("left", row, count))
        if left is None:
            if row == top:
                segments = [Segment(COUNT_LABEL, self._style("board--muted"))]
            else:
                segments = self._digit_row(row - top - 1) if count else []
            left = list(
                Strip(segments).adjust_cell_length(COUNT_WIDTH + COUNT_GAP, self._style("base"))
            )
            self._memo[("left", row, count)] = left
        return [*left, *self._gauge_row(row)]

    def _gauge_row(self, row: int) -> list[Segment]:
        gauge, lay = self.gauge, self._layout
        _, width = self._gauge_columns()
        style = self._style(f"board--{gauge.kind}")
        is_bar = row >= BAR_TOP and not gauge.still
        key = ("bar", bar_cells(gauge.level, width), gauge.kind) if is_bar else None
        if key is not None and (cached := self._memo.get(key)) is not None:
            return cached  # every row of the bar is the same
        if row == 0:
            right = words_row(gauge, width, style)
        elif row < BAR_TOP:
            right = []
        elif gauge.still:
            said_at = BAR_TOP + (lay.middle_h - BAR_TOP - 1) // 2
            right = said_row(gauge, width, style) if row == said_at else []
        else:
            right = bar_row(gauge.level, width, style)
        segments = list(Strip(right).adjust_cell_length(width, style))
        if key is not None:
            if len(self._memo) > 256:
                self._memo.clear()
            self._memo[key] = segments
        return segments

    def _count_top(self) -> int:
        """The countdown's label row in the middle: it and three rows of digits, centred."""
        return (self._layout.middle_h - 4) // 2

    def _digit_row(self, row: int) -> list[Segment]:
        style = self._style("board--digits")
        drawn = Digits(self.count, style).render(style)  # three rows, each ended by a newline
        lines = [s for s in drawn if isinstance(s, Segment) and s.text != "\n"]
        return [lines[row]] if row < len(lines) else []

    def _progress_row(self) -> list[Segment]:
        cells = self.progress_cells()
        style, base = self._style("board--progress"), self._style("base")
        end = max(0, self._half_cells(*self._progress)) / 2  # as show_progress counts it
        done, rest = base + Style.from_color(style.color), base + Style.from_color(style.bgcolor)
        bar = Strip(progress_row(end, cells, done, rest)).adjust_cell_length(cells, base)
        pad = max(0, LEFT_WIDTH - cell_len(self.time_left))
        return [*bar, Segment(" " * pad + self.time_left, self._style("board--muted"))]
