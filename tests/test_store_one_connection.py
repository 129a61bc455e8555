"""The log belongs to SQLite: one connection per process, never a plain file handle beside it.

The regression test reproduces issue 7's corruption exactly as it happened:
one process (the app) holding the store opened twice, a second process
reading, a third logging; every row must survive and the file stay intact.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from coach.log import file as store_file
from coach.log.store import open_store
from tests.conftest import ROOT, LogFileOpened, run_coach

NOW = datetime(2026, 11, 20, 8, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def clock() -> datetime:
    return NOW


def test_two_opens_in_one_process_share_one_connection(tmp_path):
    db = tmp_path / "coach.db"
    first = open_store(db, clock)
    second = open_store(tmp_path / "." / "coach.db", clock)  # another spelling, same file
    try:
        assert first._conn is second._conn
        assert store_file.live_files() >= {str(db.resolve())}
        first.close()
        second.add_session("rib", NOW)  # still open for the other user
        assert len(second.sessions()) == 1
    finally:
        second.close()
    assert str(db.resolve()) not in store_file.live_files()


def test_closing_twice_releases_once(tmp_path):
    db = tmp_path / "coach.db"
    a, b = open_store(db, clock), open_store(db, clock)
    a.close()
    a.close()  # must not take b's share
    assert b.sessions() == []
    b.close()


def test_reading_the_file_while_connected_is_refused_by_the_code(tmp_path):
    db = tmp_path / "coach.db"
    with open_store(db, clock), pytest.raises(RuntimeError, match="drop SQLite's locks"):
        store_file.header_problem(db)


def test_the_suite_guard_catches_open_while_connected(tmp_path):
    # The autouse guard in conftest turns such an open into an error; prove it bites.
    from tests import conftest

    db = tmp_path / "coach.db"
    with open_store(db, clock):
        with pytest.raises(LogFileOpened):
            db.read_bytes()
        conftest._LOG_FILE_OPENS.clear()  # seen; do not fail this test for it
    assert db.read_bytes()[:16] == store_file.SQLITE_MAGIC  # fine once closed


_READER = """
import sys
from coach.log.store import open_store
with open_store(sys.argv[1], for_reading=True) as s:
    print(len(s.sessions()))
"""


def _child(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env=dict(os.environ),
    )


def test_regression_app_opens_twice_while_others_read_and_log(tmp_path, coach_home):
    """Issue 7: the app (store opened twice), `coach history`, `coach log` at the same time."""
    from coach import locations

    db = locations.database_file()
    app_log = open_store(db)  # the session log
    app_checkin = open_store(db)  # the first-launch notice / today's check-in
    try:
        sid = app_log.start_session("chin-tucks", "Chin tucks", total_steps=2)
        app_checkin.close()  # before the fix this dropped every lock the app held
        history = run_coach("history", "--json")
        assert history.returncode == 0, history.stderr
        logged = run_coach("log", "chin-tucks", "--pain-before", "4", "--pain-after", "3")
        assert logged.returncode == 0, logged.stderr
        reader = _child(_READER, str(db))
        assert reader.stdout.strip() == "2", reader.stderr
        app_log.update_progress(sid, 120, 1)
        app_log.finish_session(sid, "completed", 300, 2)
        for i in range(50):  # enough writes to make a lost WAL show
            app_log.add_session("wall-angels", NOW, note=f"n{i}")
    finally:
        app_log.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ids = [r[0] for r in conn.execute("SELECT routine_id FROM sessions ORDER BY id")]
    finally:
        conn.close()
    assert ids.count("chin-tucks") == 2 and ids.count("wall-angels") == 50
    assert not list(db.parent.glob("*.damaged-*"))
    for command in ("history", "streak", "report"):
        done = run_coach(command)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
