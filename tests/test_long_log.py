"""A long log stays cheap (issue 16): streamed export, light day records, period-only reports."""

from __future__ import annotations

import argparse
import io
import json
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from coach.history.overview import streak_summary
from coach.history.records import SessionRecord, completed_day
from coach.history.report import build_report
from coach.log.store import open_store

NOW = datetime(2026, 11, 20, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def _fill(db: Path, n: int, first: int = 0) -> None:
    with open_store(db, lambda: NOW) as s, s.batch():
        for i in range(first, first + n):
            s.add_session(
                "rib-release",
                NOW - timedelta(hours=8 * i + 1),
                "Rib release",
                1,
                "a" * 64,
                "author",
                4,
                elapsed_seconds=300 if i % 9 else 90,
                status="completed" if i % 9 else "stopped",
                pain_before={"ribs": 5},
                pain_after={"ribs": 3},
                note=f"session {i} " + "x" * 200,
            )


def _export_peak(db: Path) -> tuple[int, int]:
    from coach.cli.history_cmd import _write_json

    out = io.StringIO()
    with open_store(db, lambda: NOW, for_reading=True) as s:
        tracemalloc.start()
        try:
            sink = _Sink()
            _write_json(s.iter_sessions_json(), sink)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        _write_json(s.iter_sessions_json(), out)
    assert len(json.loads(out.getvalue())) == sink.objects
    return peak, sink.objects


class _Sink:
    """Counts what is written and keeps none of it."""

    def __init__(self) -> None:
        self.objects = 0

    def write(self, text: str) -> int:
        self.objects += text.count('"routine_id"')
        return len(text)


def test_history_json_streams_in_flat_memory(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    _fill(db, 500)
    small, n_small = _export_peak(db)
    _fill(db, 3500, first=500)
    large, n_large = _export_peak(db)
    assert (n_small, n_large) == (500, 4000)
    # Eight times the sessions, about the same peak: a batch of rows, never the whole export.
    assert large < small * 1.5 + 64 * 1024, (small, large)


def test_history_json_limit_lists_the_newest_oldest_first(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    _fill(db, 30)
    with open_store(db, lambda: NOW) as s:
        every = [json.loads(x)["id"] for x in s.iter_sessions_json()]
        newest = [json.loads(x)["id"] for x in s.iter_sessions_json(limit=4)]
        assert s.sessions_json(limit=4) == list(s.iter_sessions_json(limit=4))
    assert newest == every[-4:] and len(every) == 30


def test_cli_history_json_writes_an_array(tmp_path: Path, monkeypatch, capsys) -> None:
    from coach.cli.history_cmd import cmd_history

    monkeypatch.setenv("COACH_HOME", str(tmp_path))
    db = tmp_path / "data" / "coach.db"
    db.parent.mkdir()
    args = argparse.Namespace(since=None, json=True, limit=None, csv=False)
    with open_store(db, lambda: NOW):
        pass
    cmd_history(args)
    assert json.loads(capsys.readouterr().out) == []
    _fill(db, 3)
    cmd_history(args)
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_a_light_day_record_equals_the_plain_one() -> None:
    day = date(2026, 11, 3)
    light = completed_day(day, 420.0)
    assert light == SessionRecord(0, "", "completed", day, elapsed_seconds=420.0)
    assert light.counts and light.pain_before == {}


def test_report_from_the_period_and_day_activity_equals_the_full_report(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    _fill(db, 600)
    today = NOW.date()
    with open_store(db, lambda: NOW) as s:
        full = build_report(s.sessions(), today, 28, 4)
        light = build_report(
            s.sessions(since=today - timedelta(days=27)), today, 28, 4, activity=s.day_activity()
        )
        assert streak_summary(s.day_activity(), today, 4) == streak_summary(s.sessions(), today, 4)
        days = build_report(
            s.sessions(since=today - timedelta(days=27)),
            today,
            28,
            4,
            activity=(),
            active=s.counted_days(),
        )
    assert light == full == days


def test_counted_days_are_the_active_days_of_the_whole_log(tmp_path: Path) -> None:
    from coach.history.streaks import active_days

    db = tmp_path / "coach.db"
    _fill(db, 300)
    today = NOW.date()
    with open_store(db, lambda: NOW) as s:
        days = s.counted_days()
        assert days == active_days(s.sessions())
        assert streak_summary((), today, 4, active=days) == streak_summary(s.sessions(), today, 4)


def test_counted_days_add_a_stopped_session_only_when_it_counts(tmp_path: Path) -> None:
    from coach.history.streaks import active_days

    db = tmp_path / "coach.db"
    with open_store(db, lambda: NOW) as s, s.batch():
        for days_ago, status, seconds in [
            (1, "completed", 300),
            (1, "stopped", 10),  # a day with a completed session as well
            (2, "stopped", 150),  # alone, and long enough to count
            (3, "stopped", 30),  # alone, too short
        ]:
            s.add_session(
                "rib-release",
                NOW - timedelta(days=days_ago),
                "Rib release",
                1,
                "a" * 64,
                "author",
                4,
                elapsed_seconds=seconds,
                planned_seconds=300,
                status=status,
            )
    with open_store(db, lambda: NOW) as s:
        days = s.counted_days()
        assert days == active_days(s.sessions())
        assert sorted((NOW.date() - d).days for d in days) == [1, 2]
