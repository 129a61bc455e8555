"""One library load, off the UI thread (issue 16)."""

from __future__ import annotations

import threading

from coach.routines.library import load_library
from tests.test_tui_support import TEST_LIBRARY, make_app, settle

SIZE = (80, 24)


async def test_a_library_handed_over_by_the_command_is_not_read_again(monkeypatch) -> None:
    library = load_library(TEST_LIBRARY)
    reads: list[int] = []
    monkeypatch.setattr(
        "coach.tui.library_flow.load_library", lambda *a, **k: reads.append(1) or library
    )
    app = make_app(library_dirs=TEST_LIBRARY, library=library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        assert app.library is library and reads == []
        assert app.home.table.row_count == len(library.entries)
        app.load_routines()  # a later reload (a file changed) reads the folders
        await settle(app)
        assert reads == [1]


async def test_the_folder_watcher_stats_files_off_the_ui_thread(monkeypatch) -> None:
    app = make_app(library_dirs=TEST_LIBRARY, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        threads: list[threading.Thread] = []
        real = app.watcher.changed

        def changed():  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread())
            return real()

        monkeypatch.setattr(app.watcher, "changed", changed)
        app.poll_library()
        await settle(app)
        await pilot.pause()
        assert threads and threads[0] is not threading.main_thread()


async def test_a_library_load_waits_while_a_session_plays_and_goes_on_after(monkeypatch) -> None:
    """With 1,000 new routine files a load is seconds of CPU: it must not run in a session."""
    import asyncio

    from coach.routines import library as library_module
    from tests.test_tui_support import FakeClock

    waiting = threading.Event()

    class Watched(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            if not self.is_set():
                waiting.set()  # the load is held at a pause point
            return super().wait(timeout)

    read: list[str] = []
    real = library_module.read_file
    monkeypatch.setattr(
        library_module,
        "read_file",
        lambda path, cache=None: read.append(path.name) or real(path, cache),
    )
    clock = FakeClock()
    app = make_app(clock, library_dirs=TEST_LIBRARY, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        watched = Watched()
        watched.set()
        app._between_sessions = watched
        entry = app.library.get("calm-breathing")
        screen = app.open_player(entry, record=False)
        await pilot.pause()
        await pilot.press("space")  # the session begins
        await pilot.pause()
        assert screen.player.state == "playing"
        read.clear()
        worker = app.load_routines()  # as when a file changes in a session
        assert await asyncio.to_thread(waiting.wait, 10)
        assert read == [] and worker.is_running
        await pilot.press("q", "y")  # the session ends: the load goes on
        await pilot.pause()
        await worker.wait()
        assert sorted(read) == sorted(p.name for p in TEST_LIBRARY[0][1].glob("*.yaml"))


async def test_the_watcher_first_looks_at_the_folders_off_the_ui_thread(monkeypatch) -> None:
    """Its first look stats every file (20 ms for 1,000): not on the UI thread at start-up,
    and before the load reads the files, so an edit made meanwhile is still seen."""
    from coach.tui import library_flow
    from coach.tui.watch import FolderWatcher

    made: list[threading.Thread] = []

    class Recording(FolderWatcher):
        def scan(self):  # type: ignore[no-untyped-def]
            made.append(threading.current_thread())
            return super().scan()

    monkeypatch.setattr(library_flow, "FolderWatcher", Recording)
    app = make_app(library_dirs=TEST_LIBRARY, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        assert isinstance(app.watcher, Recording) and app.library is not None
        assert made and threading.main_thread() not in made


async def test_the_loaded_routines_are_not_repr_ed_on_the_ui_thread(monkeypatch) -> None:
    """Textual describes a worker call with repr() of its arguments, on the UI thread: handing
    today's worker the 1,000 routines of a clinic's folder cost 120 ms before home showed."""
    from coach.routines.model import Routine

    reprs: list[str] = []
    real = Routine.__repr__
    monkeypatch.setattr(Routine, "__repr__", lambda self: reprs.append(self.id) or real(self))
    app = make_app(library_dirs=TEST_LIBRARY, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.pause()
        assert app.library is not None and app._today_loaded
        assert reprs == []
