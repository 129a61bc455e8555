"""Files that are not files never hang coach: FIFOs, devices and unreadable or missing folders
are named as problems, and everything readable (built-ins included) still loads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.cli import run
from coach.common.files import FileRefused, read_bounded
from coach.routines.library import load_library
from coach.settings.config import load_config
from coach.settings.config_write import set_value
from tests.conftest import run_coach


@pytest.fixture
def fifo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    os.mkfifo(folder / "x.yaml")  # nobody ever writes to it: open() would block forever
    monkeypatch.setenv("COACH_ROUTINES_PATH", str(folder))
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["validate", "{folder}"],
        ["show", "{folder}/x.yaml"],
        ["doctor"],
        ["suggest", "--pain", "neck=3"],
    ],
)
def test_a_fifo_routine_file_is_a_problem_line_not_a_hang(fifo_folder, args):
    out = run_coach(*[a.format(folder=fifo_folder) for a in args], timeout=30)
    assert "Traceback" not in out.stderr
    assert "x.yaml" in out.stdout + out.stderr or args == ["suggest", "--pain", "neck=3"]
    if args[0] in ("validate", "show"):
        assert "cannot read the file: it is a named pipe (FIFO), not a regular file" in out.stderr


def test_a_fifo_config_is_a_problem_not_a_hang(coach_home):
    (coach_home / "config").mkdir(parents=True)
    os.mkfifo(coach_home / "config" / "config.yaml")
    out = run_coach("config", timeout=30)
    assert out.returncode == 1
    assert "config.yaml:1:1: error: cannot read the file: it is a named pipe (FIFO)" in out.stderr
    assert "weekly_goal     5" in out.stdout  # the defaults apply


def test_a_config_linked_to_dev_zero_is_refused_without_reading_it(coach_home):
    (coach_home / "config").mkdir(parents=True)
    (coach_home / "config" / "config.yaml").symlink_to("/dev/zero")
    loaded = load_config()
    assert [p.message for p in loaded.problems] == [
        "cannot read the file: it is a device, not a regular file; give a plain .yaml file"
    ]
    with pytest.raises(FileRefused, match="it is a device"):
        read_bounded("/dev/zero")


def test_too_large_gives_the_real_size(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 1_000_000)
    with pytest.raises(
        FileRefused, match=r"file is too large \(1,000,000 bytes; the limit is 262,144\)"
    ):
        read_bounded(big)
    out = run_coach("validate", str(big))
    assert "file is too large (1,000,000 bytes" in out.stderr


def test_missing_and_not_a_folder_paths_are_named_and_builtins_still_load(tmp_path, monkeypatch):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("hello")
    missing = tmp_path / "clinc"
    monkeypatch.setenv("COACH_ROUTINES_PATH", os.pathsep.join([str(missing), str(a_file)]))
    lib = load_library()
    assert len(lib.entries) >= 20  # the built-ins
    assert [p.message for p in lib.folder_problems] == [
        "routine folder does not exist (named in COACH_ROUTINES_PATH; check the path)",
        "routine folder is not a folder (named in COACH_ROUTINES_PATH; check the path)",
    ]
    out = run_coach("list")
    assert out.returncode == 0 and "box-breathing" in out.stdout
    assert f"coach: warning: {missing}: routine folder does not exist" in out.stderr
    doctor = run_coach("doctor")
    assert f"fix   routine folder: {missing}: routine folder does not exist" in doctor.stdout


def test_an_unreadable_folder_is_named_and_the_rest_loads(tmp_path, monkeypatch, capsys):
    # Tests run as root, whom chmod 000 does not stop: make this folder's listing fail the way
    # a permission error does for a person.
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.yaml").write_text("schema: 1\n")
    real_iterdir = Path.iterdir

    def iterdir(self: Path):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setenv("COACH_ROUTINES_PATH", str(locked))
    assert run(["list"]) == 0
    out, err = capsys.readouterr()
    assert "box-breathing" in out
    assert f"coach: warning: {locked}: cannot read the folder: Permission denied" in err
    assert run(["validate", str(locked)]) == 1
    out, err = capsys.readouterr()
    assert f"{locked}:1:1: error: cannot read the folder: Permission denied" in out + err


def test_config_set_keeps_comments_layout_other_remaps_symlink_and_mode(tmp_path):
    real = tmp_path / "dotfiles" / "coach.yaml"
    real.parent.mkdir()
    real.write_text(
        "# mine\nrate: 150   # words a minute\n\nkeys:\n  pause: k\n  skip: right\ntheme: calm\n"
    )
    real.chmod(0o640)
    link = tmp_path / "config.yaml"
    link.symlink_to(real)
    set_value("keys.mute", "x", link)
    set_value("rate", "170", link)
    assert link.is_symlink() and (real.stat().st_mode & 0o777) == 0o640
    text = real.read_text()
    assert text.startswith(
        "# mine\nrate: 170   # words a minute\n\nkeys:\n  pause: k\n  skip: right\n"
    )
    keys = load_config(link).config.keys
    assert (keys["pause"], keys["skip"], keys["mute"]) == ("k", "right", "x")


def test_a_bad_condition_drops_only_itself(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("conditions: [osteoporosis, lupis]\n")
    loaded = load_config(path)
    assert loaded.config.conditions == ("osteoporosis",)
    assert [p.message for p in loaded.problems] == [
        "'lupis' is not a condition (did you mean 'lupus'?); osteoporosis still applies"
    ]


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("ctrl+q", "is reserved: it quits coach"),
        ("ctrl+p", "is reserved"),
        ("ctrl+c", "is reserved"),
        ("enter", "is needed to choose and start things"),
        ("notakey", "is not a key name"),
        ("n", "is also the key for skip"),
        ("p,q", "give one key"),
    ],
)
def test_bad_key_remaps_name_the_line_and_keep_the_default(tmp_path, key, why):
    path = tmp_path / "config.yaml"
    path.write_text(f"rate: 150\nkeys:\n  pause: {key!r}\n  skip: n\n")
    loaded = load_config(path)
    assert loaded.config.keys["pause"] == "space"
    (problem,) = loaded.problems
    assert (problem.line, problem.column) == (3, 10) and why in problem.message


def test_key_names_match_textual():
    from textual.keys import Keys, _character_to_key

    from coach.settings.keynames import NAMED, PUNCTUATION

    textual_named = {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
    assert textual_named >= NAMED
    import string

    assert {_character_to_key(c) for c in string.punctuation} == PUNCTUATION
