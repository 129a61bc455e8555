"""A damaged log is moved aside with a timestamped name, a fresh one starts, the user is told."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.log.store import StoreError, open_store
from tests.conftest import run_coach

NOW = datetime(2026, 11, 20, 8, 30, 5, tzinfo=ZoneInfo("Europe/Berlin"))
ASIDE = "coach.db.damaged-20261120-083005"


def clock() -> datetime:
    return NOW


def _filled(db: Path, n: int = 400) -> None:
    """A healthy log big enough to span many pages."""
    with open_store(db, clock) as s, s.batch():
        for i in range(n):
            s.add_session(
                "rib-release",
                NOW - timedelta(days=i),
                "Rib release",
                1,
                "a" * 64,
                "author",
                4,
                elapsed_seconds=300,
                pain_before={"ribs": 5},
                pain_after={"ribs": 3},
                note=f"session {i} " + "x" * 80,
            )
    assert not db.with_name("coach.db-wal").exists()  # checkpointed on close


def _assert_recovered(db: Path, original: bytes, reason: str) -> None:
    s = open_store(db, clock)
    with s:
        assert s.recovered_from == db.with_name(ASIDE)
        assert s.sessions() == [] and s.integrity_check() == []
        notice = s.recovery_notice()
        s.add_session("rib", NOW)  # the fresh log works
    assert notice.startswith("the session log was damaged (")
    assert reason in notice and str(db.with_name(ASIDE)) in notice
    assert db.with_name(ASIDE).read_bytes() == original  # nothing dropped


def test_a_text_file_is_moved_aside_and_a_fresh_log_started(tmp_path):
    db = tmp_path / "coach.db"
    db.write_text("these are not the sessions you are looking for\n" * 10)
    _assert_recovered(db, db.read_bytes(), "not an SQLite database")


def test_a_truncated_database_is_moved_aside(tmp_path):
    db = tmp_path / "coach.db"
    _filled(db)
    raw = db.read_bytes()
    cut = raw[: len(raw) // 2]
    db.write_bytes(cut)
    _assert_recovered(db, cut, "truncated")


def test_a_database_cut_inside_its_header_is_moved_aside(tmp_path):
    db = tmp_path / "coach.db"
    _filled(db, 5)
    cut = db.read_bytes()[:60]
    db.write_bytes(cut)
    _assert_recovered(db, cut, "truncated")


def _garbage_in_pages(db: Path) -> bytes:
    _filled(db)
    raw = bytearray(db.read_bytes())
    page = int.from_bytes(raw[16:18], "big")
    rng = random.Random(20261120)
    middle = (len(raw) // page // 2) * page
    raw[middle : middle + 2 * page] = rng.randbytes(2 * page)
    db.write_bytes(bytes(raw))
    assert _sqlite_sees_damage(db)
    return bytes(raw)


def test_a_database_with_garbage_in_its_pages_is_moved_aside_after_a_crash(tmp_path):
    """A -wal left beside the file (the last run died) makes the open check every page."""
    db = tmp_path / "coach.db"
    raw = _garbage_in_pages(db)
    db.with_name("coach.db-wal").write_bytes(b"")
    _assert_recovered(db, raw, "")
    open_store(db, clock).close()
    assert len(list(tmp_path.glob("coach.db.damaged-*"))) == 1  # and only once


def test_garbage_deep_in_a_cleanly_closed_log_is_left_to_the_full_check(tmp_path):
    """A normal open reads a few pages, not all (issue 16): doctor's full check finds it."""
    db = tmp_path / "coach.db"
    raw = _garbage_in_pages(db)
    with open_store(db, clock) as s:
        assert s.recovered_from is None
        with pytest.raises(StoreError, match="damaged"):
            s.integrity_check(full=True)
    assert db.read_bytes() == raw and not list(tmp_path.glob("*.damaged-*"))


def test_a_normal_open_runs_no_quick_check_and_one_after_a_crash(tmp_path, monkeypatch):
    from coach.log import file as store_file

    statements: list[str] = []
    real = store_file._connect

    def traced(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(store_file, "_connect", traced)
    db = tmp_path / "coach.db"
    _filled(db, 30)
    statements.clear()
    open_store(db, clock).close()
    assert statements and not any("_check" in s.lower() for s in statements)
    db.with_name("coach.db-wal").write_bytes(b"")  # what a killed process leaves
    statements.clear()
    open_store(db, clock).close()
    assert any("quick_check" in s for s in statements)


def _sqlite_sees_damage(db: Path) -> bool:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


def test_wal_and_shm_files_move_with_the_damaged_database(tmp_path):
    db = tmp_path / "coach.db"
    db.write_bytes(b"garbage" * 100)
    db.with_name("coach.db-wal").write_bytes(b"wal bytes")
    db.with_name("coach.db-shm").write_bytes(b"shm bytes")
    with open_store(db, clock) as s:
        aside = s.recovered_from
    assert aside is not None
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"wal bytes"
    assert aside.with_name(aside.name + "-shm").read_bytes() == b"shm bytes"


def test_an_earlier_damaged_copy_is_never_overwritten(tmp_path):
    db = tmp_path / "coach.db"
    db.with_name(ASIDE).write_text("first")
    db.write_text("second")
    with open_store(db, clock) as s:
        assert s.recovered_from == db.with_name(ASIDE + "-2")
    assert db.with_name(ASIDE).read_text() == "first"
    assert db.with_name(ASIDE + "-2").read_text() == "second"


def test_a_healthy_or_empty_file_is_not_moved(tmp_path):
    db = tmp_path / "coach.db"
    _filled(db, 3)
    with open_store(db, clock) as s:
        assert s.recovered_from is None and s.recovery_notice() == ""
        assert len(s.sessions()) == 3
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with open_store(empty, clock) as s:
        assert s.recovered_from is None
    assert not list(tmp_path.glob("*.damaged-*"))


def test_full_integrity_check_reports_problems(tmp_path):
    db = tmp_path / "coach.db"
    _filled(db, 50)
    with open_store(db, clock) as s:
        assert s.integrity_check(full=True) == []
        assert s.integrity_check(full=False) == []


def test_cli_reports_the_moved_log_in_one_line_and_carries_on(coach_home):
    db = coach_home / "data" / "coach.db"
    db.parent.mkdir(parents=True)
    db.write_text("not a database")
    done = run_coach("history", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == []
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "coach: warning: the session log was damaged (not an SQLite database)"
    )
    moved = list(db.parent.glob("coach.db.damaged-*"))
    assert len(moved) == 1 and str(moved[0]) in lines[0]
    assert moved[0].read_text() == "not a database"
    again = run_coach("streak")
    assert again.returncode == 0 and again.stderr == ""


_OPEN = "import sys; from coach.log.store import open_store; open_store(sys.argv[1]).close()"


def test_two_processes_finding_the_same_damage_move_it_aside_once(tmp_path):
    db = tmp_path / "coach.db"
    db.write_text("damaged")
    procs = [subprocess.Popen([sys.executable, "-c", _OPEN, str(db)]) for _ in range(2)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert len(list(tmp_path.glob("coach.db.damaged-*"))) == 1
    with open_store(db) as s:
        assert s.integrity_check() == []


@pytest.mark.parametrize("header_pages", [10_000])
def test_header_claiming_more_pages_than_the_file_has_is_truncation(tmp_path, header_pages):
    db = tmp_path / "coach.db"
    _filled(db, 20)
    raw = bytearray(db.read_bytes())
    raw[28:32] = header_pages.to_bytes(4, "big")
    db.write_bytes(bytes(raw))
    _assert_recovered(db, bytes(raw), "truncated")
