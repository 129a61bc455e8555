"""Only the changed cells of a line reach the terminal (coach/tui/partial_update.py).

Both Textual's own partial update and the fixed one are replayed on a grid of
cells, as a terminal would: where the fixed one writes, it writes what Textual
would have; it only writes less.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate
from textual.strip import Strip

from coach.tui.partial_update import crop_partial_updates, render_segments, skip_to
from tests.test_tui_player import Session

_MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")
_SGR = re.compile(r"\x1b\[[0-9;]*m")
RED = Style(color="red")


def replay(output: str, width: int = 80, height: int = 3) -> list[list[str | None]]:
    """The cells an output writes (None where it writes nothing)."""
    grid: list[list[str | None]] = [[None] * width for _ in range(height)]
    x = y = 0
    for part in re.split(r"(\x1b\[\d+;\d+H)", _SGR.sub("", output)):
        if moved := _MOVE.fullmatch(part):
            y, x = int(moved.group(1)) - 1, int(moved.group(2)) - 1
            continue
        for char in part.replace("\n", ""):
            grid[y][x] = char
            if cell_len(char) == 2:  # a wide character fills two cells
                grid[y][x + 1] = ""
            x += cell_len(char)
    return grid


def one_line(segments: list[Segment], x: int, span: tuple[int, int]) -> tuple[object, ...]:
    """A one-line update: one chop starting at ``x``, changed cells ``span``."""
    strip = Strip(segments)
    chops = [{x: strip}]
    chop_ends = [[x + strip.cell_length]]
    return chops, [(0, *span)], chop_ends


def original(chops, spans, chop_ends) -> str:  # type: ignore[no-untyped-def]
    """What Textual itself sends for this update."""
    crop_partial_updates()
    textual_own = ChopsUpdate._coach_original  # type: ignore[attr-defined]
    return textual_own(ChopsUpdate(chops, spans, chop_ends), Console())  # type: ignore[no-any-return]


def test_a_change_at_the_edge_of_a_wide_line_sends_only_its_segments() -> None:
    bar = [Segment(" " * 23), *[Segment("████", RED) for _ in range(5)], Segment("▌", RED)]
    bar += [Segment("·" * 30)]
    update = one_line(bar, 3, (45, 47))
    fixed = render_segments(*update, Console())  # type: ignore[arg-type]
    whole = original(*update)
    assert fixed.startswith("\x1b[1;43H")  # from the segment holding column 45 (42-45), not 3
    assert len(fixed) < len(whole) / 2
    before, after = replay(whole), replay(fixed)
    written = [(x, c) for x, c in enumerate(after[0]) if c is not None]
    assert written and all(before[0][x] == c for x, c in written)  # what it writes is the same
    assert all(after[0][x] == before[0][x] for x in range(45, 47))  # every changed cell written


def test_a_wide_character_is_never_split() -> None:
    line = [Segment("ab"), Segment("日本語"), Segment("cd")]
    update = one_line(line, 0, (3, 5))  # column 3 is the second half of 日
    fixed = render_segments(*update, Console())  # type: ignore[arg-type]
    assert fixed.startswith("\x1b[1;3H日")  # the segment from its first cell: 日 kept whole


def test_skip_to_keeps_the_segment_that_holds_the_column() -> None:
    strip = Strip([Segment("aaaa"), Segment("bb"), Segment("c")])
    x, kept = skip_to(strip, 10, 15)
    assert (x, kept.text) == (14, "bbc")
    assert skip_to(strip, 10, 10)[1] is strip  # nothing to skip
    assert skip_to(strip, 10, 20)[1].text == ""


def test_the_app_applies_the_fix_once() -> None:
    assert crop_partial_updates()
    assert crop_partial_updates()  # again: a no-op
    assert ChopsUpdate._coach_cropped  # type: ignore[attr-defined]


async def test_a_gauge_frame_sends_a_few_cells_a_row() -> None:
    async with Session() as s:
        await s.press("space")
        await s.advance(6)  # breathing in: the bar grows
        app, sent = s.app, []
        real = app._display

        def display(screen, update) -> None:  # type: ignore[no-untyped-def]
            if isinstance(update, ChopsUpdate):  # the real path renders it for the terminal
                sent.append(update.render_segments(app.console))
            real(screen, update)

        app._display = display  # type: ignore[method-assign]
        await s.advance(0.125)  # one gauge frame, within one second
        assert sent
        rows = [row for row in replay("".join(sent), 80, 24) if any(c is not None for c in row)]
        assert len(rows) >= 9  # every row of the bar...
        assert all(sum(c is not None for c in row) <= 8 for row in rows)  # ...a few cells each
