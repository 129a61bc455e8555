"""Faults lose nothing: a full disk, a read-only log, a locked log, a damaged-looking busy log.

Real SQLite files on a real, tiny tmpfs (mounted here as root; skipped where
mounting is not allowed) and the real CLI in a subprocess.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.log import file as store_file
from coach.log import schema as store_schema
from coach.log.store import StoreError, open_store
from tests.conftest import ROOT, run_coach

NOW = datetime(2026, 11, 20, 8, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def _mount(point: Path, size: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A 4 MiB file system holding COACH_HOME."""
    point = tmp_path / "disk"
    _mount(point, "4m")
    home = point / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    try:
        yield home
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _fill(folder: Path) -> Path:
    """Fill the file system until a write fails; returns the filler file."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def _rows(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return conn.execute("SELECT routine_id, note FROM sessions ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_full_disk_is_one_line_with_the_command_to_log_later(small_disk: Path) -> None:
    first = run_coach("log", "chin-tucks", "--pain-before", "4", "--note", "first")
    assert first.returncode == 0, first.stderr
    filler = _fill(small_disk.parent)
    done = run_coach(
        "log",
        "wall-angels",
        "--at",
        "2026-11-20T08:30",
        "--pain-before",
        "5",
        "--pain-after",
        "3",
        "--note",
        "kept for later",
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "the disk is full" in lines[0]
    assert (
        "to log it later, run: coach log wall-angels --at 2026-11-20T08:30+01:00" not in lines[0]
    )  # the offset is the machine's own, not invented
    assert "to log it later, run: coach log wall-angels --at 2026-11-20T08:30" in lines[0]
    assert "--pain-before 5 --pain-after 3 --note 'kept for later'" in lines[0]
    filler.unlink()
    db = small_disk / "data" / "coach.db"
    assert _rows(db) == [("chin-tucks", "first")]  # nothing lost, nothing torn
    # The printed command works once there is room again.
    later = lines[0].split("to log it later, run: ", 1)[1].rstrip(")")
    again = subprocess.run(
        later.replace("coach", f"{sys.executable} -m coach", 1),
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
    )
    assert again.returncode == 0, again.stderr
    assert _rows(db) == [("chin-tucks", "first"), ("wall-angels", "kept for later")]


def test_a_log_on_read_only_media_can_still_be_read(small_disk: Path) -> None:
    for routine in ("chin-tucks", "wall-angels"):
        assert run_coach("log", routine, "--pain-before", "4", "--pain-after", "2").returncode == 0
    point = small_disk.parent
    remount = subprocess.run(["mount", "-o", "remount,ro", str(point)], capture_output=True)
    assert remount.returncode == 0, remount.stderr
    db = small_disk / "data" / "coach.db"
    assert not db.with_name("coach.db-shm").exists()  # the hard case: no -shm to share
    history = run_coach("history", "--json")
    assert history.returncode == 0, history.stderr
    assert history.stdout.count('"routine_id"') == 2
    for command in ("streak", "report", "history"):
        done = run_coach(command)
        assert done.returncode == 0 and done.stderr == "", (command, done.stderr)
    logged = run_coach("log", "chin-tucks")
    assert logged.returncode == 1 and len(logged.stderr.strip().splitlines()) == 1
    assert (
        "read-only" in logged.stderr
        and "to log it later, run: coach log chin-tucks" in logged.stderr
    )


_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO meta VALUES ('holder', 'x')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def _holder(db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_log_locked_by_another_program_is_retried_then_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "coach.db"
    open_store(db).close()
    tries: list[int] = []
    real_connect = store_file._connect

    def counting(*args: object, **kw: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kw)  # type: ignore[arg-type]
        conn.execute("PRAGMA busy_timeout = 50")
        conn.set_trace_callback(lambda sql: tries.append(1) if sql == "BEGIN IMMEDIATE" else None)
        return conn

    monkeypatch.setattr(store_file, "_connect", counting)
    holder = _holder(db)
    try:
        with open_store(db) as store:
            with pytest.raises(StoreError, match="another program has it locked") as caught:
                store.add_session("rib", NOW)
            assert len(tries) == store_schema.BEGIN_TRIES  # waited, tried again, then told
            assert "close the program using it" in caught.value.hint
            holder.communicate("\n", timeout=30)
            store.add_session("rib", NOW)  # once free, the same store writes
            assert len(store.sessions()) == 1
    finally:
        if holder.poll() is None:
            holder.kill()


def test_a_busy_log_that_looks_damaged_is_never_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage needs SQLite's word twice, the second time under an exclusive lock."""
    db = tmp_path / "coach.db"
    with open_store(db) as store:
        store.add_session("rib", NOW)
    holder = _holder(db)  # another process has the log open
    real = store_file._open_healthy
    calls: list[int] = []

    def suspect_once(path: Path, read_only: bool) -> sqlite3.Connection:
        calls.append(1)
        if len(calls) == 1:
            raise store_file._Suspect("failed the integrity check: a glitch")
        return real(path, read_only)

    monkeypatch.setattr(store_file, "_open_healthy", suspect_once)
    monkeypatch.setattr(store_file, "BUSY_TIMEOUT_MS", 50)
    try:
        with pytest.raises(StoreError, match="while another program was using it"):
            open_store(db)
    finally:
        holder.communicate("\n", timeout=30)
    assert not list(tmp_path.glob("*.damaged-*"))
    assert _rows(db) == [("rib", "")]
    calls.clear()  # the same glitch with nobody else around: the locked check says healthy
    with open_store(db) as store:
        assert len(store.sessions()) == 1 and store.recovered_from is None
    assert len(calls) == 2  # suspected once, then opened after the healthy second word
    assert not list(tmp_path.glob("*.damaged-*"))


def test_doctor_names_a_damaged_log_kept_aside(coach_home: Path) -> None:
    db = coach_home / "data" / "coach.db"
    db.parent.mkdir(parents=True)
    db.write_text("not a database at all\n" * 20)
    moved = run_coach("history")
    assert "coach: warning: the session log was damaged (not an SQLite database)" in moved.stderr
    done = run_coach("doctor")
    kept = [line for line in done.stdout.splitlines() if "damaged log kept" in line]
    assert len(kept) == 1 and "coach.db.damaged-" in kept[0], done.stdout
    assert any(line.startswith("ok    session log:") for line in done.stdout.splitlines())


def test_doctor_rebuilds_indexes_that_disagree_with_their_table(coach_home: Path) -> None:
    db = coach_home / "data" / "coach.db"
    with open_store(db) as store:
        for i in range(30):
            store.add_session("rib", NOW, note=f"n{i}")
    # Corrupt one index the way issue 7's lost locks did: rows without index entries.
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, 'local_date)', 'local_date) "
        "WHERE id < 0') WHERE name = 'sessions_by_date'"
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO sessions (routine_id, status, started_utc, local_date, local_time,"
        " tz_name, utc_offset_minutes, source) VALUES ('x', 'completed', "
        "'2026-11-20T07:30:00+00:00', '2026-11-20', '08:30:00', 'UTC', 0, 'log')"
    )
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, ' WHERE id < 0', '') "
        "WHERE name = 'sessions_by_date'"
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(db)
    problems = conn.execute("PRAGMA integrity_check").fetchall()
    conn.close()
    assert problems != [("ok",)]
    done = run_coach("doctor")
    line = next(x for x in done.stdout.splitlines() if "session log:" in x)
    assert line.startswith("ok ") and "index fault(s) rebuilt" in line, done.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
