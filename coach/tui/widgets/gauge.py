"""The breathing gauge: a bar that fills on the breath in, stays full on a hold, empties on the way out.

Drawn by the session board (coach/tui/widgets/board.py) as plain segments: the
phase in words with its seconds on the first row, a gap, then the bar. With
reduced motion there is no bar: the phase and its count in words ("Breathe in · 3"),
changing once a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from coach.tui.literal import fit, one_line

#: Left-aligned eighth blocks, so the bar's edge moves smoothly between cells.
_EIGHTHS = " ▏▎▍▌▋▊▉"

#: Rows above the bar: the words, then a gap.
BAR_TOP = 2

#: The bar's solid cells are drawn in segments this wide (see ``bar_row``).
CHUNK = 4

_BOLD = Style(bold=True)
_DIM = Style(dim=True)


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


def phase_kind(phase: str) -> str:
    """A timeline phase as the gauge's colour: inhale, hold, exhale or other."""
    kind = {"hold_after": "hold", "pause": "hold", "move": "inhale", "return": "exhale"}.get(
        phase, phase
    )
    return kind if kind in ("inhale", "hold", "exhale") else "other"


@dataclass
class GaugeState:
    """What the gauge shows now."""

    level: float = 0.0
    """How full the bar is, 0..1."""
    word: str = ""
    """What to do now: "Breathe in", "Hold", "Breathe out", "Rest"..."""
    detail: str = ""
    """Where in the step: "breath 2 of 6"."""
    seconds: str = ""
    """Seconds left in this phase, already formatted."""
    kind: str = "other"
    """The colour: inhale, hold, exhale or other (``phase_kind``)."""
    still: bool = False
    """Reduced motion: no bar, the phase and its count in words."""

    def said(self) -> str:
        """Reduced motion's line: "Breathe in · 3"."""
        words = one_line(self.word)
        count = count_text(self.seconds)
        return f"{words} · {count}" if words and count else words or count


def words_row(state: GaugeState, width: int, style: Style) -> list[Segment]:
    """The first row: the phase in words and its detail, the phase's seconds on the right.

    When they do not all fit, the seconds stay whole: the detail is cut first (marked
    "…"), then the words.
    """
    if state.still:  # the words and the count are drawn large below
        return [Segment(fit(one_line(state.detail), width), style + _DIM)]
    right = state.seconds
    room = max(0, width - cell_len(right) - 1)
    word = fit(one_line(state.word), room)  # a rep's words come from the file
    detail = one_line(state.detail)
    detail = fit(f"   {detail}", room - cell_len(word)) if detail else ""
    if detail.strip() in ("", "…"):
        detail = ""
    gap = max(1, width - cell_len(word) - cell_len(detail) - cell_len(right))
    return [
        Segment(word, style + _BOLD),
        Segment(detail, style + _DIM),
        Segment(" " * gap, style),
        Segment(right, style + _BOLD),
    ]


def bar_row(level: float, width: int, style: Style) -> list[Segment]:
    """One row of the bar: solid cells, the eighth at its edge, dots for the rest.

    The solid cells are cut into segments of ``CHUNK``: Textual sends a changed cell's
    whole segment, so a frame that moves the edge sends a few cells, not the row.
    """
    full, edge = bar_cells(level, width)
    dots = max(0, width - full - len(edge))
    dim = style + _DIM
    pieces = [Segment("█" * min(CHUNK, full - at), style) for at in range(0, full, CHUNK)]
    pieces += [
        Segment(edge, style),
        Segment("·" if dots else "", dim),
        Segment("·" * max(0, dots - 1), dim),
    ]
    return [p for p in pieces if p.text]


def progress_row(end: float, width: int, done: Style, rest: Style) -> list[Segment]:
    """Textual's progress bar look, ``end`` cells filled (in half cells), cut into the same
    small segments around the end as ``bar_row`` for the same reason."""
    whole, half = int(end), end - int(end) > 0
    pieces = [Segment("━" * max(0, whole - 1), done), Segment("━" if whole else "", done)]
    if half:
        pieces.append(Segment("╸", done))
    elif 0 < end < width:
        pieces.append(Segment("╺", rest))
    used = whole + (1 if half or 0 < end < width else 0)
    pieces += [
        Segment("━" if used < width else "", rest),
        Segment("━" * max(0, width - used - 1), rest),
    ]
    return [p for p in pieces if p.text]


def said_row(state: GaugeState, width: int, style: Style) -> list[Segment]:
    """Reduced motion: the phase and its count, centred and bold."""
    text = fit(state.said(), width)
    left = max(0, (width - cell_len(text)) // 2)
    return [Segment(" " * left, style), Segment(text, style + _BOLD)]


def edge_span(old: float, new: float, width: int) -> tuple[int, int] | None:
    """The bar's columns that differ between two levels (first, count), or None."""
    (was, was_edge), (now, now_edge) = bar_cells(old, width), bar_cells(new, width)
    if (was, was_edge) == (now, now_edge):
        return None
    left = min(was, now)
    right = min(width, max(was + len(was_edge), now + len(now_edge)))
    return left, max(1, right - left)
