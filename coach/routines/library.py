"""The routine library: built-in routines, the user's folder and COACH_ROUTINES_PATH.

Later layers shadow earlier ones by id (built-in < COACH_ROUTINES_PATH < the
user's folder), so a therapist's edited copy of a built-in wins. A broken file
never hides the good ones: it is listed with its problems and the rest load.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coach import locations
from coach.common.problems import ERROR, Problem
from coach.routines.cache import ParseCache
from coach.routines.model import Routine
from coach.routines.reader import LoadResult, parse_routine

SUFFIXES = (".yaml", ".yml")
#: ``neck-easy.coach.yaml`` (the name editors match to the schema) has the id ``neck-easy``.
COACH_SUFFIXES = (".coach.yaml", ".coach.yml")


def file_id(path: Path) -> str:
    """The id a routine file gets from its name when it has no ``id:`` key."""
    for suffix in COACH_SUFFIXES + SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.name[: -len(suffix)]
    return path.stem


@dataclass(frozen=True)
class Entry:
    """A loaded routine and where it came from."""

    routine: Routine
    source: str  # builtin | path | user | file
    path: Path
    sha256: str
    shadows: tuple[Path, ...] = ()


@dataclass
class Library:
    """Good routines by id, plus every problem found on the way."""

    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: list[Path] = field(default_factory=list)
    #: The source (builtin, path, user) of each broken file.
    broken_sources: dict[Path, str] = field(default_factory=dict)
    #: Routine folders that could not be read (missing, not a folder, no permission).
    folder_problems: list[Problem] = field(default_factory=list)

    def get(self, routine_id: str) -> Entry | None:
        return self.entries.get(routine_id)

    @property
    def routines(self) -> list[Routine]:
        return [e.routine for e in self.sorted_entries()]

    def sorted_entries(self) -> list[Entry]:
        order = {"breathing": 0, "stretching": 1, "posture": 2, "mixed": 3}
        return sorted(
            self.entries.values(),
            key=lambda e: (order.get(e.routine.category, 9), e.routine.title.lower()),
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


def file_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_file(path: Path, cache: ParseCache | None = None) -> tuple[LoadResult, str]:
    """Read and check one routine file; unreadable files become problems, not exceptions.

    With a ``cache`` (coach/routines/cache.py), bytes parsed before are not parsed again.
    """
    from coach.common.files import read_bounded

    shown = str(path)
    try:
        raw = read_bounded(path)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        problem = Problem(shown, 1, 1, ERROR, f"cannot read the file: {reason}")
        return LoadResult(None, [problem]), ""
    sha = file_sha256(raw)
    if cache is None:
        return parse_routine(raw, shown, file_id(path)), sha
    key = (sha, shown, file_id(path))
    result = cache.get(key)
    if result is None:
        result = parse_routine(raw, shown, file_id(path))
        cache.put(key, result)
    return result, sha


def routine_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders into routine files (sorted); missing paths are problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        if p.is_dir():
            try:
                files.extend(
                    sorted(
                        f
                        for f in p.iterdir()
                        if f.suffix in SUFFIXES and not f.name.startswith(".")
                    )
                )
            except OSError as exc:
                reason = exc.strerror or exc.__class__.__name__
                problems.append(Problem(str(p), 1, 1, ERROR, f"cannot read the folder: {reason}"))
        elif p.exists():
            files.append(p)
        else:
            problems.append(Problem(str(p), 1, 1, ERROR, "no such file or folder"))
    return files, problems


def layers() -> list[tuple[str, Path]]:
    """Folders the library reads, lowest precedence first."""
    out = [("builtin", locations.builtin_routines_dir())]
    out += [("path", d) for d in locations.extra_routine_dirs()]
    out.append(("user", locations.user_routines_dir()))
    return out


def load_library(
    folders: list[tuple[str, Path]] | None = None, between: Callable[[], None] | None = None
) -> Library:
    """Load every routine folder; duplicates within one folder are errors, across folders shadowing.

    ``between`` is called before the cache is read, before each file and before the cache
    is saved: the app holds a load there while a session plays (it may raise to abandon it).
    """
    between = between or _go_on
    lib = Library()
    between()
    cache = ParseCache()
    for source, folder in folders if folders is not None else layers():
        if not folder.is_dir():
            # The user's own folder appears with the first routine; a folder someone named
            # (COACH_ROUTINES_PATH, a clinic share) that is not there is worth a word.
            if source == "path":
                what = "is not a folder" if folder.exists() else "does not exist"
                lib.folder_problems.append(
                    Problem(
                        str(folder),
                        1,
                        1,
                        ERROR,
                        f"routine folder {what} (named in COACH_ROUTINES_PATH; check the path)",
                    )
                )
            continue
        files, unreadable = routine_files([folder])
        lib.folder_problems.extend(unreadable)
        seen_here: dict[str, Path] = {}
        for path in files:
            between()
            result, sha = read_file(path, cache)
            lib.problems.extend(result.problems)
            routine = result.routine
            # A broken file still claims its id, so a duplicate pair is reported
            # whichever of the two breaks.
            duplicate = check_duplicate(result, seen_here, path)
            if duplicate is not None:
                lib.problems.append(duplicate)
            if routine is None or duplicate is not None:
                lib.broken.append(path)
                lib.broken_sources[path] = source
                continue
            previous = lib.entries.get(routine.id)
            shadows = (previous.path, *previous.shadows) if previous else ()
            lib.entries[routine.id] = Entry(routine, source, path, sha, shadows)
    between()
    cache.save()
    return lib


def _go_on() -> None:
    """No pause between the files of a load."""


def check_duplicate(result: LoadResult, seen: dict[str, Path], path: Path) -> Problem | None:
    """The duplicate-id problem of this file against ``seen`` (id -> first file), if any.

    Records the file's id (even a broken file's) in ``seen`` when it is the first.
    """
    draft = result.draft
    if draft is None or not draft.id:
        return None
    first = seen.get(draft.id)
    if first is None:
        seen[draft.id] = path
        return None
    return duplicate_problem(draft, first)


def duplicate_problem(routine: Routine, first: Path) -> Problem:
    return Problem(
        routine.path,
        routine.id_line,
        routine.id_column,
        ERROR,
        f"duplicate id {routine.id!r}: {first} already uses it; rename one of them",
    )


class UnknownRoutine(LookupError):
    """No routine with that id or path; ``suggestion`` is the closest id."""

    def __init__(self, name: str, suggestion: str = "", problems: list[Problem] | None = None):
        super().__init__(name)
        self.name = name
        self.suggestion = suggestion
        self.problems = problems or []


def resolve(name: str, lib: Library | None = None) -> Entry:
    """A routine by id, or by path to a file; raise `UnknownRoutine` with problems if it fails."""
    looks_like_path = name.endswith(SUFFIXES) or "/" in name or "\\" in name
    if looks_like_path:
        from coach.common.safe_text import shorten

        path = Path(name).expanduser()
        try:
            missing = "" if path.exists() else "no such file"
        except OSError as exc:  # a name too long for the file system, say
            missing = f"cannot read the file: {exc.strerror}"
        if missing:
            # The argument is echoed capped: a 5,000-character name is not repeated whole.
            raise UnknownRoutine(name, problems=[Problem(shorten(name, 120), 1, 1, ERROR, missing)])
        result, sha = read_file(path)
        if result.routine is None:
            raise UnknownRoutine(name, problems=result.errors)
        return Entry(result.routine, "file", path, sha)
    lib = lib if lib is not None else load_library()
    entry = lib.get(name)
    if entry is None:
        import difflib

        match = difflib.get_close_matches(name, list(lib.entries), n=1, cutoff=0.5)
        broken = [p for p in lib.errors if file_id(Path(p.path)) == name]
        raise UnknownRoutine(name, match[0] if match else "", broken)
    return entry
