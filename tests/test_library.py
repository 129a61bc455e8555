"""The routine library: layers, shadowing, broken files listed while good ones load."""

from __future__ import annotations

from pathlib import Path

from coach import locations
from coach.routines.library import UnknownRoutine, load_library, resolve
from tests.test_routine_errors import GOOD


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_routine_shadows_the_builtin(tmp_path):
    builtin = tmp_path / "builtin"
    user = tmp_path / "user"
    write(builtin, "rib-release.yaml", GOOD)
    write(user, "rib-release.yaml", GOOD.replace("title: Rib release", "title: My rib release"))
    lib = load_library([("builtin", builtin), ("user", user)])
    entry = lib.get("rib-release")
    assert entry.source == "user" and entry.routine.title == "My rib release"
    assert entry.shadows == (builtin / "rib-release.yaml",)
    assert lib.problems == []


def test_broken_file_is_listed_and_good_ones_still_load(tmp_path):
    folder = tmp_path / "r"
    write(folder, "good.yaml", GOOD)
    write(folder, "broken.yaml", GOOD.replace("category: mixed", "category: nope"))
    write(folder, "garbage.yml", "\x00\x01binary")
    write(folder, "notes.txt", "ignored: not a routine file")
    lib = load_library([("user", folder)])
    assert list(lib.entries) == ["good"]
    assert sorted(p.name for p in lib.broken) == ["broken.yaml", "garbage.yml"]
    assert {Path(p.path).name for p in lib.errors} == {"broken.yaml", "garbage.yml"}


def test_duplicate_ids_in_one_folder_are_errors_at_the_id(tmp_path):
    folder = tmp_path / "r"
    write(folder, "a.yaml", "id: same\n" + GOOD)
    write(folder, "b.yaml", "id: same\n" + GOOD)
    lib = load_library([("user", folder)])
    assert lib.get("same").path.name == "a.yaml"
    (err,) = lib.errors
    assert err.path.endswith("b.yaml") and (err.line, err.column) == (1, 5)
    assert "duplicate id 'same'" in err.message and "a.yaml" in err.message


def test_layers_follow_env_and_user_folder(tmp_path, monkeypatch, coach_home):
    extra = tmp_path / "therapist"
    write(extra, "rib-release.yaml", GOOD.replace("title: Rib release", "title: From therapist"))
    monkeypatch.setenv("COACH_ROUTINES_PATH", str(extra))
    lib = load_library()
    assert lib.get("rib-release").source == "path"
    write(locations.user_routines_dir(), "rib-release.yaml", GOOD)
    lib = load_library()
    assert lib.get("rib-release").source == "user"
    assert len(lib.get("rib-release").shadows) == 1


def test_resolve_by_id_path_and_unknown(tmp_path):
    folder = tmp_path / "r"
    path = write(folder, "rib-release.yaml", GOOD)
    lib = load_library([("user", folder)])
    assert resolve("rib-release", lib).routine.title == "Rib release"
    assert resolve(str(path)).source == "file"
    try:
        resolve("rib-relase", lib)
    except UnknownRoutine as exc:
        assert exc.suggestion == "rib-release"
    else:
        raise AssertionError("expected UnknownRoutine")


def test_resolve_names_the_errors_of_a_broken_routine(tmp_path):
    folder = tmp_path / "r"
    write(folder, "rib-release.yaml", GOOD.replace("category: mixed", "category: nope"))
    lib = load_library([("user", folder)])
    try:
        resolve("rib-release", lib)
    except UnknownRoutine as exc:
        assert exc.problems and "unknown category 'nope'" in exc.problems[0].message
    else:
        raise AssertionError("expected UnknownRoutine")


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    folder = tmp_path / "r"
    write(folder, "good.yaml", GOOD)
    (folder / "dir.yaml").mkdir()  # a folder named like a routine file
    lib = load_library([("user", folder)])
    assert "good" in lib.entries
    assert any("cannot read the file" in p.message for p in lib.errors)
