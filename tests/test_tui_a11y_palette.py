"""The command palette (ctrl+p): every routine to play and every screen, by keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.command import CommandPalette

from coach.tui.commands import commands
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.routines import RoutinesScreen
from coach.tui.screens.settings import SettingsScreen
from tests.test_tui_support import make_app, screen_text, settle

SIZE = (80, 24)


async def run_command(app, pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Open the palette, type ``query`` and choose the first hit."""
    await settle(app)
    await pilot.pause()
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await settle(app)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await settle(app)
    await pilot.pause()


async def test_the_palette_offers_every_routine_and_every_screen() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        labels = [c.label for c in commands(app)]
        for label in (
            "Play: Calm breathing",
            "Play: Rib release after coughing",
            "Play: Neck ease",
            "Check in",
            "Settings",
            "Routine files",
            "Report",
            "Quit",
        ):
            assert label in labels, label
        assert "Play the suggestion" not in labels  # no check-in yet today
        await pilot.press("ctrl+p")
        await settle(app)
        await pilot.pause()
        assert "Play: Calm breathing" in screen_text(app)  # shown before anything is typed


async def test_choosing_a_routine_in_the_palette_opens_its_player() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_command(app, pilot, "play neck")
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.entry.routine.id == "neck-ease"


async def test_settings_and_routine_files_open_from_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_command(app, pilot, "settings")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await run_command(app, pilot, "routine files")
        assert isinstance(app.screen, RoutinesScreen)


async def test_report_writes_the_therapists_page_to_the_data_folder(coach_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_command(app, pilot, "report")
        await settle(app)
        await pilot.pause()
        written = list((coach_home / "data").glob("report-*.md"))
        assert len(written) == 1
        assert written[0].name == f"report-{date.today().isoformat()}.md"
        assert written[0].read_text().strip()
        assert any(f"Wrote {written[0]}" in n.message for n in app._notifications)


async def test_during_a_session_the_palette_only_offers_quit() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        app.open_player(app.library.get("calm-breathing"))
        await pilot.pause()
        assert [c.label for c in commands(app)] == ["Quit"]


async def test_quit_from_the_palette_leaves_the_app() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_command(app, pilot, "quit")
        assert not app.is_running
