"""Rough edges a patient found in the app: settings' words, keys that mean one thing each."""

from __future__ import annotations

from textual.widgets import Static

from coach.settings.config import DEFAULT_KEYS
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.settings import SettingsScreen
from tests.test_tui_support import make_app, screen_text, settle


async def test_settings_speak_of_on_and_off_and_name_the_command_that_lists_voices() -> None:
    app = make_app()
    async with app.run_test(size=(80, 200)) as pilot:
        await settle(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        text = screen_text(app)
        assert "Speak the cues (on) or stay silent (off)." in text
        assert "(true)" not in text and "(false)" not in text
        voice_name = str(app.screen.query_one("#setting-voice_name .setting-doc", Static).render())
        assert "`espeak-ng --voices` lists them" in voice_name
        assert "coach doctor" not in voice_name  # it checks voices, it does not list their ids


def _keys_of(screen: object, action: str) -> set[str]:
    return {
        key
        for key, bindings in screen._bindings.key_to_bindings.items()  # type: ignore[attr-defined]
        for b in bindings
        if b.action == action
    }


async def test_back_a_step_and_play_have_different_keys() -> None:
    assert DEFAULT_KEYS["back"] == "b"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        play = _keys_of(app.screen, "play")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        back = _keys_of(app.screen, "back")
        assert back == {"b"} and "p" in play and not play & back
        player_keys = set(app.screen._bindings.key_to_bindings)
        assert "p" not in player_keys  # p means Play only


def test_calendar_kinds_have_distinct_glyphs_and_the_legend_names_each() -> None:
    from datetime import date, timedelta

    from coach.history.overview import CalendarDay
    from coach.tui.widgets.calendar import LEGEND, cell_for

    today = date(2026, 11, 20)

    def day(minutes: float = 0, sessions: int = 0, mark: str = "") -> CalendarDay:
        return CalendarDay(today, sessions, minutes, sessions > 0, mark)

    cells = {
        "short": cell_for(day(3, 1), today, today),
        "middle": cell_for(day(10, 1), today, today),
        "long": cell_for(day(20, 1), today, today),
        "flare": cell_for(day(mark="flare"), today, today),
        "sick": cell_for(day(mark="sick"), today, today),
        "rest": cell_for(day(mark="rest"), today, today),
        "missed": cell_for(None, today - timedelta(days=1), today),
    }
    glyphs = {name: c.char for name, c in cells.items()}
    assert glyphs["flare"] == glyphs["sick"]
    shown = [g for name, g in glyphs.items() if name != "sick"]
    assert len(set(shown)) == len(shown), glyphs  # without colour, each kind reads apart
    legend = {char: kind for line in LEGEND for char, kind, _ in line}
    assert set(legend) == set(shown)  # the legend names every glyph drawn, and only those
    assert all(legend[c.char] == c.kind for c in cells.values())


async def test_the_stop_question_shows_its_own_keys_not_the_players() -> None:
    from coach.tui.screens.confirm import ConfirmScreen
    from tests.test_tui_player import Session

    async with Session() as s:
        await s.press("space")
        await s.press("q")
        await s.pilot.pause()
        assert isinstance(s.app.screen, ConfirmScreen)
        bottom = screen_text(s.app).splitlines()[-1]
        assert "y Yes" in bottom and "n No" in bottom
        assert "Pause" not in bottom and "Skip" not in bottom
        await s.press("n")
        assert s.screen.player.state == "playing"  # the answer still goes back to playing
