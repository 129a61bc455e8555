"""The home and detail screens, driven with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from coach.care.checkin import make_checkin
from coach.routines.library import load_library
from coach.tui.screens.checkin import CheckInScreen, record_checkin
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.routines import RoutinesScreen
from coach.tui.screens.settings import SettingsScreen
from coach.tui.widgets.routine_table import RoutineTable
from tests.conftest import run_coach
from tests.test_tui_support import RecordingVoice, make_app, screen_text, settle

SIZE = (80, 24)


async def _ready(app, pilot) -> HomeScreen:
    await settle(app)
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    return app.screen


async def test_home_lists_every_builtin_routine() -> None:
    expected = [e.routine.id for e in load_library().sorted_entries()]
    assert len(expected) >= 3
    app = make_app(library_dirs=None)
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        assert home.table.visible_ids == expected
        assert f"{len(expected)} routines" in screen_text(app)


async def test_home_shows_user_routines_and_a_line_about_broken_files(coach_home: Path) -> None:
    folder = coach_home / "data" / "routines"
    folder.mkdir(parents=True)
    source = Path(__file__).parent / "data" / "routines" / "neck-ease.yaml"
    text = source.read_text().replace("title: Neck ease", "title: My own neck routine")
    (folder / "my-neck.yaml").write_text(text)
    (folder / "broken.yaml").write_text("schema: 1\ntitle: [unclosed\n")
    app = make_app(library_dirs=None)
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        assert "my-neck" in home.table.visible_ids
        assert "1 routine file has errors; run: coach validate" in screen_text(app)
        await pilot.press("/", *"own neck")
        await pilot.pause()
        assert home.table.visible_ids == ["my-neck"]
        assert "My own neck routine" in screen_text(app)


async def test_typing_in_the_filter_narrows_the_list() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        assert home.table.visible_ids == ["calm-breathing", "rib-release", "neck-ease"]
        await pilot.press("/", *"Ribs")  # matching ignores case
        await pilot.pause()
        assert home.table.visible_ids == ["calm-breathing", "rib-release"]  # by target area
        await pilot.press(*" str")
        await pilot.pause()
        assert home.table.visible_ids == ["rib-release"]  # every word must match
        await pilot.press("escape")
        await pilot.pause()
        assert home.table.visible_ids == ["calm-breathing", "rib-release", "neck-ease"]
        await pilot.press("/", *"posture")
        await pilot.pause()
        assert home.table.visible_ids == ["neck-ease"]  # by category
        await pilot.press("escape", "/", *"zzz")
        await pilot.pause()
        assert home.table.visible_ids == []
        await pilot.press("enter", "enter")  # no match: to the table, then nothing to open
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_table_has_focus_at_start_and_the_footer_offers_slash_to_filter() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        assert isinstance(app.focused, RoutineTable)
        footer = screen_text(app).splitlines()[-1]
        assert "/ Filter" in footer and "c Check in" in footer
        assert "/ to filter by name, kind or area (ribs, neck…)" in screen_text(app)


async def test_slash_then_ribs_filters_and_does_not_open_the_routine_files() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        await pilot.press("/", *"ribs")
        await pilot.pause()
        assert app.screen is home  # r, i, b, s all typed: no routine files, no settings
        assert not any(isinstance(s, RoutinesScreen) for s in app.screen_stack)
        assert home.query_one("#filter", Input).value == "ribs"
        assert home.table.visible_ids == ["calm-breathing", "rib-release"]
        footer = screen_text(app).splitlines()[-1]
        assert "c Check in" not in footer and "/ Filter" not in footer  # letters type here
        assert "⏎ Open" in footer and "esc Clear filter" in footer


@pytest.mark.parametrize("key", ["down"])
async def test_down_leaves_the_filter_for_the_table_and_keeps_it(key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        await pilot.press("/", *"ribs", key)
        await pilot.pause()
        assert app.screen is home
        assert isinstance(app.focused, RoutineTable)
        assert home.query_one("#filter", Input).value == "ribs"
        assert home.table.visible_ids == ["calm-breathing", "rib-release"]
        assert home.table.highlighted_id == "calm-breathing"  # focus moved, the cursor did not
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.entry.routine.id == "rib-release"


async def test_escape_in_the_filter_clears_it_and_goes_back_to_the_table() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        await pilot.press("/", *"neck")
        await pilot.pause()
        assert home.table.visible_ids == ["neck-ease"]
        await pilot.press("escape")
        await pilot.pause()
        assert home.query_one("#filter", Input).value == ""
        assert isinstance(app.focused, RoutineTable)
        assert home.table.visible_ids == ["calm-breathing", "rib-release", "neck-ease"]
        await pilot.press("/", "escape")  # an empty box: escape just goes back
        await pilot.pause()
        assert isinstance(app.focused, RoutineTable)


@pytest.mark.parametrize(
    ("key", "screen"),
    [
        ("c", CheckInScreen),
        ("h", HistoryScreen),
        ("s", SettingsScreen),
        ("r", RoutinesScreen),
    ],
)
async def test_command_letters_work_with_the_table_focused_even_with_a_filter(
    key: str, screen: type
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("/", *"neck", "down")  # filtered, back on the table
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(key)
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, screen)


async def test_g_starts_the_suggestion_with_the_table_focused() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        outcome = record_checkin(make_checkin({"ribs": 4}), app.library.routines)
        assert outcome.top is not None
        app.show_checkin_outcome(outcome)
        await pilot.press("/", "g")  # in the box g is a letter
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("escape", "g")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.entry.routine.id == outcome.top.id


async def test_enter_opens_the_highlighted_routine_and_escape_comes_back() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.entry.routine.id == "rib-release"
        shown = screen_text(app)
        for words in (
            "Rib release after coughing",
            "Calm breathing, then gentle rib",
            "Stop if the pain sharpens",
            "Good for: chronic cough",
            "Avoid with: osteoporosis",
            "Side-lying rib stretch",
            "2 x 20s hold each side",
            "1m50s",
            "Chin tucks",
            "Total 2m30s",
        ):
            assert words in shown, words
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_filter_then_enter_opens_the_highlighted_match() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("/", *"neck", "enter")  # issue 13: type, Enter, and it is open
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.entry.routine.id == "neck-ease"


async def test_play_on_the_detail_screen_opens_the_player_with_cautions_first() -> None:
    voice = RecordingVoice()
    app = make_app(voice=voice)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("enter", "p")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.player.state == "ready"
        shown = screen_text(app)
        assert "Stop if you feel dizzy or short of breath." in shown
        assert "Press space or enter to begin." in shown
        # The cues were synthesised ahead of time, before the first step.
        assert "Breathe in" in voice.prepared
        await pilot.press("escape")  # leaving before starting goes back to the detail
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)


async def test_voice_notice_is_shown_once() -> None:
    app = make_app(voice=RecordingVoice(notice="Voice off: no audio device"))
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("enter", "p")
        await settle(app)
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert notices.count("Voice off: no audio device") == 1


def test_coach_without_a_terminal_prints_the_list() -> None:
    result = run_coach()
    assert result.returncode == 0, result.stderr
    assert "breathing-control" in result.stdout
    assert "\x1b[" not in result.stdout  # no full-screen app drawn into a pipe


async def test_a_library_that_cannot_be_read_says_so_in_the_status_line(monkeypatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("permission denied: routines")

    monkeypatch.setattr("coach.tui.library_flow.load_library", broken)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        assert home.table.visible_ids == []
        assert "Could not read the routines: permission denied: routines" in screen_text(app)


async def test_the_table_is_filled_in_one_batch_like_add_row_without_measuring_cells(
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    """add_row queued every cell to be measured (1,000 routines held home up ~0.4 s); the
    columns have fixed widths, so the batch measures nothing and shows the same rows."""
    import textual.widgets._data_table as data_table

    measured: list[object] = []
    real = data_table.measure
    monkeypatch.setattr(
        data_table, "measure", lambda *a, **k: measured.append(a[1]) or real(*a, **k)
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        home = await _ready(app, pilot)
        table = home.table
        measured.clear()  # the column labels, measured once when the columns were added
        table.filter("")
        await pilot.pause()
        assert measured == []
        ids = table.visible_ids
        assert len(ids) >= 3 and table.highlighted_id == ids[0]
        batch = [[str(cell) for cell in table.get_row_at(i)] for i in range(len(ids))]
        size = table.virtual_size
        table.clear()
        for cells, rid in zip(batch, ids, strict=True):  # Textual's own way, to compare
            table.add_row(*cells, key=rid)
        await pilot.pause()
        assert measured  # add_row measures every cell
        assert [[str(cell) for cell in table.get_row_at(i)] for i in range(len(ids))] == batch
        assert table.virtual_size == size and table.visible_ids == ids
        table.filter("")
        await pilot.pause()
        assert table.virtual_size == size and table.highlighted_id == ids[0]
        await pilot.press("down")
        assert table.highlighted_id == ids[1]
