"""coach.log.store with real SQLite files: schema, migrations, sessions, marks, check-ins, meta."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.history import overview as history
from coach.log import owner as store_owner
from coach.log import schema as store_schema
from coach.log import stamps as store_time
from coach.log import store
from coach.log.store import StoreError, open_store, session_dict

NY = ZoneInfo("America/New_York")
T0 = datetime(2026, 11, 20, 8, 30, tzinfo=ZoneInfo("Europe/Berlin"))


class Clock:
    """A settable clock for the store (no sleeps)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "log" / "coach.db"


def test_open_creates_folder_schema_and_wal_mode(db):
    with open_store(db) as s:
        assert db.exists()
        assert s.schema_version() == len(store.MIGRATIONS)
        assert s.journal_mode() == "wal"
        assert s.integrity_check() == []
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sessions", "session_pain", "checkins", "day_marks", "meta", "migrations"} <= tables
    assert conn.execute("SELECT version, name FROM migrations").fetchall() == [
        (n, m[0]) for n, m in enumerate(store.MIGRATIONS, 1)
    ]


def test_default_path_is_the_data_dir_database(coach_home):
    with open_store() as s:
        assert s.path == coach_home / "data" / "coach.db"
    assert (coach_home / "data" / "coach.db").exists()


def test_busy_timeout_and_foreign_keys_are_on(db):
    with open_store(db) as s:
        assert s._query("PRAGMA busy_timeout")[0][0] == store.BUSY_TIMEOUT_MS
        assert s._query("PRAGMA foreign_keys")[0][0] == 1


def test_reopen_keeps_everything_and_does_not_migrate_again(db):
    with open_store(db, Clock(T0)) as s:
        sid = s.start_session(
            "rib", "Rib release", 3, "ab" * 32, "A. Therapist", 4, "plain", 1.0, {"ribs": 6}
        )
        s.finish_session(sid, "completed", 300, 4, {"ribs": 3}, "easier")
        s.mark_day(date(2026, 11, 19), "flare")
        s.set_meta("k", "v")
    with open_store(db, Clock(T0)) as s:
        [r] = s.sessions()
        assert (r.status, r.pain_before, r.pain_after, r.note) == (
            "completed",
            {"ribs": 6},
            {"ribs": 3},
            "easier",
        )
        assert s.day_marks() == [history.DayMark(date(2026, 11, 19), "flare")]
        assert s.get_meta("k") == "v"
        assert len(s._query("SELECT * FROM migrations")) == len(store.MIGRATIONS)


def test_migrations_run_from_zero_each_in_its_own_transaction(db, monkeypatch):
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("boom")

    monkeypatch.setattr(store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, ("broken", broken)))
    with pytest.raises(StoreError, match="cannot prepare the session log"):
        open_store(db)
    conn = sqlite3.connect(db)
    # The real ones committed, the broken one after them did not.
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(store_schema.MIGRATIONS) - 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "sessions" in names and "half_done" not in names  # the second rolled back whole


def test_a_later_migration_upgrades_an_existing_log(db, monkeypatch):
    with open_store(db) as s:
        s.add_session("rib", T0)

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE sessions ADD COLUMN mood TEXT")

    monkeypatch.setattr(
        store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, ("mood", add_column))
    )
    with open_store(db) as s:
        assert s.schema_version() == len(store_schema.MIGRATIONS)
        assert s._query("SELECT mood FROM sessions") == [(None,)]
        assert len(s.sessions()) == 1


def test_a_log_from_a_newer_coach_is_refused_and_left_in_place(db):
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema 99, newer") as exc:
        open_store(db)
    assert exc.value.hint == "update coach"
    assert db.exists() and not list(db.parent.glob("*.damaged-*"))


