"""The plan and reminder commands, run as the real CLI in a subprocess on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_coach

EXAMPLE = ROOT / "plans" / "back-care-after-asthma.yaml"


def _plan_file(tmp_path: Path, starts: date, extra: str = "") -> Path:
    text = EXAMPLE.read_text(encoding="utf-8").replace("2026-12-01", starts.isoformat())
    path = tmp_path / "plan.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_validate_passes_the_example_and_points_at_each_error(tmp_path: Path) -> None:
    ok = run_coach("plan", "validate", str(EXAMPLE))
    assert ok.returncode == 0, ok.stderr
    assert "1 plan file(s) checked: 0 error(s), 0 warning(s)" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("chin-tucks", "chin-tuck"), encoding="utf-8"
    )
    done = run_coach("plan", "validate", str(bad))
    assert done.returncode == 1
    assert f"{bad}:13:14: error: unknown routine 'chin-tuck'; did you mean 'chin-tucks'?" in (
        done.stderr
    )
    as_json = json.loads(run_coach("plan", "validate", "--json", str(bad)).stdout)
    assert [(p["line"], p["column"], p["severity"]) for p in as_json] == [(13, 14, "error")]


def test_import_show_today_streak_report_and_clear(tmp_path: Path) -> None:
    start = date.today() - timedelta(days=8)
    path = _plan_file(tmp_path, start)
    assert "no active plan" in run_coach("plan", "today").stderr
    done = run_coach("plan", "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "Active plan: Back care while your asthma settles" in done.stdout
    shown = json.loads(run_coach("plan", "show", "--json").stdout)
    assert shown["plan"] == "back-care-after-asthma" and len(shown["items"]) == 3
    assert run_coach("log", "breathing-control").returncode == 0
    today = json.loads(run_coach("plan", "today", "--json").stdout)
    assert today["week"] == 2
    first = today["items"][0]
    assert (first["routine"], first["planned"], first["done"], first["left"]) == (
        "breathing-control",
        2,
        1,
        1,
    )
    assert today["all_done"] is False
    streak = json.loads(run_coach("streak", "--json").stdout)
    assert streak["current"] == 1  # the forgiving streak is still there
    plan = streak["plan"]
    assert plan["plan"] == "back-care-after-asthma"
    assert plan["items"][0]["routine"] == "breathing-control"
    assert plan["items"][0]["done"] == 1 and plan["items"][0]["planned"] == 18  # 9 days x 2
    assert [w["week"] for w in plan["weeks"]] == [1, 2]
    report = run_coach("report").stdout
    assert report.index("## Plan") < report.index("## Practice")  # read first
    assert "| breathing-control | daily, 2x a day, every week | 0/14 | 1/4 | 6% |" in report
    page = tmp_path / "report.html"
    assert run_coach("report", "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert html.index("<h2>Plan</h2>") < html.index("<h2>Practice</h2>")
    assert "<td>breathing-control</td>" in html
    assert "Plan cleared" in run_coach("plan", "clear").stdout
    assert json.loads(run_coach("streak", "--json").stdout)["plan"] is None


def test_a_plan_with_errors_is_not_imported(tmp_path: Path, coach_home: Path) -> None:
    path = _plan_file(tmp_path, date.today(), "    times: 0\n")
    done = run_coach("plan", "import", str(path))
    assert done.returncode == 1
    assert "times must be at least 1, not 0" in done.stderr
    assert not (coach_home / "data" / "plan.yaml").exists()


def test_plan_schema_is_json_schema_that_accepts_the_example() -> None:
    import jsonschema
    import yaml

    schema = json.loads(run_coach("plan", "schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["starts"] = data["starts"].isoformat()
    jsonschema.validate(data, schema)
    data["items"][0]["days"] = ["someday"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# ------------------------------------------------------------------ reminders


def test_remind_check_notifies_only_while_today_is_not_done(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "notified.txt"
    fake = bin_dir / "notify-send"
    fake.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> {record}\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {"PATH": str(bin_dir)}
    run_coach("plan", "import", str(_plan_file(tmp_path, date.today() - timedelta(days=8))))
    dry = run_coach("remind", "check", "--dry-run", env=env)
    assert "Would remind:" in dry.stdout and not record.exists()
    done = run_coach("remind", "check", env=env)
    assert done.returncode == 0 and "Reminded:" in done.stdout
    assert "coach|" in record.read_text() and "left today" in record.read_text()
    # Everything due today done: no notification.
    wd = date.today().weekday()
    run_coach("log", "breathing-control")
    run_coach("log", "breathing-control")
    if wd in (0, 2, 4):
        run_coach("log", "chin-tucks")
    if wd in (1, 3, 5):
        run_coach("log", "chair-thoracic-extension")
    record.unlink()
    quiet = run_coach("remind", "check", env=env)
    assert "No reminder: today's plan is done." in quiet.stdout
    assert not record.exists()


def test_without_a_notifier_check_prints_the_reminder_and_status_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    env = {"PATH": str(empty)}
    run_coach("plan", "import", str(_plan_file(tmp_path, date.today())))
    done = run_coach("remind", "check", env=env)
    assert done.returncode == 0
    assert "Reminder: " in done.stdout and "Not shown as a notification: no notifier" in done.stdout
    status = run_coach("remind", "status", env=env).stdout
    assert "Notifications: none can be shown here (no notify-send)" in status


def test_remind_set_with_systemd_writes_units_that_verify_and_off_removes_them(
    tmp_path: Path,
) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    done = run_coach(
        "remind",
        "set",
        "09:30",
        "--days",
        "mon,wed,fri",
        "--via",
        "systemd",
        "--no-enable",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    units = tmp_path / "xdg" / "systemd" / "user"
    timer = (units / "coach-remind.timer").read_text()
    service = (units / "coach-remind.service").read_text()
    assert "OnCalendar=Mon,Wed,Fri *-*-* 09:30:00" in timer
    assert "remind check" in service and "Environment=COACH_HOME=" in service
    status = run_coach("remind", "status", env=env).stdout
    assert "Reminder: 09:30 (mon,wed,fri) with systemd" in status
    analyze = shutil.which("systemd-analyze")
    if analyze:  # where it exists: the units as systemd itself reads them

        def verify() -> subprocess.CompletedProcess[str]:
            runtime = tmp_path / "run"
            runtime.mkdir(mode=0o700, exist_ok=True)
            names = [str(units / "coach-remind.timer"), str(units / "coach-remind.service")]
            return subprocess.run(
                [analyze, "--user", "verify", *names],
                capture_output=True,
                text=True,
                env={**env, "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(runtime)},
            )

        checked = verify()
        assert checked.returncode == 0, checked.stderr
        (units / "coach-remind.timer").write_text(timer.replace("Mon,", "Blursday,"))
        assert verify().returncode != 0  # the check does catch a bad unit
        (units / "coach-remind.timer").write_text(timer)
    off = run_coach("remind", "off", env={**env, "PATH": str(tmp_path)})
    assert "Reminder off." in off.stdout
    assert not (units / "coach-remind.timer").exists()


def test_remind_set_without_systemd_prints_the_crontab_line() -> None:
    done = run_coach("remind", "set", "07:05", "--days", "weekdays", "--via", "cron")
    assert done.returncode == 0
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("5 7 * * 1,2,3,4,5 ")
    assert line.endswith("-m coach remind check")
    assert run_coach("remind", "set", "25:00").returncode == 2


def test_remind_ics_parses_back_with_recurrence_and_alarms(tmp_path: Path) -> None:
    from icalendar import Calendar

    run_coach("plan", "import", str(_plan_file(tmp_path, date(2026, 12, 1))))
    out = tmp_path / "plan.ics"
    done = run_coach("remind", "ics", "-o", str(out), "--at", "08:15", "--alarm", "10")
    assert done.returncode == 0, done.stderr
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    chair = events[2]
    assert chair["RRULE"]["FREQ"] == ["WEEKLY"]
    assert chair["RRULE"]["BYDAY"] == ["TU", "TH", "SA"]
    assert chair.decoded("DTSTART").isoformat() == "2026-12-15T08:15:00"  # week 3's Tuesday
    assert chair["RRULE"]["UNTIL"][0].date() == date(2027, 1, 11)
    alarms = [a for e in events for a in e.walk("VALARM")]
    assert len(alarms) == 3
    assert alarms[0].decoded("TRIGGER") == timedelta(minutes=-10)
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
