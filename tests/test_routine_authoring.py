"""Issue 14: the mistakes a therapist made, each with the exact message (real files, real CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_coach
from tests.test_routine_errors import GOOD


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def validate(*paths: Path) -> tuple[int, list[str]]:
    done = run_coach("validate", *map(str, paths))
    return done.returncode, (done.stderr + done.stdout).splitlines()


def one_change(tmp_path: Path, old: str, new: str, name: str = "rib-release.yaml") -> Path:
    assert old in GOOD
    return write(tmp_path, name, GOOD.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "seconds: 20",
            "seconds: 1:30",
            """19:16: error: seconds '1:30' is not a duration; write minutes and seconds as "1m30s\"""",
        ),
        (
            "seconds: 20",
            'seconds: " "',
            """19:16: error: seconds ' ' is not a duration; write seconds like 30, "30s", "1m30s\"""",
        ),
        ("seconds: 20", "seconds: .nan", "19:16: error: seconds must be a finite number"),
        ("cycles: 6", "cycles: six", "16:15: error: cycles must be a number, not text"),
        (
            "reps: 2",
            "reps: 2\n      halfway: yes",
            "22:16: error: halfway must be true or false, not text; write true or false (yes is read as text)",
        ),
        (
            "pattern: {inhale: 4, exhale: 6}",
            "pattern: Box",
            "15:16: error: unknown pattern 'Box'; did you mean 'box'?; use a preset (box, box-no-hold, 4-7-8, resonance, pursed-lip, diaphragmatic), seconds like \"4-0-6\", or {inhale: 4, exhale: 6}",
        ),
        (
            "  - hold:",
            "  - stretch:",
            "17:5: error: unknown step kind 'stretch' (choose from: breathe, hold, reps, rest)",
        ),
        (
            "sides: [left, right]",
            "sides: left and right",
            "20:14: error: unknown side 'left and right' in sides",
        ),
    ],
)
def test_mistakes_have_exact_messages(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = one_change(tmp_path, old, new)
    code, lines = validate(path)
    assert code == 1
    assert f"{path}:{message}" in lines, lines


@pytest.mark.parametrize(
    ("old", "new", "seconds"),
    [
        ("seconds: 20", "seconds: 010", 10.0),  # YAML 1.2, as editors read it: ten, not eight
        ("seconds: 20", "seconds: 1e1", 10.0),
        ("seconds: 20", "seconds: 0o10", 8.0),
    ],
)
def test_numbers_mean_what_the_editor_shows(
    tmp_path: Path, old: str, new: str, seconds: float
) -> None:
    path = one_change(tmp_path, old, new)
    done = run_coach("show", str(path), "--json")
    assert done.returncode == 0, done.stderr
    hold = json.loads(done.stdout)["steps"][1]
    assert hold["dose"] == f"2 x {seconds:g}s hold each side"


def test_spaced_dashed_pattern_and_one_side_are_accepted(tmp_path: Path) -> None:
    text = GOOD.replace("{inhale: 4, exhale: 6}", '"4 - 6"').replace("[left, right]", "left")
    code, lines = validate(write(tmp_path, "rib-release.yaml", text))
    assert code == 0, lines
    assert any(
        "warning: step 2 works only the left side; add the other side to keep it balanced" in ln
        for ln in lines
    )


def test_a_tab_gets_a_tab_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "tabbed.yaml", GOOD.replace("  - hold:", "\t- hold:"))
    code, lines = validate(path)
    assert code == 1
    assert lines[0] == (
        f"{path}:17:1: error: YAML syntax: found a tab character that violates indentation; "
        "this line is indented with a tab; indent with spaces, not tabs"
    )
    nested = write(tmp_path, "nested.yaml", GOOD.replace("      seconds: 20", "\t  seconds: 20"))
    code, lines = validate(nested)
    assert "this line is indented with a tab; indent with spaces, not tabs" in lines[0]


def test_warnings_come_with_errors(tmp_path: Path) -> None:
    text = GOOD.replace("[left, right]", "[left]").replace("title: Rib release", "title: [x]")
    path = write(tmp_path, "rib-release.yaml", text)
    code, lines = validate(path)
    assert code == 1
    assert f"{path}:2:8: error: title must be text, not a list" in lines
    assert (
        f"{path}:17:5: warning: step 2 works only the left side; add the other side "
        "to keep it balanced"
    ) in lines


def test_coach_yaml_names_give_the_id_before_the_suffix(coach_home: Path) -> None:
    user = coach_home / "data" / "routines"
    path = write(user, "neck-easy.coach.yaml", GOOD)
    code, lines = validate(path)
    assert code == 0, lines
    listed = {r["id"]: r for r in json.loads(run_coach("list", "--json").stdout)}
    assert listed["neck-easy"]["path"] == str(path) and listed["neck-easy"]["broken"] is False


def test_new_refuses_to_shadow_a_built_in_unless_asked(coach_home: Path) -> None:
    done = run_coach("new", "open-book")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "coach: error: 'open-book' is a built-in routine; a template with that id would "
        "replace it (choose another id, or use --replace to write your own version)"
    )
    assert not (coach_home / "data" / "routines" / "open-book.yaml").exists()
    done = run_coach("new", "open-book", "--replace")
    assert done.returncode == 0, done.stderr
    assert (coach_home / "data" / "routines" / "open-book.yaml").is_file()


def test_validate_understands_documented_shadowing(coach_home: Path, tmp_path: Path) -> None:
    builtin = ROOT / "routines"
    mine = write(tmp_path / "mine", "open-book.yaml", GOOD)
    code, lines = validate(builtin, mine.parent)
    assert code == 0, lines
    assert (
        f"note: {mine} and {builtin / 'open-book.yaml'} share the id 'open-book'; they are in "
        "different folders, so the later folder's file is used (built-in < "
        "COACH_ROUTINES_PATH < your folder)"
    ) in lines


@pytest.mark.parametrize("broken_first", [True, False])
def test_a_duplicate_pair_is_reported_whichever_file_breaks(
    tmp_path: Path, broken_first: bool
) -> None:
    broken = GOOD.replace("id: x\n", "").replace("seconds: 20", "seconds: soon")
    first, second = (broken, GOOD) if broken_first else (GOOD, broken)
    a = write(tmp_path, "a.yaml", "id: same\n" + first)
    b = write(tmp_path, "b.yaml", "id: same\n" + second)
    code, lines = validate(a, b)
    assert code == 1
    assert f"{b}:1:5: error: duplicate id 'same': {a} already uses it; rename one of them" in lines


def test_the_library_does_not_let_a_duplicate_take_a_broken_files_id(tmp_path: Path) -> None:
    from coach.routines.library import load_library

    folder = tmp_path / "mine"
    write(folder, "a.yaml", "id: same\n" + GOOD.replace("seconds: 20", "seconds: soon"))
    b = write(folder, "b.yaml", "id: same\n" + GOOD)
    lib = load_library([("user", folder)])
    assert lib.get("same") is None
    assert sorted(p.name for p in lib.broken) == ["a.yaml", "b.yaml"]
    assert [str(p) for p in lib.errors if p.path == str(b)] == [
        f"{b}:1:5: error: duplicate id 'same': {folder / 'a.yaml'} already uses it; "
        "rename one of them"
    ]