def test_start_and_finish_record_routine_time_zone_and_pain(db):
    clock = Clock(datetime(2026, 11, 20, 23, 30, tzinfo=NY))
    with open_store(db, clock) as s:
        sid = s.start_session(
            "rib",
            "Rib release",
            3,
            "f" * 64,
            "A. Therapist",
            4,
            "tui",
            2.0,
            {"ribs": 6, "neck": 2},
            planned_seconds=400,
        )
        running = s.session(sid)
        assert running.status == "in_progress" and running.ended_utc is None
        clock.now += timedelta(minutes=4)
        s.finish_session(sid, "stopped", 250.5, 3, {"ribs": 4}, "tired")
        r = s.session(sid)
    assert (
        r.routine_id,
        r.routine_title,
        r.routine_version,
        r.routine_sha256,
        r.routine_author,
    ) == ("rib", "Rib release", 3, "f" * 64, "A. Therapist")
    assert (
        r.status,
        r.elapsed_seconds,
        r.completed_steps,
        r.total_steps,
        r.speed,
        r.source,
        r.planned_seconds,
    ) == ("stopped", 250.5, 3, 4, 2.0, "tui", 400)
    # 23:30 in New York is already the 21st in UTC: the local date is the 20th.
    assert r.local_date == date(2026, 11, 20)
    assert r.local_time == "23:30:00"
    assert r.tz_name == "America/New_York"
    assert r.utc_offset_minutes == -300
    assert r.started_utc == datetime(2026, 11, 21, 4, 30, tzinfo=timezone.utc)
    assert r.ended_utc == datetime(2026, 11, 21, 4, 34, tzinfo=timezone.utc)
    assert (r.pain_before, r.pain_after, r.note) == ({"neck": 2, "ribs": 6}, {"ribs": 4}, "tired")
    assert r.counts  # stopped after 2 minutes


def test_update_progress_saves_a_running_session(db):
    with open_store(db, Clock(T0)) as s:
        sid = s.start_session("rib")
        s.update_progress(sid, 42.5, 2)
        r = s.session(sid)
    assert (r.status, r.elapsed_seconds, r.completed_steps) == ("in_progress", 42.5, 2)


