"""Text is data, in the app: every screen shows hostile routine, config and log text literally
("[slowly]" stays "[slowly]"), never crashes on it, and never draws a control character."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.common.safe_text import clean
from coach.log.store import open_store
from coach.settings.config import load_config
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.history import HistoryScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.routines import RoutinesScreen
from tests.hostile import CASES, LONG_WORD, config_yaml, write_routines
from tests.test_tui_support import make_app, screen_text, settle

SIZE = (160, 60)  # wide enough for whole titles in the tables


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    write_routines(folder)
    (folder / "bad\x1b[2J.yaml").write_text("title: [/]\n")  # a broken file, hostile name
    return folder


def assert_drawn_safely(text: str) -> None:
    """No control character, bidi override or invisible mark reached the screen."""
    for ch in text:
        code = ord(ch)
        assert ch == "\n" or not (code < 0x20 or 0x7F <= code < 0xA0), repr(ch)
        assert ch not in "\u202e\u2066\u200b\ufeff", repr(ch)


async def test_home_detail_player_palette_and_routine_files_show_hostile_text(hostile):
    app = make_app(library_dirs=[("path", hostile)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        home = screen_text(app)
        assert_drawn_safely(home)
        for _, text, _ in CASES[:11]:  # the markup cases, as far as the title column shows
            assert text[:20] in home, text

        for n, (_, _text, words) in enumerate(CASES):
            entry = app.library.get(f"hostile-{n:02d}")
            app.push_screen(DetailScreen(entry))
            await pilot.pause()
            shown = screen_text(app)
            assert_drawn_safely(shown)
            for word in words:
                assert shown.count(word) >= 3, (n, word)  # title, summary, cautions, steps...
            app.pop_screen()

            app.open_player(entry)
            await pilot.pause()
            await settle(app)
            screen = app.screen
            assert isinstance(screen, PlayerScreen)
            assert_drawn_safely(screen_text(app))
            await pilot.press("space")  # begin: step name, instruction, the rep's own words
            screen.tick()
            await pilot.pause()
            running = screen_text(app)
            assert_drawn_safely(running)
            assert words[0] in running, (n, running)
            screen.player.stop()
            app.pop_screen()
            await pilot.pause()

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"T05")
        await settle(app)
        await pilot.pause()
        palette = screen_text(app)
        assert_drawn_safely(palette)
        assert "Play: T05 [@click=app.quit]tips[/]" in palette
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("r")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        files = screen_text(app)
        assert_drawn_safely(files)
        assert "T01 Breathe in [slowly]" in files and "bad␛[2J.yaml" in files
        assert app.is_running  # no link or @click was followed


async def test_history_shows_hostile_titles_notes_and_areas_from_the_log(coach_home):
    db = coach_home / "data" / "coach.db"
    db.parent.mkdir(parents=True)
    now = datetime.now().astimezone()
    with open_store(db) as store:
        for n, (_, text, _) in enumerate(CASES):
            at = now - timedelta(hours=n + 1)
            # Written straight to the log, as an older coach or another tool might have.
            store.add_session(
                f"r{n}",
                at,
                text,
                1,
                elapsed_seconds=60,
                planned_seconds=60,
                total_steps=1,
                pain_before={"ribs": 3},
                pain_after={"ribs": 2},
                source="tui",
                note=text + LONG_WORD,
            )
    app = make_app(record_sessions=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("h")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        shown = screen_text(app)
        assert_drawn_safely(shown)
        assert "Title [/] slash" in shown and "Breathe in [slowly]" in shown


async def test_settings_show_hostile_config_values_literally(coach_home):
    (coach_home / "config").mkdir(parents=True)
    (coach_home / "config" / "config.yaml").write_text(config_yaml())
    loaded = load_config()
    app = make_app(config=loaded.config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("s")
        await settle(app)
        await pilot.pause()
        shown = screen_text(app)
        assert_drawn_safely(shown)
        assert clean(CASES[4][1]) in shown  # the player command, a [link=...] as written
