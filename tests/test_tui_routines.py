"""The therapist's routine files view: good and broken files, live reload from disk, preview at speed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from coach.routines.library import load_library
from coach.tui.screens.detail import DetailScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.player import PlayerScreen
from coach.tui.screens.routines import RoutinesScreen, rows_of, shown_path
from coach.tui.watch import FolderWatcher, reload_notice
from tests.test_tui_support import TEST_LIBRARY, TEST_ROUTINES, make_app, screen_text, settle

SIZE = (80, 24)
THERAPIST = Path(__file__).resolve().parent / "data" / "therapist"
ROOT = Path(__file__).resolve().parent.parent
BROKEN_LINES = [
    (
        "rib-opener.yaml:4:11: error: unknown category 'stretchy'; did you mean 'stretching'? "
        "(choose from: breathing, stretching, posture, mixed)"
    ),
    "rib-opener.yaml:8:7: error: step 1 (hold) is missing the required key 'seconds'",
    "rib-opener.yaml:10:7: error: unknown key 'secnds' in step 1 (hold); did you mean 'seconds'?",
]


def texts(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Notification messages shown so far."""
    return [n.message for n in app._notifications]


def problem_text(screen: RoutinesScreen) -> str:
    """The problem lines under the list, unwrapped."""
    return str(screen.query_one("#routine-problem-lines", Static).content)


async def open_routines(app, pilot) -> RoutinesScreen:  # type: ignore[no-untyped-def]
    await settle(app)
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, RoutinesScreen)
    return app.screen


def touch_later(path: Path) -> None:
    """Move a file's mtime on by a second, so a same-size edit can never share a stamp."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the test routines the test may edit."""
    copy = tmp_path / "routines"
    shutil.copytree(TEST_ROUTINES, copy)
    return copy


# ------------------------------------------------------------ the view


