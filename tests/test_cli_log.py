"""coach log / history / streak / report in a real subprocess, with COACH_HOME in tmp_path."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import run_coach

ROUTINE = """\
schema: 1
id: test-ribs
title: Test rib breathing
category: breathing
targets: [ribs]
author: Test author
version: 4
steps:
  - breathe:
      name: Breathing control
      pattern: {inhale: 4, exhale: 6}
      cycles: 6
  - rest: {seconds: 20}
"""
TOTAL = 85  # prepare 5 s + 6 breaths of 10 s + a 20 s rest (checked below against coach show)


@pytest.fixture
def routine(coach_home: Path) -> Path:
    folder = coach_home / "data" / "routines"
    folder.mkdir(parents=True)
    path = folder / "test-ribs.yaml"
    path.write_text(ROUTINE)
    return path


def test_the_test_routine_lasts_total_seconds(routine):
    assert json.loads(ok("show", "test-ribs", "--json"))["total_seconds"] == TOTAL


def ok(*args: str) -> str:
    done = run_coach(*args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def fails(code: int, *args: str) -> str:
    done = run_coach(*args)
    assert done.returncode == code, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("coach: error: ")
    assert "Traceback" not in done.stderr
    return lines[-1]


def history() -> list[dict]:
    return json.loads(ok("history", "--json"))


def seed(
    when: date | datetime, before: dict | None = None, after: dict | None = None, note: str = ""
) -> None:
    """Write a session straight into this test's log (fast); the commands then read it."""
    from coach.log.store import open_store

    at = when if isinstance(when, datetime) else datetime.combine(when, datetime.min.time())
    at = at.replace(hour=at.hour or 12).astimezone()
    with open_store() as s:
        s.add_session(
            "test-ribs",
            at,
            "Test rib breathing",
            4,
            "0" * 64,
            "Test author",
            2,
            elapsed_seconds=TOTAL,
            planned_seconds=TOTAL,
            pain_before=before,
            pain_after=after,
            note=note,
        )


TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


# ---------------------------------------------------------------- coach log


def test_log_records_a_completed_session_with_pain_and_note(routine):
    out = ok(
        "log",
        "test-ribs",
        "--at",
        "2026-11-20T08:30",
        "--pain-before",
        "ribs=5",
        "neck=2",
        "--pain-after",
        "ribs=3",
        "--note",
        "after the walk",
    )
    assert out.startswith(
        "Logged Test rib breathing (test-ribs) on Fri 20 Nov 2026 at 08:30, 1m25s."
    )
    assert "Pain before>after: neck 2>- ribs 5>3" in out
    [s] = history()
    assert (s["routine_id"], s["routine_title"], s["routine_version"], s["routine_author"]) == (
        "test-ribs",
        "Test rib breathing",
        4,
        "Test author",
    )
    assert len(s["routine_sha256"]) == 64
    assert (s["status"], s["source"], s["counts"]) == ("completed", "log", True)
    assert (s["local_date"], s["local_time"]) == ("2026-11-20", "08:30:00")
    assert s["elapsed_seconds"] == s["planned_seconds"] == TOTAL
    assert (s["pain_before"], s["pain_after"], s["note"]) == (
        {"neck": 2, "ribs": 5},
        {"ribs": 3},
        "after the walk",
    )
    assert (s["completed_steps"], s["total_steps"]) == (2, 2)


def test_log_accepts_a_routine_file_path(routine, tmp_path):
    other = tmp_path / "elsewhere.yaml"
    other.write_text(ROUTINE.replace("id: test-ribs", "id: elsewhere"))
    ok("log", str(other), "--at", "yesterday")
    [s] = history()
    assert s["routine_id"] == "elsewhere" and s["local_date"] == YESTERDAY.isoformat()


def test_a_bare_pain_number_is_stored_as_overall(routine):
    ok("log", "test-ribs", "--pain-before", "4", "--pain-after", "2")
    [s] = history()
    assert (s["pain_before"], s["pain_after"]) == ({"overall": 4}, {"overall": 2})


@pytest.mark.parametrize(
    "when, local_date, local_time, offset",
    [
        ("2026-11-20", "2026-11-20", "12:00:00", None),  # a date means noon
        ("2026-11-20 07:05", "2026-11-20", "07:05:00", None),
        ("2026-11-20T23:30+09:00", "2026-11-20", "23:30:00", 540),  # its own zone decides the date
        ("2026-11-20T23:30Z", "2026-11-20", "23:30:00", 0),
    ],
)
def test_log_at_forms(routine, when, local_date, local_time, offset):
    ok("log", "test-ribs", "--at", when)
    [s] = history()
    assert (s["local_date"], s["local_time"]) == (local_date, local_time)
    if offset is not None:
        assert s["utc_offset_minutes"] == offset