def test_finishing_twice_or_an_unknown_session_is_an_error(db):
    with open_store(db, Clock(T0)) as s:
        sid = s.start_session("rib")
        s.finish_session(sid, "completed", 10, 1)
        with pytest.raises(ValueError, match="already completed"):
            s.finish_session(sid, "stopped", 10, 1)
        with pytest.raises(ValueError, match="no session 999"):
            s.finish_session(999, "completed", 10, 1)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda s: s.start_session("rib", pain_before={"ribs": 11}), "whole number 0-10"),
        (lambda s: s.start_session("rib", pain_before={"ribs": True}), "whole number 0-10"),
        (lambda s: s.start_session("rib", pain_before={"": 3}), "bad area"),
        (lambda s: s.start_session("rib", source="web"), "source must be one of"),
        (lambda s: s.start_session("", source="tui"), "routine_id is empty"),
        (lambda s: s.start_session("rib", speed=0), "speed must be more than 0"),
        (lambda s: s.finish_session(s.start_session("rib"), "abandoned", 1, 1), "status must be"),
        (lambda s: s.add_session("rib", T0, status="in_progress"), "status must be"),
        (lambda s: s.mark_day(date(2026, 1, 1), "holiday"), "kind must be one of"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(db, call, message):
    with open_store(db, Clock(T0)) as s, pytest.raises(ValueError, match=message):
        call(s)


def test_database_checks_back_up_the_python_checks(db):
    with open_store(db, Clock(T0)) as s:
        sid = s.start_session("rib")
        with pytest.raises(sqlite3.IntegrityError):
            s._conn.execute("INSERT INTO session_pain VALUES (?, 'ribs', 12, NULL)", (sid,))
        with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
            s._conn.execute("INSERT INTO session_pain VALUES (999, 'ribs', 1, NULL)")


def test_add_session_records_a_whole_session_at_a_given_time(db):
    at = datetime(2026, 11, 18, 7, 15, tzinfo=NY)
    with open_store(db, Clock(T0)) as s:
        sid = s.add_session(
            "rib",
            at,
            "Rib",
            2,
            "a" * 64,
            "me",
            5,
            elapsed_seconds=600,
            planned_seconds=600,
            pain_before={"overall": 5},
            pain_after={"overall": 3},
            note="at the park",
        )
        r = s.session(sid)
    assert (r.status, r.source, r.local_date, r.local_time, r.completed_steps) == (
        "completed",
        "log",
        date(2026, 11, 18),
        "07:15:00",
        5,
    )
    assert r.ended_utc - r.started_utc == timedelta(minutes=10)
    assert (r.pain_before, r.pain_after, r.note) == ({"overall": 5}, {"overall": 3}, "at the park")


def test_sessions_are_filtered_by_local_date_and_ordered_by_start(db):
    with open_store(db, Clock(T0)) as s:
        for day in (3, 1, 2):
            s.add_session(f"r{day}", datetime(2026, 11, day, 9, tzinfo=timezone.utc))
        assert [r.routine_id for r in s.sessions()] == ["r1", "r2", "r3"]
        assert [r.routine_id for r in s.sessions(date(2026, 11, 2))] == ["r2", "r3"]
        assert [r.routine_id for r in s.sessions(until=date(2026, 11, 2))] == ["r1", "r2"]
        assert s.session(12345) is None


def test_set_note_and_set_pain_after_the_fact(db):
    with open_store(db, Clock(T0)) as s:
        sid = s.start_session("rib", pain_before={"ribs": 5})
        s.finish_session(sid, "completed", 100, 2)
        s.set_pain(sid, pain_after={"ribs": 2})
        s.set_note(sid, "saved from the summary screen")
        r = s.session(sid)
    assert (r.pain_before, r.pain_after, r.note) == (
        {"ribs": 5},
        {"ribs": 2},
        "saved from the summary screen",
    )


def test_day_marks_replace_and_clear(db):
    with open_store(db, Clock(T0)) as s:
        s.mark_day(date(2026, 11, 2), "flare", "hands swollen")
        s.mark_day(date(2026, 11, 2), "sick")
        s.mark_day(date(2026, 11, 1), "rest")
        assert s.day_marks() == [
            history.DayMark(date(2026, 11, 1), "rest"),
            history.DayMark(date(2026, 11, 2), "sick"),
        ]
        assert s.day_marks(date(2026, 11, 2)) == [history.DayMark(date(2026, 11, 2), "sick")]
        assert s.clear_day(date(2026, 11, 1)) is True
        assert s.clear_day(date(2026, 11, 1)) is False
        assert len(s.day_marks()) == 1


def test_checkins_round_trip_and_latest(db):
    clock = Clock(T0)
    with open_store(db, clock) as s:
        first = s.add_checkin(
            {"ribs": 5},
            ["asthma-flare"],
            ["asthma"],
            {"chest-pain": False},
            "clear",
            ["breathing-control"],
        )
        clock.now += timedelta(days=1)
        second = s.add_checkin({"neck": 3}, verdict_level="review")
        s.set_checkin_choice(second, "chin-tucks")
        got = s.checkins()
        assert [c.id for c in got] == [first, second]
        c = got[0]
        assert (c.areas, c.contexts, c.conditions, c.red_flags, c.verdict_level, c.suggested) == (
            {"ribs": 5},
            ("asthma-flare",),
            ("asthma",),
            {"chest-pain": False},
            "clear",
            ("breathing-control",),
        )
        assert c.local_date == date(2026, 11, 20) and c.tz_name == "Europe/Berlin"
        assert s.latest_checkin().chosen_routine == "chin-tucks"
        assert s.latest_checkin(date(2026, 11, 20)).id == first
        assert s.latest_checkin(date(2026, 11, 25)) is None
        assert [c.id for c in s.checkins(date(2026, 11, 21))] == [second]


def test_meta_get_default_and_overwrite(db):
    with open_store(db) as s:
        assert s.get_meta("nudge") is None
        assert s.get_meta("nudge", "never") == "never"
        s.set_meta("nudge", "2026-11-01")
        s.set_meta("nudge", "2026-11-20")
        assert s.get_meta("nudge") == "2026-11-20"


def test_batch_is_one_transaction_that_rolls_back_whole(db):
    with open_store(db, Clock(T0)) as s:
        with pytest.raises(RuntimeError), s.batch():
            s.add_session("a", T0)
            s.add_session("b", T0)
            raise RuntimeError("stop")
        assert s.sessions() == []
        with s.batch():
            s.add_session("a", T0)
            s.add_session("b", T0)
        assert len(s.sessions()) == 2


def test_store_can_be_used_from_another_thread(db):
    s = open_store(db, Clock(T0))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            s.add_session("rib", T0)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert not errors and len(s.sessions()) == 1
    s.close()


# ---------------------------------------------------------------- crashed sessions

_START_AND_DIE = """
import sys
from coach.log.store import open_store
s = open_store(sys.argv[1])
print(s.start_session("rib", "Rib", 1, "", "", 4, "plain", 1.0, {"ribs": 5}), flush=True)
if sys.argv[2] == "wait":
    sys.stdin.readline()
"""


def _child(db: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _START_AND_DIE, str(db), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_in_progress_row_of_a_dead_process_becomes_abandoned_at_next_open(db):
    open_store(db).close()
    child = _child(db, "exit")
    sid = int(child.stdout.readline())
    child.wait()
    with open_store(db) as s:
        r = s.session(sid)
    assert r.status == "abandoned"
    assert r.pain_before == {"ribs": 5}  # nothing recorded is lost
    assert not r.counts


def test_a_running_session_of_another_live_process_is_left_alone(db):
    open_store(db).close()
    child = _child(db, "wait")
    try:
        sid = int(child.stdout.readline())
        with open_store(db) as s:
            assert s.session(sid).status == "in_progress"
    finally:
        child.communicate("\n")
    with open_store(db) as s:
        assert s.session(sid).status == "abandoned"


def test_own_running_session_survives_reopening_in_the_same_process(db):
    with open_store(db) as s:
        sid = s.start_session("rib")
    with open_store(db) as s:
        assert s.session(sid).status == "in_progress"
        s.finish_session(sid, "completed", 60, 1)


def test_a_live_session_paused_over_a_night_is_not_abandoned(db):
    clock = Clock(T0)
    with open_store(db, clock) as s:
        sid = s.start_session("rib")
    clock.now += store.STALE_AFTER + timedelta(hours=1)  # e.g. a laptop suspended overnight
    with open_store(db, clock) as s:
        assert s.session(sid).status == "in_progress"


def test_a_session_from_another_machine_is_abandoned_after_twelve_hours(db):
    clock = Clock(T0)
    with open_store(db, clock) as s:
        sid = s.start_session("rib")
        s._conn.execute("UPDATE sessions SET owner = 'elsewhere|x|1' WHERE id = ?", (sid,))
    clock.now += store.STALE_AFTER + timedelta(minutes=1)
    with open_store(db, clock) as s:
        assert s.session(sid).status == "abandoned"
        # If its player does finish after all, the real outcome wins over the guess.
        s.finish_session(sid, "completed", 300, 4)
        assert s.session(sid).status == "completed"


def test_ctrl_c_inside_a_batch_leaves_no_open_transaction(db):
    with open_store(db) as s:
        with pytest.raises(KeyboardInterrupt), s.batch():
            s.start_session("rib")
            raise KeyboardInterrupt
        assert not s._conn.in_transaction
        assert s.sessions() == []
        with s.batch():
            s.start_session("rib")
    with open_store(db) as s:
        assert len(s.sessions()) == 1


def test_owner_check_treats_missing_processes_and_other_starts_as_dead():
    now = datetime.now(timezone.utc)
    assert store_owner.owner_alive(1 << 29, "", now, now) is False  # no such pid
    me = os.getpid()
    assert store_owner.owner_alive(me, store_owner.owner_token(me), now, now) is True
    assert store_owner.owner_alive(me, store_owner.owner_token(me) + "0", now, now) is False
    other_host = "elsewhere|x|1"
    assert store_owner.owner_alive(me, other_host, now, now) is True  # cannot tell: keep
    assert store_owner.owner_alive(me, other_host, now - timedelta(hours=13), now) is False


@pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not hasattr(os, "waitid"),
    reason="needs Linux /proc and waitid",
)
def test_owner_check_treats_an_unreaped_zombie_as_dead():
    now = datetime.now(timezone.utc)
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    token = store_owner.owner_token(child.pid)
    assert store_owner.owner_alive(child.pid, token, now, now) is True
    child.stdin.close()
    # Wait for it to exit but leave it unreaped (a zombie), without sleeping.
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
    try:
        assert store_owner.proc_start(child.pid) is None
        assert store_owner.owner_alive(child.pid, token, now, now) is False
    finally:
        child.wait()


# ---------------------------------------------------------------- fast paths


def test_day_activity_gives_the_same_streak_summary_as_full_sessions(db):
    with open_store(db, Clock(T0)) as s:
        for i in range(20):
            at = T0 - timedelta(days=i, hours=i % 3)
            status = "stopped" if i % 4 == 0 else "completed"
            s.add_session(
                "rib",
                at,
                elapsed_seconds=30 + 20 * i,
                planned_seconds=300,
                status=status,
                total_steps=5,
                completed_steps=i % 6,
            )
            if i % 5 == 0:
                s.add_session("cat", at + timedelta(hours=1), elapsed_seconds=90)
        s.start_session("rib")
        s.mark_day(T0.date() - timedelta(days=30), "flare")
        today = T0.date()
        full = history.streak_summary(s.sessions(), today, 5, s.day_marks(), frozenset({6}))
        light = history.streak_summary(s.day_activity(), today, 5, s.day_marks(), frozenset({6}))
    assert full == light


@pytest.mark.parametrize(
    "status, elapsed, planned, steps, total",
    [
        ("completed", 5, 300, 0, 5),
        ("stopped", 120, 600, 0, 5),
        ("stopped", 119.9, 600, 0, 5),
        ("stopped", 60, 100, 0, 5),
        ("stopped", 59, 100, 0, 5),
        ("stopped", 30, 0, 3, 5),
        ("stopped", 30, 0, 2, 5),
        ("stopped", 30, 0, 0, 0),
    ],
)
def test_json_export_matches_session_dict_including_counts(
    db, status, elapsed, planned, steps, total
):
    with open_store(db, Clock(T0)) as s:
        s.add_session(
            "rib",
            T0,
            'Rib "release" é',
            2,
            "a" * 64,
            "me",
            total,
            elapsed_seconds=elapsed,
            planned_seconds=planned,
            status=status,
            completed_steps=steps,
            pain_before={"ribs": 4, "neck": 1},
            pain_after={"ribs": 2},
            note="line\nbreak",
        )
        s.start_session("cat")
        exported = [json.loads(x) for x in s.sessions_json()]
        expected = [session_dict(r) for r in s.sessions()]
        assert exported == expected
        assert [json.loads(x)["routine_id"] for x in s.sessions_json(limit=1)] == ["cat"]
        assert s.sessions_json(date(2030, 1, 1)) == []


# ---------------------------------------------------------------- zones


def test_zone_name_prefers_iana_names():
    assert store.zone_name(datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Kolkata"))) == "Asia/Kolkata"
    fixed = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=45)))
    local_offset = datetime(2026, 1, 1).astimezone().utcoffset()
    if local_offset != fixed.utcoffset():
        assert store.zone_name(fixed) == "UTC+05:45"


