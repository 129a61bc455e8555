"""What the app tells once at start: a damaged session log moved aside, config.yaml problems.

Real files under this test's COACH_HOME: a garbage coach.db the real store recovers,
a config.yaml the real reader finds problems in.
"""

from __future__ import annotations

import re
from pathlib import Path

from coach import locations
from coach.tui.screens.home import HomeScreen
from tests.test_tui_support import make_app, settle

SIZE = (80, 24)


async def _started(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every start-up worker finish (some start others) and their messages land."""
    for _ in range(3):
        await settle(app)
        await pilot.pause()


def _messages(app, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications if n.title == title]


def _damaged_log(coach_home: Path) -> Path:
    database = locations.database_file()
    assert coach_home in database.parents
    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"this is not a session log\n" * 50)
    return database


async def test_a_damaged_log_is_moved_aside_and_the_app_says_where(coach_home: Path) -> None:
    database = _damaged_log(coach_home)
    # The first-launch check and today's check-in also read the log at start.
    app = make_app(first_launch_notice=True)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        [notice] = _messages(app, "Session log")
        moved = re.search(r"moved to (\S+) and a new one was started", notice)
        assert moved, notice
        old = Path(moved.group(1))
        assert old.parent == database.parent and old.name.startswith("coach.db.damaged-")
        assert old.read_bytes().startswith(b"this is not a session log")
        assert database.exists()  # a fresh log in its place


async def test_every_start_up_reader_opens_the_log_after_the_app_has(
    coach_home: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from coach.tui.screens import checkin

    _damaged_log(coach_home)
    opened_first: list[bool] = []
    real_open_log = checkin.open_log

    def watched_open_log():  # type: ignore[no-untyped-def]
        # A reader that opened first would move the file aside and keep the notice to itself.
        opened_first.append(app.session_log._store is None)
        return real_open_log()

    monkeypatch.setattr(checkin, "open_log", watched_open_log)
    app = make_app(first_launch_notice=True)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        assert len(opened_first) >= 2  # the first-launch check and today's check-in
        assert not any(opened_first)
        assert len(_messages(app, "Session log")) == 1


async def test_a_healthy_log_brings_no_notice(coach_home: Path) -> None:
    app = make_app(first_launch_notice=True)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        assert _messages(app, "Session log") == []
        assert _messages(app, "Settings") == []
        assert not list(locations.database_file().parent.glob("*.damaged-*"))


async def test_config_problems_are_told_once_with_the_first(coach_home: Path) -> None:
    config = locations.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("rate: 5000\nvoic: true\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        [message] = _messages(app, "Settings")
        assert message.startswith(
            "Settings file has 2 problem(s): line 1: rate must be at most 400, not 5000"
        )
        assert message.endswith("(see 's' settings / coach config)")
        await pilot.press("s", "escape")  # coming back home does not tell it again
        await _started(app, pilot)
        assert len(_messages(app, "Settings")) == 1


async def test_config_problems_name_the_remapped_settings_key(coach_home: Path) -> None:
    config = locations.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("keys:\n  settings: f2\nrate: fast\n", encoding="utf-8")
    from coach.settings.config import load_config

    app = make_app(config=load_config().config)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        [message] = _messages(app, "Settings")
        assert message.startswith("Settings file has 1 problem(s): line 3: rate")
        assert "(see 'f2' settings / coach config)" in message


async def test_a_log_that_cannot_be_opened_is_told_once(coach_home: Path) -> None:
    folder = locations.database_file().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the data folder should be", encoding="utf-8")
    app = make_app(first_launch_notice=True)
    async with app.run_test(size=SIZE) as pilot:
        await _started(app, pilot)
        [message] = _messages(app, "Session log")
        assert message.startswith(
            f"The session log could not be opened (cannot create the folder {folder}"
        )
        assert message.endswith("sessions will not be saved.")
