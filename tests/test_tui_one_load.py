"""One library load, off the UI thread (issue 16)."""

from __future__ import annotations

import threading

from coach.routines.library import load_library
from tests.test_tui_support import TEST_LIBRARY, make_app, settle

SIZE = (80, 24)


async def test_a_library_handed_over_by_the_command_is_not_read_again(monkeypatch) -> None:
    library = load_library(TEST_LIBRARY)
    reads: list[int] = []
    monkeypatch.setattr("coach.tui.app.load_library", lambda *a, **k: reads.append(1) or library)
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
