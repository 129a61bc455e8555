"""The session board's rows: one line each, cut visibly, steady when paused (a fresh try found these)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from textual.app import App, ComposeResult

from coach.tui.literal import fit, one_line
from coach.tui.widgets.board import SessionBoard
from coach.tui.widgets.gauge import GaugeState, words_row


class BoardApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SessionBoard()


def row(board: SessionBoard, y: int) -> str:
    return board.render_line(y).text


def test_one_line_turns_breaks_and_tabs_into_spaces() -> None:
    assert one_line("Next\nline\ttab\r\n end") == "Next line tab␍ end"  # a CR is shown, not obeyed
    assert one_line("") == ""


def test_fit_marks_a_cut_with_an_ellipsis() -> None:
    assert fit("short", 10) == "short"
    assert fit("a long step name", 8) == "a long…"
    assert cell_len(fit("日本語のテキスト", 7)) <= 7


def test_the_words_row_keeps_the_seconds_whole_and_cuts_the_detail() -> None:
    state = GaugeState(word="Breathe in, lift your chest", detail="set 1 of 2, rep 1 of 6")
    state.seconds = "0:03"
    text = "".join(s.text for s in words_row(state, 51, Style()))
    assert text.endswith("0:03") and "…" in text
    assert cell_len(text) == 51
    assert text.startswith("Breathe in, lift your chest")


async def test_single_rows_never_send_a_line_break() -> None:
    app = BoardApp()
    async with app.run_test(size=(74, 21)) as pilot:
        board = app.query_one(SessionBoard)
        board.show_text("Step 1 of 3  ·  Rest", "Sit.", "Next: Next\nline\ttab")
        board.show_voice("failure", "Sound: one\ntwo")
        await pilot.pause()
        lay = board._layout
        assert row(board, lay.next_y).startswith("Next: Next line tab")
        assert row(board, lay.voice_y["failure"]).startswith("Sound: one two")
        for y in range(board.size.height):
            assert "\n" not in row(board, y) and "\t" not in row(board, y)
            assert board.render_line(y).cell_length == board.size.width


async def test_pausing_never_moves_the_board() -> None:
    app = BoardApp()
    async with app.run_test(size=(40, 21)) as pilot:
        board = app.query_one(SessionBoard)
        long_title = "Step 1 of 3  ·  Chair thoracic stretch"  # fills the row: no room
        board.show_text(long_title, "Sit tall.", "Next: Rest")
        await pilot.pause()
        before = board._layout.middle_y
        board.show_text(long_title, "Sit tall.", "Next: Rest", paused=True)
        await pilot.pause()
        assert board._layout.middle_y == before  # "(paused)" did not wrap onto a row of its own
        board.show_text("Step 1 of 3", "Sit tall.", "Next: Rest", paused=True)
        await pilot.pause()
        assert row(board, 1).startswith("Step 1 of 3   (paused)")  # where it fits, it shows


async def test_a_long_instruction_is_cut_at_five_rows_and_says_so() -> None:
    app = BoardApp()
    async with app.run_test(size=(30, 21)) as pilot:
        board = app.query_one(SessionBoard)
        board.show_text("Step 1", " ".join(["word"] * 60) + " LAST", "Next: Rest")
        await pilot.pause()
        lay = board._layout
        assert len(lay.instruction) == 5
        assert row(board, lay.instruction_y + 4).rstrip().endswith("…")
        assert "LAST" not in "".join(row(board, y) for y in range(board.size.height))


async def test_a_small_screen_still_shows_the_progress_row() -> None:
    app = BoardApp()
    async with app.run_test(size=(47, 13)) as pilot:  # the board at 50x16
        board = app.query_one(SessionBoard)
        board.show_text("Step 1 of 3  ·  Breathing control", "Sit supported.", "Next: Rest")
        board.show_time_left("3:31 left")
        await pilot.pause()
        assert board._layout.progress_y < board.size.height
        assert "3:31 left" in row(board, board._layout.progress_y)
