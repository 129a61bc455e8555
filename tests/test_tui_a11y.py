"""Accessibility: config.yaml's theme, reduced motion and keys shape the app; every screen
is usable at 80x24 and legible at 60x20; high contrast has no faint text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Footer

from coach.settings.config import DEFAULT_KEYS, Config
from coach.tui.keymap import keymap_for
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.routines import RoutinesScreen
from coach.tui.screens.settings import SettingsScreen
from coach.tui.themes import coach_themes, setting_for, theme_for
from coach.tui.widgets.board import SessionBoard
from tests.test_tui_support import TEST_LIBRARY, FakeClock, make_app, screen_text, settle

THERAPIST = Path(__file__).resolve().parent / "data" / "therapist"


async def ready(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app)
    await pilot.pause()


async def start_breathing(app, pilot, clock: FakeClock) -> PlayerScreen:  # type: ignore[no-untyped-def]
    """calm-breathing, 2 s into its first breath in."""
    await ready(app, pilot)
    screen = app.open_player(app.library.get("calm-breathing"))
    await pilot.pause()
    await settle(app)
    await pilot.press("space")
    clock.advance(7)
    screen.tick()
    await pilot.pause()
    return screen


def gauge_rows(app, board: SessionBoard) -> list[str]:  # type: ignore[no-untyped-def]
    """The gauge's part of the screen, row by row."""
    r = board.gauge_region()
    return [line[r.x : r.right] for line in screen_text(app).splitlines()[r.y : r.bottom]]


