"""Send only the changed cells of a line: one narrow fix to Textual's partial screen update.

Textual (8.2) writes a partial update as "chops", the pieces of each line between
widget edges. ``ChopsUpdate.render_segments`` crops a changed chop at the right end
of the change but not at the left (its source says "TODO: crop to x extents"), so
one changed cell at column 60 of a widget that starts at column 3 re-sends the 57
cells before it. The session board (coach/tui/widgets/board.py) is one widget
across the screen whose gauge moves a cell or two at a time: unfixed, every frame
re-sent each bar row from the left edge, 18 KiB/s over a pty (issue 16).

The fix skips the chop's leading *segments* that end before the change, and starts
the cursor at the first one kept. It never cuts inside a segment, so a wide
character is never split, and what reaches the screen is exactly what Textual
would have drawn there (tests/test_partial_update.py replays both on a grid).

It is applied once, when the app starts, and only to the Textual it was written
for: if ``ChopsUpdate`` is not the class it expects, it is left alone (the app
works the same, sending more bytes).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.control import Control
from textual.strip import Strip

_EXPECTED = ["self", "chops", "spans", "chop_ends"]


def skip_to(strip: Strip, x: int, x1: int) -> tuple[int, Strip]:
    """Drop ``strip``'s whole segments (it starts at column ``x``) that end at or before ``x1``.

    Returns the column of the first segment kept, and the strip from there.
    """
    segments = list(strip)
    for index, segment in enumerate(segments):
        width = cell_len(segment.text)
        if x + width > x1:
            return x, Strip(segments[index:]) if index else strip
        x += width
    return x, Strip([])


def render_segments(
    chops: Sequence[Mapping[int, Strip | None]],
    spans: list[tuple[int, int, int]],
    chop_ends: list[list[int]],
    console: Console,
) -> str:
    """Textual's ``ChopsUpdate.render_segments``, cropped on the left at a segment boundary."""
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    last_y = spans[-1][0]
    for y, x1, x2 in spans:
        line = chops[y]
        for end, (x, strip) in zip(chop_ends[y], line.items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            if not (x2 > x >= x1 and end <= x2):
                strip = strip.crop(0, min(end, x2) - x)
            if x < x1:
                x, strip = skip_to(strip, x, x1)
            append(move_to(x, y).segment.text)
            append(strip.render(console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def crop_partial_updates() -> bool:
    """Apply the fix to Textual's ChopsUpdate (once); False if this Textual is not the one expected."""
    try:
        from textual._compositor import ChopsUpdate
    except ImportError:
        return False
    if getattr(ChopsUpdate, "_coach_cropped", False):
        return True
    original = getattr(ChopsUpdate, "render_segments", None)
    if original is None or list(inspect.signature(ChopsUpdate.__init__).parameters) != _EXPECTED:
        return False

    def cropped(self: ChopsUpdate, console: Console) -> str:
        return render_segments(self.chops, self.spans, self.chop_ends, console)

    ChopsUpdate._coach_original = original  # type: ignore[attr-defined]  # for the tests
    ChopsUpdate.render_segments = cropped  # type: ignore[method-assign]
    ChopsUpdate._coach_cropped = True  # type: ignore[attr-defined]
    return True