def test_log_at_today_is_never_in_the_future(routine):
    ok("log", "test-ribs", "--at", TODAY.isoformat())
    [s] = history()
    assert s["local_date"] == TODAY.isoformat()


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--at", "2999-01-01T08:00"], 2, "--at '2999-01-01T08:00' is in the future"),
        (["--at", "1999-05-01"], 2, "is before 2000-01-01"),
        (["--at", "last tuesday"], 2, "--at 'last tuesday' is not a date or time"),
        (
            ["--pain-before", "rib=4"],
            2,
            "--pain-before: unknown pain area 'rib' (did you mean 'ribs'?)",
        ),
        (["--pain-after", "12"], 2, "--pain-after: pain score 12 is outside 0-10"),
        (["--pain-after", "ribs=two"], 2, "is not a whole number 0-10"),
        (["--flare-day"], 2, "give either ROUTINE or --flare-day, not both"),
    ],
)
def test_log_bad_values_are_usage_errors_in_one_line(routine, args, code, message):
    line = fails(code, "log", "test-ribs", *args)
    assert message in line
    assert history() == []


def test_log_unknown_routine_suggests_a_close_id(routine):
    assert "no routine called 'test-rbs' (did you mean 'test-ribs'?)" in fails(1, "log", "test-rbs")


def test_log_without_routine_or_day_flag_is_a_usage_error(routine):
    assert "give the ROUTINE you did" in fails(2, "log")
    line = fails(2, "log", "--pain-before", "4", "test-ribs")
    assert "put ROUTINE before --pain-before/--pain-after (is 'test-ribs' the routine?)" in line
    assert "go with a routine" in fails(2, "log", "--flare-day", "--pain-before", "4")


def test_flare_sick_and_rest_days_pause_the_streak(routine):
    for back in (4, 3, 1):
        seed(TODAY - timedelta(days=back))
    out = ok(
        "log",
        "--flare-day",
        "--at",
        (TODAY - timedelta(days=2)).isoformat(),
        "--note",
        "lupus flare",
    )
    assert "as a flare day: it pauses your streak" in out
    assert json.loads(ok("streak", "--json"))["current"] == 3
    ok("log", "--clear-day", "--at", (TODAY - timedelta(days=2)).isoformat())
    assert json.loads(ok("streak", "--json"))["current"] == 1
    ok("log", "--sick-day", "--at", (TODAY - timedelta(days=2)).isoformat())
    assert json.loads(ok("streak", "--json"))["current"] == 3


def test_rest_days_may_be_planned_ahead_but_flare_days_not(routine):
    ahead = (TODAY + timedelta(days=3)).isoformat()
    assert "as a rest day" in ok("log", "--rest-day", "--at", ahead)
    assert "is in the future" in fails(2, "log", "--flare-day", "--at", ahead)
    assert "had no flare, sick or rest mark" in ok("log", "--clear-day", "--at", "2020-01-01")


# ---------------------------------------------------------------- coach streak


def test_streak_json_shape_and_plain_text(routine):
    seed(YESTERDAY - timedelta(days=1))
    seed(YESTERDAY)
    data = json.loads(ok("streak", "--json"))
    assert data["current"] == 2 and data["longest"] == 2
    assert set(data["week"]) >= {"done", "goal"} and data["week"]["goal"] <= 5
    assert 0 < data["strength"] < 1
    assert data["today"] == {"done": False, "mark": ""}
    text = ok("streak")
    assert "Current streak: 2 days" in text and "Longest streak: 2 days" in text
    assert "Today: not yet; the streak counts through yesterday until today is over" in text
    seed(datetime.now())
    assert "Today: done" in ok("streak")


def test_streak_of_an_empty_log(routine):
    assert json.loads(ok("streak", "--json"))["current"] == 0
    assert "Current streak: 0 days" in ok("streak")


def test_weekly_goal_and_rest_days_come_from_config(routine, coach_home):
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("weekly_goal: 3\nrest_days: [sat, sun]\n")
    friday = TODAY - timedelta(days=(TODAY.weekday() - 4) % 7 + 7)
    seed(friday)
    seed(friday + timedelta(days=3))  # the Monday after: the weekend is paused
    data = json.loads(ok("streak", "--json"))
    assert data["week"]["weekly_goal"] == 3
    assert data["longest"] == 2


