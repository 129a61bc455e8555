"""Parsed routine files are kept between loads, keyed by their bytes (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

from coach.routines import library
from tests.test_tui_support import TEST_ROUTINES


def _counting(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    parsed: list[str] = []
    real = library.parse_routine

    def counting(raw, shown, default_id=""):  # type: ignore[no-untyped-def]
        parsed.append(Path(shown).name)
        return real(raw, shown, default_id)

    monkeypatch.setattr(library, "parse_routine", counting)
    return parsed


def test_a_second_load_parses_only_changed_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    folder = tmp_path / "routines"
    shutil.copytree(TEST_ROUTINES, folder)
    parsed = _counting(monkeypatch)
    first = library.load_library([("user", folder)])
    assert len(parsed) == len(list(folder.glob("*.yaml")))
    parsed.clear()
    again = library.load_library([("user", folder)])
    assert parsed == []
    assert again.entries == first.entries and again.problems == first.problems
    path = folder / "neck-ease.yaml"
    path.write_text(path.read_text().replace("category: posture", "category: postur"))
    broken = library.load_library([("user", folder)])
    assert parsed == ["neck-ease.yaml"]
    assert broken.get("neck-ease") is None and broken.errors


def test_a_damaged_cache_only_means_parsing_again(tmp_path: Path, monkeypatch) -> None:
    from coach import locations

    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    cache = locations.cache_dir() / "routines.pickle"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a pickle")
    parsed = _counting(monkeypatch)
    lib = library.load_library([("user", TEST_ROUTINES)])
    assert lib.entries and parsed


def test_the_cache_is_private_and_one_others_may_write_is_never_loaded(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from coach import locations

    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    folder = tmp_path / "routines"
    shutil.copytree(TEST_ROUTINES, folder)
    library.load_library([("user", folder)])
    cache = locations.cache_dir() / "routines.pickle"
    assert cache.stat().st_mode & 0o777 == 0o600  # a pickle runs code when loaded
    parsed = _counting(monkeypatch)
    cache.chmod(0o666)  # another user could have put anything in it
    library.load_library([("user", folder)])
    assert len(parsed) == len(list(folder.glob("*.yaml")))  # parsed again, not loaded


def test_each_result_is_unpickled_on_its_own_and_a_damaged_one_is_parsed_again(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """One pickle.load of every result was a single long C call holding the GIL (the app's
    event loop stalled behind it); each file's result is its own small pickle instead."""
    import os
    import pickle

    from coach import locations

    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))
    folder = tmp_path / "routines"
    shutil.copytree(TEST_ROUTINES, folder)
    first = library.load_library([("user", folder)])
    cache = locations.cache_dir() / "routines.pickle"
    namespace, entries = pickle.loads(cache.read_bytes())
    assert entries and all(isinstance(blob, bytes) for blob in entries.values())
    damaged = next(key for key in entries if key[1].endswith("neck-ease.yaml"))
    entries[damaged] = b"not a pickle"
    cache.write_bytes(pickle.dumps((namespace, entries)))
    os.chmod(cache, 0o600)
    parsed = _counting(monkeypatch)
    again = library.load_library([("user", folder)])
    assert parsed == ["neck-ease.yaml"]
    assert again.entries == first.entries