async def test_r_lists_good_routines_and_a_broken_file_with_its_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    app = make_app(library_dirs=[*TEST_LIBRARY, ("user", THERAPIST)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_routines(app, pilot)
        rows = screen.table.rows_shown
        good = [
            (r.entry.routine.id, r.entry.routine.title, r.source, r.path.name)
            for r in rows
            if r.entry
        ]
        assert ("side-bend", "Seated side bend", "user", "side-bend.yaml") in good
        assert ("rib-release", "Rib release after coughing", "path", "rib-release.yaml") in good
        assert [r.path.name for r in rows if r.entry is None] == ["rib-opener.yaml"]
        screen.table.move_cursor(row=len(rows) - 1)  # the problems shown are the file's
        await pilot.pause()
        for line in BROKEN_LINES:
            assert f"tests/data/therapist/{line}" in problem_text(screen), line
        text = screen_text(app)
        assert "✗ 3 errors: not loaded" in text
        assert "4 routines  ·  1 file with 3 errors  ·  preview 5x" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_without_problems_the_problems_box_is_hidden() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routines(app, pilot)
        assert not screen.query_one("#routine-problems").display
        assert "3 routines  ·  preview 5x" in screen_text(app)


async def test_the_highlighted_file_is_shown_in_full_under_the_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_routines(app, pilot)
        assert "tests/data/routines/calm-breathing.yaml" in screen_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert "tests/data/routines/rib-release.yaml" in screen_text(app)


async def test_enter_opens_the_details_and_escape_comes_back_to_the_files() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routines(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.entry.routine.id == "rib-release"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_v_previews_at_5x_and_plus_minus_change_the_speed() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routines(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.entry.routine.id == "calm-breathing"
        assert app.screen.player.speed == 5
        assert "5x preview" in screen_text(app)
        await pilot.press("escape")  # leave before starting
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("plus")
        assert screen.speed == 10
        assert "preview 10x" in screen_text(app)
        await pilot.press("minus", "minus", "minus", "minus", "minus")
        assert screen.speed == 1  # never below 1x
        await pilot.press("plus", "v")
        await pilot.pause()
        assert app.screen.player.speed == 2


async def test_a_broken_file_cannot_be_previewed() -> None:
    app = make_app(library_dirs=[("user", THERAPIST)])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_routines(app, pilot)
        screen.table.move_cursor(row=1)  # rib-opener, after the good side-bend
        await pilot.press("v", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert any("rib-opener.yaml has errors" in t for t in texts(app))


# ------------------------------------------------------------ reload from disk


async def test_a_routine_edited_on_disk_reloads_in_the_running_app(folder: Path) -> None:
    app = make_app(library_dirs=[("user", folder)], watch_interval=0)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_routines(app, pilot)
        path = folder / "rib-release.yaml"
        path.write_text(
            path.read_text().replace(
                "title: Rib release after coughing", "title: Rib release, edited"
            )
        )
        touch_later(path)
        app.poll_library()
        await settle(app)
        await pilot.pause()
        assert app.library.get("rib-release").routine.title == "Rib release, edited"
        assert "Rib release, edited" in screen_text(app)  # the routine files view
        assert "Reloaded rib-release.yaml" in texts(app)
        home = app.home
        assert home.table.entry("rib-release").routine.title == "Rib release, edited"
        assert app.screen is screen


async def test_breaking_a_file_on_disk_lists_its_errors_and_fixing_it_brings_it_back(
    folder: Path,
) -> None:
    app = make_app(library_dirs=[("user", folder)], watch_interval=0)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_routines(app, pilot)
        path = folder / "neck-ease.yaml"
        good = path.read_text()
        await pilot.press("down", "down")
        await pilot.pause()
        assert screen.table.highlighted.path == path
        path.write_text(good.replace("category: posture", "category: postur"))
        touch_later(path)
        app.poll_library()
        await settle(app)
        await pilot.pause()
        assert app.library.get("neck-ease") is None
        assert "neck-ease.yaml:5:11: error: unknown category 'postur'" in problem_text(screen)
        assert screen.table.highlighted.path == path  # the cursor stays on the file
        assert screen.query_one("#routine-problems").border_title == "Problems in neck-ease.yaml"
        assert any(t.startswith("neck-ease.yaml:5:11: error:") for t in texts(app))
        assert "neck-ease" not in app.home.table.visible_ids
        path.write_text(good)
        touch_later(path)
        touch_later(path)
        app.poll_library()
        await settle(app)
        await pilot.pause()
        assert app.library.get("neck-ease") is not None
        assert not screen.query_one("#routine-problems").display
        assert screen.table.highlighted.path == path  # and after the fix


async def test_new_and_removed_files_are_noticed(folder: Path) -> None:
    app = make_app(library_dirs=[("user", folder)], watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        shutil.copy(THERAPIST / "side-bend.yaml", folder / "side-bend.yaml")
        (folder / "neck-ease.yaml").unlink()
        app.poll_library()
        await settle(app)
        await pilot.pause()
        assert set(app.library.entries) == {"calm-breathing", "rib-release", "side-bend"}
        assert "Reloaded side-bend.yaml; Removed neck-ease.yaml" in texts(app)
        assert "side-bend" in app.home.table.visible_ids


async def test_a_poll_with_nothing_changed_does_not_reload(folder: Path) -> None:
    app = make_app(library_dirs=[("user", folder)], watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        before = app.library
        app.poll_library()
        await settle(app)
        await pilot.pause()
        assert app.library is before
        assert texts(app) == []


async def test_the_app_polls_on_a_timer_by_default() -> None:
    app = make_app(library_dirs=TEST_LIBRARY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.options.watch_interval == 0.5
        assert app.watcher.folders == (TEST_ROUTINES,)
        assert any(getattr(t, "_callback", None) == app.poll_tick for t in app._timers)


# ------------------------------------------------------------ the watcher itself


def test_watcher_reports_created_edited_and_removed_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("one")
    (tmp_path / "b.yml").write_text("two")
    watcher = FolderWatcher([tmp_path])
    assert watcher.changed() == []
    (tmp_path / "a.yaml").write_text("one, longer")
    (tmp_path / "c.yaml").write_text("three")
    (tmp_path / "b.yml").unlink()
    assert watcher.changed() == [tmp_path / "a.yaml", tmp_path / "b.yml", tmp_path / "c.yaml"]
    assert watcher.changed() == []


def test_watcher_sees_a_same_size_edit_and_a_file_replaced_by_rename(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("aaaa")
    watcher = FolderWatcher([tmp_path])
    st = path.stat()
    path.write_text("bbbb")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert watcher.changed() == [path]
    # An editor's save: a new file renamed over the old one, same size and same mtime.
    st = path.stat()
    new = tmp_path / ".a.yaml.tmp"
    new.write_text("cccc")
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    keep = path.with_name("keep")  # hold the old inode so it is not reused
    os.link(path, keep)
    os.replace(new, path)
    assert watcher.changed() == [path]


def test_watcher_ignores_other_files_and_missing_folders(tmp_path: Path) -> None:
    missing = tmp_path / "not-yet"
    watcher = FolderWatcher([tmp_path, missing])
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.yaml").write_text("x")
    assert watcher.changed() == []
    missing.mkdir()
    (missing / "new.yaml").write_text("x")
    assert watcher.changed() == [missing / "new.yaml"]


def test_reload_notice_names_files_or_gives_error_lines() -> None:
    lib = load_library([("user", THERAPIST)])
    text, severity = reload_notice([THERAPIST / "rib-opener.yaml"], lib)
    assert severity == "error"
    assert text.splitlines() == BROKEN_LINES
    text, severity = reload_notice([THERAPIST / "side-bend.yaml"], lib)
    assert (text, severity) == ("Reloaded side-bend.yaml", "information")


def test_rows_put_broken_files_after_the_good_ones_with_their_folder_source() -> None:
    lib = load_library([("path", TEST_ROUTINES), ("user", THERAPIST)])
    rows = rows_of(lib, [("path", TEST_ROUTINES), ("user", THERAPIST)])
    assert [r.entry is None for r in rows] == [False] * 4 + [True]
    assert rows[-1].source == "user"
    assert len(rows[-1].problems) == 3


def test_shown_path_is_relative_to_here_or_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert shown_path(tmp_path / "work" / "a.yaml", cwd=tmp_path / "work") == "a.yaml"
    assert shown_path(tmp_path / "home" / "r" / "a.yaml", cwd=tmp_path / "work") == "~/r/a.yaml"
    assert shown_path("/elsewhere/a.yaml", cwd=tmp_path) == "/elsewhere/a.yaml"


async def test_problems_are_those_of_the_highlighted_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    app = make_app(library_dirs=[*TEST_LIBRARY, ("user", THERAPIST)])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_routines(app, pilot)
        assert screen.table.highlighted.entry is not None
        text = problem_text(screen)
        assert "error:" not in text
        assert "No problems in this file; problems in: rib-opener.yaml" in text
        screen.table.move_cursor(row=len(screen.table.rows_shown) - 1)
        await pilot.pause()
        text = problem_text(screen)
        assert text.splitlines() == [f"tests/data/therapist/{line}" for line in BROKEN_LINES]


async def test_the_preview_speed_is_kept_across_reloads_and_visits(folder: Path) -> None:
    app = make_app(library_dirs=[("user", folder)], watch_interval=0)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_routines(app, pilot)
        await pilot.press("plus")
        assert screen.speed == 10
        path = folder / "rib-release.yaml"
        path.write_text(path.read_text().replace("Rib release after coughing", "Ribs"))
        touch_later(path)
        app.poll_library()
        await settle(app)
        await pilot.pause()
        assert screen.speed == 10 and "preview 10x" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        again = await open_routines(app, pilot)
        assert again is not screen and again.speed == 10