def test_a_broken_config_warns_and_uses_defaults(routine, coach_home):
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("weekly_goal: 9\n")
    done = run_coach("streak", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["week"]["weekly_goal"] == 5
    assert done.stderr.startswith("coach: warning: ") and "config.yaml has problems" in done.stderr


# ---------------------------------------------------------------- coach history


def _three(routine: Path) -> None:
    seed(datetime(2026, 11, 1, 7), {"ribs": 6}, {"ribs": 4}, "stiff | tired")
    seed(datetime(2026, 11, 2, 7), {"overall": 5})
    seed(datetime(2026, 11, 3, 7))


def test_history_table_lists_sessions_with_pain_and_notes(routine):
    assert "No sessions logged yet" in ok("history")
    _three(routine)
    lines = ok("history").splitlines()
    assert lines[0].split() == [
        "Date",
        "Time",
        "Routine",
        "Status",
        "Played",
        "Pain",
        "before>after",
    ]
    assert lines[1].startswith("2026-11-01  07:00  Test rib breathing")
    assert "completed" in lines[1] and lines[1].endswith("ribs 6>4")
    assert lines[2].strip() == "note: stiff | tired"
    assert lines[3].endswith("overall 5>-")
    assert len(lines) == 5


def test_history_json_since_and_limit(routine):
    _three(routine)
    assert [s["local_date"] for s in history()] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    since = json.loads(ok("history", "--json", "--since", "2026-11-02"))
    assert [s["local_date"] for s in since] == ["2026-11-02", "2026-11-03"]
    last = json.loads(ok("history", "--json", "--limit", "1"))
    assert [s["local_date"] for s in last] == ["2026-11-03"]
    assert len(ok("history", "--limit", "2").splitlines()) == 3


def test_history_csv_has_a_header_and_a_column_per_pain_area(routine):
    _three(routine)
    rows = list(csv.DictReader(io.StringIO(ok("history", "--csv"))))
    assert len(rows) == 3
    assert rows[0]["routine_id"] == "test-ribs" and rows[0]["counts"] == "true"
    assert (rows[0]["before_ribs"], rows[0]["after_ribs"], rows[0]["note"]) == (
        "6",
        "4",
        "stiff | tired",
    )
    assert rows[1]["before_overall"] == "5" and rows[1]["after_overall"] == ""
    header = ok("history", "--csv").splitlines()[0].split(",")
    assert header[-4:] == ["before_ribs", "before_overall", "after_ribs", "after_overall"]


def test_history_empty_json_and_csv(routine):
    assert json.loads(ok("history", "--json")) == []
    assert ok("history", "--csv").startswith("id,local_date,")


def test_history_lists_declared_days_as_the_report_counts_them(routine, coach_home):
    # `coach history` once showed sessions only, while the report counted the flare days.
    (coach_home / "config").mkdir(parents=True)
    (coach_home / "config" / "config.yaml").write_text("rest_days: [sun]\n")
    _three(routine)  # sessions on 1, 2 and 3 November
    ok("log", "--flare-day", "--at", "2026-11-02", "--note", "lupus\x1b[31m flare")
    ok("log", "--rest-day", "--at", "2026-10-30")
    ok("log", "--sick-day", "--at", "2026-11-04")
    rows = [(x["local_date"], x.get("day_mark"), x.get("routine_id")) for x in history()]
    assert rows == [
        ("2026-10-30", "rest", None),
        ("2026-11-01", None, "test-ribs"),
        ("2026-11-02", "flare", None),
        ("2026-11-02", None, "test-ribs"),
        ("2026-11-03", None, "test-ribs"),
        ("2026-11-04", "sick", None),
    ]
    assert history()[2]["note"] == "lupus\x1b[31m flare"  # JSON keeps the data as logged
    lines = ok("history").splitlines()
    assert lines[1].split() == ["2026-10-30", "rest", "day", "(declared)"]
    flare = lines.index("2026-11-02         flare day (declared)")
    assert lines[flare + 1].strip().startswith("note: lupus")
    assert "\x1b" not in "".join(lines)  # no escape reaches a terminal
    assert lines[flare + 2].startswith("2026-11-02  ")
    assert lines[-2] == (
        "Days declared: 1 flare, 1 sick, 1 rest (these pause a streak rather than break it)"
    )
    assert lines[-1] == "Rest days: Sun (planned days off; they pause a streak too)"
    # The report over the same days counts the same declared days.
    assert "Days declared: 1 flare, 1 sick, 1 rest" in ok("report", "--days", "400")
    limited = json.loads(ok("history", "--json", "--limit", "1"))
    assert [(x["local_date"], x.get("day_mark")) for x in limited] == [
        ("2026-11-03", None),
        ("2026-11-04", "sick"),
    ]
    assert "rest day" not in ok("history", "--since", "2026-11-01")


def test_history_opens_with_the_active_plan_line(routine, tmp_path):
    plan = Path(__file__).resolve().parents[1] / "plans" / "back-care-after-asthma.yaml"
    text = plan.read_text(encoding="utf-8").replace("2026-12-01", TODAY.isoformat())
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    assert not ok("history").startswith("Plan ")
    ok("plan", "import", str(tmp_path / "plan.yaml"))
    first = ok("history").splitlines()[0]
    assert first.startswith("Plan Back care while your asthma settles: 0 of ")
    assert "planned sessions · week 1: 0/" in first


def test_history_bad_arguments_are_usage_errors(routine):
    assert "--since 'yesterday-ish' is not a date" in fails(
        2, "history", "--since", "yesterday-ish"
    )
    fails(2, "history", "--json", "--csv")
    fails(2, "history", "--limit", "0")


# ---------------------------------------------------------------- coach report


def _recent(routine: Path) -> None:
    for back, before, after in ((6, 6, 3), (5, 5, 3), (3, 6, 4), (2, 5, 2), (1, 6, 3)):
        seed(TODAY - timedelta(days=back), {"ribs": before}, {"ribs": after})
    seed(TODAY - timedelta(days=1), note="<script>alert(1)</script> felt better")
    ok("log", "--flare-day", "--at", (TODAY - timedelta(days=4)).isoformat(), "--note", "flare")


def test_report_markdown_to_stdout(routine):
    _recent(routine)
    md = ok("report", "--days", "14")
    assert md.startswith("# Breathing and stretching log: summary")
    start = (TODAY - timedelta(days=13)).isoformat()
    assert f"Period: {start} to {TODAY.isoformat()} (14 days)." in md
    assert "- Weekly goal: 5 days a week" in md
    assert "Days declared: 1 flare" in md
    assert "| Test rib breathing (test-ribs) | 6 | 6 | 8 |" in md  # 6 x 85 s
    assert "| Ribs | 5 | 5.6 | 3.0 | -2.6 | yes |" in md
    assert "Farrar 2001" in md
    assert "\\<script\\>alert(1)\\</script\\> felt better" in md  # literal, not HTML
    assert "flare day: flare" in md


def test_report_html_file_by_suffix_escapes_user_text(routine, tmp_path):
    _recent(routine)
    target = tmp_path / "for-therapist.html"
    out = ok("report", "-o", str(target))
    assert out.strip() == f"Wrote the 28-day report to {target}"
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<td class="yes">yes</td>' in page


def test_report_format_flag_and_markdown_file(routine, tmp_path):
    _recent(routine)
    assert ok("report", "--format", "html").startswith("<!DOCTYPE html>")
    target = tmp_path / "r.md"
    ok("report", "-o", str(target))
    assert target.read_text().startswith("# Breathing")


def test_report_of_an_empty_log_says_so_plainly(routine):
    md = ok("report")
    assert "No sessions were logged in this period." in md
    assert "no planned days in this period yet" in md


def test_report_to_an_unwritable_place_is_a_one_line_error(routine, tmp_path):
    line = fails(1, "report", "-o", str(tmp_path / "no" / "such" / "dir" / "r.md"))
    assert "cannot write" in line


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("command", ["log", "history", "streak", "report"])
def test_every_command_has_help(command):
    out = ok(command, "--help")
    assert out.startswith("usage: coach " + command)


def test_log_timestamps_are_stored_in_utc_with_the_local_zone(routine):
    ok("log", "test-ribs", "--at", "2026-11-20T08:30+01:00")
    [s] = history()
    assert s["started_utc"] == "2026-11-20T07:30:00+00:00"
    ended = datetime.fromisoformat(s["ended_utc"]) - datetime.fromisoformat(s["started_utc"])
    assert ended == timedelta(seconds=TOTAL)


def test_streak_text_for_a_lowered_goal_and_a_week_at_goal(routine, coach_home):
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("weekly_goal: 7\nrest_days: [sun]\n")
    assert "This week: 0 of 6 days (weekly goal 7, lowered by rest or declared days)" in ok(
        "streak"
    )
    config.unlink()
    monday = TODAY - timedelta(days=TODAY.weekday())
    for i in range(5):
        seed(monday - timedelta(days=7) + timedelta(days=i))
    seed(monday - timedelta(days=1))
    assert "Weeks at goal in a row: 1" in ok("streak")
    for i in range(TODAY.weekday() + 1):
        seed(monday + timedelta(days=i))
    done = TODAY.weekday() + 1
    expected = f"{done} days, goal of 5 met" if done >= 5 else f"{done} of 5 days"
    assert f"This week: {expected}" in ok("streak")
