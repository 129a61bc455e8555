"""The settings screen: every setting shown, changes saved to the real config.yaml and applied live."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static, Switch

from coach.settings.config import SPECS, load_config
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.settings import KeyCapture, KeysTable, SettingsScreen, typed_to_yaml
from coach.tui.widgets.board import SessionBoard
from coach.voice.speech import SilentVoice
from tests.test_tui_support import FakeClock, RecordingVoice, make_app, screen_text, settle

SIZE = (80, 24)


def config_file(coach_home: Path) -> Path:
    return coach_home / "config" / "config.yaml"


async def open_settings(app, pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await settle(app)
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def type_into(pilot, screen: SettingsScreen, name: str, text: str) -> Input:  # type: ignore[no-untyped-def]
    box = screen.query_one(f"#value-{name}", Input)
    box.focus()
    await pilot.pause()
    box.value = ""
    await pilot.press(*text, "enter")
    await pilot.pause()
    return box


def error_text(screen: SettingsScreen, name: str) -> str:
    error = screen.query_one(f"#error-{name}", Static)
    return str(error.render()) if error.display else ""


async def test_s_on_home_opens_settings_showing_every_setting_with_its_value_and_doc() -> None:
    app = make_app()
    async with app.run_test(size=(80, 200)) as pilot:
        screen = await open_settings(app, pilot)
        text = screen_text(app)
        for name in SPECS:
            assert name.replace("_", " ") in text, name
            assert screen._doc(name).split(",")[0] in text, name
        assert screen.query_one("#value-rate", Input).value == "150"
        assert screen.query_one("#value-voice", Switch).value is True
        assert screen.query_one("#value-theme", Select).value == "calm"
        assert "Pause / resume" in text and "space" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_s_types_into_the_filter_box_after_slash() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        await pilot.press("/", "s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#filter", Input).value == "s"


async def test_a_typed_value_lands_in_config_yaml(coach_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, screen, "rate", "170")
        assert error_text(screen, "rate") == ""
    assert load_config(config_file(coach_home)).config.rate == 170
    assert "rate: 170" in config_file(coach_home).read_text()


async def test_a_list_is_typed_as_words_and_saved_as_a_list(coach_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, screen, "rest_days", "sat, sun")
    assert load_config(config_file(coach_home)).config.rest_days == ("sat", "sun")


async def test_a_bad_value_is_refused_inline_and_the_file_is_untouched(coach_home: Path) -> None:
    path = config_file(coach_home)
    path.parent.mkdir(parents=True)
    before = "# my settings\nweekly_goal: 4  # four days\nrate: 140\n"
    path.write_text(before)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert screen.query_one("#value-weekly_goal", Input).value == "4"
        await type_into(pilot, screen, "weekly_goal", "9")
        error = error_text(screen, "weekly_goal")
        assert "weekly_goal '9' is not valid" in error
        assert "\n" not in error  # one line
        assert "is not valid" in screen_text(app)
        assert path.read_text() == before
        await type_into(pilot, screen, "weekly_goal", "3")  # fixing it clears the error
        assert error_text(screen, "weekly_goal") == ""
    text = path.read_text()
    assert "# my settings" in text and "weekly_goal: 3" in text and "rate: 140" in text


async def test_esc_on_a_refused_value_stays_once_then_leaves_without_saving(
    coach_home: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        box = screen.query_one("#value-volume", Input)
        box.focus()
        box.value = "loud"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "volume 'loud' is not valid" in error_text(screen, "volume")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert not config_file(coach_home).exists()


async def test_choosing_high_contrast_saves_it_and_restyles_the_app_at_once(
    coach_home: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert app.theme == "coach-calm"
        select = screen.query_one("#value-theme", Select)
        select.focus()
        await pilot.press("enter", "down", "enter")  # calm -> high-contrast
        await pilot.pause()
        assert select.value == "high-contrast"
        assert app.theme == "coach-high-contrast"
    assert load_config(config_file(coach_home)).config.theme == "high-contrast"


async def test_reduced_motion_switch_applies_to_the_next_player(coach_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        switch = screen.query_one("#value-reduced_motion", Switch)
        switch.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert switch.value is True
        assert "on" in str(screen.query_one("#state-reduced_motion", Static).render())
        assert app.options.reduced_motion
        await pilot.press("escape")
        player = app.open_player(app.library.get("calm-breathing"))
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert player.query_one(SessionBoard).still
    assert load_config(config_file(coach_home)).config.reduced_motion is True


async def test_voice_off_silences_the_app_and_on_brings_the_voice_back() -> None:
    voice = RecordingVoice()
    app = make_app(voice=voice)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        assert screen.focused is screen.query_one("#value-voice", Switch)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.voice, SilentVoice)
        await pilot.press("space")
        await pilot.pause()
        assert app.voice is voice


async def test_a_key_remapped_in_the_keys_table_works_in_the_player_at_once(
    coach_home: Path,
) -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        table = screen.query_one(KeysTable)
        table.focus()
        table.move_cursor(row=1)  # skip
        await pilot.pause()
        assert table.highlighted_action == "skip"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, KeyCapture)
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen
        assert load_config(config_file(coach_home)).config.keys["skip"] == "x"
        assert table.get_row("skip")[1] == "x"
        await pilot.press("escape")
        player = app.open_player(app.library.get("calm-breathing"))
        await pilot.pause()
        await settle(app)
        await pilot.press("space")
        await pilot.pause()
        assert "x Skip" in screen_text(app).splitlines()[-1]
        await pilot.press("n")  # the old key does nothing now
        assert player.player.snapshot().step_index == 0
        await pilot.press("x")
        assert player.player.snapshot().step_index == 1


async def test_a_key_already_used_is_refused_and_backspace_resets_a_key(coach_home: Path) -> None:
    path = config_file(coach_home)
    path.parent.mkdir(parents=True)
    path.write_text("keys: {mute: v}\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        table = screen.query_one(KeysTable)
        table.focus()
        table.move_cursor(row=0)  # pause
        await pilot.press("enter", "n")  # n is skip's key
        await pilot.pause()
        assert "is also the key for" in error_text(screen, "keys")
        assert path.read_text() == "keys: {mute: v}\n"
        table.move_cursor(row=3)  # mute
        await pilot.press("backspace")
        await pilot.pause()
        assert error_text(screen, "keys") == ""
    assert load_config(path).config.keys["mute"] == "m"


async def test_esc_cancels_a_key_change() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one(KeysTable).focus()
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.config.keys["pause"] == "space"


async def test_problems_already_in_the_file_are_listed_at_the_top(coach_home: Path) -> None:
    path = config_file(coach_home)
    path.parent.mkdir(parents=True)
    path.write_text("rtae: 120\n")
    app = make_app()
    async with app.run_test(size=(200, 30)) as pilot:
        await open_settings(app, pilot)
        assert "config.yaml:1:1: error: unknown key 'rtae' in the config" in screen_text(app)


def test_typed_lists_become_yaml_lists() -> None:
    assert typed_to_yaml("rest_days", " sat, sun ") == "[sat, sun]"
    assert typed_to_yaml("rest_days", "[sat]") == "[sat]"
    assert typed_to_yaml("rest_days", "") == "[]"
    assert typed_to_yaml("rate", " 170 ") == "170"
