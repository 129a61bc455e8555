"""Pictures of the routine files view, settings, reduced motion and high contrast, at 80x24
and 60x20, compared with the accepted ones in tests/snapshots/.

Built through the CLI's factory on fixed routine files, with a clock that does not move,
no cursor blink and no file watching timer, so a picture only changes when the look does.
Accept a deliberate change with: pytest tests/test_tui_a11y_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.settings.config import Config
from tests.test_tui_support import TEST_LIBRARY, FakeClock, RecordingVoice, make_app, settle

ROOT = Path(__file__).resolve().parent.parent
THERAPIST = ROOT / "tests" / "data" / "therapist"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot.app)
    await pilot.pause()


def _player_app(config: Config):  # type: ignore[no-untyped-def]
    """The player 2 s into calm-breathing's first breath in, drawn with ``config``."""
    clock = FakeClock()

    async def breathe_in(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        screen = pilot.app.open_player(pilot.app.library.get("calm-breathing"))
        await pilot.pause()
        await settle(pilot.app)
        await pilot.press("space")
        clock.advance(7)
        screen.tick()

    return make_app(clock, RecordingVoice(), config=config, watch_interval=0), breathe_in


@pytest.mark.parametrize("size", SIZES)
def test_routine_files_with_a_broken_file(snap_compare, size, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)  # paths are shown relative to here

    async def open_files(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("r")
        await pilot.press("down", "down", "down", "down")  # the broken file: its problems

    app = make_app(library_dirs=[*TEST_LIBRARY, ("user", THERAPIST)], watch_interval=0)
    assert snap_compare(app, terminal_size=size, run_before=open_files)


@pytest.mark.parametrize("size", SIZES)
def test_settings_screen(snap_compare, size, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))  # the config path reads ~/coach-home/...

    async def open_settings(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("s")

    assert snap_compare(make_app(watch_interval=0), terminal_size=size, run_before=open_settings)


@pytest.mark.parametrize("size", SIZES)
def test_player_in_reduced_motion(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    app, breathe_in = _player_app(Config(reduced_motion=True))
    assert snap_compare(app, terminal_size=size, run_before=breathe_in)


@pytest.mark.parametrize("size", SIZES)
def test_player_in_high_contrast(snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    app, breathe_in = _player_app(Config(theme="high-contrast"))
    assert snap_compare(app, terminal_size=size, run_before=breathe_in)