def test_zone_name_of_local_time_uses_tz_variable(monkeypatch):
    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert store_time.system_zone() == "Europe/Paris"
    monkeypatch.setenv("TZ", "/usr/share/zoneinfo/Asia/Tokyo")
    assert store_time.system_zone() == "Asia/Tokyo"


def test_naive_times_are_taken_as_local(db):
    with open_store(db) as s:
        sid = s.add_session("rib", datetime(2026, 11, 18, 7, 15))
        r = s.session(sid)
    assert (r.local_date, r.local_time) == (date(2026, 11, 18), "07:15:00")


def test_sessions_are_listed_in_the_order_they_were_lived_across_a_zone_change(db):
    from zoneinfo import ZoneInfo

    london = datetime(2026, 11, 25, 20, 0, tzinfo=ZoneInfo("Europe/London"))  # 20:00 UTC
    tokyo = datetime(2026, 11, 26, 1, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 16:00 UTC the 25th
    with open_store(db) as s:
        s.add_session("tokyo", tokyo)
        s.add_session("london", london)
        assert [x.routine_id for x in s.sessions()] == ["london", "tokyo"]
        assert [json.loads(x)["routine_id"] for x in s.sessions_json()] == ["london", "tokyo"]
        assert [json.loads(x)["routine_id"] for x in s.sessions_json(limit=1)] == ["tokyo"]
