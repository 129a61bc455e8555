"""Reading routine files: YAML text in, a `Routine` and every `Problem` out.

Pure. Every problem carries the line and column of the node it is about, and all
problems of a file are found in one pass so a therapist can fix them together.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from coach.common.fields import (
    _ID,
    INVALID,
    read_mapping,
)
from coach.common.problems import Problems, did_you_mean
from coach.common.yamlsafe import YamlError, YNode, clean_scalars, compose, decode, walk_budget
from coach.routines.lint import lint
from coach.routines.model import (
    DEFAULT_PREPARE,
    DEFAULT_SWITCH_REST,
    MAX_STEPS,
    MAX_TOTAL_SECONDS,
    SCHEMA_VERSION,
    STEP_KINDS,
    Cue,
    Routine,
    Step,
)
from coach.routines.parts import read_cues, read_pattern, read_sides, read_tempo
from coach.routines.spec import (
    ROUTINE_FIELDS,
    SAY_FIELDS,
    STEP_FIELDS,
)


@dataclass(frozen=True)
class LoadResult:
    """What reading one file gave: a routine if it had no errors, and every problem."""

    routine: Routine | None
    problems: list[Any]
    #: What was read even when there are errors (its id says which id the file meant).
    draft: Routine | None = None

    @property
    def errors(self) -> list[Any]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Any]:
        return [p for p in self.problems if p.severity == "warning"]


def parse_routine(raw: bytes | str, path: str, default_id: str = "") -> LoadResult:
    """Read routine text; ``path`` names the file in messages, ``default_id`` is its stem."""
    return read_routine_text(raw, path, default_id)


def read_routine_text(raw: bytes | str, path: str, default_id: str = "") -> LoadResult:
    """Read routine text; ``path`` names the file in messages, ``default_id`` is its stem."""
    problems = Problems(path)
    try:
        text = decode(raw) if isinstance(raw, bytes) else raw
        if isinstance(raw, str) and len(raw.encode("utf-8", "surrogatepass")) > 256 * 1024:
            decode(raw.encode("utf-8", "surrogatepass"))
        root = compose(text)
        if root is not None:
            walk_budget(root)
    except YamlError as exc:
        hint = f"; {exc.hint}" if exc.hint else ""
        problems.error(_Pos(exc.line, exc.column), exc.message + hint)
        return LoadResult(None, problems.items)
    if root is None or (root.kind == "scalar" and root.value is None):
        problems.error(_Pos(1, 1), "the file is empty; start from `coach new ID` for a template")
        return LoadResult(None, problems.items)
    if root.kind != "map":
        problems.error(
            root,
            f"a routine file must be a mapping (keys like 'title:' and 'steps:'), not {root.type_name}",
        )
        return LoadResult(None, problems.items)
    clean_scalars(root, problems.warn)
    routine = _read_routine(root, problems, path, default_id)
    if routine is not None:
        lint(routine, problems)
    problems.items.sort(key=lambda p: (p.line, p.column))
    if problems.errors:
        return LoadResult(None, problems.items, routine)
    return LoadResult(routine, problems.items, routine)


@dataclass(frozen=True)
class _Pos:
    line: int
    column: int


def _read_routine(root: YNode, problems: Problems, path: str, default_id: str) -> Routine | None:
    found = read_mapping(root, ROUTINE_FIELDS, "the routine", problems)
    assert found is not None
    values = {k: v for k, (_, v) in found.items() if v is not INVALID}
    if "schema" not in found:
        pass  # reported as missing
    id_node = found.get("id", (root, None))[0]
    rid = values.get("id") or default_id
    if not rid and "id" not in found:
        problems.error(root, "the routine has no id; add 'id: my-routine'")
    elif "id" not in found and default_id and not _ID.fullmatch(default_id):
        problems.error(
            _Pos(1, 1),
            f"the file name {default_id!r} is not a valid id; rename the file "
            "(lowercase, digits, dashes) or add an 'id:' key",
        )
    steps: list[Step] = []
    if "steps" in found:
        steps_node = found["steps"][0]
        steps = _read_steps(steps_node, problems)
    total = sum(s.total_seconds for s in steps)
    if total > MAX_TOTAL_SECONDS:
        node = found["steps"][0] if "steps" in found else root
        problems.error(
            node,
            f"the routine lasts {total / 60:.0f} minutes; the limit is "
            f"{MAX_TOTAL_SECONDS // 60} minutes (check the cycles, reps and seconds)",
        )
    # Built even when there are errors, so the linter's warnings come with them.
    return Routine(
        id=rid,
        title=values.get("title", ""),
        category=values.get("category", ""),
        steps=tuple(steps),
        summary=values.get("summary", ""),
        targets=values.get("targets", ()),
        good_for=values.get("good_for", ()),
        avoid_with=values.get("avoid_with", ()),
        positions=values.get("positions", ()),
        intensity=values.get("intensity", "gentle"),
        cautions=values.get("cautions", ""),
        author=values.get("author", ""),
        version=values.get("version", 1),
        language=values.get("language", "en"),
        schema=values.get("schema", SCHEMA_VERSION),
        path=path,
        id_line=id_node.line,
        id_column=id_node.column,
    )


def _read_steps(node: YNode, problems: Problems) -> list[Step]:
    if node.kind != "seq":
        problems.error(
            node, f"steps must be a list (each item starting with '- '), not {node.type_name}"
        )
        return []
    if not node.items:
        problems.error(node, "steps is empty; add at least one step")
        return []
    if len(node.items) > MAX_STEPS:
        problems.error(node, f"too many steps ({len(node.items)}; at most {MAX_STEPS})")
        return []
    steps = []
    for n, item in enumerate(node.items, 1):
        step = _read_step(item, n, problems)
        if step is not None:
            steps.append(step)
    return steps


def _read_step(node: YNode, n: int, problems: Problems) -> Step | None:
    where = f"step {n}"
    if node.kind == "scalar" and isinstance(node.value, str) and node.value in STEP_KINDS:
        problems.error(
            node,
            f"{where}: '{node.value}' needs its settings after a colon, e.g. '- {node.value}: {{...}}'",
        )
        return None
    if node.kind != "map" or len(node.pairs) != 1:
        kinds = ", ".join(STEP_KINDS)
        if node.kind == "map" and len(node.pairs) > 1:
            extra = node.pairs[1][0]
            problems.error(
                extra,
                f"{where} has more than one kind; each step is one of {kinds} "
                "(indent its settings under it)",
            )
        else:
            problems.error(node, f"{where} must be one of {kinds}, like '- breathe: {{...}}'")
        return None
    key, body = node.pairs[0]
    kind = key.value
    if kind not in STEP_KINDS:
        problems.error(
            key,
            f"unknown step kind {kind!r}{did_you_mean(kind, STEP_KINDS)}"
            f" (choose from: {', '.join(STEP_KINDS)})",
        )
        return None
    where = f"step {n} ({kind})"
    specs = STEP_FIELDS[kind]
    found = read_mapping(body, specs, where, problems)
    if found is None:
        return None
    v = {k: val for k, (_, val) in found.items() if val is not INVALID}
    ok = all(val is not INVALID for k, (_, val) in found.items() if specs[k].kind in _SIMPLE)
    fields: dict[str, Any] = {
        "kind": kind,
        "name": v.get("name", "Rest" if kind == "rest" else ""),
        "instruction": v.get("instruction", ""),
        "prepare": v.get("prepare", 0.0 if kind == "rest" else DEFAULT_PREPARE),
        "halfway": v.get("halfway", False),
        "media": v.get("media", ""),
        "line": key.line,
        "column": key.column,
    }
    if kind == "breathe":
        pattern = (
            read_pattern(found["pattern"][0], "pattern", problems) if "pattern" in found else None
        )
        ok = ok and pattern is not None
        has_cycles, has_duration = "cycles" in found, "duration" in found
        if has_cycles and has_duration:
            problems.error(found["duration"][0], f"{where}: give cycles or duration, not both")
            ok = False
        elif not has_cycles and not has_duration:
            problems.error(key, f"{where} needs 'cycles' (number of breaths) or 'duration'")
            ok = False
        if ok and pattern is not None:
            # Whole breaths, halves rounded up (Python's round() would round them to even).
            cycles = v.get("cycles") or max(
                1, math.floor(v["duration"] / pattern.cycle_seconds + 0.5)
            )
            fields.update(pattern=pattern, cycles=cycles)
    elif kind == "rest":
        fields["seconds"] = v.get("seconds", 0.0)
    else:
        sides = read_sides(found["sides"][0], problems) if "sides" in found else ()
        ok = ok and sides is not None
        fields.update(
            sides=sides or (),
            rest=v.get("rest", 0.0),
            switch_rest=v.get("switch_rest", DEFAULT_SWITCH_REST if sides else 0.0),
        )
        if kind == "hold":
            pacing = None
            if "breathe" in found:
                pacing = read_pattern(found["breathe"][0], "breathe", problems)
                ok = ok and pacing is not None
            fields.update(seconds=v.get("seconds", 0.0), reps=v.get("reps", 1), breathe=pacing)
        else:
            tempo = read_tempo(found["tempo"][0], problems) if "tempo" in found else None
            ok = ok and tempo is not None
            say = ("", "", "")
            if "say" in found:
                words = read_mapping(found["say"][0], SAY_FIELDS, f"{where} say", problems)
                if words is None or any(w is INVALID for _, w in words.values()):
                    ok = False
                else:
                    say = tuple(words.get(k, (None, ""))[1] for k in ("out", "hold", "back"))  # type: ignore[assignment]
            fields.update(count=v.get("count", 1), tempo=tempo, sets=v.get("sets", 1), say=say)
    cues: tuple[Cue, ...] = ()
    if "cues" in found:
        read = read_cues(found["cues"][0], where, problems)
        ok = ok and read is not None
        cues = read or ()
    if not ok:
        return None
    step = Step(**fields, cues=cues)
    for cue in cues:
        if cue.at >= step.active_seconds:
            problems.error(
                cue,
                f"{where}: cue at {cue.at:g}s is past the end of the step "
                f"({step.active_seconds:g}s after prepare)",
            )
    return step


_SIMPLE = {"text", "id", "enum", "bool", "int", "number", "duration", "enum_list"}
