"""Pictures of the app at 80x24, compared with the accepted ones in tests/snapshots/.

Built through the CLI's factory on the fixed test routines, with a clock that does not
move and no cursor blink, so a picture only changes when the app's look changes.
Accept a deliberate change with: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

from tests.test_tui_support import FakeClock, RecordingVoice, make_app, settle


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot.app)
    await pilot.pause()


def test_home_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_loaded)


def test_detail_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_detail(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("down", "enter")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_detail)


def test_player_start_panel(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_player(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("down", "enter", "p")
        await settle(pilot.app)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_player)


def test_player_mid_inhale(snap_compare) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()

    async def breathe_in(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        screen = pilot.app.open_player(pilot.app.library.get("calm-breathing"))
        await pilot.pause()
        await settle(pilot.app)
        await pilot.press("space")
        clock.advance(7)  # 5 s to get ready, then 2 s into a 4 s breath in
        screen.tick()

    app = make_app(clock, RecordingVoice())
    assert snap_compare(app, terminal_size=(80, 24), run_before=breathe_in)
