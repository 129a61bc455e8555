"""The routine commands, run as a person would: the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_coach
from tests.test_routine_errors import GOOD


def test_list_text_and_json():
    out = run_coach("list")
    assert out.returncode == 0, out.stderr
    assert "diaphragmatic-breathing" in out.stdout
    data = json.loads(run_coach("list", "--json").stdout)
    assert len(data) >= 14
    keys = {
        "id",
        "title",
        "category",
        "targets",
        "good_for",
        "avoid_with",
        "total_seconds",
        "source",
    }
    assert all(keys <= set(item) for item in data)
    assert all(item["source"] == "builtin" and item["total_seconds"] > 0 for item in data)


def test_list_keeps_good_routines_and_names_broken_files(coach_home):
    user = coach_home / "data" / "routines"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text(GOOD)
    (user / "broken.yaml").write_text("title: [oops\n")
    out = run_coach("list", "--json")
    assert out.returncode == 0
    listed = {r["id"]: r for r in json.loads(out.stdout)}
    assert listed["mine"]["source"] == "user" and listed["mine"]["broken"] is False
    # Broken files are listed too, as problems (issue 14).
    broken = listed["broken"]
    assert broken["broken"] is True and broken["source"] == "user"
    assert broken["path"] == str(user / "broken.yaml")
    assert [(p["line"], p["severity"]) for p in broken["problems"]][:1] == [(2, "error")]
    assert "broken.yaml" in out.stderr and "coach validate" in out.stderr


def test_show_json_has_steps_timeline_and_total():
    out = run_coach("show", "box-breathing", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["id"] == "box-breathing"
    assert data["total_seconds"] == data["timeline"]["total_seconds"] > 0
    assert data["steps"] and data["timeline"]["segments"] and data["timeline"]["cues"]
    total = sum(s["duration"] for s in data["timeline"]["segments"])
    assert abs(total - data["total_seconds"]) < 0.01


def test_show_text_and_path(tmp_path):
    path = tmp_path / "rib-release.yaml"
    path.write_text(GOOD)
    out = run_coach("show", str(path))
    assert out.returncode == 0
    assert "Rib release" in out.stdout and "Total: 4m25s" in out.stdout


def test_show_unknown_routine_suggests_and_exits_1():
    out = run_coach("show", "box-breathin")
    assert out.returncode == 1
    assert (
        out.stderr.strip()
        == "coach: error: no routine called 'box-breathin' (did you mean 'box-breathing'?)"
    )


def test_validate_exit_codes_and_json(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("summary:", "sumary:").replace("seconds: 20", "seconds: 0"))
    ok = run_coach("validate", str(good))
    assert ok.returncode == 0 and "0 error(s)" in ok.stdout
    out = run_coach("validate", str(tmp_path))
    assert out.returncode == 1
    assert f"{bad}:3:1: error: unknown key 'sumary'" in out.stderr
    assert f"{bad}:19:16: error: seconds must be at least 1" in out.stderr
    data = json.loads(run_coach("validate", "--json", str(bad)).stdout)
    assert [(d["line"], d["column"], d["severity"]) for d in data] == [
        (3, 1, "error"),
        (19, 16, "error"),
    ]
    assert set(data[0]) == {"path", "line", "column", "severity", "message"}


def test_validate_warnings_do_not_fail(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(GOOD.replace("sides: [left, right]", "sides: [left]"))
    out = run_coach("validate", str(path))
    assert out.returncode == 0
    assert "warning: step 2 works only the left side" in out.stdout


def test_validate_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text("id: same\n" + GOOD)
    (tmp_path / "b.yaml").write_text("id: same\n" + GOOD)
    out = run_coach("validate", str(tmp_path))
    assert out.returncode == 1 and "duplicate id 'same'" in out.stderr


def test_validate_missing_path_and_usage_error(tmp_path):
    out = run_coach("validate", str(tmp_path / "nope.yaml"))
    assert out.returncode == 1 and "no such file or folder" in out.stderr
    usage = run_coach("validate")
    assert usage.returncode == 2 and "coach: error:" in usage.stderr
    assert "Traceback" not in usage.stderr


def test_validate_all_builtins():
    out = run_coach("validate", str(ROOT / "routines"))
    assert out.returncode == 0, out.stderr
    assert "0 error(s), 0 warning(s)" in out.stdout


def test_new_writes_a_template_that_validates(coach_home):
    out = run_coach("new", "my-stretch")
    assert out.returncode == 0, out.stderr
    path = coach_home / "data" / "routines" / "my-stretch.yaml"
    assert path.exists() and "# " in path.read_text()
    check = run_coach("validate", str(path))
    assert check.returncode == 0 and "0 warning(s)" in check.stdout
    assert any(r["id"] == "my-stretch" for r in json.loads(run_coach("list", "--json").stdout))
    again = run_coach("new", "my-stretch")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text().startswith("# A coach routine")  # not overwritten


def test_new_rejects_a_bad_id():
    out = run_coach("new", "My Stretch")
    assert out.returncode == 2 and "not a valid id" in out.stderr


def test_schema_is_json():
    data = json.loads(run_coach("schema").stdout)
    assert data["properties"]["steps"]["type"] == "array"


def test_paths_follow_coach_home(coach_home):
    data = json.loads(run_coach("paths", "--json").stdout)
    assert data["database"] == str(coach_home / "data" / "coach.db")
    assert data["config"] == str(coach_home / "config" / "config.yaml")


def test_version_and_help():
    out = run_coach("--version")
    assert out.returncode == 0 and out.stdout.startswith("coach ")
    out = run_coach("--help")
    assert out.returncode == 0 and "validate" in out.stdout


def test_unknown_command_is_a_usage_error():
    out = run_coach("lsit")
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_installed_wheel_ships_the_builtin_routines(tmp_path):
    """pip install . (not editable) and run from another folder: the built-ins are there."""
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        build = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "-q",
                "-w",
                str(wheel_dir),
                str(ROOT),
            ],
            capture_output=True,
            text=True,
        )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheel_dir.glob("coach-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run(
        [sys.executable, "-m", "coach", "list", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data) >= 14
    assert all(Path(d["path"]).is_relative_to(target) for d in data)


def test_import_copies_a_valid_routine_and_refuses_an_invalid_one(tmp_path, coach_home):
    good = tmp_path / "rib-release.yaml"
    good.write_text(GOOD)
    out = run_coach("import", str(good))
    assert out.returncode == 0, out.stderr
    target = coach_home / "data" / "routines" / "rib-release.yaml"
    assert target.read_text() == GOOD
    again = run_coach("import", str(good))
    assert again.returncode == 1 and "--force" in again.stderr
    assert run_coach("import", "--force", str(good)).returncode == 0

    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("category: mixed", "category: nope"))
    out = run_coach("import", str(bad))
    assert out.returncode == 1
    assert f"{bad}:4:11: error: unknown category 'nope'" in out.stderr
    assert "nothing was imported" in out.stderr
    assert not (coach_home / "data" / "routines" / "bad.yaml").exists()


def test_import_a_copy_of_a_builtin_shadows_it(tmp_path, coach_home):
    src = ROOT / "routines" / "chin-tucks.yaml"
    copy = tmp_path / "chin-tucks.yaml"
    copy.write_text(src.read_text().replace("title:", "title: My", 1))
    out = run_coach("import", str(copy))
    assert out.returncode == 0 and "replaces the builtin routine" in out.stdout
    listed = {r["id"]: r for r in json.loads(run_coach("list", "--json").stdout)}
    assert listed["chin-tucks"]["source"] == "user"