def footer_keys(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Footer entries shown now: description -> key as displayed."""
    from textual.widgets._footer import FooterKey

    footer = app.screen.query_one(Footer)
    return {k.description: k.key_display for k in footer.query(FooterKey)}


# ------------------------------------------------------------ config at start


@pytest.mark.parametrize(
    ("setting", "theme"),
    [("calm", "coach-calm"), ("high-contrast", "coach-high-contrast"), ("light", "coach-light")],
)
async def test_the_theme_comes_from_config(setting: str, theme: str) -> None:
    app = make_app(config=Config(theme=setting))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert app.theme == theme
        assert app.has_class(f"-theme-{theme}")


async def test_config_reduced_motion_shows_the_phase_and_count_in_words_without_a_bar() -> None:
    clock = FakeClock()
    app = make_app(clock, config=Config(reduced_motion=True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_breathing(app, pilot, clock)
        gauge = screen.query_one(SessionBoard)
        assert gauge.still
        assert gauge.gauge.word == "Breathe in"
        first = gauge_rows(app, gauge)
        assert any("Breathe in · " in row for row in first)
        assert not any("█" in row or "····" in row for row in first)  # nothing fills or empties
        clock.advance(1)
        screen.tick()
        await pilot.pause()
        assert first != gauge_rows(app, gauge)  # the count moved on


async def test_without_reduced_motion_the_bar_moves() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_breathing(app, pilot, clock)
        gauge = screen.query_one(SessionBoard)
        first = gauge_rows(app, gauge)
        clock.advance(1)
        screen.tick()
        await pilot.pause()
        assert first != gauge_rows(app, gauge)


async def test_config_keys_remap_the_player_and_the_footer_shows_the_new_keys() -> None:
    clock = FakeClock()
    keys = dict(DEFAULT_KEYS, pause="k", skip="right", mute="v")
    app = make_app(clock, config=Config(keys=keys))
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(app, pilot)
        screen = app.open_player(app.library.get("calm-breathing"))
        await pilot.pause()
        await settle(app)
        assert footer_keys(app)["Begin"] == "k"
        await pilot.press("space")  # the old key no longer begins
        assert screen.player.state == "ready"
        await pilot.press("k")
        assert screen.player.state == "playing"
        shown = footer_keys(app)
        assert (shown["Pause"], shown["Skip"], shown["Mute"]) == ("k", "→", "v")
        await pilot.press("right")
        assert screen.player.snapshot().step_index == 1
        await pilot.press("n", "m")  # old keys: nothing happens
        assert screen.player.snapshot().step_index == 1
        assert not screen.muted
        await pilot.press("k")
        assert screen.player.state == "paused"
        assert footer_keys(app)["Resume"] == "k"


async def test_config_keys_remap_the_home_screen_too() -> None:
    app = make_app(config=Config(keys=dict(DEFAULT_KEYS, settings="f2", routines="f3")))
    async with app.run_test(size=(100, 24)) as pilot:
        await ready(app, pilot)
        assert (footer_keys(app)["Settings"], footer_keys(app)["Files"]) == ("f2", "f3")
        await pilot.press("s")  # the old key does nothing now
        await pilot.pause()
        assert app.screen is app.home
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape", "f3")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)


def test_keymap_only_moves_keys_that_changed_and_their_partners() -> None:
    assert keymap_for(DEFAULT_KEYS) == {}
    keymap = keymap_for(dict(DEFAULT_KEYS, pause="k", stop="x"))
    assert keymap["player.pause"] == keymap["player.resume"] == "k"
    assert keymap["player.begin"] == "k,enter"
    assert keymap["player.stop"] == "x" and keymap["player.leave"] == "escape,x"
    assert "player.skip" not in keymap


def test_theme_words_and_names_round_trip() -> None:
    for theme in coach_themes():
        assert theme_for(setting_for(theme.name) or "") == theme.name
    assert theme_for("neon") == "coach-calm"
    assert setting_for("nord") is None


# ------------------------------------------------------------ high contrast


def _colour_of(app, text: str) -> str:  # type: ignore[no-untyped-def]
    for strip in app.screen._compositor.render_strips():
        for seg in strip:
            if text in seg.text and seg.style and seg.style.color:
                return seg.style.color.triplet.hex if seg.style.color.triplet else ""
    raise AssertionError(f"{text!r} is not on the screen")


async def test_high_contrast_draws_every_word_at_full_strength() -> None:
    clock = FakeClock()
    app = make_app(clock, config=Config(theme="high-contrast"))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_breathing(app, pilot, clock)
        # The gauge's detail is marked dim; here it is the same yellow as the phase word.
        detail = _colour_of(app, "breath 1 of 3")
        assert detail == _colour_of(app, "Breathe in")
        assert detail[1:5] in ("ffff", "feff") and int(detail[5:], 16) < 0x20  # yellow
        assert _colour_of(app, "Next: Rest") == "#ffffff"  # muted text is white, not grey
        assert app.screen.query_one(SessionBoard).get_component_rich_style("board--title").bold


async def test_calm_does_fade_the_gauge_detail() -> None:
    clock = FakeClock()
    app = make_app(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_breathing(app, pilot, clock)
        assert _colour_of(app, "breath 1 of 3") != _colour_of(app, "Breathe in")


def test_the_high_contrast_theme_is_black_white_and_yellow() -> None:
    high = next(t for t in coach_themes() if t.name == "coach-high-contrast")
    colours = {
        high.primary,
        high.secondary,
        high.accent,
        high.warning,
        high.error,
        high.success,
        high.foreground,
        high.background,
        high.surface,
        high.panel,
    }
    assert {c.upper() for c in colours if c} <= {"#000000", "#FFFFFF", "#FFFF00"}
    assert high.text_alpha == 1.0
    assert high.variables["text-muted"] == "#FFFFFF"


# ------------------------------------------------------------ 60x20 and 80x24


def _lines(app) -> list[str]:  # type: ignore[no-untyped-def]
    return screen_text(app).splitlines()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_home_shows_whole_rows_and_the_essential_keys(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        table = app.home.table
        assert (
            table.virtual_size.width <= table.scrollable_content_region.width
        )  # no sideways scroll
        text = screen_text(app)
        for title in ("Calm breathing", "Neck ease", "Rib release"):
            assert title in text
        footer = _lines(app)[-1]
        for entry in ("⏎ Open", "c Check in", "s Settings", "r Files", "^p Commands"):
            assert entry in footer, entry


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_detail_keeps_title_steps_and_play_key(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        app.push_screen(DetailScreen(app.library.get("rib-release")))
        await pilot.pause()
        assert "Rib release after coughing" in screen_text(app)
        assert "p Play" in _lines(app)[-1]
        await pilot.press("end")  # what does not fit is a key press away
        await pilot.pause()
        for words in ("Side-lying rib", "Chin tucks", "Total 2m30s"):
            assert words in screen_text(app), words


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_player_keeps_step_phase_countdown_and_keys(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = make_app(clock, config=Config(reduced_motion=True))
    async with app.run_test(size=size) as pilot:
        await start_breathing(app, pilot, clock)
        text = screen_text(app)
        for words in (
            "Step 1 of 3  ·  Breathing control",
            "Breathe in · 2",  # reduced motion: the phase's count in words
            "breath 1 of 3",
            "Next: Rest",
            "1:01 left",
        ):
            assert words in text, words
        footer = _lines(app)[-1]
        for entry in ("space Pause", "n Skip", "m Mute", "q Stop"):
            assert entry in footer, entry


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_settings_show_names_values_and_docs(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        for words in ("voice", "on", "Speak the cues", "rate", "150", "volume", "0.9"):
            assert words in text, words
        assert "esc Back" in _lines(app)[-1]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_routine_files_show_ids_sources_errors_and_keys(size: tuple[int, int]) -> None:
    app = make_app(library_dirs=[*TEST_LIBRARY, ("user", THERAPIST)])
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutinesScreen)
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "problems in: rib-opener.yaml" in screen_text(app)
        app.screen.table.move_cursor(row=len(app.screen.table.rows_shown) - 1)
        await pilot.pause()  # the problems shown are the highlighted file's
        text = screen_text(app)
        for words in (
            "calm-breathing",
            "side-bend",
            "user",
            "rib-opener",
            "✗ 3 errors",
            "rib-opener.yaml:4:11:",
            "error",
        ):
            assert words in text, words
        footer = _lines(app)[-1]
        for entry in ("v Preview", "+ Faster", "- Slower", "esc Back"):
            assert entry in footer, entry


# ------------------------------------------------------------ every action has a key


async def test_every_binding_of_the_new_screens_has_an_id_and_a_tooltip() -> None:
    from coach.tui.screens.settings import KeysTable

    for cls in (RoutinesScreen, SettingsScreen, KeysTable):
        for binding in cls.BINDINGS:
            assert binding.id and binding.tooltip, (cls.__name__, binding)  # type: ignore[union-attr]
